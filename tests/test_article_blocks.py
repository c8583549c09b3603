"""Each article body block: its HTML on the page, its JSON in the API, its
validation in the editor, and escaping of whatever editors type."""

import json

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlockValidationError

import pytest
from bs4 import BeautifulSoup

from articles.blocks import EventBlock, SpeakerBlock
from editorial.blocks import (
    CallToActionBlock,
    DefinitionBlock,
    QuoteBlock,
    SafeURLValidator,
)
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, tag
from tests.factories_articles import (
    EMBED_URL,
    CategoryFactory,
    ImageFactory,
    PartnerFactory,
    PersonFactory,
    body_of_every_block,
    cached_embed,
    credit,
    event_value,
    link,
    speaker,
)


@pytest.fixture
def article(article_index, show):
    cached_embed()
    episode = PodcastEpisodePageFactory(parent=show, title="Épisode 12")
    related = ArticlePageFactory(parent=article_index, title="Lecture liée")
    image = ImageFactory(title="Photo")
    return ArticlePageFactory(
        parent=article_index,
        title="Article complet",
        body=json.dumps(
            body_of_every_block(episode=episode, related=related, image=image)
        ),
    )


def page_soup(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_block_renders_with_its_template(client, article):
    body = page_soup(client, article).select_one(".article__body")

    heading = body.select_one("h2.block-heading")
    assert heading["id"] == "pourquoi-former"
    assert body.select_one("b").get_text() == "B2B"

    quote = body.select_one(".block-quote blockquote")
    assert quote["cite"] == "https://example.com/livre"
    assert body.select_one(".block-quote cite").get_text() == "La cinquième discipline"

    definition = body.select_one(".block-definition dl")
    assert definition.select_one("dfn").get_text() == "Écosystème"
    assert "[Biologie]" in definition.select_one("dt").get_text()
    assert definition.select_one("dd").get_text().startswith("Ensemble formé")
    assert body.select_one(".block-definition cite").get_text() == "Le Robert"

    assert body.select_one(".block-embed iframe")["title"] == "Vidéo"

    event = body.select_one(".block-event")
    assert (
        event.select_one("h2").get_text() == "Former son écosystème\u00a0: table ronde"
    )
    # Speakers in alphabetical order, with their organisation.
    assert [
        li.get_text(" ", strip=True) for li in event.select(".block-event__speakers li")
    ] == [
        "Anne Roux (Kappa)",
        "Zoé Martin (Orbitale)",
    ]
    # French spacing: a narrow no-break space before "?".
    assert [li.get_text() for li in event.select(".checklist li")] == [
        "Qui former\u202f?",
        "Avec quels contenus\u202f?",
    ]
    ics = event.select_one("a[download][href$='.ics']")
    assert ics is not None
    data = json.loads(event.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2024-10-03T18:30:00+02:00"
    assert data["endDate"] == "2024-10-03T20:00:00+02:00"
    assert data["location"] == {"@type": "Place", "name": "La Cantine, Nantes"}
    assert [p["name"] for p in data["performer"]] == ["Anne Roux", "Zoé Martin"]

    cta = body.select_one(".block-cta a")
    assert cta["href"] == "https://example.com/cta" and cta.get_text() == "S'inscrire"

    note = body.select_one(".sponsorship-note")
    assert "Transparence" in note.get_text() or "Transparency" in note.get_text()
    assert note.select_one("a")["rel"] == ["sponsored", "noopener"]

    figure = body.select_one(".block-image")
    assert figure.select_one("img")["srcset"]
    assert "Légende" in figure.select_one("figcaption").get_text()

    card = body.select_one(".block-episode")
    assert card.select_one(".episode-embed__title a").get_text() == "Épisode 12"
    assert card.select_one("a[download]")["href"].endswith(".mp3")
    assert "0:14" in card.get_text()

    related = body.select_one(".block-related a")
    assert related.get_text() == "Lecture liée"


def test_every_block_has_its_api_representation(client, article):
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    body = {block["type"]: block["value"] for block in response.json()["body"]}
    assert body["heading"]["anchor"] == "pourquoi-former"
    assert body["quote"]["source_url"] == "https://example.com/livre"
    assert body["definition"] == {
        "term": "Écosystème",
        "field_label": "Biologie",
        "definition": "Ensemble formé par une communauté d'êtres vivants.",
        "source": "Le Robert",
        "source_url": "",
    }
    assert body["embed"]["url"] == EMBED_URL and "iframe" in body["embed"]["html"]
    event = body["event"]
    assert event["start"] == "2024-10-03T18:30:00+02:00"
    assert event["time_zone"] == "Europe/Paris"
    assert [s["name"] for s in event["speakers"]] == ["Anne Roux", "Zoé Martin"]
    assert event["agenda"] == ["Qui former ?", "Avec quels contenus ?"]
    assert body["call_to_action"]["url"] == "https://example.com/cta"
    assert body["sponsorship_note"]["partner_name"] == "Acme"
    assert body["sponsorship_note"]["kind"] == "partnership"
    assert body["image"]["caption"] == "Légende" and body["image"]["image"]["url"]
    episode = body["podcast_episode"]["episode"]
    assert episode["title"] == "Épisode 12"
    assert episode["duration_seconds"] == 14 and episode["file_size"] > 0
    assert episode["audio_url"].endswith(".mp3")
    assert body["related_reading"]["page"]["title"] == "Lecture liée"
    assert body["related_reading"]["label"] == "Lecture liée"


def test_the_v3_api_returns_the_same_blocks(client, article):
    response = client.get(f"/api/v3/pages/{article.pk}/")
    assert response.status_code == 200
    payload = json.dumps(response.json(), ensure_ascii=False)
    for expected in (
        "pourquoi-former",
        "Le Robert",
        "Anne Roux",
        "Épisode 12",
        "Lecture liée",
    ):
        assert expected in payload


# -- validation in the editor ------------------------------------------------


def clean_event(**overrides):
    block = EventBlock()
    return block.clean(block.to_python(event_value(**overrides)))


def block_errors(excinfo):
    return set(excinfo.value.block_errors)


def test_a_valid_event_passes():
    value = clean_event()
    assert value.start.isoformat() == "2024-10-03T18:30:00+02:00"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2024-10-01"}, "end_date"),
        ({"end_time": "17:00:00"}, "end_time"),
        ({"time_zone": ""}, "time_zone"),
        ({"place": "", "online": False}, "place"),
        ({"registration_url": "pas une adresse"}, "registration_url"),
        ({"registration_url": "javascript:alert(1)"}, "registration_url"),
        ({"registration_url": "ftp://example.com/"}, "registration_url"),
    ],
)
def test_a_bad_event_is_refused_with_a_message(overrides, field):
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean_event(**overrides)
    assert field in block_errors(excinfo)


