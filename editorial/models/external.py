"""Where a page came from in another system: the key of idempotent writes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

import swapper

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class ExternalID(models.Model):
    """A page's identifier in an integration (a newsroom tool, a partner
    feed, a migration script): ``source`` names the integration,
    ``external_id`` the item there. API v3's upsert
    (``PUT /api/v3/external/{source}/{external_id}/``) creates the page the
    first time and updates it afterwards, so sending an item twice never
    duplicates it. Any page type can have one."""

    page = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="external_ids",
        verbose_name=_("page"),
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        help_text=_("The integration that sends the page, e.g. “newsroom”."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=255,
        help_text=_("The page's identifier in that integration."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external id")
        verbose_name_plural = _("external ids")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="editorial_external_id_unique"
            )
        ]

    def __str__(self):
        return f"{self.source}:{self.external_id}"
