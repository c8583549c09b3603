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


# -- creating pages in batches -------------------------------------------------

# Pages written per batch: each batch costs a fixed number of queries.
BATCH_SIZE = 500

# Where a model's own save() may live without changing what is stored: the
# frameworks' saves, which the bulk path reproduces.
_FRAMEWORK_MODULES = ("django.", "wagtail.", "modelcluster.", "taggit.", "treebeard.")


def _custom_save(model):
    """Whether ``model`` (or a parent of it) overrides ``save()`` in project
    code: such a save may derive stored fields that a bulk insert would miss."""
    for klass in model.__mro__:
        if "save" in vars(klass) and not klass.__module__.startswith(
            _FRAMEWORK_MODULES
        ):
            return True
    return False


def _bulk_safe(obj):
    """Whether ``obj`` can be inserted without its save(): its class has no
    save() of its own, or says what its save() derives in
    ``before_bulk_insert()``, which the bulk path calls instead."""
    return hasattr(obj, "before_bulk_insert") or not _custom_save(type(obj))


def _insert_rows(model, objs, fields, *, returning=False):
    """INSERT ``objs`` into ``model``'s own table, in as few statements as the
    database allows; with ``returning``, set their new primary keys."""
    from django.db import connections, router

    using = router.db_for_write(model)
    connection = connections[using]
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    can_return = connection.features.can_return_rows_from_bulk_insert
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        rows = model._base_manager._insert(
            chunk,
            fields=fields,
            returning_fields=model._meta.db_returning_fields
            if returning and can_return
            else None,
            using=using,
        )
        if returning and can_return:
            for obj, row in zip(chunk, rows, strict=True):
                for field, value in zip(
                    model._meta.db_returning_fields, row, strict=True
                ):
                    setattr(obj, field.attname, value)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def _concrete_chain(model):
    """The concrete models ``model`` is made of, the base page model first."""
    chain = [model, *model._meta.get_parent_list()]
    return sorted(
        {m._meta.concrete_model for m in chain}, key=lambda m: len(m._meta.parents)
    )


def _free_slugs(parent, pages):
    """Give each page without a slug one made from its title, free among its
    siblings and the batch (as Wagtail does on save), in a query per round."""
    from django.conf import settings
    from django.utils.text import slugify

    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    wanted = [
        p for p in pages if not p.slug and slugify(p.title, allow_unicode=allow_unicode)
    ]
    if not wanted:
        return
    taken = {p.slug for p in pages if p.slug}
    bases = {id(p): slugify(p.title, allow_unicode=allow_unicode) for p in wanted}
    suffix = {id(p): 1 for p in wanted}
    while wanted:
        candidates = {}
        for page in wanted:
            n = suffix[id(page)]
            candidates[id(page)] = (
                bases[id(page)] if n == 1 else f"{bases[id(page)]}-{n}"
            )
        existing = set(
            parent.get_children()
            .filter(slug__in=set(candidates.values()))
            .values_list("slug", flat=True)
        )
        retry = []
        for page in wanted:
            slug = candidates[id(page)]
            if slug in existing or slug in taken:
                suffix[id(page)] += 1
                retry.append(page)
            else:
                page.slug = slug
                taken.add(slug)
        wanted = retry


# Wagtail's own message (its catalogues translate it), for a slug already
# used under the parent or twice in a batch.
SLUG_IN_USE = (
    "The slug '%(page_slug)s' is already in use within the parent page at "
    "'%(parent_url_path)s'."
)


