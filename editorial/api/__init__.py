"""Pressroom's headless API: its endpoints on Wagtail's API v2 and v3.

A site mounts what the plugin offers (``site_config.api`` does, the README
shows how): ``content_router`` and ``tags_router`` on API v3, importable from
here; the API v2 viewsets from ``editorial.api_v2``.

- ``schemas``: request and response schemas, parameter types and bounds;
- ``problems``: the RFC 7807 error answers and their OpenAPI documentation;
- ``caching``: the HTTP caching of every GET of ours;
- ``queries``: what the content and tag routers read (types, tags, pages
  of cross-type rows with their tags);
- ``content``, ``tags``: the v3 routers at ``/api/v3/content/`` and
  ``/api/v3/tags/``;
- ``preview``: the headless preview endpoints (v3 router, v2 viewset);
- ``writes``: what API v3 writes add to Wagtail's: submit to moderation and
  the upsert by external id (``writes_router``, mounted at the API's root);
- ``v2``: the API v2 viewsets (pages, images, documents).

Every listing goes through ``editorial.content.Visibility`` (live, public,
this site); rows are selected and counted in one UNION query
(``editorial.content.union_rows``) and loaded with one query per page type,
tags with one more query per type, whatever the page size.
"""


def __getattr__(name):
    # The routers are imported when asked for, not with the package: the
    # schemas and problems modules (read by other apps' routers and by
    # editorial.wagtail_adaptations) need none of them.
    if name == "content_router":
        from editorial.api.content import content_router

        return content_router
    if name == "tags_router":
        from editorial.api.tags import tags_router

        return tags_router
    if name == "writes_router":
        from editorial.api.writes import writes_router

        return writes_router
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["content_router", "tags_router", "writes_router"]
