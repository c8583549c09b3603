"""The "glossary-term" rich-text entity: conversions, rendering, deleted and
private entries, hostile definitions, one definition per page."""

import json

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText, expand_db_html, features

import pytest
from bs4 import BeautifulSoup

from glossary.rich_text import FEATURE_NAME
from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def b2b(glossary_index):
    return entry(glossary_index, "B2B", "BtoB", definition="BtoB ou B2B ?")


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_feature_is_in_the_long_form_fields_and_registered():
    from editorial.blocks import RICH_TEXT_FEATURES

    assert FEATURE_NAME in RICH_TEXT_FEATURES
    assert features.get_editor_plugin("draftail", FEATURE_NAME) is not None
    assert "glossary" in features.get_link_types()


def test_contentstate_round_trip(b2b):
    converter = ContentstateConverter(features=[FEATURE_NAME, "link"])
    html = f"<p>Le {term(b2b)} avance.</p>"
    contentstate = converter.from_database_format(html)
    data = json.loads(contentstate)
    [entity] = data["entityMap"].values()
    assert entity["type"] == "GLOSSARY"
    assert entity["data"] == {"id": b2b.pk, "title": "B2B"}
    back = converter.to_database_format(contentstate)
    assert (
        back
        == f'<p data-block-key="{data["blocks"][0]["key"]}">Le <a linktype="glossary" id="{b2b.pk}">B2B</a> avance.</p>'
    )


def test_contentstate_from_deleted_entry_keeps_the_id():
    converter = ContentstateConverter(features=[FEATURE_NAME])
    data = json.loads(
        converter.from_database_format('<p><a linktype="glossary" id="999">X</a></p>')
    )
    [entity] = data["entityMap"].values()
    assert entity["data"] == {"id": 999}


def test_expand_outside_a_page_links_with_id_url_and_title(b2b):
    html = expand_db_html(f"<p>{term(b2b)}</p>")
    link = BeautifulSoup(html, "html.parser").a
    assert link["class"] == ["glossary-term"]
    assert link["data-glossary-id"] == str(b2b.pk)
    assert link["href"] == b2b.full_url
    assert link["title"] == "BtoB ou B2B\u202f?"


def test_article_renders_terms_with_one_definition_per_entry(
    client, article_index, b2b
):
    body = [
        paragraph(f"<p>Le {term(b2b)} et le {term(b2b, 'BtoB')}.</p>"),
        paragraph(f"<p>Encore du {term(b2b)}.</p>"),
    ]
    article = ArticlePageFactory(parent=article_index, body=body)
    soup = soup_of(client.get(article.url))
    links = soup.select("a.glossary-term")
    assert [link.get_text() for link in links] == ["B2B", "BtoB", "B2B"]
    for link in links:
        assert link["href"] == b2b.url
        assert link["aria-describedby"] == f"glossary-definition-{b2b.pk}"
        assert link["title"] == "BtoB ou B2B\u202f?"
    definitions = soup.select(f"#glossary-definition-{b2b.pk}")
    assert len(definitions) == 1
    assert definitions[0].get_text() == "BtoB ou B2B\u202f?"
    assert definitions[0].find_parent(attrs={"hidden": True}) is not None


@pytest.mark.parametrize("state", ["deleted", "unpublished", "private"])
def test_gone_entry_renders_as_plain_text(client, article_index, b2b, state):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>Le {term(b2b)} avance.</p>")]
    )
    if state == "deleted":
        b2b.delete()
    elif state == "unpublished":
        b2b.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=b2b, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    soup = soup_of(client.get(article.url))
    assert "Le B2B avance." in soup.get_text()
    assert not soup.select("a.glossary-term")
    assert not soup.select("[id^=glossary-definition]")
    for link in soup.select(".rich-text a, .article__body a"):
        assert link.get_text() != "B2B" or not link.has_attr("href")


def test_hostile_definition_is_escaped(client, article_index, glossary_index):
    hostile = entry(glossary_index, "Piège", definition='"><script>alert(1)</script>')
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>{term(hostile)}</p>")]
    )
    response = client.get(article.url)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    soup = soup_of(response)
    link = soup.select_one("a.glossary-term")
    assert link["title"] == '"><script>alert(1)</script>'
    definition = soup.select_one(f"#glossary-definition-{hostile.pk}")
    assert definition.get_text() == '"><script>alert(1)</script>'
    assert definition.find("script") is None


def test_renaming_an_entry_changes_nothing_in_the_article(client, article_index, b2b):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>Le {term(b2b)}.</p>")]
    )
    b2b.title = "Business to business"
    b2b.slug = "business-to-business"
    b2b.save_revision().publish()
    link = soup_of(client.get(article.url)).select_one("a.glossary-term")
    assert link.get_text() == "B2B"
    assert link["href"].endswith("/business-to-business/")


def test_rich_text_value_str_works_without_a_scope(b2b):
    html = str(RichText(f"<p>{term(b2b)}</p>"))
    assert 'class="glossary-term"' in html
