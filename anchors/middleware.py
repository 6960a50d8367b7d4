from anchors.selectors.collaboratives import collaborative_for_user

SESSION_KEY = "collaborative_id"


class CollaborativeMiddleware:
    """Sets request.collaborative: the collaborative the signed-in person works in (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.collaborative = (
            collaborative_for_user(user, request.session.get(SESSION_KEY))
            if user.is_authenticated
            else None
        )
        return self.get_response(request)
