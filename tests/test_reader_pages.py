"""What a reader sees on the public pages: French typography, the interface
language switch (remembered, cached per language), ``lang`` attributes, the
footer's settings, the favicon, sharing tags, card pictures and the event
block's times."""

import json

from django.test import override_settings
from django.urls import reverse

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from editorial.typography import NBSP, NNBSP, french_html, french_text
from site_config.models import FooterSettings
from tests.factories import (
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    tag,
)
from tests.factories_articles import ImageFactory, event_value
from tests.factories_glossary import entry, paragraph, term
from tests.factories_podcasts import artwork, chapters, fixed_audio, subscribe_links

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


# -- French typography ---------------------------------------------------------


def test_french_spacing_rules():
    assert french_text("Pourquoi ? Parce que ; voilà ! Note : « oui »") == (
        f"Pourquoi{NNBSP}? Parce que{NNBSP}; voilà{NNBSP}! Note{NBSP}: "
        f"«{NNBSP}oui{NNBSP}»"
    )
    # Guillemets stuck to their word get their space; nothing is added
    # before ": ; ! ?" that had none (times, URLs, entities).
    assert french_text("«oui»") == f"«{NNBSP}oui{NNBSP}»"
    assert french_text("9:30, x&amp;y, /a?page=2") == "9:30, x&amp;y, /a?page=2"


def test_content_language_follows_overridden_settings():
    """The language settings are read once, and again when a test (or
    anything sending ``setting_changed``) changes them."""
    from editorial.typography import content_language, typeset

    assert content_language() == "fr"
    with override_settings(LANGUAGE_CODE="en-gb"):
        assert content_language() == "en"
        assert typeset("Oui : non") == "Oui : non"
    assert content_language() == "fr"
    assert typeset("Oui : non") == f"Oui{NBSP}: non"


def test_french_spacing_leaves_tags_attributes_urls_and_code_alone():
    html = (
        '<a href="/x/?a=1 ;b" title="Quoi ?">Quoi ?</a> voir '
        "https://example.com/a?b=1 <code>a ? b</code> fin !"
    )
    assert french_html(html) == (
        f'<a href="/x/?a=1 ;b" title="Quoi ?">Quoi{NNBSP}?</a> voir '
        f"https://example.com/a?b=1 <code>a ? b</code> fin{NNBSP}!"
    )


def test_titles_standfirsts_tooltips_and_feeds_get_french_spacing(
    client, article_index, glossary_index
):
    b2b = entry(glossary_index, "B2B", definition="BtoB ou B2B ? Les deux.")
    article = ArticlePageFactory(
        parent=article_index,
        title="Former : pourquoi ?",
        standfirst="Un « écosystème » !",
        body=[paragraph(f"<p>Le {term(b2b)} ? Oui : toujours.</p>")],
    )
    soup = soup_of(client.get(article.url))
    assert soup.select_one("h1.article__title").get_text() == (
        f"Former{NBSP}: pourquoi{NNBSP}?"
    )
    assert soup.select_one(".article__standfirst").get_text() == (
        f"Un «{NNBSP}écosystème{NNBSP}»{NNBSP}!"
    )
    body = soup.select_one(".article__body")
    assert f"B2B</a>{NNBSP}? Oui{NBSP}: toujours." in str(body).replace("&nbsp;", NBSP)
    link = body.select_one("a.glossary-term")
    assert link["title"] == f"BtoB ou B2B{NNBSP}? Les deux."
    definition = soup.select_one(f"#{link['aria-describedby']}")
    assert definition.get_text() == f"BtoB ou B2B{NNBSP}? Les deux."

    feed = client.get(reverse("articles:rss")).content.decode()
    assert f"<title>Former{NBSP}: pourquoi{NNBSP}?</title>" in feed


@override_settings(LANGUAGE_CODE="en")
def test_english_content_keeps_its_spaces(client, article_index):
    article = ArticlePageFactory(parent=article_index, title="Why ? Because : yes")
    soup = soup_of(client.get(article.url))
    assert soup.select_one("h1.article__title").get_text() == "Why ? Because : yes"


def test_event_times_in_french_without_the_readers_own_zone(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        body=json.dumps(
            [
                {"type": "event", "value": event_value(start_time="09:30:00")},
                {
                    "type": "event",
                    "value": event_value(
                        title="À Montréal",
                        time_zone="America/Montreal",
                        start_time="10:00:00",
                        end_time="11:15:00",
                    ),
                },
            ]
        ),
    )
    events = soup_of(client.get(article.url)).select(".block-event__when")
    paris = events[0].get_text(" ", strip=True)
    assert f"3 octobre 2024, 9{NBSP}h{NBSP}30 – 20{NBSP}h" in paris
    assert "Europe/Paris" not in paris and "(" not in paris
    montreal = events[1].get_text(" ", strip=True)
    assert f"10{NBSP}h – 11{NBSP}h{NBSP}15" in montreal
    assert "(heure de Montreal)" in montreal
    assert "America/" not in montreal


# -- interface language ------------------------------------------------------------


