"""The panel governance adds to the home page ("what needs me now"): escalations waiting for
the signed-in sponsor's decision. Declared in GovernanceConfig.home_panels."""

from anchors.models import Role
from anchors.permissions.roles import has_role
from governance import selectors

SHOWN = 5


def panels(request, collaborative) -> list[dict]:
    user = request.user
    if not has_role(user, collaborative, Role.SENIOR_SPONSOR):
        return []
    waiting = list(selectors.waiting_for_decision(user, collaborative)[: SHOWN + 1])
    return [
        {
            "template": "governance/home_panels/waiting.html",
            "escalations": waiting[:SHOWN],
            "more": len(waiting) > SHOWN,
        }
    ]
