"""What an article holds besides its fields: its tags and its contributors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from editorial.api_fields import writable
from editorial.models import Person


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleContributor(Orderable):
    """One person credited on an article, in order, with an optional role."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="contributors"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="article_credits",
        help_text=_("Add new people under Publication › Contributors."),
    )
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional, e.g. “Interview” or “Illustrations”. Author by default."
        ),
    )

    panels = [FieldPanel("person"), FieldPanel("role")]
    api_fields = writable("person", "role")

    class Meta(Orderable.Meta):
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return str(self.person)
