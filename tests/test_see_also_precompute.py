"""See-also from precomputed candidates (editorial.related): the panel keeps
its picks, order and privacy rules through publish, unpublish, tag and pick
changes, deletion, moves and view restrictions added later; the database
queue's worker computes them in production."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from editorial.conf import get_setting
from editorial.content import Visibility
from editorial.models import RelatedCandidate
from editorial.related import rebuild_all
from editorial.see_also import resolve_see_also, resolve_see_also_many
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)


def visibility():
    return Visibility(Site.objects.get(is_default_site=True))


def fresh(page):
    """The page as a reader's request loads it (stored tags, nothing in memory)."""
    return Page.objects.get(pk=page.pk).specific


def resolve(page, count=4):
    return [item.title for item in resolve_see_also(fresh(page), visibility(), count)]


def candidates(page):
    return list(
        RelatedCandidate.objects.filter(page_id=page.pk)
        .order_by("-shared_tags", "-candidate_date", "-candidate_id")
        .values_list("candidate_id", "shared_tags")
    )


@pytest.fixture
def pages(article_index, glossary_index, show):
    p = {
        "page": ArticlePageFactory(
            parent=article_index, title="Page", publication_date="2024-06-01"
        ),
        "a1": ArticlePageFactory(
            parent=article_index, title="A1", publication_date="2024-01-01"
        ),
        "a2": ArticlePageFactory(
            parent=article_index, title="A2", publication_date="2024-02-01"
        ),
        "g1": GlossaryEntryPageFactory(
            parent=glossary_index, title="G1", publication_date="2024-03-01"
        ),
        "e1": PodcastEpisodePageFactory(
            parent=show, title="E1", publication_date="2024-04-01"
        ),
        "e2": PodcastEpisodePageFactory(
            parent=show, title="E2", publication_date="2024-05-01"
        ),
    }
    tag(p["page"], "abm", "data", "b2b")
    tag(p["a1"], "abm", "data")
    tag(p["g1"], "b2b")
    tag(p["e1"], "autre")
    return p


def test_publishing_tagged_pages_fills_the_candidates_of_their_neighbours(pages):
    p = pages
    # Tagged after the page: offered to it when published.
    assert candidates(p["page"]) == [(p["a1"].pk, 2), (p["g1"].pk, 1)]
    assert candidates(p["a1"]) == [(p["page"].pk, 2)]
    assert resolve(p["page"]) == ["A1", "G1", "E2", "E1"]


def test_picks_first_in_order_then_candidates_never_twice(pages):
    p = pages
    see_also(p["page"], p["g1"], p["e1"])
    assert resolve(p["page"]) == ["G1", "E1", "A1", "E2"]
    # A pick change shows at once (picks are never precomputed).
    p["page"].see_also_items.all().delete()
    see_also(p["page"], p["a2"])
    assert resolve(p["page"]) == ["A2", "A1", "G1", "E2"]


def test_tag_change_reranks(pages):
    p = pages
    tag(p["e2"], "abm", "data", "b2b")  # now shares three tags
    assert resolve(p["page"], count=3) == ["E2", "A1", "G1"]
    e2 = fresh(p["e2"])
    e2.tags.clear()
    e2.save_revision().publish()
    assert p["e2"].pk not in dict(candidates(p["page"]))
    assert resolve(p["page"], count=3) == ["A1", "G1", "E2"]  # E2 by recency only


def test_unpublish_and_republish(pages):
    p = pages
    fresh(p["a1"]).unpublish()
    assert p["a1"].pk not in dict(candidates(p["page"]))
    assert "A1" not in resolve(p["page"], count=6)
    a1 = fresh(p["a1"])
    a1.save_revision().publish()
    assert candidates(p["page"])[0] == (p["a1"].pk, 2)
    assert resolve(p["page"], count=1) == ["A1"]


def test_delete_recomputes_the_pages_that_listed_it(pages):
    p = pages
    fresh(p["a1"]).delete()
    assert candidates(p["page"]) == [(p["g1"].pk, 1)]
    assert resolve(p["page"], count=2) == ["G1", "E2"]


