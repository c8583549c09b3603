"""Resolution of a page's "See also" panel.

Editors' picks come first, in their order; free places are filled with the
content sharing the most tags with the page, then with the most recent
content. Never the page itself, never a duplicate, never anything the reader
may not see (``Visibility``). The query count does not depend on the number
of picks or tags.
"""

from django.db.models import IntegerField, Q, Value, prefetch_related_objects

from editorial import cache_tags
from editorial.conf import get_setting
from editorial.content import ContentItem


def resolve_see_also(page, visibility, count=None):
    count = get_setting("PRESSROOM_SEE_ALSO_COUNT") if count is None else count
    if count <= 0:
        return []
    seen = {page.pk} if page.pk else set()

    # Picks are read through the relation rather than a query of our own, so a
    # preview shows the picks of the unsaved draft.
    picks = []
    labels = {}
    for item in page.see_also_items.all():
        if (
            item.target_id
            and item.target_id not in seen
            and item.target_id not in labels
        ):
            picks.append(item.target_id)
            labels[item.target_id] = item.label
    # A pick hidden today shows once it is published: the panel depends on
    # every pick, shown or not.
    cache_tags.add_pages(picks)
    rows = []
    if picks:
        visible = {row[0]: row for row in visibility.keys(filter_q=Q(pk__in=picks))}
        rows = [visible[pk] for pk in picks if pk in visible][:count]
    seen.update(row[0] for row in rows)

    tags = [tag for tag in page.tags.all() if tag.pk]
    tag_ids = [tag.pk for tag in tags]
    if len(rows) < count and tag_ids:
        # Any page published with one of these tags may enter the panel.
        cache_tags.add_tag_slugs(tag.slug for tag in tags)
        rows += list(
            visibility.keys(exclude_pks=seen, shared_tags=tag_ids).order_by(
                "-shared", "-publication_date", "-pk"
            )[: count - len(rows)]
        )
        seen.update(row[0] for row in rows)

    if len(rows) < count:
        cache_tags.add(cache_tags.RECENT)
        rows += list(
            visibility.keys(exclude_pks=seen).order_by("-publication_date", "-pk")[
                : count - len(rows)
            ]
        )
    return visibility.load(rows, labels=labels)


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

    # Shared tags: every visible page carrying any of the pages' tags, with
    # the tag it carries, ranked per page in memory as the database would.
    tag_ids = {page.pk: {tag.pk for tag in page.tags.all()} for page in pages}
    wanted = {
        tag for page in pages if len(rows[page.pk]) < count for tag in tag_ids[page.pk]
    }
    if wanted:
        carriers = {}
        for pk, date, kind, tag in _tagged_keys(visibility, wanted):
            entry = carriers.setdefault(pk, [(pk, date, kind), set()])
            entry[1].add(tag)
        for page in pages:
            need = count - len(rows[page.pk])
            if need <= 0 or not tag_ids[page.pk]:
                continue
            ranked = sorted(
                (
                    (len(tags & tag_ids[page.pk]), key)
                    for pk, (key, tags) in carriers.items()
                    if pk not in seen[page.pk] and tags & tag_ids[page.pk]
                ),
                key=lambda pair: (-pair[0], -pair[1][1].toordinal(), -pair[1][0]),
            )
            rows[page.pk] += [(*key, shared) for shared, key in ranked[:need]]
            seen[page.pk].update(row[0] for row in rows[page.pk])

    # Recency: a page excludes at most its own seen set, so the most recent
    # ``need + len(seen)`` rows over all pages are enough for each of them.
    short = [page for page in pages if len(rows[page.pk]) < count]
    if short:
        depth = max(count - len(rows[p.pk]) + len(seen[p.pk]) for p in short)
        recent = list(visibility.keys().order_by("-publication_date", "-pk")[:depth])
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


def _tagged_keys(visibility, tag_ids):
    """``(pk, publication_date, kind, tag_id)`` of visible pages carrying the tags."""
    parts = []
    for kind, model in enumerate(visibility._models()):
        parts.append(
            visibility.pages(model)
            .filter(tags__in=list(tag_ids))
            .annotate(kind=Value(kind, output_field=IntegerField()))
            .order_by()
            .values_list("pk", "publication_date", "kind", "tags")
        )
    if not parts:
        return []
    if len(parts) == 1:
        return parts[0]
    return parts[0].union(*parts[1:], all=True)
