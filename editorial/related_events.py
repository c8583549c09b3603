"""The see-also candidates' part of page events (``editorial.page_events``):
which pages' candidates a change makes stale, and the background tasks
(``editorial.tasks``) that recompute them (``editorial.related``).

Called first by the dispatcher, before the caches that show the panels are
renewed. Kept apart from ``editorial.related`` (the computation the tasks
run), so that the tasks and what queues them do not import each other.
"""

from wagtail.models import Page, PageViewRestriction

from editorial import page_events
from editorial.models import RelatedCandidate
from editorial.related import chunks, content_ids_under, is_content
from editorial.tasks import rebuild_related, refresh_related

# Past this many pages changed at once (a section moved or restricted), the
# whole table is recomputed instead: one pass over every page's tags.
REBUILD_THRESHOLD = 2000


def queue_refresh(page_ids):
    # Inside a bulk creation: refreshed together when it ends.
    if page_events.deferred("related", page_ids):
        return
    page_ids = sorted(set(page_ids))
    if len(page_ids) > REBUILD_THRESHOLD:
        rebuild_related.enqueue()
        return
    for chunk in chunks(page_ids, 1000):
        refresh_related.enqueue(chunk)


# Refreshing the see-also candidates around one page costs about as much as
# rebuilding them for seven pages of the corpus (measured on SQLite: 200
# pages refreshed in 1.0 s, every candidate of 237 pages rebuilt in 0.16 s):
# past a fifth of the live pages, a bulk creation rebuilds them all at once.
REBUILD_SHARE = 0.2


def refresh_deferred(page_ids):
    """The see-also candidates of ``page_ids``, deferred by a bulk creation:
    refreshed, or all rebuilt when they are a large share of the site."""
    if len(page_ids) >= REBUILD_SHARE * Page.objects.filter(live=True).count():
        rebuild_related.enqueue()
    else:
        queue_refresh(page_ids)


# Key of what this consumer notes in ``page_events.Event.state``.
_LISTING = "related.listing"


def handle(event):
    """The see-also candidates' part of ``event`` (``editorial.page_events``):
    called first, before the caches that show them are renewed."""
    kind, instance = event.kind, event.instance
    if kind in (page_events.PUBLISHED, page_events.UNPUBLISHED):
        if is_content(instance):
            queue_refresh([instance.pk])
    elif kind == page_events.MOVED:
        queue_refresh(content_ids_under(instance))
    elif kind == page_events.CHANGED:
        if isinstance(instance, PageViewRestriction):
            queue_refresh(content_ids_under(Page(pk=instance.page_id)))
    elif kind == page_events.DELETING:
        # The rows pointing at the page go with it (CASCADE): the pages
        # listing it are noted now and recomputed once it is gone.
        event.state[_LISTING] = list(
            RelatedCandidate.objects.filter(candidate_id=instance.pk).values_list(
                "page_id", flat=True
            )
        )
    elif kind == page_events.DELETED:
        if event.state.get(_LISTING):
            queue_refresh(event.state[_LISTING])
    elif kind == page_events.BULK_ENDED and event.page_ids:
        refresh_deferred(event.page_ids)
