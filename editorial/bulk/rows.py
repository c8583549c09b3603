"""Writing the rows of a batch of new pages (``bulk_create_pages``): the
tables of each model in its inheritance chain, child clusters and tags, and
the search and reference index rows."""

from contextlib import contextmanager

from wagtail.models import ReferenceIndex

from modelsearch import index as search_index

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


def bulk_safe(obj):
    """Whether ``obj`` can be inserted without its save(): its class has no
    save() of its own, or says what its save() derives in
    ``before_bulk_insert()``, which the bulk path calls instead."""
    return hasattr(obj, "before_bulk_insert") or not _custom_save(type(obj))


def insert_rows(model, objs, fields, *, returning=False):
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


def concrete_chain(model):
    """The concrete models ``model`` is made of, the base page model first."""
    chain = [model, *model._meta.get_parent_list()]
    return sorted(
        {m._meta.concrete_model for m in chain}, key=lambda m: len(m._meta.parents)
    )


def write_clusters(pages):
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
                if bulk_safe(item) and item.pk is None:
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


@contextmanager
def _searchable_content_once():
    """Inside: a StreamField value's searchable content is computed once.
    modelsearch's database backends read every search field of an object
    three times (its title, autocomplete and body columns), and a body's
    searchable content (rich text turned to text, its images fetched) is
    most of the cost of indexing a page. The memo is this block's own (a
    context variable read by the ``searchable_content_memo`` adaptation of
    ``StreamField``): other threads compute as Wagtail does."""
    from editorial.wagtail_adaptations import SEARCHABLE_CONTENT

    token = SEARCHABLE_CONTENT.set({})
    try:
        yield
    finally:
        SEARCHABLE_CONTENT.reset(token)


def write_index_rows(pages):
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
                    with _searchable_content_once():
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
