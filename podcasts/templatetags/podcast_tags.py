"""Template tags of the podcast player, subscribe links and feed link, and the
filters of durations and file sizes for the active locale (``podcasts.formats``)."""

from django import template
from django.template.loader import render_to_string

from podcasts.formats import audio_size, duration, duration_iso

register = template.Library()
register.filter("duration", duration)
register.filter("duration_iso", duration_iso)
register.filter("audio_size", audio_size)


def _show_of(episode, request):
    """The episode's show with its subscribe links, loaded once per request for
    all the players of one show (an article may embed several episodes)."""
    cache = request.__dict__.setdefault("_podcast_shows", {}) if request else {}
    parent_path = episode.path[: -episode.steplen]
    if parent_path not in cache:
        cache[parent_path] = episode.show_page
    return cache[parent_path]


def _first_subscribe_nav(show, request):
    """True the first time a page asks for ``show``'s subscribe links: an
    article whose audio version and a body episode block belong to the same
    show lists them once, not in two navs of the same name."""
    if request is None:
        return True
    shown = request.__dict__.setdefault("_podcast_subscribe_navs", set())
    if show.pk in shown:
        return False
    shown.add(show.pk)
    return True


@register.inclusion_tag("podcasts/includes/player.html", takes_context=True)
def podcast_player(
    context, episode, subscribe=True, show=None, heading="", window=True
):
    """The player of an episode, usable from any template::

        {% load podcast_tags %}{% podcast_player episode %}

    A constant number of queries: the audio (unless already loaded) and the
    show with its subscribe links, once per show and request (skipped with
    ``subscribe=False`` or when ``show`` is given with its links prefetched).
    The links of one show appear once per page, under the first of its
    players, in a nav named after the show.
    """
    if episode is not None and not hasattr(episode, "audio_id"):
        episode = getattr(episode, "specific", None)  # a plain Page from a chooser
    if episode is None or not getattr(episode, "audio_id", None):
        return {"episode": None}
    links = []
    request = context.get("request")
    episode_url = episode.url if window else None  # a property: computed once
    if subscribe:
        show = show or _show_of(episode, request)
        if show is not None and _first_subscribe_nav(show, request):
            links = show.subscribe_link_list
    return {
        "episode": episode,
        "audio": episode.audio,
        # Relative: the page's own host serves the counting endpoint.
        "audio_url": episode.published_audio_url("player", root_url=""),
        "download_url": episode.published_audio_url("download", root_url=""),
        "player_url": episode_url + episode.reverse_subpage("player")
        if episode_url
        else "",
        "subscribe_links": links,
        "show": show,
        "heading": heading,
    }


@register.inclusion_tag("podcasts/includes/subscribe_links.html", takes_context=True)
def podcast_subscribe_links(context, show):
    """The show's subscribe links, once per page (see ``podcast_player``)."""
    if show is None or not _first_subscribe_nav(show, context.get("request")):
        return {"subscribe_links": []}
    return {"subscribe_links": show.subscribe_link_list, "show": show}


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
