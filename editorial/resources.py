"""The contract between pages and the gated resources another app offers.

A gated resource (a white paper behind a short form: leads' ``ResourcePage``)
can be offered inside another page's body with ``GatedResourceBlock``. The
block does not know who gates the resource: an app registers its resource
page types from ``AppConfig.ready()`` with
``gated_resource_types.register(Model)``. A registered type implements:

- ``render_gated_form(request, source_page, heading, teaser) -> str``: the
  HTML shown in the block (the form posting to the resource, or the
  download link for a returning reader), or ``""``.

With no such app installed, the chooser accepts no page and a stored block
shows a plain link to its page while that page is visible, nothing else.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import Page

from ninja import Field, Schema

from editorial.api_fields import PageLinkSchema
from editorial.blocks import SpecificPageChooserBlock, visible_page
from editorial.registry import ModelRegistry


class GatedResourceTypeRegistry(ModelRegistry):
    """Page types offering a resource behind a form."""

    def validate(self, model):
        if not issubclass(model, Page) or not callable(
            getattr(model, "render_gated_form", None)
        ):
            raise ImproperlyConfigured(
                f"{model._meta.label} cannot be registered as a gated resource: "
                "it must be a Wagtail page with render_gated_form()."
            )


gated_resource_types = GatedResourceTypeRegistry()


def is_gated_resource(page):
    return page is not None and gated_resource_types.is_registered(page.specific_class)


class GatedResourceChooserBlock(SpecificPageChooserBlock):
    """A page chooser limited to the registered resource types (read when
    first used, after the apps are ready); with none, it accepts no page."""

    @property
    def target_models(self):
        return gated_resource_types.models() or [Page]

    @property
    def target_model(self):
        models = self.target_models
        return models[0] if len(models) == 1 else Page

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not is_gated_resource(value):
            raise ValidationError(_("Choose a gated resource page."))
        return value


class GatedResourceSchema(Schema):
    resource: PageLinkSchema | None = Field(
        ..., description="None when the resource is gone, unpublished or private."
    )
    heading: str
    teaser: str


class GatedResourceBlock(blocks.StructBlock):
    """A white paper, study or slide deck offered inside the body: readers
    give their details in the block and get the download link. The file
    itself stays behind the resource's signed link."""

    api_schema = GatedResourceSchema

    resource = GatedResourceChooserBlock(
        label=_("resource"), help_text=_("The gated resource page offered here.")
    )
    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=255,
        help_text=_("Optional. Shown instead of the resource's title."),
    )
    teaser = blocks.TextBlock(
        label=_("teaser"),
        required=False,
        max_length=400,
        help_text=_("Optional. What readers get, in a sentence or two."),
    )

    class Meta:
        icon = "download"
        template = "editorial/blocks/gated_resource.html"
        label = _("Gated resource")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        target = visible_page(value.get("resource"), parent_context)
        context["target"] = target
        context["form_html"] = ""
        request = (parent_context or {}).get("request")
        if target is not None and request is not None and is_gated_resource(target):
            context["form_html"] = target.specific.render_gated_form(
                request,
                (parent_context or {}).get("page"),
                value.get("heading") or target.title,
                value.get("teaser") or "",
            )
        return context

    def get_api_representation(self, value, context=None):
        page = visible_page(value.get("resource"), context)
        return {
            "resource": None
            if page is None
            else {
                "id": page.pk,
                "type": page._meta.label,
                "title": page.title,
                "url": page.full_url,
            },
            "heading": value.get("heading") or (page.title if page else ""),
            "teaser": value.get("teaser") or "",
        }
