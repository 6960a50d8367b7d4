from django.urls import path

from anchors.views import (
    accounts,
    actions,
    api_docs,
    api_tokens,
    home,
    organisations,
    system,
    workshops,
    workstreams,
)

app_name = "anchors"

urlpatterns = [
    path("", home.home, name="home"),
    path("account/", home.my_account, name="my_account"),
    path("account/two-factor-required/", accounts.mfa_enrolment, name="mfa_required"),
    path("account/api-tokens/", api_tokens.api_token_list, name="api_token_list"),
    path("account/api-tokens/new/", api_tokens.api_token_create, name="api_token_create"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        api_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    # The read-only API's schema and documentation page (the endpoints: config/urls.py).
    path("api/v1/schema/", api_docs.api_schema, name="api_schema"),
    path("api/v1/docs/", api_docs.api_docs, name="api_docs"),
    path("accessibility/", system.accessibility, name="accessibility"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/profile/",
        organisations.organisation_profile,
        name="organisation_profile",
    ),
    path("people/", organisations.people_list, name="person_list"),
    path("people/new/", organisations.person_create, name="person_create"),
    path("people/<int:pk>/", organisations.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", organisations.person_edit, name="person_edit"),
    path("people/<int:pk>/roles/new/", organisations.membership_add, name="membership_add"),
    path(
        "people/<int:pk>/roles/<int:membership_pk>/remove/",
        organisations.membership_remove,
        name="membership_remove",
    ),
    path("people/<int:pk>/invite/", organisations.person_invite, name="person_invite"),
    path(
        "invitations/<str:uidb64>/<str:token>/",
        organisations.invitation_accept,
        name="invitation_accept",
    ),
    # Workstreams, sponsorship, the workshop log, organisation updates and actions (issue 3)
    path("workstreams/", workstreams.workstream_list, name="workstream_list"),
    path("workstreams/new/", workstreams.workstream_create, name="workstream_create"),
    path("workstreams/<int:pk>/", workstreams.workstream_detail, name="workstream_detail"),
    path("workstreams/<int:pk>/edit/", workstreams.workstream_edit, name="workstream_edit"),
    path("workstreams/<int:pk>/status/", workstreams.workstream_status, name="workstream_status"),
    path(
        "workstreams/<int:pk>/participants/new/",
        workstreams.participation_add,
        name="participation_add",
    ),
    path(
        "workstreams/<int:pk>/participants/<int:participation_pk>/edit/",
        workstreams.participation_edit,
        name="participation_edit",
    ),
    path(
        "workstreams/<int:pk>/participants/<int:participation_pk>/sponsorship/",
        workstreams.participation_sponsorship,
        name="participation_sponsorship",
    ),
    path("workstreams/<int:pk>/updates/new/", workstreams.update_create, name="update_create"),
    path("updates/<int:pk>/edit/", workstreams.update_edit, name="update_edit"),
    path("workshops/", workshops.workshop_list, name="workshop_list"),
    path("workshops/new/", workshops.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", workshops.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/edit/", workshops.workshop_edit, name="workshop_edit"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/done/", actions.action_done, name="action_done"),
    path("actions/<int:pk>/reopen/", actions.action_reopen, name="action_reopen"),
]
