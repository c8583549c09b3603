"""Routing to a child page in one query.

Wagtail's ``Page.route`` reads the child by slug, then its specific row: two
queries per level of the URL. ``SpecificChildRouteMixin`` reads the child
with the rows of the page types its parent allows (a join each), so the
specific page comes in one query, with the foreign keys its type names in
``reader_related_fields``; any other child (a type not allowed there
any more, a deeper subclass) still goes Wagtail's way.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page

from editorial.content import child_accessor

# Beyond this many allowed child types (this site's home allows 7), the joins
# would cost more than the query they save: Wagtail's way.
MAX_JOINED_TYPES = 8


class SpecificChildRouteMixin:
    """Put before ``Page`` (after ``RoutablePageMixin``, whose own routes are
    tried first) in the bases of a page with children readers visit."""

    def route(self, request, path_components):
        if path_components:
            child = self.specific_child_by_slug(path_components[0])
            if child is not None:
                # As Wagtail does: the parent is known (get_parent() is free).
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def specific_child_by_slug(self, slug):
        """The child with this slug as its specific type, or None (unknown
        slug, or a type this shortcut does not cover)."""
        models = [
            model for model in type(self).allowed_subpage_models() if model is not Page
        ]
        accessors = {model: child_accessor(model) for model in models}
        joins = [accessor for accessor in accessors.values() if accessor]
        if not joins or len(joins) > MAX_JOINED_TYPES:
            return None
        # The foreign keys the child's page shows (``reader_related_fields``,
        # e.g. an article's category and hero image) come in the same query.
        joins += [
            f"{accessor}__{name}"
            for model, accessor in accessors.items()
            if accessor
            for name in getattr(model, "reader_related_fields", ())
        ]
        base = Page.objects.child_of(self).filter(slug=slug).select_related(*joins)
        base = base.first()
        if base is None:
            return None
        for model, accessor in accessors.items():
            if accessor and base.content_type_id == (
                ContentType.objects.get_for_model(model).pk
            ):
                return getattr(base, accessor)
        return None
