"""The page cache: whole responses kept for anonymous readers, purged by tag.

``PageCacheMiddleware`` sits early in ``MIDDLEWARE`` (after the security,
CSP and CORS middleware, before sessions, locale, CSRF and authentication):

- A request that may get a shared answer (GET or HEAD, no session cookie, no
  ``Authorization`` header, outside ``PRESSROOM_PAGE_CACHE_EXCLUDED_PATHS``)
  is looked up by its URL (scheme, host, path, query string with its
  parameters sorted), the language the site answers it in (resolved from
  ``Accept-Language`` as ``LocaleMiddleware`` does) and, under the API,
  its ``Accept`` header. A valid entry is answered at once, without a
  database query; a ``HEAD`` gets the ``GET`` entry without its body; a
  matching ``If-None-Match``/``If-Modified-Since`` gets a 304.
- Otherwise the response renders while ``editorial.cache_tags`` records what
  it shows; a shareable response (200, 301 or 404, no cookie set, no CSRF
  token used, not a preview, not ``private``/``no-store``, varying on nothing
  but the language) gets ``Cache-Control: public, max-age=…, s-maxage=…``,
  ``X-Cache-Tags``, an ``ETag`` and a ``Last-Modified``, and is stored.
  Anything else gets ``Cache-Control: private, no-cache`` (``no-store`` in
  the excluded areas: the admin and previews).

Purging is exact through per-tag generations: an entry records the
generation of each of its tags when stored; ``purge(tags)`` sets a new
generation for each tag that has one; a hit reads the generations of the entry's tags in
one ``get_many`` and serves the entry only if none changed. A tag whose
generation is missing (evicted, Redis failing) invalidates the entry, and an
entry whose tags were purged while it rendered is not stored: a purge can
never be lost to a response rendered before it.

A stored response holds nothing tied to one reader: the site's public
pages carry no Content-Security-Policy nonce (their only inline scripts are
JSON-LD data blocks, which a policy does not govern: ``site_config.csp``),
so the same bytes can be served to everyone, here and by Varnish or a CDN.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from editorial import cache_tags
from editorial.conf import get_setting

ENTRY_PREFIX = "pressroom:page-cache:entry:"
GENERATION_PREFIX = "pressroom:page-cache:gen:"
# Longer query strings are answered but not stored (no cache flooding).
MAX_QUERY_LENGTH = 1000
# Statuses whose responses are stored; a 304 is shared but has nothing to store.
STORED_STATUSES = frozenset({200, 301, 404})
SHARED_STATUSES = STORED_STATUSES | {304}
# Request headers a stored response may vary on: the cookie (none is read:
# sessions bypass the cache), the language (in the key), ``Accept`` (in the
# key under the API, where API v2 negotiates its format), ``Origin`` (CORS
# headers are added outside this middleware) and ``Accept-Encoding``.
VARY_ALLOWED = frozenset(
    {"cookie", "accept-language", "accept", "origin", "accept-encoding"}
)
# Headers never stored with an entry.
NOT_STORED = frozenset({"set-cookie", "x-page-cache", "cache-control"})


# -- generations -------------------------------------------------------------


def _generation_key(tag):
    return GENERATION_PREFIX + tag


# When the last purge happened (not a tag: "*" is no tag character).
LAST_PURGE_KEY = GENERATION_PREFIX + "*last-purge"


def purge(tags):
    """Invalidate every stored response carrying one of ``tags``.

    Only the generations that exist are renewed: a tag without one is carried
    by no valid entry. ``LAST_PURGE_KEY`` is written first, so that a
    response rendered meanwhile whose tags had no generation yet is not
    stored (``_generations_for_store``)."""
    tags = {tag for tag in tags if tag}
    if not tags:
        return
    now = time.time_ns()
    cache.set(LAST_PURGE_KEY, now, None)
    existing = cache.get_many([_generation_key(tag) for tag in tags])
    if existing:
        cache.set_many(dict.fromkeys(existing, now), None)


def _generations_for_store(tags, started):
    """``{generation key: value}`` for ``tags``, creating the missing ones, or
    None if the response may show what a purge since ``started`` removed (a
    generation renewed after it, or a missing one and any purge after it)
    or a generation cannot be read."""
    keys = [_generation_key(tag) for tag in tags]
    generations = cache.get_many(keys)
    missing = [key for key in keys if key not in generations]
    if missing:
        # A new generation starts from the clock (this render's start, so no
        # later than ``started``), never from a fixed number: an entry stored
        # under generations since lost (Redis flushed or restarted, a key
        # evicted) and still kept by a process (``LocalEntries``) would
        # otherwise match the recreated ones and be served, stale.
        for key in missing:
            cache.add(key, started, None)
        found = cache.get_many([*missing, LAST_PURGE_KEY])
        if found.pop(LAST_PURGE_KEY, 0) > started:
            return None
        generations.update(found)
    if len(generations) != len(keys):
        return None
    if any(value > started for value in generations.values()):
        return None
    return generations


def _is_current(entry):
    generations = entry["generations"]
    return cache.get_many(list(generations)) == generations


# -- entries kept in the process ------------------------------------------------


class LocalEntries:
    """The most recently served entries, kept in this process (a bounded LRU
    of ``max_bytes`` of bodies), so that a hit on a shared cache (Redis) costs
    one round trip, for the generations, instead of two. An entry found here
    is still checked against the shared generations: purges stay exact."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry["content"])
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old["content"])
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped["content"])

    def discard(self, key):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old["content"])


_local = None


