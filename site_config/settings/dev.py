"""Local development: the embedded default (SQLite, local media, locmem cache)."""

import os

from .base import *  # noqa: F403

DEBUG = True
# Local use only; production refuses to start without a real key.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
