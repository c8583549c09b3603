"""StreamField blocks shared by the content types; each shapes its own HTML and JSON."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock
from wagtail.models import Page
from wagtail.rich_text import RichText

from ninja import Field, Schema

from editorial.absolute_urls import request_absolute_url
from editorial.api_fields import PageLinkSchema
from editorial.choosers import person_chooser_viewset
from editorial.playable import PlayableSchema
from editorial.rich_text_features import LONG_FORM_FEATURES

# Shared by every long-form rich-text field: PRESSROOM_RICH_TEXT_FEATURES and
# the features installed apps contribute (editorial.rich_text_features).
RICH_TEXT_FEATURES = LONG_FORM_FEATURES


class SafeURLValidator(URLValidator):
    """Only web addresses (http, https) and e-mail links (mailto) pass:
    ``javascript:``, ``data:`` and relative URLs are refused."""

    schemes = ["http", "https"]
    message = _(
        "Enter a web address starting with http:// or https://, or a mailto: link."
    )

    def __call__(self, value):
        value = str(value)
        if value.lower().startswith("mailto:"):
            address = value[len("mailto:") :].split("?", 1)[0]
            try:
                validate_email(address)
            except ValidationError:
                raise self._error(value) from None
            return
        super().__call__(value)

    def _error(self, value):
        return ValidationError(self.message, code=self.code, params={"value": value})


# Beyond this many distinct ids, a chooser's lookup is compiled on each call
# (the compiled queries are kept per model and number of ids).
MAX_PREPARED_CHOICES = 32
_CHOICE_QUERIES = {}
# Ids no row has, standing for the chosen ids while the query compiles.
_CHOICE_MARKER = 2_000_000_200


def prepared_in_bulk(model, values):
    """``model.objects.in_bulk(values)`` (``{pk: object}``, None values
    ignored) by a query compiled once per model and number of ids
    (``editorial.prepared``): the images and people of a stream are read on
    every render of its page, and building the query cost more than running it."""
    ids = list(dict.fromkeys(value for value in values if value is not None))
    if not ids:
        return {}
    if len(ids) > MAX_PREPARED_CHOICES or not all(type(pk) is int for pk in ids):
        return model.objects.in_bulk(ids)
    key = (model, len(ids))
    query = _CHOICE_QUERIES.get(key)
    if query is None:
        from editorial.prepared import PreparedQuery

        def build(**markers):
            return model.objects.filter(pk__in=list(markers.values()))

        markers = {f"pk{i}": _CHOICE_MARKER + i for i in range(len(ids))}
        query = _CHOICE_QUERIES[key] = PreparedQuery(build, **markers)
    objects = query.run(**{f"pk{i}": pk for i, pk in enumerate(ids)})
    return {obj.pk: obj for obj in objects}


class PreparedChooserMixin:
    """A chooser block whose values of a stream are read by
    ``prepared_in_bulk``, otherwise as Wagtail's ``ChooserBlock.bulk_to_python``
    reads them (same order, None kept, a repeated id gets its own copy)."""

    def bulk_to_python(self, values):
        objects = prepared_in_bulk(self.model_class, values)
        seen_ids = set()
        result = []
        for pk in values:
            obj = objects.get(pk)
            if obj is not None and pk in seen_ids:
                obj = copy.copy(obj)
            result.append(obj)
            seen_ids.add(pk)
        return result


def _keeps_stored_value(block):
    """True for a block whose stored value is its value (a CharBlock, a
    TextBlock, a URLBlock...): Wagtail's ``bulk_to_python`` would rebuild the
    same list through one ``to_python`` call per value."""
    kind = type(block)
    return (
        kind.to_python is blocks.Block.to_python
        and kind.bulk_to_python is blocks.Block.bulk_to_python
    )


class BulkStructBlock(blocks.StructBlock):
    """A StructBlock whose values of a stream load as Wagtail's
    ``StructBlock.bulk_to_python`` loads them (each child's values converted
    together, a child missing from a stored value gets its default), without
    the per-child index bookkeeping when every stored value has the child,
    nor the conversion of children whose stored value is their value."""

    def bulk_to_python(self, values):
        count = len(values)
        columns = []
        for name, child_block in self.child_blocks.items():
            present = [value[name] for value in values if name in value]
            keeps = _keeps_stored_value(child_block)
            converted = present if keeps else child_block.bulk_to_python(present)
            if len(present) != count:
                # Missing children: their default, not converted (as Wagtail).
                converted = iter(converted)
                converted = [
                    next(converted) if name in value else child_block.get_default()
                    for value in values
                ]
            columns.append((name, converted))
        return [
            self._to_struct_value({name: column[i] for name, column in columns})
            for i in range(count)
        ]


class PersonChooserBlock(
    PreparedChooserMixin,
    person_chooser_viewset.get_block_class(
        name="PersonChooserBlock", module_path="editorial.blocks"
    ),
):
    """Picks an editorial.Person (deleted person: the value reads as None)."""


class ImageChooserBlock(PreparedChooserMixin, WagtailImageChooserBlock):
    """Wagtail's image chooser, its images of a stream read by a compiled query."""


