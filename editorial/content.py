"""Cross-type queries over the registered content pages.

Every listing of Pressroom content (tag pages, see-also fill, recent posts,
search, the home page, feeds, the sitemap, the APIs, rich-text links) goes
through ``Visibility``, so the rule "live, public, on schedule and in this
site" is written once. Queries across types are a UNION of small
``(pk, publication_date, kind)`` rows, ordered and sliced in the database
(``union_rows`` builds every one of them); only the rows shown are then
loaded, with one query per page type present.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.urls import NoReverseMatch
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.models import pages as wagtail_pages

from editorial import cache_tags
from editorial.registry import content_types


@dataclass
class ContentItem:
    """A content page as listings show it: title (or an editor's label), type, date."""

    page: Page
    label: str = ""
    # The card's picture (a Wagtail image with its renditions prefetched),
    # set by ``attach_card_images``; None: the card shows its type's fallback.
    image: object = None

    @property
    def image_whole(self):
        """True when the card's picture is squarer than 4:3 (a square podcast
        artwork): the card then shows it whole on a tinted tile instead of
        cropping its top and bottom to 16:9."""
        image = self.image
        if image is None or not image.width or not image.height:
            return False
        return image.width / image.height < CARD_CROP_MIN_RATIO

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

    def data(self, tags=None):
        """The item as both APIs give it: ``SeeAlsoItemSchema``'s shape, or
        with ``tags`` (``[{name, slug}]``) the content API's item."""
        data = {
            "id": self.page.pk,
            "type": self.type_name,
            "title": self.title,
            "url": self.page.full_url,
            "teaser": self.teaser or "",
            "date": self.date.isoformat() if self.date else None,
        }
        if tags is not None:
            data["tags"] = tags
        return data


CARD_RENDITION = "fill-640x360"
# Pictures squarer than 4:3 (square artwork, portraits) would lose too much
# to a 16:9 crop: they are shown whole, fitted into the frame
# (``ContentItem.image_whole``); landscape photos are cropped.
CARD_RENDITION_WHOLE = "max-640x360"
CARD_CROP_MIN_RATIO = 1.3


def attach_card_images(items, rendition=CARD_RENDITION):
    """Give each ``ContentItem`` its card picture: the image its model names
    in ``card_image_field`` (an article's hero image, an episode's artwork),
    else what the model's ``card_image_ids(pages)`` gives (``{pk: image
    id}``, for all its pages in one query), read with its ``rendition`` (and
    the fitted ``CARD_RENDITION_WHOLE``, for pictures of another shape) in
    two queries for the whole list, whatever its length. Items without one
    keep ``image = None``: their card shows their type's fallback."""
    wanted = {}
    by_model = {}
    for item in items:
        by_model.setdefault(type(item.page), []).append(item)
    for model, model_items in by_model.items():
        field = getattr(model, "card_image_field", None)
        if not field:
            continue
        # A model may fill in what its pages lack (an episode: its show's
        # artwork) for all of them at once: ``card_image_ids(pages)``.
        fill = getattr(model, "card_image_ids", None)
        filled = fill([item.page for item in model_items]) if fill else {}
        for item in model_items:
            image_id = getattr(item.page, f"{field}_id", None) or filled.get(
                item.page.pk
            )
            if image_id:
                wanted.setdefault(image_id, []).append(item)
    if not wanted:
        return items
    from wagtail.images import get_image_model

    images = (
        get_image_model()
        .objects.filter(pk__in=wanted)
        .prefetch_renditions(rendition, CARD_RENDITION_WHOLE)
    )
    for image in images:
        for item in wanted[image.pk]:
            item.image = image
    # Images changed or deleted purge every cached page (page_cache_signals).
    return items


class ListedItem(dict):
    """A content page as the asides' compact lists show it (title, link,
    type, date), made from a few columns of its row: not a page instance,
    whose creation (a clusterable specific page, two models' ``__init__``)
    cost more than the rest of an item's listing. Its keys (``title_html``,
    ``url``, ``lang``, ``type_name``, ``model_label``, ``type_label``,
    ``date``, ``date_iso``, ``date_short``) hold what the list's template
    used to compute from the page (``ContentItem``), ready to print: a dict,
    which the template language reads without the failed ``item[name]``
    it tries on an object first. ``pk`` and ``expire_at`` are what
    ``cache_tags`` reads."""

    __slots__ = ()

    @property
    def pk(self):
        return self["pk"]

    @property
    def expire_at(self):
        return self["expire_at"]


def _plain_urls(models):
    """Whether Wagtail's own URL logic makes the URLs of ``models``' pages
    (no type routes its pages itself), so ``_listed_url`` gives the same."""
    return all(
        getattr(model, name) is getattr(Page, name)
        for model in models
        for name in (
            "get_url",
            "get_url_parts",
            "_get_site_root_paths",
            "_get_relevant_site_root_paths",
        )
    )


def _listed_url(url_path, request, root_paths, current_site, settled=None):
    """``Page.get_url(request)`` of a page at ``url_path`` (what ``{% pageurl
    %}`` prints), from the sites' root paths, without the page instance:
    Wagtail's steps with its internationalisation off (``load_listed``).
    ``settled``: ``_url_settings(root_paths)``, read once for a list."""
    append_slash, one_site = settled or _url_settings(root_paths)
    possible = [srp for srp in root_paths if url_path.startswith(srp.root_path)]
    if not possible:
        return None
    site_id, root_path, root_url, _language = possible[0]
    if len({values[0] for values in possible}) > 1 and current_site is not None:
        for values in possible:
            if values[0] == current_site.pk:
                site_id, root_path, root_url, _language = values
                break
    try:
        # Wagtail's own ``reverse`` (that of ``Page.get_url_parts``), which
        # ``editorial.wagtail_adaptations`` answers without the resolver's
        # search for the serve view.
        page_path = wagtail_pages.reverse(
            "wagtail_serve", args=(url_path[len(root_path) :],)
        )
    except NoReverseMatch:
        return None
    if not append_slash and page_path != "/":
        page_path = page_path.rstrip("/")
    if (current_site is not None and site_id == current_site.id) or one_site:
        return page_path
    return root_url + page_path


def _day_formatter(format_string):
    """``django.utils.dateformat.format(day, format_string)`` for the days of
    a list, with the format split into its pieces once rather than per day
    (Django's own steps: ``Formatter.format``)."""
    from django.utils import dateformat

    pieces = []
    for index, piece in enumerate(dateformat.re_formatchars.split(str(format_string))):
        if index % 2:
            if hasattr(dateformat.TimeFormat, piece):
                # Django refuses a time in a day's format: its own error.
                return lambda day: dateformat.format(day, format_string)
            pieces.append((True, piece))
        elif piece:
            pieces.append((False, dateformat.re_escaped.sub(r"\1", piece)))

    def format_day(day):
        if type(day) is not date:
            return dateformat.format(day, format_string)
        formatter = dateformat.DateFormat(day)
        return "".join(
            str(getattr(formatter, piece)()) if special else piece
            for special, piece in pieces
        )

    return format_day


def _url_settings(root_paths):
    """What ``_listed_url`` reads besides a page's path: Wagtail's
    ``WAGTAIL_APPEND_SLASH`` (a missing setting costs an exception to read)
    and whether the root paths are one site's."""
    return (
        getattr(settings, "WAGTAIL_APPEND_SLASH", True),
        len({values[0] for values in root_paths}) == 1,
    )


# The read of listed rows, compiled once per set of types and number of pages
# (``editorial.prepared``), up to MAX_PREPARED_PAGES pages.
_LISTED_ROWS = {}


def _listed_rows(pks, accessors):
    """``(pk, title, url_path, expire_at, *(child pk, publication date) per
    type)`` of the pages ``pks``, in one query joining each type's table."""

    def build(**markers):
        columns = []
        for accessor in accessors:
            columns += [f"{accessor}__pk", f"{accessor}__publication_date"]
        return (
            Page.objects.filter(pk__in=list(markers.values()))
            .order_by()
            .values_list("pk", "title", "url_path", "expire_at", *columns)
        )

    if len(pks) > MAX_PREPARED_PAGES:
        return list(build(**{str(i): pk for i, pk in enumerate(pks)}))
    key = (accessors, len(pks))
    query = _LISTED_ROWS.get(key)
    if query is None:
        from editorial.prepared import PreparedQuery

        markers = {f"pk{i}": _MARKER_ID + i for i in range(len(pks))}
        query = _LISTED_ROWS[key] = PreparedQuery(build, **markers)
    return query.rows(**{f"pk{i}": pk for i, pk in enumerate(pks)})


def child_accessor(model):
    """The name of the reverse one-to-one from Wagtail's ``Page`` to ``model``
    (``"articlepage"``) when ``model`` inherits ``Page`` directly, else None."""
    link = model._meta.parents.get(Page)
    if link is None or link.remote_field.hidden:
        return None
    return link.remote_field.get_accessor_name()


def load_pages(pks_by_model, *, defer_streamfields=True, select_related=()):
    """``{pk: page}`` of the pages ``{model: [pk, ...]}``, each an instance of
    its model, in ONE query for every model that inherits ``Page`` directly
    (a join per model from ``Page``), instead of one query per model.

    ``select_related`` names relations of the models to read in the same
    query, as ``(model, "audio")`` pairs; StreamFields are deferred unless
    ``defer_streamfields`` is false. Other models get a query of their own.
    """
    pages = {}
    joined, related, deferred, wanted = [], [], [], {}
    for model, pks in pks_by_model.items():
        if not pks:
            continue
        accessor = child_accessor(model)
        if accessor is None:
            queryset = model.objects.filter(pk__in=pks)
            if defer_streamfields:
                queryset = queryset.defer_streamfields()
            pages.update((page.pk, page) for page in queryset)
            continue
        joined.append(accessor)
        related += [
            f"{accessor}__{name}" for owner, name in select_related if owner is model
        ]
        if defer_streamfields:
            deferred += [
                f"{accessor}__{name}" for name in model.get_streamfield_names()
            ]
        for pk in pks:
            wanted[pk] = accessor
    if wanted:
        for base in _joined_pages(list(wanted), joined + related, deferred):
            try:
                pages[base.pk] = getattr(base, wanted[base.pk])
            except ObjectDoesNotExist:  # not a page of that model (any more)
                continue
    return pages


# Beyond this many pages, the joined read is compiled on each call (the
# compiled queries are kept per number of pages: a listing's few sizes).
MAX_PREPARED_PAGES = 32
_JOINED_PAGES = {}
# Page ids no page has, standing for the wanted ids while the query compiles.
_MARKER_ID = 2_000_000_000


def _joined_pages(pks, joins, deferred):
    """The pages ``pks`` of Wagtail's page model with ``joins`` read along
    and ``deferred`` fields left out (``load_pages``): the query is compiled
    once per shape and number of pages (``editorial.prepared``)."""

    def build(**markers):
        queryset = Page.objects.filter(pk__in=list(markers.values())).select_related(
            *joins
        )
        return queryset.defer(*deferred) if deferred else queryset

    if len(pks) > MAX_PREPARED_PAGES:
        return build(**{str(i): pk for i, pk in enumerate(pks)})
    key = (tuple(joins), tuple(deferred), len(pks))
    query = _JOINED_PAGES.get(key)
    if query is None:
        from editorial.prepared import PreparedQuery

        markers = {f"pk{i}": _MARKER_ID + i for i in range(len(pks))}
        query = _JOINED_PAGES[key] = PreparedQuery(build, **markers)
    return query.run(**{f"pk{i}": pk for i, pk in enumerate(pks)})


def load_specific_page(pk, *, embed=False):
    """The page ``pk`` as its specific type, in one query when its type is a
    registered content type (``page.specific`` costs two); with ``embed``, the
    relations its type's ``api_embed_prefetch`` names are read along (in the
    same query for foreign keys). None when there is no such page."""
    return load_first_specific_page(Page.objects.filter(pk=pk), embed=embed)


def load_first_specific_page(queryset, *, embed=False, models=None):
    """The first page of ``queryset`` (of ``Page``), loaded like
    ``load_specific_page``: a page found through a relation (an article's
    playable version) costs the same single query as one found by id.
    ``models``: the types the page is expected to have (joined in the query;
    default: every registered content type); a page of another type is still
    loaded, with a query more."""
    plan = _specific_plan(models, embed)
    base = queryset.select_related(*plan[0]).first()
    return _specific_of(base, plan, embed)


class FirstSpecificPageQuery:
    """``load_first_specific_page`` for a queryset of a fixed shape, compiled
    once per set of expected types (``editorial.prepared``):
    ``build(**markers)`` returns the ordered queryset of ``Page``;
    ``first(**values)`` the page (or None). ``models`` may be a callable, read
    on each run (apps register their types in ``ready()``, tests may change
    them)."""

    def __init__(self, build, *, embed=False, models=None, **markers):
        self.build, self.embed, self.models, self.markers = (
            build,
            embed,
            models,
            markers,
        )
        self._queries = {}

    def first(self, **values):
        from editorial.prepared import PreparedQuery

        models = self.models() if callable(self.models) else self.models
        key = None if models is None else tuple(models)
        if key not in self._queries:
            plan = _specific_plan(models, self.embed)

            def build(**values):
                return self.build(**values).select_related(*plan[0])[:1]

            self._queries[key] = (PreparedQuery(build, **self.markers), plan)
        query, plan = self._queries[key]
        found = query.run(**values)
        return _specific_of(found[0] if found else None, plan, self.embed)


def _specific_plan(models, embed):
    """``(joins, {model: (accessor, relations joined)})`` of a specific-page
    read (``load_first_specific_page``)."""
    models = content_types.models() if models is None else models
    joins, accessors = [], {}
    for model in models:
        accessor = child_accessor(model)
        if accessor is None:
            continue
        joins.append(accessor)
        names = getattr(model, "api_embed_prefetch", ()) if embed else ()
        hints = [name for name in names if _is_forward_single(model, name)]
        joins += [f"{accessor}__{name}" for name in hints]
        accessors[model] = (accessor, hints)
    return joins, accessors


def _specific_of(base, plan, embed):
    if base is None:
        return None
    for model, (accessor, hints) in plan[1].items():
        if base.content_type_id != _content_type_id(model):
            continue
        page = getattr(base, accessor)
        rest = [n for n in getattr(model, "api_embed_prefetch", ()) if embed]
        rest = [n for n in rest if n not in hints]
        if rest:
            prefetch_related_objects([page], *rest)
        return page
    page = base.specific
    if embed:
        prefetch_related_objects([page], *getattr(page, "api_embed_prefetch", ()))
    return page


def _is_forward_single(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.is_relation and not field.auto_created and not field.many_to_many


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk  # cached per process


def on_schedule_q(now=None):
    """Pages whose go-live time (if any) has come and whose expiry time (if
    any) has not. Wagtail flips ``live`` only when its ``publish_scheduled``
    command runs; until then a page past ``expire_at`` (or live with a
    ``go_live_at`` still ahead) stays ``live`` and must be hidden all the same.
    """
    now = timezone.now() if now is None else now
    return (Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )


def is_on_schedule(page, now=None):
    """``on_schedule_q`` checked on a loaded page."""
    now = timezone.now() if now is None else now
    return _on_schedule(
        getattr(page, "go_live_at", None), getattr(page, "expire_at", None), now
    )


def _on_schedule(go_live_at, expire_at, now):
    return (go_live_at is None or go_live_at <= now) and (
        expire_at is None or expire_at > now
    )


def restricted_paths():
    """The paths of the view-restricted sections, read once per content
    generation (a restriction added or removed, a page moved or deleted
    renews them: ``editorial.listing_cache``), not once per request."""
    from editorial import listing_cache

    return listing_cache.cached(
        ("restricted-paths",),
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


NEWEST = ("-publication_date", "-pk")
OLDEST = ("publication_date", "pk")


def union_rows(parts, *, columns=None, first=None, order=NEWEST):
    """The one UNION of cross-type content rows: ``(pk, publication_date,
    kind, *columns)``, a part per page type, unordered (the caller orders and
    slices it), or None when no type takes part.

    ``parts``: ``(kind, queryset)`` pairs, the rows of one page model each;
    ``kind`` is the number ``Visibility.load`` turns back into the model.
    ``columns``: more columns, ``{name: expression}``, the same for every part.
    ``first``: only the first ``first`` rows of each part in ``order``, read
    from the index of that order (a type's publication-date index): enough
    for any slice of the union ending there, at a cost that does not grow
    with the number of pages.
    """
    columns = columns or {}
    selected = []
    # Where the database takes a LIMIT in a UNION's parts (PostgreSQL), each
    # part is ordered and limited itself: with ``pk IN (limited subquery)``
    # PostgreSQL's planner hashed a scan of a whole type's table to match the
    # subquery's 100 rows (14 ms at 20,000 glossary entries, growing).
    in_parts = (
        first is not None
        and len(parts) > 1
        and connections[parts[0][1].db].features.supports_slicing_ordering_in_compound
    )
    for kind, queryset in parts:
        if first is not None and not in_parts:
            # A limited subquery: SQLite refuses LIMIT in a UNION's parts.
            window = queryset.order_by(*order).values("pk")[:first]
            queryset = queryset.model.objects.filter(pk__in=window)
        rows = (
            queryset.annotate(kind=Value(kind, output_field=IntegerField()), **columns)
            .order_by()
            .values_list("pk", "publication_date", "kind", *columns)
        )
        if in_parts:
            rows = rows.order_by(*order)[:first]
        selected.append(rows)
    if not selected:
        return None
    if len(selected) == 1:
        return selected[0]
    return selected[0].union(*selected[1:], all=True)


class Visibility:
    """What readers of one site may see: live pages of the site, on schedule
    (``on_schedule_q``), outside any view-restricted section. The restrictions
    and the time are read once per instance; ``for_request`` keeps one
    instance per request. ``across_sites`` drops the "this site" part, for
    links a page may make to a public page of another site.
    """

    # The site of a Visibility for pages of every site.
    ANY_SITE = object()

    def __init__(self, site):
        self.site = site
        self.now = timezone.now()
        self._q = None

    @classmethod
    def for_request(cls, request):
        from wagtail.models import Site

        visibility = getattr(request, "_pressroom_visibility", None)
        if visibility is None:
            visibility = cls(Site.find_for_request(request))
            request._pressroom_visibility = visibility
        return visibility

    @classmethod
    def across_sites(cls):
        """Live, public pages on schedule of any site: what a rich-text link
        may point at (a link may lead to another site)."""
        return cls(cls.ANY_SITE)

    def q(self):
        if self._q is None:
            if self.site is None:
                self._q = Q(pk__in=[])
            elif self.site is self.ANY_SITE:
                # No ancestor of the page (nor the page) is restricted: the
                # restricted paths are read once per content generation
                # (``restricted_paths``), so rich-text links, resolved once per
                # stream, cost no query for them, and the query has no
                # correlated subquery to build and run.
                self._load_paths()
                self._q = Q(live=True) & on_schedule_q(self.now)
                for path in self._restricted_paths:
                    self._q &= ~Q(path__startswith=path)
            else:
                self._q = self._site_q() & on_schedule_q(self.now)
        return self._q

    def _site_q(self):
        """Live pages of the site outside restricted sections: the rule but
        for the schedule."""
        root_path = self._load_paths()
        q = Q(live=True, path__startswith=root_path)
        for path in self._restricted_paths:
            q &= ~Q(path__startswith=path)
        return q

    def search_q(self):
        """``q()`` in the fields Wagtail search can filter pages on: its
        ``Page.search_fields`` has no ``go_live_at`` or ``expire_at``, so the
        live pages off schedule (the few waiting for ``publish_scheduled``)
        are left out by id."""
        if self.site is None:
            return Q(pk__in=[])
        # Unordered: read from the schedule columns' partial indexes
        # (editorial migration 0004), not from a scan in path order.
        off_schedule = Page.objects.filter(
            Q(go_live_at__gt=self.now) | Q(expire_at__lte=self.now), live=True
        ).order_by()
        return self._site_q() & ~Q(
            pk__in=list(off_schedule.values_list("pk", flat=True))
        )

    def _load_paths(self):
        if not hasattr(self, "_restricted_paths"):
            if self.site is self.ANY_SITE:
                self._root_path = ""
            elif type(self.site).root_page.is_cached(self.site):
                # Site.find_for_request selects the root page with the site.
                self._root_path = self.site.root_page.path
            else:
                self._root_path = (
                    Page.objects.filter(pk=self.site.root_page_id)
                    .values_list("path", flat=True)
                    .get()
                )
            self._restricted_paths = restricted_paths()
        return self._root_path

    def allows(self, page):
        """Whether readers may see ``page``, an already loaded page: the rule of
        ``q()`` checked in memory (pages chosen in blocks, linked episodes)."""
        if page is not None:
            # Shown or hidden today, what asks depends on the page.
            cache_tags.add_pages([page])
        if page is None:
            return False
        return self.allows_row(
            page.live,
            page.path,
            getattr(page, "go_live_at", None),
            getattr(page, "expire_at", None),
        )

    def allows_row(self, live, path, go_live_at, expire_at):
        """``allows`` of a page read as these columns of its row (a listing
        that reads rows, not page instances), recording nothing."""
        if not live or self.site is None:
            return False
        if not _on_schedule(go_live_at, expire_at, self.now):
            return False
        root_path = self._load_paths()
        return path.startswith(root_path) and not any(
            path.startswith(restricted) for restricted in self._restricted_paths
        )

    def pages(self, model):
        return model.objects.filter(self.q())

    def indexed_pages(self, model, page_q=None):
        """``pages(model)`` with the rule checked per row in a correlated
        subquery rather than a join: ordered by a field of the type's own
        table (``-publication_date``) and sliced, the database walks that
        field's index and stops after the slice, where a join leads SQLite to
        scan and sort every page. ``page_q``: more conditions on the page
        row, checked in the same subquery (``child_of`` as a Q)."""
        rule = Page.objects.filter(self.q(), pk=OuterRef("pk"))
        if page_q is not None:  # more conditions on the page row (its section)
            rule = rule.filter(page_q)
        return model.objects.filter(Exists(rule))

    def row_checked_pages(self, model, page_q=None):
        """``indexed_pages`` for a page of one long list ordered by an index
        of the type's own table that the list also filters on (the glossary's
        ``(letter, term_key)``): the same rule, read as a value of each row's
        page (a scalar subquery) rather than as ``EXISTS``. PostgreSQL turns
        an ``EXISTS`` into a join, and prices that join with the share of the
        whole page table the rule's path range holds (a fifth, where every
        glossary row passes): it then hashes the 20,000 glossary pages of
        the range rather than probing the 100 it needs. A scalar subquery
        never becomes a join: the rows are read in the index's order, each
        checked by its page's key, and the read stops after the page.
        Counts and other reads of every row keep ``indexed_pages``, for
        which the hash is the better plan."""
        if self.site is None:
            return model.objects.none()
        rule = self.q() if page_q is None else self.q() & page_q
        visible = (
            Page.objects.filter(pk=OuterRef("pk"))
            .order_by()
            .annotate(visible=ExpressionWrapper(rule, output_field=BooleanField()))
            .values("visible")[:1]
        )
        return model.objects.filter(Subquery(visible, output_field=BooleanField()))

    # -- cross-type keys -------------------------------------------------

    def keys(self, *, types=None, filter_q=None, exclude_pks=(), shared_tags=None):
        """A UNION queryset of ``(pk, publication_date, kind[, shared])`` rows.

        ``kind`` is the index of the model in ``models``; ``shared_tags``
        (tag ids) keeps pages carrying any of them and counts how many.
        """
        parts = []
        for kind, model in enumerate(self._models(types)):
            qs = self.pages(model)
            if filter_q is not None:
                qs = qs.filter(filter_q)
            if exclude_pks:
                qs = qs.exclude(pk__in=list(exclude_pks))
            if shared_tags is not None:
                qs = qs.filter(tags__in=list(shared_tags))
            parts.append((kind, qs))
        columns = {"shared": Count("tags")} if shared_tags is not None else None
        rows = union_rows(parts, columns=columns)
        if rows is None:
            return Page.objects.none().values_list("pk")
        return rows

    def _models(self, types=None):
        models = content_types.models()
        if types:
            models = [m for m in models if m._meta.label in types]
        return models

    def load(self, rows, *, types=None, labels=None):
        """Turn ``(pk, date, kind, ...)`` rows into ``ContentItem``s, keeping order
        (one query for all the types present: ``load_pages``)."""
        return self.load_groups([(rows, labels)], types=types)[0]

    def load_groups(self, groups, *, types=None):
        """``load`` of several ``(rows, labels)`` groups (panels of one page)
        in the one query of all their pages: a list of items per group."""
        models = self._models(types)
        by_kind = {}
        for rows, _labels in groups:
            for row in rows:
                by_kind.setdefault(row[2], set()).add(row[0])
        pages = load_pages({models[kind]: pks for kind, pks in by_kind.items()})
        # Whatever shows these pages is purged when one of them changes.
        cache_tags.add_pages(pages.values())
        return [
            [
                ContentItem(pages[row[0]], (labels or {}).get(row[0], ""))
                for row in rows
                if row[0] in pages
            ]
            for rows, labels in groups
        ]

    def load_listed(self, groups, request=None):
        """``load_groups`` as ``ListedItem``s (the asides' compact lists), in
        one query reading a few columns of each page; None when such items
        cannot stand for the pages: Wagtail's internationalisation on (a
        page's language and URL then depend on its locale), a type not
        directly below ``Page`` or routing its pages itself."""
        from django.template.defaultfilters import capfirst
        from django.utils.formats import get_format

        from wagtail.models import Site

        from editorial.typography import content_language, typeset

        models = self._models()
        accessors = tuple(child_accessor(model) for model in models)
        if (
            getattr(settings, "WAGTAIL_I18N_ENABLED", False)
            or None in accessors
            or not _plain_urls(models)
        ):
            return None
        pks = list({row[0]: None for rows, _labels in groups for row in rows})
        found = {}
        for pk, title, url_path, expire_at, *children in (
            _listed_rows(pks, accessors) if pks else ()
        ):
            found[pk] = (title, url_path, expire_at, children)
        if request is not None:
            root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
            if root_paths is None:
                root_paths = Site.get_site_root_paths()
                request._wagtail_cached_site_root_paths = root_paths
            current_site = Site.find_for_request(request)
        else:
            root_paths, current_site = Site.get_site_root_paths(), None
        lang = content_language()
        settled = _url_settings(root_paths)
        # What ``date:"SHORT_DATE_FORMAT"`` formats with, read once.
        short = _day_formatter(get_format("SHORT_DATE_FORMAT"))
        items = {}
        # What an item shows of its type, worked out once per type.
        of_kind = {}
        for rows, _labels in groups:
            for row in rows:
                pk, kind = row[0], row[2]
                if pk in items or pk not in found:
                    continue
                title, url_path, expire_at, children = found[pk]
                if children[2 * kind] is None:  # not a page of that type (any more)
                    continue
                type_values = of_kind.get(kind)
                if type_values is None:
                    meta = models[kind]._meta
                    type_values = of_kind[kind] = (
                        meta.label,
                        meta.label_lower.replace(".", "-"),
                        # The active language's, as the template printed it.
                        capfirst(str(meta.verbose_name)),
                    )
                day = children[2 * kind + 1]
                items[pk] = ListedItem(
                    pk=pk,
                    expire_at=expire_at,
                    url=_listed_url(
                        url_path, request, root_paths, current_site, settled
                    ),
                    lang=lang,
                    type_name=type_values[0],
                    model_label=type_values[1],
                    type_label=type_values[2],
                    date=day,
                    # ``date:"Y-m-d"`` of a date is its ISO form.
                    date_iso=day.isoformat() if day else "",
                    date_short=short(day) if day else "",
                    # The label or the title, set per group.
                    title_html="",
                )
        # Whatever shows these pages is purged when one of them changes.
        cache_tags.add_pages(items.values())
        result = []
        for rows, labels in groups:
            listed = []
            for row in rows:
                item = items.get(row[0])
                if item is None:
                    continue
                # Its own copy: a page may show in several groups, each time
                # under its title or an editor's label.
                item = ListedItem(item)
                label = (labels or {}).get(row[0], "")
                item["title_html"] = typeset(label or found[row[0]][0])
                listed.append(item)
            result.append(listed)
        return result

    # -- listings ----------------------------------------------------------

    def newest_keys(self, limit, *, exclude_pks=(), types=None):
        """The ``limit`` newest ``(pk, publication_date, kind)`` rows over
        every type. Each type's part is ordered and limited in the database
        before the union (read from its publication-date index), so the cost
        does not grow with the number of pages."""
        if limit <= 0:
            return []
        parts = []
        for kind, model in enumerate(self._models(types)):
            qs = self.indexed_pages(model)
            if exclude_pks:
                qs = qs.exclude(pk__in=list(exclude_pks))
            parts.append((kind, qs))
        rows = union_rows(parts, first=limit)
        if rows is None:
            return []
        return list(rows.order_by(*NEWEST)[:limit])

    def recent(self, limit, *, exclude_pks=(), types=None):
        # Any page published may enter the latest content.
        cache_tags.add(cache_tags.RECENT)
        rows = self.newest_keys(limit, exclude_pks=exclude_pks, types=types)
        return self.load(rows, types=types)

    def tagged(self, tag, *, types=None):
        """Keys of the content carrying ``tag``, newest first (sliceable, countable)."""
        cache_tags.add(cache_tags.tag_tag(tag.slug))
        return self.keys(types=types, filter_q=Q(tags=tag)).order_by(*NEWEST)

    def tag_counts(self):
        """``{tag_id: number of visible pages carrying it}`` over every type."""
        cache_tags.add(cache_tags.TAG_INDEX)
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
