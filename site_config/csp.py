"""The Content-Security-Policy of each part of the site.

Public pages get a strict policy: scripts and styles from this site only (no
inline script at all: their JSON-LD blocks are data, which ``script-src``
does not govern, so they need no nonce, and a page is the same for every
reader and can be cached whole by Varnish or a CDN), media from the
media storage's origin and frames from the embed providers. Wagtail's admin
still writes inline scripts and styles, so it gets a policy it works with
(and frames the headless preview front end). The JSON API gets a closed one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages

from csp.constants import NONE, SELF, UNSAFE_INLINE

# The embed providers wagtail.embeds knows that a B2B publication embeds
# (videos, podcasts); PRESSROOM_CSP_FRAME_SRC replaces the list.
DEFAULT_FRAME_SRC = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://w.soundcloud.com",
    "https://open.spotify.com",
]
# Wagtail's admin dashboard asks here whether a newer Wagtail is out.
WAGTAIL_RELEASES = "https://releases.wagtail.org"


def source_of(url):
    """The CSP source expression of ``url``'s origin, or None for a URL on
    this site (relative, or without a host)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    if parts.scheme:
        return f"{parts.scheme}://{parts.netloc}"
    # Protocol-relative ("//cdn.example.com/…"): a host source matches the
    # page's own scheme.
    return parts.netloc


def media_sources():
    """Where uploaded images, documents and audio are served from: the
    origin of the media storage's URLs (an object store or its custom domain,
    an absolute MEDIA_URL), nothing more when they are on this site."""
    source = source_of(storages["default"].url("pressroom-csp"))
    return [source] if source else []


def preview_client_sources():
    """The headless preview front ends the admin frames."""
    config = getattr(settings, "WAGTAIL_HEADLESS_PREVIEW", {}) or {}
    sources = []
    for url in (config.get("CLIENT_URLS") or {}).values():
        # "{SITE_ROOT_URL}/…" is a page of the site the admin is served on.
        source = None if url.startswith("{SITE_ROOT_URL}") else source_of(url)
        sources.append(source or SELF)
    return sources


def gravatar_sources():
    provider = getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", "//www.gravatar.com")
    source = source_of(provider) if provider else None
    return [source] if source else []


def frame_sources():
    return list(getattr(settings, "PRESSROOM_CSP_FRAME_SRC", DEFAULT_FRAME_SRC))


def with_site_options(directives, extra_sources=True):
    """``directives`` with the report URI and, for pages, the sources the
    site adds (``PRESSROOM_CSP_EXTRA_SOURCES``)."""
    directives = {name: list(sources) for name, sources in directives.items()}
    extra = (
        getattr(settings, "PRESSROOM_CSP_EXTRA_SOURCES", {}) if extra_sources else {}
    )
    for name, sources in extra.items():
        directives.setdefault(name, [])
        directives[name] += [s for s in sources if s not in directives[name]]
    report_uri = getattr(settings, "PRESSROOM_CSP_REPORT_URI", "")
    if report_uri:
        directives["report-uri"] = [report_uri]
    return directives


def public_policy():
    media = media_sources()
    frames = frame_sources()
    return with_site_options(
        {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *media],
            "media-src": [SELF, *media],
            "frame-src": frames or [NONE],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            # Wagtail's preview panel frames pages from the same origin.
            "frame-ancestors": [SELF],
        }
    )


def preview_policy():
    """A draft shown in the admin's preview panel is served like the public
    page (Wagtail runs it through the middleware as a request for the page),
    and may frame the headless preview front end."""
    policy = public_policy()
    frames = [s for s in policy["frame-src"] if s != NONE]
    policy["frame-src"] = list(dict.fromkeys([*preview_client_sources(), *frames]))
    return policy


def admin_policy():
    """What Wagtail's admin needs: its templates still write inline scripts
    and styles (no nonce here: with a nonce, browsers ignore 'unsafe-inline'),
    image previews from the media storage and blob: URLs, frames of its own
    preview, of the headless front end and of embeds."""
    media = media_sources()
    connect = [SELF]
    if getattr(settings, "WAGTAIL_ENABLE_UPDATE_CHECK", True):
        connect.append(WAGTAIL_RELEASES)
    return with_site_options(
        {
            "default-src": [SELF],
            "script-src": [SELF, UNSAFE_INLINE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:", *media, *gravatar_sources()],
            "media-src": [SELF, "blob:", *media],
            "font-src": [SELF, "data:"],
            "frame-src": [SELF, *preview_client_sources(), *frame_sources()],
            "connect-src": connect,
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [SELF],
        }
    )


def api_policy():
    """JSON answers are never documents: nothing to load, never framed."""
    return with_site_options(
        {"default-src": [NONE], "frame-ancestors": [NONE]}, extra_sources=False
    )


def api_docs_policy():
    """The API's interactive documentation (django-ninja's Swagger UI, served
    from this site's static files) calls the API from the page."""
    return with_site_options(
        {
            "default-src": [NONE],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:"],
            "connect-src": [SELF],
            "base-uri": [NONE],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        },
        extra_sources=False,
    )
