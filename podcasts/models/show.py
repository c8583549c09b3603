"""A podcast show: the channel of the feed."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from editorial import listing_cache
from editorial.absolute_urls import absolute_url, site_root_url
from editorial.api_fields import typed_field, writable, write_only
from editorial.content import Visibility
from editorial.pagination import paginate
from editorial.panels import WordedInlinePanel
from editorial.preview import HeadlessPreviewMixin
from editorial.structured_data import StructuredDataMixin
from podcasts.categories import CATEGORY_CHOICES
from podcasts.conf import get_setting
from podcasts.schemas import SubscribeLinkSchema
from podcasts.validators import validate_artwork, validate_subscribe_url

# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a1b28d128cb6")


def podcast_guid_for(feed_url):
    """The ``podcast:guid`` of a feed URL: scheme and trailing slashes removed."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, bare)


class ArtworkFormMixin:
    """Checks the chosen artwork against Apple's rules when the page is saved."""

    def clean_artwork(self):
        artwork = self.cleaned_data.get("artwork")
        if artwork is not None:
            validate_artwork(artwork)
        return artwork


class PodcastShowPageForm(ArtworkFormMixin, WagtailAdminPageForm):
    pass


class PodcastShowPage(
    HeadlessPreviewMixin, StructuredDataMixin, RoutablePageMixin, Page
):
    """A podcast show: the channel podcast apps subscribe to. Its page lists the
    episodes; its feed (``feed/``) is what Apple Podcasts and others read."""

    class ShowType(models.TextChoices):
        EPISODIC = "episodic", _("Episodic (newest first)")
        SERIAL = "serial", _("Serial (oldest first)")

    description = models.TextField(
        _("description"),
        help_text=_("What the show is about; used on the page and by podcast apps."),
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("artwork"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Square JPEG or PNG in RGB colours, 1400 to 3000 pixels wide "
            "(Apple Podcasts refuses others)."
        ),
    )
    author = models.CharField(
        _("author"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown as the show's author in podcast apps; the site name if empty."
        ),
    )
    owner_name = models.CharField(
        _("owner name"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who podcast directories contact about the show; not shown to listeners."
        ),
    )
    owner_email = models.EmailField(
        _("owner e-mail"),
        blank=True,
        help_text=_("Apple Podcasts sends its verification e-mail there."),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        default="fr",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$",
                _("Enter a language code such as “fr” or “fr-FR”."),
            )
        ],
        help_text=_("Language code of the episodes, e.g. “fr” or “en-GB”."),
    )
    primary_category = models.CharField(
        _("primary category"),
        max_length=80,
        choices=CATEGORY_CHOICES,
        default="Business > Marketing",
        help_text=_("Apple Podcasts category (and subcategory)."),
    )
    secondary_category = models.CharField(
        _("secondary category"),
        max_length=80,
        choices=CATEGORY_CHOICES,
        blank=True,
        help_text=_("Optional second Apple Podcasts category."),
    )
    explicit = models.BooleanField(
        _("explicit"),
        default=False,
        help_text=_("Tick if episodes contain explicit language or content."),
    )
    show_type = models.CharField(
        _("show type"),
        max_length=10,
        choices=ShowType.choices,
        default=ShowType.EPISODIC,
        help_text=_("Episodic: listen in any order. Serial: listen from the first."),
    )
    copyright = models.CharField(
        _("copyright"),
        max_length=255,
        blank=True,
        help_text=_("For example “© 2026 Pressroom”."),
    )
    podcast_guid = models.UUIDField(
        _("podcast GUID"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Podcasting 2.0 identifier, set once from the first feed URL."),
    )
    new_feed_url = models.URLField(
        _("new feed URL"),
        blank=True,
        help_text=_(
            "Only when the show moves away: the address of its new feed. Podcast "
            "apps then follow it. Leave empty otherwise."
        ),
    )

    base_form_class = PodcastShowPageForm
    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("artwork"),
        WordedInlinePanel(
            "subscribe_links",
            heading=_("Subscribe links"),
            label=_("subscribe link"),
            add_label=pgettext_lazy("inline panel", "Add a subscribe link"),
            help_text=_(
                "Shown under every player, in this order. Leave the URL of the "
                "RSS link empty to point at this show's own feed."
            ),
        ),
    ]
    podcast_panels = [
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
                FieldPanel("language"),
                FieldRowPanel(
                    [FieldPanel("primary_category"), FieldPanel("secondary_category")]
                ),
                FieldRowPanel([FieldPanel("show_type"), FieldPanel("explicit")]),
                FieldPanel("copyright"),
                FieldPanel("new_feed_url"),
            ],
            heading=_("Podcast directories"),
        )
    ]
    settings_panels = Page.settings_panels + podcast_panels
    search_fields = Page.search_fields + [index.SearchField("description")]
    api_fields = [
        *writable("description"),
        APIField("artwork", serializer=ImageRenditionField("fill-1400x1400")),
        APIField("feed_url", serializer=typed_field(str | None)),
        APIField(
            "subscribe_link_list", serializer=typed_field(list[SubscribeLinkSchema])
        ),
        APIField("podcast_guid"),
        APIField("author_name", serializer=typed_field(str)),
        *writable("language"),
        APIField("category_list", serializer=typed_field(list[str])),
        *writable("explicit", "show_type", "copyright"),
        # Written as the model stores them; read as the fields above.
        *write_only(
            "artwork",
            "subscribe_links",
            "author",
            "owner_name",
            "owner_email",
            "primary_category",
            "secondary_category",
            "new_feed_url",
        ),
    ]
    subpage_types = ["podcasts.PodcastEpisodePage"]

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")

    def clean(self):
        super().clean()
        if self.secondary_category and self.secondary_category == self.primary_category:
            raise ValidationError(
                {
                    "secondary_category": _(
                        "Choose a category different from the primary one."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # Assigned once: whatever a revision or a form carries, keep the stored GUID.
        if self.pk:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("podcast_guid", flat=True)
                .first()
            )
            if stored:
                self.podcast_guid = stored
        result = super().save(*args, **kwargs)
        if not self.podcast_guid and self.feed_url:
            self.podcast_guid = podcast_guid_for(self.feed_url)
            type(self).objects.filter(pk=self.pk).update(podcast_guid=self.podcast_guid)
        return result

    # -- URLs and derived data ----------------------------------------------

    @cached_property
    def feed_url(self):
        """Absolute URL of the show's RSS feed (``None`` outside any site)."""
        url = self.get_full_url()
        return url + self.reverse_subpage("feed") if url else None

    @property
    def author_name(self):
        if self.author:
            return self.author
        site = self.get_site()
        return (site.site_name if site else "") or self.owner_name or self.title

    @property
    def category_list(self):
        return [
            value for value in (self.primary_category, self.secondary_category) if value
        ]

    @property
    def artwork_url(self):
        return (
            absolute_url(self.artwork.file.url, site_root_url(self))
            if self.artwork_id
            else None
        )

    @cached_property
    def subscribe_link_list(self):
        """The subscribe links as ``{platform, label, url}``, the RSS one filled
        in with this show's feed."""
        rows = self.__dict__.get("subscribe_link_rows")
        if rows is None:
            rows = [(link.platform, link.url) for link in self.subscribe_links.all()]
        links = []
        feed_url = None
        for platform, url in rows:
            if not url and platform == PodcastSubscribeLink.Platform.RSS:
                if feed_url is None:
                    feed_url = self.feed_url or ""
                url = feed_url
            if url:
                label = PodcastSubscribeLink.label_for(platform)
                links.append({"platform": platform, "label": label, "url": url})
        return links

    def structured_data(self, request):
        """The schema.org ``PodcastSeries`` (``editorial.structured_data``)."""
        data = {
            "@context": "https://schema.org",
            "@type": "PodcastSeries",
            "name": self.title,
            "description": self.description,
            "url": self.full_url,
            "webFeed": self.feed_url,
            "inLanguage": self.language,
            "author": {"@type": "Organization", "name": self.author_name},
        }
        if self.artwork_id:
            data["image"] = self.artwork_url
        return data

    @classmethod
    def episode_model(cls):
        """The episodes' page type: the show's child type (``subpage_types``),
        read from Wagtail's page tree rather than imported, since the episode
        module imports this one (its parent)."""
        return cls.allowed_subpage_models()[0]

    def feed_episodes(self, visibility):
        """The episodes the feed lists (``podcasts.feeds``): the newest
        ``PRESSROOM_PODCAST_FEED_LIMIT`` (newest first, ties by id, as the
        show's page lists them). The reader rule and "child of the show" are
        checked in a subquery per row, so that the database walks the
        publication-date index and stops after the limit (with a join, SQLite
        sorted every episode)."""
        limit = get_setting("PRESSROOM_PODCAST_FEED_LIMIT")
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        return visibility.indexed_pages(self.episode_model(), children).order_by(
            "-publication_date", "-pk"
        )[:limit]

    @property
    def feed_guid(self):
        """The show's ``podcast:guid``: the stored one, else its feed URL's."""
        return str(self.podcast_guid or podcast_guid_for(self.feed_url))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The reader rule and "child of the show" in a subquery, so the page
        # is read from the publication-date index rather than sorted.
        visibility = Visibility.for_request(request)
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        episodes = visibility.indexed_pages(
            self.episode_model(), children
        ).select_related("audio")
        site = visibility.site.pk if visibility.site else None
        count = listing_cache.cached(
            ("show-episodes", self.pk, site), episodes.order_by().count
        )
        # A serial show is listened to from its first episode.
        if self.show_type == self.ShowType.SERIAL:
            ordering = ["publication_date", "pk"]
        else:
            ordering = ["-publication_date", "-pk"]
        context["episodes"] = paginate(
            request, episodes.order_by(*ordering), count=count, keyset=ordering
        )
        context["show"] = self
        return context

    # -- routes --------------------------------------------------------------

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("feed/", name="feed")
    def feed(self, request):
        from podcasts.feeds import serve_feed

        return serve_feed(request, self)


class PodcastSubscribeLink(Orderable):
    """A place listeners can subscribe to the show: a platform and its URL."""

    class Platform(models.TextChoices):
        APPLE = "apple", _("Apple Podcasts")
        SPOTIFY = "spotify", _("Spotify")
        ANDROID = "android", _("Android (AntennaPod)")
        BLUBRRY = "blubrry", _("Blubrry")
        YOUTUBE = "youtube", _("YouTube")
        EMAIL = "email", _("E-mail")
        RSS = "rss", _("RSS")

    show = ParentalKey(
        PodcastShowPage, on_delete=models.CASCADE, related_name="subscribe_links"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.CharField(
        _("URL"),
        max_length=500,
        blank=True,
        validators=[validate_subscribe_url],
        help_text=_(
            "The show's page on that platform (mailto: allowed for e-mail). "
            "Empty for RSS: the show's own feed."
        ),
    )

    panels = [FieldPanel("platform"), FieldPanel("url")]
    api_fields = writable("platform", "url")

    class Meta(Orderable.Meta):
        verbose_name = _("subscribe link")
        verbose_name_plural = _("subscribe links")

    def __str__(self):
        return self.get_platform_display()

    def clean(self):
        super().clean()
        if not self.url and self.platform != self.Platform.RSS:
            raise ValidationError(
                {"url": _("Enter the show's address on this platform.")}
            )

    @property
    def label(self):
        # The choice's label by the enum, as get_platform_display() gives it
        # (that one hashes every choice's lazy label on each call: a player
        # lists all the links on every page that embeds an episode).
        return self.label_for(self.platform)

    @classmethod
    def label_for(cls, platform):
        """The label of ``platform`` in the active language."""
        try:
            return str(cls.Platform(platform).label)
        except ValueError:  # a value no longer among the choices: shown as is
            return platform

    @property
    def target_url(self):
        if self.url:
            return self.url
        if self.platform == self.Platform.RSS:
            return self.show.feed_url
        return ""
