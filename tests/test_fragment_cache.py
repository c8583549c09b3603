"""An article's rendered body and table of contents are kept between renders
(editorial.fragment_cache), and never served stale: a publication of the
article, of a page it links to or embeds (a glossary entry, an episode, a
related article), a change to an image it shows, a preview: each shows what a
render without the cache would show."""

import json

from django.test import RequestFactory, override_settings

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from editorial import cache_tags
from editorial.blocks import BodyBlock
from editorial.fragment_cache import fragment
from glossary.models import GlossarySettings
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, tag
from tests.factories_articles import ImageFactory
from tests.factories_glossary import entry, term

# What rendering costs and shows, not what the page cache serves.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


@pytest.fixture
def parts(article_index, glossary_index, show):
    return {
        "entry": entry(glossary_index, "Inbound", definition="Attirer sans pousser."),
        "episode": PodcastEpisodePageFactory(parent=show, title="Épisode 7"),
        "related": ArticlePageFactory(
            parent=article_index, title="Lecture liée", slug="lecture-liee"
        ),
        "image": ImageFactory(title="Photo d'équipe"),
    }


@pytest.fixture
def article(article_index, parts):
    # Created on the first read of a site's settings: a change every page shows.
    GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    page = ArticlePageFactory(
        parent=article_index,
        title="Article en cache",
        show_table_of_contents=True,
        body=json.dumps(body(parts, "Premier titre")),
    )
    page.save_revision().publish()
    return page


def body(parts, heading):
    return [
        {"type": "heading", "value": {"text": heading, "level": "h2", "anchor": ""}},
        {
            "type": "paragraph",
            "value": f"<p>Le {term(parts['entry'])} et "
            f'<a linktype="page" id="{parts["related"].pk}">une lecture</a>.</p>',
        },
        {
            "type": "image",
            "value": {
                "image": parts["image"].pk,
                "alt_text": "",
                "caption": "Légende",
                "credit": "",
            },
        },
        {
            "type": "podcast_episode",
            "value": {"episode": parts["episode"].pk, "introduction": ""},
        },
    ]


def rendered(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".article__body"), soup.select_one(".article__toc")


@pytest.fixture
def body_renders(monkeypatch):
    calls = []
    real = BodyBlock.render_basic

    def counting(self, value, context=None):
        calls.append(1)
        return real(self, value, context)

    monkeypatch.setattr(BodyBlock, "render_basic", counting)
    return calls


def test_the_body_is_rendered_once_then_served_the_same(client, article, body_renders):
    first, first_toc = rendered(client, article)
    again, again_toc = rendered(client, article)
    assert len(body_renders) == 1
    assert str(again) == str(first)
    assert str(again_toc) == str(first_toc)
    assert "Premier titre" in again_toc.get_text()
    with override_settings(PRESSROOM_FRAGMENT_CACHE=False):
        cold, cold_toc = rendered(client, article)
    assert len(body_renders) == 2
    assert str(cold) == str(first) and str(cold_toc) == str(first_toc)


def test_a_served_fragment_records_the_same_cache_tags(article, parts):
    request = RequestFactory().get(article.url)

    def collect():
        token = cache_tags.start()
        html = fragment(request, article, "test", lambda: render_links(parts))
        return html, cache_tags.stop(token)

    def render_links(parts):
        cache_tags.add_pages([parts["related"], parts["episode"]])
        return "html"

    miss_html, miss = collect()
    hit_html, hit = collect()
    assert miss_html == hit_html == "html"
    assert (
        hit.tags
        == miss.tags
        >= {
            cache_tags.page_tag(parts["related"].pk),
            cache_tags.page_tag(parts["episode"].pk),
        }
    )


def test_publishing_the_article_shows_its_new_body(client, article, parts):
    rendered(client, article)
    article.body = json.dumps(body(parts, "Nouveau titre"))
    article.save_revision().publish()
    new_body, toc = rendered(client, article)
    assert "Nouveau titre" in new_body.get_text()
    assert "Nouveau titre" in toc.get_text() and "Premier" not in toc.get_text()


def test_a_glossary_entry_published_shows_its_new_definition(client, article, parts):
    assert "Attirer sans pousser." in str(rendered(client, article)[0])
    glossary_entry = parts["entry"]
    glossary_entry.short_definition = "Faire venir le client."
    glossary_entry.save_revision().publish()
    html = str(rendered(client, article)[0])
    assert "Faire venir le client." in html and "Attirer sans pousser." not in html


def test_a_linked_page_moved_to_a_new_url_is_linked_there(client, article, parts):
    assert rendered(client, article)[0].select_one("a[href$='/lecture-liee/']")
    related = parts["related"]
    related.slug = "lecture-renommee"
    related.save_revision().publish()
    html = rendered(client, article)[0]
    assert html.select_one("a[href$='/lecture-renommee/']")
    assert not html.select_one("a[href$='/lecture-liee/']")


def test_an_embedded_episode_published_or_unpublished_shows_so(client, article, parts):
    assert "Épisode 7" in rendered(client, article)[0].get_text()
    episode = parts["episode"]
    episode.title = "Épisode 7 (rediffusion)"
    episode.save_revision().publish()
    assert "Épisode 7 (rediffusion)" in rendered(client, article)[0].get_text()
    episode.unpublish()
    assert "Épisode 7" not in rendered(client, article)[0].get_text()


def test_an_image_changed_shows_its_new_text(client, article, parts):
    image_html = str(rendered(client, article)[0].select_one("img"))
    assert "Photo d'équipe" in image_html or "Photo d&#x27;équipe" in image_html
    image = parts["image"]
    image.title = "Équipe au complet"
    image.save()
    assert "Équipe au complet" in str(rendered(client, article)[0].select_one("img"))


