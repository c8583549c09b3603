"""Article pages: the long reads of the publication and their listing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from editorial.blocks import BodyBlock
from editorial.content import Visibility
from editorial.models import EditorialPageMixin
from editorial.pagination import paginate


class ArticleIndexPage(Page):
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            Visibility.for_request(request)
            .pages(ArticlePage)
            .child_of(self)
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
            .order_by("-publication_date", "-pk")
        )
        context["articles"] = paginate(request, articles)
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(EditorialPageMixin, Page):
    """A long read: standfirst, hero image and a body of structured blocks."""

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
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(
        through=ArticlePageTag, blank=True, verbose_name=_("tags")
    )

    content_panels = (
        Page.content_panels
        + [FieldPanel("standfirst"), FieldPanel("hero_image"), FieldPanel("body")]
        + EditorialPageMixin.metadata_panels
        + EditorialPageMixin.see_also_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("publication_date"),
    ]
    api_fields = [
        APIField("standfirst"),
        APIField("hero_image", serializer=ImageRenditionField("width-1200")),
        APIField("body"),
        *EditorialPageMixin.api_fields,
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def teaser(self):
        return self.standfirst or self.search_description