def local_entries():
    """The process's ``LocalEntries``, or None: off
    (``PRESSROOM_PAGE_CACHE_LOCAL_BYTES`` = 0) or useless (the cache is in
    this process already)."""
    global _local
    max_bytes = int(get_setting("PRESSROOM_PAGE_CACHE_LOCAL_BYTES"))
    if max_bytes <= 0 or isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache):
        return None
    if _local is None or _local.max_bytes != max_bytes:
        _local = LocalEntries(max_bytes)
    return _local


def find_entry(key):
    """The valid entry stored under ``key``, or None."""
    local = local_entries()
    if local is not None:
        entry = local.get(key)
        if entry is not None:
            if entry["expires"] > time.time() and _is_current(entry):
                return entry
            local.discard(key)
    entry = cache.get(key)
    if entry is None or not _is_current(entry):
        return None
    if local is not None:
        local.put(key, entry)
    return entry


# -- requests and responses ------------------------------------------------------


def _under(path, prefixes):
    return path.startswith(tuple(prefixes))


def is_personal(request):
    """Whether the request may get an answer for one person: a session (a
    logged-in editor, a password given for a private page) or credentials."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def cache_key(request):
    """The entry key of ``request``, or None if it is not to be stored."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if query:
        query = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    language = (
        translation.get_language_from_request(request) if settings.USE_I18N else ""
    )
    parts = [request.scheme, host, request.path, query, language]
    if _under(request.path_info, get_setting("PRESSROOM_API_PATH_PREFIXES")):
        parts.append(request.META.get("HTTP_ACCEPT", ""))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return ENTRY_PREFIX + digest


def _cache_control(ttl):
    max_age = max(0, min(get_setting("PRESSROOM_BROWSER_MAX_AGE"), ttl))
    return f"public, max-age={max_age}, s-maxage={max(0, ttl)}"


def mark_private(response, no_store=False):
    """Keep ``response`` out of shared caches (and browsers' with ``no_store``)."""
    current = response.get("Cache-Control", "")
    if "no-store" in current:
        return
    response["Cache-Control"] = "no-store" if no_store else "private, no-cache"


def _is_shareable(request, response):
    if response.status_code not in SHARED_STATUSES or response.streaming:
        return False
    if response.cookies or getattr(request, "is_preview", False):
        return False
    # A form's CSRF token was rendered (CsrfViewMiddleware then sets its cookie).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    ):
        return False
    if getattr(request, "pressroom_no_page_cache", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {
        header.strip().lower()
        for header in response.get("Vary", "").split(",")
        if header.strip()
    }
    allowed = VARY_ALLOWED
    if not _under(request.path_info, get_setting("PRESSROOM_API_PATH_PREFIXES")):
        allowed = allowed - {"accept"}  # in the key under the API only
    return vary <= allowed


def _etag_of(content):
    digest = hashlib.sha256(content).hexdigest()[:32]
    return f'W/"{digest}"'


def _ttl(collected):
    ttl = int(get_setting("PRESSROOM_PAGE_CACHE_TIMEOUT"))
    if collected.expires is not None:
        ttl = min(ttl, int((collected.expires - timezone.now()).total_seconds()))
    return ttl


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            mark_private(response)
            return response
        if _under(
            request.path_info, get_setting("PRESSROOM_PAGE_CACHE_EXCLUDED_PATHS")
        ):
            response = self.get_response(request)
            mark_private(response, no_store=True)
            return response
        if is_personal(request):
            response = self.get_response(request)
            if not response.streaming:
                mark_private(response)
            return response

        enabled = get_setting("PRESSROOM_PAGE_CACHE")
        key = cache_key(request) if enabled else None
        if key is not None:
            entry = find_entry(key)
            if entry is not None:
                return self.serve(request, entry)

        started = time.time_ns()
        token = cache_tags.start()
        try:
            response = self.get_response(request)
        finally:
            collected = cache_tags.stop(token)
        if response.streaming:
            return response
        ttl = _ttl(collected)
        if ttl < 1 or not _is_shareable(request, response):
            mark_private(response)
            return response

        tags = self.tags_of(request, response, collected.tags)
        response["X-Cache-Tags"] = " ".join(sorted(tags))
        response["Cache-Control"] = _cache_control(ttl)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        if response.status_code == 304:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = _etag_of(response.content)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if last_modified is None:
            last_modified = int(time.time())
            response["Last-Modified"] = http_date(last_modified)

        if key is not None and request.method == "GET":
            response["X-Page-Cache"] = "miss"
            generations = _generations_for_store(tags, started)
            if generations is not None:
                entry = {
                    "status": response.status_code,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in NOT_STORED
                    ],
                    "content": response.content,
                    "etag": response["ETag"],
                    "last_modified": last_modified,
                    "expires": time.time() + ttl,
                    "generations": generations,
                }
                cache.set(key, entry, ttl)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified,
            response=response,
        )

    @staticmethod
    def tags_of(request, response, tags):
        tags = set(tags)
        tags.add(cache_tags.ALL)
        site = getattr(request, "_wagtail_site", None)
        if site is not None:
            tags.add(cache_tags.site_tag(site.pk))
        if _under(request.path_info, get_setting("PRESSROOM_API_PATH_PREFIXES")):
            tags.add(cache_tags.API)
        content_type = response.get("Content-Type", "")
        if "xml" in content_type:
            # Feeds and sitemaps list the latest content.
            tags.add(cache_tags.FEEDS)
        if response.status_code in (301, 404):
            tags.add(cache_tags.UNROUTED)
        return tags

    @staticmethod
    def serve(request, entry):
        content = entry["content"]
        response = HttpResponse(
            b"" if request.method == "HEAD" else content, status=entry["status"]
        )
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = _cache_control(int(entry["expires"] - time.time()))
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=entry["last_modified"],
            response=response,
        )
