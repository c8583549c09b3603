"""The table of contents asked for right after the body renders reads the
anchors the render made, and is the one the stream alone gives."""

from articles.blocks import ArticleBodyBlock
from editorial.blocks import table_of_contents

RAW = [
    {
        "type": "heading",
        "value": {"text": "Pourquoi", "level": "h2", "anchor": ""},
        "id": "b1",
    },
    {"type": "paragraph", "value": "<p>Texte.</p>", "id": "b2"},
    {
        "type": "heading",
        "value": {"text": "Pourquoi", "level": "h3", "anchor": ""},
        "id": "b3",
    },
    {
        "type": "heading",
        "value": {"text": "Comment", "level": "h2", "anchor": "how"},
        "id": "b4",
    },
]
EXPECTED = [
    ("h2", "pourquoi", "Pourquoi"),
    ("h3", "pourquoi-2", "Pourquoi"),
    ("h2", "how", "Comment"),
]


def stream():
    return ArticleBodyBlock().to_python(RAW)


def test_after_a_render_the_table_of_contents_is_the_streams(db):
    value = stream()
    assert table_of_contents(stream()) == EXPECTED
    html = value.render_as_block(context={})
    assert 'id="pourquoi-2"' in html
    assert table_of_contents(value) == EXPECTED
    # Read once: asked again, it is made from the stream.
    assert table_of_contents(value) == EXPECTED


def test_a_heading_added_after_the_render_is_listed(db):
    value = stream()
    value.render_as_block(context={})
    value.append(("heading", {"text": "Enfin", "level": "h2", "anchor": ""}, "b9"))
    assert table_of_contents(value) == [*EXPECTED, ("h2", "enfin", "Enfin")]
