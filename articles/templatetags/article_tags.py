"""Template tags of the article pages: reading time, the cached body."""

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def reading_time_text(minutes):
    """“5 min read”, localised."""
    return ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes) % {
        "minutes": formats.localize(minutes, use_l10n=True)
    }


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
