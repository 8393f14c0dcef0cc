from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatientPortalConfig(AppConfig):
    name = "patientportal"
    label = "patientportal"
    verbose_name = _("Audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the sign-in signal receivers)
