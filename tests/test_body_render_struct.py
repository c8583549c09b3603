"""The body's struct blocks load a stream's values as Wagtail's
``StructBlock.bulk_to_python`` does, children missing from old stored
values included."""

from wagtail import blocks

import pytest

from articles.blocks import EventBlock
from editorial.blocks import BulkStructBlock, DefinitionBlock, HeadingBlock
from tests.factories_articles import event_value, speaker


def wagtails(block, values):
    return blocks.StructBlock.bulk_to_python(block, values)


@pytest.mark.parametrize(
    ("block", "values"),
    [
        (
            HeadingBlock(),
            [
                {"text": "Un", "level": "h2", "anchor": ""},
                {"text": "Deux", "level": "h3"},  # stored before "anchor"
                {"text": "Trois", "level": "h4", "anchor": "trois"},
            ],
        ),
        (
            DefinitionBlock(),
            [
                {"term": "Écosystème", "definition": "Un ensemble."},
                {
                    "term": "Canal",
                    "field_label": "Vente",
                    "definition": "Une voie.",
                    "source": "Larousse",
                    "source_url": "https://example.com/",
                },
            ],
        ),
        (HeadingBlock(), []),
    ],
)
def test_values_load_as_wagtail_loads_them(block, values):
    assert isinstance(block, BulkStructBlock)
    ours = block.bulk_to_python(values)
    theirs = wagtails(block, values)
    assert [type(v) for v in ours] == [type(v) for v in theirs]
    assert [dict(v) for v in ours] == [dict(v) for v in theirs]


def test_events_with_speakers_and_missing_children_load_the_same(db):
    old = event_value()
    del old["agenda"]  # stored before the agenda existed: its default
    values = [
        event_value(speakers=[speaker("Zoé Martin", "Altiplan")]),
        old,
        event_value(start_time=None, end_time=None, end_date="2024-10-05"),
    ]
    block = EventBlock()
    ours, theirs = block.bulk_to_python(values), wagtails(block, values)
    for mine, reference in zip(ours, theirs, strict=True):
        assert type(mine) is type(reference)
        assert mine.keys() == reference.keys()
        for name in reference:
            if name == "description":
                assert mine[name].source == reference[name].source
            elif name in ("speakers", "agenda"):
                assert [dict(x) if hasattr(x, "items") else x for x in mine[name]] == [
                    dict(x) if hasattr(x, "items") else x for x in reference[name]
                ]
            elif name == "registration":
                assert mine[name].keys() == reference[name].keys()
            else:
                assert mine[name] == reference[name], name
    assert list(ours[1]["agenda"]) == []
