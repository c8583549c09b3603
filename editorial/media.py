"""Which images and documents readers may see: those outside any private collection.

A collection is private when it, or one of its ancestors, carries a Wagtail
``CollectionViewRestriction`` (password, login or groups). Unlike Wagtail's
own API views, the rule does not depend on who asks: private media never
appear in the headless API, so its answers stay the same for everyone (and
cacheable as ``public``), as ``editorial.content.Visibility`` does for pages.

Two forms of the same rule, written once here:

- ``public_media(queryset)`` narrows an image or document queryset in SQL
  (a correlated subquery, no extra query);
- ``MediaPrivacy.for_request(request).allows(obj)`` checks an already loaded
  image or document in memory, after reading the private collections once
  per request.

Document files are read only through Wagtail's document view, which checks
the restrictions on every download; ``document_folder()`` names the folder
that the public media path must therefore never serve.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction


def private_collections():
    """Collections carrying a view restriction or under one (a lazy queryset).

    A restriction covers its collection's subtree: the collection's
    materialised path starts with the restricted collection's path.
    """
    covering = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    return Collection.objects.filter(Exists(covering))


def public_media(queryset):
    """``queryset`` (images or documents) without those in private collections."""
    return queryset.exclude(collection__in=private_collections().values("pk"))


def document_folder():
    """The folder, relative to ``MEDIA_ROOT``, where documents' files are stored."""
    upload_to = get_document_model()._meta.get_field("file").upload_to
    fixed_parts = []
    # strftime patterns ("documents/%Y/") make dated sub-folders of a fixed one.
    for part in Path(upload_to if isinstance(upload_to, str) else "%").parts:
        if "%" in part:
            break
        fixed_parts.append(part)
    if not fixed_parts or fixed_parts[0] == "/":
        raise ImproperlyConfigured(
            "The document model's file field must upload to a fixed folder under "
            "MEDIA_ROOT, so that Pressroom can keep document files off the public "
            "media path."
        )
    return Path(*fixed_parts)


def check_documents_are_served_privately(app_configs=None, **kwargs):
    """System check: document files reach readers only through Wagtail's
    document view (ids ``pressroom.E1xx``: media files and uploads)."""
    errors = []
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        errors.append(
            checks.Error(
                'WAGTAILDOCS_SERVE_METHOD = "direct" links documents straight to '
                "their files, past the privacy of their collections (and the media "
                "path does not serve them).",
                hint='Use "serve_view" (Pressroom\'s setting) or "redirect".',
                id="pressroom.E101",
            )
        )
    try:
        document_folder()
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), id="pressroom.E102"))
    return errors


class MediaPrivacy:
    """The private collections, read once; ``for_request`` keeps one per request."""

    def __init__(self):
        self._private_ids = None

    @classmethod
    def for_request(cls, request):
        if request is None:
            return cls()
        privacy = getattr(request, "_pressroom_media_privacy", None)
        if privacy is None:
            privacy = cls()
            request._pressroom_media_privacy = privacy
        return privacy

    @property
    def private_collection_ids(self):
        if self._private_ids is None:
            self._private_ids = frozenset(
                private_collections().values_list("pk", flat=True)
            )
        return self._private_ids

    def allows(self, obj):
        """Whether ``obj`` (an image or a document, or None) may be shown."""
        return obj is not None and obj.collection_id not in self.private_collection_ids
