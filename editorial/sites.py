"""Which Wagtail site answers a request, without a query per request.

Wagtail's ``Site.find_for_request`` runs one query per request (a ``CASE``
over the matching sites, with their root page): building it cost about as
much as rendering a block. ``find_site`` makes the same choice from the list
of every site, read once per content generation (``editorial.listing_cache``:
a site saved or deleted, or any page published, moved or deleted renews it),
so an unknown ``Host`` header adds no cache entry. Each site's root page is
kept as its own type (routing starts from it). ``wagtail_adaptations``
puts it in place of Wagtail's lookup.
"""

from django.http.request import split_domain_port

from editorial import listing_cache

MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)


def all_sites():
    """Every site with its root page, for the current content generation."""
    from wagtail.models import Page, Site

    def compute():
        # Ordered by pk: a stable order where Wagtail's query leaves ties.
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        # The root pages as their own type: routing starts from
        # ``site.root_page.specific``, a query on each request otherwise.
        roots = {
            page.pk: page
            for page in Page.objects.filter(
                pk__in={site.root_page_id for site in sites}
            ).specific()
        }
        for site in sites:
            if site.root_page_id in roots:
                site.root_page = roots[site.root_page_id]
        return sites

    return listing_cache.cached(("sites",), compute)


def find_site(hostname, port, sites):
    """The site Wagtail's ``get_site_for_hostname`` chooses among ``sites``:
    hostname and port, else hostname and default, else the default site (or
    the only other site of that hostname), else None."""

    def match(site):
        if site.hostname == hostname and site.port == port:
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site),
        key=match,
    )
    if not candidates:
        return None
    first = match(candidates[0])
    if len(candidates) == 1 or first in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if first == MATCH_DEFAULT:
        return candidates[len(candidates) == 2]
    return None


def find_for_request(request):
    """``Site._find_for_request`` from the cached list of sites."""
    # As Wagtail: the raw host, so that ALLOWED_HOSTS is not checked here.
    hostname = split_domain_port(request._get_raw_host())[0]
    # A string in the request (a number compared as such in Wagtail's query);
    # anything else matches no site's port.
    port = request.get_port()
    port = int(port) if str(port).isdigit() else None
    return find_site(hostname, port, all_sites())
