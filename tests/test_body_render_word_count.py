"""The article's word count reads its rich text without Python's HTML parser
when the markup is as rich text stores it: ``editorial.rich_text.strip_tags``
gives what Django's ``strip_tags`` gives, for any text."""

import random

from django.utils.html import strip_tags as django_strip_tags

import pytest

from articles.models.article import _texts_in
from editorial.rich_text import strip_tags

PIECES = [
    "mot",
    " ",
    "\n",
    "é",
    "&amp;",
    "&amp",
    "&#39;",
    "&",
    ";",
    "<",
    ">",
    '"',
    "'",
    "=",
    "/",
    "<p>",
    "</p>",
    '<p data-block-key="a1">',
    "<br/>",
    "<br />",
    '<a href="https://example.com/?a=1&amp;b=2">',
    '<a linktype="page" id="3">',
    "<a href=x>",
    "<a title='x > y'>",
    '<a title="x<y">',
    "</a>",
    "</a >",
    "< p>",
    "<!-- note -->",
    "<!DOCTYPE html>",
    "<script>",
    "</script>",
    "<STYLE>",
    "<title>",
    "<b",
    "<i>",
    "</ b>",
]


def test_random_markup_loses_the_tags_django_strip_tags_removes():
    rnd = random.Random(7)
    for _ in range(40_000):
        html = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 10)))
        assert strip_tags(html) == django_strip_tags(html), repr(html)


@pytest.mark.parametrize(
    "html",
    [
        '<p data-block-key="x1">Un <b>mot</b> et <a linktype="page" id="4">'
        "un lien</a>.</p><ul><li>un</li><li>deux</li></ul>",
        "<p>Texte&nbsp;: «&nbsp;citation&nbsp;»</p>",
        "<h2>Titre</h2><p>a<br/>b</p>",
        "pas de balise",
        "a < b > c",
    ],
)
def test_rich_text_as_stored(html):
    assert strip_tags(html) == django_strip_tags(html)


def test_texts_of_a_stream_skip_its_tags():
    raw = [
        {"type": "paragraph", "value": "<p>Deux <i>mots</i></p>", "id": "a"},
        {"type": "heading", "value": {"text": "Titre", "level": "h2"}, "id": "b"},
    ]
    assert _texts_in(raw) == ["Deux mots", "Titre", "h2"]
