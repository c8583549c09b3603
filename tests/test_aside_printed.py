"""The aside printed in Python (``_printed_aside``) is what
editorial/includes/aside.html renders of the same panels, byte for byte, and
a site that overrides aside.html gets its own template."""

import datetime

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import pytest

from editorial.content import ListedItem
from editorial.related import rebuild_all
from editorial.templatetags import editorial_tags
from tests.factories import ArticlePageFactory, tag


def item(**values):
    defaults = {
        "pk": 1,
        "expire_at": None,
        "url": "/a/",
        "lang": "fr",
        "type_name": "articles.ArticlePage",
        "model_label": "articles-articlepage",
        "type_label": "Article",
        "date": datetime.date(2024, 9, 9),
        "date_iso": "2024-09-09",
        "date_short": "09/09/2024",
        "title_html": mark_safe("L’ABM&nbsp;: <i>tout</i>"),
    }
    return ListedItem({**defaults, **values})


def panel(name, items):
    return {
        "name": name,
        "heading_id": f"{name}-title",
        "data": name,
        "title": f"Titre « {name} » & co",
        "items": items,
    }


PANELS = [
    [panel("see-also", [item(), item(pk=2, date=None, date_iso="", date_short="")])],
    [panel("see-also", []), panel("recent", [item()])],
    [panel("see-also", [item()]), panel("recent", [])],
    [panel("see-also", []), panel("recent", [])],
    [
        panel("see-also", [item(title_html="<b>a</b> & b", url=None)]),
        panel(
            "recent",
            [item(type_label=gettext_lazy("Podcast episode"), url="/x?a=1&b=<2>")],
        ),
    ],
    [],
]


@pytest.mark.parametrize("panels", PANELS)
def test_printed_aside_is_the_template(panels):
    template = get_template(editorial_tags._ASIDE_TEMPLATE)
    assert editorial_tags._printed_aside(panels) == template.render({"panels": panels})


@pytest.mark.django_db
def test_a_site_overriding_aside_html_gets_its_own(
    client, article_index, settings, tmp_path
):
    settings.PRESSROOM_PAGE_CACHE = False
    settings.PRESSROOM_FRAGMENT_CACHE = False
    page = ArticlePageFactory(parent=article_index, title="La page")
    other = ArticlePageFactory(parent=article_index, title="L'autre")
    tag(page, "partage")
    tag(other, "partage")
    rebuild_all()
    assert editorial_tags._aside_template_is_ours()
    own = tmp_path / "editorial" / "includes"
    own.mkdir(parents=True)
    (own / "aside.html").write_text(
        '{% for panel in panels %}<div class="site-aside">'
        "{% for item in panel.items %}{{ item.title_html }}{% endfor %}"
        "</div>{% endfor %}"
    )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    assert not editorial_tags._aside_template_is_ours()
    html = client.get(page.url).content.decode()
    assert '<div class="site-aside">L&#x27;autre' in html
    assert 'class="panel panel--see-also"' not in html
    assert 'class="panel panel--recent"' not in html


@pytest.mark.django_db
def test_listed_items_type_labels_in_the_active_language(show):
    from django.utils import translation
    from django.utils.text import capfirst

    from wagtail.models import Site

    from editorial.content import Visibility
    from podcasts.models import PodcastEpisodePage
    from tests.factories import PodcastEpisodePageFactory

    episodes = [
        PodcastEpisodePageFactory(parent=show, title=f"Épisode {n}") for n in range(2)
    ]
    visibility = Visibility(Site.objects.get(is_default_site=True))
    kind = visibility._models().index(PodcastEpisodePage)
    rows = [(episode.pk, episode.publication_date, kind) for episode in episodes]
    labels = {}
    for language in ("fr", "en"):
        with translation.override(language):
            (items,) = visibility.load_listed([(rows, None)])
            expected = capfirst(str(PodcastEpisodePage._meta.verbose_name))
            assert [item["type_label"] for item in items] == [expected, expected]
            assert [item["url"] for item in items] == [e.url for e in episodes]
            labels[language] = expected
    assert labels["fr"] != labels["en"]