# Migrations name these blocks as before (Wagtail reads this dictionary).
DECONSTRUCT_ALIASES = {ImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock"}


def is_safe_url(value):
    """True for http(s) and mailto URLs (what templates may put in an href)."""
    try:
        SafeURLValidator()(value)
    except ValidationError:
        return False
    return True


def validate_struct_urls(value, names):
    """Raise the block validation error of each named child that is not a safe URL."""
    errors = {}
    for name in names:
        url = value.get(name)
        if url and not is_safe_url(url):
            errors[name] = ValidationError(SafeURLValidator.message)
    if errors:
        raise blocks.StructBlockValidationError(block_errors=errors)


class SafeURLBlock(blocks.FieldBlock):
    """A URL field accepting only http(s) and mailto links."""

    def __init__(self, required=True, help_text=None, max_length=2000, **kwargs):
        from django import forms

        self.field = forms.CharField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            validators=[SafeURLValidator()],
            widget=forms.URLInput(),
            strip=True,
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


class HeadingSchema(Schema):
    text: str
    level: str = Field(..., description="h2, h3 or h4.")
    anchor: str = Field(..., description="The heading's id, unique in the stream.")


class HeadingBlock(BulkStructBlock):
    """A section heading (h2–h4) with an anchor readers can link to."""

    api_schema = HeadingSchema

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
        # Inside a BodyBlock the anchors are made unique across the stream.
        anchors = (parent_context or {}).get("heading_anchors") or {}
        context["anchor"] = anchors.get(context.get("block_id")) or slugify(
            value.get("anchor") or value.get("text")
        )
        return context

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["anchor"] = slugify(value.get("anchor") or value.get("text"))
        return data


class QuoteBlock(BulkStructBlock):
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

    def clean(self, value):
        # URLBlock also lets ftp:// through; sources are web pages or e-mails.
        value = super().clean(value)
        validate_struct_urls(value, ["source_url"])
        return value


class RenditionSchema(Schema):
    id: int = Field(..., description="The image's id.")
    url: str = Field(..., description="Absolute URL of a 1200 px wide rendition.")
    width: int
    height: int


class ImageBlockSchema(Schema):
    image: RenditionSchema | None = Field(
        ..., description="None when the image was deleted."
    )
    alt: str
    caption: str | None
    credit: str | None


class ImageBlock(BulkStructBlock):
    """An image with its caption and credit, served as responsive renditions."""

    api_schema = ImageBlockSchema

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
                "url": request_absolute_url(
                    rendition.url, (context or {}).get("request")
                ),
                "width": rendition.width,
                "height": rendition.height,
            }
        return data


class DefinitionBlock(BulkStructBlock):
    """A definition quoted from a reference work: the term, its field
    (“Biology”), the definition and the dictionary it comes from."""

    term = blocks.CharBlock(label=_("term"), max_length=200)
    field_label = blocks.CharBlock(
        label=_("field"),
        required=False,
        max_length=100,
        help_text=_("The domain the definition belongs to, e.g. “Biology”."),
    )
    definition = blocks.TextBlock(label=_("definition"))
    source = blocks.CharBlock(
        label=_("source"),
        required=False,
        max_length=255,
        help_text=_("The dictionary or reference work quoted."),
    )
    source_url = SafeURLBlock(label=_("source URL"), required=False)

    class Meta:
        icon = "info-circle"
        template = "editorial/blocks/definition.html"
        label = _("Definition")


class CallToActionBlock(BulkStructBlock):
    """A short invitation with one button: register, download, subscribe."""

    text = blocks.TextBlock(label=_("text"), max_length=500)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)
    url = SafeURLBlock(label=_("URL"))

    class Meta:
        icon = "pick"
        template = "editorial/blocks/call_to_action.html"
        label = _("Call to action")


class SpecificPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser whose values are loaded as their specific type, all the
    chosen pages of a stream in one query per type (not one per block)."""

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        pages = {}
        if ids:
            model = self.target_model
            queryset = model.objects.filter(pk__in=ids)
            if model is Page:
                queryset = queryset.specific()
            else:
                # The type's own required relations (an episode's audio file).
                queryset = queryset.select_related(
                    *(
                        field.name
                        for field in model._meta.local_concrete_fields
                        if field.many_to_one and not field.null
                    )
                )
            pages = {page.pk: page for page in queryset}
        return [
            pages.get(int(value)) if value is not None else None for value in values
        ]


class PlayableChooserBlock(SpecificPageChooserBlock):
    """A page chooser limited to the playable types installed apps registered
    (``editorial.playable``), read when first used rather than when the block
    is declared (before the apps are ready). It shows the chosen page's
    player and gives its ``embed_data()`` to the APIs; while no app provides
    playable content, it accepts no page."""

    api_schema = PlayableSchema | None

    @property
    def target_models(self):
        from editorial.playable import playable_types

        return playable_types.models() or [Page]

    @property
    def target_model(self):
        models = self.target_models
        return models[0] if len(models) == 1 else Page

    def clean(self, value):
        from editorial.playable import is_playable

        value = super().clean(value)
        if value is not None and not is_playable(value):
            raise ValidationError(_("Choose a podcast episode or other recording."))
        return value

    def get_api_representation(self, value, context=None):
        from editorial.playable import embed_data

        return embed_data(visible_page(value, context))


def visible_page(page, context):
    """``page`` if the reader may see it (live, public, this site), else None."""
    from editorial.content import Visibility

    if page is None:
        return None
    request = (context or {}).get("request")
    if request is not None:
        return page if Visibility.for_request(request).allows(page) else None
    return page if page.live else None


class RelatedReadingSchema(Schema):
    page: PageLinkSchema | None = Field(
        ..., description="None when the page is gone, unpublished or private."
    )
    label: str
    teaser: str


class RelatedReadingBlock(BulkStructBlock):
    """A card pointing readers at one other page of the site."""

    api_schema = RelatedReadingSchema

    page = SpecificPageChooserBlock(label=_("page"))
    label = blocks.CharBlock(
        label=_("label"),
        required=False,
        max_length=255,
        help_text=_("Optional. Shown instead of the page's title."),
    )
    teaser = blocks.TextBlock(
        label=_("teaser"),
        required=False,
        max_length=300,
        help_text=_("Optional. Shown instead of the page's own teaser."),
    )

    class Meta:
        icon = "doc-full"
        template = "editorial/blocks/related_reading.html"
        label = _("Related reading")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # A deleted, unpublished or private page: the card disappears.
        context["target"] = visible_page(value.get("page"), parent_context)
        if context["target"] is not None:
            context["teaser"] = value.get("teaser") or getattr(
                context["target"], "teaser", ""
            )
        return context

    def get_api_representation(self, value, context=None):
        page = visible_page(value.get("page"), context)
        return {
            "page": None
            if page is None
            else {
                "id": page.pk,
                "type": page._meta.label,
                "title": page.title,
                "url": page.full_url,
            },
            "label": value.get("label") or (page.title if page else ""),
            "teaser": value.get("teaser") or (getattr(page, "teaser", "") or ""),
        }


def heading_anchors(stream):
    """``{block id: anchor}`` of the stream's headings, unique in the stream
    (a repeated heading gets ``-2``, ``-3``...)."""
    anchors, seen = {}, set()
    for child in stream:
        if child.block_type != "heading":
            continue
        base = (
            slugify(child.value.get("anchor") or child.value.get("text")) or "section"
        )
        anchor, number = base, 1
        while anchor in seen:
            number += 1
            anchor = f"{base}-{number}"
        seen.add(anchor)
        anchors[child.id] = anchor
    return anchors


def table_of_contents(stream):
    """``[(level, anchor, text)]`` of the heading blocks of a stream, in order."""
    remembered = getattr(stream, "__dict__", {}).pop(
        "_pressroom_table_of_contents", None
    )
    if remembered is not None and remembered[0] == len(stream):
        # Made while the stream rendered just before (BodyBlock.render_basic),
        # read once.
        return list(remembered[1])
    return _table_of_contents(stream, heading_anchors(stream))


def _table_of_contents(stream, anchors):
    return [
        (child.value.get("level"), anchors[child.id], child.value.get("text"))
        for child in stream
        if child.block_type == "heading"
    ]


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

    def get_api_representation(self, value, context=None):
        from editorial.rich_text import rich_text_scope

        # As on the page: the links of all paragraphs are loaded in one query
        # and the paragraph filters (glossary auto-linking) apply.
        with rich_text_scope(value, context) as scope:
            data = [
                {
                    "type": child.block.name,
                    "value": child.block.get_api_representation(
                        scope.filtered_value(child.value), context
                    ),
                    "id": child.id,
                }
                for child in value
            ]
        anchors = heading_anchors(value)
        for item in data:
            if item["type"] == "heading" and item.get("id") in anchors:
                item["value"]["anchor"] = anchors[item["id"]]
        return data

    # A child block with ``is_offered()`` returning False (the newsletter
    # sign-up without an app keeping subscribers) stays declared, so that
    # migrations do not depend on the apps installed, but is left out of the
    # editor's menu and form; stored blocks of its type render nothing.
    def offered(self, child_block):
        is_offered = getattr(child_block, "is_offered", None)
        return is_offered is None or is_offered()

    def grouped_child_blocks(self):
        grouped = {}
        for child_block in self.ordered_child_blocks():
            if self.offered(child_block):
                grouped.setdefault(child_block.meta.group, []).append(child_block)
        return grouped.items()

    def get_form_state(self, value):
        return [
            state
            for state in super().get_form_state(value)
            if self.offered(self.child_blocks[state["type"]])
        ]

    def render_basic(self, value, context=None):
        # Imported here: blocks are loaded with the models, before Wagtail's
        # rich-text machinery can be.
        from editorial.rich_text import (
            render_appendices,
            rich_text_html,
            rich_text_scope,
            rich_text_template_is_wagtails,
        )

        # Blocks render their own elements; no wrapper <div> per block.
        # Each block's template gets its stream id as ``block_id`` (anchors,
        # links to the block such as an event's calendar file).
        parent = dict(context) if context is not None else {}
        anchors = parent["heading_anchors"] = heading_anchors(value)
        if isinstance(value, blocks.StreamValue):
            # The page's table of contents, asked for after its body renders,
            # reads the same anchors instead of walking the stream again
            # (once, and not once the stream's length changed).
            value._pressroom_table_of_contents = (
                len(value),
                tuple(_table_of_contents(value, anchors)),
            )
        plain_rich_text = rich_text_template_is_wagtails()
        with rich_text_scope(value, context) as scope:
            parts = []
            for child in value:
                child_value = scope.filtered_value(child.value)
                if (
                    plain_rich_text
                    and type(child_value) is RichText
                    and _renders_as_plain_rich_text(child.block)
                ):
                    # What Block.render gives: the value's __html__ (safe).
                    parts.append(rich_text_html(child_value, True))
                else:
                    parts.append(
                        conditional_escape(
                            child.block.render(
                                child_value, {**parent, "block_id": child.id}
                            )
                        )
                    )
            # format_html_join("\n", "{}", ...) without a format per block.
            html = mark_safe("\n".join(parts))
            return html + render_appendices(scope)


def _renders_as_plain_rich_text(block):
    """True for Wagtail's own ``RichTextBlock`` without a template, whose
    render is its value's ``__html__()``."""
    return type(block) is blocks.RichTextBlock and not block.get_template()


def prefetch_streams(values):
    """Convert the stored blocks of several streams together: one
    ``bulk_to_python`` per block type for all of them, so that a listing that
    renders N bodies (a feed) reads their images, pages, people and embeds in
    the queries of one body instead of N times as many."""
    slots = {}
    for value in values:
        if not isinstance(value, blocks.StreamValue) or not value.is_lazy:
            continue
        for index, raw in enumerate(value._raw_data):
            if value._bound_blocks[index] is None and raw is not None:
                child_block = value.stream_block.child_blocks.get(raw.get("type"))
                if child_block is not None:
                    entry = slots.setdefault(id(child_block), (child_block, []))
                    entry[1].append((value, index))
    for child_block, places in slots.values():
        converted = child_block.bulk_to_python(
            [value._raw_data[index]["value"] for value, index in places]
        )
        for (value, index), native in zip(places, converted, strict=True):
            value._bound_blocks[index] = blocks.StreamValue.StreamChild(
                child_block, native, id=value._raw_data[index].get("id")
            )
