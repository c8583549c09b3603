"""Rendered items of long lists (a feed's items, the glossary index's
entries) kept between renders, so that a page of 100 items costs one cache
read rather than 100 renders: what a list costs no longer grows with the
number of items it shows.

Each item is stored under the list's name, the page it shows and the
revision and publication time of that page, the site, language, host and
scheme of the request, and the current *content generation*
(``editorial.listing_cache``), which any change readers may see renews (a
page published, unpublished, moved, saved or deleted, a view restriction,
tags, people, images, documents, snippets, settings:
``editorial.page_cache_signals``), as for the page fragments
(``editorial.fragment_cache``). The items of a list are read with one
``get_many`` and the missing ones written with one ``set_many``; they live
at most ``PRESSROOM_LISTING_CACHE_TIMEOUT`` seconds and never past the
expiry time of a page they show. What an item's render recorded for the
page cache (``editorial.cache_tags``) is stored with it and recorded again
when it is served.

Off with ``PRESSROOM_FRAGMENT_CACHE``, and never for a preview.
"""

from django.core.cache import cache
from django.utils import timezone

from editorial import cache_tags, listing_cache
from editorial.conf import get_setting
from editorial.fragment_cache import (
    digest,
    digest_prefix,
    request_parts,
    timeout_until,
)


def _version(row):
    """What identifies the state of the page ``row`` shows: its live revision
    and publication time (pages imported without revisions have only the
    latter)."""
    published = getattr(row, "last_published_at", None)
    return (
        row.pk,
        getattr(row, "live_revision_id", None) or "",
        published.isoformat() if published else "",
    )


class ItemBatch:
    """The rendered items of one list shown to one request: ``values[i]`` for
    the ``i``-th of ``rows`` that an earlier request stored (read at once),
    and ``missing``, the indexes of the rows still to render (``render``
    and ``put`` each, then ``save``).

    ``rows`` are the pages the list shows (instances holding at least their
    ``pk``, ``live_revision_id``, ``last_published_at`` and ``expire_at``:
    a query with ``only()`` is enough); ``name`` tells the lists, and the
    forms of one list, apart (``"feed-item:rss"``)."""

    def __init__(self, request, name, rows):
        self.rows = list(rows)
        self.enabled = bool(
            get_setting("PRESSROOM_FRAGMENT_CACHE")
            and request is not None
            and not getattr(request, "is_preview", False)
        )
        self.values = {}
        self._pending = {}
        self._collected = {}
        self.keys = []
        if self.enabled and self.rows:
            prefix = f"pressroom:item:{listing_cache.generation()}:"
            common = digest_prefix((name, *request_parts(request)))
            self.keys = [prefix + digest(_version(row), common) for row in self.rows]
            found = cache.get_many(self.keys)
            now = timezone.now()
            for index, key in enumerate(self.keys):
                stored = found.get(key)
                if stored is None:
                    continue
                value, tags, expires = stored
                if expires is not None and expires <= now:
                    continue
                cache_tags.add_collected(tags, expires)
                self.values[index] = value
        self.missing = [i for i in range(len(self.rows)) if i not in self.values]

    def missing_rows(self):
        return [self.rows[index] for index in self.missing]

    def forget(self, index):
        """The ``index``-th row is no longer to render (its page went away
        since the list was read): it shows nothing."""
        self.missing.remove(index)
        self.values[index] = None

    def render(self, index, function):
        """``function()``, the render of the ``index``-th item (or of what its
        stored value is made from), recording what it shows for the page
        cache: ``put`` stores that with the value."""
        value, collected = cache_tags.collect(function)
        self._collected[index] = collected
        return value

    def render_all(self, function, *, own_page_only=False):
        """``function()``, the render of every missing item at once (a batch
        that loads what they show together), recording what it shows for
        each of them: ``put`` stores all of it with each item (a superset of
        what each one shows, which only purges it more often).

        ``own_page_only``: each item shows its own row's page and none of the
        other rows' (an item of a content list), so an item is stored with
        its own page's tag and the tags that are no row's page, not with
        every row's: what an item stores and what a hit reads stay the same
        size whatever the number of items rendered together."""
        value, collected = cache_tags.collect(function)
        if not own_page_only:
            for index in self.missing:
                self._collected[index] = collected
            return value
        row_tags = {cache_tags.page_tag(self.rows[i].pk) for i in self.missing}
        shared = collected.tags - row_tags
        for index in self.missing:
            own = cache_tags.Collected()
            own.tags = shared | (
                {cache_tags.page_tag(self.rows[index].pk)} & collected.tags
            )
            own.expires = collected.expires
            self._collected[index] = own
        return value

    def put(self, index, value):
        """``value`` as the ``index``-th item, stored (by ``save``) with what
        its ``render`` recorded."""
        self.values[index] = value
        if self.enabled:
            collected = self._collected.pop(index, None)
            tags = sorted(collected.tags) if collected else []
            expires = collected.expires if collected else None
            self._pending[self.keys[index]] = (value, tags, expires)

    def save(self):
        """Store the items rendered since the batch was read, in one write."""
        if not self._pending:
            return
        soonest = min(
            (expires for _v, _t, expires in self._pending.values() if expires),
            default=None,
        )
        timeout = timeout_until(soonest)
        if timeout > 0:
            cache.set_many(self._pending, timeout)
        self._pending = {}
