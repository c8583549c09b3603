"""Test settings: DATABASE_URL and REDIS_URL choose PostgreSQL and Redis in CI."""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="pressroom-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
LANGUAGE_CODE = "fr"

# Under pytest-xdist each worker gets its own test database (pytest-django
# suffixes the name) and its own Redis database, since the suite clears the
# cache around every test.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _db = int(_redis.path.strip("/") or 0) + 1 + int(_xdist_worker[2:])
    CACHES["default"]["LOCATION"] = urlunsplit(_redis._replace(path=f"/{_db}"))  # noqa: F405
