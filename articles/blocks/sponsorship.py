"""The sponsorship note block: a transparency note in an article's body."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from ninja import Field, Schema

from editorial.blocks import SafeURLBlock


class SponsorshipNoteSchema(Schema):
    kind: str = Field(..., description="sponsored, partnership or affiliate.")
    kind_label: str = Field(..., description="The kind, in the site's language.")
    partner_name: str
    partner_url: str | None
    text: str


class SponsorshipNoteBlock(blocks.StructBlock):
    """A transparency note: this content is produced with a partner. The partner's
    link is marked ``rel="sponsored"``."""

    api_schema = SponsorshipNoteSchema

    kind = blocks.ChoiceBlock(
        label=_("relationship"),
        choices=[
            ("sponsored", _("Sponsored")),
            ("partnership", _("Partnership")),
            ("affiliate", _("Affiliate link")),
        ],
        default="partnership",
    )
    partner_name = blocks.CharBlock(label=_("partner"), max_length=200)
    partner_url = SafeURLBlock(label=_("partner URL"), required=False)
    text = blocks.TextBlock(
        label=_("text"),
        max_length=600,
        help_text=_("What the partnership covers, in a sentence or two."),
    )

    class Meta:
        icon = "warning"
        template = "articles/blocks/sponsorship_note.html"
        label = _("Sponsorship note")

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        choices = dict(self.child_blocks["kind"].field.choices)
        data["kind_label"] = str(choices.get(value.get("kind"), ""))
        return data
