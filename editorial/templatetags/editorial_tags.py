"""Template tags of the shared reader-facing components: see-also panel, recent
posts, structured data, and the small helpers their templates need."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from editorial import cache_tags, listing_cache
from editorial.absolute_urls import request_absolute_url
from editorial.conf import get_setting
from editorial.content import ContentItem, Visibility
from editorial.see_also import resolve_see_also
from editorial.see_also import see_also_rows as resolve_see_also_rows
from editorial.structured_data import structured_data_script
from editorial.template_origins import templates_are_packages_own
from editorial.typography import content_language, typeset, typeset_text

register = template.Library()


def _visibility(context, page=None):
    request = context.get("request")
    if request is not None:
        return Visibility.for_request(request)
    # Rendered without a request (e.g. from a script): the page's own site.
    return Visibility(page.get_site() if page is not None else None)


@register.inclusion_tag("editorial/includes/see_also.html", takes_context=True)
def see_also_panel(context, page):
    """The page's "See also" panel: editors' picks, then shared tags, then recency."""
    return {
        "request": context.get("request"),
        "items": resolve_see_also(page, _visibility(context, page)),
    }


@register.inclusion_tag("editorial/includes/recent_posts.html", takes_context=True)
def recent_posts(context, page=None):
    """The latest content of the site, leaving out ``page`` when given."""
    # An unsaved page (a preview) has no pk: nothing to leave out.
    visibility = _visibility(context, page)
    rows = _recent_rows(visibility, page)
    items = (
        visibility.load(rows) if rows is not None else _recent_items(visibility, page)
    )
    return {"request": context.get("request"), "items": items}


def _recent_exclusions(page):
    # An unsaved page (a preview) has no pk: nothing to leave out.
    return {page.pk} if page is not None and page.pk else set()


def _recent_rows(visibility, page):
    """The rows of ``recent_posts`` from the listing cache, or None when
    they are not kept there (no site, or no recent posts)."""
    limit = get_setting("PRESSROOM_RECENT_COUNT")
    site = visibility.site
    if site is None or site is Visibility.ANY_SITE or limit <= 0:
        return None
    return _newest_rows(visibility, limit, _recent_exclusions(page))


def _recent_items(visibility, page):
    limit = get_setting("PRESSROOM_RECENT_COUNT")
    return visibility.recent(limit, exclude_pks=_recent_exclusions(page))


def _newest_rows(visibility, limit, exclude_pks):
    """The ``limit`` newest ``(pk, date, kind)`` rows of the site but
    ``exclude_pks``, as ``Visibility.newest_keys`` gives them.

    Every page shows the same newest rows: they are read once per content
    generation (``editorial.listing_cache``: a publish, unpublish, move,
    deletion or view restriction renews them) rather than built and run on
    every render, which cost more than a third of an article's render. The
    ``limit + len(exclude_pks)`` newest are kept, so that leaving out the
    page itself (or any excluded page) still leaves ``limit`` rows.
    """
    # Any page published may enter the latest content (page cache purge).
    cache_tags.add(cache_tags.RECENT)
    wanted = limit + len(exclude_pks)
    # The row's ``kind`` is an index into the registered types: they are
    # part of the key, so a site with other types never reads these rows.
    types = tuple(model._meta.label for model in visibility._models())
    rows = listing_cache.cached(
        ("recent-rows", visibility.site.pk, wanted, *types),
        lambda: visibility.newest_keys(wanted),
    )
    return [row for row in rows if row[0] not in exclude_pks][:limit]


# The panels' own templates, which ``aside.html`` prints in one: a site that
# overrides one of them gets its own (the page path), not ``aside.html``.
_PANEL_TEMPLATES = (
    "editorial/includes/see_also.html",
    "editorial/includes/recent_posts.html",
    "editorial/includes/compact_list.html",
)


def _panel_templates_are_ours():
    return templates_are_packages_own("editorial", _PANEL_TEMPLATES)


def _listed_aside(visibility, request, see_also_rows, labels, recent_rows):
    """The aside's two panels rendered from ``ListedItem``s by one template
    (``editorial/includes/aside.html``, the same HTML as ``see_also.html``
    and ``recent_posts.html`` with their items' ``compact_list.html``), or
    None when the items must be pages (``Visibility.load_listed``) or a
    site overrides one of those templates."""
    from django.template.loader import get_template
    from django.utils.translation import gettext

    if recent_rows is None or not _panel_templates_are_ours():
        return None
    groups = visibility.load_listed(
        [(see_also_rows, labels), (recent_rows, None)], request
    )
    if groups is None:
        return None
    see_also, recent = groups
    panels = [
        {
            "name": "see-also",
            "heading_id": "see-also-title",
            "data": "see-also",
            "title": gettext("See also"),
            "items": see_also,
        },
        {
            "name": "recent",
            "heading_id": "recent-posts-title",
            "data": "recent-posts",
            "title": gettext("Recent posts"),
            "items": recent,
        },
    ]
    if _aside_template_is_ours():
        return _printed_aside(panels)
    return get_template(_ASIDE_TEMPLATE).render({"panels": panels})


_ASIDE_TEMPLATE = "editorial/includes/aside.html"


def _aside_template_is_ours():
    return templates_are_packages_own("editorial", [_ASIDE_TEMPLATE])


# ``aside.html``'s markup, filled in by ``_printed_aside``.
_ASIDE_OPEN = (
    '<aside class="panel panel--{name}" aria-labelledby="{heading_id}"'
    ' data-{data}>\n  <h2 class="panel__title" id="{heading_id}">{title}</h2>\n'
    '  <ul class="compact-list">\n  '
)
_ASIDE_ITEM = (
    '\n    <li class="compact-list__item" data-content-item'
    ' data-content-type="{type_name}">\n'
    '      <a class="compact-list__title" href="{url}" lang="{lang}">{title_html}</a>\n'
    '      <span class="compact-list__meta"><span class="type-label'
    ' type-label--{model_label}">{type_label}</span>{date}</span>\n    </li>\n  '
)
_ASIDE_DATE = ' <time datetime="{date_iso}">{date_short}</time>'
_ASIDE_CLOSE = "\n</ul>\n\n</aside>"


def _printed_aside(panels):
    """What ``aside.html`` renders of ``panels``, printed here (its 66
    variable lookups, loops and conditions cost a tenth of the aside) while
    that template is Pressroom's own (``_aside_template_is_ours``); each
    value escaped as the template's ``{{ }}`` escapes it."""
    esc = conditional_escape
    # The values every item of a type shares (its type, language), escaped once.
    shared = {}

    def esc_shared(value):
        escaped = shared.get(value)
        if escaped is None:
            escaped = shared[value] = esc(value)
        return escaped

    parts = []
    last = len(panels) - 1
    for index, panel in enumerate(panels):
        items = panel["items"]
        if items:
            parts.append(
                _ASIDE_OPEN.format(
                    name=esc(panel["name"]),
                    heading_id=esc(panel["heading_id"]),
                    data=esc(panel["data"]),
                    title=esc(panel["title"]),
                )
            )
            for item in items:
                date = (
                    _ASIDE_DATE.format(
                        date_iso=esc(item["date_iso"]),
                        date_short=esc(item["date_short"]),
                    )
                    if item["date"]
                    else ""
                )
                parts.append(
                    _ASIDE_ITEM.format(
                        type_name=esc_shared(item["type_name"]),
                        url=esc(item["url"]),
                        lang=esc_shared(item["lang"]),
                        title_html=esc(item["title_html"]),
                        model_label=esc_shared(item["model_label"]),
                        type_label=esc_shared(item["type_label"]),
                        date=date,
                    )
                )
            parts.append(_ASIDE_CLOSE)
        parts.append("\n" if index == last else "\n\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def content_aside(context, page):
    """The "See also" panel and "Recent posts" of a content page, as
    ``{% see_also_panel page %}{% recent_posts page %}`` render them, kept
    between renders (``editorial.fragment_cache``: a publication, or the
    see-also candidates recomputed, renews them)."""
    from django.template.loader import get_template

    from editorial.fragment_cache import fragment

    def render():
        # Both panels' pages are loaded in one query.
        visibility = _visibility(context, page)
        see_also_rows, labels = resolve_see_also_rows(page, visibility)
        recent_rows = _recent_rows(visibility, page)
        request = context.get("request")
        listed = _listed_aside(visibility, request, see_also_rows, labels, recent_rows)
        if listed is not None:
            return listed
        if recent_rows is None:
            see_also = visibility.load(see_also_rows, labels=labels)
            recent = _recent_items(visibility, page)
        else:
            see_also, recent = visibility.load_groups(
                [(see_also_rows, labels), (recent_rows, None)]
            )
        return "\n".join(
            get_template(template_name).render({"request": request, "items": items})
            for template_name, items in (
                ("editorial/includes/see_also.html", see_also),
                ("editorial/includes/recent_posts.html", recent),
            )
        )

    # The panels' sizes are part of what the fragment shows.
    name = "aside:{}:{}".format(
        get_setting("PRESSROOM_SEE_ALSO_COUNT"), get_setting("PRESSROOM_RECENT_COUNT")
    )
    # Our own render's output, marked safe when it was made.
    return mark_safe(fragment(context.get("request"), page, name, render))


@register.filter
def absolute_for(url, request):
    """``url`` made absolute for the request being answered (its scheme and
    host), as in ``{{ rendition.url|absolute_for:request }}``."""
    return request_absolute_url(url, request)


@register.filter
def model_label(obj):
    """``app_label-modelname`` of a model instance, for CSS classes
    (templates cannot read ``_meta``)."""
    meta = getattr(obj, "_meta", None)
    return meta.label_lower.replace(".", "-") if meta else ""


@register.filter
def type_name(obj):
    """``app_label.ModelName`` of a model instance, as ``ContentItem.type_name``."""
    meta = getattr(obj, "_meta", None)
    return meta.label if meta else ""


@register.simple_tag(takes_context=True)
def structured_data(context, obj, **kwargs):
    """``{% structured_data page %}``: the schema.org JSON-LD of a page, or of
    anything that offers ``structured_data(request, **kwargs)``, as one
    ``<script>`` element (``editorial.structured_data``)."""
    return structured_data_script(obj, context.get("request"), **kwargs)


@register.simple_tag(takes_context=True)
def content_embed(context, page, show_title=True):
    """``page`` as it shows inside another page, from its type's
    ``embed_template`` (a card, or an episode's player), so an app can embed
    another app's content without importing it."""
    page = getattr(page, "specific", page)
    template_name = getattr(page, "embed_template", None)
    if page is None or template_name is None:
        return ""
    cache_tags.add_pages([page])
    return render_to_string(
        template_name,
        {"page": page, "item": ContentItem(page), "show_title": show_title},
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def event_registration(context, event, page, block_id):
    """The registration form of an event block, from the installed provider
    (``editorial.registrations``); empty without one or without a page."""
    from editorial.registrations import registration_providers

    provider = registration_providers.get()
    request = context.get("request")
    if provider is None or request is None or not getattr(page, "pk", None):
        return ""
    if not block_id or not (event.get("registration") or {}).get("enabled"):
        return ""
    return mark_safe(provider.render_event_form(request, page, block_id, event))


@register.filter(is_safe=True)
def french(value, page=None):
    """``{{ page.title|french }}``: the text (or safe HTML) with the spacing
    of its content language (French: no-break spaces before ``: ; ! ?`` and
    inside guillemets; text nodes only). Escapes plain text."""
    return typeset(value, page)


@register.filter
def french_text(value, page=None):
    """As ``french`` but leaves escaping to the template (attributes)."""
    return typeset_text(value, page)


@register.simple_tag
def content_lang(page=None):
    """The language code of ``page``'s content (``lang`` attributes)."""
    return content_language(page)


@register.simple_tag
def page_description(page=None):
    """What sharing cards and ``<meta name="description">`` say of ``page``:
    its search description, else its teaser, else its introduction; "" for
    none (or no page: tag and search pages)."""
    if not page:
        return ""
    for name in ("search_description", "teaser", "intro", "tagline"):
        value = getattr(page, name, "")
        if value:
            return str(value)
    return ""
