"""The podcast player printed in Python (``podcast_tags._printed_player``) is
what podcasts/includes/player.html and subscribe_links.html render of the
same values, byte for byte, in both languages and every variant; a site that
overrides one of those templates gets its own."""

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

import pytest

from podcasts.models import PodcastEpisodePage
from podcasts.templatetags import podcast_tags
from tests.factories import PodcastEpisodePageFactory
from tests.factories_podcasts import fixed_audio, subscribe_links

pytestmark = pytest.mark.django_db

PLAYER = Template(
    "{% load podcast_tags %}{% podcast_player episode subscribe=subscribe "
    "heading=heading window=window %}"
)


@pytest.fixture
def episode(show):
    show.title = "L'émission <b> & « co »"
    show.save_revision().publish()
    subscribe_links(
        show,
        ("apple", "https://podcasts.apple.com/fr/podcast/x?a=1&b=2"),
        ("email", "mailto:x@example.com"),
        ("rss", ""),
    )
    return PodcastEpisodePageFactory(
        parent=show,
        title='Former <son> "écosystème" & l\'équipe',
        slug="former",
        audio=fixed_audio(),
    )


def both(episode, **values):
    """The player as printed and as its templates render it."""
    values = {"subscribe": True, "heading": "", "window": True, **values}
    out = []
    for ours in (True, False):
        request = RequestFactory().get("/")
        context = Context({"episode": episode, "request": request, **values})
        if ours:
            out.append(PLAYER.render(context))
        else:
            original = podcast_tags._templates_are_ours
            podcast_tags._templates_are_ours = lambda engine, names: False
            try:
                out.append(PLAYER.render(context))
            finally:
                podcast_tags._templates_are_ours = original
    return out


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "values",
    [
        {},
        {"heading": "Écoutez <l'épisode> & plus"},
        {"window": False},
        {"subscribe": False},
        {"window": False, "subscribe": False, "heading": "x"},
    ],
)
def test_printed_player_is_the_templates(episode, language, values):
    fresh = PodcastEpisodePage.objects.get(pk=episode.pk)
    with translation.override(language):
        printed, rendered = both(fresh, **values)
    assert printed == rendered
    assert 'class="player"' in printed


@pytest.mark.parametrize("language", ["fr", "en"])
def test_without_mime_type_links_or_show(episode, show, language):
    fresh = PodcastEpisodePage.objects.get(pk=episode.pk)
    fresh.audio.mime_type = ""
    fresh.audio.file_size = 900
    fresh.audio.duration_seconds = 4000
    with translation.override(language):
        printed, rendered = both(fresh)
        assert printed == rendered
        assert "subscribe-links" in printed
        # No show: the nav's generic name.
        links = show.subscribe_link_list
        assert podcast_tags._printed_subscribe_links(
            links, None
        ) == podcast_tags.template.loader.render_to_string(
            "podcasts/includes/subscribe_links.html",
            {"subscribe_links": links, "show": None},
        )
        assert podcast_tags._printed_subscribe_links([], show) == (
            podcast_tags.template.loader.render_to_string(
                "podcasts/includes/subscribe_links.html",
                {"subscribe_links": [], "show": show},
            )
        )


def test_no_episode(show):
    # Not an episode (a page without audio): nothing but the template's newline.
    assert both(show) == ["\n", "\n"]
    assert both(None) == ["\n", "\n"]


@pytest.mark.parametrize("name", ["player.html", "subscribe_links.html"])
def test_a_site_overriding_a_player_template_gets_its_own(
    episode, settings, tmp_path, name
):
    own = tmp_path / "podcasts" / "includes"
    own.mkdir(parents=True)
    if name == "player.html":
        (own / name).write_text('<div class="site-player">{{ episode.title }}</div>')
    else:
        (own / name).write_text(
            '<ul class="site-links">{% for link in subscribe_links %}'
            "<li>{{ link.label }}</li>{% endfor %}</ul>"
        )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    fresh = PodcastEpisodePage.objects.get(pk=episode.pk)
    html = Template(PLAYER.source).render(
        Context(
            {
                "episode": fresh,
                "request": RequestFactory().get("/"),
                "subscribe": True,
                "heading": "",
                "window": True,
            }
        )
    )
    if name == "player.html":
        assert (
            html
            == '<div class="site-player">Former &lt;son&gt; &quot;écosystème&quot; &amp; l&#x27;équipe</div>'
        )
    else:
        assert '<ul class="site-links"><li>Apple Podcasts</li>' in html
        assert 'class="player"' in html
