"""The glossary index at scale: its page of entries read in the order of the
``(letter, term_key)`` index with the reader rule checked per row
(``Visibility.row_checked_pages``), and each entry shown from its stored
card without loading it as a page (``glossary.listing``). The rule must hide
exactly what the set form (``indexed_pages``) hides."""

import datetime

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from editorial import listing_cache
from editorial.content import Visibility
from glossary.models import GlossaryEntryPage, GlossaryIndexPage
from tests.factories import GlossaryIndexPageFactory, make_private
from tests.factories_glossary import entry


@pytest.fixture
def mixed_glossary(glossary_index, other_site):
    """Entries readers see in this glossary, and entries they do not find
    there in every way the rule knows (plus one of another glossary), all
    under the letter Z."""
    visible = [entry(glossary_index, f"Zone {n}") for n in range(3)]
    hidden = {
        "draft": entry(glossary_index, "Zèbre brouillon", publish=False),
        "private": make_private(entry(glossary_index, "Zénith privé")).page,
        "scheduled": entry(glossary_index, "Zoom programmé"),
        "expired": entry(glossary_index, "Zapping expiré"),
        "other index": entry(
            GlossaryIndexPageFactory(
                parent=glossary_index.get_parent(), slug="autre-glossaire"
            ),
            "Zeste d'un autre glossaire",
        ),
        "other site": entry(
            GlossaryIndexPageFactory(parent=other_site), "Zinc d'un autre site"
        ),
    }
    private_parent = GlossaryIndexPageFactory(
        parent=glossary_index.get_parent(), slug="glossaire-prive"
    )
    hidden["private section"] = entry(private_parent, "Zircon d'une section privée")
    make_private(private_parent)
    Page.objects.filter(pk=hidden["scheduled"].pk).update(
        go_live_at=timezone.now() + datetime.timedelta(days=2)
    )
    Page.objects.filter(pk=hidden["expired"].pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    listing_cache.bump()
    return visible, hidden


def test_row_check_hides_what_the_set_check_hides(mixed_glossary):
    visible, hidden = mixed_glossary
    rule = Visibility(Site.objects.get(is_default_site=True))
    for index in GlossaryIndexPage.objects.all():
        children = Q(path__startswith=index.path, depth=index.depth + 1)
        by_row = rule.row_checked_pages(GlossaryEntryPage, children)
        by_set = rule.indexed_pages(GlossaryEntryPage, children)
        assert set(by_row.values_list("pk", flat=True)) == set(
            by_set.values_list("pk", flat=True)
        ), index
    # On the whole site: the other glossary's entry too, nothing hidden.
    everywhere = rule.row_checked_pages(GlossaryEntryPage)
    assert set(everywhere.values_list("pk", flat=True)) == {
        *(page.pk for page in visible),
        hidden["other index"].pk,
    }
    # No site (a host no site serves): nothing.
    assert not Visibility(None).row_checked_pages(GlossaryEntryPage).exists()


@pytest.mark.usefixtures("page_cache_off")
def test_letter_page_shows_the_visible_entries_only(client, mixed_glossary):
    visible, hidden = mixed_glossary
    index = visible[0].get_parent()
    for params in ({}, {"letter": "z"}, {"q": "z"}):
        html = client.get(index.url, params).content.decode()
        for page in visible:
            assert page.title in html, params
        for kind, page in hidden.items():
            assert page.title not in html, (kind, params)
        assert "3 entr" in html, params


@pytest.mark.usefixtures("page_cache_off")
def test_stored_cards_load_no_entry(client, glossary_index, settings):
    """Served from the stored cards, a page of entries reads its rows (a few
    columns) and never an entry's whole page row or its forms, whatever the
    number of entries shown."""
    settings.PRESSROOM_GLOSSARY_PAGE_SIZE = 30
    for n in range(25):
        entry(glossary_index, f"Zone {n}", f"forme {n}")
    listing_cache.bump()
    for url in (glossary_index.url, f"{glossary_index.url}?letter=z"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        statements = [q["sql"] for q in queries.captured_queries]
        assert not [sql for sql in statements if "glossaryalternativeform" in sql]
        assert not [sql for sql in statements if "short_definition" in sql]
