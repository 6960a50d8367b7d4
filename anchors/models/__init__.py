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
from anchors.models.security import SecurityEvent
from anchors.models.tokens import ApiToken
from anchors.models.work import (
    Action,
    ActionReminder,
    Attendance,
    OrganisationUpdate,
    Participation,
    Speaker,
    Workshop,
    Workstream,
    WorkstreamStatusChange,
)

__all__ = [
    "ApiToken",
    "Collaborative",
    "Invitation",
    "Membership",
    "Organisation",
    "Person",
    "Role",
    "Theme",
    "User",
    "SecurityEvent",
    "Action",
    "ActionReminder",
    "Attendance",
    "OrganisationUpdate",
    "Participation",
    "Speaker",
    "Workshop",
    "Workstream",
    "WorkstreamStatusChange",
]
