"""Article pages: the long reads of the publication, their listing, their
categories, contributors and partners."""

import math
import re

from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

import swapper
from ninja import Field, Schema

from articles.blocks import ArticleBodyBlock, sort_key
from editorial import listing_cache
from editorial.api_fields import typed_field
from editorial.blocks import table_of_contents
from editorial.conf import get_setting
from editorial.content import Visibility
from editorial.models import (
    EditorialPageMixin,
    Person,
    PlayableVersion,
    PlayableVersionMixin,
)
from editorial.pagination import paginate
from editorial.playable import PlayableSchema
from editorial.preview import HeadlessPreviewMixin
from editorial.routing import SpecificChildRouteMixin

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,200}")

# Newest first: the order of every article listing, served by the
# publication-date index (and the key of their keyset pagination).
LISTING_ORDER = ["-publication_date", "-pk"]

# Words read per minute, for the reading time shown under the title.
WORDS_PER_MINUTE = 230


class Category(models.Model):
    """The primary topic of an article (one per article; tags say the rest)."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("For example “Content marketing”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in filter URLs, e.g. content-marketing."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("Optional. What the category covers, for editors and readers."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """A vendor or organisation the publication works with (sponsor, partner)."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The company or organisation.")
    )
    url = models.URLField(
        _("website"),
        blank=True,
        help_text=_("Linked with rel=“sponsored” wherever the partner is named."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("A sentence presenting the partner."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleIndexPage(
    HeadlessPreviewMixin, RoutablePageMixin, SpecificChildRouteMixin, Page
):
    """The list of all articles, newest first, paginated."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of articles."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def visible_articles(self, request):
        # The reader rule and "child of the index" in a subquery: the newest
        # page is read from the publication-date index, not sorted.
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        return (
            Visibility.for_request(request)
            .indexed_pages(ArticlePage, children)
            .defer_streamfields()
            .select_related("hero_image", "category")
            .prefetch_related("hero_image__renditions")
            .order_by(*LISTING_ORDER)
        )

    def get_filters(self, request):
        """The active filters of ``?category=&tag=&contributor=`` as objects;
        a slug that no visible article of the index carries is a 404, as an
        unknown one is (``/tags/<slug>/`` answers the same)."""
        filters = {}
        lookups = {
            "category": "categories",
            "tag": "tags",
            "contributor": "contributors",
        }
        choices = None
        for name, choice in lookups.items():
            slug = request.GET.get(name, "").strip()
            if not slug:
                continue
            # Slugs are ASCII (taggit strips accents): anything else is unknown,
            # and never reaches the database (PostgreSQL refuses NUL bytes).
            if not SLUG_RE.fullmatch(slug):
                raise Http404(_("Unknown filter value."))
            if choices is None:
                choices = self.filter_choices(request)
            match = [obj for obj in choices[choice] if obj.slug == slug]
            if not match and name == "tag":
                # The choices hold the most used tags only: any other tag
                # of a visible article is a valid filter too.
                match = self.tag_of_visible_article(request, slug)
            if not match:
                raise Http404(_("Unknown filter value."))
            filters[name] = match[0]
        return filters

    def tag_of_visible_article(self, request, slug):
        """``[tag]`` when a visible article of the index carries the tag of
        ``slug``, else ``[]``. The answer for an existing tag is cached like
        the choices; a slug no tag has is looked up each time (by its unique
        index) so that made-up slugs cannot fill the cache."""
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            return []
        visibility = Visibility.for_request(request)
        site = visibility.site.pk if visibility.site else None

        def compute():
            children = visibility.pages(ArticlePage).child_of(self)
            carried = ArticlePageTag.objects.filter(
                tag=tag, content_object__in=children.values("pk")
            ).exists()
            return [tag] if carried else []

        return listing_cache.cached(("article-tag", self.pk, site, tag.pk), compute)

    def filter_articles(self, articles, filters):
        if "category" in filters:
            articles = articles.filter(category=filters["category"])
        if "tag" in filters:
            articles = articles.filter(
                pk__in=ArticlePageTag.objects.filter(tag=filters["tag"]).values(
                    "content_object_id"
                )
            )
        if "contributor" in filters:
            articles = articles.filter(
                pk__in=ArticleContributor.objects.filter(
                    person=filters["contributor"]
                ).values("page_id")
            )
        return articles

    def choice_querysets(self, request):
        """Categories, tags and contributors that the articles of this index
        readers may see carry (never a value only hidden articles carry)."""
        children = Visibility.for_request(request).pages(ArticlePage).child_of(self)
        most_used = (
            ArticlePageTag.objects.filter(content_object__in=children.values("pk"))
            .values("tag_id")
            .annotate(uses=Count("pk"))
            .order_by("-uses", "tag_id")
            .values("tag_id")[: get_setting("PRESSROOM_FILTER_TAG_COUNT")]
        )
        return {
            "categories": Category.objects.filter(
                pk__in=children.values("category_id")
            ),
            # The most used only (PRESSROOM_FILTER_TAG_COUNT): see get_filters.
            "tags": Tag.objects.filter(
                pk__in=list(most_used.values_list("tag_id", flat=True))
            ),
            "contributors": Person.objects.filter(
                pk__in=ArticleContributor.objects.filter(
                    page__in=children.values("pk")
                ).values("person_id")
            ).only("name", "slug"),
        }

    def filter_choices(self, request):
        """The choices of each filter, alphabetical for French readers (accents
        and case ignored); of tags, the most used. They scan every article of
        the index, so they are cached until something readers see changes
        (``listing_cache``)."""
        if not hasattr(request, "_pressroom_article_choices"):
            visibility = Visibility.for_request(request)

            def compute():
                return {
                    name: sorted(queryset, key=lambda obj: sort_key(obj.name))
                    for name, queryset in self.choice_querysets(request).items()
                }

            site = visibility.site.pk if visibility.site else None
            request._pressroom_article_choices = listing_cache.cached(
                ("article-choices", self.pk, site), compute
            )
        return request._pressroom_article_choices

    def count_articles(self, request, articles, filters):
        """The number of visible articles matching ``filters`` (cached like the
        choices: counting scans them all)."""
        visibility = Visibility.for_request(request)
        site = visibility.site.pk if visibility.site else None
        key = [f"{name}={obj.pk}" for name, obj in sorted(filters.items())]
        return listing_cache.cached(
            ("article-count", self.pk, site, *key), articles.order_by().count
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.get_filters(request)
        articles = self.filter_articles(self.visible_articles(request), filters)
        context["filters"] = filters
        choices = self.filter_choices(request)
        if "tag" in filters and filters["tag"] not in choices["tags"]:
            # A less used tag reached from a tag page stays selected.
            choices = {
                **choices,
                "tags": sorted(
                    [*choices["tags"], filters["tag"]],
                    key=lambda tag: sort_key(tag.name),
                ),
            }
        context["filter_choices"] = choices
        context["articles"] = paginate(
            request,
            articles,
            count=self.count_articles(request, articles, filters),
            keyset=LISTING_ORDER,
        )
        return context

    def get_sitemap_urls(self, request=None):
        """The index, then the page of each contributor with a visible article."""
        urls = super().get_sitemap_urls(request)
        if not urls or request is None:
            return urls
        visible = self.visible_articles(request).values("pk")
        people = (
            Person.objects.filter(article_credits__page__in=visible)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        base = urls[0]["location"]
        return urls + [
            {"location": base + self.reverse_subpage("contributor", args=[slug])}
            for slug in people
        ]

    @path("contributors/<slug:slug>/", name="contributor")
    def contributor_route(self, request, slug):
        """A contributor's page: who they are and their articles, newest first."""
        person = get_object_or_404(
            Person.objects.select_related("photo").prefetch_related("links"),
            slug=slug,
        )
        articles = self.filter_articles(
            self.visible_articles(request), {"contributor": person}
        )
        page_obj = paginate(request, articles, keyset=LISTING_ORDER)
        if not page_obj.object_list and page_obj.number == 1:
            raise Http404(_("This person has no published article."))
        return self.render(
            request,
            context_overrides={
                "person": person,
                "articles": page_obj,
                "canonical_path": self.reverse_subpage("contributor", args=[slug]),
            },
            template="articles/contributor_page.html",
        )


class CategorySchema(Schema):
    name: str
    slug: str


class PartnerSchema(Schema):
    name: str
    url: str
    description: str


class SponsorshipSchema(Schema):
    kind: str = Field(..., description="sponsored, partnership or affiliate.")
    kind_label: str = Field(..., description="The kind, in the site's language.")
    text: str
    partner: PartnerSchema


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


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
            InlinePanel(
                "contributors",
                heading=_("Contributors"),
                label=_("contributor"),
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
        APIField("standfirst"),
        APIField("hero_image", serializer=ImageRenditionField("width-1200")),
        APIField("hero_caption"),
        APIField("hero_credit"),
        APIField("category_data", serializer=typed_field(CategorySchema | None)),
        APIField("updated_date"),
        APIField("reading_time", serializer=typed_field(int)),
        APIField("audio_version", serializer=typed_field(PlayableSchema | None)),
        APIField("sponsorship", serializer=typed_field(SponsorshipSchema | None)),
        APIField("body"),
        *EditorialPageMixin.api_fields,
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
    def table_of_contents(self):
        return table_of_contents(self.body)

    @cached_property
    def credited_contributors(self):
        """Contributors in order, with their person, photo and links loaded in
        a fixed number of queries (a preview reads the unsaved ones)."""
        credits = self.contributors.all()
        prefetched = "contributors" in getattr(self, "_prefetched_objects_cache", {})
        if isinstance(credits, models.QuerySet) and not prefetched:
            credits = credits.select_related(
                "person", "person__photo"
            ).prefetch_related("person__links", "person__photo__renditions")
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

    @cached_property
    def tag_list(self):
        """The tags, read once per render (head, JSON-LD, footer and the
        see-also panel's shared-tags fill all read them)."""
        tags = self.tags.all()
        result = list(tags)
        if isinstance(tags, models.QuerySet):
            # Read from the database (not a draft's tags kept in memory): the
            # next ``self.tags.all()`` answers from this result, no query.
            self.__dict__.setdefault("_prefetched_objects_cache", {})["tags"] = tags
        return result

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
        index_url = (
            index.get_url(request) if isinstance(index, ArticleIndexPage) else ""
        )
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
        self.tag_list  # read once, shared with the see-also panel  # noqa: B018
        return context

    def feed_links(self):
        """``(title, type, url)`` of the feeds advertised in the page head."""
        from django.urls import NoReverseMatch, reverse

        try:
            return [
                (
                    _("All articles (RSS)"),
                    "application/rss+xml",
                    reverse("articles:rss"),
                ),
                (
                    _("All articles (Atom)"),
                    "application/atom+xml",
                    reverse("articles:atom"),
                ),
            ]
        except NoReverseMatch:  # the project did not mount the feeds
            return []


def _texts_in(raw):
    """Every piece of reader-visible text in a stream's stored JSON (for the
    word count): strings, rich text without its tags; ids and numbers skipped."""
    if isinstance(raw, str):
        yield strip_tags(raw)
    elif isinstance(raw, dict):
        if "type" in raw and "value" in raw:  # a stream or list child
            yield from _texts_in(raw["value"])
        else:
            for item in raw.values():
                yield from _texts_in(item)
    elif isinstance(raw, list | tuple):
        for item in raw:
            yield from _texts_in(item)


class ArticleContributor(Orderable):
    """One person credited on an article, in order, with an optional role."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="contributors"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="article_credits",
        help_text=_("Add new people under Publication › Contributors."),
    )
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional, e.g. “Interview” or “Illustrations”. Author by default."
        ),
    )

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return str(self.person)
