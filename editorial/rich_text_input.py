"""Rich text written through the API as front-end HTML, turned into
Wagtail's stored format before the editor's features filter it.

API v3 reads rich text as front-end HTML (links resolved: ``<a
href="/…" data-page-id="12">``); a client writing it back, or writing new
text the same way, sends that HTML. Links that carry an id attribute become
Wagtail's stored links (``<a linktype="page" id="12">``); everything else
goes to Wagtail's own input sanitiser (``APIRichText.convert_input``), which
strips what the field's features do not allow and reports each removal in
the answer's ``meta.warnings``.

Editorial knows internal page links (``data-page-id``); an app with a link
type of its own registers its attribute from its ``AppConfig.ready()``
(``register_link_attribute("data-glossary-id", "glossary")``): editorial
never names it. Hidden companions of those links (the glossary's definition
``<span id="glossary-definition-12">``) are dropped with
``register_dropped_element_id_prefix``.
"""

from html import escape
from html.parser import HTMLParser

# attribute -> linktype, in order of precedence
_link_attributes = {"data-page-id": "page"}
_dropped_id_prefixes = []

VOID_ELEMENTS = {"br", "hr", "img", "embed", "input", "meta", "link", "wbr"}


def register_link_attribute(attribute, linktype):
    """Links carrying ``attribute="<id>"`` are stored as ``linktype`` links."""
    _link_attributes[attribute] = linktype


def register_dropped_element_id_prefix(prefix):
    """Elements whose id starts with ``prefix`` are dropped with their content
    (front-end companions of a link, not text an editor wrote)."""
    if prefix not in _dropped_id_prefixes:
        _dropped_id_prefixes.append(prefix)


class _FrontEndToStored(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.dropping = 0  # depth inside a dropped element

    def _attrs(self, attrs):
        return "".join(
            f' {name}="{escape(value, quote=True)}"'
            if value is not None
            else f" {name}"
            for name, value in attrs
        )

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag not in VOID_ELEMENTS:
                self.dropping += 1
            return
        values = dict(attrs)
        element_id = values.get("id") or ""
        if element_id and any(element_id.startswith(p) for p in _dropped_id_prefixes):
            if tag not in VOID_ELEMENTS:
                self.dropping = 1
            return
        if tag == "a" and values.get("linktype") is None:
            for attribute, linktype in _link_attributes.items():
                target = (values.get(attribute) or "").strip()
                if target.isdigit():
                    self.out.append(f'<a linktype="{linktype}" id="{target}">')
                    return
        self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if not self.dropping:
            self.out.append(f"<{tag}{self._attrs(attrs)}/>")

    def handle_endtag(self, tag):
        if self.dropping:
            if tag not in VOID_ELEMENTS:
                self.dropping -= 1
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.dropping:
            self.out.append(f"&#{name};")


def front_end_to_stored(html):
    """``html`` with its id-carrying links in Wagtail's stored format and the
    front-end companions dropped; stored-format HTML passes unchanged."""
    if not isinstance(html, str) or "<" not in html:
        return html
    parser = _FrontEndToStored()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def convert_input_value(value):
    """A rich-text API input (a string, or Wagtail's ``{format, content}``
    envelope) with its front-end HTML converted; Markdown is left to Wagtail."""
    if isinstance(value, str):
        return front_end_to_stored(value)
    if isinstance(value, dict) and value.get("format", "db_html") == "db_html":
        return {**value, "content": front_end_to_stored(value.get("content"))}
    return value
