"""Adjustments to Wagtail's API v3, installed by ``EditorialConfig.ready()``
before its routers are imported (when the URLs load), whatever the order of
``INSTALLED_APPS``; ``check_adaptations`` (a system check) reports any that
did not take effect.

- Every StreamField is typed block by block (``editorial.block_schemas``).
- Offsets of Wagtail's own listings (pages, images, documents…) are bounded:
  Wagtail leaves them unbounded, and an offset beyond a 64-bit integer is a
  server error on SQLite and PostgreSQL (found by Schemathesis); it is now a
  documented 422 like any invalid parameter.
- The snippets router is left out while no snippet model has API fields:
  Wagtail mounts it anyway, and its twelve operations then take a ``{type}``
  that no value satisfies, so no client (nor Schemathesis) could call them.

``schedule_wagtail_api_v3_pages`` runs later, from the URL configuration.
"""

import functools
import sys

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_resolver

from ninja import Field, NinjaAPI

from editorial import listing_cache

MAX_OFFSET = 100_000
API_NAMESPACE = "wagtailapi_v3"
SNIPPETS_PREFIX = "/snippets/"


def install():
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

    from editorial import block_schemas

    block_schemas.register()
    _leave_out_unusable_snippets()

    base = WagtailLimitOffsetPagination.Input
    if base.model_fields["offset"].metadata and base.__module__ == __name__:
        return  # installed already

    class Input(base):
        offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    WagtailLimitOffsetPagination.Input = Input


def schedule_wagtail_api_v3_pages():
    """Make Wagtail's API v3 ``pages/`` reads (listing, detail, ``find/``)
    hide pages off schedule (``editorial.content.on_schedule_q``) from
    anonymous readers, as every other Pressroom read does.

    Wagtail filters ``live()`` and public only, and offers no hook for that
    queryset but the module function its views look up at call time. Editors
    with a token keep what Wagtail gives them (the pages they may change).
    Importing the router from an AppConfig.ready() fails: the site calls this
    from its URL configuration, like ``restrict_wagtail_api_v3_media``.
    """
    from wagtail.api.v3.routers import pages as pages_router

    from editorial.content import on_schedule_q

    original = getattr(pages_router, "get_pages_queryset", None)
    if original is None:
        raise ImproperlyConfigured(
            "wagtail.api.v3.routers.pages.get_pages_queryset is gone: Pressroom "
            "cannot keep scheduled and expired pages out of Wagtail's API v3; "
            "update editorial.wagtail_api."
        )
    if getattr(original, "pressroom_scheduled", False):
        return

    def get_pages_queryset(request, *args, **kwargs):
        queryset = original(request, *args, **kwargs)
        if request.user.is_authenticated:
            return queryset
        return with_cached_count(queryset.filter(on_schedule_q()), request)

    get_pages_queryset.pressroom_scheduled = True
    pages_router.get_pages_queryset = get_pages_queryset


class CachedCountMixin:
    """A queryset whose ``count()`` comes from ``editorial.listing_cache``
    under ``count_key`` (kept by every clone): the listing's count, which
    Ninja's pagination takes on each request, scans every matching page."""

    count_key = None

    def _clone(self):
        clone = super()._clone()
        clone.count_key = self.count_key
        return clone

    def count(self):
        if self.count_key is None or self._result_cache is not None:
            return super().count()
        return listing_cache.cached(self.count_key, super().count)


@functools.cache
def cached_count_class(queryset_class):
    return type(
        f"CachedCount{queryset_class.__name__}", (CachedCountMixin, queryset_class), {}
    )


def with_cached_count(queryset, request):
    """``queryset`` (an anonymous reader's pages listing) counted once per
    content generation for the request's host, path and every parameter but
    the window: the same for every anonymous reader (live, public pages)."""
    parameters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("limit", "offset")
        for value in values
    )
    cached = queryset.all()
    cached.__class__ = cached_count_class(type(queryset))
    cached.count_key = ("api-v3-count", request.get_host(), request.path, *parameters)
    return cached


def snippets_have_api_fields():
    """Whether Wagtail's API v3 serves any snippet model (one with API fields)."""
    from wagtail.api.v3.registry import registry
    from wagtail.snippets.models import get_snippet_models

    return any(registry.has(model._meta.label) for model in get_snippet_models())


def _is_unusable_snippets(api, prefix):
    return (
        api.urls_namespace == API_NAMESPACE
        and prefix == SNIPPETS_PREFIX
        and not snippets_have_api_fields()
    )


def _leave_out_unusable_snippets():
    """Drop the snippets router from Wagtail's API v3 if wagtail.snippets has
    mounted it already, and refuse it when it does so later (its ``ready()``
    may run before or after ours; importing the API here would build its
    schemas too early)."""
    if getattr(NinjaAPI.add_router, "leaves_out_unusable_snippets", False):
        return
    api_module = sys.modules.get("wagtail.api.v3.api")
    if api_module is not None:
        api = api_module.api
        api._router_registrations = [
            registration
            for registration in api._router_registrations
            if not _is_unusable_snippets(api, registration[0])
        ]
        api._routers = [
            (prefix, router)
            for prefix, router in api._routers
            if not _is_unusable_snippets(api, prefix)
        ]
    add_router = NinjaAPI.add_router

    def add_usable_router(self, prefix, router, **kwargs):
        if not _is_unusable_snippets(self, prefix):
            add_router(self, prefix, router, **kwargs)

    add_usable_router.leaves_out_unusable_snippets = True
    NinjaAPI.add_router = add_usable_router


@checks.register(checks.Tags.urls)
def check_adaptations(app_configs, **kwargs):
    """Each adaptation above in place once the URLs (and so the API) load."""
    from wagtail.api.v3.api import api
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

    get_resolver().url_patterns  # noqa: B018 - loads the URLs, mounting the API
    errors = []
    offset = WagtailLimitOffsetPagination.Input.model_fields["offset"]
    if not any(getattr(rule, "le", None) == MAX_OFFSET for rule in offset.metadata):
        errors.append(
            checks.Error(
                "Wagtail's API v3 offsets are unbounded.",
                hint="editorial.wagtail_api.install() did not take effect.",
                id="pressroom.E001",
            )
        )
    mounted = {prefix for prefix, _router in api._routers}
    if SNIPPETS_PREFIX in mounted and not snippets_have_api_fields():
        errors.append(
            checks.Error(
                "Wagtail's API v3 serves snippet operations no request can satisfy.",
                hint="editorial.wagtail_api.install() did not take effect.",
                id="pressroom.E002",
            )
        )
    return errors
