"""The glossary's per-site settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="sliders")
class GlossarySettings(BaseSiteSetting):
    """Per-site glossary options."""

    auto_link = models.BooleanField(
        _("link terms automatically"),
        default=False,
        help_text=_(
            "Turn the first occurrence of each glossary term in paragraph text into "
            "a glossary link, on every page that allows it."
        ),
    )

    class Meta:
        verbose_name = _("glossary settings")
