"""Rendered list items kept between requests (``editorial.item_cache``): the
glossary index's cards and the feeds' items are the same served from the
cache as rendered, follow a publication, and are kept apart per host and
per format."""

import datetime
import re

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page

import pytest

from editorial import cache_tags, listing_cache
from editorial.item_cache import ItemBatch
from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry
from tests.factories_podcasts import quick_episodes

NONCE = re.compile(rb'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+')
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def rendered(client, url, **extra):
    """The answer at ``url`` rendered with no stored item, then served from
    the stored items (each request's CSP nonce left out)."""
    listing_cache.bump()
    first = client.get(url, **extra)
    assert first.status_code == 200
    second = client.get(url, **extra)
    return tuple(NONCE.sub(b"nonce", response.content) for response in (first, second))


def test_glossary_cards_from_the_cache_are_the_rendered_ones(client, glossary_index):
    entry(glossary_index, "Lead", "leads", "prospect", definition="Un contact.")
    entry(glossary_index, "B2B", "BtoB", definition="Entre entreprises.")
    for url in (glossary_index.url, f"{glossary_index.url}?letter=l"):
        first, second = rendered(client, url)
        assert second == first
    assert b"Un contact." in first and b"leads, prospect" in first
    client.get(glossary_index.url)  # (its cards stored for this generation)
    with CaptureQueriesContext(connection) as queries:
        client.get(glossary_index.url)
    # Stored cards: neither the entries' definitions nor their forms are read.
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if "glossaryalternativeform" in sql]
    assert not [sql for sql in statements if "short_definition" in sql]


def test_glossary_card_follows_a_publication(client, glossary_index):
    lead = entry(glossary_index, "Lead", definition="Ancienne définition.")
    assert "Ancienne définition." in client.get(glossary_index.url).content.decode()
    lead.short_definition = "Nouvelle définition."
    lead.save_revision().publish()
    html = client.get(glossary_index.url).content.decode()
    assert "Nouvelle définition." in html and "Ancienne" not in html
    Page.objects.get(pk=lead.pk).unpublish()
    assert "Nouvelle définition." not in client.get(glossary_index.url).content.decode()


def test_feed_items_from_the_cache_are_the_rendered_ones(client, article_index):
    first_article = ArticlePageFactory(parent=article_index, title="Premier")
    ArticlePageFactory(
        parent=article_index,
        title="Second",
        body=[
            (
                "paragraph",
                f'<p>Corps, <a linktype="page" id="{first_article.pk}">lien</a>.</p>',
            )
        ],
    )
    for url in ("/feeds/articles/", "/feeds/articles/atom/"):
        first, second = rendered(client, url)
        assert second == first
        assert b"Corps, " in first
    assert b"<entry>" in second and b"<item>" not in second  # Atom's own items


def test_feed_item_follows_a_publication(client, article_index):
    article = ArticlePageFactory(
        parent=article_index, body=[("paragraph", "<p>Premier texte.</p>")]
    )
    assert b"Premier texte." in client.get("/feeds/articles/").content
    article.body = [("paragraph", "<p>Second texte.</p>")]
    article.save_revision().publish()
    content = client.get("/feeds/articles/").content
    assert b"Second texte." in content and b"Premier texte." not in content


def test_feed_items_are_kept_apart_per_host(client, article_index):
    target = ArticlePageFactory(parent=article_index, title="Cible")
    ArticlePageFactory(
        parent=article_index,
        body=[("paragraph", f'<p><a linktype="page" id="{target.pk}">lien</a></p>')],
    )
    one = client.get("/feeds/articles/", HTTP_HOST="un.example").content
    two = client.get("/feeds/articles/", HTTP_HOST="deux.example").content
    # Relative links in the bodies are made absolute with the request's host.
    assert b"http://un.example/" in one and b"un.example" not in two
    assert b"http://deux.example/" in two


def test_podcast_feed_items_from_the_cache_follow_the_notes(client, show):
    episodes = quick_episodes(show, 3)
    url = f"{show.url}feed/"
    first, second = rendered(client, url)
    assert second == first and first.count(b"<item>") == 3
    episode = Page.objects.get(pk=episodes[0].pk).specific
    episode.show_notes = "<p>Notes revues.</p>"
    episode.save_revision().publish()
    content = client.get(url).content
    assert b"Notes revues." in content and content.count(b"<item>") == 3


def test_items_are_never_stored_for_a_preview(article_index):
    page = ArticlePageFactory(parent=article_index)
    rows = [Page.objects.get(pk=page.pk)]
    request = RequestFactory().get("/")
    request.is_preview = True
    batch = ItemBatch(request, "essai", rows)
    batch.put(0, batch.render(0, lambda: "rendu"))
    batch.save()
    request.is_preview = False
    assert ItemBatch(request, "essai", rows).missing == [0]


def test_an_item_is_not_served_past_the_expiry_of_what_it_shows(
    article_index, monkeypatch
):
    page = ArticlePageFactory(parent=article_index)
    shown = ArticlePageFactory(parent=article_index)
    shown.expire_at = timezone.now() + datetime.timedelta(hours=1)
    rows = [Page.objects.get(pk=page.pk)]
    request = RequestFactory().get("/")
    batch = ItemBatch(request, "essai", rows)
    batch.put(0, batch.render(0, lambda: cache_tags.add_pages([shown]) or "rendu"))
    batch.save()
    # Served, with what it shows recorded for the page cache.
    token = cache_tags.start()
    assert ItemBatch(request, "essai", rows).values == {0: "rendu"}
    collected = cache_tags.stop(token)
    assert cache_tags.page_tag(shown.pk) in collected.tags
    assert collected.expires == shown.expire_at
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr("editorial.item_cache.timezone.now", lambda: later)
    assert ItemBatch(request, "essai", rows).missing == [0]


def test_items_rendered_together_keep_only_their_own_page_when_asked(article_index):
    """A batch of content-list items (each shows its own page) stores each
    with its own page's tag and the shared ones, not every row's: what a hit
    reads does not grow with the number of items rendered together."""
    pages = [ArticlePageFactory(parent=article_index) for _ in range(3)]
    rows = [Page.objects.get(pk=page.pk) for page in pages]
    request = RequestFactory().get("/")

    def render_together():
        cache_tags.add_pages(rows)
        cache_tags.add(cache_tags.API)
        return {row.pk: f"rendu {row.pk}" for row in rows}

    batch = ItemBatch(request, "essai-liste", rows)
    loaded = batch.render_all(render_together, own_page_only=True)
    for index, row in enumerate(rows):
        batch.put(index, loaded[row.pk])
    batch.save()
    for row in rows:
        token = cache_tags.start()
        served = ItemBatch(request, "essai-liste", [row])
        collected = cache_tags.stop(token)
        assert served.values == {0: f"rendu {row.pk}"}
        assert collected.tags == {cache_tags.page_tag(row.pk), cache_tags.API}
    # All the items served together record every page shown, as rendered.
    token = cache_tags.start()
    assert len(ItemBatch(request, "essai-liste", rows).values) == 3
    collected = cache_tags.stop(token)
    assert {cache_tags.page_tag(row.pk) for row in rows} <= collected.tags


def test_item_keys_hashed_from_a_common_prefix_are_the_full_keys():
    from editorial.fragment_cache import digest, digest_prefix

    common = ("liste", 1, "fr", "exemple.test:8000", "https")
    for row in [(12, 34, "2026-11-30T10:00:00"), (5, "", "")]:
        assert digest(row, digest_prefix(common)) == digest((*common, *row))