def test_an_online_all_day_event_needs_no_place_or_time_zone():
    value = clean_event(
        start_time=None, end_time=None, time_zone="", place="", online=True
    )
    assert value.all_day


def test_a_speaker_needs_a_person_or_a_name():
    block = SpeakerBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(speaker()))


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a?b=c", "http://example.com", "mailto:redaction@example.com"],
)
def test_safe_urls_accept_web_and_mail_addresses(url):
    SafeURLValidator()(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "mailto:",
        "ftp://x.example/",
        "vbscript:x",
    ],
)
def test_safe_urls_refuse_everything_else(url):
    with pytest.raises(ValidationError):
        SafeURLValidator()(url)


@pytest.mark.parametrize(
    ("block", "raw", "field"),
    [
        (
            CallToActionBlock(),
            {"text": "x", "button_label": "y", "url": "javascript:alert(1)"},
            "url",
        ),
        (
            DefinitionBlock(),
            {
                "term": "t",
                "field_label": "",
                "definition": "d",
                "source": "",
                "source_url": "data:x",
            },
            "source_url",
        ),
        (
            QuoteBlock(),
            {
                "text": "t",
                "attribution": "",
                "source_title": "",
                "source_url": "ftp://example.com/",
            },
            "source_url",
        ),
    ],
)
def test_urls_in_blocks_are_refused_unless_http_or_mailto(block, raw, field):
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python(raw))
    assert field in block_errors(excinfo)


# -- hostile text -------------------------------------------------------------

HOSTILE = '<script>alert("x")</script>&"\''


def test_hostile_text_in_every_block_is_escaped(client, article_index):
    person = PersonFactory(name=HOSTILE, organisation=HOSTILE)
    body = [
        {
            "type": "heading",
            "value": {"text": HOSTILE, "level": "h2", "anchor": HOSTILE},
        },
        {
            "type": "quote",
            "value": {
                "text": HOSTILE,
                "attribution": HOSTILE,
                "source_title": HOSTILE,
                "source_url": "",
            },
        },
        {
            "type": "definition",
            "value": {
                "term": HOSTILE,
                "field_label": HOSTILE,
                "definition": HOSTILE,
                "source": HOSTILE,
                "source_url": "",
            },
        },
        {
            "type": "event",
            "value": event_value(
                title=HOSTILE,
                place=HOSTILE,
                agenda=[HOSTILE],
                speakers=[speaker(HOSTILE, HOSTILE), speaker(person=person)],
            ),
        },
        {
            "type": "call_to_action",
            "value": {
                "text": HOSTILE,
                "button_label": HOSTILE,
                "url": "https://example.com/",
            },
        },
        {
            "type": "sponsorship_note",
            "value": {
                "kind": "sponsored",
                "partner_name": HOSTILE,
                "partner_url": "",
                "text": HOSTILE,
            },
        },
        {
            "type": "related_reading",
            "value": {"page": article_index.pk, "label": HOSTILE, "teaser": HOSTILE},
        },
    ]
    article = ArticlePageFactory(
        parent=article_index,
        title=HOSTILE,
        standfirst=HOSTILE,
        hero_image=ImageFactory(title=HOSTILE),
        hero_caption=HOSTILE,
        hero_credit=HOSTILE,
        category=CategoryFactory(name=HOSTILE),
        sponsor=PartnerFactory(name=HOSTILE),
        sponsorship_kind="sponsored",
        sponsorship_text=HOSTILE,
        search_description=HOSTILE,
        body=json.dumps(body),
    )
    credit(article, person, roles={person: HOSTILE})
    link(person, HOSTILE, "https://example.com/")
    tag(article, HOSTILE[:40])
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert") >= 25
    # The contributor page and the feeds escape too.
    for url in (
        f"{article_index.url}contributors/{person.slug}/",
        article_index.url + f"?contributor={person.slug}",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    for url in ("/feeds/articles/", "/feeds/articles/atom/"):
        feed = client.get(url).content.decode()
        assert "<script>alert" not in feed
    # JSON-LD stays parseable and cannot close its <script> element.
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.select('script[type="application/ld+json"]'):
        assert "</script" not in script.string
        json.loads(script.string)
