"""The glossary index's page of entries, each entry's card rendered once
per revision and kept between requests (``editorial.item_cache``): a page
of 100 entries costs one cache read and no per-entry render, so the index
costs what it does with two entries."""

from django.template.loader import get_template

from editorial.item_cache import ItemBatch

# What the index reads of each entry it shows: its group, the version its
# card is stored under, and the expiry time the page cache needs.
LISTED_FIELDS = (
    "id",
    "title",
    "letter",
    "live_revision_id",
    "last_published_at",
    "expire_at",
)
CARD_TEMPLATE = "glossary/includes/entry_card.html"


def listed(entries):
    """``entries`` (the index's queryset) reading only ``LISTED_FIELDS``."""
    return entries.prefetch_related(None).only(*LISTED_FIELDS)


def attach_cards(request, entries):
    """Give each entry of ``entries`` (read with ``listed``) its ``card`` (the
    HTML of its term, other forms and short definition) and its ``card_url``:
    stored ones read at once, the others loaded in one query (with their
    forms) and rendered."""
    batch = ItemBatch(request, "glossary-card", entries)
    if batch.missing:
        # The entries' own model (no import of the models: they import this).
        full = (
            type(entries[0])
            .objects.filter(pk__in=[row.pk for row in batch.missing_rows()])
            .defer_streamfields()
            .prefetch_related("alternative_forms")
            .in_bulk()
        )
        template = get_template(CARD_TEMPLATE)
        for index in batch.missing:
            entry = full.get(entries[index].pk)
            if entry is None:  # (deleted since the listing was read: not kept)
                batch.values[index] = ("", None)
                continue
            card = batch.render(
                index,
                lambda entry=entry: (
                    template.render({"entry": entry, "request": request}),
                    entry.get_url(request),
                ),
            )
            batch.put(index, card)
        batch.save()
    for index, entry in enumerate(entries):
        entry.card, entry.card_url = batch.values[index]
