"""Events taking registrations, their registrations, and gated resources."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

import swapper

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class Event(models.Model):
    """An event block taking registrations: its page and block id (stable
    across revisions) and what the registrations need of it, copied from the
    published block when a reader registers."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"), null=True)
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Exclusive for all-day events.")
    )
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    # RFC 5545 SEQUENCE of the event's calendar entry: raised each time its
    # title, times or place change, so calendars replace the old entry.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "block_id"], name="leads_event_unique_block"
            )
        ]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A reader registered for an event (or waiting for a seat)."""

    CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"
    STATUS_CHOICES = [
        (CONFIRMED, _("confirmed")),
        (WAITLISTED, _("waiting list")),
        (CANCELLED, _("cancelled")),
    ]

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, db_index=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            # A double submit (or a second visit) is the same registration.
            models.UniqueConstraint(
                fields=["event", "contact"], name="leads_registration_once"
            )
        ]

    def __str__(self):
        return _("Registration #%(id)s") % {"id": self.pk}

    # Shown in the admin listing and its CSV export.
    def email(self):
        return self.contact.email

    email.short_description = _("e-mail address")

    def name(self):
        return self.contact.name

    name.short_description = _("name")

    def company(self):
        return self.contact.company

    company.short_description = _("company")


class ResourcePage(Page):
    """A white paper, study or slide deck offered behind a short form: the
    document lives in a private collection and is reached only through a
    signed, expiring link."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What readers get, shown above the form."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("Put it in a private collection: only the signed link serves it."),
    )
    ask_company = models.BooleanField(_("ask the company"), default=True)
    ask_job_title = models.BooleanField(_("ask the job title"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("document"),
        FieldPanel("ask_company"),
        FieldPanel("ask_job_title"),
    ]
    template = "leads/resource_page.html"

    class Meta:
        verbose_name = _("gated resource")
        verbose_name_plural = _("gated resources")

    def serve(self, request, *args, **kwargs):
        from leads.views import serve_resource

        return serve_resource(request, self)

    def render_gated_form(self, request, source_page, heading, teaser):
        """The block offering this resource inside another page
        (``editorial.resources``): the form posting here, or the link for a
        returning reader."""
        from leads.views import render_resource_block

        return render_resource_block(request, self, source_page, heading, teaser)
