"""URLs the site mounts for podcasts: media with byte ranges (embedded set-up)."""

from django.conf import settings
from django.urls import re_path

from podcasts.views import serve_media


def media_urlpatterns():
    """Serve ``MEDIA_ROOT`` at ``MEDIA_URL`` with HEAD and byte-range support."""
    prefix = settings.MEDIA_URL.lstrip("/")
    if not prefix or "://" in settings.MEDIA_URL:
        return []
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="pressroom_media")]
