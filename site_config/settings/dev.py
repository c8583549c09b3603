"""Local development: the embedded default (SQLite, local media, locmem cache)."""

import os

from .base import *  # noqa: F403

DEBUG = True
# Local use only; production refuses to start without a real key.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Preview in the admin opens the example front end this site ships (a page
# that reads the draft from /api/v3/preview/), unless the environment names
# another front end, or none (PRESSROOM_PREVIEW_CLIENT_URL= ).
PRESSROOM_PREVIEW_CLIENT_URL = os.environ.get(
    "PRESSROOM_PREVIEW_CLIENT_URL",
    "{SITE_ROOT_URL}/static/headless_preview_example/index.html",
)
WAGTAIL_HEADLESS_PREVIEW = headless_preview_settings(PRESSROOM_PREVIEW_CLIENT_URL)  # noqa: F405
# Pressroom's background tasks (registration e-mails, reminders, CRM
# webhooks, the see-also precompute) go through the database queue, as in
# production; `make run` starts its worker (`manage.py db_worker --backend
# pressroom`) beside the server, and the e-mails print on its console.
TASKS = {
    **TASKS,  # noqa: F405
    "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
