from django.urls import path

from metrics.views import exports, framework, imports, periods, submissions

app_name = "metrics"

urlpatterns = [
    path("", framework.index, name="index"),
    path("metric/new/", framework.metric_create, name="metric_create"),
    path("metric/<int:pk>/", framework.metric_detail, name="metric_detail"),
    path("metric/<int:pk>/edit/", framework.metric_edit, name="metric_edit"),
    path("metric/<int:pk>/targets/", framework.target_set, name="target_set"),
    path("outcomes/new/", framework.outcome_create, name="outcome_create"),
    path("periods/", periods.period_list, name="period_list"),
    path("periods/new/", periods.period_create, name="period_create"),
    path("periods/<int:pk>/", periods.period_detail, name="period_detail"),
    path("periods/<int:pk>/edit/", periods.period_edit, name="period_edit"),
    path("submit/", submissions.submit_index, name="submit_index"),
    path("submit/<int:period>/", submissions.submit, name="submit"),
    path("submit/<int:period>/verify/", submissions.verify_selected, name="verify_selected"),
    path("values/<int:pk>/", submissions.value_detail, name="value_detail"),
    path("values/<int:pk>/verify/", submissions.value_verify, name="value_verify"),
    path("values/<int:pk>/return/", submissions.value_return, name="value_return"),
    path("values/<int:pk>/evidence/", submissions.value_evidence, name="value_evidence"),
    path("figures/", exports.figures_download, name="figures"),
    path("import/", imports.import_start, name="import"),
    path("import/template/", imports.import_template_download, name="import_template"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
]
