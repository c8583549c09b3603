"""The demo publication command: realistic content, loaded twice without duplicates."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from taggit.models import Tag
from wagtail.models import Page, Site

import pytest

from articles.models import ArticlePage
from editorial.models import SeeAlsoItem
from glossary.models import GlossaryEntryPage
from podcasts.models import PodcastEpisodePage
from site_config.models import HomePage, StandardPage
from tests.factories import DEMO_AUDIO


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.live().count(),
        "entries": GlossaryEntryPage.objects.live().count(),
        "episodes": PodcastEpisodePage.objects.live().count(),
        "tags": Tag.objects.count(),
        "see_also": SeeAlsoItem.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_demo_publication_loads_twice_without_duplicates(client):
    call_command("load_demo_publication", verbosity=0)
    first = counts()
    call_command("load_demo_publication", verbosity=0)
    assert counts() == first

    assert first["articles"] >= 8
    assert first["entries"] >= 15
    assert first["episodes"] == 3
    assert first["users"] == 2  # the editor and the administrator
    assert isinstance(
        Site.objects.get(is_default_site=True).root_page.specific, HomePage
    )

    # Alternative forms, tags shared across the three types, see-also picks.
    assert all(
        entry.alternative_forms.exists() for entry in GlossaryEntryPage.objects.all()
    )
    shared = [
        tag
        for tag in Tag.objects.all()
        if ArticlePage.objects.filter(tags=tag).exists()
        and GlossaryEntryPage.objects.filter(tags=tag).exists()
        and PodcastEpisodePage.objects.filter(tags=tag).exists()
    ]
    assert shared
    assert first["see_also"] > 0

    # Episodes of realistic length (7 to 18 minutes), looped at load time
    # from the short clips shipped; duration and size read from the files.
    clip_sizes = sorted(path.stat().st_size for path in DEMO_AUDIO.glob("*.mp3"))
    episodes = PodcastEpisodePage.objects.select_related("audio")
    assert sorted(episode.duration_seconds for episode in episodes) == [464, 752, 1085]
    sizes = sorted(episode.file_size for episode in episodes)
    assert all(size > 20 * clip for size, clip in zip(sizes, clip_sizes, strict=True))
    # Each article has an illustration of its own; French tag names.
    heroes = list(ArticlePage.objects.values_list("hero_image_id", flat=True))
    assert None not in heroes
    assert len(set(heroes)) == len(heroes) == first["articles"]
    names = set(Tag.objects.values_list("name", flat=True))
    assert {"données", "prospects", "recommandation client"} <= names
    assert not names & {"data", "leads", "advocacy"}
    # One article body plays an episode through the podcast-episode block.
    assert any(
        block.block_type == "podcast_episode"
        for article in ArticlePage.objects.all()
        for block in article.body
    )

    # The home page of the demo is served; its footer links the pages every
    # publication has, each a live standard page.
    home = client.get("/")
    assert home.status_code == 200
    footer = home.content.decode().split('<footer class="site-footer">')[1]
    for slug in ("a-propos", "mentions-legales", "politique-de-confidentialite"):
        page = StandardPage.objects.live().get(slug=slug)
        assert f'href="{page.url}"' in footer
        assert client.get(page.url).status_code == 200
    assert "https://www.linkedin.com/" in footer


@pytest.mark.django_db
def test_no_user_option_and_extra_articles():
    call_command("load_demo_publication", "--no-user", "--articles", "3", verbosity=0)
    assert get_user_model().objects.count() == 0
    total = ArticlePage.objects.count()
    call_command("load_demo_publication", "--no-user", "--articles", "3", verbosity=0)
    assert ArticlePage.objects.count() == total
