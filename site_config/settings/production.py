"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), whitenoise for static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "dev-only", "test-only"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to a random value of at least "
        "50 characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")

# whitenoise serves the collected static files, compressed and cache-busted.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405 (SecurityMiddleware first)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Media on S3-compatible object storage when a bucket is configured
# (pip install ".[s3]"); otherwise on the local disk at MEDIA_ROOT.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # "https:" unless the media host is served otherwise (a local test stack).
    AWS_S3_URL_PROTOCOL = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
    # Stable public URLs for feeds and players. Documents are not among them:
    # the bucket policy keeps documents/ private and Wagtail's document view
    # (WAGTAILDOCS_SERVE_METHOD = "serve_view") streams them after its checks.
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False

# The HTTP caches in front (Varnish) purged on publish come from
# PRESSROOM_VARNISH_URLS in base.py (editorial.frontend_cache.VarnishBackend).

# Pressroom's background tasks (the see-also precompute) queued in the
# database; `manage.py db_worker --backend pressroom` runs them.
TASKS = {
    **TASKS,  # noqa: F405
    "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# HTTPS everywhere; the proxy in front tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# Load balancers and Varnish probe the app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview panel shows the page in a same-origin iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Podcast audience: once a download is counted, nginx sends the file
# (X-Accel-Redirect to deploy/nginx's /internal-audio/ location); the
# listener's address is the one nginx saw (X-Real-IP).
PRESSROOM_PODCAST_AUDIENCE_DELIVERY = os.environ.get(
    "PRESSROOM_PODCAST_AUDIENCE_DELIVERY", "accel"
)
PRESSROOM_PODCAST_AUDIENCE_CLIENT_IP_HEADER = os.environ.get(
    "PRESSROOM_PODCAST_AUDIENCE_CLIENT_IP_HEADER", "X-Real-IP"
)
