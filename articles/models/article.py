"""The article page: a long read with its contributors, category, tags,
structured body, audio version and sponsorship disclosure."""

import math
import weakref

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page, Site
from wagtail.search import index

from articles.blocks import ArticleBodyBlock
from editorial.absolute_urls import request_absolute_url
from editorial.api_fields import typed_field, writable, write_only
from editorial.blocks import table_of_contents
from editorial.content import Visibility
from editorial.models import (
    EditorialPageMixin,
    PersonLink,
    PlayableVersion,
    PlayableVersionMixin,
)
from editorial.panels import WordedInlinePanel
from editorial.playable import PlayableSchema
from editorial.prepared import PreparedQuery
from editorial.preview import HeadlessPreviewMixin

from .article_parts import ArticleContributor, ArticlePageTag
from .schemas import CategorySchema, SponsorshipSchema
from .snippets import Category, Partner

# Words read per minute, for the reading time shown under the title.
WORDS_PER_MINUTE = 230

# The hero image in social cards and structured data (1.91:1, as Open Graph asks).
SOCIAL_IMAGE_FILTER = "fill-1200x630"


SPONSORSHIP_KINDS = [
    ("sponsored", _("Sponsored content")),
    ("partnership", _("Partnership")),
    ("affiliate", _("Affiliate links")),
]


