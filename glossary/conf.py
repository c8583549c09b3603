"""Glossary settings (``PRESSROOM_GLOSSARY_*``), each with a default, read here only."""

from django.conf import settings

DEFAULTS = {
    # Entries per page of the glossary index (A to Z, or one letter): a page
    # costs the same however large the glossary grows.
    "PRESSROOM_GLOSSARY_PAGE_SIZE": 100,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
