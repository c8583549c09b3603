"""The registry of content page types that share tags, see-also and listings.

Each content app registers its page model from ``AppConfig.ready()``, so code in
``editorial`` can query "everything tagged X" across types without importing
the apps. A registered model must be a Wagtail page with the
``EditorialPageMixin`` (a ``publication_date`` and a ``tags`` manager whose
through model is a ``TaggedItemBase`` on the shared ``taggit.Tag``).
"""

from django.core.exceptions import ImproperlyConfigured


class ModelRegistry:
    """Models registered by label, in registration order; ``validate``
    refuses a model that does not fulfil the registry's contract."""

    def __init__(self):
        self._models = {}

    def validate(self, model):
        """Raise ImproperlyConfigured when ``model`` cannot be registered."""

    def register(self, model):
        self.validate(model)
        self._models[model._meta.label] = model
        return model

    def models(self):
        """Registered page models, in registration order."""
        return list(self._models.values())

    def labels(self):
        return list(self._models)

    def get(self, label):
        return self._models.get(label)

    def is_registered(self, model):
        return model is not None and model._meta.label in self._models


class ContentTypeRegistry(ModelRegistry):
    """Page types that share tags, see-also and listings."""

    # What editorial reads of every content type: what ``EditorialPageMixin``
    # gives a page. Checked by name, like the playable registry's contract:
    # the data layer (``editorial.models``) reads this registry, not the
    # other way round.
    CONTRACT = ("publication_date", "tags", "teaser", "see_also", "reader_visibility")

    def validate(self, model):
        from wagtail.models import Page

        missing = [name for name in self.CONTRACT if not hasattr(model, name)]
        if not issubclass(model, Page) or missing:
            raise ImproperlyConfigured(
                f"{model._meta.label} must inherit EditorialPageMixin to be "
                "registered as Pressroom content."
            )


content_types = ContentTypeRegistry()
