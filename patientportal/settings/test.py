"""Test settings: `make test`. Real PostgreSQL and Redis, embedded unless configured."""

from patientportal import embedded, env

from .base import *  # noqa: F403
from .base import database_config, redis_config

DEBUG = False
DEMO_DATA_ALLOWED = True
DATABASES = {"default": database_config(embedded.database_url())}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Two test runs at once (two checkouts, two developers) need two test databases.
DATABASES["default"]["TEST"] = {"NAME": env.get_str("TEST_DATABASE_NAME", "test_patientportal")}
# Tests only: the published key unless FIELD_ENCRYPTION_KEYS is set (base.py).
DATA_PROTECTION_KEYS, DATA_PROTECTION_ACTIVE_KEY_ID = env.get_key_ring(
    "FIELD_ENCRYPTION_KEYS", [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
)
REDIS_URL = embedded.cache_url()
_redis = redis_config(REDIS_URL)
CACHES = _redis["CACHES"]
CACHES["default"]["KEY_PREFIX"] = "pp-test"
CELERY_BROKER_URL = _redis["CELERY_BROKER_URL"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real worker a test starts (notifications/tests/test_reliability.py) is given a backend whose
# mail the test can read back (notifications.testing.RecordingEmailBackend).
MAILERS = {"default": {"BACKEND": env.get_str("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")}}
SMS_BACKEND = "notifications.sms.MemoryBackend"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
