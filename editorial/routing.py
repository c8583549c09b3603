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
from editorial.prepared import PreparedQuery

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
        plan = child_route_plan(type(self))
        if plan is None:
            return None
        query, accessors = plan
        # The children's paths: the parent's and one step more (treebeard's
        # interval), an exact range a compiled query takes as parameters.
        low = self.path + self.alphabet[0] * self.steplen
        high = self.path + self.alphabet[-1] * self.steplen
        found = query.run(low=low, high=high, depth=self.depth + 1, slug=slug)
        if not found:
            return None
        base = found[0]
        model = ContentType.objects.get_for_id(base.content_type_id).model_class()
        accessor = accessors.get(model)
        return getattr(base, accessor) if accessor else None


_plans = {}


def child_route_plan(parent_model):
    """``(joins, {model: accessor})`` for the children of ``parent_model``,
    or None when routing goes Wagtail's way (no joinable type, or too many).
    Computed once per page type and process: the allowed types do not change
    while it runs."""
    if parent_model not in _plans:
        models = [
            model
            for model in parent_model.allowed_subpage_models()
            if model is not Page
        ]
        accessors = {model: child_accessor(model) for model in models}
        joins = [accessor for accessor in accessors.values() if accessor]
        if not joins or len(joins) > MAX_JOINED_TYPES:
            _plans[parent_model] = None
        else:
            # The foreign keys the child's page shows (``reader_related_fields``,
            # e.g. an article's category and hero image) come in the same query.
            joins += [
                f"{accessor}__{name}"
                for model, accessor in accessors.items()
                if accessor
                for name in getattr(model, "reader_related_fields", ())
            ]
            _plans[parent_model] = (
                PreparedQuery(_child_query(joins), **_ROUTE_MARKERS),
                {model: accessor for model, accessor in accessors.items() if accessor},
            )
    return _plans[parent_model]


# Values no page has, standing for the parent's children interval, their
# depth and the slug while the routing query compiles (editorial.prepared).
_ROUTE_MARKERS = {
    "low": "pressroom:route-low:marker",
    "high": "pressroom:route-high:marker",
    "depth": 7_301_913,
    "slug": "pressroom:route-slug:marker",
}


def _child_query(joins):
    def build(low, high, depth, slug):
        # Unordered: a slug is unique among a page's children.
        return (
            Page.objects.filter(path__range=(low, high), depth=depth, slug=slug)
            .select_related(*joins)
            .order_by()[:1]
        )

    return build
