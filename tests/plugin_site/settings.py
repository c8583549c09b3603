"""A Wagtail site that installs some of Pressroom's apps, without this site
(``site_config``): ``PRESSROOM_TEST_APPS`` lists them (``editorial`` always),
``PRESSROOM_TEST_APPS_POSITION`` puts them ``first`` or ``last`` in
``INSTALLED_APPS``. ``PRESSROOM_TEST_DB`` is the SQLite file it migrates,
unless ``DATABASE_URL`` names a PostgreSQL database.
Used by tests/test_plugin_contracts.py in subprocesses."""

import os

from site_config.settings.test import *  # noqa: F403

PLUGIN_APPS = ["articles", "glossary", "podcasts", "leads", "newsletter", "contacts"]
chosen = [
    app
    for app in os.environ.get("PRESSROOM_TEST_APPS", ",".join(PLUGIN_APPS)).split(",")
    if app in PLUGIN_APPS
]
others = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if app not in {"site_config", "editorial", *PLUGIN_APPS}
]
pressroom = [*chosen, "editorial"]
INSTALLED_APPS = (
    others + pressroom
    if os.environ.get("PRESSROOM_TEST_APPS_POSITION") == "last"
    else pressroom + others
)
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("site_config.")]  # noqa: F405
ROOT_URLCONF = "tests.plugin_site.urls"
LOCALE_PATHS = []
# PostgreSQL when DATABASE_URL names one (the base settings read it: the link
# migration test gives a throwaway database), else the SQLite file.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("PRESSROOM_TEST_DB", ":memory:"),
        }
    }
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
