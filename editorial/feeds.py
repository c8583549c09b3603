"""Feeds whose items' XML is kept between requests (``editorial.item_cache``).

A feed view reads the rows its items show, opens an ``ItemBatch`` on them
(one cache read), builds only the missing items through Django's syndication
framework and hands the batch to its generator (``feed.item_batch``). The
generator (``StoredItemsMixin`` before Django's RSS or Atom class) writes each
stored item's XML as it was written the first time, and writes and stores the
others: a feed of 100 items costs one cache read and no per-item render.
"""

import io


class StoredItemsMixin:
    """For a ``django.utils.feedgenerator.SyndicationFeed``: with an
    ``item_batch``, its items are the batch's rows in order, ``self.items``
    holding only those it had to build (``batch.missing``, in order). Each
    stored value is ``(xml, dates)``, the dates counting for the feed's own
    date (``latest_post_date``)."""

    item_batch = None

    def latest_post_date(self):
        batch = self.item_batch
        if batch is None:
            return super().latest_post_date()
        dates = [
            moment
            for value in batch.values.values()
            if value is not None
            for moment in value[1]
        ] + [
            item[name]
            for item in self.items
            for name in ("updateddate", "pubdate")
            if item[name] is not None
        ]
        return max(dates) if dates else super().latest_post_date()

    def _item_xml(self, handler, item):
        """The XML of one item, as ``write_items`` writes it."""
        buffer = io.StringIO()
        writer = type(handler)(
            buffer,
            getattr(handler, "_encoding", "utf-8"),
            short_empty_elements=getattr(handler, "_short_empty_elements", True),
        )
        items, self.items = self.items, [item]
        try:
            super().write_items(writer)
        finally:
            self.items = items
        return buffer.getvalue()

    def write_items(self, handler):
        batch = self.item_batch
        if batch is None:
            return super().write_items(handler)
        built = iter(self.items)
        for index in range(len(batch.rows)):
            if index in batch.missing:
                item = next(built)
                dates = tuple(
                    item[name]
                    for name in ("updateddate", "pubdate")
                    if item[name] is not None
                )
                batch.put(index, (self._item_xml(handler, item), dates))
            value = batch.values.get(index)
            if value is not None:
                # Written as is (already XML), like whitespace.
                handler.ignorableWhitespace(value[0])
        batch.save()
        return None
