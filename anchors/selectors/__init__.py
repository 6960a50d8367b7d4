"""Every read for the base layer's pages; each runs a fixed number of queries (tested).

Each subject has its module (organisations, workstreams, workshops, actions, choices); the names
are importable from there or from this package.
"""

from anchors.selectors.actions import (
    action_detail,
    action_history,
    action_list,
    actions_needing_reminder,
    my_open_actions,
)
from anchors.selectors.choices import (
    organisations_for_choices,
    people_by_organisation,
    themes_for_choices,
    workstreams_for_choices,
)
from anchors.selectors.collaboratives import collaborative_for_user
from anchors.selectors.organisations import (
    organisation_detail,
    organisation_history,
    organisation_list,
    organisation_people,
    organisation_roles,
    people_list,
    person_detail,
)
from anchors.selectors.workshops import (
    attending_organisations_without_update,
    last_workshop_date,
    next_workshop,
    workshop_detail,
    workshop_for_edit,
    workshop_list,
    workshop_page_counts,
)
from anchors.selectors.workstreams import (
    ParticipantHealth,
    TimelineEntry,
    WorkstreamHealth,
    participation_detail,
    sponsorship_missing,
    workstream_counts,
    workstream_detail,
    workstream_health,
    workstream_history,
    workstream_list,
    workstream_page_counts,
    workstream_status_changes,
    workstream_timeline,
)

__all__ = [
    "ParticipantHealth",
    "TimelineEntry",
    "WorkstreamHealth",
    "action_detail",
    "action_history",
    "action_list",
    "actions_needing_reminder",
    "attending_organisations_without_update",
    "collaborative_for_user",
    "last_workshop_date",
    "my_open_actions",
    "next_workshop",
    "organisation_detail",
    "organisation_history",
    "organisation_list",
    "organisation_people",
    "organisation_roles",
    "organisations_for_choices",
    "participation_detail",
    "people_by_organisation",
    "people_list",
    "person_detail",
    "sponsorship_missing",
    "themes_for_choices",
    "workshop_detail",
    "workshop_for_edit",
    "workshop_list",
    "workshop_page_counts",
    "workstream_counts",
    "workstream_detail",
    "workstream_health",
    "workstream_history",
    "workstream_list",
    "workstream_page_counts",
    "workstream_status_changes",
    "workstream_timeline",
    "workstreams_for_choices",
]
