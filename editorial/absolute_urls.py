"""Absolute URLs for feeds, players, metadata and the API.

The public address of a page comes from the Wagtail ``Site`` serving it or
from the request being answered, never from ``WAGTAILADMIN_BASE_URL`` (the
admin's address, which Wagtail's ``Rendition.full_url`` uses)."""

from urllib.parse import urljoin


def site_root_url(page, request=None):
    """Root URL (``https://host[:port]``) of the Wagtail ``Site`` serving
    ``page``, as ``page.full_url`` finds it (the site root paths are cached);
    "" when no site serves it. The public address comes from the ``Site``
    records, not from the admin's ``WAGTAILADMIN_BASE_URL``."""
    parts = page.get_url_parts(request=request)
    return parts[1] if parts else ""


def absolute_url(url, root_url):
    """``url`` made absolute against ``root_url`` (``site_root_url``); URLs
    that are already absolute (media on object storage) are kept."""
    if not url or not root_url:
        return url
    return urljoin(root_url.rstrip("/") + "/", url)


def request_absolute_url(url, request):
    """``url`` made absolute for ``request`` (its scheme and host); kept as
    it is without a request or when already absolute."""
    if not url or request is None:
        return url
    return request.build_absolute_uri(url)
