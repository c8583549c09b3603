"""Template helpers of the glossary pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the script.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """``<script type="application/ld+json">`` holding ``data``, safely escaped."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_ESCAPES)),  # noqa: S308 - escaped above
    )
