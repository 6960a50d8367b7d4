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
