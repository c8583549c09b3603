"""Page links in rich text, resolved once per StreamField rather than once per block.

Wagtail resolves the page links of each rich-text value with its own queries,
so a body with twenty linking paragraphs costs forty queries. ``BodyBlock``
renders inside ``prefetched_page_links``, which loads every linked page of the
stream at once; the link handler below reads from that batch.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.models import Page
from wagtail.rich_text import RichText, extract_references_from_rich_text
from wagtail.rich_text.pages import PageLinkHandler

_prefetched_pages = ContextVar("pressroom_prefetched_pages", default=None)


def rich_texts_in(value):
    """Every RichText value inside a stream, struct or list value."""
    if isinstance(value, RichText):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from rich_texts_in(child.value)
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from rich_texts_in(item)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            yield from rich_texts_in(item)


def linked_page_ids(value):
    ids = set()
    for rich_text in rich_texts_in(value):
        for model, object_id, *_ in extract_references_from_rich_text(rich_text.source):
            if issubclass(model, Page):
                ids.add(str(object_id))
    return ids


@contextmanager
def prefetched_page_links(value):
    ids = linked_page_ids(value)
    pages = {}
    if ids:
        int_ids = [int(pk) for pk in ids if pk.isdigit()]
        pages = {
            str(page.pk): page
            for page in Page.objects.filter(pk__in=int_ids)
            .defer_streamfields()
            .specific()
        }
    token = _prefetched_pages.set(pages)
    try:
        yield
    finally:
        _prefetched_pages.reset(token)


class PrefetchingPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, reading pages prefetched for the stream."""

    @classmethod
    def get_many(cls, attrs_list):
        pages = _prefetched_pages.get()
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        if pages is None or any(pk not in pages for pk in ids if pk.isdigit()):
            return super().get_many(attrs_list)
        return [pages.get(pk) for pk in ids]
