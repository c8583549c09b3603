"""Resolution of a page's "See also" panel.

Editors' picks come first, in their order; free places are filled with the
content sharing the most tags with the page, then with the most recent
content. Never the page itself, never a duplicate, never anything the reader
may not see (``Visibility``). The query count does not depend on the number
of picks or tags, and the cost does not depend on the number of pages: the
tag fill reads the page's precomputed candidates (``editorial.related``),
checked against ``Visibility`` when shown, and the recency fill reads the
newest rows of each type from their index. Only a page whose tags are held
in memory (a preview of a draft) ranks the pages sharing its tags live.
"""

from django.apps import apps
from django.db.models import (
    CharField,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)

from wagtail.models import Page

from editorial import cache_tags
from editorial.conf import get_setting
from editorial.content import ContentItem
from editorial.prepared import PreparedQuery


def _tags_in_memory(page):
    """Whether the page's tags are the draft's, held in memory (a preview, an
    unsaved change) rather than the stored ones the candidates were computed
    from."""
    if not page.pk:
        return True
    through = type(page).tags.through
    accessor = through._meta.get_field(
        "content_object"
    ).remote_field.get_accessor_name()
    return accessor in getattr(page, "_cluster_related_objects", {})


def _picks_in_memory(page):
    """Whether ``page.see_also_items.all()`` gives picks held in memory (a
    draft's, or prefetched) rather than a query of the stored ones: what
    modelcluster's relation manager checks, without building its queryset."""
    return "see_also_items" in getattr(
        page, "_cluster_related_objects", {}
    ) or "see_also_items" in getattr(page, "_prefetched_objects_cache", {})


def _rank(row):
    # Most shared tags first, then the newest, then the highest id.
    return (-row[3], -row[1].toordinal(), -row[0])


def resolve_see_also(page, visibility, count=None):
    rows, labels = see_also_rows(page, visibility, count)
    return visibility.load(rows, labels=labels)


def see_also_rows(page, visibility, count=None):
    """``(rows, labels)`` of the panel, for ``Visibility.load`` (or
    ``load_groups``, with the other panels of the page)."""
    count = get_setting("PRESSROOM_SEE_ALSO_COUNT") if count is None else count
    if count <= 0:
        return [], {}
    seen = {page.pk} if page.pk else set()

    # Picks are read through the relation rather than a query of our own, so a
    # preview shows the picks of the unsaved draft.
    picks = []
    labels = {}
    stored = None
    tags_in_memory = _tags_in_memory(page)
    if page.pk and not _picks_in_memory(page):
        stored_picks = True
    else:
        items = page.see_also_items.all()
        stored_picks = isinstance(items, QuerySet) and items._result_cache is None
        if not stored_picks:
            items = [(item.target_id, item.label) for item in items]
    if stored_picks and not tags_in_memory:
        # The stored picks come with the candidates' rows, in the one
        # compiled query of the fill (``_stored_rows``).
        stored = _STORED_ROWS.rows(page=page.pk, picks_of=page.pk)
        items = [
            (row[0], row[10]) for row in sorted(_pick_rows(stored), key=_pick_order)
        ]
    elif stored_picks:
        # A stored page's picks, by a query compiled once (editorial.prepared).
        items = [(item.target_id, item.label) for item in _PICKS.run(page=page.pk)]
    for target_id, label in items:
        if target_id and target_id not in seen and target_id not in labels:
            picks.append(target_id)
            labels[target_id] = label
    # A pick hidden today shows once it is published: the panel depends on
    # every pick, shown or not (editorial.cache_tags, for the page cache).
    cache_tags.add_pages(picks)
    tags = [tag for tag in page.tags.all() if tag.pk]
    tag_ids = [tag.pk for tag in tags]
    if tag_ids:
        # Any page published with one of these tags may enter the panel.
        cache_tags.add_tag_slugs(tag.slug for tag in tags)
    if tags_in_memory:
        rows = _live_fill(visibility, picks, tag_ids, seen, count)
    elif stored_picks:
        rows = _stored_fill(stored, visibility, picks, bool(tag_ids), seen, count)
    else:
        rows = _precomputed_fill(page, visibility, picks, bool(tag_ids), seen, count)
    seen.update(row[0] for row in rows)
    if len(rows) < count:
        cache_tags.add(cache_tags.RECENT)
        rows += visibility.newest_keys(count - len(rows), exclude_pks=seen)
    return rows, labels


