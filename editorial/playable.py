"""The contract between pages and the playable content other apps provide.

An app whose pages can be played inside other pages (podcasts: an episode
inside an article) registers those page types from its ``AppConfig.ready()``
with ``playable_types.register(Model)``. A registered type implements the
embed interface:

- ``embed_template``: the template showing the page inside another page (its
  player), rendered by ``{% content_embed page %}``;
- ``embed_data()``: the same content as data for the APIs, in
  ``PlayableSchema``'s shape;
- ``api_embed_prefetch`` (optional): the relations ``embed_data`` reads, loaded
  along with the page.

Pages offer the integration without naming the app: ``PlayableChooserBlock``
(a block choosing a registered page), the ``PlayableVersion`` link (a page's
recorded version, chosen in ``PlayableVersionsPanel``) and
``PlayableVersionMixin`` (what a page shows of it). With no such app
installed, the chooser refuses every page and the panel is left out.
"""

from django.core.exceptions import ImproperlyConfigured

from ninja import Field, Schema

from editorial.api_fields import EnclosureSchema
from editorial.registry import ModelRegistry


class PlayableSchema(Schema):
    """Playable content (a podcast episode) shown inside another page."""

    id: int
    title: str
    url: str | None
    date: str | None = Field(..., description="Publication date, YYYY-MM-DD.")
    audio_url: str
    duration_seconds: int | None
    file_size: int | None
    mime_type: str
    summary: str
    enclosure: EnclosureSchema | None


class PlayableTypeRegistry(ModelRegistry):
    """Page types other pages may play (embed with a player)."""

    def validate(self, model):
        from wagtail.models import Page

        missing = [
            name
            for name in ("embed_template", "embed_data")
            if not getattr(model, name, None)
        ]
        if not issubclass(model, Page) or missing:
            raise ImproperlyConfigured(
                f"{model._meta.label} cannot be registered as playable content: "
                "it must be a Wagtail page with embed_template and embed_data()."
            )


playable_types = PlayableTypeRegistry()


def is_playable(page):
    """Whether ``page`` (any page instance) is of a registered playable type."""
    return page is not None and playable_types.is_registered(page.specific_class)


def embed_data(page):
    """``page``'s ``embed_data()`` (``PlayableSchema``), or None for no page or
    a page no installed app can play."""
    if page is None:
        return None
    page = getattr(page, "specific", page)
    if not playable_types.is_registered(type(page)):
        return None
    return page.embed_data()
