"""Filters of the podcast player: durations and file sizes for the active locale."""

from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext, ngettext

register = template.Library()


def _non_negative_int(value):
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


@register.filter
def duration(value):
    """Seconds as ``m:ss``, or ``h:mm:ss`` from one hour: 464 → "7:44"."""
    seconds = _non_negative_int(value)
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


@register.filter
def duration_iso(value):
    """Seconds as an ISO 8601 duration for ``<time datetime>``: 464 → "PT7M44S"."""
    seconds = _non_negative_int(value)
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{hours}H" if hours else "",
        f"{minutes}M" if minutes else "",
        f"{seconds}S",
    ]
    return "PT" + "".join(parts)


@register.filter
def audio_size(value):
    """Bytes in decimal units with one decimal, for the active locale:
    5_100_000 → "5,1 Mo" in French, "5.1 MB" in English."""
    size = _non_negative_int(value)
    if size is None:
        return ""
    units = [
        (10**9, gettext("%(size)s GB")),
        (10**6, gettext("%(size)s MB")),
        (10**3, gettext("%(size)s kB")),
    ]
    for factor, template_ in units:
        if size >= factor:
            return avoid_wrapping(template_ % {"size": number_format(size / factor, 1)})
    return avoid_wrapping(
        ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    )


def _show_of(episode, request):
    """The episode's show with its subscribe links, loaded once per request for
    all the players of one show (an article may embed several episodes)."""
    cache = request.__dict__.setdefault("_podcast_shows", {}) if request else {}
    parent_path = episode.path[: -episode.steplen]
    if parent_path not in cache:
        cache[parent_path] = episode.show_page
    return cache[parent_path]


@register.inclusion_tag("podcasts/includes/player.html", takes_context=True)
def podcast_player(
    context, episode, subscribe=True, show=None, heading="", window=True
):
    """The player of an episode, usable from any template::

        {% load podcast_tags %}{% podcast_player episode %}

    A constant number of queries: the audio (unless already loaded) and the
    show with its subscribe links, once per show and request (skipped with
    ``subscribe=False`` or when ``show`` is given with its links prefetched).
    """
    if episode is not None and not hasattr(episode, "audio_id"):
        episode = getattr(episode, "specific", None)  # a plain Page from a chooser
    if episode is None or not getattr(episode, "audio_id", None):
        return {"episode": None}
    links = []
    if subscribe:
        show = show or _show_of(episode, context.get("request"))
        if show is not None:
            links = show.subscribe_link_list
    return {
        "episode": episode,
        "audio": episode.audio,
        "audio_url": episode.audio.url,
        "player_url": episode.url + episode.reverse_subpage("player")
        if window and episode.url
        else "",
        "subscribe_links": links,
        "heading": heading,
    }


@register.inclusion_tag("podcasts/includes/subscribe_links.html")
def podcast_subscribe_links(show):
    return {"subscribe_links": show.subscribe_link_list if show else []}


@register.simple_tag(takes_context=True)
def podcast_json_ld(context, page):
    """schema.org JSON-LD of a show or an episode, as a ``<script>`` element."""
    from podcasts.metadata import page_json_ld_script

    return page_json_ld_script(page, context.get("request"))


@register.inclusion_tag("podcasts/includes/feed_link.html")
def podcast_feed_link(show):
    """``<link rel="alternate" type="application/rss+xml">`` for a show's feed."""
    return {"show": show, "feed_url": show.feed_url if show else None}


@register.simple_tag(takes_context=True)
def podcast_player_assets(context):
    """The player's stylesheet and script, once per response: this site's base
    template loads them on every page (any page may embed a player) and the
    show and episode pages ask for them too, for host sites whose base
    template does not."""
    request = context.get("request")
    if request is not None:
        if getattr(request, "_pressroom_player_assets", False):
            return ""
        request._pressroom_player_assets = True
    return render_to_string("podcasts/includes/player_assets.html")
