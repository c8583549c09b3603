"""Shared models of the Pressroom plugin.

- ``pages``: the content pages' mixins and the links editors add to a page
  (see-also items, playable versions);
- ``candidates``: the precomputed see-also candidates;
- ``people``: the people credited on pages;
- ``external``: pages' identifiers in integrations (API v3 upserts).

Every model is importable from ``editorial.models``; editorial's own services
import the module they read (``editorial.see_also`` reads ``candidates``),
since the page mixins call those services.
"""

from editorial.models.candidates import RelatedCandidate
from editorial.models.external import ExternalID
from editorial.models.pages import (
    PAGE_MODEL,
    EditorialPageMixin,
    PlayableVersion,
    PlayableVersionMixin,
    SeeAlsoItem,
)
from editorial.models.people import Person, PersonLink

__all__ = [
    "PAGE_MODEL",
    "EditorialPageMixin",
    "ExternalID",
    "Person",
    "PersonLink",
    "PlayableVersion",
    "PlayableVersionMixin",
    "RelatedCandidate",
    "SeeAlsoItem",
]
