"""What hidden pages must not reveal: one visibility rule (live, public, on
schedule, in this site) for filters, feeds, rich-text links, listings, the
APIs and serving itself.

"Scheduled" and "expired" pages are live pages whose ``go_live_at`` is still
ahead or whose ``expire_at`` is past: the state between that time and the next
run of Wagtail's ``publish_scheduled`` command.
"""

import datetime
import xml.etree.ElementTree as ET

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page

import pytest

from articles.models import ArticlePage
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    see_also,
    tag,
)
from tests.factories_articles import CategoryFactory, PersonFactory, credit

HIDDEN_KINDS = ["draft", "private", "scheduled", "expired"]
OFF_SCHEDULE = ["scheduled", "expired"]


def hide(page, kind):
    """Make a published page hidden from readers in the way ``kind`` says."""
    if kind == "draft":
        page.unpublish()
    elif kind == "private":
        make_private(page)
    elif kind == "scheduled":
        Page.objects.filter(pk=page.pk).update(
            go_live_at=timezone.now() + datetime.timedelta(days=2)
        )
    elif kind == "expired":
        Page.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(hours=1)
        )
    page.refresh_from_db()
    return page


# -- /articles/ filters and the article feeds ------------------------------


@pytest.fixture
def filter_values(article_index):
    """A visible article and one hidden article per kind, each hidden one the
    only carrier of its tag, category and contributor."""
    visible = ArticlePageFactory(
        parent=article_index,
        title="Visible",
        category=CategoryFactory(name="Catégorie visible", slug="cat-visible"),
    )
    tag(visible, "visible-tag")
    credit(visible, PersonFactory(name="Alice Visible", slug="alice-visible"))
    for kind in HIDDEN_KINDS:
        article = ArticlePageFactory(
            parent=article_index,
            title=f"Caché {kind}",
            category=CategoryFactory(name=f"Catégorie {kind}", slug=f"cat-{kind}"),
        )
        tag(article, f"tag-{kind}")
        credit(article, PersonFactory(name=f"Personne {kind}", slug=f"person-{kind}"))
        hide(article, kind)
    return visible


