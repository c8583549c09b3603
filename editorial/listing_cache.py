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

Inside a request the generation is read from the cache once (a page reads
ten listing values: a Redis round trip each otherwise), and again after any
bump this process makes; a bump by another process is seen by the next
request, as a value read at the start of this one would be.
"""

import contextvars
import hashlib
import time

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

from editorial.conf import get_setting

GENERATION_KEY = "pressroom:content-generation"


def _fresh_generation():
    # A counter lost (evicted, a cache restarted) starts again from the clock,
    # never from a number whose values may still be stored.
    return time.time_ns() // 1000


# The generation read in the current request, with the number of bumps
# this process had made when it was read (None outside a request). A context
# variable: a thread's own under WSGI, a request's own under ASGI.
_request_memo = contextvars.ContextVar("pressroom_generation_memo", default=None)
# Bumps made by this process (any thread): a memo from before one is stale.
_bumps = 0


def _start_request(**kwargs):
    _request_memo.set({})


def _end_request(**kwargs):
    _request_memo.set(None)


request_started.connect(_start_request, dispatch_uid="pressroom_listing_cache")
request_finished.connect(_end_request, dispatch_uid="pressroom_listing_cache")


def generation():
    memo = _request_memo.get()
    # Taken before the read: a bump while it runs makes what it reads stale.
    bumps = _bumps
    if memo is not None and memo.get("bumps") == bumps:
        return memo["generation"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        fresh = _fresh_generation()
        cache.add(GENERATION_KEY, fresh, timeout=None)
        value = cache.get(GENERATION_KEY) or fresh
    if memo is not None:
        memo["generation"] = value
        memo["bumps"] = bumps
    return value


def _increment():
    global _bumps
    _bumps += 1
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def bump(*args, **kwargs):
    """Make every cached listing value stale (a signal receiver): at once, and
    again when the current transaction commits, so that a value another
    process computed from the data before the commit is not kept."""
    from editorial.page_events import deferred

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


# Models whose objects, saved or deleted, make every listing value stale
# besides those ``page_events.scope_of`` says any page may show (``bump_on``).
_BUMPED_MODELS = set()


def bump_on(*models):
    """Bump the generation whenever an object of ``models`` is saved or
    deleted (an app's own objects that its listings show, such as the names
    of categories; ``editorial.page_events`` delivers the changes)."""
    _BUMPED_MODELS.update(models)


# Key of what this consumer notes in ``page_events.Event.state``.
_BUMPED = "listing_cache.bumped"


def handle(event):
    """The listing cache's part of ``event`` (``editorial.page_events``):
    any page saved (drafts aside), published, unpublished, moved or deleted,
    and any object readers may see anywhere, renews the generation, once per
    change."""
    from editorial import page_events

    kind = event.kind
    if kind == page_events.SAVED:
        bump()
        event.state[_BUMPED] = True
    elif kind in (page_events.PUBLISHED, page_events.UNPUBLISHED, page_events.MOVED):
        if not (event.after_save and event.after_save.get(_BUMPED)):
            bump()
    elif kind == page_events.DELETED:
        bump()
    elif kind == page_events.CHANGED:
        if type(event.instance) in _BUMPED_MODELS or (
            event.scope == page_events.ALL and not event.defaults_created
        ):
            bump()
    elif kind == page_events.BULK_ENDED and {"bump", "purge"} & event.deferred:
        bump()
