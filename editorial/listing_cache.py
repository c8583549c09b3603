"""Cached values of listings that would otherwise scan every page on each
request (an index's filter choices, its number of items).

Each value is stored under a key carrying the current *content generation*,
a counter bumped whenever what readers may see changes: a page published,
unpublished, moved or deleted, a view restriction or a site added, changed
or removed (and whatever an app declares with ``bump_on``, such as the names
of categories or people). A bump makes every older value unreachable at once; values also
expire after ``PRESSROOM_LISTING_CACHE_TIMEOUT`` seconds, which bounds what
the clock alone changes (a page reaching its ``expire_at`` before Wagtail's
``publish_scheduled`` command unpublishes it).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

from editorial.conf import get_setting

GENERATION_KEY = "pressroom:content-generation"


def _fresh_generation():
    # A counter lost (evicted, a cache restarted) starts again from the clock,
    # never from a number whose values may still be stored.
    return time.time_ns() // 1000


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        fresh = _fresh_generation()
        cache.add(GENERATION_KEY, fresh, timeout=None)
        value = cache.get(GENERATION_KEY) or fresh
    return value


def _increment():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def bump(*args, **kwargs):
    """Make every cached listing value stale (a signal receiver): at once, and
    again when the current transaction commits, so that a value another
    process computed from the data before the commit is not kept."""
    from editorial.bulk import deferred

    if deferred("bump"):  # bumped once when the bulk creation ends
        return
    _increment()
    transaction.on_commit(_increment, robust=True)


def cached(parts, compute):
    """``compute()``, cached for the current content generation under a key
    made of ``parts``."""
    timeout = get_setting("PRESSROOM_LISTING_CACHE_TIMEOUT")
    # Hashed: any characters, any length (memcached takes 250 at most).
    digest = hashlib.sha1(
        "\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False
    ).hexdigest()
    key = f"pressroom:listing:{generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def bump_on(*models):
    """Bump the generation whenever an object of ``models`` is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"pressroom_bump_{model}")
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"pressroom_bump_del_{model}"
        )


# Page fields a draft (a new revision, a lock, comments) changes: readers see
# none of them, so saving only those renews no listing value or fragment.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


def _bump_for_pages(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    bump()


def connect():
    from django.db.models.signals import post_delete, post_save

    from taggit.models import Tag
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from editorial.models import Person

    page_published.connect(bump, dispatch_uid="pressroom_bump_published")
    page_unpublished.connect(bump, dispatch_uid="pressroom_bump_unpublished")
    post_page_move.connect(bump, dispatch_uid="pressroom_bump_moved")
    # Any page saved or deleted, whatever its type (a save sends the signal
    # for the page's own class only).
    post_save.connect(_bump_for_pages, dispatch_uid="pressroom_bump_page_saved")
    post_delete.connect(_bump_for_pages, dispatch_uid="pressroom_bump_page_deleted")
    # Sites: the list every request chooses its site from (editorial.sites).
    bump_on(PageViewRestriction, Tag, Person, Site)
