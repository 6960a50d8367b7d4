from anchors.models.core import (
    Collaborative,
    Invitation,
    Membership,
    Organisation,
    Person,
    Role,
    Theme,
    User,
)

__all__ = [
    "Collaborative",
    "Invitation",
    "Membership",
    "Organisation",
    "Person",
    "Role",
    "Theme",
    "User",
]
