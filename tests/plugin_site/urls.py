"""The URLs a host site adds for the Pressroom apps it installs."""

from django.apps import apps
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3

from editorial.api import content_router, tags_router, writes_router
from editorial.api_v2 import (
    PressroomPagesAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
)

api_v2_router = WagtailAPIRouter("wagtailapi")
api_v2_router.register_endpoint("pages", PressroomPagesAPIViewSet)
api_v2_router.register_endpoint("images", PublicImagesAPIViewSet)
api_v2_router.register_endpoint("documents", PublicDocumentsAPIViewSet)

api_v3.add_router("/content/", content_router)
api_v3.add_router("/tags/", tags_router)
api_v3.add_router("/", writes_router)
if apps.is_installed("glossary"):
    from glossary.api import router as glossary_router

    api_v3.add_router("/glossary/", glossary_router)
if apps.is_installed("podcasts"):
    from podcasts.api import router as podcasts_router
    from podcasts.audience.api import router as audience_router

    api_v3.add_router("/podcasts/", podcasts_router)
    api_v3.add_router("/podcasts/audience/", audience_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
    path("tags/", include("editorial.urls")),
]
if apps.is_installed("articles"):
    urlpatterns.append(path("feeds/articles/", include("articles.urls")))
if apps.is_installed("leads"):
    urlpatterns.append(path("leads/", include("leads.urls")))
if apps.is_installed("contacts"):
    urlpatterns.append(path("contacts/", include("contacts.urls")))
if apps.is_installed("newsletter"):
    urlpatterns.append(path("newsletter/", include("newsletter.urls")))
if apps.is_installed("podcasts"):
    # Published audio URLs count downloads (README, Podcast audience).
    urlpatterns.append(path("podcasts/audio/", include("podcasts.audience.urls")))
urlpatterns.append(path("", include(wagtail_urls)))
