"""The contract between importers (``wordpress_import``) and the page types
that receive imported content.

An importer reads a foreign publication and turns each item into a neutral
``ImportItem``: its title, slug, dates, status, standfirst, a body of neutral
blocks, tags, authors, image ids... It never names a content app: it asks
``import_adapters`` for the adapter registered for the item's kind ("post",
"page", "glossary", "podcast enclosure"), which content apps (and the site)
register from their ``AppConfig.ready()``. The adapter finds the parent page
of the new page and fills a page instance of its own type from the item,
mapping neutral blocks to the blocks its body accepts.

Neutral blocks are ``(kind, value)`` pairs:

- ``("heading", {"text": str, "level": "h2" | "h3" | "h4"})``
- ``("paragraph", html)``: rich text in Wagtail's database format
- ``("quote", {"text": str, "attribution": str})``
- ``("image", {"image": image id, "alt_text": str, "caption": str})``
- ``("embed", {"url": str})``
- ``("playable", {"page": page id})``: a recording (podcast episode) page

``stream_data()`` maps them onto a ``StreamBlock``'s children by name; a kind
the block does not accept becomes a paragraph (a link, a caption) so that
nothing the reader saw is lost.
"""

import dataclasses
import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape


@dataclasses.dataclass
class ImportItem:
    """One item of a foreign publication, in neutral terms."""

    source_id: int
    kind: str
    title: str
    slug: str = ""
    status: str = "publish"  # publish, draft, private or future
    published_at: datetime.datetime | None = None
    modified_at: datetime.datetime | None = None
    excerpt: str = ""
    body: list = dataclasses.field(default_factory=list)
    # Tag names, or taggit ``Tag`` instances (an importer's, found or created
    # once per run).
    tags: list = dataclasses.field(default_factory=list)
    # (slug, name) pairs, the primary first.
    categories: list = dataclasses.field(default_factory=list)
    # Pressroom Person instances, in order.
    authors: list = dataclasses.field(default_factory=list)
    featured_image_id: int | None = None
    # The parent page chosen by the importer (a page's parent page), or None.
    parent_page_id: int | None = None
    sticky: bool = False
    # Kind-specific values (alternative forms, audio file id, episode data...).
    extra: dict = dataclasses.field(default_factory=dict)
    # One dict shared by the items of one run, where adapters keep what they
    # looked up (a category by slug, the parent index) for the next items.
    cache: dict = dataclasses.field(default_factory=dict)


class ImportAdapter:
    """Builds pages of one type from neutral items. Subclasses set ``kind``
    and ``model`` and implement ``get_parent()`` and ``fill()``."""

    kind = ""
    model = None
    # The name of the page's StreamField receiving the body.
    body_field = "body"

    def get_parent(self, site_root, item):
        """The page under which the new page goes (may create an index page)."""
        raise NotImplementedError

    def fill(self, page, item):
        """Set ``page``'s fields (and in-memory child objects) from ``item``."""
        raise NotImplementedError

    def after_create(self, page, item):
        """Links that need the page saved (its audio version...)."""

    @staticmethod
    def first_or_new_index(site_root, index_model, build):
        """The site's first ``index_model`` page (in tree order), else the
        page ``build()`` returns, added under the site's root and published."""
        index = (
            index_model.objects.descendant_of(site_root, inclusive=True)
            .order_by("path")
            .first()
        )
        if index is None:
            index = site_root.add_child(instance=build())
            index.save_revision().publish()
        return index

    def new_page(self):
        return self.model()


def stream_data(stream_block, neutral_blocks):
    """The neutral blocks as raw stream data for ``stream_block``: each kind
    on the child of the same name, or a paragraph when there is none."""
    children = stream_block.child_blocks
    data = []

    def paragraph(html):
        if html and "paragraph" in children:
            data.append({"type": "paragraph", "value": html})

    for kind, value in neutral_blocks:
        if kind in children and kind != "playable":
            # An embed block stores its URL alone.
            data.append(
                {"type": kind, "value": value["url"] if kind == "embed" else value}
            )
        elif kind == "playable":
            # The first child choosing a recording page takes it.
            name = next(
                (
                    name
                    for name, block in children.items()
                    if "episode" in getattr(block, "child_blocks", {})
                ),
                None,
            )
            if name:
                data.append(
                    {
                        "type": name,
                        "value": {"episode": value["page"], "introduction": ""},
                    }
                )
        elif kind == "heading":
            paragraph(f"<h3>{escape(value['text'])}</h3>")
        elif kind == "quote":
            paragraph(f"<p>{escape(value['text'])}</p>")
        elif kind == "image":
            paragraph(
                f'<embed embedtype="image" id="{int(value["image"])}" format="fullwidth" '
                f'alt="{escape(value.get("alt_text", ""))}"/>'
            )
        elif kind == "embed":
            url = escape(value["url"])
            paragraph(f'<p><a href="{url}">{url}</a></p>')
    return data


class ImportAdapterRegistry:
    """Adapters by item kind, one per kind."""

    def __init__(self):
        self._adapters = {}

    def register(self, adapter):
        if not adapter.kind or adapter.model is None:
            raise ImproperlyConfigured(f"{adapter!r} needs a kind and a model.")
        self._adapters[adapter.kind] = adapter
        return adapter

    def get(self, kind):
        return self._adapters.get(kind)

    def kinds(self):
        return list(self._adapters)

    def unregister(self, kind):
        self._adapters.pop(kind, None)


import_adapters = ImportAdapterRegistry()
