"""What the article page's head and structured data share is read once per
render: the social card's rendition (``ArticlePage.social_image``)."""

import json

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory
from tests.factories_articles import ImageFactory

pytestmark = pytest.mark.usefixtures("page_cache_off")


@pytest.fixture
def illustrated(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="Illustré",
        hero_image=ImageFactory(title="Héros", file__width=1600, file__height=900),
    )


def social_rendition_reads(monkeypatch):
    """The reads of a 1200x630 rendition from Wagtail's renditions cache."""
    from wagtail.images.models import Rendition

    reads = []
    inside_get_many = []  # a backend's get_many may call its get for each key
    backend = Rendition.cache_backend
    get, get_many = backend.get, backend.get_many

    def counting_get(key, *args, **kwargs):
        if not inside_get_many:
            reads.extend([key] if "fill-1200x630" in key else [])
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.extend(key for key in keys if "fill-1200x630" in key)
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(backend, "get", counting_get)
    monkeypatch.setattr(backend, "get_many", counting_get_many)
    return reads


def test_the_social_image_is_read_once_for_cards_and_structured_data(
    client, illustrated, monkeypatch
):
    client.get(illustrated.url)  # the renditions made and cached
    reads = social_rendition_reads(monkeypatch)
    soup = BeautifulSoup(client.get(illustrated.url).content, "html.parser")
    assert len(reads) == 1
    og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    twitter = {m["name"]: m["content"] for m in soup.select("meta[name^='twitter:']")}
    (script,) = [
        json.loads(tag.string)
        for tag in soup.select('script[type="application/ld+json"]')
        if '"Article"' in tag.string
    ]
    rendition = illustrated.hero_image.get_rendition("fill-1200x630")
    assert og["og:image"] == twitter["twitter:image"] == script["image"][0]
    assert og["og:image"].endswith(rendition.url)
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")


def test_structured_data_alone_reads_the_rendition(illustrated, rf):
    page = ArticlePage.objects.get(pk=illustrated.pk)
    data = page.structured_data(rf.get("/"))
    assert data["image"][0].endswith(
        illustrated.hero_image.get_rendition("fill-1200x630").url
    )
    assert (
        page.social_image.url
        == illustrated.hero_image.get_rendition("fill-1200x630").url
    )
    assert ArticlePageFactory.build(hero_image=None).social_image is None
