"""The event announcement block: when, where, who speaks, what is covered,
with its calendar file (``articles.views``) and its schema.org ``Event``."""

import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_format_filter
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from ninja import Field, Schema

from articles.collation import sort_key
from editorial.api_fields import PersonRefSchema
from editorial.blocks import BulkStructBlock, PersonChooserBlock, SafeURLBlock
from editorial.registrations import RegistrationSettingsBlock

EVENT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


@functools.cache
def _time_zone_names():
    # available_timezones() walks the time-zone files (~1 ms per call, and an
    # event block calls it each time it loads): read once per process.
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zone_choices():
    """``(name, name)`` of every IANA time zone, sorted (the same list each call)."""
    return [(name, name) for name in _time_zone_names()]


class TimeZoneChoiceBlock(blocks.ChoiceBlock):
    """A choice among the IANA time zones, stored as its name."""

    def normalize_choice(self, value):
        # Wagtail maps a stored value back to its choice's key by walking
        # every choice (~600 zones, rebuilt from the callable each time) on
        # each load of the block; the keys are the names themselves, so the
        # stored name is already the key. Validation still checks the list.
        return value


class SpeakerBlock(BulkStructBlock):
    """A speaker of an event: a person of the publication, or a name typed in."""

    person = PersonChooserBlock(
        label=_("person"),
        required=False,
        help_text=_("Optional. Choose a known person, or type a name below."),
    )
    name = blocks.CharBlock(
        label=_("name"),
        required=False,
        max_length=200,
        help_text=_("Overrides the chosen person's name."),
    )
    organisation = blocks.CharBlock(
        label=_("organisation"),
        required=False,
        max_length=200,
        help_text=_("Overrides the chosen person's organisation."),
    )

    class Meta:
        icon = "user"
        label = _("Speaker")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("person") and not value.get("name"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "name": ValidationError(_("Choose a person or type a name."))
                }
            )
        return value


def speaker_entries(speakers):
    """``[{"name", "organisation", "person"}]`` of a list of speaker values,
    alphabetically by name; a speaker whose person was deleted and who has no
    typed name is left out."""
    entries = []
    for speaker in speakers:
        person = speaker.get("person")
        name = speaker.get("name") or (person.name if person else "")
        if not name:
            continue
        entries.append(
            {
                "name": name,
                "organisation": speaker.get("organisation")
                or (person.organisation if person else ""),
                "person": person,
            }
        )
    return sorted(entries, key=lambda entry: sort_key(entry["name"]))


class EventValue(blocks.StructValue):
    """An event's value, with its start and end as aware datetimes."""

    @property
    def tz(self):
        name = self.get("time_zone")
        try:
            return zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    @property
    def all_day(self):
        return not self.get("start_time")

    def _combine(self, day, time):
        if day is None:
            return None
        if time is None:
            return day
        return datetime.datetime.combine(day, time, tzinfo=self.tz)

    @property
    def start(self):
        return self._combine(self.get("start_date"), self.get("start_time"))

    @property
    def end(self):
        end_date = self.get("end_date") or self.get("start_date")
        end_time = self.get("end_time")
        if self.all_day:
            return end_date
        if end_time is None:
            return None
        return self._combine(end_date, end_time)

    @property
    def speakers(self):
        return speaker_entries(self.get("speakers") or [])

    def structured_data(self, request, page=None):
        """The schema.org ``Event`` (``editorial.structured_data``); an online
        event without a registration URL points at ``page``, which shows it."""
        start, end = self.start, self.end
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.get("title"),
            "startDate": start.isoformat() if start else None,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
            if self.get("online") and not self.get("place")
            else (
                "https://schema.org/MixedEventAttendanceMode"
                if self.get("online")
                else "https://schema.org/OfflineEventAttendanceMode"
            ),
            "eventStatus": "https://schema.org/EventScheduled",
        }
        if end:
            data["endDate"] = end.isoformat()
        description = self.get("description")
        if description:
            data["description"] = strip_tags(description.source).strip()
        locations = []
        if self.get("place"):
            locations.append({"@type": "Place", "name": self["place"]})
        if self.get("online"):
            locations.append(
                {
                    "@type": "VirtualLocation",
                    "url": self.get("registration_url")
                    or getattr(page, "full_url", None),
                }
            )
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        performers = [
            {"@type": "Person", "name": entry["name"]}
            | (
                {
                    "affiliation": {
                        "@type": "Organization",
                        "name": entry["organisation"],
                    }
                }
                if entry["organisation"]
                else {}
            )
            for entry in self.speakers
        ]
        if performers:
            data["performer"] = performers
        if self.get("registration_url"):
            data["offers"] = {"@type": "Offer", "url": self["registration_url"]}
        return data


