"""The API v2 viewsets under the import path a host site's ``urls.py`` uses
(the README's "Install into your Wagtail site"); they live in
``editorial.api.v2``."""

from editorial.api.v2 import (
    PressroomPagesAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
)

__all__ = [
    "PressroomPagesAPIViewSet",
    "PublicDocumentsAPIViewSet",
    "PublicImagesAPIViewSet",
]
