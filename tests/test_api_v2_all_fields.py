"""API v2 page listings asking for every field (``?fields=*``) cost the same
number of queries at 4 and 16 items: each type loads what its fields read for
the whole page of results (``prepare_api_listing``): contributors and their
links, categories, partners, audio versions, alternative forms, sources,
related entries, shows, linked articles, chapters, transcripts.

Rich text and StreamField fields are left out of the comparison: their links
are resolved per field (one batch per field and link type), as on the page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from articles.models import ArticlePage
from glossary.models import GlossaryRelatedEntry, GlossarySource
from podcasts.models import EpisodeChapter, EpisodeLinkedArticle
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    alternative_forms,
    tag,
)
from tests.factories_articles import (
    CategoryFactory,
    PartnerFactory,
    PersonFactory,
    credit,
    link,
)
from tests.factories_podcasts import person

COUNT = 16


@pytest.fixture
def content(article_index, glossary_index, show):
    category, partner = CategoryFactory(), PartnerFactory()
    writer = PersonFactory()
    link(writer, "Site", "https://example.com/")
    episodes, articles, entries = [], [], []
    for i in range(COUNT):
        episode = tag(
            PodcastEpisodePageFactory(parent=show, title=f"Épisode {i}"), "b2b"
        )
        person(f"Invité {i}", role="guest", episode=episode, link="https://ex.com/")
        EpisodeChapter.objects.create(
            episode=episode, start_time=datetime.timedelta(seconds=i), title="Début"
        )
        episodes.append(episode)
    for i in range(COUNT):
        article = tag(
            ArticlePageFactory(parent=article_index, title=f"Article {i}"),
            "b2b",
            f"sujet-{i}",
        )
        credit(article, writer, PersonFactory())
        ArticlePage.objects.filter(pk=article.pk).update(
            category=category,
            sponsor=partner,
            sponsorship_kind="partnership",
            audio_episode=episodes[i],
        )
        articles.append(article)
        EpisodeLinkedArticle.objects.create(episode=episodes[i], page=article)
    for i in range(COUNT):
        entry = tag(
            GlossaryEntryPageFactory(parent=glossary_index, title=f"T{i}"), "b2b"
        )
        alternative_forms(entry, f"Forme {i}", f"Autre {i}")
        GlossarySource.objects.create(page=entry, title="Le Robert", url="")
        if entries:
            GlossaryRelatedEntry.objects.create(page=entry, target=entries[-1])
        entries.append(entry)
    return articles, entries, episodes


def count(client, url):
    client.get(url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response.json()["items"]


@pytest.mark.parametrize(
    "page_type,rich_fields",
    [
        ("articles.ArticlePage", "-body"),
        ("glossary.GlossaryEntryPage", "-explanation"),
        ("podcasts.PodcastEpisodePage", "-show_notes"),
    ],
)
def test_all_fields_cost_the_same_at_any_page_size(
    client, content, page_type, rich_fields
):
    url = f"/api/v2/pages/?type={page_type}&fields=*,{rich_fields}&limit="
    small, small_items = count(client, url + "4")
    large, large_items = count(client, url + str(COUNT))
    assert len(small_items) == 4 and len(large_items) == COUNT
    assert large == small, (small, large)


def test_batched_fields_equal_each_page_on_its_own(client, content):
    """What the listing loads in batches is what a page's detail shows."""
    for page_type, rich in (
        ("articles.ArticlePage", "-body"),
        ("glossary.GlossaryEntryPage", "-explanation"),
        ("podcasts.PodcastEpisodePage", "-show_notes"),
    ):
        items = client.get(
            f"/api/v2/pages/?type={page_type}&fields=*,{rich}&limit={COUNT}"
        ).json()["items"]
        for item in items:
            detail = client.get(f"/api/v2/pages/{item['id']}/").json()
            for name, value in item.items():
                if name != "meta":
                    assert value == detail[name], (page_type, name)
    articles = client.get(
        f"/api/v2/pages/?type=articles.ArticlePage&fields=*,-body&limit={COUNT}"
    ).json()["items"]
    assert all(a["audio_version"]["enclosure"] for a in articles)
    assert all(len(a["contributors"]) == 2 for a in articles)
    assert all(a["contributors"][0]["links"] for a in articles)
