from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app declares the notifications it sends in its own ``notifications.py``.
        autodiscover_modules("notifications")
        from . import digests  # noqa: F401 - registers the daily digest's kind
