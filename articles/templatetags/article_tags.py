"""Template tags of the article pages: reading time, the cached body."""

from django import template
from django.conf import settings
from django.utils import formats, translation
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def reading_time_text(minutes):
    """“5 min read”, localised."""
    return ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes) % {
        "minutes": formats.localize(minutes, use_l10n=True)
    }


@register.filter
def event_time(value):
    """The time of day of ``value`` as readers of the interface language
    write it: "9 h 30" (French typography, no leading zero; "10 h" on the
    hour), else the locale's ``TIME_FORMAT``."""
    if value is None or value == "":
        return ""
    if (translation.get_language() or "").split("-")[0] == "fr":
        # No-break spaces keep "9 h 30" on one line.
        hours = format_date(value, "G")
        if value.minute == 0:
            return f"{hours}\u00a0h"
        return f"{hours}\u00a0h\u00a0{value.minute:02d}"
    return formats.time_format(value, "TIME_FORMAT")


@register.simple_tag
def event_zone_note(zone):
    """ "Montreal time" for an event in another time zone than the site's
    (``TIME_ZONE``, its readers' own); "" when it is the site's: readers are
    never shown a raw zone name such as "Europe/Paris"."""
    zone = str(zone or "")
    if not zone or zone == settings.TIME_ZONE:
        return ""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time") % {"city": city}


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
