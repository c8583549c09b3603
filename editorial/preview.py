"""Headless preview (wagtail-headless-preview) for Pressroom's page types.

The one module, with ``editorial.preview_api``, that imports the package.
A page type composes ``HeadlessPreviewMixin`` first in its bases (before
``RoutablePageMixin``, whose own ``serve_preview`` would otherwise win).

When a client URL is configured (``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]``,
set from ``PRESSROOM_PREVIEW_CLIENT_URL``), the admin's Preview opens the
front end first, with ``?content_type=…&token=…``; the draft through this
site's own templates stays one choice away in the preview mode menu. Without
a client URL, Preview is Wagtail's usual one.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wagtail.models import PreviewableMixin

from wagtail_headless_preview.models import (
    HeadlessPreviewMixin as BaseHeadlessPreviewMixin,
)
from wagtail_headless_preview.models import PagePreview
from wagtail_headless_preview.settings import headless_preview_settings

from editorial.conf import get_setting

HEADLESS_MODE = "headless"


def client_url_configured():
    return bool(headless_preview_settings.CLIENT_URLS)


class HeadlessPreviewMixin(BaseHeadlessPreviewMixin):
    """Lets editors preview the draft in the headless front end; only the token
    the admin's Preview hands that front end opens the draft, for a limited
    time (``PRESSROOM_PREVIEW_TOKEN_MAX_AGE``)."""

    @property
    def preview_modes(self):
        modes = super().preview_modes
        if not client_url_configured():
            return modes
        if modes == PreviewableMixin.DEFAULT_PREVIEW_MODES:
            # "Default" would be ambiguous next to the front end.
            modes = [("", _("Site templates"))]
        return [(HEADLESS_MODE, _("Front end")), *modes]

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS_MODE and self.has_client_url(request):
            return super().serve_preview(request, mode_name)
        # Skip the package's redirect: this site's own rendering (a routable
        # page's, or Page's).
        return super(BaseHeadlessPreviewMixin, self).serve_preview(request, mode_name)

    def has_client_url(self, request):
        """Whether the package finds a client URL for this request's site (a
        site missing from CLIENT_URLS without a "default", a URL with stray
        braces or no site at all would be a 500 there)."""
        try:
            self.get_client_root_url(request)
        except (AttributeError, KeyError, IndexError, ValueError):
            return False
        return True

    @classmethod
    def get_page_from_preview_token(cls, token):
        """The draft the token was made for, or None: a token that is forged,
        older than ``PRESSROOM_PREVIEW_TOKEN_MAX_AGE``, made for another page
        type or for a page deleted since opens nothing. (The package checks
        no age; its clean-up only deletes previews from before yesterday.)"""
        try:
            cls.get_preview_signer().unsign(
                token, max_age=get_setting("PRESSROOM_PREVIEW_TOKEN_MAX_AGE")
            )
        except signing.BadSignature:  # SignatureExpired is one too
            return None
        preview = PagePreview.objects.filter(
            content_type=ContentType.objects.get_for_model(cls), token=token
        ).first()
        if preview is None:
            return None
        content = json.loads(preview.content_json)
        if content.get("pk") is None:
            # Not created yet: only the draft exists.
            return preview.as_page()
        # As Wagtail builds a revision: the draft's content over what belongs
        # to the page as a whole (first publication, live, tree position).
        page = cls.objects.filter(pk=content["pk"]).first()
        return page.with_content_json(content) if page is not None else None
