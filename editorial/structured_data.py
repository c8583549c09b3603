"""Structured data: how a page, or a block value, describes itself to search
engines as schema.org JSON-LD.

The contract, the same in every app: an object offers
``structured_data(request, **kwargs)`` returning a schema.org dict (with its
``@context`` and ``@type``), or ``None`` when it has nothing to say. Templates
render it with ``{% structured_data obj %}`` (``editorial_tags``), which
escapes it as Django's ``json_script`` does; keyword arguments of the tag reach
the method (a block value is given the page that shows it:
``{% structured_data value page=page %}``).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA_ORG = "https://schema.org"


class StructuredDataMixin:
    """A page type that describes itself in schema.org terms."""

    def structured_data(self, request):
        """The page's schema.org dict, or ``None``; page types override it.
        ``request`` may be ``None`` (a render without a request)."""
        return None


# What json_script escapes: nothing in the data can close the <script> element.
# Applied with ``str.replace``: ``str.translate`` with a mapping looks every
# character up in it (about 1 ms for the 100 terms of a glossary page).
_JSON_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element for structured data,
    serialised with ``json`` and escaped as Django's ``json_script`` does
    (empty when there is no data).

    It carries no Content-Security-Policy nonce: a data block is never run,
    so ``script-src`` does not govern it (the site's public policy allows no
    inline script at all), and a page without a per-request nonce can be
    cached whole and shared by every reader."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escape in _JSON_ESCAPES:
        text = text.replace(character, escape)
    text = mark_safe(text)
    return format_html('<script type="application/ld+json">{}</script>', text)


def structured_data_script(obj, request=None, **kwargs):
    """``obj``'s structured data as a JSON-LD ``<script>`` (empty when ``obj``
    offers none)."""
    describe = getattr(obj, "structured_data", None)
    data = describe(request, **kwargs) if callable(describe) else None
    return json_ld_script(data)
