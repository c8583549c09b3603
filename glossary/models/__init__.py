"""Glossary models: how terms compare (``terms``), the index (``index``), the
entry page (``entry``) with its form (``forms``) and its parts
(``entry_parts``), and the per-site settings (``site_settings``)."""

from .entry import SHORT_DEFINITION_MAX_LENGTH, GlossaryEntryPage
from .entry_parts import (
    GlossaryAlternativeForm,
    GlossaryEntryPageTag,
    GlossaryRelatedEntry,
    GlossarySource,
)
from .forms import GlossaryEntryForm
from .index import GlossaryIndexPage
from .site_settings import GlossarySettings
from .terms import LETTERS, index_letter, normalize_term

__all__ = [
    "LETTERS",
    "SHORT_DEFINITION_MAX_LENGTH",
    "GlossaryAlternativeForm",
    "GlossaryEntryForm",
    "GlossaryEntryPage",
    "GlossaryEntryPageTag",
    "GlossaryIndexPage",
    "GlossaryRelatedEntry",
    "GlossarySettings",
    "GlossarySource",
    "index_letter",
    "normalize_term",
]
