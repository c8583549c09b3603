"""Public tag pages: every tag in use, and everything carrying one tag."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from taggit.models import Tag

from editorial import cache_tags, listing_cache
from editorial.conf import get_setting
from editorial.content import Visibility, attach_card_images
from editorial.pagination import paginate


def tag_index(request):
    """Every tag in use, A to Z with its number of items, in pages of
    ``PRESSROOM_TAG_INDEX_PAGE_SIZE``. The counts scan every tagged page, so
    the list is cached until something readers see changes."""
    visibility = Visibility.for_request(request)

    def compute():
        counts = visibility.tag_counts()
        tags = sorted(
            Tag.objects.filter(pk__in=counts), key=lambda tag: tag.name.casefold()
        )
        for tag in tags:
            tag.item_count = counts[tag.pk]
        return tags

    cache_tags.add(cache_tags.TAG_INDEX)  # (also when the list comes cached)
    site = visibility.site.pk if visibility.site else None
    tags = listing_cache.cached(("tag-index", site), compute)
    page = paginate(
        request, tags, per_page=get_setting("PRESSROOM_TAG_INDEX_PAGE_SIZE")
    )
    return TemplateResponse(
        request, "editorial/tag_index.html", {"tags": page.object_list, "page": page}
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    visibility = Visibility.for_request(request)
    page = paginate(request, visibility.tagged(tag))
    # Only the rows of the requested page are loaded as pages.
    page.object_list = attach_card_images(visibility.load(list(page.object_list)))
    if not page.object_list and page.number == 1:
        # A tag that only drafts or private pages carry is not public.
        raise Http404
    return TemplateResponse(
        request, "editorial/tag_detail.html", {"tag": tag, "items": page}
    )
