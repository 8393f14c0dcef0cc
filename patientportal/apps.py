from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PatientPortalConfig(AppConfig):
    name = "patientportal"
    label = "patientportal"
    verbose_name = _("Audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the sign-in signal receivers)

        # Each app declares what it holds about a person in its own ``personal_data.py``
        # (patientportal.personal_data): found like the notification kinds, in INSTALLED_APPS order.
        autodiscover_modules("personal_data")
