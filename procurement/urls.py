from django.urls import path

from procurement.views import exports, joint, pipeline, resources, spend, status, suppliers

app_name = "procurement"

urlpatterns = [
    # Part A: status matrix, supplier register, events, resources.
    path("", status.index, name="index"),
    path("status/<int:organisation>/edit/", status.status_edit, name="status_edit"),
    path(
        "status/<int:organisation>/<str:kind>/<int:pk>/",
        status.status_cell,
        name="status_cell",
    ),
    path("suppliers/", suppliers.supplier_list, name="supplier_list"),
    path("suppliers/new/", suppliers.supplier_create, name="supplier_create"),
    path("suppliers/area/", suppliers.area_edit, name="area_edit"),
    path("suppliers/<int:pk>/", suppliers.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", suppliers.supplier_edit, name="supplier_edit"),
    path("suppliers/<int:pk>/buyers/", suppliers.buyer_add, name="buyer_add"),
    path("suppliers/buyers/<int:pk>/remove/", suppliers.buyer_remove, name="buyer_remove"),
    path(
        "suppliers/<int:pk>/passport/<str:kind>/",
        suppliers.passport_edit,
        name="passport_edit",
    ),
    path("events/", suppliers.event_list, name="event_list"),
    path("events/new/", suppliers.event_create, name="event_create"),
    path("events/<int:pk>/", suppliers.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", suppliers.event_edit, name="event_edit"),
    path("resources/", resources.resource_list, name="resource_list"),
    path("resources/new/", resources.resource_create, name="resource_create"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource_detail"),
    path(
        "resources/<int:pk>/versions/new/",
        resources.resource_version_add,
        name="resource_version_add",
    ),
    path(
        "resources/versions/<int:pk>/download/",
        resources.resource_download,
        name="resource_download",
    ),
]

# Part B: the tender pipeline and the joint-tender finder.
urlpatterns += [
    path("pipeline/", pipeline.pipeline_list, name="pipeline_list"),
    path("pipeline/new/", pipeline.pipeline_new, name="pipeline_new"),
    path("pipeline/ocds.json", exports.pipeline_ocds, name="pipeline_ocds"),
    path("pipeline/import/", pipeline.pipeline_import, name="pipeline_import"),
    path("pipeline/import-csv/", pipeline.pipeline_csv_import, name="pipeline_csv_import"),
    path("pipeline/identifiers/", pipeline.buyer_identifiers, name="buyer_identifiers"),
    path("pipeline/<int:pk>/", pipeline.pipeline_detail, name="pipeline_detail"),
    path("pipeline/<int:pk>/edit/", pipeline.pipeline_edit, name="pipeline_edit"),
    path("joint/", joint.joint_finder, name="joint_finder"),
    path("joint/raise/", joint.joint_raise, name="joint_raise"),
    path("what-if/", pipeline.local_what_if, name="local_what_if"),
]

# Part C: spend analysis.
urlpatterns += [
    path("spend/", spend.spend_index, name="spend"),
    path("spend/upload/", spend.spend_upload, name="spend_upload"),
    path("spend/<int:pk>/", spend.spend_preview, name="spend_preview"),
    path("spend/<int:pk>/columns/", spend.spend_columns, name="spend_columns"),
    path("spend/<int:pk>/dates/", spend.spend_dates, name="spend_dates"),
    path("spend/<int:pk>/confirm/", spend.spend_confirm, name="spend_confirm"),
    path("spend/<int:pk>/withdraw/", spend.spend_withdraw, name="spend_withdraw"),
]