def test_language_switch_is_remembered_and_validated(client, home):
    response = client.get("/language/", {"lang": "en", "next": "/tags/"})
    assert response.status_code == 302
    assert response["Location"] == "/tags/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    # The next page is in English, and so are the following ones.
    soup = soup_of(client.get("/tags/"))
    assert soup.html["lang"] == "en"
    assert soup_of(client.get("/")).html["lang"] == "en"

    for params in (
        {"lang": "de", "next": "/"},
        {"next": "/"},
        {"lang": "en", "next": "https://evil.example/"},
        {"lang": "en", "next": "//evil.example/"},
    ):
        response = client.get("/language/", params)
        assert response.status_code == 400, params
        assert "django_language" not in response.cookies
    assert client.post("/language/", {"lang": "en"}).status_code == 405


def test_switch_is_in_the_header_and_marks_the_current_language(client, home):
    soup = soup_of(client.get("/"))
    links = soup.select("header .language-switch a")
    assert [(a["lang"], a.get("aria-current")) for a in links] == [
        ("fr", "true"),
        ("en", None),
    ]
    assert links[1]["href"] == "/language/?lang=en&next=/"


def test_cached_pages_are_kept_per_language(client, article_index):
    """A French page in the page cache is never served to an English reader,
    and both languages are cached (the switch keeps pages cacheable)."""
    article = ArticlePageFactory(parent=article_index, title="Bonjour")
    french = client.get(article.url)
    assert french["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert "Cache-Control" in french and "public" in french["Cache-Control"]

    client.cookies["django_language"] = "en"
    english = client.get(article.url)
    assert english["X-Page-Cache"] == "miss"
    soup = soup_of(english)
    assert soup.html["lang"] == "en"
    assert "public" in english["Cache-Control"]
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    # French content inside the English interface keeps its language.
    assert soup.select_one("h1.article__title")["lang"] == "fr"

    client.cookies["django_language"] = "fr"
    assert soup_of(client.get(article.url)).html["lang"] == "fr"


def test_feeds_declare_the_contents_language_not_the_interface(client, article_index):
    ArticlePageFactory(parent=article_index)
    client.cookies["django_language"] = "en"
    feed = client.get(reverse("articles:rss")).content.decode()
    assert "<language>fr</language>" in feed


# -- footer, icons, sharing ---------------------------------------------------


def test_footer_links_come_from_the_site_settings(client, home, article_index):
    about = ArticlePageFactory(parent=article_index, title="À propos")
    legal = ArticlePageFactory(parent=article_index, title="Mentions légales")
    hidden = ArticlePageFactory(parent=article_index, title="Brouillon")
    hidden.unpublish()
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.about_page = about
    footer.legal_notice_page = legal
    footer.privacy_page = hidden
    footer.newsletter_url = "https://lettre.example/inscription"
    footer.social_links = [
        ("link", {"network": "LinkedIn", "url": "https://linkedin.example/p"})
    ]
    footer.save()

    soup = soup_of(client.get("/"))
    pages = [a.get_text() for a in soup.select(".site-footer__nav a")]
    assert pages[:2] == ["À propos", "Mentions légales"]
    assert "Brouillon" not in pages
    follow = {a.get_text(): a["href"] for a in soup.select(".site-footer__follow a")}
    assert follow == {
        "Lettre d’information": "https://lettre.example/inscription",
        "Flux RSS": reverse("articles:rss"),
        "LinkedIn": "https://linkedin.example/p",
    }


def test_header_offers_search_once(client, home):
    soup = soup_of(client.get("/"))
    header = soup.select_one("header.site-header")
    assert len(header.select("form[role=search]")) == 1
    assert not header.select(f".main-nav a[href='{reverse('search')}']")


def test_favicon_and_touch_icons(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    soup = soup_of(client.get("/"))
    assert soup.select_one("link[rel=apple-touch-icon]")["href"].endswith(".png")
    assert client.get("/favicon.ico", HTTP_HOST="127.0.0.1").status_code == 200


def test_every_page_type_has_open_graph_and_twitter_tags(
    client, home, article_index, glossary_index, show
):
    b2b = entry(glossary_index, "B2B", definition="Le commerce entre entreprises.")
    episode = PodcastEpisodePageFactory(parent=show)
    article = ArticlePageFactory(parent=article_index)
    tag(article, "formation")
    for url in (
        "/",
        article_index.url,
        article.url,
        glossary_index.url,
        b2b.url,
        show.url,
        episode.url,
        "/tags/",
        "/tags/formation/",
        "/search/?q=b2b",
    ):
        soup = soup_of(client.get(url))
        og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
        assert og.get("og:title"), url
        assert og.get("og:url", "").startswith("http"), url
        assert soup.select_one("meta[name='twitter:card']"), url
    soup = soup_of(client.get(b2b.url))
    assert soup.select_one("meta[property='og:title']")["content"] == "B2B"
    assert soup.select_one("meta[property='og:url']")["content"].endswith(b2b.url)
    assert soup.select_one("meta[property='og:description']")["content"] == (
        "Le commerce entre entreprises."
    )


# -- cards, player ----------------------------------------------------------------


def test_cards_show_their_items_picture_or_their_types_tile(
    client,
    page_cache_off,
    django_assert_max_num_queries,
    article_index,
    show,
    glossary_index,
):
    show.artwork = artwork()
    show.save_revision().publish()
    for number in range(2):
        ArticlePageFactory(
            parent=article_index,
            title=f"A{number}",
            hero_image=ImageFactory(file__width=320, file__height=180),
        )
    ArticlePageFactory(parent=article_index, title="Sans image")
    PodcastEpisodePageFactory(parent=show, title="Épisode")
    entry(glossary_index, "Webinaire")

    soup = soup_of(client.get("/"))
    cards = {
        card.select_one(".card__title").get_text(): card
        for card in soup.select(".home-section .card")
    }
    assert cards["A0"].select_one(".card__image img")
    assert (
        cards["A0"].select_one(".card__image img")["src"]
        != (cards["A1"].select_one(".card__image img")["src"])
    )
    # The episode has no artwork of its own: its show's, square, shown whole
    # on a tinted tile (not cropped to 16:9, which cut its caption).
    episode_picture = cards["Épisode"].select_one(".card__image")
    assert "card__image--whole" in episode_picture["class"]
    assert "max-640x360" in episode_picture.img["src"]
    assert "fill-" not in episode_picture.img["src"]
    # A landscape hero image fills the frame.
    assert "card__image--whole" not in cards["A0"].select_one(".card__image")["class"]
    assert "fill-640x360" in cards["A0"].select_one(".card__image img")["src"]
    fallback = cards["Sans image"].select_one(".card__image--fallback")
    assert fallback["aria-hidden"] == "true"
    assert "card__image--glossary-glossaryentrypage" in " ".join(
        cards["Webinaire"].select_one(".card__image")["class"]
    )

    # Pictures cost the same queries for 3 articles as for 6.
    client.get("/")
    with django_assert_max_num_queries(60) as small:
        client.get("/")
        count = len(small.captured_queries)
    for number in range(3):
        ArticlePageFactory(
            parent=article_index, title=f"B{number}", hero_image=ImageFactory()
        )
    client.get("/")
    with django_assert_max_num_queries(count):
        client.get("/")


def test_chapters_seek_the_player(client, show):
    episode = PodcastEpisodePageFactory(parent=show)
    chapters(episode, (0, "Intro"), (95, "La suite"))
    soup = soup_of(client.get(episode.url))
    links = soup.select(".episode__chapters a[data-seek]")
    assert [a["data-seek"] for a in links] == ["0", "95"]
    assert links[1]["href"].endswith("#t=95")


def test_player_window_shows_artwork_and_brand(client, show):
    show.artwork = artwork()
    show.save_revision().publish()
    episode = PodcastEpisodePageFactory(parent=show)
    soup = soup_of(client.get(episode.url + "player/"))
    assert soup.select_one(".player-window__artwork img")
    assert soup.select_one(".player-window__brand a")["href"] == "/"


def test_square_and_portrait_pictures_are_shown_whole_landscape_ones_cropped():
    from editorial.content import ContentItem

    def item(width, height):
        return ContentItem(
            page=None, image=ImageFactory.build(width=width, height=height)
        )

    assert item(1400, 1400).image_whole  # podcast artwork
    assert item(600, 900).image_whole  # portrait
    assert not item(1600, 900).image_whole  # 16:9
    assert not item(800, 600).image_whole  # 4:3 photo: cropped a little
    assert not ContentItem(page=None).image_whole


def test_a_show_s_subscribe_links_appear_once_per_page_in_navs_named_after_it(
    client, page_cache_off, home, article_index, show
):
    """An article whose audio version and a body episode block belong to the
    same show listed its links twice, in two navs of the same name (axe's
    landmark-unique); another show's nav has a name of its own."""
    from editorial.models import PlayableVersion
    from tests.factories import PodcastShowPageFactory

    subscribe_links(show, ("apple", "https://podcasts.apple.com/x"), ("rss", ""))
    other = PodcastShowPageFactory(parent=home, title="Autre émission", slug="autre")
    subscribe_links(other, ("spotify", "https://open.spotify.com/show/y"))
    version = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    block = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    elsewhere = PodcastEpisodePageFactory(parent=other, audio=fixed_audio())
    article = ArticlePageFactory(
        parent=article_index,
        body=json.dumps(
            [
                {
                    "type": "podcast_episode",
                    "value": {"episode": episode.pk, "introduction": "À écouter"},
                }
                for episode in (block, elsewhere)
            ]
        ),
    )
    PlayableVersion.objects.create(page=article, playable=version)

    soup = soup_of(client.get(article.url))
    assert len(soup.select("div.player")) == 3
    navs = soup.select("nav.subscribe-links")
    labels = [nav["aria-label"] for nav in navs]
    assert len(labels) == 2
    assert len(set(labels)) == 2
    # The show's links sit under the first of its players, the article's bar.
    assert soup.select(".podcast-bar nav.subscribe-links")
    assert show.title in labels[0]
    assert "Autre émission" in labels[1]
