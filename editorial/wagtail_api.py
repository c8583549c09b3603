"""Adjustments to Wagtail's API v3, installed by ``EditorialConfig.ready()``
before its routers are imported (when the URLs load).

- Every StreamField is typed block by block (``editorial.block_schemas``).
- Offsets of Wagtail's own listings (pages, images, documents…) are bounded:
  Wagtail leaves them unbounded, and an offset beyond a 64-bit integer is a
  server error on SQLite and PostgreSQL (found by Schemathesis); it is now a
  documented 422 like any invalid parameter.

``schedule_wagtail_api_v3_pages`` runs later, from the URL configuration.
"""

from django.core.exceptions import ImproperlyConfigured

from ninja import Field

MAX_OFFSET = 100_000


def install():
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

    from editorial import block_schemas

    block_schemas.register()

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
        return queryset.filter(on_schedule_q())

    get_pages_queryset.pressroom_scheduled = True
    pages_router.get_pages_queryset = get_pages_queryset
