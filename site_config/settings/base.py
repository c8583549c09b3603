"""Settings shared by every environment.

Everything secret or specific to one deployment is read from the environment;
the defaults here give the embedded set-up (SQLite, local files, locmem cache).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_sources(name):
    """Sources to add to Content-Security-Policy directives, written as a
    policy: "img-src https://a.example https://b.example; media-src https://c.example"."""
    directives = {}
    for part in os.environ.get(name, "").split(";"):
        if not part.strip():
            continue
        directive, *sources = part.split()
        if not sources or not directive.replace("-", "").isalpha():
            raise ImproperlyConfigured(
                f"{name}: {part.strip()!r} is not a directive followed by sources, "
                'as in "img-src https://cdn.example.com; media-src https://audio.example.com".'
            )
        directives.setdefault(directive.lower(), []).extend(sources)
    return directives


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Front ends allowed to call the API from a browser (CORS), e.g.
# "https://www.example.com,http://localhost:3000"; only /api/ answers them.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

# Site-level corrections of Wagtail's French (site_config/overrides/locale):
# read before every app's catalogue, so keep them few.
LOCALE_PATHS = [BASE_DIR / "site_config" / "overrides" / "locale"]

INSTALLED_APPS = [
    # This site and the Pressroom plugin.
    "site_config",
    "articles",
    "glossary",
    "podcasts",
    "leads",
    "newsletter",
    "contacts",
    "editorial",
    "wordpress_import",
    # Wagtail.
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail",
    "wagtail_modeladmin",
    "wagtail_headless_preview",
    "rest_framework",
    # The API v3 documentation's Swagger UI from this site's static files
    # rather than a CDN (and without inline script).
    "ninja",
    "csp",
    "corsheaders",
    "modelcluster",
    "taggit",
    # The database queue of background tasks (production's TASKS backend).
    "django_tasks_db",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "site_config.middleware.ContentSecurityPolicyMiddleware",
    "site_config.middleware.PermissionsPolicyMiddleware",
    "editorial.http_guards.HeadAsGetMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cached answers for anonymous readers leave here, before sessions,
    # locale, CSRF and authentication run (editorial.page_cache).
    "editorial.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "editorial.http_guards.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "site_config.middleware.AdminWriteTransactionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # /?p=123 and the like, WordPress addresses of the home page (README, Moving from WordPress).
    "wordpress_import.middleware.WordPressQueryRedirectMiddleware",
    "editorial.middleware.APIRenderingMiddleware",
]

ROOT_URLCONF = "site_config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "editorial.context_processors.pressroom",
            ],
        },
    },
]

WSGI_APPLICATION = "site_config.wsgi.application"

# Database: SQLite by default, anything dj-database-url reads from DATABASE_URL.
# Persistent connections are checked before a request reuses them, so the
# first request after a database restart reconnects instead of failing.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# The embedded SQLite database serves the admin's autosave and an editor's
# Publish at the same moment: WAL lets readers go on while one writer writes;
# BEGIN IMMEDIATE takes the write lock when a transaction starts, so a second
# writer waits for it (up to the timeout) instead of failing at once with
# "database is locked" when its read turns into a write.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# While the database is unreachable, pages and the API answer 503 with this
# Retry-After, in seconds (site_config.views.server_error).
SERVICE_UNAVAILABLE_RETRY_AFTER = int(
    os.environ.get("SERVICE_UNAVAILABLE_RETRY_AFTER", 30)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (Django's own backend, where Redis down
# or slow is a cache miss: site_config.cache), else in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to connect to Redis and to wait for each answer: a cache slower
# than this is no accelerator.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", 0.05))
# Seconds during which a failed Redis is not tried again.
REDIS_RETRY_INTERVAL = float(os.environ.get("REDIS_RETRY_INTERVAL", 5))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "site_config.cache.FaultTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pressroom"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "RETRY_INTERVAL": REDIS_RETRY_INTERVAL,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, not in the cache: losing Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The publication is French; readers whose browser prefers English get the
# interface in English. Dates and numbers follow the active locale.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Each app, this site included, ships its own catalogue (<app>/locale).
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = [("fr", _("French"))]
# Wagtail's default, set so that its many getattr(settings, ..., False) per
# render find it instead of raising (and catching) an AttributeError.
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Pressroom")
# The public base URL, used in admin e-mails, feeds and the API.
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Both APIs give rich text as front-end HTML (links resolved, glossary terms
# with their entry id, URL and short definition); clients may still ask for
# Wagtail's stored format with ?rich_text_format=db_html.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Wagtail's database backend uses PostgreSQL full-text search on PostgreSQL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "csv",
    "txt",
    "vtt",
    "srt",
]
# Document links always go through Wagtail's document view, which checks the
# privacy of the document's collection on every download (the public media
# path never serves document files); with object storage too, where the
# bucket keeps documents/ unreadable to the public.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploaded images are decoded whole for every rendition: bound their size so
# that one upload cannot hold a worker for seconds and hundreds of megabytes.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(
    os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40 * 1000 * 1000)
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(
    os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
)
# Page slugs are plain ASCII ("episode-…" for "Épisode …"), so that URLs are
# not percent-encoded; PRESSROOM_UNICODE_SLUGS=true keeps accented letters.
WAGTAIL_ALLOW_UNICODE_SLUGS = os.environ.get("PRESSROOM_UNICODE_SLUGS", "").lower() in (
    "1",
    "true",
    "yes",
)
TAGGIT_CASE_INSENSITIVE = True
# "série" gets the slug "serie": tag URLs stay plain ASCII.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Pressroom plugin settings (defaults live in editorial/conf.py).
PRESSROOM_SEE_ALSO_COUNT = int(os.environ.get("PRESSROOM_SEE_ALSO_COUNT", 4))
PRESSROOM_RECENT_COUNT = int(os.environ.get("PRESSROOM_RECENT_COUNT", 3))

# Background tasks (django-tasks): Wagtail's own run on "default", Pressroom's
# (the see-also precompute) on "pressroom". Both run immediately here;
# production queues Pressroom's in the database for `manage.py db_worker`.
# Django 6 has the framework built in (django.tasks), Django 5.2 the backport.
try:
    import django.tasks  # noqa: F401

    IMMEDIATE_TASKS = "django.tasks.backends.immediate.ImmediateBackend"
except ImportError:
    IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "pressroom": {"BACKEND": IMMEDIATE_TASKS},
}
PRESSROOM_TASKS_BACKEND = "pressroom"
# Serve MEDIA_ROOT from Django with byte ranges (always on with DEBUG); in
# production the web server or object storage serves media instead.
PRESSROOM_SERVE_MEDIA = os.environ.get("PRESSROOM_SERVE_MEDIA", "").lower() == "true"
# Largest audio upload accepted, in bytes.
PRESSROOM_PODCAST_MAX_AUDIO_SIZE = int(
    os.environ.get("PRESSROOM_PODCAST_MAX_AUDIO_SIZE", 300 * 1000 * 1000)
)
# Article feeds carry the full body (true) or only the standfirst (false).
PRESSROOM_FEED_FULL_CONTENT = os.environ.get(
    "PRESSROOM_FEED_FULL_CONTENT", "true"
).lower() in ("1", "true", "yes")
# Headless preview: the front end that shows an editor's draft, opened by the
# admin's Preview with ?content_type=…&token=… (it then calls
# /api/v3/preview/). "{SITE_ROOT_URL}" stands for the Wagtail site's root URL.
# Empty: Preview shows the draft through this site's own templates.
PRESSROOM_PREVIEW_CLIENT_URL = os.environ.get("PRESSROOM_PREVIEW_CLIENT_URL", "")
# How long a preview token opens the draft, in seconds.
PRESSROOM_PREVIEW_TOKEN_MAX_AGE = int(
    os.environ.get("PRESSROOM_PREVIEW_TOKEN_MAX_AGE", 3600)
)

# Page cache for anonymous readers (editorial.page_cache), in the "default"
# cache: on unless PRESSROOM_PAGE_CACHE=false.
PRESSROOM_PAGE_CACHE = os.environ.get("PRESSROOM_PAGE_CACHE", "true").lower() in (
    "1",
    "true",
    "yes",
)
# Paths the page cache never looks up: editorial's own, and the counting
# endpoint of episode audio (every request is counted and streamed, never
# stored: a lookup there would cost each listener's request a round trip).
PRESSROOM_PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/api/v2/page_preview/",
    "/api/v3/preview/",
    "/podcasts/audio/",
]
# Rendered fragments of pages (an article's body and table of contents, a
# content page's see-also and recent posts) kept between renders for the
# content generation (editorial.fragment_cache): on unless "false".
PRESSROOM_FRAGMENT_CACHE = os.environ.get(
    "PRESSROOM_FRAGMENT_CACHE", "true"
).lower() in ("1", "true", "yes")
# Longest life of a cached response, in seconds (s-maxage for Varnish too).
PRESSROOM_PAGE_CACHE_TIMEOUT = int(
    os.environ.get("PRESSROOM_PAGE_CACHE_TIMEOUT", 86400)
)
# How long browsers reuse a page before revalidating it, in seconds.
PRESSROOM_BROWSER_MAX_AGE = int(os.environ.get("PRESSROOM_BROWSER_MAX_AGE", 60))
# Front-end caches (Varnish) purged on publish, comma-separated, e.g.
# "http://127.0.0.1:6081": PURGE of the page URLs (Wagtail) and BAN by
# cache tag (editorial.frontend_cache.VarnishBackend).
PRESSROOM_VARNISH_URLS = env_list("PRESSROOM_VARNISH_URLS")
WAGTAILFRONTENDCACHE = {
    f"varnish{index}": {
        "BACKEND": "editorial.frontend_cache.VarnishBackend",
        "LOCATION": url,
    }
    for index, url in enumerate(PRESSROOM_VARNISH_URLS)
}

# Content-Security-Policy (policies in site_config/csp.py): sent as
# Content-Security-Policy-Report-Only instead when report-only is on, to try
# the policy without blocking anything.
PRESSROOM_CSP_REPORT_ONLY = os.environ.get("PRESSROOM_CSP_REPORT_ONLY", "").lower() in (
    "1",
    "true",
    "yes",
)
# Where browsers send violation reports (report-uri), e.g. a collector's URL.
PRESSROOM_CSP_REPORT_URI = os.environ.get("PRESSROOM_CSP_REPORT_URI", "")
# Embed providers public pages may frame (default in site_config/csp.py).
if "PRESSROOM_CSP_FRAME_SRC" in os.environ:
    PRESSROOM_CSP_FRAME_SRC = env_list("PRESSROOM_CSP_FRAME_SRC")
# More sources for pages and the admin, e.g. a CDN for images.
PRESSROOM_CSP_EXTRA_SOURCES = env_sources("PRESSROOM_CSP_EXTRA_SOURCES")
# Browser features no page asks readers for (nor may embeds): off.
PRESSROOM_PERMISSIONS_POLICY = os.environ.get(
    "PRESSROOM_PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "serial=(), bluetooth=(), hid=(), midi=()",
)


def headless_preview_settings(client_url):
    """wagtail-headless-preview's settings for one client URL ("" = none).

    The URL is used as given (no trailing slash added), so it may name a file
    such as the example front end's index.html.
    """
    return {
        "CLIENT_URLS": {"default": client_url} if client_url else {},
        "ENFORCE_TRAILING_SLASH": False,
    }


WAGTAIL_HEADLESS_PREVIEW = headless_preview_settings(PRESSROOM_PREVIEW_CLIENT_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The tasks framework logs every task's start and end at INFO (Django's
    # "django" logger lets INFO through): one line per published page.
    "loggers": {
        "django.tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}
    },
}

# The reader's interface language, chosen with the header's switch
# (site_config.views.switch_language), is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
