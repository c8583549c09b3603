"""Events taking registrations, their registrations, and gated resources."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
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
    # A leaf: the "add child page" menu of a resource offered shows, events...
    subpage_types = []

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


def validate_time_zone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(name)s” is not a time zone (e.g. Europe/Paris)."),
            params={"name": name},
        ) from None


class PageEventValue(dict):
    """An ``EventPage`` read as the event block's value is read (``get()``,
    ``start``, ``end``, ``tz``, ``all_day``, ``"registration"``), so the
    registration code serves both."""

    def __init__(self, page):
        self.page = page
        super().__init__(
            title=page.title,
            place=page.place,
            online=page.online,
            time_zone=page.time_zone,
            registration={
                "enabled": page.registration_open,
                "capacity": page.capacity,
                "closes_at": page.registration_closes_at,
                "ask_company": page.ask_company,
                "ask_job_title": page.ask_job_title,
                "ask_phone": page.ask_phone,
                "questions": page.question_list(),
            },
        )

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.page.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    all_day = False

    @property
    def start(self):
        return self.page.starts_at.astimezone(self.tz) if self.tz else None

    @property
    def end(self):
        if self.page.ends_at is None:
            return None
        return self.page.ends_at.astimezone(self.tz or datetime.UTC)


class EventPage(Page):
    """An event with a page of its own (a webinar, a round table) rather than
    a block inside an article: when and where, what it covers, and the
    registration form with capacity, waiting list and reminders."""

    # A leaf, as articles and episodes are.
    subpage_types = []

    starts_at = models.DateTimeField(
        _("starts"),
        help_text=_(
            "In the site's time zone; readers and calendars see it in the "
            "event's time zone below."
        ),
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        validators=[validate_time_zone],
        help_text=_("IANA name of the event's time zone, e.g. Europe/Paris."),
    )
    online = models.BooleanField(_("online event"), default=False)
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Venue and city, for an event held in person."),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the event covers and who speaks."),
    )
    registration_open = models.BooleanField(
        _("take registrations on this site"), default=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats; once taken, readers join a waiting list. Empty: no limit."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    ask_company = models.BooleanField(_("ask the company"), default=True)
    ask_job_title = models.BooleanField(_("ask the job title"), default=True)
    ask_phone = models.BooleanField(
        _("ask a phone number (optional for the reader)"), default=False
    )
    questions = models.TextField(
        _("custom questions"),
        blank=True,
        help_text=_("One question per line; readers may answer in a few words."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("online"), FieldPanel("place")]),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel(
                    [FieldPanel("capacity"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("ask_company"),
                        FieldPanel("ask_job_title"),
                        FieldPanel("ask_phone"),
                    ]
                ),
                FieldPanel("questions"),
            ],
            heading=_("Registration"),
        ),
    ]
    template = "leads/event_page.html"

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if not self.online and not self.place:
            errors["place"] = _("Give the place of the event, or tick “online event”.")
        if errors:
            raise ValidationError(errors)

    def question_list(self):
        return [
            line.strip()[:200] for line in self.questions.splitlines() if line.strip()
        ]

    def event_value(self):
        """The event as the registration code reads an event block."""
        return PageEventValue(self)

    def get_context(self, request, *args, **kwargs):
        from leads.events import PAGE_EVENT_ID
        from leads.provider import provider

        context = super().get_context(request, *args, **kwargs)
        value = self.event_value()
        context["event"] = value
        context["registration_html"] = provider.render_event_form(
            request, self, PAGE_EVENT_ID, value
        )
        return context
