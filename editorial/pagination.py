from django.core.paginator import Paginator

from wagtail.models import Page

from editorial import cache_tags
from editorial.conf import get_setting


def paginate(request, object_list, per_page=None):
    """The requested page of ``object_list``; a missing, malformed or
    out-of-range ``?page=`` gives the first or last page rather than an error.
    The pages shown are recorded for the page cache (``editorial.cache_tags``)."""
    paginator = Paginator(object_list, per_page or get_setting("PRESSROOM_PAGE_SIZE"))
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    cache_tags.add_pages(item for item in page.object_list if isinstance(item, Page))
    return page
