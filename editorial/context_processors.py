"""Template context every Pressroom template may rely on."""

from django.conf import settings
from django.core import checks

from editorial.conf import get_setting

CONTEXT_PROCESSOR = "editorial.context_processors.pressroom"


def pressroom(request):
    """The base template Pressroom's templates extend
    (``{% extends pressroom_base_template|default:"base.html" %}``): the host
    site names its own with ``PRESSROOM_BASE_TEMPLATE``."""
    return {"pressroom_base_template": get_setting("PRESSROOM_BASE_TEMPLATE")}


def check_base_template_is_used(app_configs, **kwargs):
    """Warns when ``PRESSROOM_BASE_TEMPLATE`` names a template that no page
    would extend: without the context processor, the templates fall back on
    ``base.html`` and the setting is silently ignored."""
    if get_setting("PRESSROOM_BASE_TEMPLATE") == "base.html":
        return []
    for backend in settings.TEMPLATES:
        if backend["BACKEND"].endswith("DjangoTemplates") and CONTEXT_PROCESSOR in (
            backend.get("OPTIONS", {}).get("context_processors", [])
        ):
            return []
    return [
        checks.Warning(
            f"PRESSROOM_BASE_TEMPLATE is set, but {CONTEXT_PROCESSOR} is not "
            "among the context processors of a DjangoTemplates backend: "
            "Pressroom's pages extend base.html instead.",
            hint="Add it to TEMPLATES[...]['OPTIONS']['context_processors'] "
            "(README, Install into your Wagtail site).",
            id="pressroom.W002",
        )
    ]
