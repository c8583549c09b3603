"""The import of a WordPress export into a Wagtail site.

Three readings of the file, each streaming:

1. a check of the whole file (a hostile, truncated or foreign file stops
   here, before anything is written) that also indexes the items' ids,
   types, permalinks and attachment URLs (a few values per item);
2. the attachments, as images and documents (``attachments``);
3. the posts, pages and other kinds, built by the adapters registered in
   ``editorial.importing`` and written a batch at a time with
   ``editorial.bulk.bulk_create_pages`` (``content``), a post's PowerPress
   episode first (``episodes``); each batch is atomic, and a batch that
   fails is written again one item at a time so that only the failing item
   is left out.

Then links to items imported after the item linking to them are rewritten,
and every old URL gets a permanent redirect (``links``). ``ImportedObject``
rows tie each item to its object, so that a second run updates what changed
and creates nothing twice (``mapping``). What happened to each item goes to
the ``Report`` (``wordpress_import.report``).

Each stage is a mixin of ``WordPressImporter``, which reads the file and
runs them in order.
"""

from urllib.parse import urlparse

from django.db import transaction

from ..conf import get_setting
from ..report import Report
from ..wxr import read_wxr
from .attachments import AttachmentStage
from .content import POST_TYPE_KINDS, ContentStage
from .episodes import EpisodeStage, enclosure_meta
from .links import LinkStage
from .mapping import MappingStage
from .store import RunStore

__all__ = ["POST_TYPE_KINDS", "WordPressImporter", "enclosure_meta"]


class _Rollback(Exception):
    pass


class WordPressImporter(
    MappingStage, AttachmentStage, EpisodeStage, ContentStage, LinkStage
):
    """Imports one export into one site. ``run()`` returns the ``Report``;
    a file that cannot be imported raises ``wxr.WXRError`` before any write."""

    def __init__(
        self,
        source,
        *,
        site,
        uploads_dir=None,
        dry_run=False,
        limit=None,
        overwrite=False,
        user=None,
        progress=None,
        category_base="",
        tag_base="",
    ):
        self.source_file = source
        self.site = site
        self.uploads_dir = uploads_dir
        self.dry_run = dry_run
        self.limit = limit
        self.overwrite = overwrite
        self.user = user
        # The WordPress site's category and tag bases (Settings › Permalinks),
        # for the redirects of its archives; empty: read from the export, else
        # WordPress's defaults ("category", "tag").
        self.category_base = category_base
        self.tag_base = tag_base
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.report.dry_run = dry_run
        self.batch_size = get_setting("PRESSROOM_WORDPRESS_BATCH_SIZE")
        self.features = None
        self.store = None

    # Reading -----------------------------------------------------------

    def _open(self):
        if hasattr(self.source_file, "read"):
            self.source_file.seek(0)
            return self.source_file
        return open(self.source_file, "rb")

    def _items(self):
        handle = self._open()
        try:
            for event, value in read_wxr(handle):
                if event == "item":
                    yield value
        finally:
            if handle is not self.source_file:
                handle.close()

    def scan(self):
        """Read the whole file once: check it and index its items (in the
        run's store, ``store.RunStore``: the indexes do not grow the process)."""
        self.close()
        self.store = RunStore()
        self.index = self.store.table("index")  # wp id -> [post type, status]
        self.paths = self.store.table("paths")  # old path -> wp id
        self.total = 0
        handle = self._open()
        try:
            for event, value in read_wxr(handle):
                if event == "channel":
                    self.channel = value
                    continue
                try:
                    wp_id = int(value.get("wp:post_id") or 0)
                except ValueError:
                    wp_id = 0
                post_type = value.get("wp:post_type", "")
                self.index[wp_id] = (post_type, value.get("wp:status", ""))
                for path in self._old_paths(value, wp_id):
                    self.paths.setdefault(path, wp_id)
                if post_type in POST_TYPE_KINDS or post_type == "attachment":
                    self.total += 1
        except BaseException:
            self.close()
            raise
        finally:
            if handle is not self.source_file:
                handle.close()
        base = self.channel.get("wp:base_site_url") or self.channel.get("link") or ""
        self.source = base.rstrip("/") or "wordpress"
        self.hosts = {
            (urlparse(url).hostname or "").lower()
            for url in (
                self.channel.get("wp:base_site_url", ""),
                self.channel.get("wp:base_blog_url", ""),
                self.channel.get("link", ""),
            )
            if url
        }
        return self.total

    # Running -----------------------------------------------------------

    def run(self):
        from editorial.bulk import deferred_indexing
        from editorial.rich_text_features import long_form_feature_names

        try:
            self.scan()
            self.features = long_form_feature_names()
            self.done = 0
            self.progress(0, self.total)
            try:
                with deferred_indexing(), transaction.atomic():
                    self._load_mapping()
                    self._import_attachments()
                    self._import_content()
                    self._rewrite_pending_links()
                    self._redirect_archives()
                    if self.dry_run:
                        raise _Rollback
            except _Rollback:
                pass
        finally:
            self.close()
        return self.report

    def close(self):
        """Deletes the run's store (``run()`` does it; after ``scan()``
        alone, the caller)."""
        if self.store is not None:
            self.store.close()
            self.store = None

    def _tick(self):
        self.done += 1
        if self.done % 50 == 0 or self.done == self.total:
            self.progress(self.done, self.total)
