"""Public absolute URLs come from the request or the Wagtail Site, never from
the admin's base URL (WAGTAILADMIN_BASE_URL): a plugin's host site may serve
its admin elsewhere (README, Install into your Wagtail site)."""

import json

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory
from tests.factories_articles import ImageFactory

pytestmark = pytest.mark.django_db

ADMIN = "http://admin.example"


def test_article_image_urls_follow_the_request(client, settings, article_index):
    settings.WAGTAILADMIN_BASE_URL = ADMIN
    article = ArticlePageFactory(parent=article_index, hero_image=ImageFactory())
    response = client.get(article.url, HTTP_HOST="readers.example")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    og_image = html.find("meta", property="og:image")["content"]
    assert og_image.startswith("http://readers.example/media/images/")
    (script,) = html.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["image"] == [og_image]
    assert ADMIN not in response.content.decode()


def test_episode_media_urls_follow_the_site(settings, show):
    settings.WAGTAILADMIN_BASE_URL = ADMIN
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "podcast.example", 443
    site.save()
    # A fresh instance: Wagtail keeps a page's site root paths on the instance.
    show = type(show).objects.get(pk=show.pk)
    show.artwork = ImageFactory()
    show.save()
    episode = PodcastEpisodePageFactory(parent=show)
    # Published through the counting endpoint (Podcast audience), on the site's host.
    assert episode.audio_url.startswith(
        f"https://podcast.example/podcasts/audio/{episode.pk}/api/"
    )
    assert show.artwork_url.startswith("https://podcast.example/media/")