def test_move_into_a_private_section_or_back(pages, article_index):
    p = pages
    private = ArticleIndexPageFactory(
        parent=article_index.get_parent(), slug="prive", title="Privé"
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    fresh(p["a1"]).move(private, pos="last-child")
    assert p["a1"].pk not in dict(candidates(p["page"]))
    assert "A1" not in resolve(p["page"], count=6)
    fresh(p["a1"]).move(article_index, pos="last-child")
    assert resolve(p["page"], count=1) == ["A1"]


def test_view_restriction_added_later(pages, article_index):
    p = pages
    PageViewRestriction.objects.create(
        page=article_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert p["a1"].pk not in dict(candidates(p["page"]))
    assert resolve(p["g1"], count=6) == ["E2", "E1"]  # no article at all
    PageViewRestriction.objects.all().delete()
    assert (p["a1"].pk, 2) in candidates(p["page"])


def test_stale_candidates_never_show_a_hidden_page(pages, article_index, other_site):
    """A restriction written without signals (raw SQL, a bulk import) leaves
    the rows stale: the panel still hides the page, checked when shown."""
    p = pages
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(
                page=article_index,
                restriction_type=PageViewRestriction.PASSWORD,
                password="x",
            )
        ]
    )
    assert (p["a1"].pk, 2) in candidates(p["page"])  # stale
    shown = resolve(p["page"], count=6)
    assert "A1" not in shown and "A2" not in shown
    # Scheduled to expire: still live, hidden all the same.
    Page.objects.filter(pk=p["g1"].pk).update(expire_at="2000-01-01T00:00Z")
    assert "G1" not in resolve(p["page"], count=6)


def test_other_sites_pages_are_never_candidates(pages, other_site):
    p = pages
    index = ArticleIndexPageFactory(parent=other_site, slug="ailleurs")
    elsewhere = ArticlePageFactory(
        parent=index, title="Ailleurs", publication_date="2031-01-01"
    )
    tag(elsewhere, "abm", "data", "b2b")
    assert elsewhere.pk not in dict(candidates(p["page"]))
    assert "Ailleurs" not in resolve(p["page"], count=10)


def test_preview_ranks_the_drafts_tags(pages):
    """A draft's tags are in memory: ranked live, not from the stored rows."""
    p = pages
    page = fresh(p["page"])
    page.tags.set(["autre"])
    items = resolve_see_also(page, visibility(), 1)
    assert [item.title for item in items] == ["E1"]


def test_many_matches_one_by_one(pages):
    p = pages
    see_also(p["a1"], p["e1"])
    loaded = [fresh(p[name]) for name in ("page", "a1", "g1", "e2")]
    many = resolve_see_also_many(loaded, visibility(), 3)
    for page in loaded:
        one = resolve_see_also(fresh(page), visibility(), 3)
        assert [i.page.pk for i in many[page.pk]] == [i.page.pk for i in one]


def test_rebuild_all_gives_the_same_rows(pages):
    p = pages
    before = {page.pk: candidates(page) for page in p.values()}
    RelatedCandidate.objects.all().delete()
    rebuild_all()
    assert {page.pk: candidates(page) for page in p.values()} == before
    RelatedCandidate.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_see_also", stdout=out)
    assert "see-also candidates computed" in out.getvalue()
    assert {page.pk: candidates(page) for page in p.values()} == before


def test_rebuild_all_holds_a_window_of_pages_and_of_rows(
    pages, article_index, monkeypatch
):
    """The rebuild reads the pages' tags a window of pages at a time and
    writes the rows a few at a time, whatever the number of pages (a bulk
    import's rebuild does not hold every page), and gives the same rows."""
    from editorial import related

    for n in range(7):
        tag(ArticlePageFactory(parent=article_index, title=f"W{n}"), "abm", "b2b")
    rebuild_all()
    content = [
        page.pk
        for model in related._content_models()
        for page in model.objects.only("pk")
    ]
    before = {pk: candidates(Page(pk=pk)) for pk in content}
    assert len(content) == 13 and sum(map(len, before.values())) > 20

    windows, written = [], []
    real_tags_of = related.tags_of
    real_bulk_create = RelatedCandidate.objects.bulk_create
    monkeypatch.setattr(
        related, "tags_of", lambda ids: windows.append(len(ids)) or real_tags_of(ids)
    )
    monkeypatch.setattr(
        RelatedCandidate.objects,
        "bulk_create",
        lambda rows, **kwargs: (
            written.append(len(rows)) or real_bulk_create(rows, **kwargs)
        ),
    )
    monkeypatch.setattr(related, "ROWS", 3)
    size = get_setting("PRESSROOM_SEE_ALSO_CANDIDATES")
    assert related.rebuild_all(window=2) == sum(map(len, before.values()))
    assert max(windows) == 2 and sum(windows) == len(content)
    assert max(written) < 3 + size and sum(written) == sum(map(len, before.values()))
    assert {pk: candidates(Page(pk=pk)) for pk in content} == before

    # Wider windows: fewer reads of the pages' tags, the same rows.
    windows.clear()
    related.rebuild_all(window=6)
    assert max(windows) == 6 and len(windows) == len(
        list(related.page_windows(window=6))
    )
    assert {pk: candidates(Page(pk=pk)) for pk in content} == before


