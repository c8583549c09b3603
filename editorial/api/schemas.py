"""The schemas of Pressroom's v3 endpoints: parameters, their bounds, answers."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from editorial.api_fields import DataSchema, TagSchema
from editorial.registry import content_types
from editorial.wagtail_adaptations import MAX_OFFSET

MAX_LIMIT = 100
MAX_SEARCH_LENGTH = 200

# Tag and person slugs as the database stores them (no NUL byte or other
# character PostgreSQL refuses ever reaches a query).
SLUG_PATTERN = r"^[-\w]+$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]
# A row id in a path: past a signed 64-bit integer SQLite cannot even compare
# it (a server error), so it is a 422 like any invalid parameter.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=0, le=MAX_ID)]

# The registered page types, as an enum in the OpenAPI document (this module
# is imported when the URLs load, after every app's ready() registered its
# type); an unknown type is then a 422 like any invalid parameter.
_LABELS = tuple(content_types.labels())
TypeLabel = Literal[_LABELS] if _LABELS else str


class ContentItemSchema(DataSchema):
    id: int
    type: str = Field(..., description="The page type, e.g. articles.ArticlePage.")
    title: str
    url: str | None
    teaser: str
    date: datetime.date | None
    tags: list[TagSchema]


class ContentListSchema(DataSchema):
    count: int = Field(..., description="Items matching the filters, all pages.")
    limit: int
    offset: int
    items: list[ContentItemSchema]


class TagCountSchema(Schema):
    name: str
    slug: str
    count: int
    counts: dict[str, int] = Field(
        ..., description="Items carrying the tag, per page type."
    )


class TagDetailSchema(TagCountSchema):
    limit: int
    offset: int
    items: list[ContentItemSchema]


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ContentQuery(PageQuery):
    tag: list[Slug] = Field(
        [], description="Tag slug; repeat for several (see tag_match)."
    )
    tag_match: Literal["any", "all"] = Field(
        "any", description="Items carrying any of the tags, or all of them."
    )
    type: list[TypeLabel] = Field(
        [], description="Page type label (articles.ArticlePage…); repeat for several."
    )
    contributor: str | None = Field(
        None,
        max_length=100,
        pattern=SLUG_PATTERN,
        description="Slug of a person credited on the item (contributor, host, guest).",
    )
    published_after: datetime.date | None = Field(
        None, description="Items published on or after this date (YYYY-MM-DD)."
    )
    published_before: datetime.date | None = Field(
        None, description="Items published on or before this date (YYYY-MM-DD)."
    )
    search: str | None = Field(None, max_length=MAX_SEARCH_LENGTH)
    order: Literal["-date", "date", "title", "-title"] = "-date"


class RecentQuery(Schema):
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    type: list[TypeLabel] = Field(
        [], description="Page type label; repeat for several."
    )
