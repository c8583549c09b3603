"""Resolution of a page's "See also" panel.

Editors' picks come first, in their order; free places are filled with the
content sharing the most tags with the page, then with the most recent
content. Never the page itself, never a duplicate, never anything the reader
may not see (``Visibility``). The query count does not depend on the number
of picks or tags.
"""

from django.db.models import Q

from editorial.conf import get_setting


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
    rows = []
    if picks:
        visible = {row[0]: row for row in visibility.keys(filter_q=Q(pk__in=picks))}
        rows = [visible[pk] for pk in picks if pk in visible][:count]
    seen.update(row[0] for row in rows)

    tag_ids = [tag.pk for tag in page.tags.all() if tag.pk]
    if len(rows) < count and tag_ids:
        rows += list(
            visibility.keys(exclude_pks=seen, shared_tags=tag_ids).order_by(
                "-shared", "-publication_date", "-pk"
            )[: count - len(rows)]
        )
        seen.update(row[0] for row in rows)

    if len(rows) < count:
        rows += list(
            visibility.keys(exclude_pks=seen).order_by("-publication_date", "-pk")[
                : count - len(rows)
            ]
        )
    return visibility.load(rows, labels=labels)
