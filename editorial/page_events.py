"""One dispatcher for the changes readers may see (``connect()`` runs from
``EditorialConfig.ready()``).

It connects once to Django's and Wagtail's signals (``pre_save``,
``post_save``, ``pre_delete``, ``post_delete``, ``page_published``,
``page_unpublished``, ``post_page_move``) and to the end of
``editorial.bulk.deferred_indexing()``, turns each into one ``Event`` and
hands it to the consumers, always in this order:

1. ``editorial.related_events``: the see-also candidates (data readers see);
2. ``editorial.listing_cache``: the content generation, which every cached
   listing value and page fragment carries in its key;
3. ``editorial.page_cache_signals``: the page cache and the front-end caches
   (whole responses).

Data first, then what is derived from it, whole responses last: a response
rendered again after its purge reads fragments of the new generation, never
the fragments the purge was meant to drop.

Each consumer has a ``handle(event)`` that acts on the kinds it cares about
and ignores the rest. ``EditorialConfig.ready()`` hands them to ``connect()``
in that order: this module imports none of them (they import it, for the
kinds and for ``deferred()``). Kinds:

- ``SAVING`` / ``SAVED``: a page saved (before / after the row is written).
  A save that changes only ``DRAFT_FIELDS`` (a new revision, a lock,
  comments) is no event at all: readers see none of it.
- ``PUBLISHED`` / ``UNPUBLISHED`` / ``MOVED``: Wagtail's signals. Wagtail
  saves the page just before sending them; ``event.after_save`` is then what
  the consumers noted while handling that save (``Event.state``), so that a
  publication purges and bumps once, not once for the save and again for the
  signal: the save's event bumps and purges, the signal's queues the see-also
  refresh (which, once run, renews the panels it changed). Sent without that
  save (another instance, a change since), the event stands alone and
  ``after_save`` is None.
- ``DELETING`` / ``DELETED``: a page's base row (``wagtailcore.Page``), once
  per page whatever its type (Django also sends the signals for the specific
  row).
- ``CHANGED``: any other object saved or deleted (``event.deleted``): tags on
  pages, see-also picks, audio versions, view restrictions, images, snippets,
  settings... ``event.scope`` says how widely readers may see it
  (``scope_of``).
- ``BULK_ENDED``: ``deferred_indexing()`` ended (while it runs, consumers
  note what they skip with ``deferred()``); ``event.deferred`` says
  what the consumers skipped inside it, ``event.page_ids`` the pages whose
  see-also candidates are to be refreshed (none if the block failed). Each
  consumer then does it once.

Rows saved with a page (its tags, picks, audio versions) are events of
their own: they are written after the page's ``post_save``. Two signals are
not needed: taggit's ``m2m_changed`` (its through rows are saved with
``get_or_create`` and removed by a queryset delete, which send ``post_save``
and ``post_delete`` per row) and ``pre_page_move`` (the page's own save
during a move has the old address at ``pre_save``, the new at
``post_save``).
"""

from dataclasses import dataclass, field
from functools import cache

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from editorial import cache_tags

SAVING = "saving"
SAVED = "saved"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"
MOVED = "moved"
DELETING = "deleting"
DELETED = "deleted"
CHANGED = "changed"
BULK_ENDED = "bulk-ended"

# Page fields a draft (a new revision, a lock, comments) changes: readers see
# none of them, so saving only those is no event.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)
# Media fields Wagtail fills in lazily while a page renders.
LAZY_MEDIA_FIELDS = frozenset({"file_size", "file_hash"})
# ``scope_of``: a change any page may show / a redirect (what an address
# that no page answers shows); the page cache's tags of the same name.
ALL = cache_tags.ALL
UNROUTED = cache_tags.UNROUTED

# Objects of these models change what any page may show (``scope_of``), as
# well as Wagtail's own listed there: editorial's people, given by its
# ``ready()`` (its models are not imported here).
BROAD_MODELS = set()

# The consumers, in their order (``connect()``).
_consumers = ()

# While ``deferred_indexing()`` runs: what the consumers deferred to its end.
_deferred = None


def deferring():
    """Whether ``editorial.bulk.deferred_indexing()`` is running."""
    return _deferred is not None


def start_deferring():
    global _deferred
    _deferred = {}


def stop_deferring():
    """Ends the deferral: what was deferred, by kind."""
    global _deferred
    work, _deferred = _deferred or {}, None
    return work


def deferred(kind, page_ids=()):
    """Whether ``deferred_indexing()`` is running; if so, note that ``kind``
    ("related", "bump" or "purge") is to be done at its end, for ``page_ids``."""
    if _deferred is None:
        return False
    _deferred.setdefault(kind, set()).update(page_ids)
    return True


_BEFORE_SAVE = "_pressroom_saving"
_SAVED = "_pressroom_saved"
_BEFORE_DELETE = "_pressroom_deleting"


@dataclass
class Event:
    kind: str
    instance: object = None
    update_fields: frozenset | None = None
    created: bool = False
    deleted: bool = False
    # CHANGED: how widely readers may see the object (``scope_of``); whether
    # it is a site's settings created with their defaults on a first read.
    scope: str | None = None
    defaults_created: bool = False
    # BULK_ENDED: what each consumer deferred ("related", "bump", "purge")
    # and the pages whose see-also candidates are to be refreshed.
    deferred: frozenset = frozenset()
    page_ids: frozenset = frozenset()
    # What consumers note for the later half of the same change: shared by
    # SAVING and SAVED, DELETING and DELETED.
    state: dict = field(default_factory=dict)
    # PUBLISHED, UNPUBLISHED, MOVED right after the page's own save: that
    # save's ``state``.
    after_save: dict | None = None


