"""Editors' side of the glossary: the chooser behind the rich-text button, the
editor loading the Draftail plugin, the reference index, the entry listing."""

from django.urls import reverse

from wagtail.models import Page, ReferenceIndex

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, tag
from tests.factories_glossary import entry, paragraph, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(glossary_index):
    return {
        "b2b": entry(glossary_index, "B2B", "BtoB"),
        "eco": entry(glossary_index, "Écosystème"),
        "roi": entry(glossary_index, "ROI", "Retour sur investissement"),
        "360": entry(glossary_index, "360° feedback"),
    }


def chooser_titles(admin_client, **params):
    response = admin_client.get(
        reverse("glossary_entry_chooser:choose_results"), params
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("td.title a"))


def test_chooser_searches_terms_and_alternative_forms(admin_client, entries):
    assert chooser_titles(admin_client, q="btob") == ["B2B"]
    assert chooser_titles(admin_client, q="ecosys") == ["Écosystème"]
    assert chooser_titles(admin_client, q="investissement") == ["ROI"]
    assert len(chooser_titles(admin_client)) == 4
    response = admin_client.get(
        reverse("glossary_entry_chooser:chosen", args=(entries["b2b"].pk,))
    )
    assert response.json()["result"]["id"] == str(entries["b2b"].pk)
    assert response.json()["result"]["title"] == "B2B"


def test_article_editor_loads_the_glossary_term_plugin(admin_client, article_index):
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add", args=("articles", "articlepage", article_index.pk)
        )
    )
    html = response.content.decode()
    assert "glossary/js/glossary-term-draftail.js" in html
    assert "GLOSSARY" in html
    assert reverse("glossary_entry_chooser:choose") in html


def test_reference_index_records_glossary_terms(article_index, entries):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>{term(entries['b2b'])}</p>")]
    )
    references = ReferenceIndex.get_references_to(entries["b2b"])
    assert {int(r.object_id) for r in references} == {article.pk}
    assert references.first().base_content_type.model_class() is Page


def listing(admin_client, **params):
    response = admin_client.get("/admin/glossary/glossaryentrypage/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select(".title-wrapper > a"))


def test_listing_filters_by_letter_tag_and_usage(admin_client, article_index, entries):
    tag(entries["roi"], "mesure")
    ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>{term(entries['b2b'])}</p>")]
    )
    assert listing(admin_client) == ["360° feedback", "B2B", "ROI", "Écosystème"]
    assert listing(admin_client, letter="E") == ["Écosystème"]
    assert listing(admin_client, letter="#") == ["360° feedback"]
    assert listing(admin_client, tag="mesure") == ["ROI"]
    assert listing(admin_client, usage="unused") == [
        "360° feedback",
        "ROI",
        "Écosystème",
    ]
    assert listing(admin_client, usage="used") == ["B2B"]
