"""Development settings: `make run`. Embedded PostgreSQL and Redis unless configured."""

from patientportal import embedded, env

from .base import *  # noqa: F403
from .base import database_config, redis_config

DEBUG = env.get_bool("DEBUG", True)
DEMO_DATA_ALLOWED = True
DATABASES = {"default": database_config(embedded.database_url())}
# Development only: the published key unless FIELD_ENCRYPTION_KEYS is set (base.py).
DATA_PROTECTION_KEYS, DATA_PROTECTION_ACTIVE_KEY_ID = env.get_key_ring(
    "FIELD_ENCRYPTION_KEYS", [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
)
REDIS_URL = embedded.cache_url()
_redis = redis_config(REDIS_URL)
CACHES = _redis["CACHES"]
CELERY_BROKER_URL = _redis["CELERY_BROKER_URL"]
# E-mails are written to var/mail, one file per message (README "Reminders"), unless
# EMAIL_BACKEND names another backend (the console's, say).
if not env.get_str("EMAIL_BACKEND", ""):
    MAIL_FILE_DIR = str(embedded.VAR_DIR / "mail")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": MAIL_FILE_DIR},
        }
    }
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