def _stored_picks(page):
    # By the app registry: the pages' module (which defines the picks'
    # model) imports this one.
    return apps.get_model("editorial", "SeeAlsoItem").objects.filter(page=page)


# The page id while the picks' query compiles is one no page has.
_PICKS = PreparedQuery(_stored_picks, page=2_000_000_029)


# What the panel reads of a listed page's row to check ``Visibility`` on it.
_RULE_COLUMNS = ("live", "path", "go_live_at", "expire_at", "content_type_id")


def _stored_rows(page, picks_of):
    """The rows of the page's precomputed candidates, then of the targets of
    its stored picks: ``(pk, *_RULE_COLUMNS, shared tags, rank date, pick's
    sort order, pick's id, pick's label)``, the first two None for a pick,
    the last three for a candidate. Two index lookups by the page's id in
    one UNION, whatever the picks and tags: the picks themselves (their
    order and labels) are read with their targets' rows."""
    candidates = (
        apps.get_model("editorial", "RelatedCandidate")
        .objects.filter(page_id=page)
        .annotate(
            no_order=Value(None, output_field=IntegerField()),
            no_pick=Value(None, output_field=IntegerField()),
            no_label=Value(None, output_field=CharField()),
        )
        .order_by()
        .values_list(
            "candidate_id",
            *(f"candidate__{name}" for name in _RULE_COLUMNS),
            "shared_tags",
            "candidate_date",
            "no_order",
            "no_pick",
            "no_label",
        )
    )
    targets = (
        apps.get_model("editorial", "SeeAlsoItem")
        .objects.filter(page_id=picks_of, target__isnull=False)
        .annotate(
            no_shared=Value(None, output_field=IntegerField()),
            no_date=Value(None, output_field=DateField()),
        )
        .order_by()
        .values_list(
            "target_id",
            *(f"target__{name}" for name in _RULE_COLUMNS),
            "no_shared",
            "no_date",
            "sort_order",
            "id",
            "label",
        )
    )
    return candidates.union(targets, all=True)


def _pick_rows(rows):
    # A pick's row has its id; a candidate's has none.
    return (row for row in rows if row[9] is not None)


def _pick_order(row):
    # The picks' order (``Orderable``), ties by id as they were created.
    return (row[8] is None, row[8] or 0, row[9])


# Compiled once (editorial.prepared): building this query on each render cost
# more than a tenth of the seed article's render. Two ids no page has.
_STORED_ROWS = PreparedQuery(_stored_rows, page=2_000_000_031, picks_of=2_000_000_037)


def _stored_fill(stored, visibility, picks, tagged, seen, count):
    """``_precomputed_fill`` for a stored page's picks: the same rows, read
    by one compiled query (``_stored_rows``: ``stored``) and checked
    against ``Visibility`` on their columns (``Visibility.allows_row``, the
    rule of its ``q()``) rather than by a query built for each render."""
    if not picks and not tagged:
        return []
    kinds = _kinds(visibility)
    if not kinds:
        return []
    found = {}
    for pk, live, path, go_live_at, expire_at, ct, shared, day, *_pick in stored:
        kind = kinds.get(ct)
        if kind is None or not visibility.allows_row(live, path, go_live_at, expire_at):
            continue
        if shared is not None:
            found[pk] = (pk, day, kind, shared)
        elif pk not in found:
            found[pk] = (pk, None, kind, None)
    rows = [found[pk] for pk in picks if pk in found][:count]
    if not tagged:
        return rows
    taken = seen | {row[0] for row in rows}
    fill = sorted(
        (row for pk, row in found.items() if pk not in taken and row[3]),
        key=_rank,
    )
    return rows + fill[: count - len(rows)]


