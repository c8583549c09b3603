from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from wagtail.models import Page as WagtailPage

from editorial import cache_tags
from editorial.conf import get_setting

# Separates the values of a keyset cursor: unreserved in URLs, and in none of
# the values' text forms (dates, integers).
CURSOR_SEPARATOR = "~"


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


class Keyset:
    """Keyset ("seek") pagination over a queryset ordered by ``ordering``
    (field names, ``-`` for descending, the last one unique such as ``-pk``):
    the page after an item is read as "the next rows beyond this item's
    values", which an index on the ordering serves whatever the depth, where
    an offset walks every row before the page.

    A cursor is the item's values in the ordering, as text
    (``2024-01-31~123``); ``parse`` returns None for anything malformed, so
    that the numbered page answers instead."""

    def __init__(self, model, ordering):
        self.ordering = list(ordering)
        self.fields = []
        for name in self.ordering:
            attname = name.lstrip("-")
            field = (
                model._meta.pk if attname == "pk" else model._meta.get_field(attname)
            )
            self.fields.append((attname, field, name.startswith("-")))

    def cursor(self, item):
        values = [getattr(item, attname) for attname, _field, _desc in self.fields]
        if any(value is None for value in values):
            return None
        text = [
            value.isoformat() if hasattr(value, "isoformat") else str(value)
            for value in values
        ]
        if any(CURSOR_SEPARATOR in part for part in text):
            return None
        return CURSOR_SEPARATOR.join(text)

    def parse(self, cursor):
        parts = (cursor or "").split(CURSOR_SEPARATOR)
        if len(parts) != len(self.fields) or len(cursor) > 200:
            return None
        try:
            return [
                field.to_python(part)
                for part, (_attname, field, _desc) in zip(
                    parts, self.fields, strict=True
                )
            ]
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None

    def beyond(self, values, *, forward):
        """The rows after (``forward``) or before the item of ``values`` in
        the listing's order. The first field's range comes first, alone, so
        that the database reads its index from there."""
        conditions = Q()
        for i, (attname, _field, descending) in enumerate(self.fields):
            later = "lt" if descending == forward else "gt"
            step = Q(**{f"{attname}__{later}": values[i]})
            for earlier, (name, _f, _d) in zip(
                values[:i], self.fields[:i], strict=False
            ):
                step &= Q(**{name: earlier})
            conditions |= step
        first, _field, descending = self.fields[0]
        bound = "lte" if descending == forward else "gte"
        return Q(**{f"{first}__{bound}": values[0]}) & conditions

    def rows(self, queryset, values, per_page, *, forward):
        queryset = queryset.filter(self.beyond(values, forward=forward))
        if forward:
            return list(queryset.order_by(*self.ordering)[:per_page])
        reverse = [
            name[1:] if name.startswith("-") else f"-{name}" for name in self.ordering
        ]
        rows = list(queryset.order_by(*reverse)[:per_page])
        rows.reverse()
        return rows


def paginate(request, object_list, per_page=None, count=None, keyset=None):
    """The requested page of ``object_list``; a missing, malformed or
    out-of-range ``?page=`` gives the first or last page rather than an error.
    ``count``: the number of items when the caller knows it (cached).
    ``keyset``: the listing's ordering (``["-publication_date", "-pk"]``):
    the previous and next links then carry a cursor (``?page=5&after=…``)
    and such a page is read from the ordering's index rather than after an
    offset; numbered pages keep working (a malformed cursor is ignored). The
    pages shown are recorded for the page cache (``editorial.cache_tags``)."""
    paginator = ListingPaginator(
        object_list, per_page or get_setting("PRESSROOM_PAGE_SIZE"), count=count
    )
    seek = Keyset(object_list.model, keyset) if keyset else None
    page = None
    if seek is not None:
        page = keyset_page(request, paginator, seek)
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if seek is not None and page.object_list:
        # Cursors of the neighbours; the first page is linked by number.
        if page.has_next():
            page.next_cursor = seek.cursor(page.object_list[-1])
        if page.has_previous() and page.previous_page_number() > 1:
            page.previous_cursor = seek.cursor(page.object_list[0])
    cache_tags.add_pages(
        item for item in page.object_list if isinstance(item, WagtailPage)
    )
    return page


def keyset_page(request, paginator, seek):
    """The page a cursor (``?after=`` or ``?before=``, with ``?page=``) asks
    for, or None when there is none or it is malformed."""
    if "after" in request.GET:
        cursor, forward = request.GET["after"], True
    elif "before" in request.GET:
        cursor, forward = request.GET["before"], False
    else:
        return None
    values = seek.parse(cursor)
    if values is None:
        return None
    try:
        number = paginator.validate_number(request.GET.get("page"))
    except InvalidPage:
        return None
    if number < 2:
        return None
    rows = seek.rows(paginator.object_list, values, paginator.per_page, forward=forward)
    if not rows:
        return None
    return Page(rows, number, paginator)
