"""Wagtail API v2 endpoints with Pressroom's rules, mounted by ``site_config.api``.

- Images and documents: never those of a private collection (``editorial.media``),
  whoever asks, in listings, details, filters and searches.
- Pages: a listing asking for ``see_also`` resolves the panels of the whole
  page of results in one batch (``resolve_see_also_many``) and prefetches
  tags, so its query count does not grow with the page size or with the
  tags and see-also picks of each item.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageSerializer, TagsField
from wagtail.api.v2.serializers import StreamField as StreamFieldSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    FieldsParameterParseError,
    page_models_from_string,
    parse_fields_parameter,
)
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from editorial import listing_cache
from editorial.content import Visibility, on_schedule_q
from editorial.item_cache import ItemBatch
from editorial.media import public_media
from editorial.see_also import resolve_see_also_many
from editorial.wagtail_adaptations import MAX_OFFSET


class BoundedPagination(WagtailPagination):
    """Wagtail's v2 pagination with ``offset`` (and ``limit``, when
    ``WAGTAILAPI_LIMIT_MAX`` leaves it open) bounded like API v3's: past a
    64-bit integer the database refuses the slice with a server error."""

    def paginate_queryset(self, queryset, request, view=None):
        maximums = {"offset": MAX_OFFSET}
        if not getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20):
            maximums["limit"] = MAX_OFFSET
        for name, maximum in maximums.items():
            try:
                value = int(request.GET.get(name, 0))
            except ValueError:
                continue  # Wagtail's own 400 follows
            if value > maximum:
                raise BadRequestError(
                    _("%(name)s cannot be higher than %(max)d")
                    % {"name": name, "max": maximum}
                )
        return super().paginate_queryset(queryset, request, view)


class CountFromListingCache:
    """A queryset whose ``count()`` is cached per content generation
    (``editorial.listing_cache``): counting scans every matching page."""

    def __init__(self, queryset, parts):
        self.queryset = queryset
        self.parts = parts

    def count(self):
        return listing_cache.cached(self.parts, self.queryset.count)

    def __getitem__(self, key):
        return self.queryset[key]


class PageCountPagination(BoundedPagination):
    """The pages listing's pagination: its ``total_count`` is cached for the
    request's host and every parameter but the window and the fields, until
    something readers see changes (pages are live and public for everyone)."""

    WINDOW = {"offset", "limit", "fields", "format"}

    def paginate_queryset(self, queryset, request, view=None):
        parameters = sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name not in self.WINDOW
            for value in values
        )
        parts = ("api-v2-count", request.get_host(), request.path, *parameters)
        return super().paginate_queryset(
            CountFromListingCache(queryset, parts), request, view
        )


class ClearRefusalsMixin:
    """Wagtail's v2 endpoints, with a 400 that says what is wrong where they
    answered an unknown ``?format=`` with an empty 404 (DRF's) and a
    non-numeric ``find/?id=`` with a 500, and no 404 without a message."""

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as exc:
            known = ", ".join(renderer.format for renderer in self.get_renderers())
            raise BadRequestError(
                _("Unknown format. Known formats: %(formats)s.") % {"formats": known}
            ) from exc

    def handle_exception(self, exc):
        if isinstance(exc, Http404) and not str(exc):
            # DRF's get_object_or_404 drops the reason; say at least this.
            exc = Http404(pgettext("API error", "Not found."))
        return super().handle_exception(exc)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                int(request.GET["id"])
            except ValueError as exc:
                raise BadRequestError(_("id must be an integer.")) from exc
        return super().find_object(queryset, request)


class PrefetchedTagsField(TagsField):
    """Wagtail's tag names, sorted in memory: its ``order_by("name")`` would
    bypass the tags the listing prefetched and cost a query per item."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PrefetchedTagsMixin:
    """Serializes taggit managers with ``PrefetchedTagsField``."""

    def build_property_field(self, field_name, model_class):
        field_class, kwargs = super().build_property_field(field_name, model_class)
        if field_class is TagsField:
            field_class = PrefetchedTagsField
        return field_class, kwargs


class PublicMediaMixin:
    """Media outside private collections, with their tags read in one query."""

    def get_queryset(self):
        # Not super(): Wagtail's version reads the restrictions per requester
        # (a logged-in user passes login restrictions); ours never shows them.
        return public_media(self.model.objects.all()).order_by("id")

    def paginate_queryset(self, queryset):
        items = list(super().paginate_queryset(queryset))
        prefetch_related_objects(items, "tags")
        return items


class PublicImagesAPIViewSet(ClearRefusalsMixin, PublicMediaMixin, ImagesAPIViewSet):
    """``/api/v2/images/``: images outside private collections only."""

    pagination_class = BoundedPagination

    base_serializer_class = type(
        "PublicImageSerializer", (PrefetchedTagsMixin, ImageSerializer), {}
    )


class PublicDocumentsAPIViewSet(
    ClearRefusalsMixin, PublicMediaMixin, DocumentsAPIViewSet
):
    """``/api/v2/documents/``: documents outside private collections only."""

    pagination_class = BoundedPagination

    base_serializer_class = type(
        "PublicDocumentSerializer", (PrefetchedTagsMixin, DocumentSerializer), {}
    )


class PageStreamField(StreamFieldSerializer):
    """Wagtail's v2 StreamField serializer, giving the blocks their page (as
    in API v3 and when the page renders: glossary auto-linking reads it)."""

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, stream = value
        context = {**self.context, "page": page}
        return stream.stream_block.get_api_representation(stream, context)


class PressroomPageSerializer(PageSerializer):
    # Page tags need no PrefetchedTagsField: their API field
    # (``editorial.api_fields.serialize_tags``) sorts prefetched tags in memory.
    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        StreamField: PageStreamField,
    }


