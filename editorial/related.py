"""Precomputed "See also" candidates (``RelatedCandidate``).

The tag fill of a see-also panel ranks the pages sharing the most tags with
the page, then the most recent. Ranking them at request time reads every
page carrying any of the page's tags, a cost that grows with the corpus; so
each page's best ``PRESSROOM_SEE_ALSO_CANDIDATES`` are computed when
something changes and stored, and the panel reads a handful of indexed rows.

What changes a page's candidates, and what is recomputed (by the task
``editorial.tasks.refresh_related``, queued by ``editorial.related_events``,
the see-also part of ``editorial.page_events``):

- a page is published (its tags may have changed), unpublished, moved or
  deleted, or a view restriction is added to or removed from a section: the
  page's own rows, the rows of the pages that list it, and the page is
  offered to every page sharing one of its tags (kept there if it ranks
  among their best);
- editors' picks are not precomputed: the panel reads them as they are.

Candidates are computed among the live pages of the page's site outside
view-restricted sections; the schedule and every other reader rule are
checked when the panel is shown (``Visibility``), so a stale row can leave a
place to the recency fill but never show a hidden page.
"""

import heapq
import itertools
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from wagtail.models import Page, PageViewRestriction, Site

from editorial.conf import get_setting
from editorial.registry import content_types

CHUNK = 2000
# Pages ranked at a time by ``rebuild_all()``, and candidate rows written at a
# time (both bound what the rebuild holds, whatever the number of pages).
WINDOW = 1000
ROWS = 2000


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _throughs():
    return [model.tags.through for model in content_types.models()]


class _Rules:
    """Site roots and restricted sections, read once per computation."""

    def __init__(self):
        self.roots = sorted(
            Site.objects.values_list("root_page__path", flat=True),
            key=len,
            reverse=True,
        )
        self.restricted = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )

    def root(self, path):
        for root in self.roots:
            if path.startswith(root):
                return root
        return None

    def eligible(self, path):
        """Whether a live page at ``path`` may be a candidate at all."""
        return self.root(path) is not None and not any(
            path.startswith(restricted) for restricted in self.restricted
        )


def tags_of(page_ids):
    """``{page id: {tag id, ...}}`` of ``page_ids``, over every content type."""
    tags = defaultdict(set)
    for through in _throughs():
        for chunk in chunks(page_ids):
            for pk, tag in through.objects.filter(
                content_object_id__in=chunk
            ).values_list("content_object_id", "tag_id"):
                tags[pk].add(tag)
    return tags


def _postings(tag_ids, rules):
    """``({tag: [pk, ...]}, {pk: (path, date)})`` of the eligible live pages
    carrying any of ``tag_ids`` (``None``: every tag)."""
    postings = defaultdict(list)
    info = {}
    for through in _throughs():
        queries = (
            [through.objects.all()]
            if tag_ids is None
            else [through.objects.filter(tag_id__in=chunk) for chunk in chunks(tag_ids)]
        )
        for query in queries:
            rows = (
                query.filter(content_object__live=True)
                .values_list(
                    "tag_id",
                    "content_object_id",
                    "content_object__path",
                    "content_object__publication_date",
                )
                # Streamed: no result cache of every row at once.
                .iterator(chunk_size=CHUNK)
            )
            for tag, pk, path, date in rows:
                if pk not in info:
                    if not rules.eligible(path):
                        continue
                    info[pk] = (path, date)
                postings[tag].append(pk)
    return postings, info


def _best(pk, path, tags, postings, info, rules, size):
    root = rules.root(path)
    if root is None or not tags:
        return []
    counts = Counter()
    for tag in tags:
        counts.update(postings.get(tag, ()))
    counts.pop(pk, None)
    ranked = heapq.nsmallest(
        size,
        (
            (-shared, -info[other][1].toordinal(), -other)
            for other, shared in counts.items()
            if info[other][0].startswith(root)
        ),
    )
    return [(-other, -shared, info[-other][1]) for shared, _, other in ranked]


def compute(page_ids):
    """Recompute the whole candidate list of each page of ``page_ids``."""
    from editorial.models import RelatedCandidate

    page_ids = set(page_ids)
    size = get_setting("PRESSROOM_SEE_ALSO_CANDIDATES")
    rules = _Rules()
    paths = {}
    for chunk in chunks(page_ids):
        paths.update(Page.objects.filter(pk__in=chunk).values_list("pk", "path"))
    tags = tags_of(paths)
    postings, info = _postings(set().union(*tags.values()) if tags else set(), rules)
    rows = (
        RelatedCandidate(
            page_id=pk, candidate_id=other, shared_tags=shared, candidate_date=date
        )
        for pk, path in paths.items()
        for other, shared, date in _best(
            pk, path, tags.get(pk, ()), postings, info, rules, size
        )
    )
    total = 0
    with transaction.atomic():
        for chunk in chunks(page_ids):
            RelatedCandidate.objects.filter(page_id__in=chunk).delete()
        # Written ``ROWS`` at a time, not all kept at once.
        while batch := list(itertools.islice(rows, ROWS)):
            RelatedCandidate.objects.bulk_create(batch, batch_size=ROWS)
            total += len(batch)
    return total


def _content_models():
    """The registered content models, but a model whose parent is registered
    too (its pages are already among the parent's)."""
    models = list(content_types.models())
    return [
        model
        for model in models
        if not any(other is not model and issubclass(model, other) for other in models)
    ]


