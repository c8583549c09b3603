"""Public tag pages: every tag in use, and everything carrying one tag."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from taggit.models import Tag

from editorial.content import Visibility
from editorial.pagination import paginate


def tag_index(request):
    counts = Visibility.for_request(request).tag_counts()
    tags = sorted(
        Tag.objects.filter(pk__in=counts), key=lambda tag: tag.name.casefold()
    )
    for tag in tags:
        tag.item_count = counts[tag.pk]
    return TemplateResponse(request, "editorial/tag_index.html", {"tags": tags})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    visibility = Visibility.for_request(request)
    page = paginate(request, visibility.tagged(tag))
    # Only the rows of the requested page are loaded as pages.
    page.object_list = visibility.load(list(page.object_list))
    if not page.object_list and page.number == 1:
        # A tag that only drafts or private pages carry is not public.
        raise Http404
    return TemplateResponse(
        request, "editorial/tag_detail.html", {"tag": tag, "items": page}
    )
