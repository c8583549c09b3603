"""Admin wiring: subscribers (search, filters, CSV), digests (preview, test
to oneself, schedule, send, resume) and the dashboard's counts."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from editorial.modeladmin import PressroomModelAdmin
from newsletter import admin_views
from newsletter.models import Digest, Subscription
from newsletter.permissions import DigestPermissionHelper, SubscriberPermissionHelper


class SubscriptionAdmin(PressroomModelAdmin):
    """Subscribers: status, topics, source and dates; search by address."""

    model = Subscription
    # Not "user", the contributors' and users' icon.
    menu_icon = "circle-check"
    permission_helper_class = SubscriberPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "email",
        "status",
        "frequency",
        "topic_names",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    )
    list_filter = ("status", "frequency", "all_topics", "source", "topics")
    search_fields = ("contact__email", "contact__name")
    list_export = (
        "email",
        "status",
        "frequency",
        "topic_names",
        "language",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    )
    export_filename = "newsletter-subscribers"
    form_fields_exclude = ("contact", "created_at")
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("contact")
            .prefetch_related("topics")
            .distinct()
        )

    def email(self, obj):
        return obj.contact.email

    email.short_description = _("e-mail address")

    def topic_names(self, obj):
        if obj.all_topics:
            return _("everything")
        return ", ".join(sorted(tag.name for tag in obj.topics.all()))

    topic_names.short_description = _("topics")


class DigestAdmin(PressroomModelAdmin):
    """Digests: write the introduction, preview, test, schedule or send."""

    model = Digest
    menu_icon = "draft"
    permission_helper_class = DigestPermissionHelper
    list_display = (
        "__str__",
        "status",
        "since",
        "until",
        "scheduled_at",
        "started_at",
        "finished_at",
        "actions",
    )
    list_filter = ("status", "frequency")
    form_fields_exclude = (
        "status",
        "until",
        "created_at",
        "started_at",
        "finished_at",
    )

    def actions(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("newsletter_digest_preview", args=[obj.pk]),
            _("Preview, test and send"),
        )

    actions.short_description = _("actions")


class NewsletterGroup(ModelAdminGroup):
    # A short name: the sidebar cuts "Lettre d’information".
    menu_label = pgettext_lazy("admin menu", "Newsletter")
    menu_icon = "mail"
    menu_order = 270
    items = (SubscriptionAdmin, DigestAdmin)


modeladmin_register(NewsletterGroup)


@hooks.register("register_admin_urls")
def newsletter_urls():
    return [
        path(
            "newsletter/digests/<int:digest_id>/",
            admin_views.digest_preview,
            name="newsletter_digest_preview",
        ),
        path(
            "newsletter/digests/<int:digest_id>/email/",
            admin_views.digest_preview_email,
            name="newsletter_digest_preview_email",
        ),
        path(
            "newsletter/digests/<int:digest_id>/test/",
            admin_views.digest_send_test,
            name="newsletter_digest_test",
        ),
        path(
            "newsletter/digests/<int:digest_id>/send/",
            admin_views.digest_send,
            name="newsletter_digest_send",
        ),
    ]


@hooks.register("construct_homepage_panels")
def newsletter_panel(request, panels):
    from newsletter.permissions import can_view_subscribers

    if can_view_subscribers(request.user):
        panels.append(admin_views.SubscriberCountsPanel())
