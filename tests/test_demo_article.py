"""The first demo article rebuilds the model page of SEED_PAGE.md with structured
content: audio version, sponsorship, definitions, quotes, event, contributors."""

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticleContributor, ArticlePage, Category, Partner
from editorial.models import Person

SLUG = "former-son-ecosysteme-au-dela-de-ses-salaries"


@pytest.mark.django_db
def test_first_demo_article_mirrors_the_seed_page(client):
    call_command("load_demo_publication", "--no-user", verbosity=0)
    counts = (
        Person.objects.count(),
        Partner.objects.count(),
        Category.objects.count(),
        ArticleContributor.objects.count(),
    )
    call_command("load_demo_publication", "--no-user", verbosity=0)
    assert (
        Person.objects.count(),
        Partner.objects.count(),
        Category.objects.count(),
        ArticleContributor.objects.count(),
    ) == counts

    article = ArticlePage.objects.get(slug=SLUG)
    assert article.audio_episode is not None
    assert article.sponsor.name == "Orbitale Formation"
    assert [c.person.slug for c in article.contributors.all()] == [
        "claire-morvan",
        "julien-barre",
    ]
    types = [block.block_type for block in article.body]
    for kind in ("definition", "quote", "event", "call_to_action", "heading"):
        assert kind in types
    assert (
        ArticlePage.objects.exclude(category=None).count()
        == ArticlePage.objects.count()
    )

    response = client.get(article.url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".podcast-bar a[download]")
    assert soup.select_one(".article__header .sponsorship-note a[rel~=sponsored]")
    assert len(soup.select(".block-definition")) == 2
    speakers = [
        li.get_text(" ", strip=True).split(" (")[0]
        for li in soup.select(".block-event__speakers li")
    ]
    assert speakers == [
        "Bastien Aubry",
        "Inès Fabre",
        "Mathilde Lagarde",
        "Youssef Mansouri",
    ]
    assert len(soup.select(".checklist li")) == 5
    assert soup.select_one(".article__toc")
    ics = soup.select_one(".block-event a[href$='.ics']")["href"]
    assert client.get(ics).status_code == 200
