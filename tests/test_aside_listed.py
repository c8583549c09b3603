"""The aside of a content page (see-also panel and recent posts) rendered
from rows (editorial.content.ListedItem, editorial/includes/aside.html) is
the HTML the page items and their templates gave, byte for byte: labels,
titles to typeset and escape, a page in both panels, empty panels, several
sites; and the privacy rules hold on it."""

import re

import pytest

from editorial.content import Visibility
from editorial.related import rebuild_all
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    see_also,
    tag,
)

pytestmark = pytest.mark.django_db

ASIDE = re.compile(r'<aside class="panel panel--.*</aside>\n', re.DOTALL)


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PRESSROOM_PAGE_CACHE = False
    settings.PRESSROOM_FRAGMENT_CACHE = False


@pytest.fixture
def pages(article_index, glossary_index, show):
    return {
        "page": ArticlePageFactory(
            parent=article_index, title="La page", publication_date="2024-06-01"
        ),
        "a1": ArticlePageFactory(
            parent=article_index,
            title="Partenaires : « tout » & <rien> ?",
            publication_date="2024-01-01",
        ),
        "g1": GlossaryEntryPageFactory(
            parent=glossary_index, title="L'ABM", publication_date="2024-03-01"
        ),
        "e1": PodcastEpisodePageFactory(
            parent=show, title="Épisode ; un", publication_date="2024-04-01"
        ),
        "e2": PodcastEpisodePageFactory(
            parent=show, title="Épisode deux", publication_date="2030-05-01"
        ),
    }


def both_asides(client, monkeypatch, url):
    listed = client.get(url).content.decode()
    with monkeypatch.context() as patch:
        # The page items and the panels' own templates, as before.
        patch.setattr(Visibility, "load_listed", lambda self, groups, request: None)
        paged = client.get(url).content.decode()
    return ASIDE.search(listed).group(0), ASIDE.search(paged).group(0)


def test_listed_aside_is_the_paged_aside(client, monkeypatch, pages):
    p = pages
    for name in ("page", "a1", "g1", "e1"):
        tag(p[name], "partage")
    see_also(p["page"], p["e2"], p["a1"], labels={p["e2"].pk: "Écoutez : « ça » & <b>"})
    rebuild_all()
    listed, paged = both_asides(client, monkeypatch, p["page"].url)
    assert listed == paged
    # The newest page shows in both panels, under its label in the first.
    assert listed.count(f'href="{p["e2"].url}"') == 2
    assert "data-see-also" in listed and "data-recent-posts" in listed


def test_empty_see_also_and_several_sites(
    client, monkeypatch, pages, settings, other_site
):
    settings.PRESSROOM_SEE_ALSO_COUNT = 0
    ArticlePageFactory(parent=other_site, title="Ailleurs")
    listed, paged = both_asides(client, monkeypatch, pages["page"].url)
    assert listed == paged
    assert "data-see-also" not in listed and "Ailleurs" not in listed


def test_hidden_pages_never_show(client, monkeypatch, pages, article_index):
    p = pages
    for name in ("page", "a1", "g1"):
        tag(p[name], "partage")
    see_also(p["page"], p["e1"])
    rebuild_all()
    make_private(p["e1"])
    p["g1"].unpublish()
    listed, paged = both_asides(client, monkeypatch, p["page"].url)
    assert listed == paged
    assert p["e1"].title not in listed and "ABM" not in listed


def test_a_site_overriding_the_panels_templates_gets_its_own(
    client, pages, settings, tmp_path
):
    p = pages
    tag(p["page"], "partage")
    tag(p["a1"], "partage")
    rebuild_all()
    own = tmp_path / "editorial" / "includes"
    own.mkdir(parents=True)
    (own / "compact_list.html").write_text(
        '<ul class="site-list">{% for item in items %}'
        "<li>{{ item.title }}</li>{% endfor %}</ul>"
    )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    html = client.get(p["page"].url).content.decode()
    assert html.count('<ul class="site-list">') == 2
    assert 'class="compact-list"' not in ASIDE.search(html).group(0)