def _precomputed_fill(page, visibility, picks, tagged, seen, count):
    """Visible picks, then the page's visible precomputed candidates, in one
    query on Wagtail's page table: its rows are the picks and candidates
    readers may see now. The candidates carry their rank (shared tags and
    date, as ``editorial.related`` stored them) and the page row its type,
    so no per-type UNION is built (it cost more than running the query)."""
    from editorial.models.candidates import RelatedCandidate

    if not picks and not tagged:
        return []
    kinds = _kinds(visibility)
    if not kinds:
        return []
    candidates = RelatedCandidate.objects.filter(page_id=page.pk)
    if tagged:
        # One IN over a UNION, not ``pk IN (picks) OR pk IN (candidates)``:
        # PostgreSQL answered that OR with a scan of every page (90 ms, JIT
        # compiled, at 100,000 pages); the UNION's rows are looked up by key.
        # Unordered parts: SQLite refuses an ORDER BY inside a compound
        # statement, and Django 5.2 keeps the models' default ordering there.
        ids = candidates.order_by().values("candidate_id")
        if picks:
            ids = ids.union(
                Page.objects.filter(pk__in=picks).order_by().values("pk"), all=True
            )
        wanted = Q(pk__in=ids)
    else:
        wanted = Q(pk__in=picks)
    mine = candidates.filter(candidate_id=OuterRef("pk"))
    found = (
        Page.objects.filter(visibility.q(), wanted, content_type_id__in=list(kinds))
        .annotate(
            shared=Subquery(mine.values("shared_tags")[:1]),
            rank_date=Subquery(mine.values("candidate_date")[:1]),
        )
        .order_by()
        .values_list("pk", "rank_date", "content_type_id", "shared")
    )
    found = {pk: (pk, day, kinds[ct], shared) for pk, day, ct, shared in found}
    rows = [found[pk] for pk in picks if pk in found][:count]
    taken = seen | {row[0] for row in rows}
    fill = sorted(
        (row for pk, row in found.items() if pk not in taken and row[3]),
        key=_rank,
    )
    return rows + fill[: count - len(rows)]


def _kinds(visibility):
    """``{content type id: kind}`` of the registered content types (``kind``
    as in ``Visibility.keys``: the model's index), subclasses included."""
    from django.contrib.contenttypes.models import ContentType

    models = visibility._models()
    kinds = {}
    for kind, model in enumerate(models):
        kinds.setdefault(ContentType.objects.get_for_model(model).pk, kind)
    for subclass_ct in _subclass_content_types(tuple(models)):
        ct, model = subclass_ct
        for kind, base in enumerate(models):
            if issubclass(model, base):
                kinds.setdefault(ct, kind)
                break
    return kinds


