"""What to purge when content changes (``connect()`` runs from
``EditorialConfig.ready()``).

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
documents, tags) purge everything. Drafts and revisions purge nothing:
readers do not see them.

The page cache is purged at once and again when the transaction commits
(a response rendered from the old data meanwhile is then not kept); the
front-end caches (``editorial.frontend_cache``) are banned on commit.
"""

from functools import cache

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from taggit.models import TaggedItemBase
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from editorial import cache_tags, listing_cache
from editorial.bulk import deferred
from editorial.models import PlayableVersion, SeeAlsoItem
from editorial.page_cache import purge

# Page fields a draft (a new revision, a lock) changes: saving only those
# changes nothing readers see (the listing cache skips them too).
DRAFT_FIELDS = listing_cache.DRAFT_FIELDS
# Media fields Wagtail fills in lazily while a page renders.
LAZY_MEDIA_FIELDS = frozenset({"file_size", "file_hash"})
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
    """The tags the database holds for ``page`` (its live tags)."""
    tags = getattr(type(page), "tags", None)
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


def _before_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    if not isinstance(instance, Page) or not instance.pk:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before = (
        Page.objects.filter(pk=instance.pk).values("live", "url_path").first() or {}
    )
    instance._pressroom_before_save = {
        **before,
        "tag_slugs": _tag_slugs(instance) if before.get("live") else set(),
    }


def _after_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before = instance.__dict__.pop("_pressroom_before_save", {})
    if not instance.live and not before.get("live"):
        return  # never seen by readers
    if before.get("url_path") not in (None, instance.url_path):
        schedule_purge({cache_tags.ALL})
        return
    schedule_purge(page_tags(instance, before.get("tag_slugs", ())))


def _page_published(sender, instance, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    schedule_purge(page_tags(instance))


def _page_moved(sender, instance, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    schedule_purge({cache_tags.ALL})


def _before_page_delete(sender, instance, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    if isinstance(instance, Page) and instance.live:
        schedule_purge(page_tags(instance))


# -- what pages are made of ---------------------------------------------------


def _tagged_item_changed(sender, instance, **kwargs):
    tags = {cache_tags.page_tag(instance.content_object_id), cache_tags.TAG_INDEX}
    tag = getattr(instance, "tag", None)
    if tag is not None:
        tags.add(cache_tags.tag_tag(tag.slug))
    schedule_purge(tags)


def _see_also_item_changed(sender, instance, **kwargs):
    schedule_purge({cache_tags.page_tag(instance.page_id)})


def _playable_version_changed(sender, instance, **kwargs):
    # Both ends show the link: the page its player, the recording its
    # "Read the article" list (which may not have shown this page before).
    schedule_purge(
        {
            cache_tags.page_tag(instance.page_id),
            cache_tags.page_tag(instance.playable_id),
        }
    )


@cache
def _broad_kind(model):
    """``"all"`` for models that change what any page shows, ``"unrouted"``
    for redirects, None for the rest."""
    from taggit.models import Tag
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
    )
    from wagtail.snippets.models import get_snippet_models

    from editorial.models import Person, PersonLink

    if issubclass(model, Redirect):
        return cache_tags.UNROUTED
    broad = (
        Site,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        BaseSiteSetting,
        BaseGenericSetting,
        Tag,
        Person,
        PersonLink,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
    )
    if issubclass(model, broad):
        return cache_tags.ALL
    return None


def _default_settings_created(instance, signal_kwargs):
    """A site's settings created with their defaults (Wagtail creates them on
    their first read, while a page renders): nothing readers see changes."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return signal_kwargs.get("created", False) and isinstance(
        instance, (BaseSiteSetting, BaseGenericSetting)
    )


def _model_changed(sender, instance, update_fields=None, **kwargs):
    if deferred("purge"):  # purged once, whole, when the bulk ends
        return
    if isinstance(instance, Page):
        return
    if isinstance(instance, TaggedItemBase):
        if hasattr(instance, "content_object_id"):
            _tagged_item_changed(sender, instance)
        return
    if isinstance(instance, SeeAlsoItem):
        _see_also_item_changed(sender, instance)
        return
    if isinstance(instance, PlayableVersion):
        _playable_version_changed(sender, instance)
        return
    kind = _broad_kind(type(instance))
    if kind is None:
        return
    if update_fields is not None and set(update_fields) <= LAZY_MEDIA_FIELDS:
        return
    if kind == cache_tags.ALL and not _default_settings_created(instance, kwargs):
        # Cached fragments and listing values may show it too.
        listing_cache.bump()
    schedule_purge({kind})


def connect():
    pre_save.connect(_before_page_save, dispatch_uid="pressroom_page_cache_pre_save")
    post_save.connect(_after_page_save, dispatch_uid="pressroom_page_cache_post_save")
    page_published.connect(_page_published, dispatch_uid="pressroom_page_cache_pub")
    page_unpublished.connect(_page_published, dispatch_uid="pressroom_page_cache_unpub")
    post_page_move.connect(_page_moved, dispatch_uid="pressroom_page_cache_move")
    pre_delete.connect(
        _before_page_delete, dispatch_uid="pressroom_page_cache_pre_delete"
    )
    post_save.connect(_model_changed, dispatch_uid="pressroom_page_cache_saved")
    post_delete.connect(_model_changed, dispatch_uid="pressroom_page_cache_deleted")
