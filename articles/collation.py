"""The alphabetical order of names shown to French readers."""

import unicodedata


def sort_key(name):
    """Alphabetical order that ignores case and accents (“Émilie” near “Emma”)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
