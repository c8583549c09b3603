from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from wagtail.models import Page as WagtailPage

from editorial import cache_tags
from editorial.conf import get_setting


class ListingPaginator(Paginator):
    """A paginator whose count may be given (a cached one), and whose pages
    past the middle of a queryset are read from its end, in reverse order:
    the last page costs what the first does, rather than an offset walk
    over every row before it."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._given_count = count

    @cached_property
    def count(self):
        if self._given_count is not None:
            return self._given_count
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        items = self.object_list
        if (
            isinstance(items, QuerySet)
            and items.ordered
            and items.query.combinator is None
            and bottom > self.count // 2
        ):
            rows = list(items.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
            return Page(rows, number, self)
        return super().page(number)


def paginate(request, object_list, per_page=None, count=None):
    """The requested page of ``object_list``; a missing, malformed or
    out-of-range ``?page=`` gives the first or last page rather than an error.
    ``count``: the number of items when the caller knows it (cached). The
    pages shown are recorded for the page cache (``editorial.cache_tags``)."""
    paginator = ListingPaginator(
        object_list, per_page or get_setting("PRESSROOM_PAGE_SIZE"), count=count
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    cache_tags.add_pages(
        item for item in page.object_list if isinstance(item, WagtailPage)
    )
    return page
