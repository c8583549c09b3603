"""Pressroom settings, each with a default, read in this one place."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS = {
    # The host site's base template that Pressroom's page, index and tag
    # templates extend (editorial.context_processors.pressroom; the blocks
    # they fill: README, Install into your Wagtail site).
    "PRESSROOM_BASE_TEMPLATE": "base.html",
    # Size of the "See also" panel: editors' picks, then tag fill, then recency.
    "PRESSROOM_SEE_ALSO_COUNT": 4,
    # Candidates precomputed per page for the "See also" tag fill
    # (editorial.related): a few times the panel, so that pages hidden since
    # the last computation still leave enough to fill it.
    "PRESSROOM_SEE_ALSO_CANDIDATES": 16,
    # Seconds a listing's cached filter choices and item count live at most
    # (editorial.listing_cache); publishing and the like invalidate them first.
    "PRESSROOM_LISTING_CACHE_TIMEOUT": 300,
    # Rendered fragments of pages (an article's body and table of contents)
    # kept between renders in the ``default`` cache, for the content
    # generation (editorial.fragment_cache). Off: every render builds them.
    "PRESSROOM_FRAGMENT_CACHE": True,
    # django-tasks backend alias (settings.TASKS) that runs Pressroom's
    # background tasks (the see-also precompute).
    "PRESSROOM_TASKS_BACKEND": "default",
    # Number of items in the "Recent posts" component.
    "PRESSROOM_RECENT_COUNT": 3,
    # Article feeds (RSS, Atom) carry the full body rather than the standfirst.
    "PRESSROOM_FEED_FULL_CONTENT": True,
    # Seconds a headless preview token opens the draft it was made for.
    "PRESSROOM_PREVIEW_TOKEN_MAX_AGE": 3600,
    # Pages the site search ranks at most on PostgreSQL: the matches first
    # read from the search index's GIN indexes (site_config.views.search).
    "PRESSROOM_SEARCH_CANDIDATES": 500,
    # Items per page on tag pages, the search page and index listings.
    "PRESSROOM_PAGE_SIZE": 12,
    # Tags per page of the tag index (/tags/), A to Z.
    "PRESSROOM_TAG_INDEX_PAGE_SIZE": 200,
    # Tags offered by a listing's tag filter: its N most used (the one selected
    # is always there too). A vocabulary of thousands would otherwise be sent
    # as thousands of options on every page; the tag pages list them all.
    "PRESSROOM_FILTER_TAG_COUNT": 40,
    # Rich-text features of the long-form fields (article and glossary
    # paragraphs, episode show notes). Installed apps add their own inline
    # features after these (the glossary its term: editorial.rich_text_features).
    "PRESSROOM_RICH_TEXT_FEATURES": [
        "h2",
        "h3",
        "h4",
        "bold",
        "italic",
        "ol",
        "ul",
        "link",
        "document-link",
    ],
    # URL path prefixes of the headless APIs: rich text rendered there gets
    # absolute links with the linked page's id and type
    # (editorial.middleware.APIRenderingMiddleware).
    "PRESSROOM_API_PATH_PREFIXES": ["/api/"],
    # Whole responses for anonymous readers kept in the ``default`` cache and
    # purged by tag when what they show changes (editorial.page_cache).
    "PRESSROOM_PAGE_CACHE": True,
    # Seconds a response stays in the page cache (and in shared caches:
    # ``s-maxage``), at most; purges end it sooner.
    "PRESSROOM_PAGE_CACHE_TIMEOUT": 86400,
    # Seconds browsers may reuse a shared response without asking again
    # (``max-age``); they then revalidate it (ETag, Last-Modified).
    "PRESSROOM_BROWSER_MAX_AGE": 60,
    # Bytes of cached bodies each process keeps in memory besides a shared
    # cache (Redis), so that a hit costs one round trip instead of two; the
    # entries are still checked against the shared purges. 0: none.
    "PRESSROOM_PAGE_CACHE_LOCAL_BYTES": 8_000_000,
    # Path prefixes never cached, answered with ``Cache-Control: no-store``:
    # the admins and the headless preview endpoints.
    "PRESSROOM_PAGE_CACHE_EXCLUDED_PATHS": [
        "/admin/",
        "/django-admin/",
        "/api/v2/page_preview/",
        "/api/v3/preview/",
    ],
}


# Each setting as first read, per process (~24 reads per page served, most
# of a setting left to its default: Django's lazy settings raise and catch an
# AttributeError for each of those). A changed setting is read again
# (``setting_changed``: ``override_settings`` and pytest-django's fixture).
_read = {}


def get_setting(name):
    try:
        return _read[name]
    except KeyError:
        value = _read[name] = getattr(settings, name, DEFAULTS[name])
        return value


@receiver(setting_changed)
def _forget_changed_setting(*, setting, **kwargs):
    _read.pop(setting, None)
