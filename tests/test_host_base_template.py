"""Pressroom's templates inside a host site's own base template
(PRESSROOM_BASE_TEMPLATE; README, Install into your Wagtail site)."""

import copy

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
)

pytestmark = pytest.mark.django_db

# The blocks the README documents as needed, and nothing of this site's base.
HOST_BASE = """<!DOCTYPE html>
<html lang="en"><head><title>{% block title %}{{ page.title }}{% endblock %}</title>
<link rel="stylesheet" href="/static/host.css">{% block extra_head %}{% endblock %}</head>
<body class="host {% block body_class %}{% endblock %}">
<header id="host-header">Host site</header>
{% block content %}{% endblock %}
</body></html>"""

PLAYER_SCRIPT = "podcasts/js/player.js"


@pytest.fixture
def host_base(page_cache_off, settings, tmp_path):
    # page_cache_off first: its override must be undone after the `settings`
    # fixture's (overrides unwound out of order leave the cache off for the
    # next tests of the worker).
    (tmp_path / "host_base.html").write_text(HOST_BASE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path]
    settings.TEMPLATES = templates
    settings.PRESSROOM_BASE_TEMPLATE = "host_base.html"


def html_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_host_base(html):
    return (
        html.find(id="host-header") is not None
        and html.find("link", href="/static/host.css") is not None
        # This site's base template is not used.
        and html.find(class_="site-header") is None
    )


def test_pages_render_inside_the_host_base_template(
    client, host_base, article_index, glossary_index, show
):
    article = ArticlePageFactory(parent=article_index, title="Host article")
    entry = GlossaryEntryPageFactory(
        parent=glossary_index, title="Host term", short_definition="Host definition."
    )
    episode = PodcastEpisodePageFactory(parent=show, title="Host episode")
    for page, shows in (
        (article, "Host article"),
        (entry, "Host definition."),
        (episode, "Host episode"),
        (article_index, article_index.title),
        (glossary_index, glossary_index.title),
        (show, show.title),
    ):
        html = html_of(client.get(page.url))
        assert in_host_base(html), page.url
        assert shows in html.body.get_text(), page.url


def test_tag_pages_render_inside_the_host_base_template(client, host_base, home):
    html = html_of(client.get("/tags/"))
    assert in_host_base(html)


def test_episode_and_show_pages_bring_the_player_assets(client, host_base, show):
    """A host base template need not load the player's assets: the episode
    and show pages add them in extra_head."""
    episode = PodcastEpisodePageFactory(parent=show)
    for page in (episode, show):
        html = html_of(client.get(page.url))
        assert (
            len(html.head.find_all("script", src=lambda s: s and PLAYER_SCRIPT in s))
            == 1
        )
        assert html.head.find(
            "link", href=lambda h: h and "podcasts/css/player.css" in h
        )


def test_site_base_loads_the_player_assets_once(client, page_cache_off, show):
    """This site's base template loads them on every page; the episode page
    asking for them too does not load them twice."""
    episode = PodcastEpisodePageFactory(parent=show)
    html = html_of(client.get(episode.url))
    assert len(html.find_all("script", src=lambda s: s and PLAYER_SCRIPT in s)) == 1
    assert html.find(class_="site-header") is not None


def test_player_window_loads_no_site_stylesheet(client, show):
    episode = PodcastEpisodePageFactory(parent=show)
    html = html_of(client.get(episode.url + "player/"))
    stylesheets = [link["href"] for link in html.find_all("link", rel="stylesheet")]
    assert len(stylesheets) == 1
    assert "podcasts/css/player.css" in stylesheets[0]
    assert html.find(class_="player") is not None


def test_a_base_template_setting_without_its_context_processor_is_reported(settings):
    from editorial.context_processors import (
        CONTEXT_PROCESSOR,
        check_base_template_is_used,
    )

    settings.PRESSROOM_BASE_TEMPLATE = "host_base.html"
    assert check_base_template_is_used(None) == []  # this site lists it
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    processors.remove(CONTEXT_PROCESSOR)
    settings.TEMPLATES = templates
    assert [message.id for message in check_base_template_is_used(None)] == [
        "pressroom.W002"
    ]
    # The default needs no context processor: the templates fall back on it.
    settings.PRESSROOM_BASE_TEMPLATE = "base.html"
    assert check_base_template_is_used(None) == []
