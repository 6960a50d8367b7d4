from django.urls import path

from workforce.views import hiring, overview, programmes, rotations, routes

app_name = "workforce"

urlpatterns: list = []

# Local hiring by deprivation, routes into work, and the overview.
urlpatterns += [
    path("", overview.overview, name="index"),
    path("settings/", overview.hiring_settings, name="hiring_settings"),
    path("metrics/add/", overview.hiring_metrics_add, name="hiring_metrics_add"),
    path("starters/<int:organisation>/", hiring.starter_list, name="starter_list"),
    path("starters/<int:organisation>/new/", hiring.starter_add, name="starter_add"),
    path("starters/<int:organisation>/counts/", hiring.starter_count, name="starter_count"),
    path("starters/<int:organisation>/import/", hiring.starter_import, name="starter_import"),
    path("starters/<int:organisation>/metrics/", hiring.starter_metrics, name="starter_metrics"),
    path("starters/rows/<int:pk>/remove/", hiring.starter_remove, name="starter_remove"),
    path(
        "starters/counts/<int:pk>/remove/", hiring.starter_count_remove, name="starter_count_remove"
    ),
    path("routes/", routes.route_list, name="route_list"),
    path("routes/new/", routes.route_create, name="route_create"),
    path("routes/<int:pk>/", routes.route_detail, name="route_detail"),
    path("routes/<int:pk>/edit/", routes.route_edit, name="route_edit"),
    path("routes/<int:pk>/counts/", routes.route_activity, name="route_activity"),
]

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