def _subclass_content_types(models):
    """``(content type id, model)`` of the page models below ``models``
    (a registered type's own subclasses), read once per process."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    key = models
    if key not in _SUBCLASSES:
        _SUBCLASSES[key] = [
            (ContentType.objects.get_for_model(model).pk, model)
            for model in apps.get_models()
            if model not in models
            and issubclass(model, models)
            and not model._meta.abstract
        ]
    return _SUBCLASSES[key]


_SUBCLASSES = {}


def _live_fill(visibility, picks, tag_ids, seen, count):
    """Picks, then the pages sharing the most of the in-memory tags, ranked
    by the database (a preview of a draft)."""
    rows = []
    if picks:
        visible = {row[0]: row for row in visibility.keys(filter_q=Q(pk__in=picks))}
        rows = [visible[pk] for pk in picks if pk in visible][:count]
    if len(rows) < count and tag_ids:
        rows += list(
            visibility.keys(
                exclude_pks=seen | {row[0] for row in rows}, shared_tags=tag_ids
            ).order_by("-shared", "-publication_date", "-pk")[: count - len(rows)]
        )
    return rows


def resolve_see_also_many(pages, visibility, count=None):
    """``{page.pk: items}`` for several pages of one site, as ``resolve_see_also``
    gives them one by one, in a number of queries that depends neither on the
    number of pages nor on their picks and tags: the picks and tags of all
    pages are prefetched, then the visible picks, the pages sharing any of
    their tags and the most recent content are each read once for all.
    """
    count = get_setting("PRESSROOM_SEE_ALSO_COUNT") if count is None else count
    result = {page.pk: [] for page in pages}
    if count <= 0 or not pages:
        return result
    by_class = {}
    for page in pages:
        by_class.setdefault(type(page), []).append(page)
    for group in by_class.values():
        prefetch_related_objects(group, "see_also_items", "tags")

    seen = {page.pk: {page.pk} for page in pages}
    picks, labels = {}, {}
    for page in pages:
        picks[page.pk], labels[page.pk] = [], {}
        for item in page.see_also_items.all():
            target = item.target_id
            if target and target not in seen[page.pk] and target not in labels[page.pk]:
                picks[page.pk].append(target)
                labels[page.pk][target] = item.label

    all_picks = {pk for targets in picks.values() for pk in targets}
    visible = {}
    if all_picks:
        visible = {row[0]: row for row in visibility.keys(filter_q=Q(pk__in=all_picks))}
    rows = {}
    for page in pages:
        rows[page.pk] = [visible[pk] for pk in picks[page.pk] if pk in visible][:count]
        seen[page.pk].update(row[0] for row in rows[page.pk])

    # Tag fill: the precomputed candidates of every page, read at once, then
    # kept if readers may see them now. A page whose tags are in memory (a
    # draft) resolves alone, live.
    live = [page for page in pages if _tags_in_memory(page)]
    stored = [page for page in pages if page not in live]
    tagged = [
        page.pk
        for page in stored
        if len(rows[page.pk]) < count and any(tag.pk for tag in page.tags.all())
    ]
    if tagged:
        from editorial.models.candidates import RelatedCandidate

        candidates = {}
        for page_id, candidate_id, shared in RelatedCandidate.objects.filter(
            page_id__in=tagged
        ).values_list("page_id", "candidate_id", "shared_tags"):
            candidates.setdefault(page_id, {})[candidate_id] = shared
        ids = {pk for found in candidates.values() for pk in found}
        visible = {}
        if ids:
            visible = {row[0]: row for row in visibility.keys(filter_q=Q(pk__in=ids))}
        for pk in tagged:
            need = count - len(rows[pk])
            ranked = sorted(
                (
                    (*visible[other], shared)
                    for other, shared in candidates.get(pk, {}).items()
                    if other in visible and other not in seen[pk]
                ),
                key=_rank,
            )
            rows[pk] += ranked[:need]
            seen[pk].update(row[0] for row in rows[pk])
    for page in live:
        tag_ids = [tag.pk for tag in page.tags.all() if tag.pk]
        rows[page.pk] += _live_fill(
            visibility, [], tag_ids, seen[page.pk], count - len(rows[page.pk])
        )
        seen[page.pk].update(row[0] for row in rows[page.pk])

    # Recency: a page excludes at most its own seen set, so the most recent
    # ``need + len(seen)`` rows over all pages are enough for each of them.
    short = [page for page in pages if len(rows[page.pk]) < count]
    if short:
        depth = max(count - len(rows[p.pk]) + len(seen[p.pk]) for p in short)
        recent = visibility.newest_keys(depth)
        for page in short:
            need = count - len(rows[page.pk])
            rows[page.pk] += [row for row in recent if row[0] not in seen[page.pk]][
                :need
            ]

    unique = list(
        {row[0]: row for page_rows in rows.values() for row in page_rows}.values()
    )
    loaded = {item.page.pk: item.page for item in visibility.load(unique)}
    for page in pages:
        result[page.pk] = [
            ContentItem(loaded[row[0]], labels[page.pk].get(row[0], ""))
            for row in rows[page.pk]
            if row[0] in loaded
        ]
    return result
