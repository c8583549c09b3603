"""Shapes of podcast data in the API, shared by the page fields (v2 and v3)
and the podcast endpoints of ``podcasts.api``."""

from ninja import Schema

from editorial.api_fields import EnclosureSchema  # noqa: F401  (re-exported)


class SubscribeLinkSchema(Schema):
    platform: str
    label: str
    url: str


class LinkSchema(Schema):
    id: int
    title: str
    url: str | None


class ShowLinkSchema(LinkSchema):
    feed_url: str | None
