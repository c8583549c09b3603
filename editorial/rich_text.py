"""Rich-text entities resolved once per StreamField rather than once per block.

Wagtail resolves the links of each rich-text value with its own queries, so a
body with twenty linking paragraphs costs forty queries. ``BodyBlock`` renders
inside ``rich_text_scope``, which reads every ``<a linktype="…">`` of the
stream once and lets each registered handler that mixes in
``PrefetchingHandlerMixin`` load all its objects in one go; the handlers then
read from that batch.

The scope also carries the render context (request, page), so a handler can
emit something once per page (``render_appendix``), and apps can register
paragraph filters (``register_paragraph_filter``) that rewrite a paragraph's
database HTML before it is expanded. Content apps plug in from their own
``ready()``; this module knows none of them.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.utils.html import format_html
from django.utils.html import strip_tags as django_strip_tags
from django.utils.safestring import SafeString, mark_safe

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html, features
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from editorial import cache_tags
from editorial.content import Visibility
from editorial.template_origins import templates_are_packages_own

_scope = ContextVar("pressroom_rich_text_scope", default=None)

_paragraph_filters = []

# Set while a request to the headless API is answered (APIRenderingMiddleware):
# links then carry absolute URLs and what a front end needs to route them, and
# a listing can preload the linked objects of all its pages' rich text
# (``preload_links``) into this request-wide store.
_api_rendering = ContextVar("pressroom_api_rendering", default=None)


class PreloadedLinks:
    """Objects linked from rich text, loaded for a whole API answer:
    ``{linktype: {str(id): object}}`` and the ids asked for (found or not)."""

    def __init__(self):
        self.ids = {}
        self.objects = {}

    def covers(self, linktype, ids):
        return set(ids) <= self.ids.get(linktype, set())

    def get(self, linktype, pk):
        return self.objects.get(linktype, {}).get(pk)


# Set while a listing renders many streams on the site (a feed): the links of
# all of them are loaded once (``preload_stream_links``), as for the API.
_shared_links = ContextVar("pressroom_shared_links", default=None)


def _preloaded():
    store = _api_rendering.get()
    return store if store is not None else _shared_links.get()


@contextmanager
def shared_links():
    """Around the rendering of many streams: what ``preload_stream_links``
    loads serves all of them."""
    token = _shared_links.set(PreloadedLinks())
    try:
        yield
    finally:
        _shared_links.reset(token)


def preload_stream_links(streams):
    """Inside ``shared_links()`` (or the API): load the objects every stream of
    ``[(stream_value, render_context), ...]`` links to, after the paragraph
    filters (so automatic glossary links count), one query per link type for
    all the streams."""
    if _preloaded() is None:
        return
    sources = []
    for value, context in streams:
        scope = RichTextScope(context)
        scope.value = value
        for rich_text in rich_texts_in(value):
            sources.append(rich_text.source)
        if isinstance(value, StreamValue):
            for child in value:
                if isinstance(child.value, RichText):
                    sources.append(scoped_source(child.value.source, scope))
    preload_links(sources)


def rendering_for_api():
    return _api_rendering.get() is not None


@contextmanager
def api_rendering():
    token = _api_rendering.set(PreloadedLinks())
    try:
        yield
    finally:
        _api_rendering.reset(token)


def preload_links(sources):
    """While answering the API: load the objects the links of ``sources``
    (database HTML) point at, one query per link type for all of them, so that
    rendering each page's rich text afterwards costs none."""
    store = _preloaded()
    if store is None:
        return
    for linktype, ids in linked_ids(sources).items():
        handler = _prefetching_handlers().get(linktype)
        missing = ids - store.ids.get(linktype, set())
        if handler is None or not missing:
            continue
        store.objects.setdefault(linktype, {}).update(
            handler.prefetch(missing, RichTextScope())
        )
        store.ids.setdefault(linktype, set()).update(missing)


