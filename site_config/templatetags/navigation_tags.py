"""The site's header navigation and breadcrumbs; a constant number of queries."""

from django import template
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site

from editorial import cache_tags, listing_cache
from editorial.content import Visibility

register = template.Library()


def _site(context):
    # Cached on the request by Wagtail, with its root page selected.
    return Site.find_for_request(context.get("request"))


@register.simple_tag(takes_context=True)
def site_name(context):
    """The current site's name, else ``WAGTAIL_SITE_NAME``."""
    site = _site(context)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("site_config/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Live, public, in-menu children of the site root, then Tags."""
    request = context.get("request")
    site = _site(context)
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""
    request_path = request.path if request is not None else ""
    items = []
    if site is not None:

        def children():
            return [
                (child.path, child.title, child.get_url(request))
                for child in Page.objects.child_of(site.root_page)
                .filter(Visibility.for_request(request).q())
                .in_menu()
                .order_by("path")
            ]

        # Every page shows the menu: read once per content generation (a
        # publish, move or restriction renews it), not on every render.
        rows = listing_cache.cached(("main-menu", site.pk, site.root_page_id), children)
        # A child of the root published, moved or renamed changes every page.
        cache_tags.add(cache_tags.listing_tag(site.root_page_id))
        items = [
            {
                "title": title,
                "url": url,
                "active": current_path.startswith(path),
            }
            for path, title, url in rows
        ]
    # Search is the header's own form: no menu item repeats it.
    for title, url in ((_("Tags"), reverse("editorial:tag_index")),):
        items.append(
            {"title": title, "url": url, "active": request_path.startswith(url)}
        )
    for item in items:
        item["current"] = item["url"] == request_path
    return {"items": items}


@register.inclusion_tag("site_config/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Home, the ancestors of ``page`` below the site root, then ``page`` itself.

    Nothing on the site's home page.
    """
    site = _site(context)
    root = site.root_page if site else None
    if root is None or not page.path or page.depth <= root.depth:
        return {"page": None, "ancestors": []}
    ancestors = _routed_ancestors(page, root)
    if ancestors is None:
        ancestors = (
            Page.objects.ancestor_of(page)
            .filter(depth__gt=root.depth, path__startswith=root.path)
            .order_by("depth")
        )
    ancestors = list(ancestors)
    cache_tags.add_pages(ancestors)
    return {
        "request": context.get("request"),
        "page": page,
        "ancestors": ancestors,
    }


def _routed_ancestors(page, root):
    """The ancestors of ``page`` below ``root``, top first, when routing left
    each page's parent on it (Wagtail's ``_cached_parent_obj``): no query.
    None when a link of the chain is missing."""
    chain = []
    node = page
    while node.depth > root.depth + 1:
        parent = getattr(node, "_cached_parent_obj", None)
        if parent is None or parent.path != node.path[: -node.steplen]:
            return None
        chain.append(parent)
        node = parent
    if node.path[: -node.steplen] != root.path:
        return None
    return chain[::-1]


@register.simple_tag(takes_context=True)
def first_page_url(context, model_label):
    """URL of the first live, public page of a type in the current site, or "".

    ``{% first_page_url "glossary.GlossaryIndexPage" as glossary_url %}``
    """
    request = context.get("request")
    if request is None:
        return ""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return ""
    site = _site(context)

    def first_page():
        page = (
            model.objects.filter(Visibility.for_request(request).q())
            .order_by("path")
            .first()
        )
        return (page.pk, page.get_url(request)) if page else ()

    # In the footer of every page: read once per content generation.
    found = listing_cache.cached(
        ("first-page", model_label, site.pk if site else None), first_page
    )
    if found:
        cache_tags.add_pages([found[0]])
        return found[1]
    # Such pages (section indexes) are children of the root, whose listing is
    # purged when one is published.
    if site is not None:
        cache_tags.add(cache_tags.listing_tag(site.root_page_id))
    return ""


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's links from the site's ``FooterSettings``: ``pages``
    (about, legal notice, privacy policy that readers may see, as
    ``(title, url)``), ``newsletter_url``, ``rss_url`` (the article feed when
    none is set) and ``social`` (``(network, url)``)."""
    from site_config.models import FooterSettings

    request = context.get("request")
    site = _site(context)
    if site is None:
        return {"pages": [], "social": [], "newsletter_url": "", "rss_url": ""}

    def links():
        # Read, never created here: ``for_site`` would save a row on the
        # first read, a change that purges cached pages while one renders.
        footer = FooterSettings.objects.filter(site=site).first() or FooterSettings(
            site=site
        )
        chosen = [
            pk
            for pk in (
                footer.about_page_id,
                footer.legal_notice_page_id,
                footer.privacy_page_id,
            )
            if pk
        ]
        visible = {
            page.pk: page
            for page in Page.objects.filter(pk__in=chosen).filter(
                Visibility.for_request(request).q()
            )
        }
        rss_url = footer.rss_url
        if not rss_url and apps.is_installed("articles"):
            rss_url = reverse("articles:rss")
        return {
            "page_ids": chosen,
            "pages": [
                (visible[pk].title, visible[pk].get_url(request))
                for pk in chosen
                if pk in visible
            ],
            "newsletter_url": footer.newsletter_url,
            "rss_url": rss_url,
            "social": [
                (link.value["network"], link.value["url"])
                for link in footer.social_links
            ],
        }

    # On every page: read once per content generation (settings and pages
    # published renew it).
    found = listing_cache.cached(("footer", site.pk), links)
    cache_tags.add_pages(found["page_ids"])
    return found
