"""Panels of the admin's dashboard that help a publication: what changed
lately across content types, what waits (drafts, moderation), and what each
app flags as unfinished (its ``construct_homepage_panels`` hook adds a
``PageListPanel``).

Every panel lists only pages the user may edit or publish, in one query
whatever the number of pages or content types.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial.registry import content_types

PANEL_SIZE = 8


def editable_pages(user, queryset):
    """``queryset`` narrowed to the pages ``user`` may edit or publish."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, {"change", "publish"}
    )
    return queryset.filter(pk__in=editable.values("pk"))


def content_pages():
    """Pages of the registered content types (articles, entries, episodes)."""
    types = ContentType.objects.get_for_models(*content_types.models()).values()
    return Page.objects.filter(content_type__in=[t.pk for t in types])


def status(page):
    """The page's state from its own columns (Wagtail's ``status_string``
    queries its schedule for pages not live)."""
    if page.live:
        return _("live + draft") if page.has_unpublished_changes else _("live")
    return _("draft")


class PageListPanel(Component):
    """A dashboard panel listing pages with their type, status and date, each
    linking to its editor. ``queryset(request)`` gives the pages, newest
    first; the panel keeps those the user may edit, ``PANEL_SIZE`` at most."""

    template_name = "editorial/admin/dashboard_panel.html"

    def __init__(self, name, heading, queryset, *, order=200, empty_text=""):
        self.name = name
        self.heading = heading
        self.queryset = queryset
        self.order = order
        self.empty_text = empty_text

    def rows(self, request):
        pages = editable_pages(request.user, self.queryset(request)).only(
            "id",
            "title",
            "draft_title",
            "live",
            "has_unpublished_changes",
            "latest_revision_created_at",
            "content_type_id",
        )[: PANEL_SIZE + 1]
        rows = []
        for page in pages:
            model = ContentType.objects.get_for_id(page.content_type_id).model_class()
            rows.append(
                {
                    "title": page.get_admin_display_title(),
                    "type": model._meta.verbose_name if model else "",
                    "status": status(page),
                    "date": page.latest_revision_created_at,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
        return rows

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows = self.rows(request)
        return {
            "panel": self,
            "rows": rows[:PANEL_SIZE],
            "more": len(rows) > PANEL_SIZE,
            "request": request,
        }


def recent_content(request):
    return content_pages().order_by("-latest_revision_created_at", "-pk")


def waiting_content(request):
    """Drafts (never published, or with unpublished changes) and pages in
    moderation."""
    in_moderation = (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .annotate(page_id=Cast("object_id", BigIntegerField()))
        .values("page_id")
    )
    return (
        content_pages()
        .filter(Q(has_unpublished_changes=True) | Q(pk__in=in_moderation))
        .order_by("-latest_revision_created_at", "-pk")
    )
