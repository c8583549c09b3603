"""The glossary index's page of entries, each entry's card rendered once
per revision and kept between requests (``editorial.item_cache``): a page
of 100 entries costs one cache read and no per-entry render, so the index
costs what it does with two entries."""

from django.template.loader import get_template

from editorial import cache_tags
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


class ListedEntry:
    """One entry of the index's page as its row (``LISTED_FIELDS``), then its
    ``card`` and ``card_url``. Not a page instance: creating a Wagtail page
    (a clusterable model that walks its child relations on ``__init__``) cost
    more than reading its stored card, about 0.1 ms per entry shown."""

    __slots__ = (*LISTED_FIELDS, "card", "card_url")

    def __init__(self, row):
        for field in LISTED_FIELDS:
            setattr(self, field, row[field])
        self.card = ""
        self.card_url = None

    @property
    def pk(self):
        return self.id

    def get_url(self, request=None):
        """Its URL, stored with its card (None for an entry deleted since the
        list was read, which shows no card)."""
        return self.card_url


def listed(entries):
    """``entries`` (the index's queryset) reading only ``LISTED_FIELDS``, as
    dicts (``attach_cards`` makes them ``ListedEntry``s)."""
    return entries.prefetch_related(None).values(*LISTED_FIELDS)


def attach_cards(request, page, model):
    """Turn the rows of ``page`` (a page of ``listed`` entries of ``model``)
    into ``ListedEntry``s with their ``card`` (the HTML of its term, other
    forms and short definition) and ``card_url``: stored ones read at once,
    the others loaded in one query (with their forms) and rendered."""
    entries = [ListedEntry(row) for row in page.object_list]
    page.object_list = entries
    # Whatever shows these entries is purged when one of them changes.
    cache_tags.add_pages(entries)
    batch = ItemBatch(request, "glossary-card", entries)
    if batch.missing:
        full = (
            model.objects.filter(pk__in=[row.pk for row in batch.missing_rows()])
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
