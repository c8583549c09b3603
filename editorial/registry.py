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
    def validate(self, model):
        from editorial.models import EditorialPageMixin

        if not issubclass(model, EditorialPageMixin):
            raise ImproperlyConfigured(
                f"{model._meta.label} must inherit EditorialPageMixin to be "
                "registered as Pressroom content."
            )


content_types = ContentTypeRegistry()
