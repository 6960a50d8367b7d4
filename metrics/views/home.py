"""The panels shared measurement adds to the home page ("what needs me now"), declared in
MetricsConfig.home_panels and drawn by anchors' home page through the registry."""

from metrics import permissions, selectors


def panels(request, collaborative) -> list[dict]:
    user = request.user
    found = []
    if permissions.can_verify_values(user, collaborative):
        found.append(
            {
                "template": "metrics/home_panels/to_verify.html",
                "periods": selectors.awaiting_verification(collaborative=collaborative),
            }
        )
    editable = permissions.editable_organisation_ids(user, collaborative)
    if editable:
        values, count = selectors.returned_values(
            collaborative=collaborative, organisation_ids=editable
        )
        found.append(
            {"template": "metrics/home_panels/returned.html", "values": values, "count": count}
        )
    return found
