"""The page cache for anonymous readers (editorial.page_cache): hits cost no
query, purges are exact (publish, unpublish, move, delete, tag and see-also
changes), nothing personal is ever kept, conditional GETs get a 304."""

import datetime
import re
import time
import uuid

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from editorial import cache_tags
from editorial.models import Person
from editorial.page_cache import (
    GENERATION_PREFIX,
    LocalEntries,
    _generations_for_store,
    local_entries,
    purge,
)
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    see_also,
    tag,
)

HIT = "hit"


def state(response):
    return response.headers.get("X-Page-Cache")


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def article(article_index):
    return tag(
        ArticlePageFactory(parent=article_index, title="Article en cache"), "marketing"
    )


# -- hits --------------------------------------------------------------------


def test_second_visit_is_a_hit_without_any_query(
    client, article, django_assert_num_queries
):
    first = client.get(article.url)
    assert first.status_code == 200
    assert state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert state(second) == HIT
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/tags/",
        "/tags/marketing/",
        "/feeds/articles/",
        "/sitemap.xml",
        "/api/v2/pages/?type=articles.ArticlePage&fields=*",
        "/api/v3/pages/",
        "/api/v3/content/",
        "/api/v3/tags/",
    ],
)
def test_listings_feeds_and_api_are_hits_without_any_query(
    client, article, url, django_assert_num_queries
):
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(url)
    assert state(response) == HIT


def test_shared_response_headers(client, article):
    response = client.get(article.url)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=86400"
    tags = response["X-Cache-Tags"].split()
    assert f"page-{article.pk}" in tags
    assert f"listing-{article.pk}" in tags  # its own children, if any
    assert "tag-marketing" in tags  # its see-also panel fills by shared tags
    assert "all" in tags and "recent" in tags
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    vary = {header.strip().lower() for header in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary


@override_settings(PRESSROOM_BROWSER_MAX_AGE=30, PRESSROOM_PAGE_CACHE_TIMEOUT=600)
def test_lifetimes_follow_the_settings(client, article):
    client.get(article.url)
    response = client.get(article.url)
    assert state(response) == HIT
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])
    assert max_age == 30
    assert 590 <= s_maxage <= 600


def test_an_expiring_page_shortens_the_life_of_what_shows_it(
    client, article_index, article
):
    expiring = ArticlePageFactory(parent=article_index, title="Bientôt expiré")
    type(expiring).objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() + datetime.timedelta(minutes=10)
    )
    response = client.get("/articles/")
    assert "Bientôt expiré" in response.content.decode()
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])
    assert 0 < s_maxage <= 600


def test_head_is_served_from_the_get_entry(client, article, django_assert_num_queries):
    full = client.get(article.url)
    with django_assert_num_queries(0):
        head = client.head(article.url)
    assert state(head) == HIT
    assert head.content == b""
    assert int(head["Content-Length"]) == len(full.content)


def test_query_parameters_in_any_order_share_an_entry(client, article):
    client.get("/articles/", {"tag": "marketing", "page": "1"})
    response = client.get("/articles/?page=1&tag=marketing")
    assert state(response) == HIT