def raw_strings(raw):
    """Every string in a stream's stored JSON (rich text included), without
    loading its blocks."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for item in raw.values():
            yield from raw_strings(item)
    elif isinstance(raw, list | tuple):
        for item in raw:
            yield from raw_strings(item)


def register_paragraph_filter(func):
    """``func(source, scope) -> source`` rewrites paragraph database HTML at render."""
    if func not in _paragraph_filters:
        _paragraph_filters.append(func)
    return func


def paragraph_filters():
    return list(_paragraph_filters)


class RichTextScope:
    """What is known while one StreamField renders: its context and its batches."""

    def __init__(self, context=None):
        self.context = context or {}
        self.batches = {}  # linktype -> {"ids": set(str), "objects": {str: obj}}
        self.state = {}  # free room for handlers, keyed by their identifier
        self.filtered = {}  # id(RichText) -> RichText after paragraph filters
        self.value = None  # the stream being rendered

    def filtered_value(self, rich_text):
        return self.filtered.get(id(rich_text), rich_text)

    @property
    def request(self):
        return self.context.get("request")

    @property
    def page(self):
        return self.context.get("page")

    def page_state(self, key, default_factory):
        """State shared by every scope of one request (e.g. "already emitted")."""
        holder = self.request if self.request is not None else self
        store = holder.__dict__.setdefault("_pressroom_rich_text_state", {})
        if key not in store:
            store[key] = default_factory()
        return store[key]


def current_scope():
    return _scope.get()


def rich_texts_in(value):
    """Every RichText value inside a stream, struct or list value, in order
    (a list: it is walked on each render of a stream, where a generator per
    level cost more than the walk)."""
    found = []
    _collect_rich_texts(value, found)
    return found


# Values that hold no rich text, skipped without the checks below (most of
# the values in a stream: its texts, numbers, dates and chosen objects' ids).
_LEAF_TYPES = frozenset(
    {str, SafeString, int, float, bool, type(None), date, datetime, time}
)


def _collect_rich_texts(value, found):
    kind = type(value)
    if kind in _LEAF_TYPES:
        return
    if kind is list or kind is tuple:
        for item in value:
            _collect_rich_texts(item, found)
    elif isinstance(value, RichText):
        found.append(value)
    elif isinstance(value, StreamValue):
        for child in value:
            _collect_rich_texts(child.value, found)
    elif isinstance(value, StructValue):
        for item in value.values():
            _collect_rich_texts(item, found)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            _collect_rich_texts(item, found)


def linked_ids(sources):
    """``{linktype: {id, ...}}`` for every ``<a linktype id>`` in the sources."""
    ids = {}
    for source in sources:
        for match in FIND_A_TAG.finditer(source):
            attrs = extract_attrs(match.group(1))
            linktype, pk = attrs.get("linktype"), attrs.get("id")
            if linktype and pk:
                ids.setdefault(linktype, set()).add(str(pk))
    return ids


class PrefetchingHandlerMixin:
    """For link handlers whose objects a scope loads in one batch.

    Subclasses implement ``prefetch(ids, scope) -> {str(id): object}``; ids
    missing from the result are treated as gone (deleted, not visible).
    """

    @classmethod
    def prefetch(cls, ids, scope):
        raise NotImplementedError

    @classmethod
    def render_appendix(cls, scope):
        """HTML emitted after the stream (once per scope); empty by default."""
        return ""

    @classmethod
    def get_many(cls, attrs_list):
        scope = _scope.get()
        batch = scope.batches.get(cls.identifier) if scope else None
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        if batch is not None and all(pk in batch["ids"] for pk in ids):
            return [batch["objects"].get(pk) for pk in ids]
        preloaded = _preloaded()
        if preloaded is not None and preloaded.covers(cls.identifier, ids):
            return [preloaded.get(cls.identifier, pk) for pk in ids]
        return cls.fetch_many(attrs_list)

    @classmethod
    def fetch_many(cls, attrs_list):
        """Objects for attrs outside a scope (or not seen when the scope began)."""
        ids = {str(attrs.get("id")) for attrs in attrs_list}
        objects = cls.prefetch(ids, _scope.get() or RichTextScope())
        return [objects.get(str(attrs.get("id"))) for attrs in attrs_list]


def _prefetching_handlers():
    return {
        linktype: handler
        for linktype, handler in features.get_link_types().items()
        if isinstance(handler, type) and issubclass(handler, PrefetchingHandlerMixin)
    }


def scoped_source(source, scope):
    """A paragraph's database HTML after the registered paragraph filters."""
    for func in _paragraph_filters:
        source = func(source, scope)
    return source


@contextmanager
def rich_text_scope(value, context=None):
    """Prefetch every entity of ``value`` for its registered handlers."""
    scope = RichTextScope(context)
    scope.value = value
    # Paragraph filters apply to the stream's own rich-text children (the
    # paragraphs), in order, so "first occurrence" means first in the page.
    if isinstance(value, StreamValue):
        for child in value:
            if isinstance(child.value, RichText):
                scope.filtered[id(child.value)] = RichText(
                    scoped_source(child.value.source, scope)
                )
    sources = [scope.filtered_value(rt).source for rt in rich_texts_in(value)]
    ids_by_type = linked_ids(sources)
    preloaded = _preloaded()
    for linktype, handler in _prefetching_handlers().items():
        ids = ids_by_type.get(linktype, set())
        if preloaded is not None and ids and preloaded.covers(linktype, ids):
            # An API listing loaded them already, for all its pages.
            objects = {pk: preloaded.get(linktype, pk) for pk in ids}
            objects = {pk: obj for pk, obj in objects.items() if obj is not None}
        else:
            objects = handler.prefetch(ids, scope) if ids else {}
        scope.batches[linktype] = {"ids": ids, "objects": objects}
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def render_appendices(scope):
    return mark_safe(  # handlers return escaped HTML
        "".join(str(h.render_appendix(scope)) for h in _prefetching_handlers().values())
    )


