"""Automatic glossary links: the first occurrence of each term in paragraph text.

Off by default; a site turns it on in its glossary settings and a page can opt
out (``auto_link_terms``). It runs on a paragraph's database HTML before it is
expanded, inserting ``<a linktype="glossary" id="…">`` around the first
occurrence of each entry's term or alternative form in the page, never inside
a heading, a link, ``code`` or ``pre``, never on the entry's own page and never
for an entry the editors linked themselves in the stream.

All terms of a site go into one Aho–Corasick automaton (pyahocorasick), so
the text is read once whatever the number of entries; where matches overlap
the longest wins ("marketing B2B" over "B2B"). The term list is cached (Django's cache) under a version that entry
publication, unpublication, deletion and view restrictions bump.
"""

import html
import re
import time

from django.core.cache import cache

import ahocorasick

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
        cache.set(key, terms, _timeout_before_schedule_change())
    return terms


def _timeout_before_schedule_change():
    """Seconds the term list holds: until the next go-live or expiry time of
    a live entry at the latest, since no signal marks that moment (Wagtail
    publishes and unpublishes only when ``publish_scheduled`` runs)."""
    from django.db.models import Min
    from django.utils import timezone

    from .models import GlossaryEntryPage

    now = timezone.now()
    live = GlossaryEntryPage.objects.filter(live=True)
    moments = [
        live.filter(go_live_at__gt=now).aggregate(moment=Min("go_live_at"))["moment"],
        live.filter(expire_at__gt=now).aggregate(moment=Min("expire_at"))["moment"],
    ]
    seconds = [
        (moment - now).total_seconds() + 1 for moment in moments if moment is not None
    ]
    return int(min([CACHE_TIMEOUT, *seconds]))


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
    """An Aho–Corasick automaton of every term, and the entries each text means.

    ``find(text)`` reads the text once, whatever the number of terms, and
    yields the whole-word, non-overlapping, leftmost-longest matches.
    """

    def __init__(self, terms):
        self.exact = {}
        self.folded = {}
        self.automaton = None
        keys = set()
        for text, pk, case_sensitive in terms:
            escaped = html.escape(text, quote=False)
            if case_sensitive:
                self.exact.setdefault(escaped, pk)
            else:
                self.folded.setdefault(escaped.casefold(), pk)
            keys.add(_lower(escaped))
        if keys:
            automaton = ahocorasick.Automaton()
            for key in keys:
                automaton.add_word(key, len(key))
            automaton.make_automaton()
            self.automaton = automaton

    def entry_for(self, matched):
        pk = self.exact.get(matched)
        if pk is None:
            pk = self.folded.get(matched.casefold())
        return pk

    def find(self, text):
        """``(start, end)`` of each candidate, longest first where they overlap."""
        if self.automaton is None:
            return
        lowered = _lower(text)
        candidates = []
        for end, length in self.automaton.iter(lowered):
            start = end - length + 1
            if _is_word_char(text, start - 1) or _is_word_char(text, end + 1):
                continue
            candidates.append((start, -length))
        candidates.sort()
        position = 0
        for start, negative_length in candidates:
            if start < position:
                continue
            position = start - negative_length
            yield start, position


def _lower(text):
    """Lower case that keeps every character's offset."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_char(text, index):
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


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
    if matcher.automaton is None:
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
    for start, end in matcher.find(text):
        matched = text[start:end]
        pk = matcher.entry_for(matched)
        if pk is None or pk in done:
            continue
        done.add(pk)
        out.append(text[last:start])
        out.append(f'<a linktype="{IDENTIFIER}" id="{pk}">{matched}</a>')
        last = end
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

    from editorial import listing_cache

    page = scope.page
    request = scope.request
    if page is None or not getattr(page, "auto_link_terms", False):
        return False
    site = Site.find_for_request(request) if request is not None else None
    # A listing rendering many pages of one site (a feed) gives the site in
    # the context: neither it nor its settings are read again for each page.
    site = site or scope.context.get("site") or page.get_site()
    if site is None:
        return False
    auto_link = site.__dict__.get("_pressroom_glossary_auto_link")
    if auto_link is None:
        auto_link = listing_cache.cached(
            ("glossary-auto-link", site.pk), lambda: _auto_link(site)
        )
        site.__dict__["_pressroom_glossary_auto_link"] = auto_link
    if not auto_link:
        return False
    done = scope.page_state("glossary_autolinked", set)
    done.add(page.pk)
    # Entries the editors linked themselves in this stream are left alone.
    sources = [rt.source for rt in _rich_texts(scope.value)]
    done.update(
        int(pk) for pk in linked_ids(sources).get(IDENTIFIER, ()) if pk.isdigit()
    )
    return matcher_for(site), done


def _auto_link(site):
    """The site's "link terms automatically" setting, read without creating
    its settings row (``for_site`` would: a write on a reader's request). It
    is kept once per content generation, which saving the settings renews
    (``GlossaryConfig.ready``), rather than read on every page rendered."""
    from .models import GlossarySettings

    stored = GlossarySettings.objects.filter(site_id=site.pk).first()
    if stored is None:
        return GlossarySettings._meta.get_field("auto_link").get_default()
    return stored.auto_link


def _rich_texts(value):
    from editorial.rich_text import rich_texts_in

    return rich_texts_in(value) if value is not None else ()
