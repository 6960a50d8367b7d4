from django.urls import path

from workforce.views import programmes, rotations

app_name = "workforce"

urlpatterns: list = []

# Apprenticeship programmes and the rotating-apprenticeship planner.
urlpatterns += [
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/apprentices/new/", programmes.apprentice_add, name="apprentice_add"),
    path("apprentices/<int:pk>/edit/", programmes.apprentice_edit, name="apprentice_edit"),
    path("rotations/", rotations.rotation_list, name="rotation_list"),
    path("rotations/new/", rotations.rotation_create, name="rotation_create"),
    path("rotations/<int:pk>/", rotations.rotation_detail, name="rotation_detail"),
    path("rotations/<int:pk>/edit/", rotations.rotation_edit, name="rotation_edit"),
    path("rotations/<int:pk>/state/", rotations.rotation_state, name="rotation_state"),
    path("rotations/<int:pk>/propose/", rotations.rotation_propose, name="rotation_propose"),
    path("rotations/<int:pk>/hosts/new/", rotations.host_add, name="host_add"),
    path("rotations/hosts/<int:pk>/edit/", rotations.host_edit, name="host_edit"),
    path("rotations/hosts/<int:pk>/sign-off/", rotations.host_sign_off, name="host_sign_off"),
    path("rotations/<int:pk>/cohort/new/", rotations.member_add, name="member_add"),
    path("rotations/cohort/<int:pk>/remove/", rotations.member_remove, name="member_remove"),
    path("rotations/<int:pk>/placements/new/", rotations.placement_add, name="placement_add"),
    path("rotations/placements/<int:pk>/edit/", rotations.placement_edit, name="placement_edit"),
    path(
        "rotations/placements/<int:pk>/remove/",
        rotations.placement_remove,
        name="placement_remove",
    ),
]
