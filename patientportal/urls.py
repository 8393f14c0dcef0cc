from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

# The Django admin signs in through allauth (and so through MFA), never its own form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Patient Portal administration")
admin.site.site_title = _("Patient Portal admin")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("resources.urls")),
    path("", include("cases.urls")),
    path("", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "patientportal.views.error_403"
handler404 = "patientportal.views.error_404"
handler500 = "patientportal.views.error_500"
handler429 = "patientportal.ratelimit.handler429"  # allauth's rate limits (not a Django handler)