def test_article_index_filters_offer_only_values_of_visible_articles(
    client, filter_values
):
    response = client.get("/articles/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("visible-tag", "cat-visible", "alice-visible"):
        assert f'value="{slug}"' in html
    for kind in HIDDEN_KINDS:
        for slug in (f"tag-{kind}", f"cat-{kind}", f"person-{kind}"):
            assert f'value="{slug}"' not in html
        assert f"Catégorie {kind}" not in html
        assert f"Personne {kind}" not in html


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_filtering_by_a_value_only_hidden_articles_carry_is_404(
    client, filter_values, kind
):
    for name, slug in (
        ("tag", f"tag-{kind}"),
        ("category", f"cat-{kind}"),
        ("contributor", f"person-{kind}"),
    ):
        assert client.get("/articles/", {name: slug}).status_code == 404
    assert client.get("/articles/", {"tag": "visible-tag"}).status_code == 200


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_feeds_of_a_tag_or_contributor_only_hidden_articles_carry_are_404(
    client, filter_values, kind
):
    for url in (
        f"/feeds/articles/tags/tag-{kind}/",
        f"/feeds/articles/tags/tag-{kind}/atom/",
        f"/feeds/articles/contributors/person-{kind}/",
        f"/feeds/articles/contributors/person-{kind}/atom/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        # The 404 page echoes the path the client asked for (og:url, the
        # language switch's ``next``); nothing else may name the hidden article
        # or the values only it carries.
        page = response.content.decode().replace(url, "")
        for hidden in (
            f"Caché {kind}",
            f"tag-{kind}",
            f"person-{kind}",
            f"Personne {kind}",
            f"cat-{kind}",
            f"Catégorie {kind}",
        ):
            assert hidden not in page, (url, hidden)
    assert client.get("/feeds/articles/tags/visible-tag/").status_code == 200
    assert client.get("/feeds/articles/contributors/alice-visible/").status_code == 200


# -- rich-text links to hidden pages ----------------------------------------


@pytest.fixture
def linking_article(article_index, glossary_index):
    """An article whose body links to a visible page and entry and to one
    hidden page and one hidden glossary entry of each kind."""
    visible_page = ArticlePageFactory(parent=article_index, slug="cible-visible")
    visible_entry = GlossaryEntryPageFactory(
        parent=glossary_index, title="Terme visible", slug="terme-visible"
    )
    links = [
        f'<a linktype="page" id="{visible_page.pk}">lien visible</a>',
        f'<a linktype="glossary" id="{visible_entry.pk}">terme visible</a>',
    ]
    for kind in HIDDEN_KINDS:
        target = ArticlePageFactory(parent=article_index, slug=f"cible-{kind}")
        entry = GlossaryEntryPageFactory(
            parent=glossary_index, title=f"Terme {kind}", slug=f"terme-{kind}"
        )
        hide(target, kind)
        hide(entry, kind)
        links += [
            f'<a linktype="page" id="{target.pk}">lien {kind}</a>',
            f'<a linktype="glossary" id="{entry.pk}">terme {kind}</a>',
        ]
    return ArticlePageFactory(
        parent=article_index,
        title="Article qui lie",
        slug="article-qui-lie",
        publication_date=datetime.date(2030, 1, 1),  # first in the feed
        body=[("paragraph", "<p>" + ", ".join(links) + ".</p>")],
    )


def assert_hidden_links_are_text(html):
    assert "cible-visible" in html
    assert "terme-visible" in html
    for kind in HIDDEN_KINDS:
        # The words stay, the addresses go.
        assert f"lien {kind}" in html
        assert f"terme {kind}" in html
        assert f"cible-{kind}" not in html, kind
        assert f"terme-{kind}" not in html, kind


def test_links_to_hidden_pages_are_text_on_the_page(client, linking_article):
    response = client.get(linking_article.url)
    assert response.status_code == 200
    assert_hidden_links_are_text(response.content.decode())


def test_links_to_hidden_pages_are_text_in_the_article_feed(client, linking_article):
    response = client.get("/feeds/articles/")
    assert response.status_code == 200
    # Found by title: the factories' dates grow with their sequence, so
    # another article may be newer in a long run.
    (item,) = (
        item
        for item in ET.fromstring(response.content).iter("item")
        if item.findtext("title") == "Article qui lie"
    )
    assert_hidden_links_are_text(item.findtext("description"))


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_links_to_hidden_pages_are_text_in_both_apis(client, linking_article, version):
    response = client.get(f"/api/{version}/pages/{linking_article.pk}/")
    assert response.status_code == 200
    body = response.json()["body"]
    assert_hidden_links_are_text(" ".join(block["value"] for block in body))


def test_links_to_hidden_pages_are_text_in_an_api_v2_listing(client, linking_article):
    response = client.get(
        "/api/v2/pages/",
        {"type": "articles.ArticlePage", "fields": "body", "slug": "article-qui-lie"},
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert_hidden_links_are_text(" ".join(block["value"] for block in item["body"]))


def test_links_to_hidden_pages_are_text_in_podcast_show_notes(
    client, article_index, show
):
    targets = {}
    for kind in HIDDEN_KINDS:
        targets[kind] = hide(
            ArticlePageFactory(parent=article_index, slug=f"cible-{kind}"), kind
        )
    visible = ArticlePageFactory(parent=article_index, slug="cible-visible")
    notes = [f'<a linktype="page" id="{visible.pk}">lien visible</a>']
    notes += [
        f'<a linktype="page" id="{page.pk}">lien {kind}</a>'
        for kind, page in targets.items()
    ]
    PodcastEpisodePageFactory(parent=show, show_notes="<p>" + " ".join(notes) + "</p>")
    response = client.get(show.url + "feed/")
    assert response.status_code == 200
    item = next(ET.fromstring(response.content).iter("item"))
    notes_html = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "cible-visible" in notes_html
    for kind in HIDDEN_KINDS:
        assert f"lien {kind}" in notes_html
        assert f"cible-{kind}" not in notes_html


# The page cache off: what is counted is the page rendering, not a cached hit.
@override_settings(PRESSROOM_PAGE_CACHE=False)
def test_links_to_hidden_pages_cost_no_query_per_link(client, article_index):
    """The page's query count is the same with 2 or 12 hidden link targets
    (and as many visible ones): links are resolved once per stream."""

    def queries_with(count):
        links = []
        for number in range(count):
            target = ArticlePageFactory(parent=article_index)
            hide(target, HIDDEN_KINDS[number % len(HIDDEN_KINDS)])
            links.append(f'<a linktype="page" id="{target.pk}">lien {number}</a>')
            visible = ArticlePageFactory(parent=article_index)
            links.append(f'<a linktype="page" id="{visible.pk}">visible</a>')
        article = ArticlePageFactory(
            parent=article_index,
            body=[("paragraph", f"<p>{link}</p>") for link in links],
        )
        client.get(article.url)  # what a first visit caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.url).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(12)


# -- scheduled and expired pages in every listing ---------------------------


@pytest.fixture
def off_schedule(article_index, glossary_index, show):
    """A visible article and, per kind, an article, a glossary entry and an
    episode off schedule, all tagged "partage" and titled with "nurturing"."""
    visible = ArticlePageFactory(
        parent=article_index, title="Nurturing visible", slug="visible"
    )
    tag(visible, "partage")
    hidden = {}
    for kind in OFF_SCHEDULE:
        pages = [
            ArticlePageFactory(
                parent=article_index,
                title=f"Nurturing article {kind}",
                slug=f"article-{kind}",
                publication_date=datetime.date(2031, 1, 1),
            ),
            GlossaryEntryPageFactory(
                parent=glossary_index,
                title=f"Nurturing terme {kind}",
                slug=f"terme-{kind}",
                publication_date=datetime.date(2031, 1, 1),
            ),
            PodcastEpisodePageFactory(
                parent=show,
                title=f"Nurturing épisode {kind}",
                slug=f"episode-{kind}",
                publication_date=datetime.date(2031, 1, 1),
            ),
        ]
        for page in pages:
            tag(page, "partage")
            hide(page, kind)
        hidden[kind] = pages
    return visible, hidden


def assert_nothing_off_schedule(text):
    for kind in OFF_SCHEDULE:
        for slug in (f"article-{kind}", f"terme-{kind}", f"episode-{kind}"):
            assert slug not in text, slug
        assert f"Nurturing article {kind}" not in text
        assert f"Nurturing terme {kind}" not in text
        assert f"Nurturing épisode {kind}" not in text


def test_off_schedule_pages_are_404_for_readers(client, off_schedule):
    visible, hidden = off_schedule
    assert client.get(visible.url).status_code == 200
    for pages in hidden.values():
        for page in pages:
            assert client.get(page.url).status_code == 404, page.url
    episode = hidden["expired"][2]
    # The episode's own routes too (the standalone player).
    assert client.get(episode.url + "player/").status_code == 404


def test_off_schedule_pages_are_in_no_html_listing(client, off_schedule):
    visible, _hidden = off_schedule
    urls = ["/tags/", "/tags/partage/", "/articles/", "/search/?q=nurturing"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_off_schedule(response.content.decode())
    # See also and recent posts on the visible article.
    response = client.get(visible.url)
    html = response.content.decode()
    assert_nothing_off_schedule(html)


def test_off_schedule_tag_counts_and_tag_pages(client, off_schedule):
    visible, _hidden = off_schedule
    for page in off_schedule[1]["expired"]:
        page.tags.add("fantome")
        page.save()
    assert client.get("/tags/fantome/").status_code == 404
    assert client.get("/feeds/articles/tags/fantome/").status_code == 404
    response = client.get("/api/v3/tags/")
    counts = {item["slug"]: item["count"] for item in response.json()}
    assert counts["partage"] == 1
    assert "fantome" not in counts


def test_off_schedule_pages_are_in_no_feed_or_sitemap(client, show, off_schedule):
    for url in ("/feeds/articles/", "/feeds/articles/atom/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_off_schedule(response.content.decode())
    response = client.get(show.url + "feed/")
    assert response.status_code == 200
    assert_nothing_off_schedule(response.content.decode())
    assert b"/visible/" in client.get("/sitemap.xml").content


def test_off_schedule_pages_are_in_no_api_answer(client, off_schedule):
    visible, hidden = off_schedule
    for url in (
        "/api/v2/pages/",
        "/api/v2/pages/?type=articles.ArticlePage&fields=see_also",
        "/api/v2/pages/?type=glossary.GlossaryEntryPage",
        f"/api/v2/pages/?child_of={visible.get_parent().pk}",
        "/api/v3/pages/",
        "/api/v3/content/",
        "/api/v3/content/recent/",
        "/api/v3/tags/partage/",
        f"/api/v3/content/{visible.pk}/see-also/",
        "/api/v3/glossary/",
        "/api/v3/podcasts/episodes/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_off_schedule(response.content.decode())
    for pages in hidden.values():
        for page in pages:
            for version in ("v2", "v3"):
                response = client.get(f"/api/{version}/pages/{page.pk}/")
                assert response.status_code == 404, (version, page.url)
            assert (
                client.get("/api/v3/pages/find/", {"html_path": page.url}).status_code
                == 404
            )


def test_see_also_never_shows_an_off_schedule_pick(client, off_schedule):
    visible, hidden = off_schedule
    see_also(visible, *hidden["scheduled"], *hidden["expired"])
    response = client.get(visible.url)
    assert_nothing_off_schedule(response.content.decode())
    data = client.get(f"/api/v3/content/{visible.pk}/see-also/").json()
    assert {item["id"] for item in data}.isdisjoint(
        page.pk for pages in hidden.values() for page in pages
    )


def test_visibility_allows_follows_the_schedule(rf, off_schedule):
    from editorial.content import Visibility

    visible, hidden = off_schedule
    visibility = Visibility.for_request(rf.get("/"))
    assert visibility.allows(visible)
    for pages in hidden.values():
        for page in pages:
            assert not visibility.allows(page)
            assert not ArticlePage.objects.filter(visibility.q(), pk=page.pk).exists()


def test_autolink_terms_are_cached_no_later_than_the_next_schedule_change(
    glossary_index,
):
    from glossary.autolink import CACHE_TIMEOUT, _timeout_before_schedule_change

    GlossaryEntryPageFactory(parent=glossary_index)
    assert _timeout_before_schedule_change() == CACHE_TIMEOUT
    soon = GlossaryEntryPageFactory(parent=glossary_index)
    Page.objects.filter(pk=soon.pk).update(
        go_live_at=timezone.now() + datetime.timedelta(hours=1)
    )
    # The entry goes live within the hour: the list is rebuilt by then.
    assert 0 < _timeout_before_schedule_change() <= 3601
    Page.objects.filter(pk=soon.pk).update(
        go_live_at=None, expire_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert 0 < _timeout_before_schedule_change() <= 301