def _check_slugs(parent, pages):
    """Each slug free among the parent's children and the batch: one query
    (``full_clean`` checks it with one query per page)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    errors = {}
    existing = set(
        parent.get_children()
        .filter(slug__in={p.slug for p in pages})
        .values_list("slug", flat=True)
    )
    seen = set()
    for page in pages:
        if page.slug in existing or page.slug in seen:
            message = gettext(SLUG_IN_USE) % {
                "page_slug": page.slug,
                "parent_url_path": parent.url,
            }
            errors[id(page)] = {"slug": ValidationError(message)}
        seen.add(page.slug)
    return errors


def _check_foreign_keys(pages):
    """Check every foreign key the pages set, one query per field and model
    (``full_clean`` runs one per page and field). Returns, per page, the
    fields found valid, for ``full_clean`` to skip."""
    from collections import defaultdict

    from django.core.exceptions import ValidationError
    from django.db.models import ForeignKey

    checked = defaultdict(set)  # id(page) -> field names
    by_field = defaultdict(list)  # (model, field name) -> pages
    for page in pages:
        for field in type(page)._meta.concrete_fields:
            if (
                isinstance(field, ForeignKey)
                and not field.remote_field.parent_link
                and getattr(page, field.attname) is not None
            ):
                by_field[(type(page), field.name)].append(page)
    errors = {}
    for (model, name), group in by_field.items():
        field = model._meta.get_field(name)
        target = field.remote_field
        values = {getattr(page, field.attname) for page in group}
        found = set(
            target.model._base_manager.filter(**{f"{target.field_name}__in": values})
            .complex_filter(field.get_limit_choices_to())
            .values_list(target.field_name, flat=True)
        )
        for page in group:
            value = getattr(page, field.attname)
            if value in found:
                checked[id(page)].add(name)
            else:
                errors.setdefault(id(page), {})[name] = ValidationError(
                    field.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": target.model._meta.verbose_name,
                        "pk": value,
                        "field": target.field_name,
                        "value": value,
                    },
                )
    return checked, errors


def _check_unique(pages):
    """The unique fields and unique-together sets of the pages, against the
    database and within the batch: one query per check and model."""
    from collections import defaultdict

    from django.core.exceptions import ValidationError

    errors = {}
    checks = defaultdict(list)  # (model, field names) -> pages
    for page in pages:
        unique_checks, _date_checks = page._get_unique_checks(
            include_meta_constraints=True
        )
        for model, names in unique_checks:
            if any(page._meta.get_field(n).primary_key for n in names):
                continue
            checks[(model, tuple(names))].append(page)
    for (model, names), group in checks.items():
        attnames = [model._meta.get_field(n).attname for n in names]
        values = {}
        for page in group:
            key = tuple(getattr(page, a) for a in attnames)
            if None in key:
                continue
            if key in values:
                errors.setdefault(id(page), {})[names[0]] = ValidationError(
                    page.unique_error_message(model, names)
                )
            values[key] = page
        if not values:
            continue
        first = {key[0] for key in values}
        for row in model._base_manager.filter(
            **{f"{attnames[0]}__in": first}
        ).values_list(*attnames):
            page = values.get(tuple(row))
            if page is not None:
                errors.setdefault(id(page), {})[names[0]] = ValidationError(
                    page.unique_error_message(model, names)
                )
    return errors


def _noop():
    return None


def _validate(parent, pages):
    """``full_clean()`` once per page, with the checks that would query the
    database per page (foreign keys, uniqueness, the slug among siblings)
    made once for the batch. Raises the first page's ValidationError, with
    the page as its ``page`` attribute."""
    from django.core.exceptions import ValidationError

    checked, errors = _check_foreign_keys(pages)
    for found in (_check_unique(pages), _check_slugs(parent, pages)):
        for key, more in found.items():
            errors.setdefault(key, {}).update(more)
    for page in pages:
        # Checked for the whole batch (``_check_slugs``).
        page._check_slug_is_unique = _noop
        try:
            page.full_clean(
                exclude=checked[id(page)],
                validate_unique=False,
                validate_constraints=bool(page._meta.constraints),
            )
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(id(page), {})[name] = ValidationError(messages)
        finally:
            del page._check_slug_is_unique
    for page in pages:
        if id(page) in errors:
            error = ValidationError(errors[id(page)])
            error.page = page
            raise error


def _write_clusters(pages):
    """Insert the child objects (tags, see-also items, chapters, ...) kept in
    memory by each page's clusters, one INSERT per model; those whose save()
    derives fields and that say nothing of it are saved one by one."""
    from collections import defaultdict

    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

    by_model = defaultdict(list)
    one_by_one = []
    committed = []  # (page, relation name)
    for page in pages:
        if not hasattr(page, "_cluster_related_objects"):
            page._cluster_related_objects = {}
        pending = page._cluster_related_objects
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            # A relation the page was given nothing for is empty: said so in
            # memory, it is not read back from the database for each page.
            pending.setdefault(name, [])
            for item in pending[name]:
                setattr(item, relation.field.attname, page.pk)
                if hasattr(item, "before_bulk_insert"):
                    item.before_bulk_insert()
                if _bulk_safe(item) and item.pk is None:
                    by_model[type(item)].append(item)
                else:
                    one_by_one.append(item)
            committed.append((page, name))
    for model, items in by_model.items():
        model._base_manager.bulk_create(items)
    for item in one_by_one:
        item.save()
    for page in pages:
        for field in get_all_child_m2m_relations(type(page)):
            getattr(page, field.name).commit()
    return committed


def _index(pages):
    """The search index and the reference index of the new pages, in batches
    (as the tasks queued by each page's saves would have left them)."""
    from collections import defaultdict

    from django.contrib.contenttypes.models import ContentType

    from modelsearch.backends import get_search_backends_with_name

    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    backends = list(get_search_backends_with_name(with_auto_update=True))
    references = []
    for model, group in by_model.items():
        if search_index.class_is_indexed(model) and getattr(
            model, "search_auto_update", True
        ):
            indexed = set(
                model.get_indexed_objects()
                .filter(pk__in=[p.pk for p in group])
                .values_list("pk", flat=True)
            )
            objs = [p for p in group if p.pk in indexed]
            for name, backend in backends:
                try:
                    backend.add_bulk(model, objs)
                except Exception:
                    if not backend.catch_indexing_errors:
                        raise
                    import logging

                    logging.getLogger(__name__).exception(
                        "Exception raised while adding pages to the '%s' search backend",
                        name,
                    )
        if model not in ReferenceIndex.tracked_models:
            continue
        content_type = ContentType.objects.get_for_model(
            model, for_concrete_model=False
        )
        base = ContentType.objects.get_for_model(
            model._meta.get_parent_list()[-1]
            if model._meta.get_parent_list()
            else model,
            for_concrete_model=False,
        )
        for page in group:
            for to_ct, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                references.append(
                    ReferenceIndex(
                        content_type=content_type,
                        base_content_type=base,
                        object_id=page.pk,
                        to_content_type_id=to_ct,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(
                            content_path
                        ),
                    )
                )
    if references:
        from django.db import connection

        ReferenceIndex.objects.bulk_create(
            references,
            ignore_conflicts=connection.features.supports_ignore_conflicts,
        )


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
    parent.add_child(instance=page)
    if publish:
        page.save_revision(user=user, clean=False).publish(user=user)
    else:
        page.save_revision(user=user, clean=False)


def _create_batch(parent, pages, user, publish):
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
            not _bulk_safe(page)
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
    _free_slugs(parent, pages)
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
    _validate(parent, pages)
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
    root = _concrete_chain(type(pages[0]))[0]
    _insert_rows(
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
    tables = {}
    for page in pages:
        for model in _concrete_chain(type(page))[1:]:
            for link in model._meta.parents.values():
                setattr(page, link.attname, page.id)
            tables.setdefault(model, []).append(page)
    for model in sorted(tables, key=lambda m: len(m._meta.parents)):
        _insert_rows(
            model,
            tables[model],
            [f for f in model._meta.local_concrete_fields if not f.generated],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    committed = _write_clusters(pages)

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

    _index(pages)
    # Back to the database for the relations written above, as after save().
    for page, name in committed:
        del page._cluster_related_objects[name]
    if publish:
        for page, revision in zip(pages, revisions, strict=True):
            published.send(sender=type(page), instance=page, revision=revision)
            page_published.send(
                sender=page.specific_class, instance=page, revision=revision
            )


def bulk_create_pages(parent, pages, *, user=None, publish=True, batch_size=None):
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
    before anything of its batch is written. Returns the pages, saved."""
    from django.db import transaction

    pages = list(pages)
    size = batch_size or BATCH_SIZE
    with transaction.atomic(), deferred_indexing():
        for start in range(0, len(pages), size):
            _create_batch(parent, pages[start : start + size], user, publish)
    return pages
