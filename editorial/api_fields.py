"""Typed API fields shared by the content pages' ``api_fields``.

Wagtail's API v3 types an ``APIField(serializer=…)`` from the serializer's
``to_representation`` return annotation; a field without one (a plain
property) is ``Any`` in the OpenAPI document. ``typed_field`` gives any page
attribute a declared shape, so a generated client knows every field; API v2
uses the same serializer and so returns the same data.
"""

import datetime
from collections.abc import Callable
from typing import Any

from wagtail.api import APIField

from ninja import Field as SchemaField
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator
from rest_framework.fields import Field


class DataSchema(Schema):
    """A schema of answers built as plain data (dicts of str, int, None and
    lists of them), such as the items the item cache keeps: a dict is
    validated as it is, without django-ninja's per-field attribute getter
    (which exists to read model instances and costs most of a list's
    validation, per item and per tag); anything else as ``Schema`` does."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class TagSchema(DataSchema):
    name: str
    slug: str


class PageLinkSchema(Schema):
    """Another page of the site, as an internal link: what it is and where."""

    id: int
    type: str = SchemaField(
        ..., description="The page type, e.g. articles.ArticlePage."
    )
    title: str
    url: str | None


class SeeAlsoItemSchema(DataSchema):
    id: int
    type: str
    title: str
    url: str | None
    teaser: str
    date: datetime.date | None


class PersonLinkSchema(Schema):
    label: str
    url: str


class ContributorSchema(Schema):
    """A person credited on a page (author, host, guest…) and their role."""

    id: int
    name: str
    slug: str
    role: str = SchemaField(..., description="The credit's role, free text or a code.")
    job_title: str
    organisation: str
    bio: str
    links: list[PersonLinkSchema]


class PersonRefSchema(Schema):
    """A person of the publication referred to from a block."""

    id: int
    name: str
    slug: str


class EnclosureSchema(Schema):
    """An audio file as podcast apps read it (RSS ``<enclosure>``)."""

    url: str
    length: int | None = SchemaField(..., description="Size in bytes.")
    type: str = SchemaField(..., description="MIME type, e.g. audio/mpeg.")
    duration: int | None = SchemaField(..., description="Duration in seconds.")


def typed_field(
    annotation: Any, to_representation: Callable[[Any], Any] | None = None, **kwargs
) -> Field:
    """A read-only DRF field whose value has the shape ``annotation``.

    ``to_representation`` turns the attribute into that shape (default: the
    attribute as it is); ``kwargs`` go to the DRF field (``source=…``).
    """
    convert = to_representation or (lambda value: value)

    class TypedField(Field):
        def to_representation(self, value):
            return convert(value)

    # Read by Wagtail's v3 schema generator (``get_type_hints``).
    TypedField.to_representation.__annotations__ = {"return": annotation}
    kwargs.setdefault("read_only", True)
    return TypedField(**kwargs)


def serialize_tags(tags) -> list[dict]:
    """A page's tags (a taggit manager) as ``[{name, slug}]`` by name, sorted
    in memory so that tags a listing prefetched cost no query."""
    return [
        {"name": tag.name, "slug": tag.slug}
        for tag in sorted(tags.all(), key=lambda tag: tag.name)
    ]


class SeeAlsoField(Field):
    """The page's resolved see-also panel (``EditorialPageMixin.see_also``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[SeeAlsoItemSchema]:
        return list(value)


class WriteOnlyAPIField(APIField):
    """A field API v3 clients may write (``POST``/``PATCH /api/v3/pages/``)
    but never read under this name: the read side shows it another way (the
    model field ``category`` is written as an id and read as
    ``category_data``; the editors' picks ``see_also_items`` are read as the
    resolved ``see_also`` panel). ``editorial.wagtail_adaptations``
    (``write_only_api_fields``) keeps these out of both APIs' reads."""

    def __init__(self, name):
        super().__init__(name, writable=True)


def writable(*names):
    """``APIField(name, writable=True)`` for each of ``names``: model fields
    read and written in the same shape."""
    return [APIField(name, writable=True) for name in names]


def write_only(*names):
    return [WriteOnlyAPIField(name) for name in names]
