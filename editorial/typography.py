"""French typography for French text: the spaces French sets before ``: ; ! ?``
and inside ``« »`` become no-break spaces, so a line never starts with a
colon or a closing guillemet, nor ends on an opening one.

- ``; ! ?`` and inside ``« »``: NARROW NO-BREAK SPACE (U+202F);
- ``:``: NO-BREAK SPACE (U+00A0), the full-width space French keeps there.

Only spaces already typed are replaced (and a guillemet stuck to its word gets
one), never added before ``: ; ! ?``: "9:30", "http://", "&amp;" and
"?page=2" stay as they are. On HTML, only text nodes change: tags, their
attributes, and the text of ``<script>``, ``<style>``, ``<code>`` and
``<pre>`` are left alone, as are URLs written in the text.

``content_language()`` says which language the content is in (Wagtail's
page locale when its internationalisation is on, else the site's default
language); the filters apply the rules to French content only, whatever the
reader's interface language.
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

NNBSP = "\u202f"
NBSP = "\u00a0"

# Spaces a writer or an editor may type: space, no-break space and its
# entity (rich text stores ``&nbsp;``), narrow no-break space, thin space.
_SPACE = r"(?:[ \u00a0\u202f\u2009]|&(?:nbsp|#160|#xa0);)+"
_AFTER_OPEN = re.compile(r"«(?:" + _SPACE + r")?")
# The rules that replace the spaces *before* a sign run on the reversed text,
# where each starts from the sign (rare) instead of from every space of the
# text (the same matches: a run of spaces and entities reads the same way
# from either end; tests/test_body_render_typography.py compares them).
_REVERSED_SPACE = r"(?:[ \u00a0\u202f\u2009]|;(?:psbn|061#|0ax#)&)+"
_REVERSED_BEFORE_TALL = re.compile(r"([;!?])" + _REVERSED_SPACE)
_REVERSED_BEFORE_COLON = re.compile(r":" + _REVERSED_SPACE)
_REVERSED_BEFORE_CLOSE = re.compile(r"»(?:" + _REVERSED_SPACE + r")?")
_URL = re.compile(r"((?:https?|mailto|ftp):\S+|www\.\S+)", re.IGNORECASE)
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_RAW_ELEMENTS = ("script", "style", "code", "pre")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


# The characters every rule starts from: text without any is left as it is
# without running the four patterns (most text nodes of a page).
_TRIGGERS = frozenset(";!?:«»")


def _fix_plain(text):
    """In order: the spaces before ``; ! ?`` become one NNBSP, those before
    ``:`` one NBSP, after ``«`` and before ``»`` one NNBSP (added when
    missing); each rule only runs when its sign is in the text."""
    if _TRIGGERS.isdisjoint(text):
        return text
    tall = ";" in text or "!" in text or "?" in text
    colon = ":" in text
    if tall or colon:
        reversed_text = text[::-1]
        if tall:
            reversed_text = _REVERSED_BEFORE_TALL.sub("\\1" + NNBSP, reversed_text)
        if colon:
            reversed_text = _REVERSED_BEFORE_COLON.sub(":" + NBSP, reversed_text)
        text = reversed_text[::-1]
    if "«" in text:
        text = _AFTER_OPEN.sub("«" + NNBSP, text)
    if "»" in text:
        text = _REVERSED_BEFORE_CLOSE.sub("»" + NNBSP, text[::-1])[::-1]
    return text


def _may_hold_url(text):
    """False when ``_URL`` cannot match ``text``: none of "http", "ftp:",
    "lto:" (mailto, whose "i" the case-blind pattern also takes as "ı" or
    "İ") or "www." in its lower case. Cheaper than the case-blind split."""
    lower = text.lower()
    return "http" in lower or "ftp:" in lower or "lto:" in lower or "www." in lower


def french_text(text):
    """``text`` (plain text or one HTML text node) with French spacing,
    URLs in it untouched."""
    if not text or _TRIGGERS.isdisjoint(text):
        # Nothing to change (most text): not split around URLs for nothing.
        return text
    if not _may_hold_url(text):
        return _fix_plain(text)
    parts = _URL.split(text)
    # Odd items are the URLs the split kept.
    return "".join(
        part if index % 2 else _fix_plain(part) for index, part in enumerate(parts)
    )


def french_html(html):
    """``html`` with French spacing in its text nodes only."""
    if not html or _TRIGGERS.isdisjoint(html):
        return html  # no text node could change
    out = []
    raw_depth = 0
    for index, part in enumerate(_TAG.split(html)):
        if index % 2:
            out.append(part)
            match = _TAG_NAME.match(part)
            if match and match.group(2).lower() in _RAW_ELEMENTS:
                if match.group(1):
                    raw_depth = max(0, raw_depth - 1)
                elif not part.rstrip().endswith("/>"):
                    raw_depth += 1
        else:
            out.append(part if raw_depth else french_text(part))
    return "".join(out)


def content_language(page=None):
    """The language code (``fr``) of ``page``'s content, or of the site's
    content when no page is given."""
    i18n_enabled, site_language = _language_settings()
    if page is not None and i18n_enabled:
        locale = getattr(page, "locale", None)
        if locale is not None:
            return locale.language_code.split("-")[0]
    return site_language


@functools.cache
def _language_settings():
    """``(WAGTAIL_I18N_ENABLED, the language of LANGUAGE_CODE)``, read once
    per process (until a test overrides them): asked for every typeset text
    of a page (~50 per article), a setting a site leaves unset cost Django's
    settings lookup a raised AttributeError each time."""
    return (
        getattr(settings, "WAGTAIL_I18N_ENABLED", False),
        settings.LANGUAGE_CODE.split("-")[0],
    )


@receiver(setting_changed)
def _forget_language_settings(*, setting, **kwargs):
    if setting in ("WAGTAIL_I18N_ENABLED", "LANGUAGE_CODE"):
        _language_settings.cache_clear()


def typeset(value, page=None):
    """``value`` typeset for its content language, escaped unless it is safe
    already (then only its text nodes change). The result is safe."""
    if value is None or value == "":
        return value
    if content_language(page) != "fr":
        return conditional_escape(value)
    if isinstance(value, SafeData) or hasattr(value, "__html__"):
        return mark_safe(french_html(str(value.__html__())))
    return mark_safe(french_text(str(conditional_escape(str(value)))))


def typeset_text(value, page=None):
    """Plain ``value`` typeset for its content language, not escaped (feeds,
    attributes the template escapes)."""
    if not value or content_language(page) != "fr":
        return value
    return french_text(str(value))


def paragraph_filter(source, scope):
    """Rich-text paragraph filter (``editorial.rich_text``): French spacing
    in the paragraphs of French pages."""
    if content_language(scope.page) != "fr":
        return source
    return french_html(source)
