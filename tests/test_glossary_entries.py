"""Glossary entries and index: uniqueness of terms and forms, A–Z grouping,
the index search, sources and related entries, JSON-LD, backlinks."""

import json

from django.urls import reverse
from django.utils.translation import gettext

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    streamfield,
)

import pytest
from bs4 import BeautifulSoup

from glossary.models import (
    GlossaryEntryPage,
    GlossaryRelatedEntry,
    GlossarySource,
    index_letter,
    normalize_term,
)
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    see_also,
)
from tests.factories_glossary import entry, paragraph, term

pytestmark = pytest.mark.django_db


def entry_form(title, *forms, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": extra.pop("slug", normalize_term(title).replace(" ", "-")),
            "short_definition": "Définition.",
            "publication_date": "2024-01-01",
            "tags": "",
            "explanation": streamfield([]),
            "alternative_forms": inline_formset([{"form": form} for form in forms]),
            "sources": inline_formset([]),
            "related_entries": inline_formset([]),
            "see_also_items": inline_formset([]),
            "action-publish": "publish",
            **extra,
        }
    )


def add_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=("glossary", "glossaryentrypage", parent.pk)
    )


def errors_of(response):
    """The text of the field errors the editor sees."""
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ") for e in soup.select(".error-message"))


def test_normalize_term_ignores_case_accents_and_spacing():
    assert normalize_term("  Écosystème  B2B ") == "ecosysteme b2b"
    assert normalize_term("BTOB") == normalize_term("btob")


@pytest.mark.parametrize(
    ("title", "forms", "field"),
    [
        ("b2b", [], "title"),  # term against a term
        ("btob", [], "title"),  # term against a form
        ("Commerce interentreprises", ["B2B"], "form"),  # form against a term
        ("Commerce interentreprises", ["BTOB"], "form"),  # form against a form
        ("Écosystème", [], "title"),  # accents ignored
    ],
)
def test_clashing_term_or_form_is_refused_naming_the_other_entry(
    admin_client, glossary_index, title, forms, field
):
    entry(glossary_index, "B2B", "BtoB")
    entry(glossary_index, "Ecosysteme")
    response = admin_client.post(add_url(glossary_index), entry_form(title, *forms))
    text = errors_of(response)
    # The editor reads the message in the admin's language, naming the other entry.
    message = gettext("“%(value)s” already belongs to the glossary entry “%(entry)s”.")
    value = forms[0] if field == "form" else title
    other = "Ecosysteme" if title == "Écosystème" else "B2B"
    assert message % {"value": value, "entry": other} in text
    assert GlossaryEntryPage.objects.count() == 2


def test_same_form_twice_in_one_entry_is_refused(admin_client, glossary_index):
    response = admin_client.post(add_url(glossary_index), entry_form("B2B", "b2b"))
    message = gettext("“%(form)s” is already a form of this entry.")
    assert message % {"form": "b2b"} in errors_of(response)
    assert not GlossaryEntryPage.objects.exists()


def test_unclashing_entry_is_created_and_keys_stored(admin_client, glossary_index):
    entry(glossary_index, "B2B", "BtoB")
    response = admin_client.post(
        add_url(glossary_index), entry_form("B2C", "BtoC", "Business to consumer")
    )
    assert response.status_code == 302
    created = GlossaryEntryPage.objects.get(title="B2C")
    assert created.live
    assert created.term_key == "b2c"
    assert sorted(f.form_key for f in created.alternative_forms.all()) == [
        "btoc",
        "business to consumer",
    ]


def test_editing_an_entry_does_not_clash_with_itself(admin_client, glossary_index):
    b2b = entry(glossary_index, "B2B", "BtoB")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(b2b.pk,)),
        entry_form("B2B", "BtoB", slug=b2b.slug),
    )
    assert response.status_code == 302


def test_unpublished_entry_or_other_site_does_not_clash(
    admin_client, glossary_index, other_site
):
    entry(glossary_index, "B2B", publish=False)
    other_glossary = glossary_index.__class__(title="Glossaire", slug="glossaire")
    other_site.add_child(instance=other_glossary)
    entry(other_glossary, "BtoB")
    response = admin_client.post(add_url(glossary_index), entry_form("BtoB", "B2B"))
    assert response.status_code == 302


