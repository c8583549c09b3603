"""The see-also candidates precomputed for each page (``editorial.related``),
read by ``editorial.see_also``: a module of its own, so that the services
the page mixins call do not import the mixins."""

from django.db import models
from django.utils.translation import gettext_lazy as _

import swapper

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class RelatedCandidate(models.Model):
    """A precomputed "See also" candidate: one of the pages sharing the most
    tags with ``page`` (``editorial.related`` keeps the best
    ``PRESSROOM_SEE_ALSO_CANDIDATES`` of each page up to date through a
    background task). Readers' visibility is checked when the panel is shown,
    not here, so a stale row can never show a hidden page."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shared_tags = models.PositiveIntegerField()
    candidate_date = models.DateField()

    class Meta:
        verbose_name = _("related candidate")
        verbose_name_plural = _("related candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "candidate"], name="editorial_related_unique"
            )
        ]
        indexes = [
            # A page's candidates in panel order, read from the index.
            models.Index(
                "page",
                models.F("shared_tags").desc(),
                models.F("candidate_date").desc(),
                models.F("candidate").desc(),
                name="editorial_related_rank_idx",
            )
        ]

    def __str__(self):
        return f"{self.page_id} -> {self.candidate_id} ({self.shared_tags})"
