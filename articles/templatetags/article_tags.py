"""Template tags of the article pages: reading time, JSON-LD."""

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from editorial.absolute_urls import request_absolute_url

register = template.Library()


@register.simple_tag
def reading_time_text(minutes):
    """“5 min read”, localised."""
    return ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes) % {
        "minutes": formats.localize(minutes, use_l10n=True)
    }


@register.simple_tag(takes_context=True)
def article_json_ld(context, page):
    """The schema.org ``Article`` of the page as a JSON-LD ``<script>``."""
    from django.conf import settings

    from wagtail.models import Site

    from editorial.templatetags.editorial_tags import json_ld_script

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else page.get_site()
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    modified = page.updated_date or (
        page.last_published_at.date() if page.last_published_at else None
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.seo_title or page.title,
        "description": page.search_description or page.standfirst,
        "url": page.full_url,
        "mainEntityOfPage": page.full_url,
        "datePublished": page.publication_date.isoformat()
        if page.publication_date
        else None,
        "dateModified": (modified or page.publication_date).isoformat()
        if (modified or page.publication_date)
        else None,
        "author": [
            {
                "@type": "Person",
                "name": credit.person.name,
                **(
                    {"jobTitle": credit.person.job_title}
                    if credit.person.job_title
                    else {}
                ),
                **(
                    {
                        "affiliation": {
                            "@type": "Organization",
                            "name": credit.person.organisation,
                        }
                    }
                    if credit.person.organisation
                    else {}
                ),
                **({"url": credit.full_url} if getattr(credit, "full_url", "") else {}),
            }
            for credit in page.credited_contributors
        ],
        "publisher": {"@type": "Organization", "name": site_name},
        "keywords": [tag.name for tag in page.tag_list],
        "wordCount": page.word_count,
    }
    if page.category is not None:
        data["articleSection"] = page.category.name
    if page.hero_image is not None:
        rendition = page.hero_image.get_rendition("fill-1200x630")
        data["image"] = [request_absolute_url(rendition.url, context.get("request"))]
    if page.sponsor is not None:
        data["sponsor"] = {"@type": "Organization", "name": page.sponsor.name}
    return json_ld_script(
        {key: value for key, value in data.items() if value not in (None, "")},
        request,
    )


@register.simple_tag(takes_context=True)
def article_body(context, page):
    """The article's rendered body, as ``{% include_block page.body %}``
    renders it, kept between renders with its table of contents
    (``editorial.fragment_cache``): use it before ``page.table_of_contents``,
    which it fills from the same fragment."""
    from editorial.fragment_cache import fragment

    def render():
        html = page.body.render_as_block(context=context.flatten())
        return str(html), page.table_of_contents

    html, toc = fragment(context.get("request"), page, "article-body", render)
    page.__dict__["table_of_contents"] = toc
    # Our own render's output, marked safe when it was made.
    return mark_safe(html)
