from types import SimpleNamespace

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.urls.resolvers import RoutePattern, URLResolver
from django.utils.functional import cached_property

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from editorial.sitemaps import VisibleSitemap
from site_config import views


class LazyNamespaceResolver(URLResolver):
    """``path(route, include((patterns, app_name), namespace))`` whose
    patterns are built by ``load()`` on first use (a request under ``route``,
    a ``reverse()`` in ``namespace``) rather than when the URLconf is read.

    Both APIs are mounted this way: their routers, viewsets and schemas are
    then built only in a process that serves or names the API, so a worker
    serving readers does not hold them; with gunicorn's ``preload_app`` the
    master's warm-up (``site_config.warmup``) builds them once for every
    worker. Django populates the reverse lookups of every included resolver
    when one name is reversed (``URLResolver._populate``); a namespaced one
    is only recorded there by its namespace, so this one waits until a
    lookup in its own namespace (tests/test_startup_imports.py).
    """

    def __init__(self, route, load, app_name, namespace):
        super().__init__(
            RoutePattern(route, is_endpoint=False),
            load,
            app_name=app_name,
            namespace=namespace,
        )

    @cached_property
    def urlconf_module(self):
        return SimpleNamespace(urlpatterns=self.urlconf_name())

    @property
    def loaded(self):
        return "urlconf_module" in self.__dict__

    def _load(self):
        self.url_patterns  # noqa: B018

    def _populate(self):
        if self.loaded:
            super()._populate()

    @property
    def reverse_dict(self):
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self):
        self._load()
        return super().app_dict

    def _reverse_with_prefix(self, *args, **kwargs):
        self._load()
        return super()._reverse_with_prefix(*args, **kwargs)

    def __repr__(self):
        return (
            f"<LazyNamespaceResolver {self.urlconf_name.__name__} ({self.namespace})>"
        )


def api_v2_urlpatterns():
    from site_config.api import api_v2_router

    return api_v2_router.urls[0]


def api_v3_urlpatterns():
    # site_config.api adds Pressroom's routers before the URLs are read.
    from wagtail.api.v3.urls import api as api_v3

    import site_config.api  # noqa: F401

    return api_v3.urls[0]


# (app_name, namespace) of each API's URLs, as api_v2_router.urls and
# api_v3.urls give them (tests/test_startup_imports.py checks they agree).
API_V2_NAMES = ("wagtailapi", "wagtailapi")
API_V3_NAMES = ("ninja", "wagtailapi_v3")

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    LazyNamespaceResolver("api/v2/", api_v2_urlpatterns, *API_V2_NAMES),
    # The API's root is no endpoint (django-ninja's own answers an HTML 404).
    path("api/v3/", views.api_not_found, {"version": "v3"}),
    LazyNamespaceResolver("api/v3/", api_v3_urlpatterns, *API_V3_NAMES),
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
