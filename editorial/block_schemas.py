"""Typed JSON of StreamField blocks in Wagtail's API v3 and its OpenAPI document.

Wagtail types every StreamField as ``list[Any]``. Here a StreamField is typed
as a list of items discriminated by ``type``, one schema per block type:

- a block whose class declares ``api_schema`` (needed when it overrides
  ``get_api_representation``, e.g. an image block returning rendition URLs)
  is described by that schema;
- a ``StructBlock`` by an object of its children, a ``ListBlock`` by a list,
  a ``StreamBlock`` by a discriminated list, field blocks by their value type
  (text, number, date, choice…); chooser blocks Wagtail serialises as ids;
- any other block stays ``Any`` (tests check that Pressroom's own streams have
  none).

``editorial.wagtail_adaptations`` (``type_streamfields``) installs
``streamfield_schema`` for every StreamField in Wagtail's v3 read-schema
generator; the values are still
produced by the blocks' own ``get_api_representation``, then validated against
the schema by django-ninja, so a block and its schema cannot drift apart
unnoticed.
"""

import datetime
import re
from typing import Annotated, Any, Literal, Union

from wagtail import blocks

from ninja import Field, Schema

RICH_TEXT_DESCRIPTION = (
    "Rich text as front-end HTML (links resolved; glossary terms as "
    '<a class="glossary-term" data-glossary-id=… href=… title=definition>). '
    "?rich_text_format=db_html gives Wagtail's stored format."
)

_FIELD_TYPES = [
    # Checked in order against the block's class hierarchy.
    (blocks.RichTextBlock, Annotated[str, Field(description=RICH_TEXT_DESCRIPTION)]),
    (blocks.BooleanBlock, bool),
    (blocks.IntegerBlock, int),
    (blocks.FloatBlock, float),
    (blocks.DecimalBlock, float),
    (blocks.DateTimeBlock, datetime.datetime),
    (blocks.DateBlock, datetime.date),
    (blocks.TimeBlock, datetime.time),
    (blocks.MultipleChoiceBlock, list[str]),
    (blocks.ChooserBlock, int),
    (blocks.FieldBlock, str),
]

_schemas = {}  # (block class, path) -> schema class; schema names stay unique
_names = {}  # schema name -> owner key


def _camel(name):
    return "".join(part.capitalize() for part in re.split(r"[^0-9a-zA-Z]+", name))


def _schema_name(block, path):
    cls = type(block)
    if cls.__module__.startswith("wagtail.") or cls in (
        blocks.StructBlock,
        blocks.StreamBlock,
    ):
        # A plain StructBlock/StreamBlock declared inline: named after its place.
        return _camel(path)
    return cls.__name__


def _unique(name, key):
    owner = _names.setdefault(name, key)
    if owner == key:
        return name
    number = 2
    while _names.setdefault(f"{name}{number}", key) != key:
        number += 1
    return f"{name}{number}"


def _choice_type(block):
    """A string, its choices named in the description: not an enum, so that a
    value stored before a choice was removed still validates (content
    outlives code; a failing answer would hide the whole page)."""
    values = [
        str(value)
        for value, _label in getattr(block.field, "choices", [])
        if value not in ("", None)
    ]
    if not values:
        return str
    shown = ", ".join(values[:12]) + (", …" if len(values) > 12 else "")
    return Annotated[str, Field(description=f"One of: {shown}.")]


def block_schema(block, path="Block"):
    """The type of ``block.get_api_representation``'s output."""
    declared = getattr(type(block), "api_schema", None)
    if declared is not None:
        return declared
    if isinstance(block, blocks.StreamBlock):
        return stream_schema(block, path)
    if isinstance(block, blocks.StructBlock):
        return struct_schema(block, path)
    if isinstance(block, blocks.ListBlock):
        return list[block_schema(block.child_block, path + "Item")]
    if isinstance(block, blocks.ChoiceBlock):
        value = _choice_type(block)
    else:
        value = next(
            (kind for cls, kind in _FIELD_TYPES if isinstance(block, cls)), None
        )
    if value is None:
        return Any
    required = getattr(block, "required", False) and not isinstance(
        block, blocks.ChooserBlock
    )
    return value if required else value | None


def struct_schema(block, path):
    key = (type(block), path if type(block) is blocks.StructBlock else None)
    if key in _schemas:
        return _schemas[key]
    name = _unique(_schema_name(block, path), key)
    namespace = {"__annotations__": {}, "__doc__": _doc(block)}
    for child_name, child in block.child_blocks.items():
        namespace["__annotations__"][child_name] = block_schema(
            child, f"{name} {child_name}"
        )
        namespace[child_name] = Field(
            None if not getattr(child, "required", False) else ...,
            title=str(child.label) if child.label else None,
        )
    schema = type(name, (Schema,), namespace)
    _schemas[key] = schema
    return schema


def stream_item_schemas(block, path):
    """One ``{type, value, id}`` schema per child block type of a stream."""
    stream_name = _unique(
        _schema_name(block, path),
        (type(block), path if type(block) is blocks.StreamBlock else None),
    )
    items = []
    for child_name, child in block.child_blocks.items():
        key = (type(block), stream_name, child_name)
        if key not in _schemas:
            name = _unique(f"{stream_name}{_camel(child_name)}", key)
            _schemas[key] = type(
                name,
                (Schema,),
                {
                    "__annotations__": {
                        "type": Literal[child_name],
                        "value": block_schema(child, f"{stream_name} {child_name}"),
                        "id": str | None,
                    },
                    "__doc__": _doc(child) or f"A {child_name} block.",
                    "id": None,
                },
            )
        items.append(_schemas[key])
    return items


