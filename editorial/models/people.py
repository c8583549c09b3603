"""The people the publication names, shared by every content type."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from editorial.api_fields import writable
from editorial.panels import WordedInlinePanel


class Person(index.Indexed, ClusterableModel):
    """Someone the publication names: an article's contributor, a podcast's host
    or guest, an event's speaker. Shared by every content type."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=False,
        help_text=_("Used in the person's URL, e.g. claire-morvan."),
    )
    job_title = models.CharField(
        _("job title"),
        max_length=200,
        blank=True,
        help_text=_("For example “Head of marketing”."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Company or institution."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A portrait, ideally square."),
    )
    bio = models.TextField(
        _("biography"),
        blank=True,
        max_length=1500,
        help_text=_("A few sentences, plain text."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("job_title"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        WordedInlinePanel(
            "links",
            heading=_("Links"),
            label=_("link"),
            add_label=pgettext_lazy("inline panel", "Add a link"),
        ),
    ]
    # Written through API v3 (editorial.writable_models), not read there.
    api_fields = writable(
        "name", "slug", "job_title", "organisation", "photo", "bio", "links"
    )
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def credit_data(self, role=""):
        """The person credited with ``role``, in ``ContributorSchema``'s shape
        (the pages' API field ``contributors``)."""
        return {
            "id": self.pk,
            "name": self.name,
            "slug": self.slug,
            "role": role,
            "job_title": self.job_title,
            "organisation": self.organisation,
            "bio": self.bio,
            "links": [
                {"label": link.label, "url": link.url} for link in self.links.all()
            ],
        }


class PersonLink(Orderable):
    """A link to a person's profile elsewhere (website, LinkedIn, Mastodon...)."""

    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        _("label"), max_length=60, help_text=_("For example “LinkedIn”.")
    )
    url = models.URLField(_("URL"))

    panels = [FieldPanel("label"), FieldPanel("url")]
    api_fields = writable("label", "url")

    class Meta(Orderable.Meta):
        verbose_name = _("person link")
        verbose_name_plural = _("person links")

    def __str__(self):
        return self.label
