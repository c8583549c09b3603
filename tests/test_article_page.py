"""What readers and crawlers get from an article page: head metadata, JSON-LD,
contributors, category, dates and reading time, sponsorship, audio version; and
what survives the deletion of what the article points at."""

import json

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticleContributor, ArticlePage
from tests.factories import (
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    tag,
)
from tests.factories_articles import (
    CategoryFactory,
    ImageFactory,
    PartnerFactory,
    PersonFactory,
    credit,
    link,
)


def page_soup(client, page, **headers):
    response = client.get(page.url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld_of(soup, kind):
    for script in soup.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


@pytest.fixture
def full_article(article_index, show):
    claire = PersonFactory(
        name="Claire Morvan", slug="claire-morvan", organisation="Orbitale"
    )
    link(claire, "LinkedIn", "https://www.linkedin.com/in/claire")
    bruno = PersonFactory(name="Bruno Aubert", slug="bruno-aubert", organisation="")
    episode = PodcastEpisodePageFactory(parent=show, title="La version audio")
    article = ArticlePageFactory(
        parent=article_index,
        title="Former son écosystème",
        seo_title="Former son écosystème au-delà des salariés",
        search_description="Pourquoi et comment former partenaires et clients.",
        standfirst="Au-delà des salariés.",
        publication_date="2024-09-09",
        updated_date="2024-10-01",
        hero_image=ImageFactory(title="Héros", file__width=1600, file__height=900),
        hero_caption="Une formation",
        hero_credit="© Studio",
        category=CategoryFactory(name="Formation", slug="formation"),
        sponsor=PartnerFactory(name="Acme", url="https://acme.example/"),
        sponsorship_kind="partnership",
        sponsorship_text="Article produit avec Acme",
        audio_episode=episode,
        body=[("paragraph", "<p>" + "mot " * 1000 + "</p>")],
    )
    credit(article, claire, bruno, roles={bruno: "Interview"})
    tag(article, "b2b", "formation")
    return article


def test_head_has_title_description_canonical_social_cards(client, full_article):
    soup = page_soup(client, full_article)
    assert soup.title.get_text().startswith(
        "Former son écosystème au-delà des salariés"
    )
    assert soup.select_one('meta[name="description"]')["content"] == (
        "Pourquoi et comment former partenaires et clients."
    )
    assert soup.select_one('link[rel="canonical"]')["href"] == full_article.full_url
    og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Former son écosystème au-delà des salariés"
    assert og["og:url"] == full_article.full_url
    assert og["og:image"].startswith("http") and og["og:image:width"] == "1200"
    assert og["article:published_time"] == "2024-09-09"
    assert og["article:modified_time"] == "2024-10-01"
    twitter = {m["name"]: m["content"] for m in soup.select("meta[name^='twitter:']")}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:image"] == og["og:image"]
    feeds = soup.select('link[rel="alternate"]')
    assert {f["type"] for f in feeds} == {"application/rss+xml", "application/atom+xml"}


def test_article_json_ld(client, full_article):
    data = json_ld_of(page_soup(client, full_article), "Article")
    assert data["headline"] == "Former son écosystème au-delà des salariés"
    assert data["datePublished"] == "2024-09-09"
    assert data["dateModified"] == "2024-10-01"
    assert [a["name"] for a in data["author"]] == ["Claire Morvan", "Bruno Aubert"]
    assert data["author"][0]["affiliation"]["name"] == "Orbitale"
    assert data["author"][0]["url"].startswith("http")
    assert data["author"][0]["url"].endswith("/contributors/claire-morvan/")
    assert data["publisher"]["@type"] == "Organization"
    assert data["image"][0].startswith("http")
    assert sorted(data["keywords"]) == ["b2b", "formation"]
    assert data["articleSection"] == "Formation"


def test_visible_parts_in_french(client, full_article):
    soup = page_soup(client, full_article, HTTP_ACCEPT_LANGUAGE="fr")
    meta = soup.select_one(".article__meta").get_text(" ", strip=True)
    assert "09/09/2024" in meta and "01/10/2024" in meta
    # 1,003 words at 230 a minute: 5 minutes.
    assert full_article.reading_time == 5
    assert "5" in soup.select_one(".article__reading-time").get_text()
    names = [
        a.get_text() for a in soup.select(".article__contributors .contributor__name")
    ]
    assert names == ["Claire Morvan", "Bruno Aubert"]
    assert soup.select_one(".article__contributors a")["href"].endswith(
        "/contributors/claire-morvan/"
    )
    assert "Interview" in soup.select_one(".article__contributors").get_text()
    assert soup.select_one(".article__hero figcaption").get_text(" ", strip=True) == (
        "Une formation © Studio"
    )
    assert soup.select_one(".article__category").get_text() == "Formation"
    note = soup.select_one(".article__header .sponsorship-note")
    assert "Acme" in note.get_text()
    assert note.select_one("a")["rel"] == ["sponsored", "noopener"]
    bar = soup.select_one(".podcast-bar")
    assert bar.select_one(".podcast-bar__episode a").get_text() == "La version audio"
    assert bar.select_one("a[download]")["href"].endswith(".mp3")
    assert bar.select_one("a[target=_blank]")
    assert bar.select_one("audio[controls] source")["src"].endswith(".mp3")
    assert bar.select_one("audio[controls] source")["src"].endswith(".mp3")
    assert "0:14" in bar.get_text()
    bio = soup.select_one(".contributor-bio")
    assert bio.select_one("a[rel~=me]")["href"] == "https://www.linkedin.com/in/claire"


def test_reading_time_is_localised_in_english(client, full_article):
    soup = page_soup(client, full_article, HTTP_ACCEPT_LANGUAGE="en")
    assert soup.select_one(".article__reading-time").get_text() == "5 minutes read"
    # English short dates are month first: the update of 1 October 2024.
    assert "10/01/2024" in soup.select_one(".article__meta").get_text()


def test_table_of_contents_lists_headings(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        show_table_of_contents=True,
        body=[
            ("heading", {"text": "Première partie", "level": "h2", "anchor": ""}),
            ("heading", {"text": "Détail", "level": "h3", "anchor": "detail-1"}),
        ],
    )
    toc = page_soup(client, article).select_one(".article__toc")
    assert [(a["href"], a.get_text()) for a in toc.select("a")] == [
        ("#premiere-partie", "Première partie"),
        ("#detail-1", "Détail"),
    ]


def test_api_exposes_the_article_fields(client, full_article):
    data = client.get(f"/api/v2/pages/{full_article.pk}/").json()
    assert [c["name"] for c in data["contributors"]] == [
        "Claire Morvan",
        "Bruno Aubert",
    ]
    assert data["contributors"][0]["links"] == [
        {"label": "LinkedIn", "url": "https://www.linkedin.com/in/claire"}
    ]
    assert data["category_data"] == {"name": "Formation", "slug": "formation"}
    assert data["updated_date"] == "2024-10-01"
    assert data["reading_time"] == 5
    assert data["audio_version"]["title"] == "La version audio"
    assert data["sponsorship"]["partner"]["name"] == "Acme"
    assert data["hero_caption"] == "Une formation"


def test_sponsorship_without_kind_is_refused(article_index):
    from django.core.exceptions import ValidationError

    article = ArticlePageFactory(parent=article_index)
    article.sponsor = PartnerFactory()
    with pytest.raises(ValidationError):
        article.full_clean()


# -- deletions -----------------------------------------------------------------


def test_deleting_what_the_article_points_at_leaves_it_rendering(
    client, full_article, article_index, show
):
    from wagtail.images.models import Image

    related = ArticlePageFactory(parent=article_index, title="Bientôt supprimé")
    episode = PodcastEpisodePageFactory(parent=show, title="Épisode supprimé")
    person = PersonFactory(name="Orateur supprimé")
    image = ImageFactory()
    article = ArticlePageFactory(
        parent=article_index,
        body=json.dumps(
            [
                {
                    "type": "related_reading",
                    "value": {"page": related.pk, "label": "", "teaser": ""},
                },
                {
                    "type": "podcast_episode",
                    "value": {"episode": episode.pk, "introduction": ""},
                },
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": "",
                        "caption": "",
                        "credit": "",
                    },
                },
                {
                    "type": "event",
                    "value": {
                        "title": "Soirée",
                        "start_date": "2024-10-03",
                        "start_time": None,
                        "end_date": None,
                        "end_time": None,
                        "time_zone": "",
                        "online": True,
                        "place": "",
                        "description": "",
                        "speakers": [
                            {"person": person.pk, "name": "", "organisation": ""}
                        ],
                        "agenda": [],
                        "registration_url": "",
                    },
                },
            ]
        ),
        audio_episode=episode,
    )
    credit(article, person)
    full_article.category.delete()
    full_article.sponsor.delete()
    full_article.hero_image.delete()
    ArticleContributor.objects.filter(page=full_article).first().person.delete()
    related.delete()
    episode.delete()
    person.delete()
    Image.objects.filter(pk=image.pk).delete()

    for page in (full_article, article):
        page = ArticlePage.objects.get(pk=page.pk)
        response = client.get(page.url)
        assert response.status_code == 200
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
    html = client.get(article.url).content.decode()
    assert "Bientôt supprimé" not in html and "Épisode supprimé" not in html
    assert "Orateur supprimé" not in html
    refreshed = ArticlePage.objects.get(pk=full_article.pk)
    assert refreshed.category is None and refreshed.sponsor is None
    assert [c.person.name for c in refreshed.contributors.all()] == ["Bruno Aubert"]


def test_unpublished_audio_version_is_not_shown(client, full_article):
    full_article.audio_episode.unpublish()
    soup = page_soup(client, ArticlePage.objects.get(pk=full_article.pk))
    assert soup.select_one(".podcast-bar") is None
    assert Page.objects.filter(pk=full_article.audio_episode.pk).exists()


def test_repeated_headings_get_unique_anchors(client, article_index):
    heading = {"text": "Exemple", "level": "h2", "anchor": ""}
    article = ArticlePageFactory(
        parent=article_index,
        show_table_of_contents=True,
        body=[("heading", heading), ("heading", heading), ("heading", heading)],
    )
    soup = page_soup(client, article)
    assert [h["id"] for h in soup.select(".article__body h2")] == [
        "exemple",
        "exemple-2",
        "exemple-3",
    ]
    assert [a["href"] for a in soup.select(".article__toc a")] == [
        "#exemple",
        "#exemple-2",
        "#exemple-3",
    ]
    body = client.get(f"/api/v2/pages/{article.pk}/").json()["body"]
    assert [block["value"]["anchor"] for block in body] == [
        "exemple",
        "exemple-2",
        "exemple-3",
    ]
