"""Benchmark settings: `make bench`. DEBUG off, as in production, on a database of its own.

``scripts/bench.sh`` (through ``python -m bench``) sets ``BENCH_DATABASE_NAME`` to
``patientportal_bench_<size>``: a database on the same PostgreSQL server as ``DATABASE_URL``
(or the embedded one), never the development or the test database, because the harness
drops and rebuilds it.
"""

from django.core.exceptions import ImproperlyConfigured

from patientportal import embedded, env

from .base import *  # noqa: F403
from .base import database_config, redis_config

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]  # django.test.Client asks for "testserver"

BENCH_DATABASE_NAME = env.get_str("BENCH_DATABASE_NAME")
if not BENCH_DATABASE_NAME.startswith("patientportal_bench_"):
    raise ImproperlyConfigured(
        "BENCH_DATABASE_NAME must name a benchmark database (patientportal_bench_<size>); run `make bench`."
    )
DATABASES = {"default": database_config(embedded.database_url())}
DATABASES["default"]["NAME"] = BENCH_DATABASE_NAME

# Benchmarks only: the published key unless FIELD_ENCRYPTION_KEYS is set (base.py).
DATA_PROTECTION_KEYS, DATA_PROTECTION_ACTIVE_KEY_ID = env.get_key_ring(
    "FIELD_ENCRYPTION_KEYS", [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
)
REDIS_URL = embedded.cache_url()
_redis = redis_config(REDIS_URL)
CACHES = _redis["CACHES"]
CACHES["default"]["KEY_PREFIX"] = "pp-bench"
CELERY_BROKER_URL = _redis["CELERY_BROKER_URL"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# No collectstatic step: plain static storage, as in local.py and test.py.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# /healthz answers 503 on every timed request while no worker runs: don't log each one. A page
# answering a status it should not fails the run with the details, so nothing is hidden.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "django.request": {"level": "CRITICAL"}}}
