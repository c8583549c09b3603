"""Surrogate keys ("cache tags") of the response being rendered.

While a response renders, every component that shows content records what
it shows here: a page shown as an item adds ``page-<id>``, a listing of a
page's children ``listing-<parent id>``, a tag page ``tag-<slug>``, the
recent-content components ``recent``… ``editorial.page_cache`` stores the
response under those tags and purges exactly the responses that showed a
page when it is published, unpublished, moved or deleted
(``editorial.page_cache_signals``). Outside a response (a script, the
admin), recording is a no-op.

The components are the few choke points every listing goes through
(``Visibility.load``, ``Visibility.recent``/``tagged``/``tag_counts``, the
see-also resolution, rich-text page links, embeds, the menu and
breadcrumbs), not each template.
"""

from contextvars import ContextVar

from django.utils import timezone

# Tags of everything: purging ``ALL`` empties the whole page cache.
ALL = "all"
# Components showing the latest content (home, recent posts, see-also
# filled by recency): any publication may enter them.
RECENT = "recent"
# The site's home page.
HOME = "home"
# The list of every tag in use, with counts.
TAG_INDEX = "tags"
# Search results: any publication may match a query.
SEARCH = "search"
# Feeds and sitemaps (any XML answer).
FEEDS = "feeds"
# Every API answer.
API = "api"
# Answers that are no page: 404s and redirects (a publication may give
# their address a page).
UNROUTED = "unrouted"


class Collected:
    """What one response showed: its tags, and the earliest time (if any) at
    which something it shows expires (``expire_at`` of a shown page)."""

    __slots__ = ("tags", "expires")

    def __init__(self):
        self.tags = set()
        self.expires = None


_collector = ContextVar("pressroom_cache_tags", default=None)


def page_tag(pk):
    return f"page-{pk}"


def listing_tag(parent_pk):
    return f"listing-{parent_pk}"


def tag_tag(slug):
    return f"tag-{slug}".lower()


def site_tag(pk):
    return f"site-{pk}"


def add(*tags):
    """Record ``tags`` for the response being rendered, if one is."""
    collected = _collector.get()
    if collected is not None:
        collected.tags.update(tags)


def add_pages(pages):
    """Record ``page-<pk>`` for each page shown (pages or their ids); a
    page's expiry time bounds how long the response may be kept."""
    collected = _collector.get()
    if collected is None:
        return
    for page in pages:
        if isinstance(page, int):
            collected.tags.add(f"page-{page}")
            continue
        if page is None or not page.pk:
            continue
        collected.tags.add(f"page-{page.pk}")
        expire_at = getattr(page, "expire_at", None)
        if (
            expire_at is not None
            and (collected.expires is None or expire_at < collected.expires)
            and expire_at > timezone.now()
        ):
            # Past, it already hides the page; ahead, the response shows the
            # page until then only.
            collected.expires = expire_at


def add_collected(tags, expires):
    """Record what an earlier render of a fragment recorded (its tags and the
    expiry time of what it shows), when the fragment is served from a cache."""
    collected = _collector.get()
    if collected is None:
        return
    collected.tags.update(tags)
    if expires is not None and (
        collected.expires is None or expires < collected.expires
    ):
        collected.expires = expires


def add_tag_slugs(slugs):
    collected = _collector.get()
    if collected is not None:
        collected.tags.update(tag_tag(slug) for slug in slugs if slug)


def collect(function):
    """``function()`` and what it recorded (a ``Collected``), which is also
    recorded for the render around it: for a fragment about to be stored."""
    token = start()
    try:
        value = function()
    finally:
        collected = stop(token)
    add_collected(collected.tags, collected.expires)
    return value, collected


def start():
    """Start collecting; returns the token for ``stop``."""
    return _collector.set(Collected())


def stop(token):
    """Stop collecting; returns what was recorded since ``start``."""
    collected = _collector.get()
    _collector.reset(token)
    return collected
