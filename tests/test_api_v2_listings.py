"""API v2 page listings: constant query counts with ``fields=see_also,tags``,
batched see-also equal to the page's own resolution, and bad input as 400 JSON."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag

import pytest

from articles.models import ArticlePage, ArticlePageTag
from editorial import listing_cache
from editorial.models import SeeAlsoItem
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    tag,
)
from tests.factories_articles import bulk_articles

VOCABULARY = [f"sujet-{n}" for n in range(8)]
LISTING = "/api/v2/pages/?type=articles.ArticlePage&fields=see_also,tags&limit={limit}"


def _decorate(articles, tags_of, picks_of):
    """Give article ``i`` the tags ``tags_of(i)`` and the picks ``picks_of(i)``."""
    tags = {
        name: Tag.objects.get_or_create(name=name, slug=name)[0] for name in VOCABULARY
    }
    ArticlePageTag.objects.filter(content_object__in=articles).delete()
    ArticlePageTag.objects.bulk_create(
        ArticlePageTag(content_object_id=article.pk, tag=tags[name])
        for i, article in enumerate(articles)
        for name in dict.fromkeys(tags_of(i))  # taggit never repeats a tag
    )
    SeeAlsoItem.objects.bulk_create(
        SeeAlsoItem(page_id=article.pk, target=target, sort_order=order, label=label)
        for i, article in enumerate(articles)
        for order, (target, label) in enumerate(picks_of(i))
    )
    # Bulk inserts send no signal: listed items stored before are stale.
    listing_cache.bump()


@pytest.fixture
def hundred(article_index, glossary_index, show):
    articles = bulk_articles(article_index, 100)
    others = [
        tag(GlossaryEntryPageFactory(parent=glossary_index), *VOCABULARY[:3]),
        tag(PodcastEpisodePageFactory(parent=show), *VOCABULARY[2:5]),
    ]
    return articles, others


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


# Counts what rendering costs: the page cache (hits cost no query) is off.
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("per_item", [1, 6])
def test_listing_queries_do_not_grow_with_page_size_tags_or_picks(
    client, hundred, per_item
):
    articles, others = hundred
    n = len(articles)

    def picks(i):
        targets = [articles[(i + 1 + k) % n] for k in range(per_item - 1)]
        return [(target, "") for target in [others[i % 2], *targets]]

    _decorate(
        articles,
        tags_of=lambda i: [VOCABULARY[(i + k) % 8] for k in range(per_item)],
        picks_of=picks,
    )
    counts = {}
    for limit in (20, 100):
        # Items rendered, none stored (tests/test_api_item_cache.py: stored).
        listing_cache.bump()
        counts[limit], data = _count(client, LISTING.format(limit=limit))
        assert len(data["items"]) == limit
        assert all(len(item["tags"]) == per_item for item in data["items"])
        assert all(item["see_also"] for item in data["items"])
    assert counts[20] == counts[100]
    # The same number again with one tag and one pick per item.
    _decorate(articles, tags_of=lambda i: [VOCABULARY[i % 8]], picks_of=lambda i: [])
    few, _ = _count(client, LISTING.format(limit=100))
    assert few <= counts[100]


def test_listing_queries_do_not_grow_from_one_to_six_tags(client, hundred):
    articles, others = hundred
    results = []
    for per_item in (1, 6):
        SeeAlsoItem.objects.all().delete()
        _decorate(
            articles,
            tags_of=lambda i, p=per_item: [VOCABULARY[(i + k) % 8] for k in range(p)],
            picks_of=lambda i, p=per_item: [
                (articles[(i + 1 + k) % len(articles)], "") for k in range(p)
            ],
        )
        results.append(_count(client, LISTING.format(limit=100))[0])
    # Six picks fill the panel without the shared-tag and recency queries.
    assert results[1] <= results[0]


def test_batched_see_also_equals_each_page_resolution(client, hundred):
    articles, others = hundred
    n = len(articles)
    # A mix: no tags and no picks (recency only), shared tags, labelled picks,
    # picks of hidden pages (private, unpublished) and of the page itself.
    hidden = articles[7]
    make_private(hidden)
    ArticlePage.objects.filter(pk=articles[8].pk).update(live=False)

    def picks(i):
        chosen = [
            (articles[(i * 3 + k) % n], f"Lien {k}" if k % 2 else "")
            for k in range(i % 7)
        ]
        if i % 5 == 0:
            chosen += [(hidden, ""), (articles[8], ""), (articles[i], "")]
        if i % 4 == 0:
            chosen.insert(0, (others[i % 2], "À lire"))
        return chosen

    _decorate(
        articles,
        tags_of=lambda i: [VOCABULARY[(i * k) % 8] for k in range(i % 7)],
        picks_of=picks,
    )
    data = client.get(LISTING.format(limit=100)).json()
    assert len(data["items"]) == 98  # the private and the unpublished ones left
    for item in data["items"]:
        page = ArticlePage.objects.get(pk=item["id"])
        assert item["see_also"] == page.see_also, item["id"]
        assert item["tags"] == [
            {"name": tag.name, "slug": tag.slug}
            for tag in sorted(page.tags.all(), key=lambda tag: tag.name)
        ]
        assert hidden.pk not in {entry["id"] for entry in item["see_also"]}


@pytest.mark.parametrize("fields", ["tags", "*,-see_also"])
def test_listing_without_see_also_does_not_resolve_it(
    client, hundred, fields, monkeypatch
):
    from editorial.api import v2 as api_v2

    def fail(*args, **kwargs):
        raise AssertionError("see-also resolved though not asked for")

    monkeypatch.setattr(api_v2, "resolve_see_also_many", fail)
    url = f"/api/v2/pages/?type=articles.ArticlePage&fields={fields}"
    data = client.get(url).json()
    assert "see_also" not in data["items"][0]
    assert "tags" in data["items"][0]


def test_fields_star_batches_see_also_too(client, hundred):
    # ``*`` also asks for other fields that cost a query per item today
    # (contributors, audio version): only see-also and tags are checked here.
    data = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=*").json()
    for item in data["items"][:5]:
        page = ArticlePage.objects.get(pk=item["id"])
        assert item["see_also"] == page.see_also
        assert item["tags"] == sorted(tag.name for tag in page.tags.all())


def test_search_with_see_also_still_works(client, hundred):
    response = client.get(
        "/api/v2/pages/?type=glossary.GlossaryEntryPage&fields=see_also,tags&search=Terme"
    )
    assert response.status_code == 200
    assert response.json()["items"]
    assert "see_also" in response.json()["items"][0]


@pytest.mark.parametrize(
    "query",
    [
        "type=articles.ArticlePage&fields=nope",
        "type=articles.ArticlePage&fields=see_also,nope",
        "type=nope.Nope",
        "type=articles",
        "limit=-1",
        "limit=abc",
        "limit=101",
        "offset=-5",
        "offset=x",
        "order=nope",
        "fields=see_also",  # see_also exists only on a specific type
        "unknown_parameter=1",
        "type=articles.ArticlePage&fields=see_also(",
    ],
)
def test_bad_input_is_a_400_json_message(client, hundred, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize("query", ["limit=-1", "offset=x", "fields=nope", "order=nope"])
def test_media_bad_input_is_a_400(client, db, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_batched_see_also_of_another_site_equals_its_pages(
    client, article_index, other_site
):
    from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, see_also

    here = tag(ArticlePageFactory(parent=article_index, title="Ici"), "b2b")
    there_index = ArticleIndexPageFactory(parent=other_site, slug="articles-autres")
    there = [
        tag(ArticlePageFactory(parent=there_index, title=f"Là {n}"), "b2b")
        for n in range(3)
    ]
    see_also(there[0], here, there[1])  # a pick from the other site is no see-also
    url = "/api/v2/pages/?type=articles.ArticlePage&fields=see_also&site=other.example"
    data = client.get(url).json()
    assert {item["id"] for item in data["items"]} == {page.pk for page in there}
    for item in data["items"]:
        page = ArticlePage.objects.get(pk=item["id"])
        assert item["see_also"] == page.see_also
        assert here.pk not in {entry["id"] for entry in item["see_also"]}


@pytest.mark.usefixtures("page_cache_off")
def test_total_count_is_cached_per_filter_and_follows_publishing(client, article_index):
    bulk_articles(article_index, 3)
    listing_cache.bump()  # (bulk inserts send no signal)
    url = "/api/v2/pages/?type=articles.ArticlePage&limit=1"
    assert client.get(url).json()["meta"]["total_count"] == 3
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url + "&offset=2").json()
    assert data["meta"]["total_count"] == 3 and len(data["items"]) == 1
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    # Another filter has its own count.
    tag(ArticlePage.objects.first(), "rare")
    tagged = client.get(url + "&tags=rare").json()
    assert tagged["meta"]["total_count"] == 1
    # Publishing, unpublishing and privacy change the count at once.
    draft = ArticlePageFactory(parent=article_index, live=False)
    assert client.get(url).json()["meta"]["total_count"] == 3
    draft.save_revision().publish()
    assert client.get(url).json()["meta"]["total_count"] == 4
    make_private(draft)
    assert client.get(url).json()["meta"]["total_count"] == 3
