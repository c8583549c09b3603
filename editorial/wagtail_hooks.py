from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.models import Page

from editorial import cache_tags
from editorial.content import is_on_schedule
from editorial.rich_text import PrefetchingPageLinkHandler, PublicDocumentLinkHandler


# Runs after Wagtail's own registration (order 0), so this handler replaces it.
@hooks.register("register_rich_text_features", order=100)
def register_prefetching_page_links(features):
    features.register_link_type(PrefetchingPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("insert_global_admin_css")
def pressroom_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("editorial/css/admin.css")
    )


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


# How long after its autosave a new page's draft is still "the page being
# created" for its author's next save from the create form.
AUTOSAVED_DRAFT_WINDOW = timedelta(minutes=10)


@hooks.register("before_create_page")
def continue_autosaved_draft(request, parent_page, page_class):
    """A save or Publish posted to the create form after its autosave already
    created the page (the editor pressed Publish while the autosave was on its
    way) continues that draft instead of creating a second page, which would
    be refused with "this slug is already in use" and leave a stray draft."""
    if request.method != "POST":
        return None
    title = request.POST.get("title", "")
    slug = request.POST.get("slug") or slugify(
        title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    )
    if not slug or not request.user.is_authenticated:
        return None
    if transaction.get_connection().in_atomic_block:
        # Creations under one parent wait for each other (PostgreSQL; SQLite's
        # BEGIN IMMEDIATE already does), so the draft is seen once committed.
        list(Page.objects.select_for_update().filter(pk=parent_page.pk).values("pk"))
    draft = (
        parent_page.get_children()
        .filter(
            slug=slug,
            content_type=ContentType.objects.get_for_model(page_class),
            owner=request.user,
            live=False,
            first_published_at__isnull=True,
            latest_revision_created_at__gte=timezone.now() - AUTOSAVED_DRAFT_WINDOW,
        )
        .first()
    )
    if draft is None:
        return None
    from wagtail.admin.views.pages.edit import EditView

    return EditView.as_view()(request, draft.pk)


@hooks.register("construct_homepage_panels")
def add_publication_panels(request, panels):
    from editorial.dashboard import PageListPanel, recent_content, waiting_content

    panels.append(
        PageListPanel(
            "pressroom_recent",
            gettext_lazy("Recent content"),
            recent_content,
            order=110,
            empty_text=gettext_lazy("Nothing written yet."),
        )
    )
    panels.append(
        PageListPanel(
            "pressroom_waiting",
            gettext_lazy("Drafts and pages in moderation"),
            waiting_content,
            order=120,
            empty_text=gettext_lazy("No draft waiting."),
        )
    )
