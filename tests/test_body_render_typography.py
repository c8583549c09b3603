"""French spacing (editorial.typography) gives what its four plain patterns
gave, applied in order to the whole text, now that the rules replacing the
spaces *before* a sign run on the reversed text."""

import random
import re

import pytest

from editorial import typography
from editorial.typography import NBSP, NNBSP, french_html, french_text

# The rules as they were written first: each pattern scans the whole text.
_SPACE = r"(?: |\u00a0|\u202f|\u2009|&nbsp;|&#160;|&#xa0;)+"
REFERENCE_RULES = [
    (re.compile(_SPACE + r"(?=[;!?])"), NNBSP),
    (re.compile(_SPACE + r"(?=:)"), NBSP),
    (re.compile(r"«(?:" + _SPACE + r")?"), "«" + NNBSP),
    (re.compile(r"(?:" + _SPACE + r")?»"), NNBSP + "»"),
]


def reference_fix(text):
    for pattern, replacement in REFERENCE_RULES:
        text = pattern.sub(replacement, text)
    return text


# Pieces that make the matches ambiguous if anything does: every kind of
# space, the entities and their fragments, each sign, entities ending with
# the ``;`` that is also a sign.
PIECES = [
    "a",
    "é",
    " ",
    "\u00a0",
    "\u202f",
    "\u2009",
    "&nbsp;",
    "&#160;",
    "&#xa0;",
    "&amp;",
    "&",
    "nbsp",
    "#160",
    "#xa0",
    "p",
    ";",
    "!",
    "?",
    ":",
    "«",
    "»",
]


def test_random_texts_get_the_spacing_of_the_reference_rules():
    rnd = random.Random(11)
    for _ in range(50_000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 14)))
        assert typography._fix_plain(text) == reference_fix(text), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Qui former ? Et comment : vite !",
        "« Former tout l'écosystème »",
        "«Former»",
        "Table ronde&nbsp;: «&nbsp;oui&nbsp;»&#160;?",
        "a &nbsp;&#xa0; ; b&nbsp;;c",
        "9:30, http://example.com/?a=1 et www.example.com!",
        "Rien à changer.",
    ],
)
def test_french_text_matches_the_reference(text):
    parts = re.split(r"((?:https?|mailto|ftp):\S+|www\.\S+)", text, flags=re.I)
    expected = "".join(
        part if index % 2 else reference_fix(part) for index, part in enumerate(parts)
    )
    assert french_text(text) == expected


def test_french_html_changes_text_nodes_only():
    html = '<p title="a : b">Question ?</p><code>x ; y</code>'
    assert french_html(html) == (
        f'<p title="a : b">Question{NNBSP}?</p><code>x ; y</code>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "Voir http://example.com/ : oui ?",
        "HTTPS://EXAMPLE.COM/?a=1 ; non",
        "httpſ://example.com/ ; long s",
        "maılto:a@example.com ! dotless i",
        "maİlto:a@example.com ! dotted capital I",
        "FTP:x ; www.Example.com ? WWW.X.FR !",
        "Pas d'adresse : non ?",
    ],
)
def test_text_with_or_without_urls_matches_the_reference(text):
    parts = typography._URL.split(text)
    expected = "".join(
        part if index % 2 else reference_fix(part) for index, part in enumerate(parts)
    )
    assert french_text(text) == expected
    assert typography._may_hold_url(text) == (len(parts) > 1)


def test_no_url_is_missed_by_the_cheap_check():
    pieces = ["http", "HTTP", "s", "ſ", ":", "//", "x", " ", "ma", "ı", "İ", "i"]
    pieces += ["lto", "ftp", "FTP", "www", "WWW", ".", "?", "«"]
    rnd = random.Random(5)
    for _ in range(30_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        if typography._URL.search(text):
            assert typography._may_hold_url(text), repr(text)
