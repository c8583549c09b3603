"""The sitemap: Wagtail's, listing only what readers may see (``Visibility``)."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from editorial.content import Visibility


class VisibleSitemap(Sitemap):
    """Every page of the site readers may see. Wagtail's own lists live and
    public pages, including those past their expiry time until
    ``publish_scheduled`` runs."""

    def items(self):
        visibility = Visibility(self.get_wagtail_site())
        return (
            Page.objects.filter(visibility.q())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
