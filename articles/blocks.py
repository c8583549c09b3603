"""StreamField blocks only articles use, and the article body that composes them
with the shared blocks of ``editorial.blocks``."""

import datetime
import functools
import unicodedata
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from ninja import Field, Schema

from editorial.api_fields import PersonRefSchema
from editorial.blocks import (
    BodyBlock,
    CallToActionBlock,
    DefinitionBlock,
    PersonChooserBlock,
    PlayableChooserBlock,
    RelatedReadingBlock,
    SafeURLBlock,
    visible_page,
)
from editorial.playable import PlayableSchema, is_playable

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


def sort_key(name):
    """Alphabetical order that ignores case and accents (“Émilie” near “Emma”)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class SpeakerBlock(blocks.StructBlock):
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


class EventBlock(blocks.StructBlock):
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
        context = super().get_context(value, parent_context)
        context["speakers"] = value.speakers
        context["json_ld"] = event_json_ld(value, context.get("page"))
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


def event_json_ld(value, page=None):
    """The schema.org ``Event`` of an event value, as a dict for ``json_script``."""
    from django.utils.html import strip_tags

    start, end = value.start, value.end
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": value.get("title"),
        "startDate": start.isoformat() if start else None,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if value.get("online") and not value.get("place")
        else (
            "https://schema.org/MixedEventAttendanceMode"
            if value.get("online")
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if end:
        data["endDate"] = end.isoformat()
    description = value.get("description")
    if description:
        data["description"] = strip_tags(description.source).strip()
    locations = []
    if value.get("place"):
        locations.append({"@type": "Place", "name": value["place"]})
    if value.get("online"):
        locations.append(
            {
                "@type": "VirtualLocation",
                "url": value.get("registration_url")
                or (page.full_url if page is not None else None),
            }
        )
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    performers = [
        {"@type": "Person", "name": entry["name"]}
        | (
            {"affiliation": {"@type": "Organization", "name": entry["organisation"]}}
            if entry["organisation"]
            else {}
        )
        for entry in value.speakers
    ]
    if performers:
        data["performer"] = performers
    if value.get("registration_url"):
        data["offers"] = {"@type": "Offer", "url": value["registration_url"]}
    return data


class SponsorshipNoteSchema(Schema):
    kind: str = Field(..., description="sponsored, partnership or affiliate.")
    kind_label: str = Field(..., description="The kind, in the site's language.")
    partner_name: str
    partner_url: str | None
    text: str


class SponsorshipNoteBlock(blocks.StructBlock):
    """A transparency note: this content is produced with a partner. The partner's
    link is marked ``rel="sponsored"``."""

    api_schema = SponsorshipNoteSchema

    kind = blocks.ChoiceBlock(
        label=_("relationship"),
        choices=[
            ("sponsored", _("Sponsored")),
            ("partnership", _("Partnership")),
            ("affiliate", _("Affiliate link")),
        ],
        default="partnership",
    )
    partner_name = blocks.CharBlock(label=_("partner"), max_length=200)
    partner_url = SafeURLBlock(label=_("partner URL"), required=False)
    text = blocks.TextBlock(
        label=_("text"),
        max_length=600,
        help_text=_("What the partnership covers, in a sentence or two."),
    )

    class Meta:
        icon = "warning"
        template = "articles/blocks/sponsorship_note.html"
        label = _("Sponsorship note")

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        choices = dict(self.child_blocks["kind"].field.choices)
        data["kind_label"] = str(choices.get(value.get("kind"), ""))
        return data


class PodcastEpisodeBlockSchema(Schema):
    episode: PlayableSchema | None = Field(
        ...,
        description="None when the episode is gone, unpublished or private, or "
        "when no installed app provides playable content.",
    )
    introduction: str


class PodcastEpisodeBlock(blocks.StructBlock):
    """An episode of the publication's podcast (or any page an installed app
    registered as playable, ``editorial.playable``), played in the article.
    Its name and its children's stay as stored in existing bodies."""

    api_schema = PodcastEpisodeBlockSchema

    episode = PlayableChooserBlock(label=_("episode"))
    introduction = blocks.CharBlock(
        label=_("introduction"),
        required=False,
        max_length=255,
        help_text=_("Optional. A line introducing the episode."),
    )

    class Meta:
        icon = "media"
        template = "articles/blocks/podcast_episode.html"
        label = _("Podcast episode")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = visible_page(value.get("episode"), parent_context)
        # Nothing to play when the app providing the recording is gone.
        context["episode"] = page if is_playable(page) else None
        return context

    def get_api_representation(self, value, context=None):
        return {
            "episode": self.child_blocks["episode"].get_api_representation(
                value.get("episode"), context
            ),
            "introduction": value.get("introduction") or "",
        }


class EmbedSchema(Schema):
    url: str = Field(..., description="The embedded page (video, post…).")
    html: str = Field(..., description="The provider's oEmbed HTML.")


class ArticleEmbedBlock(EmbedBlock):
    """A video or social post, embedded through Wagtail's oEmbed finders."""

    api_schema = EmbedSchema | None

    class Meta:
        icon = "media"
        template = "articles/blocks/embed.html"
        label = pgettext_lazy("article body block", "Embed")

    def bulk_to_python(self, values):
        # Wagtail looks each embed up in its cache table on render; here the
        # embeds of a whole stream are read in one query.
        from django.utils import timezone

        from wagtail.embeds.embeds import get_embed_hash
        from wagtail.embeds.models import Embed

        result = [self.to_python(value) for value in values]
        by_hash = {}
        for value in result:
            if value is not None:
                key = get_embed_hash(value.url, value.max_width, value.max_height)
                by_hash.setdefault(key, []).append(value)
        if by_hash:
            for embed in Embed.objects.exclude(cache_until__lte=timezone.now()).filter(
                hash__in=list(by_hash)
            ):
                for value in by_hash[embed.hash]:
                    value.cached_embed = embed
        return result

    @staticmethod
    def embed_html(value):
        from django.template.loader import render_to_string

        embed = getattr(value, "cached_embed", None)
        if embed is not None:
            return render_to_string(
                "wagtailembeds/embed_frontend.html", {"embed": embed}
            )
        return value.html  # fetched from the provider, then cached by Wagtail

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["html"] = self.embed_html(value) if value is not None else ""
        return context

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return {"url": value.url, "html": self.embed_html(value) or ""}


class ArticleBodyBlock(BodyBlock):
    """The body of an article: the shared long-read blocks plus definitions,
    embeds, podcast episodes, events, calls to action, sponsorship notes and
    related-reading cards."""

    definition = DefinitionBlock()
    embed = ArticleEmbedBlock(label=pgettext_lazy("article body block", "Embed"))
    podcast_episode = PodcastEpisodeBlock()
    event = EventBlock()
    call_to_action = CallToActionBlock()
    sponsorship_note = SponsorshipNoteBlock()
    related_reading = RelatedReadingBlock()
