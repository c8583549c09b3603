"""Admin wiring: events with their registration counts, and registrations
(search, filters, CSV export, attendance) under a "Registrations" menu."""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from contacts.permissions import ContactDataPermissionHelper
from editorial.modeladmin import PressroomModelAdmin
from leads.models import Event, Registration


class EventAdmin(PressroomModelAdmin):
    """Events taking registrations, with their counts."""

    model = Event
    # The menu is "Registrations": by event, then all of them.
    menu_label = _("By event")
    menu_icon = "date"
    list_display = (
        "title",
        "starts_at",
        "capacity",
        "confirmed",
        "waitlisted",
        "attendance",
    )
    search_fields = ("title",)
    ordering = ("-starts_at",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_confirmed=Count(
                    "registrations", filter=Q(registrations__status="confirmed")
                ),
                n_waitlisted=Count(
                    "registrations", filter=Q(registrations__status="waitlisted")
                ),
                n_attended=Count(
                    "registrations", filter=Q(registrations__attended=True)
                ),
            )
        )

    def confirmed(self, obj):
        return obj.n_confirmed

    confirmed.short_description = _("confirmed")

    def waitlisted(self, obj):
        return obj.n_waitlisted

    waitlisted.short_description = _("waiting list")

    def attendance(self, obj):
        return obj.n_attended

    attendance.short_description = _("attended")


class RegistrationAdmin(PressroomModelAdmin):
    """Registrations of every event: search, filters, CSV export; editors
    mark attendance in the edit view."""

    model = Registration
    menu_label = _("All registrations")
    menu_icon = "clipboard-list"
    permission_helper_class = ContactDataPermissionHelper
    list_display = (
        "email",
        "name",
        "company",
        "event",
        "status",
        "attended",
        "created_at",
    )
    list_filter = ("event", "status", "attended")
    search_fields = (
        "contact__email",
        "contact__name",
        "contact__company",
        "event__title",
    )
    list_export = (
        "event",
        "email",
        "name",
        "company",
        "status",
        "attended",
        "created_at",
        "answers",
    )
    export_filename = "registrations"
    list_per_page = 50
    panels = [FieldPanel("attended", widget=forms.CheckboxInput)]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact", "event")


class RegistrationsGroup(ModelAdminGroup):
    menu_label = _("Registrations")
    menu_icon = "calendar-check"
    menu_order = 255
    items = (EventAdmin, RegistrationAdmin)


modeladmin_register(RegistrationsGroup)