def test_each_language_has_its_own_entry(client, article):
    french = client.get(article.url, HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en")
    assert state(english) == "miss"
    assert '<html lang="fr"' in french.content.decode()
    assert '<html lang="en"' in english.content.decode()
    again = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert state(again) == HIT
    assert '<html lang="en"' in again.content.decode()


@override_settings(PRESSROOM_PAGE_CACHE=False)
def test_cache_off_renders_every_time_with_the_same_headers(client, article):
    client.get(article.url)
    response = client.get(article.url)
    assert state(response) is None
    assert response["Cache-Control"].startswith("public")
    assert f"page-{article.pk}" in response["X-Cache-Tags"].split()


def test_a_hit_is_the_stored_page_with_no_secret_of_one_reader(client, article):
    """What is stored is shared by every reader (here, and by Varnish): no
    CSP nonce in the header or the body, so a hit is byte-identical to the
    miss and its policy the same."""
    first = client.get(article.url)
    second = client.get(article.url)
    assert (state(first), state(second)) == ("miss", HIT)
    assert "'nonce-" not in first["Content-Security-Policy"]
    assert b"nonce" not in first.content
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["ETag"] == first["ETag"]


# -- conditional GET -----------------------------------------------------------


CONDITIONAL_URLS = [
    "page",
    "/feeds/articles/",
    "/podcast/feed/",
    "/api/v2/pages/",
    "/api/v2/pages/{pk}/",
    "/api/v3/pages/",
    "/api/v3/pages/{pk}/",
    "/api/v3/content/",
]


@pytest.fixture
def conditional_url(request, article, show):
    url = request.param
    return article.url if url == "page" else url.format(pk=article.pk)


@pytest.mark.parametrize("conditional_url", CONDITIONAL_URLS, indirect=True)
def test_if_none_match_gets_a_304_without_rendering(
    client, conditional_url, django_assert_num_queries
):
    first = client.get(conditional_url)
    assert first.status_code == 200
    assert first["ETag"]
    with django_assert_num_queries(0):
        response = client.get(conditional_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]


@pytest.mark.parametrize("conditional_url", CONDITIONAL_URLS, indirect=True)
def test_if_modified_since_gets_a_304_without_rendering(
    client, conditional_url, django_assert_num_queries
):
    first = client.get(conditional_url)
    assert first["Last-Modified"]
    with django_assert_num_queries(0):
        response = client.get(
            conditional_url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
    assert response.status_code == 304


@override_settings(PRESSROOM_PAGE_CACHE=False)
@pytest.mark.parametrize("conditional_url", CONDITIONAL_URLS, indirect=True)
def test_304_without_the_page_cache_too(client, conditional_url):
    first = client.get(conditional_url)
    response = client.get(conditional_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304


def test_a_stale_etag_gets_the_new_page(client, article):
    first = client.get(article.url)
    article.title = "Titre changé"
    publish(article)
    response = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert "Titre changé" in response.content.decode()


# -- purges ------------------------------------------------------------------


def api_titles(client, url):
    data = client.get(url).json()
    items = data.get("items", data) if isinstance(data, dict) else data
    return {item.get("title") for item in items}


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert state(client.get(url)) == HIT, url


@pytest.fixture
def neighbour(article_index):
    """A page sharing the tag "marketing": its see-also panel fills by it."""
    return tag(
        ArticlePageFactory(
            parent=article_index, title="Voisin", publication_date="2020-01-01"
        ),
        "marketing",
    )


READER_URLS = [
    "/",
    "/articles/",
    "/tags/",
    "/tags/marketing/",
    "/feeds/articles/",
    "/search/?q=publication",
]
API_URLS = [
    "/api/v2/pages/?type=articles.ArticlePage",
    "/api/v3/pages/",
    "/api/v3/content/",
    "/api/v3/tags/marketing/",
]


def test_publishing_purges_every_response_that_may_show_the_page(
    client, article_index, article, neighbour
):
    warm(client, [*READER_URLS, *API_URLS, neighbour.url])
    new = tag(
        ArticlePageFactory(parent=article_index, title="Toute nouvelle publication"),
        "marketing",
    )
    for url in READER_URLS:
        assert state(client.get(url)) != HIT, url
    for url in [*READER_URLS, neighbour.url]:
        if url == "/tags/":
            continue  # tag names and counts only
        response = client.get(url)
        assert "Toute nouvelle publication" in response.content.decode(), url
    for url in API_URLS:
        assert "Toute nouvelle publication" in client.get(url).content.decode(), url
    assert client.get(new.url).status_code == 200


def test_publishing_leaves_unrelated_responses_cached(
    client, home, article_index, article
):
    other_index = ArticleIndexPageFactory(
        parent=home, title="Dossiers", slug="dossiers"
    )
    warm(client, [other_index.url])
    tag(ArticlePageFactory(parent=article_index, title="Ailleurs"), "marketing")
    # The other index lists its own children: still a hit.
    assert state(client.get(other_index.url)) == HIT


def test_a_new_title_reaches_every_page_showing_the_page(
    client, article_index, article, neighbour
):
    warm(client, [neighbour.url, "/", "/tags/marketing/"])
    article.title = "Titre révisé"
    publish(article)
    for url in [neighbour.url, "/", "/tags/marketing/", article.url]:
        assert "Titre révisé" in client.get(url).content.decode(), url


def test_unpublishing_removes_the_page_everywhere(
    client, article_index, article, neighbour
):
    see_also(neighbour, article)
    publish(neighbour)
    detail_urls = [
        article.url,
        f"/api/v2/pages/{article.pk}/",
        f"/api/v3/pages/{article.pk}/",
    ]
    warm(client, [*READER_URLS, *API_URLS, *detail_urls, neighbour.url])
    article.unpublish()
    for url in [*READER_URLS, *API_URLS, neighbour.url]:
        assert "Article en cache" not in client.get(url).content.decode(), url
    for url in detail_urls:
        assert client.get(url).status_code == 404, url


def test_deleting_removes_the_page_everywhere(client, article_index, article):
    warm(client, [*READER_URLS, article.url])
    url = article.url
    article.delete()
    assert client.get(url).status_code == 404
    for listing in READER_URLS:
        assert "Article en cache" not in client.get(listing).content.decode()


def test_moving_purges_both_parents_and_the_old_address(
    client, home, article_index, article
):
    other_index = ArticleIndexPageFactory(
        parent=home, title="Dossiers", slug="dossiers"
    )
    old_url = article.url
    warm(client, [old_url, article_index.url, other_index.url])
    article.move(other_index, pos="last-child")
    article.refresh_from_db()
    # Wagtail redirects the old address to the new one.
    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"].endswith(article.url)
    assert "Article en cache" not in client.get(article_index.url).content.decode()
    assert "Article en cache" in client.get(other_index.url).content.decode()
    assert client.get(article.url).status_code == 200


def test_a_tag_change_purges_the_old_and_the_new_tag_pages(
    client, article_index, article
):
    tag(ArticlePageFactory(parent=article_index, title="Stratège"), "strategie")
    warm(client, ["/tags/marketing/", "/tags/strategie/", "/tags/"])
    article.tags.set(["strategie"])
    publish(article)
    assert "Article en cache" not in client.get("/tags/marketing/").content.decode()
    assert "Article en cache" in client.get("/tags/strategie/").content.decode()
    assert state(client.get("/tags/")) != HIT


def test_a_see_also_pick_reaches_the_panel_and_the_api(client, article_index, article):
    old = ArticlePageFactory(
        parent=article_index, title="Archive choisie", publication_date="2001-01-01"
    )
    for _ in range(6):  # newer content fills the recency slots
        ArticlePageFactory(parent=article_index)
    see_also_api = f"/api/v3/content/{article.pk}/see-also/"
    warm(client, [article.url, see_also_api])
    assert "Archive choisie" not in client.get(article.url).content.decode()
    see_also(article, old)
    publish(article)
    assert "Archive choisie" in client.get(article.url).content.decode()
    assert "Archive choisie" in api_titles(client, see_also_api)


def test_a_pick_published_later_appears_in_the_panel(client, article_index, article):
    draft = ArticlePageFactory(
        parent=article_index,
        title="Choix pas encore publié",
        publication_date="2001-01-01",
        live=False,
    )
    for _ in range(6):
        ArticlePageFactory(parent=article_index)
    see_also(article, draft)
    publish(article)
    warm(client, [article.url])
    assert "Choix pas encore publié" not in client.get(article.url).content.decode()
    publish(draft)
    assert "Choix pas encore publié" in client.get(article.url).content.decode()


def test_a_glossary_entry_purges_everything(client, glossary_index, article):
    warm(client, [article.url, "/"])
    GlossaryEntryPageFactory(parent=glossary_index, title="Persona")
    assert state(client.get(article.url)) != HIT
    assert state(client.get("/")) != HIT


def test_snippets_people_and_settings_purge_everything(client, home, article):
    warm(client, [article.url])
    Person.objects.create(name="Claire Morvan", slug="claire-morvan")
    assert state(client.get(article.url)) != HIT
    assert state(client.get(article.url)) == HIT
    site = home.get_site()
    site.site_name = "Nouveau nom"
    site.save()
    assert "Nouveau nom" in client.get(article.url).content.decode()


def test_a_draft_purges_nothing(client, article):
    warm(client, [article.url])
    article.title = "Brouillon"
    article.save_revision()
    response = client.get(article.url)
    assert state(response) == HIT
    assert "Brouillon" not in response.content.decode()


def test_a_404_is_kept_until_a_page_is_published_there(client, article_index):
    url = "/articles/bientot/"
    assert client.get(url).status_code == 404
    assert state(client.get(url)) == HIT
    ArticlePageFactory(parent=article_index, title="Bientôt", slug="bientot")
    assert client.get(url).status_code == 200


def test_a_purge_during_rendering_keeps_the_response_out():
    # Tags of this test only: a purge of a shared tag ("all") by another
    # process on the same cache (a task worker a test started) would renew
    # it between the two reads.
    tags = {f"page-{uuid.uuid4().hex}", f"listing-{uuid.uuid4().hex}"}
    started = time.time_ns()
    purge({sorted(tags)[0]})
    assert _generations_for_store(tags, started) is None
    assert _generations_for_store(tags, time.time_ns()) is not None


def test_a_lost_generation_is_a_miss(client, article):
    warm(client, [article.url])
    cache.delete(GENERATION_PREFIX + f"page-{article.pk}")
    assert state(client.get(article.url)) == "miss"


# -- never cached ------------------------------------------------------------


def test_logged_in_editors_are_never_served_nor_cached(admin_client, client, article):
    response = admin_client.get(article.url)
    assert state(response) is None
    assert "private" in response["Cache-Control"]
    assert "X-Cache-Tags" not in response
    # What the editor saw was not stored; a reader gets a fresh render.
    assert state(client.get(article.url)) == "miss"
    # …and the reader's entry is not served to the editor.
    assert state(admin_client.get(article.url)) is None


def test_any_session_cookie_bypasses_the_cache(client, article):
    warm(client, [article.url])
    client.cookies["sessionid"] = "anything"
    assert state(client.get(article.url)) is None


def test_api_with_credentials_bypasses_the_cache(client, article):
    warm(client, ["/api/v3/pages/"])
    response = client.get("/api/v3/pages/", HTTP_AUTHORIZATION="Bearer nope")
    assert state(response) is None
    assert "public" not in response.get("Cache-Control", "")


def test_admin_and_previews_are_no_store(client, admin_client, article):
    for response in (
        client.get("/admin/login/"),
        client.get("/api/v3/preview/", {"content_type": "x", "token": "y"}),
        admin_client.get(f"/admin/pages/{article.pk}/edit/preview/"),
    ):
        assert "no-store" in response["Cache-Control"]
        assert state(response) is None
        assert "X-Cache-Tags" not in response


def test_private_pages_are_never_stored_nor_served(client, article):
    warm(client, [article.url, "/articles/"])
    make_private(article)
    for _ in range(2):
        response = client.get(article.url)
        assert state(response) != HIT
        assert "Article en cache" not in response.content.decode() or (
            "password" in response.content.decode().lower()
        )
        assert "private" in response["Cache-Control"]
        assert "X-Cache-Tags" not in response
    assert "Article en cache" not in client.get("/articles/").content.decode()


def test_group_restricted_pages_are_never_stored(client, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 302
        assert state(response) != HIT


@pytest.mark.urls("tests.urls_page_cache")
@pytest.mark.parametrize(
    "url",
    [
        "/test-cache/cookie/",
        "/test-cache/csrf/",
        "/test-cache/error/",
        # Varies on a header the key does not hold.
        "/test-cache/vary/",
    ],
)
def test_cookies_csrf_tokens_and_errors_are_never_stored(client, home, url):
    for _ in range(2):
        response = client.get(url)
        assert state(response) is None
        assert "private" in response["Cache-Control"]
        assert "X-Cache-Tags" not in response


@pytest.mark.urls("tests.urls_page_cache")
def test_a_plain_view_is_cached(client, home):
    client.get("/test-cache/plain/")
    assert state(client.get("/test-cache/plain/")) == HIT


def test_api_v2_formats_have_their_own_entries(client, article):
    """API v2 answers JSON or its browsable HTML by ``Accept``: both cached,
    neither served for the other."""
    url = f"/api/v2/pages/{article.pk}/"
    client.get(url)
    html = client.get(url, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    again = client.get(url)
    assert state(again) == HIT
    assert again["Content-Type"].startswith("application/json")


def test_posts_are_private(client, article):
    response = client.post("/search/")
    assert "public" not in response.get("Cache-Control", "")
    assert state(response) is None


def test_public_forms_need_no_csrf_token(client, article):
    """The search box, the glossary search and the article filters are GET
    forms: pages showing them are cached."""
    for url in ("/", "/articles/", "/search/?q=article"):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert state(client.get(url)) == HIT, url


def test_tags_of_a_page_name_what_it_shows(client, article_index, article):
    other = ArticlePageFactory(parent=article_index, title="Autre")
    tags = client.get(article.url)["X-Cache-Tags"].split()
    # Recent posts show the other article.
    assert cache_tags.page_tag(other.pk) in tags
    index_tags = client.get(article_index.url)["X-Cache-Tags"].split()
    assert cache_tags.listing_tag(article_index.pk) in index_tags
    assert {cache_tags.page_tag(article.pk), cache_tags.page_tag(other.pk)} <= set(
        index_tags
    )


# -- entries kept in the process (besides Redis) -------------------------------


def test_local_entries_drop_the_oldest_past_their_size():
    local = LocalEntries(max_bytes=10)
    local.put("a", {"content": b"12345"})
    local.put("b", {"content": b"12345"})
    local.get("a")  # used: "b" is now the oldest
    local.put("c", {"content": b"123"})
    assert local.get("b") is None
    assert local.get("a") and local.get("c")
    local.put("huge", {"content": b"x" * 11})
    assert local.get("huge") is None
    assert local.size == 8


def test_entries_kept_in_the_process_still_follow_purges(client, article, tmp_path):
    """With a cache outside the process (a file cache stands in for Redis),
    hits come from the process's copy, checked against the shared purges."""
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    with override_settings(CACHES=shared):
        assert local_entries() is not None
        client.get(article.url)
        assert state(client.get(article.url)) == HIT  # copied into the process
        assert local_entries().entries
        # Generations lost with the shared cache: the process's copy is stale.
        cache.clear()
        assert state(client.get(article.url)) == "miss"
        client.get(article.url)
        assert state(client.get(article.url)) == HIT
        article.title = "Titre après purge"
        publish(article)
        response = client.get(article.url)
        assert state(response) != HIT
        assert "Titre après purge" in response.content.decode()


def test_entries_kept_in_the_process_stay_stale_once_the_generations_are_back(
    client, show, tmp_path
):
    """The shared cache emptied (flushed, restarted, or cleared between two
    tests), another response recreates the generations of shared tags
    ("all", "api", the site's) before a process's copy is asked for again:
    that copy, stored under the lost generations, must not match the new
    ones."""
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    url = "/api/v3/podcasts/episodes/"
    with override_settings(CACHES=shared):
        PodcastEpisodePageFactory(parent=show)
        tags = client.get(url)["X-Cache-Tags"]
        assert state(client.get(url)) == HIT  # copied into the process
        cache.clear()
        PodcastEpisodePageFactory(parent=show)  # no generation left to renew
        # The same shared tags as the list: their generations are created again.
        assert client.get("/api/v3/podcasts/shows/")["X-Cache-Tags"] == tags
        response = client.get(url)
        assert state(response) != HIT
        assert len(response.json()["items"]) == 2
