"""Headless preview (wagtail-headless-preview) for Pressroom's page types.

The one module, with ``editorial.api.preview``, that imports the package.
A page type composes ``HeadlessPreviewMixin`` first in its bases (before
``RoutablePageMixin``, whose own ``serve_preview`` would otherwise win).

When a client URL is configured (``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]``,
set from ``PRESSROOM_PREVIEW_CLIENT_URL``), the admin's Preview shows the
draft in the site's own design first; the headless front end, opened with
``?content_type=…&token=…``, is the second choice of the preview mode menu.
Without a client URL, Preview is Wagtail's usual one.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations, model_from_serializable_data
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
            modes = [("", _("Site design"))]
        # The site's own design first: what readers of this site will see.
        return [*modes, (HEADLESS_MODE, _("Headless front end"))]

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS_MODE and self.has_client_url(request):
            return super().serve_preview(request, mode_name)
        # Past the package's front-end frame: this site's own rendering (a
        # routable page's, or Page's).
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
        page = cls.objects.filter(pk=content["pk"]).first()
        return draft_from_content(page, content) if page is not None else None


def draft_from_content(page, content):
    """The draft as Wagtail builds a revision (``with_content_json``: the
    draft's content over what belongs to the page as a whole, such as its
    first publication and tree position), in a number of queries that does
    not grow with the draft's tags, see-also picks or other inline items.

    modelcluster checks each foreign key of each inline item with one query,
    then each is loaded again when serialized; here the inline items are
    built unchecked and their targets loaded in one query per foreign key.
    """
    content = dict(content)
    children = {}
    for relation in get_all_child_relations(type(page)):
        name = relation.get_accessor_name()
        model = relation.related_model
        # Nested inline items keep modelcluster's own checks.
        if name in content and not get_all_child_relations(model):
            children[name] = _inline_items(model, content.pop(name))
    draft = page.with_content_json(content)
    for name, items in children.items():
        setattr(draft, name, items)
    return draft


def _inline_items(model, data):
    """Inline items from their serialized data, each foreign key checked and
    loaded in bulk: an item whose required target is gone is left out (as
    modelcluster does), an optional one loses it."""
    items = [
        model_from_serializable_data(model, item, check_fks=False) for item in data
    ]
    for field in model._meta.concrete_fields:
        if not field.many_to_one or field.remote_field.parent_link:
            continue
        if getattr(field.remote_field, "field_name", None) is None:
            continue
        if isinstance(field, ParentalKey):
            continue  # the page itself
        ids = {getattr(item, field.attname) for item in items} - {None}
        targets = field.related_model._default_manager.in_bulk(
            ids, field_name=field.remote_field.field_name
        )
        kept = []
        for item in items:
            value = getattr(item, field.attname)
            if value is None:
                kept.append(item)
            elif value in targets:
                field.set_cached_value(item, targets[value])
                kept.append(item)
            elif not field.null:
                continue  # required target deleted: no item
            else:
                setattr(item, field.attname, None)
                kept.append(item)
        items = kept
    return items
