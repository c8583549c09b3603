"""Admin wiring: contacts (with GDPR export and erasure), CRM webhooks and
their delivery log, under a "Contacts" menu."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from contacts import admin_views
from contacts.models import Contact, WebhookDelivery, WebhookEndpoint
from contacts.permissions import ContactDataPermissionHelper
from editorial.modeladmin import PressroomModelAdmin


class ContactAdmin(PressroomModelAdmin):
    """Contacts: search, CSV export, JSON export and erasure of one."""

    model = Contact
    menu_label = _("All contacts")
    menu_icon = "form"
    permission_helper_class = ContactDataPermissionHelper
    inspect_view_enabled = True
    list_display = ("email", "name", "company", "job_title", "created_at", "gdpr_links")
    list_filter = ("created_at", "interactions__kind", "consents__purpose")
    search_fields = ("email", "name", "company")
    list_export = ("email", "name", "company", "job_title", "phone", "created_at")
    export_filename = "contacts"
    form_fields_exclude = ("created_at",)
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def gdpr_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("contacts_export", args=[obj.pk]),
            _("Export (JSON)"),
            reverse("contacts_withdraw", args=[obj.pk]),
            _("Withdraw consent"),
            reverse("contacts_erase", args=[obj.pk]),
            _("Erase"),
        )

    gdpr_links.short_description = _("GDPR")


class WebhookEndpointAdmin(PressroomModelAdmin):
    model = WebhookEndpoint
    # modeladmin would title-case the plural ("Webhooks Crm").
    menu_label = pgettext_lazy("admin menu", "CRM webhooks")
    menu_icon = "link"
    list_display = ("name", "url", "active")


class WebhookDeliveryAdmin(PressroomModelAdmin):
    """The delivery log: what was sent where, attempts and outcome."""

    model = WebhookDelivery
    menu_label = _("Webhook deliveries")
    # Not "history", the site history report's.
    menu_icon = "resubmit"
    permission_helper_class = ContactDataPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "event",
        "url",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "event")
    search_fields = ("url",)


class ContactsGroup(ModelAdminGroup):
    menu_label = _("Contacts")
    menu_icon = "group"
    menu_order = 260
    items = (ContactAdmin, WebhookEndpointAdmin, WebhookDeliveryAdmin)


modeladmin_register(ContactsGroup)


@hooks.register("register_admin_urls")
def contact_urls():
    return [
        path(
            "contacts/<int:contact_id>/export/",
            admin_views.export_contact,
            name="contacts_export",
        ),
        path(
            "contacts/<int:contact_id>/withdraw-consent/",
            admin_views.withdraw_consent,
            name="contacts_withdraw",
        ),
        path(
            "contacts/<int:contact_id>/erase/",
            admin_views.erase_contact,
            name="contacts_erase",
        ),
    ]