def test_a_preview_is_rendered_not_served_from_the_cache(
    client, article, parts, body_renders
):
    rendered(client, article)  # cached
    article.body = json.dumps(body(parts, "Titre du brouillon"))
    article.save_revision()  # a draft: readers keep the published body
    assert "Titre du brouillon" not in rendered(client, article)[0].get_text()
    renders = len(body_renders)
    draft = article.get_latest_revision_as_object()
    response = draft.make_preview_request()
    response.render()
    assert "Titre du brouillon" in response.content.decode()
    assert len(body_renders) == renders + 1
    # The readers' body is still the published one, from the cache.
    assert "Titre du brouillon" not in rendered(client, article)[0].get_text()
    assert len(body_renders) == renders + 1


# -- the aside: see-also panel and recent posts ------------------------------


def see_also(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("[data-see-also] li a")]


@pytest.fixture
def tagged(article_index, settings):
    settings.PRESSROOM_SEE_ALSO_COUNT = 1
    GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    page = tag(ArticlePageFactory(parent=article_index, title="Page"), "crm", "seo")
    other = tag(
        ArticlePageFactory(
            parent=article_index, title="Voisine", publication_date="2024-01-01"
        ),
        "crm",
    )
    return page, other


def test_the_aside_is_resolved_once_then_served(client, tagged, monkeypatch):
    from editorial.templatetags import editorial_tags

    calls = []
    real = editorial_tags.resolve_see_also_rows
    monkeypatch.setattr(
        editorial_tags,
        "resolve_see_also_rows",
        lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs),
    )
    page, _ = tagged
    assert see_also(client, page) == ["Voisine"]
    assert see_also(client, page) == ["Voisine"]
    assert len(calls) == 1


def test_the_aside_follows_candidates_picks_and_its_size(
    client, tagged, article_index, settings
):
    page, other = tagged
    assert see_also(client, page) == ["Voisine"]
    # A page sharing more tags: the refresh task recomputes the candidates.
    closer = tag(
        ArticlePageFactory(
            parent=article_index, title="Plus proche", publication_date="2023-01-01"
        ),
        "crm",
        "seo",
    )
    assert see_also(client, page) == ["Plus proche"]
    closer.title = "Plus proche encore"
    closer.save_revision().publish()
    assert see_also(client, page) == ["Plus proche encore"]
    settings.PRESSROOM_SEE_ALSO_COUNT = 2
    assert see_also(client, page) == ["Plus proche encore", "Voisine"]
    closer.unpublish()
    assert see_also(client, page) == ["Voisine"]


def test_the_see_also_refresh_task_renews_cached_asides(tagged):
    """In production the refresh runs later, from the task queue: asides
    cached in between are not served once it has run."""
    from editorial import listing_cache
    from editorial.tasks import rebuild_related, refresh_related

    before = listing_cache.generation()
    refresh_related.enqueue([tagged[0].pk])
    after_refresh = listing_cache.generation()
    assert after_refresh > before
    rebuild_related.enqueue()
    assert listing_cache.generation() > after_refresh


def test_a_served_fragment_holds_the_same_structured_data_for_every_reader(
    client, article_index, body_renders
):
    """An event block's JSON-LD inside the body is data, with no CSP nonce:
    the fragment served to the second reader is the one stored."""
    from tests.factories_articles import event_value
    from tests.test_csp import HEADER, directives, nonce_of

    page = ArticlePageFactory(
        parent=article_index,
        body=json.dumps([{"type": "event", "value": event_value()}]),
    )
    page.save_revision().publish()
    seen = []
    for _ in range(2):
        response = client.get(page.url)
        assert nonce_of(directives(response[HEADER])) is None
        scripts = BeautifulSoup(response.content, "html.parser").select(
            '.article__body script[type="application/ld+json"]'
        )
        assert scripts and not any(s.has_attr("nonce") for s in scripts)
        seen.append([script.string for script in scripts])
    assert seen[0] == seen[1]
    assert len(body_renders) == 1  # the second body came from the cache


def test_a_lost_generation_never_comes_back_to_an_earlier_value():
    """Fragments live minutes: a generation counter evicted or lost with its
    cache starts again above any value fragments may still be stored under."""
    from django.core.cache import cache

    from editorial import listing_cache

    listing_cache.bump()
    listing_cache.bump()
    before = listing_cache.generation()
    cache.delete(listing_cache.GENERATION_KEY)
    assert listing_cache.generation() > before
    cache.delete(listing_cache.GENERATION_KEY)
    listing_cache.bump()  # a bump with no counter starts one too
    assert listing_cache.generation() > before


def test_an_editors_draft_keeps_every_cached_fragment(
    client, article, parts, body_renders
):
    """Saving a draft (a new revision, a lock) changes nothing readers see:
    the content generation, and so every cached fragment and listing value
    of the site, is kept; publishing it renews them."""
    from editorial import listing_cache

    rendered(client, article)  # cached
    generation = listing_cache.generation()
    renders = len(body_renders)
    article.body = json.dumps(body(parts, "Titre du brouillon"))
    article.save_revision()
    other = parts["related"]
    other.title = "Lecture liée, brouillon"
    other.save_revision()
    assert listing_cache.generation() == generation
    assert "Titre du brouillon" not in rendered(client, article)[0].get_text()
    assert len(body_renders) == renders  # served from the cache
    article.get_latest_revision().publish()
    assert listing_cache.generation() != generation
    assert "Titre du brouillon" in rendered(client, article)[0].get_text()
    assert len(body_renders) > renders
