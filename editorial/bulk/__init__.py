"""Creating many pages at once (the demo publication, an import).

Each save of a page updates Wagtail's search index and reference index, and
creating a published page saves it three times (``add_child``,
``save_revision``, ``publish``): most of the time of a bulk creation went into
indexing the same page three times. ``deferred_indexing()`` indexes each object
saved inside it once, when the block ends, through the very tasks Wagtail's
signal handlers would have queued, so both indexes end up as they would
have been. For management commands and imports: it disconnects the search
index's ``post_save`` handler process-wide while it runs, so it is not for
code answering requests.

Inside it, what each save or publication would have done at once for
readers is also done once for all at the end: the see-also candidates of
every page published, unpublished, moved or deleted are refreshed together
(one ``queue_refresh``, or one rebuild of every page's candidates when the
pages created are a large share of the site: ``REBUILD_SHARE``), the listing cache's
content generation is bumped once and the page cache and front-end caches
are purged once, whole: the consumers of ``editorial.page_events`` ask
``deferred()`` and the end of the block is one event (``BULK_ENDED``) for
them, in their usual order.
Inside it alone, revisions and log entries are written as usual, page by
page.

``bulk_create_pages()`` goes further for pages that are new: it writes what
Wagtail's ``add_child()``, ``save_revision()`` and ``publish()`` would have
written (the page rows, tags and child clusters, one revision per page, the
"wagtail.create" and "wagtail.publish" log entries, the search and reference
index rows), but a batch of pages at a time, with a number of queries that
does not grow with the pages of a batch.
"""

from .deferral import deferred_indexing
from .pages import BATCH_SIZE, bulk_create_pages

__all__ = ["BATCH_SIZE", "bulk_create_pages", "deferred_indexing"]