def event_when(value):
    """When an event takes place, as ``articles/blocks/event.html`` prints it:
    ``{"all_day", "has_end", "start_datetime", "start_text", "end_datetime",
    "end_text", "zone_note"}`` (``has_end`` false when no end is shown);
    a timed event's dates and times are those of its own time zone."""
    from articles.templatetags.article_tags import event_time, event_zone_note

    def date_filter(moment, format_string):
        # As ``{{ moment|date:format_string }}`` (which converts an aware
        # datetime to the active time zone first).
        return date_format_filter(template_localtime(moment), format_string)

    start, end = value.start, value.end
    if value.all_day:
        shown_end = end and end != start
        return {
            "all_day": True,
            "has_end": bool(shown_end),
            "start_datetime": date_filter(start, "Y-m-d"),
            "start_text": date_filter(start, "DATE_FORMAT"),
            "end_datetime": date_filter(end, "Y-m-d") if shown_end else "",
            "end_text": date_filter(end, "DATE_FORMAT") if shown_end else "",
            "zone_note": "",
        }
    with timezone.override(value.get("time_zone")):
        start_day = date_filter(start, "DATE_FORMAT")
        when = {
            "all_day": False,
            "has_end": bool(end),
            "start_datetime": date_filter(start, "c"),
            "start_text": f"{start_day}, {event_time(start)}",
            "end_datetime": "",
            "end_text": "",
        }
        if end:
            when["end_datetime"] = date_filter(end, "c")
            if date_filter(end, "Y-m-d") == date_filter(start, "Y-m-d"):
                when["end_text"] = event_time(end)
            else:
                when["end_text"] = (
                    f"{date_filter(end, 'DATE_FORMAT')}, {event_time(end)}"
                )
    when["zone_note"] = event_zone_note(value.get("time_zone"))
    return when


class SpeakerSchema(Schema):
    name: str
    organisation: str
    person: PersonRefSchema | None = Field(
        ..., description="The publication's person, when one was chosen."
    )


class EventSchema(Schema):
    title: str
    start: str | None = Field(
        ...,
        description="ISO 8601: a date for an all-day event, else a date-time "
        "with the event's UTC offset.",
    )
    end: str | None = Field(..., description="Same form as start; may be null.")
    all_day: bool
    time_zone: str | None = Field(..., description="IANA name, e.g. Europe/Paris.")
    online: bool
    place: str
    description: str | None = Field(..., description="Rich text as HTML.")
    speakers: list[SpeakerSchema] = Field(..., description="Alphabetical by name.")
    agenda: list[str]
    registration_url: str


