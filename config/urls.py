from django.contrib import admin
from django.urls import include, path

from anchors.views import system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("metrics/", include("metrics.urls")),
    path("procurement/", include("procurement.urls")),
    path("workforce/", include("workforce.urls")),
    path("governance/", include("governance.urls")),
    path("", include("anchors.urls")),
]

handler403 = "anchors.views.system.error_403"
handler404 = "anchors.views.system.error_404"
handler500 = "anchors.views.system.error_500"