def page_windows(window=WINDOW):
    """Every content page as ``[(pk, path), ...]`` lists of at most
    ``window`` pages, read a window at a time (by primary key)."""
    for model in _content_models():
        last = None
        while True:
            query = model.objects.order_by("pk")
            if last is not None:
                query = query.filter(pk__gt=last)
            pages = list(query.values_list("pk", "path")[:window])
            if not pages:
                break
            yield pages
            last = pages[-1][0]


def _delete_all_candidates():
    """Every ``RelatedCandidate`` row, deleted ``ROWS`` at a time (the delete
    signals have listeners, so Django loads the rows it deletes)."""
    from editorial.models import RelatedCandidate

    while True:
        pks = list(RelatedCandidate.objects.values_list("pk", flat=True)[:ROWS])
        if pks:
            RelatedCandidate.objects.filter(pk__in=pks).delete()
        if len(pks) < ROWS:
            return


def rebuild_all(window=WINDOW):
    """Every content page's candidates, from scratch (``manage.py
    rebuild_see_also``, after a bulk import or a first install). Ranking
    needs who carries each tag (the postings, read once: a page id per tag
    of each live page); the pages are then ranked ``window`` at a time (their
    tags read for the window) and their rows written ``ROWS`` at a time, so
    that what is held does not grow with the pages but for the postings."""
    from editorial.models import RelatedCandidate

    size = get_setting("PRESSROOM_SEE_ALSO_CANDIDATES")
    rules = _Rules()
    postings, info = _postings(None, rules)
    total = 0
    with transaction.atomic():
        _delete_all_candidates()
        rows = []
        for pages in page_windows(window):
            tags = tags_of([pk for pk, _path in pages])
            for pk, path in pages:
                rows += [
                    RelatedCandidate(
                        page_id=pk,
                        candidate_id=other,
                        shared_tags=shared,
                        candidate_date=date,
                    )
                    for other, shared, date in _best(
                        pk, path, tags.get(pk, ()), postings, info, rules, size
                    )
                ]
                if len(rows) >= ROWS:
                    RelatedCandidate.objects.bulk_create(rows, batch_size=ROWS)
                    total += len(rows)
                    rows = []
        RelatedCandidate.objects.bulk_create(rows, batch_size=ROWS)
        total += len(rows)
    return total


def refresh(page_ids):
    """``page_ids`` changed (tags, publication, place, deletion): recompute
    their rows and those of the pages listing them, and offer each of them
    to the pages sharing its tags."""
    from editorial.models import RelatedCandidate

    page_ids = set(page_ids)
    listing = set()
    for chunk in chunks(page_ids):
        listing.update(
            RelatedCandidate.objects.filter(candidate_id__in=chunk).values_list(
                "page_id", flat=True
            )
        )
    recomputed = page_ids | listing
    compute(recomputed)

    rules = _Rules()
    pages = {}
    for chunk in chunks(page_ids):
        pages.update(
            (pk, path)
            for pk, path in Page.objects.filter(pk__in=chunk, live=True).values_list(
                "pk", "path"
            )
            if rules.eligible(path)
        )
    if not pages:
        return
    tags = tags_of(pages)
    dates = {}
    for model in content_types.models():
        for chunk in chunks(pages):
            dates.update(
                model.objects.filter(pk__in=chunk).values_list("pk", "publication_date")
            )
    offers = []
    neighbours = set()
    for pk, path in pages.items():
        if not tags.get(pk) or pk not in dates:
            continue
        root = rules.root(path)
        shared = Counter()
        for through in _throughs():
            rows = (
                through.objects.filter(
                    tag_id__in=tags[pk],
                    content_object__live=True,
                    content_object__path__startswith=root,
                )
                .exclude(content_object_id__in=recomputed)
                .values("content_object_id")
                .annotate(n=Count("id"))
                .values_list("content_object_id", "n")
            )
            shared.update(dict(rows))
        for other, n in shared.items():
            offers.append(
                RelatedCandidate(
                    page_id=other,
                    candidate_id=pk,
                    shared_tags=n,
                    candidate_date=dates[pk],
                )
            )
            neighbours.add(other)
    if not offers:
        return
    with transaction.atomic():
        for chunk in chunks(neighbours):
            RelatedCandidate.objects.filter(
                page_id__in=chunk, candidate_id__in=list(pages)
            ).delete()
        RelatedCandidate.objects.bulk_create(offers, batch_size=1000)
        _trim(neighbours)


def _trim(page_ids):
    """Keep the best ``PRESSROOM_SEE_ALSO_CANDIDATES`` rows of each page."""
    from editorial.models import RelatedCandidate

    size = get_setting("PRESSROOM_SEE_ALSO_CANDIDATES")
    for chunk in chunks(page_ids, 500):
        extra = list(
            RelatedCandidate.objects.filter(page_id__in=chunk)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("page_id")],
                    order_by=[
                        F("shared_tags").desc(),
                        F("candidate_date").desc(),
                        F("candidate_id").desc(),
                    ],
                )
            )
            .filter(rank__gt=size)
            .values_list("pk", flat=True)
        )
        if extra:
            RelatedCandidate.objects.filter(pk__in=extra).delete()


# -- what queues a refresh ----------------------------------------------------


def content_ids_under(page):
    """Ids of the content pages in ``page``'s section, the page included."""
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    if path is None:
        return []
    ids = []
    for model in content_types.models():
        ids += model.objects.filter(path__startswith=path).values_list("pk", flat=True)
    return ids


def is_content(instance):
    return content_types.is_registered(type(instance)) or (
        isinstance(instance, Page)
        and instance.specific_class is not None
        and content_types.is_registered(instance.specific_class)
    )