class EventBlock(BulkStructBlock):
    """An event announcement: what, when (with its time zone), where, who speaks,
    what will be covered, and where to register. Readers can add it to their
    calendar (.ics); search engines read it as a schema.org ``Event``."""

    api_schema = EventSchema

    title = blocks.CharBlock(label=_("title"), max_length=255)
    start_date = blocks.DateBlock(label=_("start date"))
    start_time = blocks.TimeBlock(
        label=_("start time"),
        required=False,
        help_text=_("Leave empty for an all-day event."),
    )
    end_date = blocks.DateBlock(
        label=_("end date"),
        required=False,
        help_text=_("Leave empty when the event ends on the day it starts."),
    )
    end_time = blocks.TimeBlock(label=_("end time"), required=False)
    time_zone = TimeZoneChoiceBlock(
        label=_("time zone"),
        choices=time_zone_choices,
        required=False,
        default="Europe/Paris",
        help_text=_("Required when the event has a start time."),
    )
    online = blocks.BooleanBlock(
        label=_("online event"), required=False, help_text=_("Held online.")
    )
    place = blocks.CharBlock(
        label=_("place"),
        required=False,
        max_length=255,
        help_text=_("Venue and city, for an event held in person."),
    )
    description = blocks.RichTextBlock(
        label=_("description"), required=False, features=EVENT_RICH_TEXT_FEATURES
    )
    speakers = blocks.ListBlock(SpeakerBlock(), label=_("speakers"), default=[])
    agenda = blocks.ListBlock(
        blocks.CharBlock(label=_("item"), max_length=300),
        label=_("questions and agenda"),
        default=[],
        help_text=_("The questions the event will cover, one per item."),
    )
    registration_url = SafeURLBlock(label=_("registration URL"), required=False)
    # Stored values from before it get its defaults (registration off).
    registration = RegistrationSettingsBlock(required=False)

    class Meta:
        icon = "date"
        template = "articles/blocks/event.html"
        label = _("Event announcement")
        value_class = EventValue

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("start_time") and not value.get("time_zone"):
            errors["time_zone"] = ValidationError(
                _("Choose the time zone of the event's start time.")
            )
        if value.get("end_time") and not value.get("start_time"):
            errors["end_time"] = ValidationError(
                _("An event with an end time needs a start time.")
            )
        start_date, end_date = value.get("start_date"), value.get("end_date")
        start_time, end_time = value.get("start_time"), value.get("end_time")
        if start_date and end_date and end_date < start_date:
            errors["end_date"] = ValidationError(
                _("The event cannot end before it starts.")
            )
        elif (
            start_date
            and start_time
            and end_time
            and (end_date or start_date) == start_date
            and end_time <= start_time
        ):
            errors["end_time"] = ValidationError(
                _("The event cannot end before it starts.")
            )
        if not value.get("online") and not value.get("place"):
            errors["place"] = ValidationError(
                _("Give the place of the event, or tick “online event”.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        # What the template prints, prepared once here (the same filters the
        # template would apply node by node: its dates were formatted twice
        # and its start and end recomputed at each use). ``value`` stays in
        # the context for a site's own template.
        from editorial.rich_text import rich_text_html
        from editorial.typography import typeset

        context = super().get_context(value, parent_context)
        page = context.get("page")
        context["event_anchor"] = "event-" + slugify(
            context.get("block_id") or value.get("title")
        )
        context["event_title"] = typeset(value.get("title"), page)
        context["when"] = event_when(value)
        description = value.get("description")
        context["event_description"] = (
            typeset(rich_text_html(description), page) if description else ""
        )
        context["speakers"] = value.speakers
        context["agenda_items"] = [
            typeset(item, page) for item in value.get("agenda") or ()
        ]
        return context

    def get_api_representation(self, value, context=None):
        start, end = value.start, value.end
        return {
            "title": value.get("title"),
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "all_day": value.all_day,
            "time_zone": value.get("time_zone") or None,
            "online": bool(value.get("online")),
            "place": value.get("place") or "",
            "description": self.child_blocks["description"].get_api_representation(
                value.get("description"), context
            ),
            "speakers": [
                {
                    "name": entry["name"],
                    "organisation": entry["organisation"],
                    "person": {
                        "id": entry["person"].pk,
                        "name": entry["person"].name,
                        "slug": entry["person"].slug,
                    }
                    if entry["person"]
                    else None,
                }
                for entry in value.speakers
            ],
            "agenda": list(value.get("agenda") or []),
            "registration_url": value.get("registration_url") or "",
        }
