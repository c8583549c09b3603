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
A fragment holding the request's Content-Security-Policy nonce (JSON-LD
scripts) is stored without it and gets the nonce of each request it serves.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone, translation

from editorial import cache_tags, listing_cache
from editorial.conf import get_setting


def _key(request, page, name):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    parts = (
        name,
        page.pk,
        page.live_revision_id,
        site.pk if site else "",
        translation.get_language() or "",
        request.get_host(),
        request.scheme,
    )
    digest = hashlib.sha1(
        "\x1f".join(str(part) for part in parts).encode(), usedforsecurity=False
    ).hexdigest()
    return f"pressroom:fragment:{listing_cache.generation()}:{digest}"


def cacheable(request, page):
    return bool(
        get_setting("PRESSROOM_FRAGMENT_CACHE")
        and request is not None
        and not getattr(request, "is_preview", False)
        and page.pk
        and page.live
        and page.live_revision_id
    )


# Stands for the request's Content-Security-Policy nonce in a stored fragment
# (an event block's JSON-LD carries it): each request gets its own.
NONCE_PLACEHOLDER = "\x00pressroom-csp-nonce\x00"


def _replace(value, old, new):
    """``value`` (a string, or a tuple holding some) with ``old`` replaced."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, tuple):
        return tuple(_replace(item, old, new) for item in value)
    return value


def _request_nonce(request):
    # django-csp's nonce, once something read it (then a string).
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) and nonce else None


def fragment(request, page, name, render):
    """``render()`` (a picklable value), or what it returned for an earlier
    request while nothing the fragment may show changed."""
    if not cacheable(request, page):
        return render()
    key = _key(request, page, name)
    stored = cache.get(key)
    if stored is not None:
        value, tags, expires, has_nonce = stored
        if expires is None or expires > timezone.now():
            cache_tags.add_collected(tags, expires)
            if has_nonce:
                # Reading it puts it in the response's policy too.
                value = _replace(value, NONCE_PLACEHOLDER, str(request.csp_nonce))
            return value
    token = cache_tags.start()
    try:
        value = render()
    finally:
        collected = cache_tags.stop(token)
    cache_tags.add_collected(collected.tags, collected.expires)
    timeout = get_setting("PRESSROOM_LISTING_CACHE_TIMEOUT")
    if collected.expires is not None:
        timeout = min(
            timeout, int((collected.expires - timezone.now()).total_seconds())
        )
    if timeout > 0:
        nonce = _request_nonce(request)
        stored = _replace(value, nonce, NONCE_PLACEHOLDER) if nonce else value
        has_nonce = stored != value
        cache.set(
            key, (stored, sorted(collected.tags), collected.expires, has_nonce), timeout
        )
    return value
