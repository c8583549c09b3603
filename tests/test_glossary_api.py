"""Glossary in the APIs: entry fields, the lookup endpoint, the A–Z listing,
and glossary links in rich text returned by the API."""

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(glossary_index):
    b2b = entry(glossary_index, "B2B", "BtoB", definition="BtoB ou B2B ?")
    eco = entry(glossary_index, "Écosystème")
    entry(glossary_index, "360° feedback")
    entry(glossary_index, "Brouillon", publish=False)
    private = entry(glossary_index, "Secret")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return {"b2b": b2b, "eco": eco}


@pytest.mark.parametrize("query", ["B2B", "b2b", "BTOB", " btob ", "ecosysteme"])
def test_lookup_by_term_or_form_ignores_case_and_accents(client, entries, query):
    response = client.get("/api/v3/glossary/lookup/", {"q": query})
    assert response.status_code == 200
    data = response.json()
    expected = entries["eco"] if query == "ecosysteme" else entries["b2b"]
    assert data["id"] == expected.pk
    assert data["url"] == expected.full_url
    if expected is entries["b2b"]:
        assert data == {
            "id": expected.pk,
            "term": "B2B",
            "alternative_forms": ["BtoB"],
            "short_definition": "BtoB ou B2B ?",
            "letter": "B",
            "url": expected.full_url,
        }


@pytest.mark.parametrize("query", ["Brouillon", "Secret", "inconnu"])
def test_lookup_hides_drafts_private_and_unknown(client, entries, query):
    response = client.get("/api/v3/glossary/lookup/", {"q": query})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 500}])
def test_lookup_bad_input_is_a_4xx(client, entries, params):
    response = client.get("/api/v3/glossary/lookup/", params)
    assert 400 <= response.status_code < 500


def test_lookup_is_per_site(client, entries, other_site):
    response = client.get(
        "/api/v3/glossary/lookup/", {"q": "B2B"}, HTTP_HOST="other.example"
    )
    assert response.status_code == 404


def test_a_to_z_listing(client, entries):
    data = client.get("/api/v3/glossary/").json()
    assert (data["count"], data["limit"], data["offset"]) == (3, 100, 0)
    # The order of the glossary index page: "#" first, then A to Z.
    assert [group["letter"] for group in data["letters"]] == ["#", "B", "E"]
    assert [e["term"] for e in data["letters"][2]["entries"]] == ["Écosystème"]
    data = client.get("/api/v3/glossary/", {"letter": "e"}).json()
    assert data["count"] == 1
    assert [e["term"] for e in data["letters"][0]["entries"]] == ["Écosystème"]
    assert client.get("/api/v3/glossary/", {"letter": "EE"}).status_code == 422


def test_a_to_z_listing_is_paged(client, glossary_index):
    for title in ["Alpha", "Beta", "Bravo", "Charlie", "Delta"]:
        entry(glossary_index, title)
    data = client.get("/api/v3/glossary/", {"limit": 2, "offset": 1}).json()
    assert (data["count"], data["limit"], data["offset"]) == (5, 2, 1)
    # A page may end in the middle of a letter: the next one carries on.
    assert [
        (group["letter"], [e["term"] for e in group["entries"]])
        for group in data["letters"]
    ] == [("B", ["Beta", "Bravo"])]
    data = client.get("/api/v3/glossary/", {"limit": 2, "offset": 3}).json()
    assert [e["term"] for g in data["letters"] for e in g["entries"]] == [
        "Charlie",
        "Delta",
    ]
    past = client.get("/api/v3/glossary/", {"offset": 10}).json()
    assert (past["count"], past["letters"]) == (5, [])


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "x"}, {"offset": -1}, {"offset": 10**9}],
)
def test_a_to_z_listing_refuses_bad_paging(client, entries, params):
    response = client.get("/api/v3/glossary/", params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_to_z_listing_queries_do_not_grow_with_entries(
    page_cache_off, client, glossary_index, django_assert_max_num_queries
):
    def listed():
        return sum(
            len(g["entries"]) for g in client.get("/api/v3/glossary/").json()["letters"]
        )

    for i in range(3):
        entry(glossary_index, f"Petit {i}", f"Forme {i}")
    client.get("/api/v3/glossary/")  # warms the site and count caches
    # The site, the view restrictions, the page of entries, their forms.
    with django_assert_max_num_queries(4):
        assert listed() == 3
    for i in range(30):
        entry(glossary_index, f"Grand {i}", f"Forme G{i}")
    client.get("/api/v3/glossary/")
    with django_assert_max_num_queries(4):
        assert listed() == 33


def test_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/glossary/lookup/" in paths
    assert "/api/v3/glossary/" in paths


def test_entry_api_fields(client, entries):
    b2b = entries["b2b"]
    data = client.get(
        "/api/v2/pages/",
        {
            "type": "glossary.GlossaryEntryPage",
            "fields": "term,alternative_form_list,short_definition,source_list",
            "title": "B2B",
        },
    ).json()["items"][0]
    assert data["term"] == "B2B"
    assert data["alternative_form_list"] == ["BtoB"]
    assert data["short_definition"] == "BtoB ou B2B ?"
    assert data["meta"]["html_url"] == b2b.full_url


@pytest.mark.parametrize("api", ["v2", "v3"])
def test_api_rich_text_is_html_with_glossary_id_url_and_definition(
    client, article_index, entries, api
):
    b2b = entries["b2b"]
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph(f"<p>Le {term(b2b)}.</p>")]
    )
    # Front-end HTML by default, without asking.
    data = client.get(f"/api/{api}/pages/{article.pk}/").json()
    [block] = [b for b in data["body"] if b["type"] == "paragraph"]
    link = BeautifulSoup(block["value"], "html.parser").a
    assert link["data-glossary-id"] == str(b2b.pk)
    assert link["href"] == b2b.full_url
    # The tooltip has French spacing (a narrow no-break space before "?").
    assert link["title"] == b2b.short_definition.replace(" ?", "\u202f?")
    assert "linktype" not in block["value"]
    # Wagtail's stored format on request keeps the id.
    raw = client.get(
        f"/api/{api}/pages/{article.pk}/", {"rich_text_format": "db_html"}
    ).json()
    [block] = [b for b in raw["body"] if b["type"] == "paragraph"]
    assert f'linktype="glossary" id="{b2b.pk}"' in block["value"]
