"""The body's paragraphs (and an event's description) are printed as
Wagtail's rich-text template would print them, without rendering it, only
while that template is Wagtail's own: a site's override still shows."""

import json

from wagtail.rich_text import RichText

from editorial.rich_text import rich_text_html, rich_text_template_is_wagtails
from tests.factories import ArticlePageFactory
from tests.factories_articles import event_value

BODY = [
    {"type": "paragraph", "value": "<p>Premier <b>paragraphe</b>.</p>"},
    {"type": "paragraph", "value": "<p>Second : « paragraphe » ?</p>"},
    {"type": "event", "value": event_value()},
]


def test_rich_text_html_is_what_wagtail_renders():
    value = RichText('<p>Un <a href="https://example.com/">lien</a> &amp; co.</p>')
    assert rich_text_template_is_wagtails()
    assert rich_text_html(value) == value.__html__()
    assert rich_text_html(value, False) == value.__html__()


def test_the_body_is_the_same_with_wagtails_template_rendered(
    client, article_index, settings, tmp_path
):
    article = ArticlePageFactory(parent=article_index, body=json.dumps(BODY))
    fast = client.get(article.url).content.decode()
    assert "<p>Premier <b>paragraphe</b>.</p>" in fast
    assert "Une soirée pour échanger." in fast
    # Wagtail's own template, found first from another directory: rendered.
    copy = tmp_path / "wagtailcore" / "shared"
    copy.mkdir(parents=True)
    (copy / "richtext.html").write_text("{{ html|safe }}")
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    assert not rich_text_template_is_wagtails()
    article.save_revision().publish()
    assert client.get(article.url).content.decode().count("paragraphe") == (
        fast.count("paragraphe")
    )


def test_a_site_override_of_the_rich_text_template_still_shows(
    client, article_index, settings, tmp_path
):
    own = tmp_path / "wagtailcore" / "shared"
    own.mkdir(parents=True)
    (own / "richtext.html").write_text(
        '<div class="site-rich-text">{{ html|safe }}</div>'
    )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    article = ArticlePageFactory(parent=article_index, body=json.dumps(BODY))
    html = client.get(article.url).content.decode()
    # Both paragraphs and the event's description.
    assert html.count('<div class="site-rich-text">') == 3
    assert '<div class="site-rich-text"><p>Premier <b>paragraphe</b>.</p></div>' in html
