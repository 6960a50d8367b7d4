from django.urls import path

from governance.views import (
    assessment,
    authority,
    barriers,
    dashboard,
    escalations,
    reports,
    roadmap,
    structure,
)

app_name = "governance"

urlpatterns: list = []

# --- Part A: structure, escalations, delegated authority, barriers, roadmap, self-assessment ----
urlpatterns += [
    path("", structure.index, name="index"),
    path("groups/new/", structure.group_create, name="group_create"),
    path("groups/<int:pk>/", structure.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", structure.group_edit, name="group_edit"),
    path("settings/", structure.settings_edit, name="settings"),
    path("escalations/", escalations.escalation_list, name="escalation_list"),
    path("escalations/new/", escalations.escalation_new, name="escalation_new"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation_detail"),
    path(
        "escalations/<int:pk>/acknowledge/",
        escalations.escalation_acknowledge,
        name="escalation_acknowledge",
    ),
    path("escalations/<int:pk>/decide/", escalations.escalation_decide, name="escalation_decide"),
    path("escalations/<int:pk>/close/", escalations.escalation_close, name="escalation_close"),
    path("decisions/", escalations.decision_list, name="decision_list"),
    path("authority/", authority.authority_list, name="authority_list"),
    path("authority/new/", authority.authority_create, name="authority_create"),
    path("authority/<int:pk>/edit/", authority.authority_edit, name="authority_edit"),
    path("barriers/", barriers.barrier_list, name="barrier_list"),
    path("barriers/new/", barriers.barrier_create, name="barrier_create"),
    path("barriers/<int:pk>/", barriers.barrier_detail, name="barrier_detail"),
    path("barriers/<int:pk>/edit/", barriers.barrier_edit, name="barrier_edit"),
    path("roadmap/", roadmap.roadmap, name="roadmap"),
    path(
        "roadmap/recommendations/<int:pk>/edit/",
        roadmap.recommendation_edit,
        name="recommendation_edit",
    ),
    path("roadmap/objectives/new/", roadmap.objective_create, name="objective_create"),
    path("roadmap/objectives/<int:pk>/edit/", roadmap.objective_edit, name="objective_edit"),
    path("self-assessment/", assessment.assessment, name="assessment"),
    path("self-assessment/rate/", assessment.assessment_record, name="assessment_record"),
]

# --- Part B: the dashboard and the quarterly HWB reports ---------------------------------------
urlpatterns += [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/compare/", reports.report_compare, name="report_compare"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/publish/", reports.report_publish, name="report_publish"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
]
