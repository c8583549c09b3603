"""The body of an article: the shared long-read blocks and the article's own."""

from django.utils.translation import pgettext_lazy

from editorial.blocks import (
    BodyBlock,
    CallToActionBlock,
    DefinitionBlock,
    RelatedReadingBlock,
)
from editorial.resources import GatedResourceBlock
from editorial.signup import NewsletterSignupBlock

from .embeds import ArticleEmbedBlock, PodcastEpisodeBlock
from .events import EventBlock
from .sponsorship import SponsorshipNoteBlock


class ArticleBodyBlock(BodyBlock):
    """The body of an article: the shared long-read blocks plus definitions,
    embeds, podcast episodes, events, calls to action, sponsorship notes,
    related-reading cards, gated resources and the newsletter sign-up form."""

    definition = DefinitionBlock()
    embed = ArticleEmbedBlock(label=pgettext_lazy("article body block", "Embed"))
    podcast_episode = PodcastEpisodeBlock()
    event = EventBlock()
    call_to_action = CallToActionBlock()
    sponsorship_note = SponsorshipNoteBlock()
    related_reading = RelatedReadingBlock()
    # Offered by an app gating resources (leads); refuses every page without one.
    gated_resource = GatedResourceBlock()
    # Offered by an app keeping newsletter subscribers; hidden without one.
    newsletter_signup = NewsletterSignupBlock()
