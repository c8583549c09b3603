"""``bulk_create_pages()``: new pages written a batch at a time.

It writes what Wagtail's ``add_child()``, ``save_revision()`` and
``publish()`` would have written (the page rows, tags and child clusters,
one revision per page, the "wagtail.create" and "wagtail.publish" log
entries, the search and reference index rows), but a batch of pages at a
time, with a number of queries that does not grow with the pages of a batch.
"""

from .deferral import deferred_indexing
from .rows import (
    bulk_safe,
    concrete_chain,
    insert_rows,
    write_clusters,
    write_index_rows,
)
from .validation import free_slugs, validate

# Pages written per batch: each batch costs a fixed number of queries.
BATCH_SIZE = 500


# Page fields that save_revision() and publish() change.
STATE_FIELDS = (
    "live",
    "has_unpublished_changes",
    "expired",
    "draft_title",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
)


def _create_one_by_one(parent, page, user, publish):
    """Wagtail's own path, for a page the bulk path cannot write."""
    if not publish:
        # As the admin's "Save draft" of a new page (a page is live by default).
        page.live = False
        page.has_unpublished_changes = True
    parent.add_child(instance=page)
    if publish:
        page.save_revision(user=user, clean=False).publish(user=user)
    else:
        page.save_revision(user=user, clean=False)


