"""Purging front-end caches (Varnish) by cache tag.

``VarnishBackend`` is Wagtail's ``HTTPBackend`` (``PURGE <url>`` of a page's
URLs, which ``wagtail.contrib.frontend_cache`` sends on publish and
unpublish) that can also ban every cached response carrying a tag: it sends
``BAN /`` with ``X-Ban-Tags: (^|\\s)(page-12|listing-5)(\\s|$)``, which the
project's VCL turns into ``ban("obj.http.X-Cache-Tags ~ " + X-Ban-Tags)``
(responses carry their tags in ``X-Cache-Tags``: ``editorial.page_cache``).

``purge_tags(tags)`` sends the ban to every configured backend that can
(``WAGTAILFRONTENDCACHE``, set from ``PRESSROOM_VARNISH_URLS``).
"""

import logging
import re
from urllib.error import HTTPError, URLError
from urllib.parse import urlunsplit
from urllib.request import Request, urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("wagtail.frontendcache")

# What a tag may be made of (they are also regular-expression literals).
TAG = re.compile(r"^[a-z0-9_-]+$")
# Tags per BAN request, keeping the header and the regex short.
TAGS_PER_BAN = 100
# Seconds to wait for the cache to answer a purge.
TIMEOUT = 5


def ban_expression(tags):
    """The ``X-Ban-Tags`` regex matching responses carrying any of ``tags``."""
    alternatives = "|".join(sorted(tags))
    return rf"(^|\s)({alternatives})(\s|$)"


class BanRequest(Request):
    def get_method(self):
        return "BAN"


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP purge backend, and bans by cache tag."""

    def purge_tags(self, tags):
        tags = sorted({tag for tag in tags if TAG.match(tag)})
        url = urlunsplit([self.cache_scheme, self.cache_netloc, "/", "", ""])
        for start in range(0, len(tags), TAGS_PER_BAN):
            chunk = tags[start : start + TAGS_PER_BAN]
            request = BanRequest(
                url=url,
                headers={
                    "X-Ban-Tags": ban_expression(chunk),
                    "User-Agent": "Wagtail-frontendcache/" + __version__,
                },
            )
            try:
                # The scheme and address come from the configured LOCATION.
                urlopen(request, timeout=TIMEOUT).close()
            except HTTPError as error:
                logger.error(
                    "Couldn't ban tags %s from %s. HTTPError: %d %s",
                    " ".join(chunk),
                    url,
                    error.code,
                    error.reason,
                )
            except (URLError, OSError) as error:
                logger.error(
                    "Couldn't ban tags %s from %s: %s", " ".join(chunk), url, error
                )


def purge_tags(tags):
    """Ban the responses carrying any of ``tags`` from every front-end cache."""
    if not tags:
        return
    for backend in get_backends().values():
        if hasattr(backend, "purge_tags"):
            backend.purge_tags(tags)
