"""The import paths a host site's ``urls.py`` uses (README, "Install into your
Wagtail site") keep giving the objects of the ``editorial.api`` package."""

import pytest

import editorial.api
from editorial.api import content, tags, v2, writes


def test_routers_from_the_package():
    from editorial.api import content_router, tags_router, writes_router

    assert content_router is content.content_router
    assert tags_router is tags.tags_router
    assert writes_router is writes.writes_router


def test_v2_viewsets_from_editorial_api_v2():
    from editorial.api_v2 import (
        PressroomPagesAPIViewSet,
        PublicDocumentsAPIViewSet,
        PublicImagesAPIViewSet,
    )

    assert PressroomPagesAPIViewSet is v2.PressroomPagesAPIViewSet
    assert PublicDocumentsAPIViewSet is v2.PublicDocumentsAPIViewSet
    assert PublicImagesAPIViewSet is v2.PublicImagesAPIViewSet


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="serialize_items"):
        editorial.api.serialize_items  # noqa: B018
