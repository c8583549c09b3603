"""API v2 page listings asking for every field (``?fields=*``) cost the same
number of queries at 4 and 16 items: each type loads what its fields read for
the whole page of results (``prepare_api_listing``): contributors and their
links, categories, partners, audio versions, alternative forms, sources,
related entries, shows, linked articles, chapters, transcripts.

Rich-text fields count too (glossary explanations, show notes): the objects
their links point at are loaded for all the pages at once. An article body's
image and page chooser blocks load once per article (Wagtail's per-stream
loading), so the article comparison leaves ``body`` out."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from articles.models import ArticlePage
from editorial.models import PlayableVersion
from glossary.models import GlossaryEntryPage, GlossaryRelatedEntry, GlossarySource
from podcasts.models import EpisodeChapter, PodcastEpisodePage
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

# These tests count what rendering costs: the page cache, whose hits cost no
# query, is off (tests/conftest.py page_cache_off).
pytestmark = pytest.mark.usefixtures("page_cache_off")

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
        )
        articles.append(article)
        PlayableVersion.objects.create(page=article, playable=episodes[i])
        PodcastEpisodePage.objects.filter(pk=episodes[i].pk).update(
            show_notes=f'<p>Lire <a linktype="page" id="{article.pk}">l’article</a>.</p>'
        )
    for i in range(COUNT):
        explanation = f'<p>Voir <a linktype="page" id="{articles[i].pk}">un article</a>'
        if entries:
            explanation += f' et <a linktype="glossary" id="{entries[-1].pk}">T</a>'
        entry = tag(
            GlossaryEntryPageFactory(parent=glossary_index, title=f"T{i}"), "b2b"
        )
        alternative_forms(entry, f"Forme {i}", f"Autre {i}")
        GlossarySource.objects.create(page=entry, title="Le Robert", url="")
        GlossaryEntryPage.objects.filter(pk=entry.pk).update(
            explanation=json.dumps(
                [{"type": "paragraph", "value": explanation + ".</p>"}]
            )
        )
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
        ("glossary.GlossaryEntryPage", ""),
        ("podcasts.PodcastEpisodePage", ""),
    ],
)
def test_all_fields_cost_the_same_at_any_page_size(
    client, content, page_type, rich_fields
):
    fields = ",".join(filter(None, ["*", rich_fields]))
    url = f"/api/v2/pages/?type={page_type}&fields={fields}&limit="
    small, small_items = count(client, url + "4")
    large, large_items = count(client, url + str(COUNT))
    assert len(small_items) == 4 and len(large_items) == COUNT
    assert large == small, (small, large)


def test_batched_fields_equal_each_page_on_its_own(client, content):
    """What the listing loads in batches is what a page's detail shows."""
    for page_type in (
        "articles.ArticlePage",
        "glossary.GlossaryEntryPage",
        "podcasts.PodcastEpisodePage",
    ):
        items = client.get(
            f"/api/v2/pages/?type={page_type}&fields=*&limit={COUNT}"
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
    entries = client.get(
        f"/api/v2/pages/?type=glossary.GlossaryEntryPage&fields=explanation&limit={COUNT}"
    ).json()["items"]
    html = [e["explanation"][0]["value"] for e in entries]
    assert all("data-page-type" in text for text in html)
    assert sum("data-glossary-id" in text for text in html) == COUNT - 1
