"""Automatic glossary links: the first occurrence of each term in paragraph text.

Off by default; a site turns it on in its glossary settings and a page can opt
out (``auto_link_terms``). It runs on a paragraph's database HTML before it is
expanded, inserting ``<a linktype="glossary" id="…">`` around the first
occurrence of each entry's term or alternative form in the page, never inside
a heading, a link, ``code`` or ``pre``, never on the entry's own page and never
for an entry the editors linked themselves in the stream.

All terms of a site go into one compiled alternation, longest first, so the
text is read once whatever the number of entries ("marketing B2B" wins over
"B2B"). The term list is cached (Django's cache) under a version that entry
publication, unpublication, deletion and view restrictions bump.
"""

import html
import re
import time

from django.core.cache import cache

from editorial.rich_text import linked_ids

from .rich_text import IDENTIFIER

VERSION_KEY = "pressroom:glossary:autolink:version"
CACHE_TIMEOUT = 60 * 60 * 24
SKIPPED_ELEMENTS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script"}
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


def cache_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate(**kwargs):
    """Signal receiver: a change to an entry makes every site rebuild its terms."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def site_terms(site):
    """``[(text, entry_id, case_sensitive), ...]`` for the site's visible entries."""
    key = f"pressroom:glossary:autolink:terms:{site.pk}:{cache_version()}"
    terms = cache.get(key)
    if terms is None:
        terms = _load_terms(site)
        cache.set(key, terms, CACHE_TIMEOUT)
    return terms


def _load_terms(site):
    from editorial.content import Visibility

    from .models import GlossaryAlternativeForm, GlossaryEntryPage

    entries = dict(
        Visibility(site).pages(GlossaryEntryPage).values_list("pk", "case_sensitive")
    )
    terms = [
        (title, pk, entries[pk])
        for pk, title in GlossaryEntryPage.objects.filter(
            pk__in=list(entries)
        ).values_list("pk", "title")
    ]
    terms += [
        (form, pk, entries[pk])
        for pk, form in GlossaryAlternativeForm.objects.filter(
            page_id__in=list(entries)
        ).values_list("page_id", "form")
    ]
    return sorted(
        (
            (text.strip(), pk, sensitive)
            for text, pk, sensitive in terms
            if text.strip()
        ),
        key=lambda term: (-len(term[0]), term[0], term[1]),
    )


class TermMatcher:
    """One compiled alternation of every term, and the entries each text means."""

    def __init__(self, terms):
        self.exact = {}
        self.folded = {}
        patterns = []
        seen = set()
        for text, pk, case_sensitive in terms:
            escaped = html.escape(text, quote=False)
            if case_sensitive:
                self.exact.setdefault(escaped, pk)
            else:
                self.folded.setdefault(escaped.casefold(), pk)
            if escaped.casefold() not in seen:
                seen.add(escaped.casefold())
                patterns.append(re.escape(escaped))
        # Longest first: the regex engine takes the first alternative matching.
        patterns.sort(key=len, reverse=True)
        self.regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)
            if patterns
            else None
        )

    def entry_for(self, matched):
        pk = self.exact.get(matched)
        if pk is None:
            pk = self.folded.get(matched.casefold())
        return pk


_compiled = {}


def matcher_for(site):
    """The site's compiled matcher, rebuilt in each process when the version moves."""
    version = cache_version()
    key = (site.pk, version)
    matcher = _compiled.get(key)
    if matcher is None:
        matcher = TermMatcher(site_terms(site))
        for stale in [k for k in _compiled if k[0] == site.pk]:
            del _compiled[stale]
        _compiled[key] = matcher
    return matcher


def link_terms(source, matcher, done):
    """Wrap the first occurrence of each entry not in ``done`` (updated in place)."""
    if matcher.regex is None:
        return source
    parts = TAG.split(source)
    skipping = []
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            tag = TAG_NAME.match(part)
            if tag:
                closing, name = tag.group(1), tag.group(2).lower()
                if name in SKIPPED_ELEMENTS and not part.endswith("/>"):
                    if closing:
                        if name in skipping:
                            del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
                    else:
                        skipping.append(name)
            continue
        if skipping or not part:
            continue
        parts[index] = _link_text(part, matcher, done)
    return "".join(parts)


def _link_text(text, matcher, done):
    out = []
    last = 0
    for match in matcher.regex.finditer(text):
        pk = matcher.entry_for(match.group(0))
        if pk is None or pk in done:
            continue
        done.add(pk)
        out.append(text[last : match.start()])
        out.append(f'<a linktype="{IDENTIFIER}" id="{pk}">{match.group(0)}</a>')
        last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def autolink_paragraph(source, scope):
    """Paragraph filter registered with ``editorial.rich_text``."""
    state = scope.state.get("glossary_autolink")
    if state is None:
        state = scope.state["glossary_autolink"] = _start(scope)
    if state is False:
        return source
    matcher, done = state
    return link_terms(source, matcher, done)


def _start(scope):
    from wagtail.models import Site

    from .models import GlossarySettings

    page = scope.page
    request = scope.request
    if page is None or not getattr(page, "auto_link_terms", False):
        return False
    site = Site.find_for_request(request) if request is not None else None
    site = site or page.get_site()
    if site is None:
        return False
    if request is not None:
        settings = GlossarySettings.for_request(request)
    else:
        settings = GlossarySettings.for_site(site)
    if not settings.auto_link:
        return False
    done = scope.page_state("glossary_autolinked", set)
    done.add(page.pk)
    # Entries the editors linked themselves in this stream are left alone.
    sources = [rt.source for rt in _rich_texts(scope.value)]
    done.update(
        int(pk) for pk in linked_ids(sources).get(IDENTIFIER, ()) if pk.isdigit()
    )
    return matcher_for(site), done


def _rich_texts(value):
    from editorial.rich_text import rich_texts_in

    return rich_texts_in(value) if value is not None else ()
