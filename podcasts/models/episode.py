"""A podcast episode and its parts: people, chapters, linked articles."""

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from editorial import listing_cache
from editorial.absolute_urls import absolute_url, site_root_url
from editorial.api_fields import typed_field, writable, write_only
from editorial.blocks import RICH_TEXT_FEATURES
from editorial.models import EditorialPageMixin
from editorial.panels import WordedInlinePanel
from editorial.preview import HeadlessPreviewMixin
from podcasts.audience.links import counting_path
from podcasts.formats import duration_iso
from podcasts.schemas import EnclosureSchema, LinkSchema, ShowLinkSchema
from podcasts.validators import (
    TRANSCRIPT_TYPES,
    transcript_cue_text,
    transcript_kind,
    validate_transcript,
)

from .audio import AudioFile
from .show import ArtworkFormMixin, PodcastShowPage, PodcastSubscribeLink


class PodcastEpisodePageForm(ArtworkFormMixin, WagtailAdminPageForm):
    def clean_transcript_document(self):
        document = self.cleaned_data.get("transcript_document")
        if document is not None:
            validate_transcript(document)
        return document


class PodcastEpisodePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "podcasts.PodcastEpisodePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class PodcastEpisodePage(
    HeadlessPreviewMixin, RoutablePageMixin, EditorialPageMixin, Page
):
    """One episode: its audio file (duration, size and type read from the file),
    show notes, people, transcript and chapters. Its GUID never changes."""

    api_person_lookup = "credits__person"

    class EpisodeType(models.TextChoices):
        FULL = "full", _("Full episode")
        TRAILER = "trailer", _("Trailer")
        BONUS = "bonus", _("Bonus")

    guid = models.UUIDField(
        _("GUID"),
        default=uuid.uuid4,
        editable=False,
        unique=True,
        help_text=_("Podcast apps know the episode by it; it never changes."),
    )
    audio = models.ForeignKey(
        AudioFile,
        verbose_name=_("audio"),
        on_delete=models.PROTECT,
        related_name="episodes",
        help_text=_("The recording; upload a new one from the chooser."),
    )
    episode_number = models.PositiveIntegerField(
        _("episode number"), null=True, blank=True, help_text=_("Optional.")
    )
    season_number = models.PositiveIntegerField(
        _("season"), null=True, blank=True, help_text=_("Optional.")
    )
    episode_type = models.CharField(
        _("episode type"),
        max_length=10,
        choices=EpisodeType.choices,
        default=EpisodeType.FULL,
    )
    explicit = models.BooleanField(
        _("explicit"),
        default=False,
        help_text=_("Tick if this episode contains explicit language or content."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences shown in listings and podcast apps."),
    )
    show_notes = RichTextField(
        _("show notes"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("episode artwork"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional; the show's artwork otherwise. Square JPEG or PNG in RGB, "
            "1400 to 3000 pixels wide."
        ),
    )
    transcript_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("transcript file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A WebVTT (.vtt) or SubRip (.srt) file, linked in the feed."),
    )
    transcript_text = models.TextField(
        _("transcript text"),
        blank=True,
        help_text=_("The transcript as plain text, shown on the episode page."),
    )
    tags = ClusterTaggableManager(
        through=PodcastEpisodePageTag, blank=True, verbose_name=_("tags")
    )

    base_form_class = PodcastEpisodePageForm
    # Inside another page (an article's audio version, an episode block): the player.
    embed_template = "podcasts/includes/embed.html"
    # The picture of its cards in listings (editorial.content.attach_card_images).
    card_image_field = "artwork"
    # The copy of an episode is another episode: it gets its own GUID.
    exclude_fields_in_copy = ["guid"]

    content_panels = (
        Page.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("audio"),
                    FieldRowPanel(
                        [FieldPanel("season_number"), FieldPanel("episode_number")]
                    ),
                    FieldRowPanel([FieldPanel("episode_type"), FieldPanel("explicit")]),
                    FieldPanel("artwork"),
                ],
                heading=_("Audio"),
            ),
            FieldPanel("summary"),
            FieldPanel("show_notes"),
            WordedInlinePanel(
                "credits",
                heading=_("Hosts and guests"),
                label=_("person"),
                add_label=pgettext_lazy("inline panel", "Add a person"),
            ),
            WordedInlinePanel(
                "chapters",
                heading=_("Chapters"),
                label=_("chapter"),
                add_label=pgettext_lazy("inline panel", "Add a chapter"),
                help_text=_("Start time (m:ss or h:mm:ss) and title of each chapter."),
            ),
            MultiFieldPanel(
                [FieldPanel("transcript_document"), FieldPanel("transcript_text")],
                heading=_("Transcript"),
            ),
            # Articles choose their audio version (editorial.PlayableVersion);
            # the episode page lists them under "Read the article".
        ]
        + EditorialPageMixin.metadata_panels
        + EditorialPageMixin.see_also_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.SearchField("transcript_text"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("guid"),
        *writable("episode_number", "season_number", "episode_type", "explicit"),
        APIField("audio_url", serializer=typed_field(str | None)),
        APIField("enclosure", serializer=typed_field(EnclosureSchema | None)),
        APIField("duration_seconds", serializer=typed_field(int | None)),
        APIField("file_size", serializer=typed_field(int | None)),
        APIField("mime_type", serializer=typed_field(str)),
        *writable("summary", "show_notes"),
        APIField("transcript_url", serializer=typed_field(str | None)),
        APIField("chapters_url", serializer=typed_field(str | None)),
        APIField("show", serializer=typed_field(ShowLinkSchema | None)),
        APIField("linked_article_list", serializer=typed_field(list[LinkSchema])),
        *EditorialPageMixin.api_fields,
        # Written as the model stores them; read as the fields above.
        *write_only(
            "audio",
            "artwork",
            "credits",
            "chapters",
            "transcript_document",
            "transcript_text",
        ),
    ]
    parent_page_types = ["podcasts.PodcastShowPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("podcast episode")
        verbose_name_plural = _("podcast episodes")

    def save(self, *args, **kwargs):
        # Assigned once: a revision, a form or a move never changes the GUID.
        # An alias is another item of a feed: Wagtail copies every field into
        # it, the GUID too (which is unique), so it gets its own.
        if self.pk is None and self.alias_of_id:
            self.guid = uuid.uuid4()
        if self.pk:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("guid", flat=True)
                .first()
            )
            if stored:
                self.guid = stored
        return super().save(*args, **kwargs)

    @property
    def teaser(self):
        return self.summary or self.search_description

    # -- audio -----------------------------------------------------------------

    @property
    def audio_url(self):
        """Absolute URL of the recording (media may live on another host),
        through the counting endpoint when the site mounts it."""
        return self.published_audio_url("api")

    def published_audio_url(self, source, root_url=None):
        """The URL published for the recording where ``source`` (feed, player,
        download, api) shows it: the counting endpoint's (README, Podcast
        audience), else the file's own. Absolute unless ``root_url`` is ""."""
        if not self.audio_id:
            return None
        if root_url is None:
            root_url = site_root_url(self)
        url = counting_path(self, source) or self.audio.file.url
        return absolute_url(url, root_url) if root_url else url

    @property
    def duration_seconds(self):
        return self.audio.duration_seconds if self.audio_id else None

    @property
    def file_size(self):
        return self.audio.file_size if self.audio_id else None

    @property
    def mime_type(self):
        return self.audio.mime_type if self.audio_id else ""

    def embed_data(self):
        """The episode inside another page, for the APIs (``editorial.playable``'s
        ``PlayableSchema``): what its player (``embed_template``) shows."""
        audio_url = self.audio_url or ""
        return {
            "id": self.pk,
            "title": self.title,
            "url": self.full_url,
            "date": (
                self.publication_date.isoformat() if self.publication_date else None
            ),
            "audio_url": audio_url,
            "duration_seconds": self.duration_seconds,
            "file_size": self.file_size,
            "mime_type": self.mime_type,
            "summary": self.teaser or "",
            # The same audio as podcast apps read it (RSS <enclosure>).
            "enclosure": self.enclosure if audio_url else None,
        }

    @property
    def enclosure(self):
        if not self.audio_id:
            return None
        return {
            "url": self.audio_url,
            "length": self.file_size,
            "type": self.mime_type,
            "duration": self.duration_seconds,
        }

    @property
    def pub_datetime(self):
        """Publication date and time for the feed: the date editors chose, at the
        time the page was first published on that day, else at noon (so that
        no listener's time zone moves it to another day)."""
        published = self.first_published_at or self.last_published_at
        if published:
            local = timezone.localtime(published)
            if local.date() == self.publication_date:
                return local
        return timezone.make_aware(
            datetime.datetime.combine(self.publication_date, datetime.time(12))
        )

    # -- show, transcript, chapters --------------------------------------------

    @classmethod
    def card_image_ids(cls, pages):
        """``{episode pk: its show's artwork id}`` for cards of episodes
        without artwork of their own (``editorial.content.attach_card_images``),
        in one query for all of them."""
        parents = {page.pk: page.path[: -page.steplen] for page in pages}
        artwork = dict(
            PodcastShowPage.objects.filter(
                path__in=set(parents.values()), artwork__isnull=False
            ).values_list("path", "artwork_id")
        )
        return {pk: artwork[path] for pk, path in parents.items() if path in artwork}

    @cached_property
    def show_page(self):
        parent_path = self.path[: -self.steplen]
        # Kept for the content generation (publishing the show, which its
        # links are part of, renews it): every page embedding an episode's
        # player shows its show's links.
        return listing_cache.cached(
            ("podcast-show", parent_path), lambda: self._load_show_page(parent_path)
        )

    @staticmethod
    def _load_show_page(parent_path):
        # The show comes with its links (one query) when it has any. They
        # are kept as ``(platform, url)`` in ``subscribe_link_rows``, which
        # ``subscribe_link_list`` reads: a show pickled with its links'
        # instances (and their queryset) took six times as long to read
        # back from the cache on every page embedding a player.
        links = PodcastSubscribeLink.objects.filter(show__path=parent_path)
        links = list(links.select_related("show"))
        if not links:
            show = PodcastShowPage.objects.filter(path=parent_path).first()
            if show is not None:
                show.subscribe_link_rows = []
            return show
        show = links[0].show
        show.subscribe_link_rows = [(link.platform, link.url) for link in links]
        return show

    @property
    def show(self):
        show = self.show_page
        if show is None:
            return None
        return {
            "id": show.pk,
            "title": show.title,
            "url": show.full_url,
            "feed_url": show.feed_url,
        }

    @property
    def artwork_url(self):
        return (
            absolute_url(self.artwork.file.url, site_root_url(self))
            if self.artwork_id
            else None
        )

    @cached_property
    def public_transcript_document(self):
        """The transcript file, unless it sits in a private collection: then the
        page, its routes, the feed and the API all behave as if there were none
        (a listing may fill this in for many episodes at once)."""
        from editorial.media import MediaPrivacy

        document = self.transcript_document if self.transcript_document_id else None
        return document if MediaPrivacy().allows(document) else None

    @cached_property
    def transcript_display_text(self):
        """The transcript shown on the page: the text, else the file's cues."""
        if self.transcript_text:
            return self.transcript_text
        if self.public_transcript_document:
            return transcript_cue_text(self.public_transcript_document)
        return ""

    @property
    def transcript_type(self):
        kind = transcript_kind(self.public_transcript_document)
        return TRANSCRIPT_TYPES.get(kind, "")

    def _route_url(self, name):
        url = self.get_full_url()
        return url + self.reverse_subpage(name) if url else None

    @property
    def transcript_url(self):
        if self.public_transcript_document:
            return self._route_url("transcript")
        if self.transcript_text:
            return self._route_url("transcript_text")
        return None

    @property
    def chapters_url(self):
        return self._route_url("chapters") if self.chapters.all() else None

    @cached_property
    def chapter_list(self):
        """Chapters in playing order, whatever order editors entered them in."""
        return sorted(self.chapters.all(), key=lambda chapter: chapter.start_time)

    def chapters_json(self):
        """Podcasting 2.0 JSON chapters (version 1.2.0)."""
        chapters = []
        for chapter in self.chapter_list:
            item = {
                "startTime": chapter.start_time.total_seconds(),
                "title": chapter.title,
            }
            if chapter.url:
                item["url"] = chapter.url
            chapters.append(item)
        return {"version": "1.2.0", "chapters": chapters}

    @cached_property
    def credit_list(self):
        """Hosts and guests with their person, in one query (drafts in preview too)."""
        if "credits" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.credits.all())
        return list(
            self.credits.select_related("person").prefetch_related("person__links")
        )

    @property
    def contributor_list(self):
        """Hosts and guests in ``ContributorSchema``'s shape (the API's
        ``contributors``)."""
        return [credit.person.credit_data(credit.role) for credit in self.credit_list]

    @property
    def people(self):
        return [
            {
                "name": credit.person.name,
                "role": credit.role,
                "organisation": credit.person.organisation,
            }
            for credit in self.credit_list
        ]

    def structured_data(self, request):
        """The schema.org ``PodcastEpisode`` (``editorial.structured_data``);
        none without an audio file."""
        if not self.audio_id:
            return None
        audio = self.audio
        data = {
            "@context": "https://schema.org",
            "@type": "PodcastEpisode",
            "name": self.title,
            "url": self.full_url,
            "datePublished": self.publication_date.isoformat(),
            "description": self.teaser or "",
            "timeRequired": duration_iso(audio.duration_seconds),
            "associatedMedia": {
                "@type": "AudioObject",
                "contentUrl": self.audio_url,
                "encodingFormat": audio.mime_type,
                "contentSize": str(audio.file_size),
                "duration": duration_iso(audio.duration_seconds),
            },
        }
        if self.episode_number is not None:
            data["episodeNumber"] = self.episode_number
        show = self.show_page
        if show is not None:
            data["partOfSeries"] = {
                "@type": "PodcastSeries",
                "name": show.title,
                "url": show.full_url,
            }
        people = self.credit_list
        if people:
            data["actor"] = [
                {"@type": "Person", "name": credit.person.name} for credit in people
            ]
        return data

    @cached_property
    def linked_article_list(self):
        """Pages (articles) this episode is the playable version of
        (``editorial.PlayableVersion``) that readers may see (live, public,
        same site)."""
        visibility = self.reader_visibility
        if visibility is None:
            return []
        ids = [link.page_id for link in self.playable_version_of.all()]
        return self._linked_among(visibility.pages(Page).filter(pk__in=ids).in_bulk())

    def _linked_among(self, visible):
        ids = [link.page_id for link in self.playable_version_of.all()]
        return [
            {"id": pk, "title": visible[pk].title, "url": visible[pk].full_url}
            for pk in ids
            if pk in visible
        ]

    api_listing_prefetch = EditorialPageMixin.api_listing_prefetch + (
        "audio",
        "transcript_document",
        "credits__person__links",
        "playable_version_of",
        "chapters",
    )
    api_embed_prefetch = ("audio",)

    @classmethod
    def prepare_api_listing(cls, pages, request=None):
        """Also their shows (one query), visible linked articles (one per
        site) and transcript privacy (one read per request)."""
        from editorial.media import MediaPrivacy

        super().prepare_api_listing(pages, request)
        parent_paths = {page.path[: -page.steplen] for page in pages}
        shows = {
            show.path: show
            for show in PodcastShowPage.objects.filter(
                path__in=parent_paths
            ).prefetch_related("subscribe_links")
        }
        for page, visible in cls.visible_targets(
            pages,
            lambda page: [link.page_id for link in page.playable_version_of.all()],
            Page,
        ):
            page.__dict__["linked_article_list"] = page._linked_among(visible)
        privacy = (
            MediaPrivacy.for_request(request) if request is not None else MediaPrivacy()
        )
        for page in pages:
            page.__dict__["show_page"] = shows.get(page.path[: -page.steplen])
            document = page.transcript_document
            page.__dict__["public_transcript_document"] = (
                document if privacy.allows(document) else None
            )

    # -- routes --------------------------------------------------------------

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("player/", name="player")
    def player(self, request):
        return self.render(
            request, template="podcasts/player_window.html", context_overrides={}
        )

    @path("chapters/", name="chapters")
    def chapters_route(self, request):
        from podcasts.views import chapters_response

        return chapters_response(self)

    @path("transcript/", name="transcript")
    def transcript(self, request):
        from podcasts.views import transcript_file_response

        return transcript_file_response(self)

    @path("transcript/text/", name="transcript_text")
    def transcript_text_route(self, request):
        from podcasts.views import transcript_text_response

        return transcript_text_response(self)