def test_index_letter_groups_accents_and_digits():
    assert index_letter("Écosystème") == "E"
    assert index_letter("œuvre") == "O" or index_letter("œuvre") == "#"
    assert index_letter("360° feedback") == "#"
    assert index_letter("B2B") == "B"
    assert index_letter("  zéro clic") == "Z"


def test_entry_stores_its_letter_and_a_title_change_moves_it(glossary_index):
    created = entry(glossary_index, "Écosystème")
    assert GlossaryEntryPage.objects.get(pk=created.pk).letter == "E"
    created.title = "360° feedback"
    created.save(update_fields=["title"])
    assert GlossaryEntryPage.objects.get(pk=created.pk).letter == "#"


def terms_on(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".glossary-list__term > a")]


def test_index_pages_by_letter_and_by_page(client, glossary_index, settings):
    settings.PRESSROOM_GLOSSARY_PAGE_SIZE = 2
    for title in ["Amont", "Audience", "Avatar", "Backlink", "3D", "Zéro clic"]:
        entry(glossary_index, title)
    entry(glossary_index, "Abandon", publish=False)
    url = glossary_index.url
    assert terms_on(client.get(url)) == ["3D", "Amont"]
    assert terms_on(client.get(url, {"page": 2})) == ["Audience", "Avatar"]
    assert terms_on(client.get(url, {"page": 3})) == ["Backlink", "Zéro clic"]
    # One letter, in pages of its own; the draft is never listed nor counted.
    response = client.get(url, {"letter": "a"}, HTTP_ACCEPT_LANGUAGE="en")
    assert terms_on(response) == ["Amont", "Audience"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert "3 entries" in soup.select_one(".page-header__count").get_text()
    current = soup.select_one(".alphabet__link[aria-current=page]")
    assert current.get_text() == "A"
    assert terms_on(client.get(url, {"letter": "A", "page": 2})) == ["Avatar"]
    assert terms_on(client.get(url, {"letter": "0-9"})) == ["3D"]
    # The letters offered are those with a visible entry.
    nav = [a["href"] for a in soup.select(".alphabet__link")]
    assert nav == [f"{url}?letter={x}" for x in ("0-9", "a", "b", "z")] + [url]
    # A malformed page gives the first or last page; an unknown letter a 404.
    assert terms_on(client.get(url, {"page": "x"})) == ["3D", "Amont"]
    assert terms_on(client.get(url, {"page": 99})) == ["Backlink", "Zéro clic"]
    for bad in ("é", "AB", "1", "<b>"):
        response = client.get(url, {"letter": bad}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, bad


def test_index_letters_and_count_follow_publishing(client, glossary_index):
    entry(glossary_index, "Backlink")
    draft = entry(glossary_index, "Amont", publish=False)
    html = client.get(glossary_index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "?letter=a" not in html and "1 entry" in html
    draft.save_revision().publish()
    html = client.get(glossary_index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "?letter=a" in html and "2 entries" in html


def test_private_entries_are_never_listed(client, glossary_index):
    entry(glossary_index, "Backlink")
    secret = entry(glossary_index, "Secret")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    for params in ({}, {"letter": "s"}, {"q": "secret"}):
        assert "Secret" not in terms_on(client.get(glossary_index.url, params))


def test_index_groups_letters_with_count_and_search(client, glossary_index):
    entry(glossary_index, "Écosystème")
    entry(glossary_index, "Engagement")
    entry(glossary_index, "B2B", "BtoB")
    entry(glossary_index, "360° feedback")
    entry(glossary_index, "Zéro clic", publish=False)
    soup = BeautifulSoup(
        client.get(glossary_index.url, HTTP_ACCEPT_LANGUAGE="en").content,
        "html.parser",
    )
    letters = [h.get_text() for h in soup.select(".glossary-group__letter")]
    # Digits and others first, as the database orders the stored letters.
    assert letters == ["#", "B", "E"]
    groups = {
        group.select_one("h2").get_text(): [
            a.get_text() for a in group.select(".glossary-list__term > a")
        ]
        for group in soup.select(".glossary-group")
    }
    assert groups["E"] == ["Écosystème", "Engagement"]
    assert "4 entries" in soup.select_one(".page-header__count").get_text()
    nav = [a.get_text(" ", strip=True) for a in soup.select(".alphabet__link")]
    assert nav == ["# Other characters", "B", "E"]
    assert soup.select_one("label[for=glossary-q]")

    # The search box matches alternative forms, ignoring case and accents.
    soup = BeautifulSoup(
        client.get(
            glossary_index.url, {"q": "btob"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content,
        "html.parser",
    )
    assert [a.get_text() for a in soup.select(".glossary-list__term > a")] == ["B2B"]
    assert "1 entry matches" in soup.select_one(".page-header__count").get_text()
    soup = BeautifulSoup(
        client.get(glossary_index.url, {"q": "ECOSYST"}).content, "html.parser"
    )
    assert [a.get_text() for a in soup.select(".glossary-list__term > a")] == [
        "Écosystème"
    ]
    response = client.get(glossary_index.url, {"q": "<script>"})
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"</head>")[1]
    # A NUL byte is refused before the page (editorial.http_guards).
    assert client.get(glossary_index.url, {"q": "<script>\x00"}).status_code == 400


def json_ld(soup):
    return [
        json.loads(script.string)
        for script in soup.select('script[type="application/ld+json"]')
    ]


def test_entry_json_ld_is_a_defined_term_in_its_set(client, glossary_index):
    b2b = entry(glossary_index, "B2B", "BtoB", definition="BtoB </script> ou B2B ?")
    response = client.get(b2b.url)
    assert b"</script> ou" not in response.content
    [data] = json_ld(BeautifulSoup(response.content, "html.parser"))
    assert data["@type"] == "DefinedTerm"
    assert data["name"] == "B2B"
    assert data["alternateName"] == ["BtoB"]
    assert data["description"] == "BtoB </script> ou B2B ?"
    assert data["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    assert data["inDefinedTermSet"]["url"] == glossary_index.full_url


def test_index_json_ld_is_a_defined_term_set(client, glossary_index):
    entry(glossary_index, "B2B")
    soup = BeautifulSoup(client.get(glossary_index.url).content, "html.parser")
    [data] = json_ld(soup)
    assert data["@type"] == "DefinedTermSet"
    assert [t["name"] for t in data["hasDefinedTerm"]] == ["B2B"]


def test_entry_shows_sources_and_visible_related_entries(client, glossary_index):
    b2b = entry(glossary_index, "B2B")
    b2c = entry(glossary_index, "B2C")
    draft = entry(glossary_index, "Brouillon", publish=False)
    GlossarySource.objects.create(
        page=b2b, title="Le Robert", url="https://dictionnaire.lerobert.com/"
    )
    GlossaryRelatedEntry.objects.create(page=b2b, target=b2c, sort_order=0)
    GlossaryRelatedEntry.objects.create(page=b2b, target=draft, sort_order=1)
    soup = BeautifulSoup(client.get(b2b.url).content, "html.parser")
    sources = soup.select_one(".glossary-entry__sources")
    assert sources.a["href"] == "https://dictionnaire.lerobert.com/"
    related = [a.get_text() for a in soup.select(".glossary-entry__related a")]
    assert related == ["B2C"]
    assert b2b.related_entry_list == [
        {"id": b2c.pk, "term": "B2C", "url": b2c.full_url}
    ]


def test_backlinks_list_live_public_content_newest_first(
    client, glossary_index, article_index, show, other_site
):
    b2b = entry(glossary_index, "B2B")
    body = [paragraph(f"<p>Le {term(b2b)}.</p>")]
    ArticlePageFactory(
        parent=article_index, title="Ancien", body=body, publication_date="2022-01-01"
    )
    ArticlePageFactory(
        parent=article_index, title="Récent", body=body, publication_date="2024-06-01"
    )
    PodcastEpisodePageFactory(
        parent=show,
        title="Épisode",
        publication_date="2023-03-01",
        show_notes=f"<p>{term(b2b)}</p>",
    )
    draft = ArticlePageFactory(parent=article_index, title="Brouillon", body=body)
    draft.unpublish()
    private = ArticlePageFactory(parent=article_index, title="Privé", body=body)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    ArticlePageFactory(parent=article_index, title="Sans lien")
    picked = see_also(ArticlePageFactory(parent=article_index, title="Voir aussi"), b2b)
    picked.save_revision().publish()  # a see-also pick is not a use of the term
    ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=other_site, slug="ailleurs"),
        title="Autre site",
        body=body,
    )
    soup = BeautifulSoup(client.get(b2b.url).content, "html.parser")
    titles = [a.get_text() for a in soup.select(".glossary-entry__backlinks li > a")]
    assert titles == ["Récent", "Épisode", "Ancien"]
