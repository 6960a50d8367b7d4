from governance.models.assessment import Condition, SelfAssessment
from governance.models.authority import AuthorityKind, DelegatedAuthority
from governance.models.barriers import Barrier
from governance.models.escalations import SOURCE_FIELDS, Decision, Escalation
from governance.models.reports import Report
from governance.models.roadmap import Objective, Recommendation
from governance.models.structure import GovernanceSettings, Group

__all__ = [
    "AuthorityKind",
    "Barrier",
    "Condition",
    "Decision",
    "DelegatedAuthority",
    "Escalation",
    "GovernanceSettings",
    "Group",
    "Objective",
    "Recommendation",
    "Report",
    "SOURCE_FIELDS",
    "SelfAssessment",
]
