"""Typed API fields shared by the content pages' ``api_fields``.

Wagtail's API v3 types an ``APIField(serializer=…)`` from the serializer's
``to_representation`` return annotation, so the OpenAPI document describes
the see-also items instead of ``Any``; API v2 uses the same serializer.
"""

import datetime

from ninja import Schema
from rest_framework.fields import Field


class SeeAlsoItemSchema(Schema):
    id: int
    type: str
    title: str
    url: str | None
    teaser: str
    date: datetime.date | None


class SeeAlsoField(Field):
    """The page's resolved see-also panel (``EditorialPageMixin.see_also``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[SeeAlsoItemSchema]:
        return list(value)