def stream_schema(block, path="Stream"):
    items = stream_item_schemas(block, path)
    if not items:
        return list[Any]
    if len(items) == 1:
        return list[items[0]]
    return list[Annotated[Union[tuple(items)], Field(discriminator="type")]]  # noqa: UP007


def _doc(block):
    label = block.label or getattr(block.meta, "label", None)
    return str(label) if label else None


def streamfield_schema(generator, field):
    """Wagtail v3 schema-generator hook for ``StreamField`` (typed, see above)."""
    field_name = field.name
    annotation = stream_schema(
        field.stream_block, f"{field.model.__name__} {field_name}"
    )

    def resolve(obj, context):
        value = getattr(obj, field_name)
        # Blocks see the page, as they do when it renders (auto-linking reads it).
        context = {**(context or {}), "page": obj}
        return value.stream_block.get_api_representation(value, context)

    return annotation, [], staticmethod(resolve)


# -- what API v3 writes accept ---------------------------------------------------------
#
# The same shapes as the output, minus read-only expansions: a block declaring
# ``api_schema`` (its output expanded: image renditions, a chosen page's
# card) is written as its stored structure; a chooser block takes an id; rich
# text takes front-end HTML (``editorial.rich_text_input``) or Wagtail's
# stored format. Dates and times are validated, then handed to the blocks as
# ISO strings, the form their stored JSON has.

RICH_TEXT_INPUT_DESCRIPTION = (
    "Rich text: HTML as the API reads it (internal links with data-page-id, "
    "glossary terms with data-glossary-id) or Wagtail's stored format; "
    "what the field's features do not allow is removed and listed in "
    "meta.warnings."
)


def _iso(kind):
    from pydantic import PlainSerializer

    return Annotated[kind, PlainSerializer(lambda value: value.isoformat())]


def _rich_text_input():
    from wagtail.api.v3.schemas.generators.write import RichTextInputSchema

    from pydantic import BeforeValidator

    from editorial.rich_text_input import convert_input_value

    return Annotated[
        str | RichTextInputSchema,
        BeforeValidator(convert_input_value),
        Field(description=RICH_TEXT_INPUT_DESCRIPTION),
    ]


def _input_field_type(block):
    if isinstance(block, blocks.RichTextBlock):
        return _rich_text_input()
    if isinstance(block, blocks.ChoiceBlock):
        return _choice_type(block)
    if isinstance(block, blocks.ChooserBlock):
        return Annotated[int, Field(description="The chosen object's id.")]
    if isinstance(block, blocks.DateTimeBlock):
        return _iso(datetime.datetime)
    if isinstance(block, blocks.DateBlock):
        return _iso(datetime.date)
    if isinstance(block, blocks.TimeBlock):
        return _iso(datetime.time)
    return next((kind for cls, kind in _FIELD_TYPES if isinstance(block, cls)), None)


def block_input_schema(block, path="Block"):
    """The type a write gives ``block`` (``flatten_block_value`` reads it)."""
    if isinstance(block, blocks.StreamBlock):
        return stream_input_schema(block, path)
    if isinstance(block, blocks.StructBlock):
        return struct_input_schema(block, path)
    if isinstance(block, blocks.ListBlock):
        return list[block_input_schema(block.child_block, path + "Item")]
    value = _input_field_type(block)
    if value is None:
        return Any
    return value if getattr(block, "required", False) else value | None


def struct_input_schema(block, path):
    key = ("input", type(block), path if type(block) is blocks.StructBlock else None)
    if key in _schemas:
        return _schemas[key]
    name = _unique(_schema_name(block, path) + "Input", key)
    namespace = {"__annotations__": {}, "__doc__": _doc(block)}
    for child_name, child in block.child_blocks.items():
        namespace["__annotations__"][child_name] = block_input_schema(
            child, f"{name} {child_name}"
        )
        # No translated title: the document must not depend on which app's
        # catalogue translates a label (INSTALLED_APPS order).
        namespace[child_name] = Field(
            None if not getattr(child, "required", False) else ...
        )
    schema = type(name, (Schema,), namespace)
    _schemas[key] = schema
    return schema


def stream_input_schema(block, path="Stream"):
    stream_key = (
        "input",
        type(block),
        path if type(block) is blocks.StreamBlock else None,
    )
    stream_name = _unique(_schema_name(block, path) + "Input", stream_key)
    items = []
    for child_name, child in block.child_blocks.items():
        key = ("input", type(block), stream_name, child_name)
        if key not in _schemas:
            name = _unique(f"{stream_name}{_camel(child_name)}", key)
            _schemas[key] = type(
                name,
                (Schema,),
                {
                    "__annotations__": {
                        "type": Literal[child_name],
                        "value": block_input_schema(
                            child, f"{stream_name} {child_name}"
                        ),
                        "id": str | None,
                    },
                    "__doc__": _doc(child) or f"A {child_name} block.",
                    "id": None,
                },
            )
        items.append(_schemas[key])
    if not items:
        return list[Any]
    if len(items) == 1:
        return list[items[0]]
    return list[Annotated[Union[tuple(items)], Field(discriminator="type")]]  # noqa: UP007


def streamfield_input_schema(generator, field):
    """Wagtail v3 write-schema hook for ``StreamField``: typed block input."""
    return (
        stream_input_schema(field.stream_block, f"{field.model.__name__} {field.name}"),
        [],
    )


def rich_text_field_input_schema(generator, field):
    """Wagtail v3 write-schema hook for ``RichTextField``: Wagtail's own input
    (stored HTML or its envelope, sanitised against the field's features),
    front-end HTML converted first."""
    from wagtail.api.v3.schemas.generators.write import rich_text_schema

    from pydantic import BeforeValidator

    from editorial.rich_text_input import convert_input_value

    annotation, default = rich_text_schema(generator, field)
    return Annotated[annotation, BeforeValidator(convert_input_value)], default
