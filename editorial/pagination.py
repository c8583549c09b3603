from django.core.paginator import Paginator

from editorial.conf import get_setting


def paginate(request, object_list, per_page=None):
    """The requested page of ``object_list``; a missing, malformed or
    out-of-range ``?page=`` gives the first or last page rather than an error."""
    paginator = Paginator(object_list, per_page or get_setting("PRESSROOM_PAGE_SIZE"))
    return paginator.get_page(request.GET.get("page"))
