from django.http import Http404
from django.utils.translation import gettext as _

from wagtail import hooks

from editorial import cache_tags
from editorial.content import is_on_schedule
from editorial.rich_text import PrefetchingPageLinkHandler, PublicDocumentLinkHandler


# Runs after Wagtail's own registration (order 0), so this handler replaces it.
@hooks.register("register_rich_text_features", order=100)
def register_prefetching_page_links(features):
    features.register_link_type(PrefetchingPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    from editorial.choosers import person_chooser_viewset

    return person_chooser_viewset


@hooks.register("before_serve_page", order=-100)
def record_cache_tags(page, request, serve_args, serve_kwargs):
    """A served page shows itself and lists its children (an index, a show):
    its response is purged when it or one of its children changes."""
    cache_tags.add_pages([page])
    cache_tags.add(cache_tags.listing_tag(page.pk))
    site = getattr(request, "_wagtail_site", None)
    if site is not None and site.root_page_id == page.pk:
        cache_tags.add(cache_tags.HOME)


@hooks.register("before_serve_page")
def refuse_pages_off_schedule(page, request, serve_args, serve_kwargs):
    """A live page whose go-live time is ahead or whose expiry time is past is
    a 404 for readers, as it is everywhere else (``Visibility``): Wagtail only
    checks ``live``, which ``publish_scheduled`` updates when it next runs.
    Previews do not come this way."""
    if not is_on_schedule(page):
        raise Http404(_("This page is not published."))
