"""The article index's filters (category, tag, contributor) and the contributor
pages listing a person's articles."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, make_private, tag
from tests.factories_articles import CategoryFactory, PersonFactory, credit, link


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select("main .article-summary__title a")]


@pytest.fixture
def catalogue(article_index):
    strategy = CategoryFactory(name="Stratégie", slug="strategie")
    events = CategoryFactory(name="Événements", slug="evenements")
    claire = PersonFactory(name="Claire Morvan", slug="claire")
    bruno = PersonFactory(name="Bruno Aubert", slug="bruno")
    a = ArticlePageFactory(
        parent=article_index,
        title="A",
        category=strategy,
        publication_date="2024-01-01",
    )
    b = ArticlePageFactory(
        parent=article_index, title="B", category=events, publication_date="2024-02-01"
    )
    c = ArticlePageFactory(
        parent=article_index,
        title="C",
        category=strategy,
        publication_date="2024-03-01",
    )
    draft = ArticlePageFactory(
        parent=article_index, title="Brouillon", category=strategy, live=False
    )
    private = ArticlePageFactory(parent=article_index, title="Privé", category=strategy)
    make_private(private)
    tag(a, "abm")
    tag(c, "abm", "intent")
    credit(a, claire)
    credit(b, claire, bruno)
    credit(draft, bruno)
    credit(private, bruno)
    return {"claire": claire, "bruno": bruno}


def test_filters(client, article_index, catalogue):
    url = article_index.url
    assert titles(client, url) == ["C", "B", "A"]
    assert titles(client, url + "?category=strategie") == ["C", "A"]
    assert titles(client, url + "?tag=abm") == ["C", "A"]
    assert titles(client, url + "?contributor=claire") == ["B", "A"]
    assert titles(client, url + "?category=strategie&tag=abm&contributor=claire") == [
        "A"
    ]
    assert titles(client, url + "?category=&tag=&contributor=") == ["C", "B", "A"]


def test_filter_form_is_labelled_and_keeps_the_choice(client, article_index, catalogue):
    soup = BeautifulSoup(
        client.get(article_index.url + "?tag=abm").content, "html.parser"
    )
    form = soup.select_one("form.filters")
    for select in form.select("select"):
        assert form.select_one(f'label[for="{select["id"]}"]')
    assert form.select_one("#filter-tag option[selected]")["value"] == "abm"
    # Choices are sorted as readers expect: accents ignored.
    assert [o["value"] for o in form.select("#filter-category option")] == [
        "",
        "evenements",
        "strategie",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?category=nope",
        "?tag=nope",
        "?contributor=nope",
        "?category=" + "x" * 300,
        "?contributor=%3Cscript%3E",
    ],
)
def test_unknown_filter_value_is_404(client, article_index, catalogue, query):
    assert client.get(article_index.url + query).status_code == 404


def test_filter_value_with_a_nul_byte_is_400(client, article_index, catalogue):
    assert client.get(article_index.url + "?tag=a%00b").status_code == 400


def test_contributor_page(client, article_index, catalogue):
    link(catalogue["claire"], "LinkedIn", "https://www.linkedin.com/in/claire")
    url = article_index.url + "contributors/claire/"
    response = client.get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text() == "Claire Morvan"
    assert soup.select_one('link[rel="canonical"]')["href"].endswith(
        "/contributors/claire/"
    )
    assert (
        soup.select_one('a[rel~="me"]')["href"] == "https://www.linkedin.com/in/claire"
    )
    assert soup.select_one('link[type="application/rss+xml"]')["href"] == (
        "/feeds/articles/contributors/claire/"
    )
    assert titles(client, url) == ["B", "A"]
    # Bruno's draft and private articles stay hidden.
    assert titles(client, article_index.url + "contributors/bruno/") == ["B"]


def test_contributor_without_visible_articles_or_unknown_is_404(
    client, article_index, catalogue
):
    PersonFactory(slug="personne")
    assert client.get(article_index.url + "contributors/personne/").status_code == 404
    assert client.get(article_index.url + "contributors/inconnu/").status_code == 404


def test_sitemap_lists_contributor_pages(client, article_index, catalogue):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{article_index.url}contributors/claire/</loc>" in xml
    assert f"{article_index.url}contributors/bruno/</loc>" in xml
    PersonFactory(slug="sans-article")
    assert (
        "contributors/sans-article/" not in client.get("/sitemap.xml").content.decode()
    )


def test_tag_filter_offers_the_most_used_tags_and_accepts_any_visible_one(
    client, article_index, settings
):
    settings.PRESSROOM_FILTER_TAG_COUNT = 2
    for n in range(3):
        tag(ArticlePageFactory(parent=article_index, title=f"A{n}"), "abm")
    for n in range(2):
        tag(ArticlePageFactory(parent=article_index, title=f"B{n}"), "intent")
    rare = ArticlePageFactory(parent=article_index, title="Rare")
    tag(rare, "niche")
    draft = ArticlePageFactory(parent=article_index, title="Brouillon", live=False)
    tag(draft, "brouillon")
    hidden = ArticlePageFactory(parent=article_index, title="Privé")
    tag(hidden, "prive")
    make_private(hidden)

    def offered(query=""):
        response = client.get(article_index.url + query)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        options = soup.select("#filter-tag option")
        selected = [o["value"] for o in options if o.has_attr("selected")]
        return [o["value"] for o in options][1:], selected

    # The two most used, alphabetical; a link leads to every tag.
    assert offered() == (["abm", "intent"], [])
    assert b'href="/tags/"' in client.get(article_index.url).content
    # A less used tag (as a tag page links to it) filters and stays selected.
    assert offered("?tag=niche") == (["abm", "intent", "niche"], ["niche"])
    assert titles(client, article_index.url + "?tag=niche") == ["Rare"]
    # Tags that only hidden articles carry are unknown values.
    for slug in ("brouillon", "prive", "inconnu"):
        assert client.get(f"{article_index.url}?tag={slug}").status_code == 404