class PressroomPagesAPIViewSet(ClearRefusalsMixin, PagesAPIViewSet):
    """``/api/v2/pages/`` whose listings load what the asked-for fields read
    for all their pages at once (see ``prepare_api_listing``)."""

    base_serializer_class = PressroomPageSerializer
    pagination_class = PageCountPagination

    def get_base_queryset(self):
        # Wagtail's live and public pages, less those off schedule (the rest
        # of the site hides them: ``Visibility``); ``child_of`` and
        # ``descendant_of`` read their parents from here too.
        return super().get_base_queryset().filter(on_schedule_q())

    def get_queryset(self):
        # Wagtail narrows a listing to one type with "pk IN (every visible
        # page)": SQLite builds that list from a scan of the page table, then
        # sorts. The same rule checked per row (a correlated EXISTS) lets the
        # database walk the ordering's index and stop after the page.
        models_type = self.request.GET.get("type")
        try:
            models = page_models_from_string(models_type) if models_type else []
        except (LookupError, ValueError):
            models = []  # Wagtail's own answer (a 400) follows
        # (Wagtail search filters on fields only: no EXISTS there.)
        if len(models) != 1 or "search" in self.request.GET:
            return super().get_queryset()
        visible = self.get_base_queryset().filter(pk=OuterRef("pk"))
        return models[0].objects.filter(Exists(visible))

    def _asks_for(self, name):
        """Whether ``?fields=`` asks for ``name`` (``*`` included, ``-name``
        excluded); a malformed value asks for nothing here: the serializer
        answers it with a 400 right after."""
        try:
            fields = parse_fields_parameter(self.request.GET.get("fields", ""))
        except FieldsParameterParseError:
            return False
        negated = {field for field, negative, _nested in fields if negative}
        wanted = {field for field, negative, _nested in fields if not negative}
        return name not in negated and (name in wanted or "*" in wanted)

    def paginate_queryset(self, queryset):
        # A list (search results are no queryset either), whose items
        # ``listing_view`` serializes or reads from the item cache.
        return list(super().paginate_queryset(queryset))

    def listing_view(self, request):
        """Wagtail's listing, each item's representation kept in the item
        cache (``editorial.item_cache``) under its page's version and the
        listing's parameters: a page of 20 items costs one cache read instead
        of loading what 20 items' fields read and serializing them."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = self.paginate_queryset(queryset)
        window = {"offset", "limit", "format"}
        parameters = sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name not in window
            for value in values
        )
        batch = ItemBatch(request, ("api-v2-page", request.path, *parameters), pages)
        missing = batch.missing_rows()
        # Built whether or not any item is missing: a bad ``?fields=`` is
        # refused (400) here, not hidden by stored items.
        serializer = self.get_serializer(missing, many=True)
        if missing:
            # What the batch's loading records (the pages its see-also
            # panels show...) is stored with each item: a superset.
            def serialize():
                self.prepare_items(missing)
                return serializer.data

            data = batch.render_all(serialize)
            for index, item in zip(batch.missing, data, strict=True):
                batch.put(index, item)
            batch.save()
        return self.get_paginated_response(
            [batch.values[index] for index in range(len(pages))]
        )

    def prepare_items(self, pages):
        """Load what the asked-for fields read, for all ``pages`` at once."""
        if not self.request.GET.get("fields"):
            return pages  # id, title and meta only: nothing to prepare
        # Pages of Pressroom's content types: their API fields resolve for
        # readers of the page's own site (``?site=`` may name another one
        # than the request's): one visibility per site, set on every page.
        editorial = [page for page in pages if hasattr(type(page), "reader_visibility")]
        by_site = {}
        for page in editorial:
            parts = page.get_url_parts(self.request)
            by_site.setdefault(parts[0] if parts else None, []).append(page)
        sites = Site.objects.in_bulk([pk for pk in by_site if pk is not None])
        for site_id, group in by_site.items():
            site = sites.get(site_id)
            visibility = Visibility(site) if site else None
            for page in group:
                page.__dict__["reader_visibility"] = visibility
        # Then each type loads what its fields read, for all its pages at once.
        by_class = {}
        for page in pages:
            by_class.setdefault(type(page), []).append(page)
        for model, group in by_class.items():
            if hasattr(model, "prepare_api_listing"):
                model.prepare_api_listing(group, self.request)
            elif hasattr(model, "tags"):
                prefetch_related_objects(group, "tags")
        if self._asks_for("see_also"):
            self._batch_see_also(by_site)
        return pages

    def _batch_see_also(self, by_site):
        # Only where ``see_also`` is still the cached property this fills in;
        # anything else is left to resolve itself, page by page.
        for group in by_site.values():
            group = [
                page
                for page in group
                if isinstance(getattr(type(page), "see_also", None), cached_property)
            ]
            visibility = group[0].reader_visibility if group else None
            resolved = resolve_see_also_many(group, visibility) if visibility else {}
            for page in group:
                # Fills the cached property, which the serializer then reads.
                page.__dict__["see_also"] = [
                    item.data() for item in resolved.get(page.pk, [])
                ]
