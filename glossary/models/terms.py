"""How terms are compared and grouped: their key and their A–Z letter."""

import unicodedata


def normalize_term(text):
    """The key terms are compared by: accents dropped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# The groups of the glossary index, in their order: "#" holds digits and
# everything that does not start with a letter from A to Z, and comes first
# as it does in the database's order of the stored letters.
LETTERS = ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def index_letter(term):
    """The A–Z letter an entry is listed under: the first character of its key
    (accents dropped, case folded), digits and anything else under '#'. The
    entry stores it (``GlossaryEntryPage.letter``) so that a letter's entries
    are read from an index."""
    first = normalize_term(term)[:1]
    return first.upper() if "a" <= first <= "z" else "#"
