"""Template tags of the podcast player, subscribe links and feed link, and the
filters of durations and file sizes for the active locale (``podcasts.formats``)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from editorial.template_origins import templates_are_packages_own
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


@register.simple_tag(takes_context=True)
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

    Rendered as an inclusion tag of ``podcasts/includes/player.html`` would
    be; printed here (``_printed_player``) while that template and
    ``subscribe_links.html`` are Pressroom's own.
    """
    values = _player_context(context, episode, subscribe, show, heading, window)
    engine = context.template.engine
    if _templates_are_ours(engine, _PLAYER_TEMPLATES):
        return mark_safe(_printed_player(values))
    new_context = context.new(values)
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return engine.get_template(_PLAYER_TEMPLATES[0]).render(new_context)


def _player_context(context, episode, subscribe, show, heading, window):
    """What ``player.html`` is given (``podcast_player``)."""
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


# The player's templates, which ``_printed_player`` prints while both are
# Pressroom's own: a site that overrides one gets its templates rendered.
_PLAYER_TEMPLATES = (
    "podcasts/includes/player.html",
    "podcasts/includes/subscribe_links.html",
)


def _templates_are_ours(engine, names):
    return templates_are_packages_own("podcasts", names, engine)


def _printed_player(values):
    """What ``player.html`` (with ``subscribe_links.html``) renders of
    ``values``, printed here: its 40 nodes, three ``blocktranslate`` and the
    included template's own cost a third of an embedded episode. Each value
    is escaped as the templates' ``{{ }}`` escape it; ``{% translate %}``
    prints its (safe) translation as it is."""
    episode = values["episode"]
    if not episode:
        return "\n"
    esc = conditional_escape
    title = {"title": esc(episode.title)}
    audio = values["audio"]
    mime_type = audio.mime_type
    heading = values["heading"]
    player_url = values["player_url"]
    parts = [
        '<div class="player" role="group" aria-label="',
        gettext("Podcast player: “%(title)s”") % title,
        '">\n  ',
        f'<p class="player__heading">{esc(heading)}</p>' if heading else "",
        '\n  <audio class="player__audio" controls preload="metadata" aria-label="',
        gettext("Listen to “%(title)s”") % title,
        '">\n    <source src="',
        esc(values["audio_url"]),
        '"',
        f' type="{esc(mime_type)}"' if mime_type else "",
        ">\n    ",
        gettext(
            mark_safe("Your browser cannot play this audio file; download it instead.")
        ),
        '\n  </audio>\n  <p class="player__meta">\n    ',
    ]
    if player_url:
        parts += [
            '<a class="player__window" href="',
            esc(player_url),
            '" target="_blank" rel="noopener" data-player-window>',
            gettext(mark_safe("Play in new window")),
            '<span class="visually-hidden"> ',
            gettext(mark_safe("(opens a new window)")),
            '</span></a>\n    <span aria-hidden="true">|</span>',
        ]
    seconds = audio.duration_seconds
    parts += [
        '\n    <a class="player__download" href="',
        esc(values["download_url"]),
        '" download>',
        gettext(mark_safe("Download")),
        '<span class="visually-hidden"> ',
        gettext("the episode “%(title)s”") % title,
        '</span></a>\n    <span class="player__details">(',
        gettext(mark_safe("Duration:")),
        ' <time datetime="',
        esc(duration_iso(seconds)),
        '">',
        esc(duration(seconds)),
        "</time> — ",
        esc(audio_size(audio.file_size)),
        ")</span>\n  </p>\n  ",
        _printed_subscribe_links(values["subscribe_links"], values["show"]),
        "\n</div>\n",
    ]
    return "".join(parts)


def _printed_subscribe_links(links, show):
    """What ``subscribe_links.html`` renders of ``links`` (and ``show``)."""
    if not links:
        return "\n"
    esc = conditional_escape
    if show:
        label = gettext("Subscribe to “%(title)s”") % {"title": esc(show.title)}
    else:
        label = gettext(mark_safe("Subscribe to the podcast"))
    parts = [
        '<nav class="subscribe-links" aria-label="',
        label,
        '">\n  <p class="subscribe-links__label">',
        gettext(mark_safe("Subscribe:")),
        '</p>\n  <ul class="subscribe-links__list">\n    ',
    ]
    for link in links:
        platform = link["platform"]
        parts += [
            '<li class="subscribe-links__item subscribe-links__item--',
            esc(platform),
            '"><a href="',
            esc(link["url"]),
            '"',
            ' type="application/rss+xml"' if platform == "rss" else "",
            ">",
            esc(link["label"]),
            "</a></li>\n    ",
        ]
    parts.append("\n  </ul>\n</nav>\n")
    return "".join(parts)


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
