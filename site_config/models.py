"""The home page of the publication and its standard pages (about, legal...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from editorial.blocks import BodyBlock
from editorial.content import Visibility
from editorial.preview import HeadlessPreviewMixin
from editorial.routing import SpecificChildRouteMixin


class HomePage(HeadlessPreviewMixin, SpecificChildRouteMixin, Page):
    """The front page: the latest articles, episodes and glossary entries."""

    tagline = models.CharField(
        _("tagline"),
        max_length=255,
        blank=True,
        help_text=_("One line under the publication's name."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph presenting the publication."),
    )

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro")]
    api_fields = [APIField("tagline"), APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "articles.ArticleIndexPage",
        "glossary.GlossaryIndexPage",
        "podcasts.PodcastShowPage",
        "site_config.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visibility = Visibility.for_request(request)
        context["latest_articles"] = visibility.recent(
            6, types=["articles.ArticlePage"]
        )
        context["latest_episodes"] = visibility.recent(
            3, types=["podcasts.PodcastEpisodePage"]
        )
        context["latest_glossary_entries"] = visibility.recent(
            5, types=["glossary.GlossaryEntryPage"]
        )
        return context


class StandardPage(HeadlessPreviewMixin, Page):
    """A page outside the publication's flow: about, legal notice, privacy
    policy, a landing page imported from WordPress."""

    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Headings, paragraphs, quotes and images."),
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["site_config.HomePage", "site_config.StandardPage"]
    subpage_types = ["site_config.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
