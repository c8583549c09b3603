"""The home page of the publication and its standard pages (about, legal...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from editorial.blocks import BodyBlock
from editorial.content import Visibility, attach_card_images
from editorial.preview import HeadlessPreviewMixin
from editorial.routing import SpecificChildRouteMixin
from editorial.signup import NewsletterSignupBlock


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
        # This site installs leads and newsletter: editors add events, white
        # papers and the newsletter's sign-up page.
        "leads.EventPage",
        "leads.ResourcePage",
        "newsletter.NewsletterPage",
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
        # Their pictures in two queries for all the cards.
        attach_card_images([*context["latest_articles"], *context["latest_episodes"]])
        return context


class StandardBodyBlock(BodyBlock):
    """The body of a standard page: the shared long-read blocks and the
    newsletter sign-up form (offered when an app keeps subscribers)."""

    newsletter_signup = NewsletterSignupBlock()


class StandardPage(HeadlessPreviewMixin, Page):
    """A page outside the publication's flow: about, legal notice, privacy
    policy, a landing page imported from WordPress."""

    body = StreamField(
        StandardBodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Headings, paragraphs, quotes, images and a sign-up form."),
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["site_config.HomePage", "site_config.StandardPage"]
    subpage_types = ["site_config.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SocialLinkBlock(blocks.StructBlock):
    """One of the publication's social accounts, as the footer links it."""

    network = blocks.CharBlock(
        label=_("network"),
        max_length=40,
        help_text=_("The name readers see, e.g. LinkedIn, Mastodon, YouTube."),
    )
    url = blocks.URLBlock(label=_("address"), help_text=_("The account's page."))

    class Meta:
        icon = "link"
        label = _("social link")


@register_setting(icon="bars")
class FooterSettings(BaseSiteSetting):
    """What every page's footer links to: the pages every publication has
    (about, legal notice, privacy policy), its newsletter, feed and social
    accounts. Pages are chosen, not typed: renaming or moving one keeps the
    link right, and a page readers may not see is left out."""

    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("about page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page presenting the publication and its team."),
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The publisher's legal notice (mentions légales)."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("How the publication handles readers' personal data."),
    )
    newsletter_url = models.URLField(
        _("newsletter sign-up address"),
        blank=True,
        help_text=_("Where readers subscribe to the newsletter."),
    )
    rss_url = models.URLField(
        _("RSS feed address"),
        blank=True,
        help_text=_("Leave empty to link the site's own article feed."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name=_("social links"),
        blank=True,
        use_json_field=True,
        help_text=_("The publication's accounts, in the order readers see them."),
    )

    panels = [
        MultiFieldPanel(
            [
                PageChooserPanel("about_page"),
                PageChooserPanel("legal_notice_page"),
                PageChooserPanel("privacy_page"),
            ],
            heading=_("Pages"),
        ),
        MultiFieldPanel(
            [FieldPanel("newsletter_url"), FieldPanel("rss_url")],
            heading=_("Subscriptions"),
        ),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("footer")
