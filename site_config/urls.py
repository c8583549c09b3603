from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as api_v3
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from editorial.sitemaps import VisibleSitemap
from site_config import views
from site_config.api import api_v2_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_v2_router.urls),
    # The API's root is no endpoint (django-ninja's own answers an HTML 404).
    path("api/v3/", views.api_not_found, {"version": "v3"}),
    path("api/v3/", api_v3.urls),
    re_path(r"^api/(?P<version>v2|v3)/", views.api_not_found),
    path("search/", views.search, name="search"),
    path("language/", views.switch_language, name="switch_language"),
    path("tags/", include("editorial.urls")),
    path("feeds/articles/", include("articles.urls")),
    path("leads/", include("leads.urls")),
    path("contacts/", include("contacts.urls")),
    path("newsletter/", include("newsletter.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"wagtail": VisibleSitemap}},
        name="sitemap",
    ),
    # Every published episode audio URL: counted, then served (Podcast audience).
    path("podcasts/audio/", include("podcasts.audience.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz/", views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or getattr(settings, "PRESSROOM_SERVE_MEDIA", False):
    # Media with HEAD and byte ranges (podcast apps seek with ranges).
    from site_config.media import media_urlpatterns

    urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler500 = views.server_error
