"""Deferring indexing and cache work to the end of a bulk creation.

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
"""

from contextlib import contextmanager

from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task

from editorial import page_events

DISPATCH_UID = "pressroom-deferred-indexing"


def _run_deferred(work, succeeded):
    """What each consumer of ``editorial.page_events`` deferred, done once
    (the see-also refresh only if the block succeeded; the bump and the purge,
    cheap and conservative, even if it failed part way)."""
    related = work.get("related", set()) if succeeded else set()
    page_events.bulk_ended(set(work), related)


@contextmanager
def deferred_indexing():
    """Inside: saves update neither the search index nor the reference index;
    on leaving (without an exception), each object saved inside is indexed
    once, as its last save would have indexed it. Nested in another, it
    leaves everything to the outer one."""
    if page_events.deferring():
        yield
        return
    search_models = [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    searched = set(search_models)
    pending = {}  # (app_label, model_name, pk) -> {"search", "references"}

    def remember(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        key = (instance._meta.app_label, instance._meta.model_name, str(instance.pk))
        kinds = pending.setdefault(key, set())
        if sender in searched:
            kinds.add("search")
        if sender in ReferenceIndex.tracked_models:
            kinds.add("references")

    page_events.start_deferring()
    for model in search_models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(remember, weak=False, dispatch_uid=DISPATCH_UID)
    succeeded = False
    try:
        with disable_reference_index_auto_update():
            yield
        succeeded = True
    finally:
        post_save.disconnect(dispatch_uid=DISPATCH_UID)
        for model in search_models:
            post_save.connect(post_save_signal_handler, sender=model)
        _run_deferred(page_events.stop_deferring(), succeeded)
    for (app_label, model_name, pk), kinds in pending.items():
        if "references" in kinds:
            update_reference_index_task.enqueue(app_label, model_name, pk)
        if "search" in kinds:
            insert_or_update_object_task.enqueue(app_label, model_name, pk)