class ArticlePage(HeadlessPreviewMixin, PlayableVersionMixin, EditorialPageMixin, Page):
    """A long read: standfirst, hero image, contributors, a category and tags,
    a body of structured blocks, an optional audio version and a sponsorship
    disclosure."""

    api_person_lookup = "contributors__person"

    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        max_length=600,
        help_text=_("The lead paragraph under the title, also used in listings."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article and in social cards."),
    )
    hero_caption = models.CharField(
        _("hero image caption"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Shown under the hero image."),
    )
    hero_credit = models.CharField(
        _("hero image credit"),
        max_length=255,
        blank=True,
        help_text=_("Photographer or agency, e.g. “© Jeanne Martin”."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The article's primary topic."),
    )
    updated_date = models.DateField(
        _("updated on"),
        null=True,
        blank=True,
        help_text=_("Set when the article was substantially revised."),
    )
    sponsor = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Set when the article is produced with a partner."),
    )
    sponsorship_kind = models.CharField(
        _("kind of relationship"),
        max_length=20,
        choices=SPONSORSHIP_KINDS,
        blank=True,
    )
    sponsorship_text = models.CharField(
        _("disclosure"),
        max_length=300,
        blank=True,
        help_text=_("A short sentence shown to readers with the partner's name."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    show_table_of_contents = models.BooleanField(
        _("show a table of contents"),
        default=False,
        help_text=_("Lists the body's headings at the top of the article."),
    )
    tags = ClusterTaggableManager(
        through=ArticlePageTag, blank=True, verbose_name=_("tags")
    )

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("standfirst"),
            MultiFieldPanel(
                [
                    FieldPanel("hero_image"),
                    FieldPanel("hero_caption"),
                    FieldPanel("hero_credit"),
                ],
                heading=_("Hero image"),
            ),
            WordedInlinePanel(
                "contributors",
                heading=_("Contributors"),
                label=_("contributor"),
                add_label=pgettext_lazy("inline panel", "Add a contributor"),
                help_text=_("Authors and other contributors, in the order shown."),
            ),
            FieldPanel("category"),
            FieldPanel("body"),
            FieldPanel("show_table_of_contents"),
            # Shown when an installed app provides playable content (podcasts).
            *PlayableVersionMixin.playable_version_panels,
            MultiFieldPanel(
                [
                    FieldPanel("sponsor"),
                    FieldPanel("sponsorship_kind"),
                    FieldPanel("sponsorship_text"),
                ],
                heading=_("Sponsorship disclosure"),
            ),
        ]
        + EditorialPageMixin.metadata_panels
        + [FieldPanel("updated_date")]
        + EditorialPageMixin.see_also_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("category"),
    ]
    api_fields = [
        *writable("standfirst"),
        APIField("hero_image", serializer=ImageRenditionField("width-1200")),
        *writable("hero_caption", "hero_credit"),
        APIField("category_data", serializer=typed_field(CategorySchema | None)),
        *writable("updated_date"),
        APIField("reading_time", serializer=typed_field(int)),
        APIField("audio_version", serializer=typed_field(PlayableSchema | None)),
        APIField("sponsorship", serializer=typed_field(SponsorshipSchema | None)),
        *writable("body"),
        *EditorialPageMixin.api_fields,
        # Written as ids and lists of ids; read expanded above (hero_image,
        # category_data, sponsorship, contributors, audio_version).
        *write_only(
            "hero_image",
            "category",
            "contributors",
            "show_table_of_contents",
            "playable_versions",
            "sponsor",
            "sponsorship_kind",
            "sponsorship_text",
        ),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The index's category filter, newest first.
            models.Index(
                fields=["category", "-publication_date"],
                name="article_category_date_idx",
            ),
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.sponsor_id and not self.sponsorship_kind:
            raise ValidationError(
                {"sponsorship_kind": _("Say what kind of relationship it is.")}
            )
        if (
            self.updated_date
            and self.publication_date
            and self.updated_date < self.publication_date
        ):
            raise ValidationError(
                {"updated_date": _("The update cannot precede the publication.")}
            )

    @property
    def teaser(self):
        return self.standfirst or self.search_description

    # -- computed for readers and the API ------------------------------------

    @cached_property
    def word_count(self):
        # Read from the stored JSON: loading the blocks would query their
        # images, pages and embeds (once per article in an API listing).
        return len(self.standfirst.split()) + sum(
            len(text.split()) for text in _texts_in(list(self.body.raw_data))
        )

    @property
    def reading_time(self):
        """Minutes to read the article (at least one)."""
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @cached_property
    def social_image(self):
        """The hero image's rendition for social cards (``og:image``), as
        ``{% image page.hero_image fill-1200x630 %}`` gives it; read once per
        render (the structured data shows it too). None without a hero image."""
        from wagtail.images.shortcuts import get_rendition_or_not_found

        if self.hero_image is None:
            return None
        return get_rendition_or_not_found(self.hero_image, SOCIAL_IMAGE_FILTER)

    @cached_property
    def table_of_contents(self):
        return table_of_contents(self.body)

    @cached_property
    def credited_contributors(self):
        """Contributors in order, with their person, photo and links loaded in
        a fixed number of queries (a preview reads the unsaved ones)."""
        manager = self.contributors
        prefetched = "contributors" in getattr(self, "_prefetched_objects_cache", {})
        # Where ``all()`` would give a queryset to run (a stored page whose
        # credits are neither held in memory nor prefetched), without building it.
        if self.pk is not None and not manager.is_deferring and not prefetched:
            # The stored credits, by a query compiled once (editorial.prepared).
            credits = _CREDITS.run(page=self.pk)
            for credit in credits:
                credit.page = self  # as the related manager gives them
            people = [credit.person for credit in credits if credit.person_id]
            if people:
                _prefetch_links(people, _CREDIT_LINKS.run(page=self.pk))
                photos = [person.photo for person in people if person.photo_id]
                models.prefetch_related_objects(photos, "renditions")
        else:
            credits = manager.all()
        return [credit for credit in credits if credit.person_id is not None]

    @property
    def contributor_list(self):
        return [
            credit.person.credit_data(credit.role)
            for credit in self.credited_contributors
        ]

    @property
    def category_data(self):
        if self.category is None:
            return None
        return {"name": self.category.name, "slug": self.category.slug}

    @property
    def audio_episode(self):
        """The recording chosen as the article's audio version (first playable
        version), whatever its visibility; setting it replaces the versions
        held in memory (the demo and factories set it; saving stores it)."""
        return self.playable_version_page

    @audio_episode.setter
    def audio_episode(self, page):
        self.playable_versions = [PlayableVersion(playable=page)] if page else []
        self.__dict__.pop("playable_version_page", None)

    api_listing_prefetch = EditorialPageMixin.api_listing_prefetch + (
        "category",
        "sponsor",
        "contributors__person__links",
        "hero_image__renditions",
    )

    @classmethod
    def prepare_api_listing(cls, pages, request=None):
        super().prepare_api_listing(pages, request)
        cls.prepare_playable_versions(pages)

    @property
    def sponsorship(self):
        if self.sponsor is None:
            return None
        return {
            "kind": self.sponsorship_kind,
            "kind_label": str(self.get_sponsorship_kind_display()),
            "text": self.sponsorship_text,
            "partner": {
                "name": self.sponsor.name,
                "url": self.sponsor.url,
                "description": self.sponsor.description,
            },
        }

    # Foreign keys every reader page shows, read together (``select_related_fields``).
    reader_related_fields = ("category", "hero_image", "sponsor")
    # The picture of its cards in listings (editorial.content.attach_card_images).
    card_image_field = "hero_image"

    def select_related_fields(self, names):
        """Read the objects of several foreign keys of this page in one query
        instead of one each. Only when the stored page points at the same
        objects as this instance (a preview's draft may not): otherwise each
        is read on first use as usual."""
        descriptors = type(self)
        names = [
            name
            for name in names
            if getattr(self, f"{name}_id") is not None
            and not getattr(descriptors, name).is_cached(self)
        ]
        if len(names) < 2 or self.pk is None:
            return
        row = (
            type(self)
            .objects.filter(
                pk=self.pk,
                **{f"{name}_id": getattr(self, f"{name}_id") for name in names},
            )
            .select_related(*names)
            .only("pk", *names)
            .first()
        )
        if row is not None:
            for name in names:
                setattr(self, name, getattr(row, name))

    def get_context(self, request, *args, **kwargs):
        self.select_related_fields(self.reader_related_fields)
        context = super().get_context(request, *args, **kwargs)
        index = self.get_parent()
        index = index.specific if index is not None else None
        context["index_page"] = index
        # The article index (the parent type Wagtail's tree allows: its
        # module imports this one, so it is not imported here).
        in_index = isinstance(index, tuple(self.allowed_parent_page_models()))
        index_url = index.get_url(request) if in_index else ""
        index_full_url = index.get_full_url(request) if index_url else ""
        for credit in self.credited_contributors:
            path = (
                index.reverse_subpage("contributor", args=[credit.person.slug])
                if index_url
                else ""
            )
            credit.url = index_url + path if path else ""
            credit.full_url = index_full_url + path if path else ""
        context["audio_episode"] = self.visible_playable_version(
            Visibility.for_request(request)
        )
        context["feeds"] = self.feed_links()
        self.loaded_tags  # read once, shared with the see-also panel  # noqa: B018
        return context

    def structured_data(self, request):
        """The schema.org ``Article`` (``editorial.structured_data``); the
        contributors' ``full_url`` comes from ``get_context``."""
        site = (
            Site.find_for_request(request) if request is not None else self.get_site()
        )
        site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
        modified = self.updated_date or (
            self.last_published_at.date() if self.last_published_at else None
        )
        full_url = self.full_url
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.seo_title or self.title,
            "description": self.search_description or self.standfirst,
            "url": full_url,
            "mainEntityOfPage": full_url,
            "datePublished": self.publication_date.isoformat()
            if self.publication_date
            else None,
            "dateModified": (modified or self.publication_date).isoformat()
            if (modified or self.publication_date)
            else None,
            "author": [
                {
                    "@type": "Person",
                    "name": credit.person.name,
                    **(
                        {"jobTitle": credit.person.job_title}
                        if credit.person.job_title
                        else {}
                    ),
                    **(
                        {
                            "affiliation": {
                                "@type": "Organization",
                                "name": credit.person.organisation,
                            }
                        }
                        if credit.person.organisation
                        else {}
                    ),
                    **(
                        {"url": credit.full_url}
                        if getattr(credit, "full_url", "")
                        else {}
                    ),
                }
                for credit in self.credited_contributors
            ],
            "publisher": {"@type": "Organization", "name": site_name},
            "keywords": [tag.name for tag in self.loaded_tags],
            "wordCount": self.word_count,
        }
        if self.category is not None:
            data["articleSection"] = self.category.name
        if self.hero_image is not None:
            # The social card's, when the page's head read it already (one
            # whose file is missing is not shown here: Wagtail's error).
            rendition = self.__dict__.get("social_image")
            if rendition is None or rendition.pk is None:
                rendition = self.hero_image.get_rendition(SOCIAL_IMAGE_FILTER)
            data["image"] = [request_absolute_url(rendition.url, request)]
        if self.sponsor is not None:
            data["sponsor"] = {"@type": "Organization", "name": self.sponsor.name}
        return {key: value for key, value in data.items() if value not in (None, "")}

    def feed_links(self):
        """``(title, type, url)`` of the feeds advertised in the page head."""
        urls = _feed_urls()
        if urls is None:  # the project did not mount the feeds
            return []
        rss, atom = urls
        return [
            (_("All articles (RSS)"), "application/rss+xml", rss),
            (_("All articles (Atom)"), "application/atom+xml", atom),
        ]


# resolver -> {(script prefix, language): (rss, atom) or None}
_FEED_URLS = weakref.WeakKeyDictionary()


def _feed_urls():
    """The URLs of the article feeds, ``(rss, atom)``, or None when the
    project did not mount them: reversed once per URLconf (a new resolver
    when the URLs are reloaded), script prefix and language."""
    from django.urls import (
        NoReverseMatch,
        get_resolver,
        get_script_prefix,
        get_urlconf,
        reverse,
    )
    from django.utils.translation import get_language

    resolver = get_resolver(get_urlconf())
    found = _FEED_URLS.get(resolver)
    if found is None:
        found = _FEED_URLS[resolver] = {}
    key = (get_script_prefix(), get_language())
    if key not in found:
        try:
            found[key] = (reverse("articles:rss"), reverse("articles:atom"))
        except NoReverseMatch:
            found[key] = None
    return found[key]


# An article's credits with their people and photos (``credited_contributors``);
# the page id while it compiles is one no page has.
_CREDITS = PreparedQuery(
    lambda page: ArticleContributor.objects.filter(page=page).select_related(
        "person", "person__photo"
    ),
    page=2_000_000_019,
)

# The links of the people credited on a page, by a query compiled once:
# ``prefetch_related_objects(credits, "person__links")`` built and compiled
# modelcluster's ``person__in`` query on every render.
_CREDIT_LINKS = PreparedQuery(
    lambda page: PersonLink.objects.filter(
        person__in=ArticleContributor.objects.filter(page=page).values("person_id")
    ),
    page=2_000_000_019,
)


def _prefetch_links(people, links):
    """What ``prefetch_related_objects(people, "links")`` leaves on each
    person (its ``links.all()`` answers from memory, each link's ``person``
    is set), from ``links`` read already."""
    by_person = {}
    for link in links:
        by_person.setdefault(link.person_id, []).append(link)
    for person in people:
        found = by_person.get(person.pk, [])
        for link in found:
            link.person = person
        # The queryset the relation's manager gives (its filter deferred, as
        # Django's prefetch leaves it), holding the links read.
        queryset = person.links.get_live_queryset()
        queryset._result_cache = found
        queryset._prefetch_done = True
        person.__dict__.setdefault("_prefetched_objects_cache", {})["links"] = queryset


def _texts_in(raw, found=None):
    """Every piece of reader-visible text in a stream's stored JSON (for the
    word count), in order: strings, rich text without its tags; ids and
    numbers skipped. A list, filled in one walk (a generator per level cost
    more than the walk on each render)."""
    if found is None:
        found = []
    if isinstance(raw, str):
        if "<" in raw:
            # Rich text's tags, removed without an HTML parser when it is
            # markup as rich text stores it (most strings have no tag).
            from editorial.rich_text import strip_tags

            raw = strip_tags(raw)
        found.append(raw)
    elif isinstance(raw, dict):
        if "type" in raw and "value" in raw:  # a stream or list child
            _texts_in(raw["value"], found)
        else:
            for item in raw.values():
                _texts_in(item, found)
    elif isinstance(raw, list | tuple):
        for item in raw:
            _texts_in(item, found)
    return found
