"""The API shapes of the article's computed fields (``typed_field``)."""

from ninja import Field, Schema


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
