"""Every write in the base layer. Views, tasks and other apps call these, never the ORM.

Each subject has its module (organisations, workstreams, workshops, actions, security); the names
are importable from there or from this package.
"""

from anchors.services.actions import action_progress, action_reminders_send, action_update
from anchors.services.organisations import (
    invitation_accept,
    invitation_link,
    membership_add,
    membership_remove,
    organisation_create,
    organisation_profile_update,
    organisation_update,
    person_create,
    person_invite,
    person_update,
)
from anchors.services.security import (
    SecurityKind,
    login_email_sync,
    login_email_verify,
    security_event_record,
)
from anchors.services.workshops import WorkshopInvalid, workshop_record, workshop_revise
from anchors.services.workstreams import (
    participation_add,
    participation_set_sponsorship,
    participation_update,
    update_edit,
    update_post,
    workstream_change_status,
    workstream_create,
    workstream_update,
)

__all__ = [
    "SecurityKind",
    "WorkshopInvalid",
    "action_progress",
    "action_reminders_send",
    "action_update",
    "invitation_accept",
    "invitation_link",
    "login_email_sync",
    "login_email_verify",
    "membership_add",
    "membership_remove",
    "organisation_create",
    "organisation_profile_update",
    "organisation_update",
    "participation_add",
    "participation_set_sponsorship",
    "participation_update",
    "person_create",
    "person_invite",
    "person_update",
    "security_event_record",
    "update_edit",
    "update_post",
    "workshop_record",
    "workshop_revise",
    "workstream_change_status",
    "workstream_create",
    "workstream_update",
]
