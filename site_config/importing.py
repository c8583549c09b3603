"""Imported WordPress pages become standard pages, keeping their hierarchy."""

from wagtail.blocks import StreamValue
from wagtail.models import Page

from editorial.importing import ImportAdapter, stream_data

from .models import StandardBodyBlock, StandardPage

BODY_BLOCK = StandardBodyBlock()


class StandardPageAdapter(ImportAdapter):
    """A page: a standard page under its imported parent page, else under
    the site's home page."""

    kind = "page"
    model = StandardPage

    def get_parent(self, site_root, item):
        if item.parent_page_id:
            parent = Page.objects.filter(pk=item.parent_page_id).first()
            if parent is not None:
                return parent
        return site_root

    def fill(self, page, item):
        page.title = item.title[:255]
        if item.slug:
            page.slug = item.slug[:255]
        if item.published_at:
            page.first_published_at = item.published_at
        if item.modified_at:
            page.last_published_at = item.modified_at
        page.search_description = item.excerpt
        page.body = StreamValue(
            BODY_BLOCK, stream_data(BODY_BLOCK, item.body), is_lazy=True
        )
        return page
