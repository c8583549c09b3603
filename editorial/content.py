"""Cross-type queries over the registered content pages.

Every listing of Pressroom content (tag pages, see-also fill, recent posts,
search, the home page) goes through ``Visibility``, so the rule "live, public
and in this site" is written once. Queries across types are a UNION of small
``(pk, publication_date, kind)`` rows, ordered and sliced in the database;
only the rows shown are then loaded, with one query per page type present.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, Q, Value

from wagtail.models import Page, PageViewRestriction

from editorial.registry import content_types


@dataclass
class ContentItem:
    """A content page as listings show it: title (or an editor's label), type, date."""

    page: Page
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def title(self):
        return self.label or self.page.title

    @property
    def type_label(self):
        return self.page._meta.verbose_name

    @property
    def type_name(self):
        return self.page._meta.label

    @property
    def date(self) -> date:
        return self.page.publication_date

    @property
    def teaser(self):
        return self.page.teaser


class Visibility:
    """What readers of one site may see: live pages of the site, outside any
    view-restricted section. The restrictions are read once per instance;
    ``for_request`` keeps one instance per request.
    """

    def __init__(self, site):
        self.site = site
        self._q = None

    @classmethod
    def for_request(cls, request):
        from wagtail.models import Site

        visibility = getattr(request, "_pressroom_visibility", None)
        if visibility is None:
            visibility = cls(Site.find_for_request(request))
            request._pressroom_visibility = visibility
        return visibility

    def q(self):
        if self._q is None:
            if self.site is None:
                self._q = Q(pk__in=[])
                return self._q
            root_path = Page.objects.filter(pk=self.site.root_page_id).values_list(
                "path", flat=True
            )
            self._root_path = root_path.get()
            q = Q(live=True, path__startswith=self._root_path)
            self._restricted_paths = list(
                PageViewRestriction.objects.values_list("page__path", flat=True)
            )
            for path in self._restricted_paths:
                q &= ~Q(path__startswith=path)
            self._q = q
        return self._q

    def allows(self, page):
        """Whether readers may see ``page``, an already loaded page: the rule of
        ``q()`` checked in memory (pages chosen in blocks, linked episodes)."""
        if page is None or not page.live or self.site is None:
            return False
        self.q()
        return page.path.startswith(self._root_path) and not any(
            page.path.startswith(path) for path in self._restricted_paths
        )

    def pages(self, model):
        return model.objects.filter(self.q())

    # -- cross-type keys -------------------------------------------------

    def keys(self, *, types=None, filter_q=None, exclude_pks=(), shared_tags=None):
        """A UNION queryset of ``(pk, publication_date, kind[, shared])`` rows.

        ``kind`` is the index of the model in ``models``; ``shared_tags``
        (tag ids) keeps pages carrying any of them and counts how many.
        """
        models = self._models(types)
        parts = []
        for kind, model in enumerate(models):
            qs = self.pages(model)
            if filter_q is not None:
                qs = qs.filter(filter_q)
            if exclude_pks:
                qs = qs.exclude(pk__in=list(exclude_pks))
            qs = qs.annotate(kind=Value(kind, output_field=IntegerField()))
            columns = ["pk", "publication_date", "kind"]
            if shared_tags is not None:
                qs = qs.filter(tags__in=list(shared_tags)).annotate(
                    shared=Count("tags")
                )
                columns.append("shared")
            parts.append(qs.order_by().values_list(*columns))
        if not parts:
            return Page.objects.none().values_list("pk")
        if len(parts) == 1:
            return parts[0]
        return parts[0].union(*parts[1:], all=True)

    def _models(self, types=None):
        models = content_types.models()
        if types:
            models = [m for m in models if m._meta.label in types]
        return models

    def load(self, rows, *, types=None, labels=None):
        """Turn ``(pk, date, kind, ...)`` rows into ``ContentItem``s, keeping order."""
        models = self._models(types)
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row[2], []).append(row[0])
        pages = {}
        for kind, pks in by_kind.items():
            model = models[kind]
            for page in model.objects.filter(pk__in=pks).defer_streamfields():
                pages[page.pk] = page
        labels = labels or {}
        return [
            ContentItem(pages[row[0]], labels.get(row[0], ""))
            for row in rows
            if row[0] in pages
        ]

    # -- listings ----------------------------------------------------------

    def recent(self, limit, *, exclude_pks=(), types=None):
        rows = list(
            self.keys(types=types, exclude_pks=exclude_pks).order_by(
                "-publication_date", "-pk"
            )[:limit]
        )
        return self.load(rows, types=types)

    def tagged(self, tag, *, types=None):
        """Keys of the content carrying ``tag``, newest first (sliceable, countable)."""
        return self.keys(types=types, filter_q=Q(tags=tag)).order_by(
            "-publication_date", "-pk"
        )

    def tag_counts(self):
        """``{tag_id: number of visible pages carrying it}`` over every type."""
        counts = {}
        for model in self._models():
            through = model.tags.through
            rows = (
                through.objects.filter(
                    content_object__in=self.pages(model).values("pk")
                )
                .values("tag_id")
                .annotate(n=Count("id"))
                .order_by()
            )
            for row in rows:
                counts[row["tag_id"]] = counts.get(row["tag_id"], 0) + row["n"]
        return counts
