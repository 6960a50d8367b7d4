from django.urls import path

from anchors.views import home, organisations, system

app_name = "anchors"

urlpatterns = [
    path("", home.home, name="home"),
    path("account/", home.my_account, name="my_account"),
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
]