class PrefetchingPageLinkHandler(PrefetchingHandlerMixin, PageLinkHandler):
    """Wagtail's page link handler, reading pages prefetched for the stream.
    A link to a page readers may not see (draft, unpublished, private, off
    schedule) keeps its text but loses its ``href``, as a deleted page's does
    in Wagtail, so its address is not handed out."""

    @classmethod
    def prefetch(cls, ids, scope):
        int_ids = [int(pk) for pk in ids if pk.isdigit()]
        # A link depends on its page, shown or hidden today.
        cache_tags.add_pages(int_ids)
        if not int_ids:
            return {}
        pages = {
            str(page.pk): page
            for page in Page.objects.filter(Visibility.across_sites().q())
            .filter(pk__in=int_ids)
            .defer_streamfields()
            .specific()
        }
        cache_tags.add_pages(pages.values())
        return pages

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        if not rendering_for_api():
            return super().expand_db_attributes_many(attrs_list)
        # For a headless front end: the absolute URL, and the page's id and
        # type so it can route the link itself.
        return [
            format_html(
                '<a href="{}" data-page-id="{}" data-page-type="{}">',
                page.localized.full_url or "",
                page.pk,
                page.specific_class._meta.label if page.specific_class else "",
            )
            if page
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]


class PublicDocumentLinkHandler(PrefetchingHandlerMixin, DocumentLinkHandler):
    """Wagtail's document link handler, reading the documents of the stream in
    one batch and leaving out those of private collections: their link keeps
    its text but loses its ``href`` (as a deleted document's does), on the
    page and in the API alike, so neither hands out a private file's URL."""

    @classmethod
    def prefetch(cls, ids, scope):
        from editorial.media import public_media

        int_ids = [int(pk) for pk in ids if pk.isdigit()]
        if not int_ids:
            return {}
        documents = public_media(cls.get_model().objects.filter(pk__in=int_ids))
        return {str(document.pk): document for document in documents}


# Wagtail renders each rich-text value through this template, which prints
# the expanded HTML as it is ({{ html|safe }}).
RICH_TEXT_TEMPLATE = "wagtailcore/shared/richtext.html"


def rich_text_template_is_wagtails():
    """True while ``wagtailcore/shared/richtext.html`` resolves to Wagtail's
    own template (a site may override it to wrap every rich text)."""
    return templates_are_packages_own("wagtail", [RICH_TEXT_TEMPLATE])


def rich_text_html(value, template_is_wagtails=None):
    """``value.__html__()`` (a ``RichText``'s front-end HTML, safe): while the
    rich-text template is Wagtail's own, the expanded HTML without rendering
    that template, which would print it unchanged. ``template_is_wagtails``:
    ``rich_text_template_is_wagtails()`` when the caller asked already."""
    if type(value) is RichText:
        if template_is_wagtails is None:
            template_is_wagtails = rich_text_template_is_wagtails()
        if template_is_wagtails:
            return mark_safe(expand_db_html(value.source))  # {{ html|safe }}
    return value.__html__()


# Markup ``strip_tags`` reads the same whatever the version of Python's HTML
# parser: text without "<", start tags whose attribute values are quoted
# (without < > inside) or bare, end tags without quotes. Comments,
# declarations, a "<" of text and the elements whose content is not markup
# (script, style, textarea, title...) are left to ``strip_tags``.
_SIMPLE_MARKUP = re.compile(
    r"""(?:[^<]++"""
    r"""|<[a-zA-Z](?:[^<>"'=]++|=\s*+(?:"[^"<>]*+"|'[^'<>]*+')?)*+>"""
    r"""|</[a-zA-Z][^<>"']*+>)*+"""
)
_RAW_TEXT_ELEMENT = re.compile(
    r"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript"
    r"|plaintext)",
    re.IGNORECASE,
)
# An "&" that does not start a whole entity or character reference, which
# the HTML parser would give back changed ("&amp" -> "&amp;").
_UNFINISHED_ENTITY = re.compile(
    r"&(?!(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)"
)
_ANY_TAG = re.compile(r"<[^>]*>")


def strip_tags(html):
    """``django.utils.html.strip_tags(html)``: the text of ``html`` without
    its tags, entities left as they are. Markup as rich text stores it
    (``_SIMPLE_MARKUP``, whole entities) has its tags removed by one pattern
    instead of Python's HTML parser."""
    if "<" not in html:
        return html
    if (
        _SIMPLE_MARKUP.fullmatch(html)
        and not _RAW_TEXT_ELEMENT.search(html)
        and not _UNFINISHED_ENTITY.search(html)
    ):
        return _ANY_TAG.sub("", html)
    return django_strip_tags(html)