def consumers():
    """The consumers, in the order they are called (see the module)."""
    return _consumers


def dispatch(event):
    for consumer in consumers():
        consumer.handle(event)


# -- classifying -------------------------------------------------------------


@cache
def _model_scope(model):
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

    if issubclass(model, Redirect):
        return UNROUTED
    broad = (
        Site,
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        BaseSiteSetting,
        BaseGenericSetting,
        Tag,
        *BROAD_MODELS,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
    )
    if issubclass(model, broad):
        return ALL
    return None


def scope_of(instance, update_fields=None):
    """``ALL`` for objects that change what any page may show (sites, view
    restrictions, collections, settings, tags, people, images, documents,
    snippets), ``UNROUTED`` for redirects, None for the rest and for an
    image's or document's lazily filled size and hash."""
    scope = _model_scope(type(instance))
    if scope and update_fields is not None and set(update_fields) <= LAZY_MEDIA_FIELDS:
        return None
    return scope


def _defaults_created(instance, created):
    """A site's settings created with their defaults (Wagtail creates them on
    their first read, while a page renders): nothing readers see changes."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return created and isinstance(instance, (BaseSiteSetting, BaseGenericSetting))


def _is_draft(update_fields):
    return update_fields is not None and set(update_fields) <= DRAFT_FIELDS


def _is_base_row(instance):
    """The ``wagtailcore.Page`` row of a page (not its specific row)."""
    return isinstance(instance, Page) and not instance._meta.get_parent_list()


def _saved_as(instance):
    """What a later signal must find unchanged to count as the same change."""
    return (instance.pk, instance.live, instance.live_revision_id, instance.url_path)


# -- receivers ---------------------------------------------------------------


def _pre_save(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or _is_draft(update_fields):
        return
    event = Event(SAVING, instance, update_fields=_fields(update_fields))
    instance.__dict__.pop(_SAVED, None)
    instance.__dict__[_BEFORE_SAVE] = event.state
    dispatch(event)


def _post_save(sender, instance, created=False, update_fields=None, **kwargs):
    fields = _fields(update_fields)
    if not isinstance(instance, Page):
        dispatch(
            Event(
                CHANGED,
                instance,
                update_fields=fields,
                created=created,
                scope=scope_of(instance, fields),
                defaults_created=_defaults_created(instance, created),
            )
        )
        return
    if _is_draft(update_fields):
        return
    state = instance.__dict__.pop(_BEFORE_SAVE, None) or {}
    dispatch(Event(SAVED, instance, update_fields=fields, created=created, state=state))
    instance.__dict__[_SAVED] = (_saved_as(instance), state)


def _after_save(instance):
    saved = instance.__dict__.pop(_SAVED, None)
    if saved is not None and saved[0] == _saved_as(instance):
        return saved[1]
    return None


def _published(sender, instance, **kwargs):
    dispatch(Event(PUBLISHED, instance, after_save=_after_save(instance)))


def _unpublished(sender, instance, **kwargs):
    dispatch(Event(UNPUBLISHED, instance, after_save=_after_save(instance)))


def _moved(sender, instance, **kwargs):
    dispatch(Event(MOVED, instance, after_save=_after_save(instance)))


def _pre_delete(sender, instance, **kwargs):
    if not _is_base_row(instance):
        return
    event = Event(DELETING, instance, deleted=True)
    instance.__dict__[_BEFORE_DELETE] = event.state
    dispatch(event)


def _post_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        if _is_base_row(instance):
            state = instance.__dict__.pop(_BEFORE_DELETE, None) or {}
            dispatch(Event(DELETED, instance, deleted=True, state=state))
        return
    dispatch(Event(CHANGED, instance, deleted=True, scope=scope_of(instance)))


def bulk_ended(deferred, page_ids):
    """``deferred_indexing()`` ended: each consumer does once what it
    deferred (``deferred``: the kinds noted by ``deferred()``;
    ``page_ids``: the see-also refreshes deferred, none if the block
    failed)."""
    dispatch(
        Event(BULK_ENDED, deferred=frozenset(deferred), page_ids=frozenset(page_ids))
    )


def _fields(update_fields):
    return None if update_fields is None else frozenset(update_fields)


def connect(consumers, broad_models=()):
    """Connect the dispatcher once (idempotent: dispatch uids), calling
    ``consumers`` in their order; ``broad_models`` join ``BROAD_MODELS``."""
    global _consumers
    _consumers = tuple(consumers)
    BROAD_MODELS.update(broad_models)
    _model_scope.cache_clear()
    pre_save.connect(_pre_save, dispatch_uid="pressroom_events_pre_save")
    post_save.connect(_post_save, dispatch_uid="pressroom_events_post_save")
    pre_delete.connect(_pre_delete, dispatch_uid="pressroom_events_pre_delete")
    post_delete.connect(_post_delete, dispatch_uid="pressroom_events_post_delete")
    page_published.connect(_published, dispatch_uid="pressroom_events_published")
    page_unpublished.connect(_unpublished, dispatch_uid="pressroom_events_unpublished")
    post_page_move.connect(_moved, dispatch_uid="pressroom_events_moved")
