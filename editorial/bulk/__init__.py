"""Creating many pages at once (the demo publication, an import).

- ``deferred_indexing()`` (``deferral``): inside it, each object saved is
  indexed once at the end, and the see-also refresh, the listing bump and
  the page-cache purge are done once for all (the module says how).
- ``bulk_create_pages()`` (``pages``, with ``validation`` and ``rows``): new
  pages written a batch at a time, as Wagtail's ``add_child()``,
  ``save_revision()`` and ``publish()`` would have written them.
"""

from .deferral import deferred_indexing
from .pages import BATCH_SIZE, bulk_create_pages

__all__ = ["BATCH_SIZE", "bulk_create_pages", "deferred_indexing"]
