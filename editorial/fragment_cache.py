"""Fragments of a page kept between renders: the rendered body of an
article (blocks, rich-text links, glossary terms, embedded episodes) with its
table of contents, and the see-also panel with recent posts of every content
page. They are most of the cost of a render that the page cache (whole
responses) missed: a reader who is logged in, or a page just purged because
a listing it also shows changed.

A fragment is stored under the page, the revision it shows, the site, the
language and the current *content generation* (``editorial.listing_cache``),
which any change readers may see renews: a page published, unpublished,
moved, deleted or saved (a linked page's title or URL, a glossary entry, an
episode), a view restriction, and any model that changes what every page
shows (images, documents, snippets such as audio files, site settings,
tags, people: ``editorial.page_cache_signals``). A fragment is also kept no
longer than ``PRESSROOM_LISTING_CACHE_TIMEOUT`` nor past the expiry time of
a page it shows. What the fragment recorded for the page cache (the pages
it shows: ``editorial.cache_tags``) is recorded again when it is served, so
whole responses built from it are purged as if it had been rendered.

Never for a preview (a draft's content) or a page without a saved revision.
A fragment holds nothing tied to one reader (JSON-LD carries no CSP nonce:
``editorial.structured_data``); one that rendered a CSRF token (a form) is
not kept.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone, translation

from editorial import cache_tags, listing_cache
from editorial.conf import get_setting


def request_parts(request):
    """What a stored render depends on besides its page: the site, language,
    host and scheme of the request (also ``editorial.item_cache``'s)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return (
        site.pk if site else "",
        translation.get_language() or "",
        request.get_host(),
        request.scheme,
    )


def digest(parts, prefix=None):
    """A short key for ``parts``, whatever their characters and length;
    with ``prefix`` (``digest_prefix(first)``), the key of ``(*first,
    *parts)``, without hashing ``first`` again for each of many keys."""
    joined = "\x1f".join(str(part) for part in parts).encode()
    if prefix is None:
        return hashlib.sha1(joined, usedforsecurity=False).hexdigest()
    hashed = prefix.copy()
    hashed.update(joined)
    return hashed.hexdigest()


def digest_prefix(parts):
    """The hash state of ``parts`` followed by a separator: ``digest``'s
    ``prefix`` for keys that all start with ``parts``."""
    return hashlib.sha1(
        "\x1f".join(str(part) for part in parts).encode() + b"\x1f",
        usedforsecurity=False,
    )


def timeout_until(expires):
    """Seconds a stored render may live: the listing cache's timeout, less
    when a page it shows expires sooner (0 or less: not worth storing)."""
    timeout = get_setting("PRESSROOM_LISTING_CACHE_TIMEOUT")
    if expires is not None:
        timeout = min(timeout, int((expires - timezone.now()).total_seconds()))
    return timeout


def _key(request, page, name):
    parts = (name, page.pk, page.live_revision_id, *request_parts(request))
    return f"pressroom:fragment:{listing_cache.generation()}:{digest(parts)}"


def cacheable(request, page):
    return bool(
        get_setting("PRESSROOM_FRAGMENT_CACHE")
        and request is not None
        and not getattr(request, "is_preview", False)
        and page.pk
        and page.live
        and page.live_revision_id
    )


def fragment(request, page, name, render):
    """``render()`` (a picklable value), or what it returned for an earlier
    request while nothing the fragment may show changed."""
    if not cacheable(request, page):
        return render()
    key = _key(request, page, name)
    stored = cache.get(key)
    if stored is not None:
        value, tags, expires = stored
        if expires is None or expires > timezone.now():
            cache_tags.add_collected(tags, expires)
            return value
    # A form's CSRF token (an event's registration form) belongs to one
    # reader: a fragment that rendered one is not kept.
    # (``get_token()`` flags the request: CSRF_COOKIE_NEEDS_UPDATE since
    # Django 4.1, CSRF_COOKIE_USED before.)
    flags = ("CSRF_COOKIE_NEEDS_UPDATE", "CSRF_COOKIE_USED")
    before = {flag: request.META.pop(flag) for flag in flags if flag in request.META}
    value, collected = cache_tags.collect(render)
    own_token = any(request.META.get(flag) for flag in flags)
    for flag, flagged in before.items():
        request.META[flag] = request.META.get(flag) or flagged
    if own_token:
        return value
    timeout = timeout_until(collected.expires)
    if timeout > 0:
        cache.set(key, (value, sorted(collected.tags), collected.expires), timeout)
    return value
