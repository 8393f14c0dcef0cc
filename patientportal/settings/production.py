"""Production settings. Every required variable must be set; nothing is embedded."""

from django.core.exceptions import ImproperlyConfigured

from patientportal import env

from .base import *  # noqa: F403
from .base import database_config, redis_config

DEBUG = False
DEMO_DATA_ALLOWED = False
SECRET_KEY = env.get_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")
DATABASES = {"default": database_config(env.get_str("DATABASE_URL", required=True))}
REDIS_URL = env.get_str("REDIS_URL", required=True)
SITE_URL = env.get_str("SITE_URL", required=True).rstrip("/")
# Required (no default): the keys that encrypt what people write, newest first.
DATA_PROTECTION_KEYS, DATA_PROTECTION_ACTIVE_KEY_ID = env.get_key_ring("FIELD_ENCRYPTION_KEYS")
if DEVELOPMENT_FIELD_ENCRYPTION_KEY in DATA_PROTECTION_KEYS.values():
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds the development key, which is published: make a new one.")
_redis = redis_config(REDIS_URL)
CACHES = _redis["CACHES"]
CELERY_BROKER_URL = _redis["CELERY_BROKER_URL"]

SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
MFA_TRUST_COOKIE_SECURE = True

# Texts go to the provider's backend (SMS_BACKEND); without one they fail, listed for the admins.
SMS_BACKEND = env.get_str("SMS_BACKEND", "notifications.sms.DisabledBackend")
MAILERS = {
    "default": {
        "BACKEND": env.get_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env.get_str("EMAIL_HOST", "localhost"),
            "port": env.get_int("EMAIL_PORT", 587),
            "username": env.get_str("EMAIL_HOST_USER", ""),
            "password": env.get_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env.get_bool("EMAIL_USE_TLS", True),
        },
    }
}
