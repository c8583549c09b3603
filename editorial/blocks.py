"""StreamField blocks shared by the content types; each shapes its own HTML and JSON."""

from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from editorial.conf import get_setting

# Shared by every long-form rich-text field (see PRESSROOM_RICH_TEXT_FEATURES).
RICH_TEXT_FEATURES = get_setting("PRESSROOM_RICH_TEXT_FEATURES")


class HeadingBlock(blocks.StructBlock):
    """A section heading (h2–h4) with an anchor readers can link to."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[
            ("h2", _("Heading 2")),
            ("h3", _("Heading 3")),
            ("h4", _("Heading 4")),
        ],
        default="h2",
    )
    anchor = blocks.CharBlock(
        label=_("anchor"),
        required=False,
        max_length=80,
        help_text=_("Optional. Made from the text when left empty."),
    )

    class Meta:
        icon = "title"
        template = "editorial/blocks/heading.html"
        label = _("Heading")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value.get("anchor") or value.get("text"))
        return context

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["anchor"] = slugify(value.get("anchor") or value.get("text"))
        return data


class QuoteBlock(blocks.StructBlock):
    """A quotation with its author and, optionally, the work and URL it comes from."""

    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(
        label=_("attribution"), required=False, max_length=200
    )
    source_title = blocks.CharBlock(
        label=_("source title"), required=False, max_length=255
    )
    source_url = blocks.URLBlock(label=_("source URL"), required=False)

    class Meta:
        icon = "openquote"
        template = "editorial/blocks/quote.html"
        label = _("Quote")


class ImageBlock(blocks.StructBlock):
    """An image with its caption and credit, served as responsive renditions."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=255,
        help_text=_(
            "Describe the image for readers who cannot see it. Defaults to its title."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "editorial/blocks/image.html"
        label = _("Image")

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        data = {
            "image": None,
            "alt": value.get("alt_text") or (image.default_alt_text if image else ""),
            "caption": value.get("caption"),
            "credit": value.get("credit"),
        }
        if image is not None:
            rendition = image.get_rendition("width-1200")
            data["image"] = {
                "id": image.pk,
                "url": rendition.full_url,
                "width": rendition.width,
                "height": rendition.height,
            }
        return data


class BodyBlock(blocks.StreamBlock):
    """The body of a long read: headings, paragraphs with links, quotes and images.

    Render it whole (``{% include_block page.body %}``): the page links of all
    its paragraphs are then loaded in one query.
    """

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow"
    )
    quote = QuoteBlock()
    image = ImageBlock()

    def render_basic(self, value, context=None):
        # Imported here: blocks are loaded with the models, before Wagtail's
        # rich-text machinery can be.
        from editorial.rich_text import render_appendices, rich_text_scope

        # Blocks render their own elements; no wrapper <div> per block.
        with rich_text_scope(value, context) as scope:
            html = format_html_join(
                "\n",
                "{}",
                (
                    (child.block.render(scope.filtered_value(child.value), context),)
                    for child in value
                ),
            )
            return html + render_appendices(scope)
