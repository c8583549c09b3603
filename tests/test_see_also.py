"""See-also resolution: picks in order, then shared tags, then recency; never the
page itself, a duplicate, or anything unpublished, private or of another site."""

from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest

from editorial.content import Visibility
from editorial.models import SeeAlsoItem
from editorial.see_also import resolve_see_also
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    see_also,
    tag,
)


def resolve(page, count=4):
    return resolve_see_also(
        page, Visibility(Site.objects.get(is_default_site=True)), count
    )


def titles(items):
    return [item.title for item in items]


@pytest.fixture
def pages(article_index, glossary_index, show):
    """Six pages across the three types, newest last."""
    return {
        "page": ArticlePageFactory(
            parent=article_index, title="Page", publication_date="2024-06-01"
        ),
        "a1": ArticlePageFactory(
            parent=article_index, title="A1", publication_date="2024-01-01"
        ),
        "a2": ArticlePageFactory(
            parent=article_index, title="A2", publication_date="2024-02-01"
        ),
        "g1": GlossaryEntryPageFactory(
            parent=glossary_index, title="G1", publication_date="2024-03-01"
        ),
        "e1": PodcastEpisodePageFactory(
            parent=show, title="E1", publication_date="2024-04-01"
        ),
        "e2": PodcastEpisodePageFactory(
            parent=show, title="E2", publication_date="2024-05-01"
        ),
    }


def test_picks_come_first_in_editor_order_with_labels(pages):
    p = pages
    see_also(p["page"], p["g1"], p["a1"], labels={p["a1"].pk: "Lire aussi : A1"})
    items = resolve(p["page"], count=2)
    assert titles(items) == ["G1", "Lire aussi : A1"]
    assert [item.page.pk for item in items] == [p["g1"].pk, p["a1"].pk]
    # Loaded as their specific types.
    assert type(items[0].page).__name__ == "GlossaryEntryPage"


def test_fill_by_shared_tags_then_recency(pages):
    p = pages
    tag(p["page"], "abm", "data", "b2b")
    tag(p["a1"], "abm", "data")  # two shared tags
    tag(p["g1"], "b2b")  # one shared tag
    tag(p["e1"], "autre")  # none
    see_also(p["page"], p["e1"])
    items = resolve(p["page"], count=4)
    # Pick, then most shared tags, then fewer, then the most recent remaining.
    assert titles(items) == ["E1", "A1", "G1", "E2"]


def test_tag_fill_ties_are_broken_by_recency(pages):
    p = pages
    tag(p["page"], "abm")
    tag(p["a1"], "abm")
    tag(p["e2"], "abm")
    assert titles(resolve(p["page"], count=2)) == ["E2", "A1"]


def test_never_self_nor_duplicates(pages):
    p = pages
    see_also(p["page"], p["a1"], p["a1"], p["g1"])
    SeeAlsoItem.objects.create(page=p["page"], target=p["page"], sort_order=9)
    tag(p["page"], "abm")
    tag(p["a1"], "abm")
    items = resolve(p["page"], count=6)
    pks = [item.page.pk for item in items]
    assert p["page"].pk not in pks
    assert len(pks) == len(set(pks)) == 5


def test_drafts_private_and_other_sites_never_appear(pages, other_site, article_index):
    p = pages
    draft = ArticlePageFactory(parent=article_index, title="Brouillon", live=False)
    private_index = ArticleIndexPageFactory(
        parent=article_index.get_parent(), slug="prive", title="Privé"
    )
    private = ArticlePageFactory(
        parent=private_index, title="Privé", publication_date="2030-01-01"
    )
    make_private(private_index)
    other_index = ArticleIndexPageFactory(parent=other_site, slug="ailleurs")
    elsewhere = ArticlePageFactory(
        parent=other_index, title="Ailleurs", publication_date="2031-01-01"
    )
    for page in (draft, private, elsewhere):
        tag(page, "abm")
    tag(p["page"], "abm")
    see_also(p["page"], draft, private, elsewhere, p["a1"])
    items = resolve(p["page"], count=10)
    shown = set(titles(items))
    assert shown == {"A1", "A2", "G1", "E1", "E2"}


def test_count_setting_limits_the_panel(pages, settings):
    settings.PRESSROOM_SEE_ALSO_COUNT = 2
    resolved = resolve_see_also(
        pages["page"], Visibility(Site.objects.get(is_default_site=True))
    )
    assert len(resolved) == 2
    assert resolve(pages["page"], count=0) == []


def test_preview_uses_unsaved_picks(pages):
    """In a preview the page's picks are in memory, not in the database."""
    p = pages
    page = p["page"]
    page.see_also_items = [SeeAlsoItem(target=p["e1"]), SeeAlsoItem(target=p["g1"])]
    assert titles(resolve(page, count=2)) == ["E1", "G1"]


def test_editor_cannot_pick_the_page_itself_or_another_type(pages, home):
    page = pages["page"]
    with pytest.raises(ValidationError) as error:
        SeeAlsoItem(page=page, target=page).full_clean()
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        SeeAlsoItem(page=page, target=home).full_clean()
    assert "target" in error.value.message_dict
    SeeAlsoItem(page=page, target=pages["e1"]).full_clean()  # a content page is fine


def test_api_representation(pages):
    p = pages
    see_also(p["page"], p["e1"], labels={p["e1"].pk: "À écouter"})
    data = p["page"].see_also[0]
    assert data == {
        "id": p["e1"].pk,
        "type": "podcasts.PodcastEpisodePage",
        "title": "À écouter",
        "url": p["e1"].full_url,
        "teaser": p["e1"].summary,
        "date": "2024-04-01",
    }
