"""The headless API this site mounts: Wagtail API v2 and v3 (with our routers)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3

from editorial.api.content import content_router
from editorial.api.preview import PagePreviewAPIViewSet
from editorial.api.preview import router as preview_router
from editorial.api.tags import tags_router
from editorial.api.v2 import (
    PressroomPagesAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
)
from editorial.api.writes import writes_router
from glossary.api import router as glossary_router
from podcasts.api import router as podcasts_router
from podcasts.audience.api import router as podcast_audience_router

api_v2_router = WagtailAPIRouter("wagtailapi")
api_v2_router.register_endpoint("pages", PressroomPagesAPIViewSet)
api_v2_router.register_endpoint("images", PublicImagesAPIViewSet)
api_v2_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
# After "pages", so page URLs in API answers keep pointing at /api/v2/pages/.
api_v2_router.register_endpoint("page_preview", PagePreviewAPIViewSet)

# Our own endpoints on Wagtail's API v3, so they appear in its OpenAPI
# document; routers are added before api_v3.urls is read.
api_v3.add_router("/glossary/", glossary_router)
api_v3.add_router("/podcasts/", podcasts_router)
# Behind a token or an admin session and podcasts.view_audience.
api_v3.add_router("/podcasts/audience/", podcast_audience_router)
api_v3.add_router("/content/", content_router)
api_v3.add_router("/tags/", tags_router)
api_v3.add_router("/preview/", preview_router)
# Submit to moderation (pages/{id}/actions/submit/) and the upsert by
# external id (external/{source}/{external_id}/).
api_v3.add_router("/", writes_router)

# Wagtail's own operations' problem answers are listed in the document by
# editorial.wagtail_adaptations (documented_problems).
