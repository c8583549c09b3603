"""What to purge when content changes: the page cache's consumer of
``editorial.page_events`` (``handle``), called last, after the see-also
candidates and the listing cache.

A page published, unpublished, saved live or deleted purges its own tag
(``page-<id>``: every response that showed it, as an item, a pick, a link or
an embed), its parent's listing, the home page and the recent-content
components, the tag pages of its old and new tags and the tag index, feeds,
the API and the cached 404s and redirects (its address may have been one). A
page moved, or whose address changed, purges everything: the addresses of
all its descendants changed. A page type whose publication can change any
page (glossary entries, linked automatically from every text) sets
``page_cache_purge_all = True``.

Models that change what every page shows (snippets such as audio files,
people, site settings, sites, view restrictions, collections, images,
documents, tags: ``page_events.scope_of``) purge everything. Drafts and
revisions purge nothing: readers do not see them. A publication, an
unpublication or a move right after the page's own save purges once: what
the save purged covers what the signal would (a move purges everything
unless the save did).

The page cache is purged at once and again when the transaction commits
(a response rendered from the old data meanwhile is then not kept); the
front-end caches (``editorial.frontend_cache``) are banned on commit.
"""

from django.db import transaction

from wagtail.models import Page

from editorial import cache_tags, page_events
from editorial.models import PlayableVersion, SeeAlsoItem
from editorial.page_cache import purge

# What changes with any publication.
COMMON_TAGS = frozenset(
    {
        cache_tags.HOME,
        cache_tags.RECENT,
        cache_tags.TAG_INDEX,
        cache_tags.SEARCH,
        cache_tags.FEEDS,
        cache_tags.API,
        cache_tags.UNROUTED,
    }
)
_PENDING_ATTRIBUTE = "_pressroom_pending_purge"


# -- purging ---------------------------------------------------------------


def _flush_pending():
    from editorial.frontend_cache import purge_tags

    connection = transaction.get_connection()
    tags = getattr(connection, _PENDING_ATTRIBUTE, set())
    setattr(connection, _PENDING_ATTRIBUTE, set())
    if tags:
        purge(tags)
        purge_tags(tags)


def schedule_purge(tags):
    """Purge ``tags`` from the page cache now, and from it and the front-end
    caches when the current transaction commits (at once outside one). The
    tags of one transaction are sent together, by the first of its
    callbacks to run."""
    tags = set(tags)
    if not tags:
        return
    purge(tags)
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    if pending is None:
        pending = set()
        setattr(connection, _PENDING_ATTRIBUTE, pending)
    pending.update(tags)
    transaction.on_commit(_flush_pending, robust=True)


# -- pages -----------------------------------------------------------------


def _tag_slugs(page):
    """The tags the database holds for ``page`` (its live tags), whether
    ``page`` is the specific object or its base row."""
    tags = getattr(page.specific_class or type(page), "tags", None)
    through = getattr(getattr(tags, "through", None), "objects", None)
    if through is None or not page.pk:
        return set()
    return set(
        through.filter(content_object_id=page.pk).values_list("tag__slug", flat=True)
    )


def _parent_pk(page):
    if not page.path or len(page.path) <= page.steplen:
        return None
    return (
        Page.objects.filter(path=page.path[: -page.steplen])
        .values_list("pk", flat=True)
        .first()
    )


def page_tags(page, old_tag_slugs=()):
    """What to purge when ``page`` changes for readers."""
    if getattr(page.specific_class or type(page), "page_cache_purge_all", False):
        return {cache_tags.ALL}
    tags = {cache_tags.page_tag(page.pk), *COMMON_TAGS}
    parent_pk = _parent_pk(page)
    if parent_pk:
        tags.add(cache_tags.listing_tag(parent_pk))
    slugs = set(old_tag_slugs) | _tag_slugs(page)
    tags.update(cache_tags.tag_tag(slug) for slug in slugs)
    return tags


# Keys of what this consumer notes in ``Event.state``.
_BEFORE = "page_cache.before"
_PURGED = "page_cache.purged"


def _before_page_save(event):
    instance = event.instance
    if not instance.pk:
        return
    before = (
        Page.objects.filter(pk=instance.pk).values("live", "url_path").first() or {}
    )
    event.state[_BEFORE] = {
        **before,
        "tag_slugs": _tag_slugs(instance) if before.get("live") else set(),
    }


def _after_page_save(event):
    instance = event.instance
    before = event.state.get(_BEFORE, {})
    if not instance.live and not before.get("live"):
        return  # never seen by readers
    if before.get("url_path") not in (None, instance.url_path):
        tags = {cache_tags.ALL}
    else:
        tags = page_tags(instance, before.get("tag_slugs", ()))
    schedule_purge(tags)
    event.state[_PURGED] = tags


def _page_published(event):
    if event.after_save and event.after_save.get(_PURGED):
        return  # the save purged the page, its tags, parent and listings
    schedule_purge(page_tags(event.instance))


def _page_moved(event):
    if event.after_save and cache_tags.ALL in event.after_save.get(_PURGED, ()):
        return
    schedule_purge({cache_tags.ALL})


def _before_page_delete(event):
    if event.instance.live:
        schedule_purge(page_tags(event.instance))


# -- what pages are made of ---------------------------------------------------


def _tagged_item_changed(instance):
    tags = {cache_tags.page_tag(instance.content_object_id), cache_tags.TAG_INDEX}
    tag = getattr(instance, "tag", None)
    if tag is not None:
        tags.add(cache_tags.tag_tag(tag.slug))
    schedule_purge(tags)


def _see_also_item_changed(instance):
    schedule_purge({cache_tags.page_tag(instance.page_id)})


def _playable_version_changed(instance):
    # Both ends show the link: the page its player, the recording its
    # "Read the article" list (which may not have shown this page before).
    schedule_purge(
        {
            cache_tags.page_tag(instance.page_id),
            cache_tags.page_tag(instance.playable_id),
        }
    )


def _object_changed(event):
    from taggit.models import TaggedItemBase

    instance = event.instance
    if isinstance(instance, TaggedItemBase):
        if hasattr(instance, "content_object_id"):
            _tagged_item_changed(instance)
    elif isinstance(instance, SeeAlsoItem):
        _see_also_item_changed(instance)
    elif isinstance(instance, PlayableVersion):
        _playable_version_changed(instance)
    elif event.scope is not None:
        schedule_purge({event.scope})


_HANDLERS = {
    page_events.SAVING: _before_page_save,
    page_events.SAVED: _after_page_save,
    page_events.PUBLISHED: _page_published,
    page_events.UNPUBLISHED: _page_published,
    page_events.MOVED: _page_moved,
    page_events.DELETING: _before_page_delete,
    page_events.CHANGED: _object_changed,
}


def handle(event):
    """The page cache's part of ``event`` (``editorial.page_events``)."""
    if event.kind == page_events.BULK_ENDED:
        if "purge" in event.deferred:
            schedule_purge({cache_tags.ALL})
        return
    handler = _HANDLERS.get(event.kind)
    if handler is None:
        return
    if page_events.deferred("purge"):  # purged once, whole, when the bulk ends
        return
    handler(event)