def test_candidates_are_capped(pages, settings, article_index):
    settings.PRESSROOM_SEE_ALSO_CANDIDATES = 2
    for n in range(4):
        tag(ArticlePageFactory(parent=article_index, title=f"X{n}"), "b2b")
    assert len(candidates(pages["page"])) == 2
    assert [shared for _, shared in candidates(pages["page"])] == [2, 1]


def _queries(page):
    page = fresh(page)
    list(page.tags.all())
    with CaptureQueriesContext(connection) as ctx:
        resolve_see_also(page, visibility(), 4)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_corpus(pages, article_index):
    small = _queries(pages["page"])
    for n in range(30):
        tag(ArticlePageFactory(parent=article_index, title=f"More {n}"), "abm", "b2b")
    # Never more (fewer here: the panel is now all articles, one type to load).
    assert _queries(pages["page"]) <= small


# Committed data: the worker closes its database connection when it is done,
# which on PostgreSQL would end a test wrapped in a transaction.
# serialized_rollback: the migrations' data (root page, default site and
# locale) is restored for the tests that follow, as for every transactional
# test of the suite.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_and_its_worker(pages, settings, article_index):
    """Production queues the refresh in the database; db_worker runs it."""
    from editorial.tasks import refresh_related

    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    from django_tasks_db.models import DBTaskResult

    backend = refresh_related.get_backend()
    assert type(backend).__name__ == "DatabaseBackend"
    new = ArticlePageFactory(
        parent=article_index, title="Nouveau", publication_date="2025-01-01"
    )
    tag(new, "abm", "data", "b2b")
    # Queued, not run: the page is not offered yet.
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert new.pk not in dict(candidates(pages["page"]))
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "pressroom",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
    assert candidates(pages["page"])[0] == (new.pk, 3)


def test_a_large_change_rebuilds_everything(pages, article_index, monkeypatch):
    """A section of more pages than the threshold is recomputed in one pass."""
    from editorial import related_events

    monkeypatch.setattr(related_events, "REBUILD_THRESHOLD", 2)
    RelatedCandidate.objects.filter(page_id=pages["g1"].pk).delete()  # stale
    PageViewRestriction.objects.create(
        page=article_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # Rebuilt: the articles are gone from every list, g1's own list is back.
    assert not RelatedCandidate.objects.filter(
        candidate_id__in=[pages["a1"].pk, pages["page"].pk]
    ).exists()
    assert candidates(pages["g1"]) == []  # its only neighbour is now private
    PageViewRestriction.objects.all().delete()
    assert candidates(pages["g1"]) == [(pages["page"].pk, 1)]


@pytest.mark.django_db
def test_refresh_task_purges_the_panels_cached_before_it_ran(client, pages):
    """In production the refresh runs after the publish (a queue): a panel
    rendered in between was cached with the old candidates. Once the task has
    run, the pages showing a see-also filled from the same tags render again."""
    from editorial.tasks import refresh_related

    url = pages["page"].url
    client.get(url)
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    refresh_related.call([pages["a1"].pk])  # a1 shares abm and data with page
    assert client.get(url).headers.get("X-Page-Cache") == "miss"
    # A change on pages sharing none of its tags leaves it cached.
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    refresh_related.call([pages["e2"].pk])
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
