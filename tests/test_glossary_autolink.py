"""Automatic glossary links: off by default, per-site switch, per-page opt-out,
first occurrence only, longest match, whole words, never inside headings,
links or code, never on the entry's own page; cached until an entry changes."""

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from glossary import autolink
from glossary.models import GlossarySettings
from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(glossary_index):
    return {
        "b2b": entry(glossary_index, "B2B", "BtoB"),
        "marketing_b2b": entry(glossary_index, "Marketing B2B"),
        "lead": entry(glossary_index, "Lead", case_sensitive=True),
    }


@pytest.fixture
def auto_on(home):
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_link = True
    settings.save()
    return settings


def links(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [
        (a.get_text(), int(a["data-glossary-id"]))
        for a in soup.select(".article__body a.glossary-term")
    ], soup


def test_off_by_default(client, article_index, terms):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le B2B avance.</p>")]
    )
    assert links(client, article)[0] == []


def test_first_occurrence_longest_match_whole_words(
    client, article_index, terms, auto_on
):
    article = ArticlePageFactory(
        parent=article_index,
        body=[
            paragraph(
                "<p>Le marketing B2B, puis le B2B et encore BtoB; pas B2Bx ni xB2B.</p>"
            ),
            paragraph("<p>Le b2b revient, un lead et un Lead.</p>"),
        ],
    )
    found, soup = links(client, article)
    assert found == [
        ("marketing B2B", terms["marketing_b2b"].pk),
        ("B2B", terms["b2b"].pk),
        ("Lead", terms["lead"].pk),
    ]
    text = soup.select_one(".article__body").get_text()
    assert "pas B2Bx ni xB2B" in text
    # Each entry's definition is still emitted once.
    assert len(soup.select(f"#glossary-definition-{terms['b2b'].pk}")) == 1


def test_never_in_headings_links_or_code(client, article_index, terms, auto_on):
    article = ArticlePageFactory(
        parent=article_index,
        body=[
            ("heading", {"text": "Le B2B", "level": "h2", "anchor": ""}),
            paragraph(
                "<h3>Le B2B</h3>"
                '<p><a href="https://example.com">un B2B</a> '
                "<code>B2B</code></p>"
                "<p>enfin le B2B.</p>"
            ),
        ],
    )
    found, soup = links(client, article)
    assert found == [("B2B", terms["b2b"].pk)]
    assert soup.select_one(".article__body a.glossary-term").find_parent("h3") is None
    assert soup.select_one("code").get_text() == "B2B"


def test_entries_linked_by_editors_are_left_alone(
    client, article_index, terms, auto_on
):
    b2b = terms["b2b"]
    article = ArticlePageFactory(
        parent=article_index,
        body=[paragraph(f"<p>Du B2B ici, {term(b2b, 'BtoB')} là.</p>")],
    )
    found, _ = links(client, article)
    assert found == [("BtoB", b2b.pk)]


def test_page_can_opt_out(client, article_index, terms, auto_on):
    article = ArticlePageFactory(
        parent=article_index,
        auto_link_terms=False,
        body=[paragraph("<p>Le B2B.</p>")],
    )
    assert links(client, article)[0] == []


def test_never_on_the_entrys_own_page(client, glossary_index, terms, auto_on):
    b2b = terms["b2b"]
    b2b.explanation = [paragraph("<p>Le B2B, ou marketing B2B.</p>")]
    b2b.save_revision().publish()
    found, _ = links(client, b2b)
    assert found == [("marketing B2B", terms["marketing_b2b"].pk)]


def test_cache_follows_publish_unpublish_and_delete(
    client, article_index, glossary_index, terms, auto_on
):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le ROI et le B2B.</p>")]
    )
    assert [t for t, _ in links(client, article)[0]] == ["B2B"]
    roi = entry(glossary_index, "ROI")
    assert [t for t, _ in links(client, article)[0]] == ["ROI", "B2B"]
    roi.unpublish()
    assert [t for t, _ in links(client, article)[0]] == ["B2B"]
    terms["b2b"].delete()
    assert links(client, article)[0] == []


def test_terms_are_cached_between_requests(
    client, article_index, terms, auto_on, django_assert_num_queries
):
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le B2B.</p>")]
    )
    site = Site.objects.get(is_default_site=True)
    autolink.site_terms(site)
    with django_assert_num_queries(0):
        terms_again = autolink.site_terms(site)
        matcher = autolink.matcher_for(site)
    assert ("Marketing B2B", terms["marketing_b2b"].pk, False) in terms_again
    assert matcher.automaton is not None
    assert links(client, article)[0] == [("B2B", terms["b2b"].pk)]


def test_link_terms_reads_the_text_once_with_all_terms():
    matcher = autolink.TermMatcher(
        [("B2B", 1, False), ("Marketing B2B", 2, False), ("Lead", 3, True)]
    )
    done = set()
    html = autolink.link_terms(
        "<p>Le marketing b2b &amp; le B2B, lead, <a href='x'>Lead</a> Lead</p>",
        matcher,
        done,
    )
    assert html == (
        '<p>Le <a linktype="glossary" id="2">marketing b2b</a> &amp; le '
        '<a linktype="glossary" id="1">B2B</a>, lead, <a href=\'x\'>Lead</a> '
        '<a linktype="glossary" id="3">Lead</a></p>'
    )
    assert done == {1, 2, 3}


def test_switching_it_on_or_off_shows_at_once_without_a_write_per_render(
    client, article_index, terms, page_cache_off
):
    """The per-site switch is read once per content generation, and saving
    the settings renews it; a render never creates the settings row."""
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le B2B avance.</p>")]
    )
    site = Site.objects.get(is_default_site=True)
    assert links(client, article)[0] == []
    assert not GlossarySettings.objects.filter(site=site).exists()
    settings = GlossarySettings.for_site(site)
    settings.auto_link = True
    settings.save()
    assert links(client, article)[0] == [("B2B", terms["b2b"].pk)]
    settings.auto_link = False
    settings.save()
    assert links(client, article)[0] == []
