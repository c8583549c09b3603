"""Adjustments to Wagtail's API v3, installed by ``EditorialConfig.ready()``
before its routers are imported (when the URLs load).

- Every StreamField is typed block by block (``editorial.block_schemas``).
- Offsets of Wagtail's own listings (pages, images, documents…) are bounded:
  Wagtail leaves them unbounded, and an offset beyond a 64-bit integer is a
  server error on SQLite and PostgreSQL (found by Schemathesis); it is now a
  documented 422 like any invalid parameter.
"""

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
