from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from anchors.common.registry import api_routes
from anchors.views import accounts, system

# The read-only API: every app's routes (its AppConfig.api_routes), under /api/v1/.
api_router = SimpleRouter()
for _prefix, _viewset, _basename in api_routes():
    api_router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    # The admin signs in through allauth (rate limits, two-factor step), never its own form:
    # this shadows Django's admin login, which the admin's own redirects still name.
    path("admin/login/", accounts.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include((api_router.urls, "api"))),
    path("metrics/", include("metrics.urls")),
    path("procurement/", include("procurement.urls")),
    path("workforce/", include("workforce.urls")),
    path("governance/", include("governance.urls")),
    path("exports/", include("anchors.common.exportjobs.urls")),
    # The short addresses the board and sponsors are given.
    path(
        "dashboard/", RedirectView.as_view(pattern_name="governance:dashboard", query_string=True)
    ),
    path(
        "reports/", RedirectView.as_view(pattern_name="governance:report_list", query_string=True)
    ),
    path("", include("anchors.urls")),
]

handler403 = "anchors.views.system.error_403"
handler404 = "anchors.views.system.error_404"
handler500 = "anchors.views.system.error_500"