def _create_batch(parent, pages, user, publish, with_ids=None):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, F, OuterRef, Subquery
    from django.db.models.functions import Cast
    from django.utils import timezone

    from wagtail.log_actions import get_active_log_context
    from wagtail.models import (
        Page,
        PageLogEntry,
        Revision,
        get_default_page_content_type,
    )
    from wagtail.signals import page_published, published

    now = timezone.now()
    # Scheduled publication, aliases and pages whose save() derives what the
    # bulk path cannot know: Wagtail's path, before the batch.
    bulk = []
    for page in pages:
        if (
            not bulk_safe(page)
            or page.alias_of_id
            or (publish and page.go_live_at and page.go_live_at > now)
        ):
            _create_one_by_one(parent, page, user, publish)
        else:
            bulk.append(page)
    if not bulk:
        return
    pages = bulk

    # Where treebeard's add_child() would put each page, one after another.
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    free_slugs(parent, pages)
    for number, page in enumerate(pages, start=step + 1):
        page.path = Page._get_path(parent.path, parent.depth + 1, number)
        page.depth = parent.depth + 1
        page.numchild = 0
        page._cached_parent_obj = parent
        if page.locale_id is None:
            page.locale_id = parent.locale_id
        if not page.draft_title:
            page.draft_title = page.title
        if page.owner_id is None and user is not None:
            page.owner = user  # as the admin's create view does
        if not publish:
            # As the admin's "Save draft" of a new page.
            page.live = False
            page.has_unpublished_changes = True
        if hasattr(page, "before_bulk_insert"):
            page.before_bulk_insert()
    validate(parent, pages)
    # What add_child() would store, and what the revision serialises; then
    # the state after save_revision() and publish(), written with the rows.
    created_state = []
    for page in pages:
        page.set_url_path(parent)
        created_state.append({name: getattr(page, name) for name in STATE_FIELDS})
        page.latest_revision_created_at = now
        page.draft_title = page.title
        if publish:
            # As publish() does; dates given by an import are kept.
            page.live = True
            page.has_unpublished_changes = False
            page.expired = False
            page.last_published_at = page.last_published_at or now
            page.first_published_at = page.first_published_at or now
        else:
            page.has_unpublished_changes = True

    # The rows of each table, the base page model's first.
    root = concrete_chain(type(pages[0]))[0]
    insert_rows(
        root,
        pages,
        [
            f
            for f in root._meta.local_concrete_fields
            if not f.generated and f is not root._meta.auto_field
        ],
        returning=True,
    )
    if any(page.id is None for page in pages):
        ids = dict(
            root._base_manager.filter(path__in=[p.path for p in pages]).values_list(
                "path", "pk"
            )
        )
        for page in pages:
            page.id = ids[page.path]
    if with_ids is not None:
        # Before the pages' own fields, revisions and index rows are written:
        # the caller may still change what they store (links to each other).
        with_ids(pages)
    tables = {}
    for page in pages:
        for model in concrete_chain(type(page))[1:]:
            for link in model._meta.parents.values():
                setattr(page, link.attname, page.id)
            tables.setdefault(model, []).append(page)
    for model in sorted(tables, key=lambda m: len(m._meta.parents)):
        insert_rows(
            model,
            tables[model],
            [f for f in model._meta.local_concrete_fields if not f.generated],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    committed = write_clusters(pages)

    # One revision per page, its content as save_revision() would serialise
    # it right after add_child().
    page_type = get_default_page_content_type()
    revisions = []
    for page, state in zip(pages, created_state, strict=True):
        final = {name: getattr(page, name) for name in STATE_FIELDS}
        for name, value in state.items():
            setattr(page, name, value)
        revisions.append(
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                user=user,
                created_at=now,
                content=page.serializable_data(),
                object_str=str(page),
            )
        )
        for name, value in final.items():
            setattr(page, name, value)
    Revision.objects.bulk_create(revisions)
    # Each page points to its revision: one UPDATE for the batch.
    revision_id = Subquery(
        Revision.objects.filter(
            base_content_type=page_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by("-id")
        .values("pk")[:1]
    )
    links = {"latest_revision_id": revision_id}
    if publish:
        links["live_revision_id"] = revision_id
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(**links)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        if publish:
            page.live_revision = revision

    # History: "wagtail.create", then "wagtail.publish" with its revision.
    context = get_active_log_context()
    entries = []
    for action in (
        ("wagtail.create", "wagtail.publish") if publish else ("wagtail.create",)
    ):
        for page, revision in zip(pages, revisions, strict=True):
            entries.append(
                PageLogEntry(
                    content_type=ContentType.objects.get_for_model(
                        page, for_concrete_model=False
                    ),
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=now,
                    data={},
                    # As log(): the user given, else (on creation) the
                    # owner, else the log context's.
                    user=(user or page.owner if action == "wagtail.create" else user)
                    or context.user,
                    uuid=context.uuid,
                    page=page,
                    revision=None if action == "wagtail.create" else revision,
                    content_changed=True,
                )
            )
    PageLogEntry.objects.bulk_create(entries)

    write_index_rows(pages)
    # Back to the database for the relations written above, as after save().
    for page, name in committed:
        del page._cluster_related_objects[name]
    if publish:
        for page, revision in zip(pages, revisions, strict=True):
            published.send(sender=type(page), instance=page, revision=revision)
            # ``created``: a receiver keeping rows about existing pages (leads'
            # events) has nothing to look up for a page created just now.
            page_published.send(
                sender=page.specific_class,
                instance=page,
                revision=revision,
                created=True,
            )


def bulk_create_pages(
    parent, pages, *, user=None, publish=True, batch_size=None, with_ids=None
):
    """Create ``pages`` (new, unsaved page instances, of any types) as children
    of ``parent``, in this order, as ``parent.add_child(instance=page)`` then
    ``page.save_revision(user=user).publish(user=user)`` would (or only the
    revision, as a draft, with ``publish=False``) and, as the admin does, with
    ``user`` as the owner of pages that have none: each page gets its
    revision, history, tags and child objects, search and reference index
    rows, and ``first_published_at``/``last_published_at`` when not given.
    The page cache, listings and see-also candidates are refreshed once at
    the end (``deferred_indexing()``). Each page is validated once; a page
    that does not validate raises its ValidationError (``error.page``)
    before anything of its batch is written. ``with_ids``, if given, is
    called with each batch's pages once they have their ids and before their
    fields, revisions and index rows are written (an importer rewrites there
    links between pages of one batch; pages created one by one, scheduled or
    aliases, are not passed). Returns the pages, saved."""
    from django.db import transaction

    pages = list(pages)
    size = batch_size or BATCH_SIZE
    with transaction.atomic(), deferred_indexing():
        for start in range(0, len(pages), size):
            _create_batch(parent, pages[start : start + size], user, publish, with_ids)
    return pages
