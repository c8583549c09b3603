"""RSS 2.0 and Atom feeds of the articles (all, per tag, per contributor) and
the event calendar file."""

import json
import xml.etree.ElementTree as ET

import icalendar
import pytest

from articles.blocks import EventBlock
from articles.views import build_calendar
from tests.factories import ArticlePageFactory, make_private, tag
from tests.factories_articles import PersonFactory, credit, event_value

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")], root


def atom_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")], root


@pytest.fixture
def articles(article_index, other_site):
    from tests.factories import ArticleIndexPageFactory

    claire = PersonFactory(name="Claire Morvan", slug="claire")
    first = ArticlePageFactory(
        parent=article_index, title="Premier", publication_date="2024-01-01"
    )
    second = ArticlePageFactory(
        parent=article_index,
        title="Second <b>gras</b>",
        publication_date="2024-02-01",
        body=[
            (
                "paragraph",
                f'<p>Corps complet de l\'article, <a linktype="page" id="{first.pk}">'
                'lien</a>, <a href="/tags/abm/">mot-clé</a>.</p>',
            )
        ],
    )
    tag(first, "abm")
    credit(second, claire)
    ArticlePageFactory(parent=article_index, title="Brouillon", live=False)
    private = ArticlePageFactory(parent=article_index, title="Privé")
    make_private(private)
    elsewhere = ArticleIndexPageFactory(parent=other_site, slug="ailleurs")
    ArticlePageFactory(parent=elsewhere, title="Autre site")
    return first, second


def test_rss_and_atom_of_all_articles(client, articles):
    titles, root = rss_titles(client, "/feeds/articles/")
    assert titles == ["Second <b>gras</b>", "Premier"]
    item = next(root.iter("item"))
    assert item.findtext("link").startswith("http://")
    assert "Corps complet" in item.findtext("description")
    # Links in the body are absolute for feed readers.
    description = item.findtext("description")
    assert 'href="http://testserver/tags/abm/"' in description
    assert f'href="{articles[0].full_url}"' in description
    assert item.findtext("pubDate").startswith("Thu, 01 Feb 2024")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Claire Morvan"
    titles, root = atom_titles(client, "/feeds/articles/atom/")
    assert titles == ["Second <b>gras</b>", "Premier"]
    assert root.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Claire Morvan"


def test_excerpt_only_by_setting(client, articles, settings):
    settings.PRESSROOM_FEED_FULL_CONTENT = False
    _, root = rss_titles(client, "/feeds/articles/")
    description = next(root.iter("item")).findtext("description")
    assert "Corps complet" not in description
    assert description == articles[1].standfirst


def test_tag_and_contributor_feeds(client, articles):
    assert rss_titles(client, "/feeds/articles/tags/abm/")[0] == ["Premier"]
    assert atom_titles(client, "/feeds/articles/tags/abm/atom/")[0] == ["Premier"]
    assert rss_titles(client, "/feeds/articles/contributors/claire/")[0] == [
        "Second <b>gras</b>"
    ]
    assert atom_titles(client, "/feeds/articles/contributors/claire/atom/")[0] == [
        "Second <b>gras</b>"
    ]
    assert client.get("/feeds/articles/tags/inconnu/").status_code == 404
    assert client.get("/feeds/articles/contributors/inconnu/").status_code == 404


def test_index_advertises_its_feeds(client, articles, article_index):
    html = client.get(article_index.url).content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/feeds/articles/"' in html
    assert 'href="/feeds/articles/atom/"' in html


# -- calendar ----------------------------------------------------------------


def event_article(article_index, **overrides):
    return ArticlePageFactory(
        parent=article_index,
        body=json.dumps(
            [{"type": "event", "value": event_value(**overrides), "id": "e1"}]
        ),
    )


def test_event_calendar_download(client, article_index):
    article = event_article(article_index)
    response = client.get(f"/feeds/articles/events/{article.pk}/e1.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["summary"]) == "Former son écosystème : table ronde"
    assert event.decoded("dtstart").isoformat() == "2024-10-03T18:30:00+02:00"
    assert event.decoded("dtend").isoformat() == "2024-10-03T20:00:00+02:00"
    assert str(event["location"]) == "La Cantine, Nantes"
    assert str(event["url"]) == article.full_url
    assert calendar.walk("VTIMEZONE")  # the time zone travels with the event


def test_calendar_escapes_and_folds_text():
    block = EventBlock()
    value = block.to_python(
        event_value(
            title="Débat ; virgules, et\\ barres",
            description="<p>" + "Une très longue description, " * 10 + "</p>",
            place="Salle 1, Nantes",
        )
    )
    text = build_calendar(value, uid="x@example.com").to_ical().decode()
    assert "SUMMARY:Débat \\; virgules\\, et\\\\ barres" in text
    assert "LOCATION:Salle 1\\, Nantes" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text  # long lines are folded


def test_all_day_calendar(client, article_index):
    article = event_article(
        article_index,
        start_time=None,
        end_time=None,
        end_date="2024-10-04",
        time_zone="",
    )
    event = next(
        iter(
            icalendar.Calendar.from_ical(
                client.get(f"/feeds/articles/events/{article.pk}/e1.ics").content
            ).walk("VEVENT")
        )
    )
    assert event.decoded("dtstart").isoformat() == "2024-10-03"
    assert event.decoded("dtend").isoformat() == "2024-10-05"  # exclusive


def test_calendar_of_unknown_block_draft_or_private_page_is_404(client, article_index):
    article = event_article(article_index)
    assert (
        client.get(f"/feeds/articles/events/{article.pk}/nope.ics").status_code == 404
    )
    assert client.get("/feeds/articles/events/999999/e1.ics").status_code == 404
    make_private(article)
    assert client.get(f"/feeds/articles/events/{article.pk}/e1.ics").status_code == 404
    draft = event_article(article_index, title="Brouillon")
    draft.unpublish()
    assert client.get(f"/feeds/articles/events/{draft.pk}/e1.ics").status_code == 404
