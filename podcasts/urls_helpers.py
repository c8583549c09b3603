"""Absolute URLs for feeds, players and the API."""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url):
    """``url`` made absolute against the public base URL (``BASE_URL``); URLs
    that are already absolute (media on object storage) are kept."""
    if not url:
        return url
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url)
