"""Blocks that show content from elsewhere in an article: a playable episode
(from any installed app offering playable content) and oEmbed media."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from ninja import Field, Schema

from editorial.blocks import PlayableChooserBlock, visible_page
from editorial.playable import PlayableSchema, is_playable


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
        icon = "link-external"
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


# Stored bodies name the block by its path before ``articles.blocks`` became a
# package (migrations compare it): it stays that name.
DECONSTRUCT_ALIASES = {ArticleEmbedBlock: "articles.blocks.ArticleEmbedBlock"}
