"""Benchmark: listings and see-also at 10 / 10,000 / 100,000 items.

Builds a throw-away test database (SQLite by default, PostgreSQL when
DATABASE_URL is set), bulk-creates N items (60% articles, 20% glossary
entries, 20% podcast episodes; treebeard paths computed here, no revisions),
each with 3 tags out of a vocabulary of N/40 tags (at least 10: each tag on
about 120 items whatever N), computes the see-also candidates once
(``rebuild_all``) and prints, for each size, the SQL query count and median
time of each reader page and API list, and the time of a see-also panel
alone (one page) and of 20 panels at once (an API list):

    .venv/bin/python bench/scale.py --sizes 10,10000,100000 [--repeat 7]

With ``--reuse`` each size keeps its database (PostgreSQL:
``test_<database>_<size>``), and a later run measures it again without
building it (100,000 items and their search index take many minutes).
Besides wall times it prints the CPU time of this process and, on a
PostgreSQL server of this machine, of the backend serving it: on a loaded
machine the CPU times are the figures to compare.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
# Every request renders: the page cache would answer all but the first.
os.environ["PRESSROOM_PAGE_CACHE"] = "false"

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from editorial import listing_cache  # noqa: E402


def bulk_pages(parent, model, template, count, start, tag_objects, vocabulary):
    """``count`` copies of ``template`` (a saved page of ``model``) under
    ``parent``, inserted in batches, each with 3 tags."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(model)
    parent.refresh_from_db()
    own_fields = [f for f in model._meta.local_concrete_fields if f.name != "page_ptr"]
    values = {f.attname: getattr(template, f.attname) for f in own_fields}
    through = model.tags.through
    batch = 1000
    label = model._meta.model_name
    for offset in range(0, count, batch):
        numbers = range(offset, min(offset + batch, count))
        pages = []
        for n in numbers:
            slug = f"{label}-{n}"
            step = Page._int2str(parent.numchild + 1 + n).rjust(Page.steplen, "0")
            page = model(
                title=f"{model._meta.verbose_name} {n}",
                draft_title=f"{model._meta.verbose_name} {n}",
                slug=slug,
                path=parent.path + step,
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=template.first_published_at,
                last_published_at=template.last_published_at,
                locale_id=parent.locale_id,
                **values,
            )
            for field in own_fields:
                if field.unique and field.get_internal_type() == "UUIDField":
                    setattr(page, field.attname, uuid.uuid4())
            if hasattr(page, "set_keys"):
                # Glossary entries: terms spread over the alphabet, their
                # stored key and letter computed as a save would.
                page.title = page.draft_title = f"{chr(65 + n % 26)}{page.title}"
                page.set_keys()
            page.publication_date = datetime.date(2000, 1, 1) + datetime.timedelta(
                days=(start + n) % 9000
            )
            pages.append(page)
        base_fields = [f for f in Page._meta.local_concrete_fields if f.name != "id"]
        Page._base_manager._insert(pages, fields=base_fields, using="default")
        ids = dict(
            Page.objects.filter(path__in=[p.path for p in pages]).values_list(
                "path", "id"
            )
        )
        for page in pages:
            page.pk = page.id = page.page_ptr_id = ids[page.path]
        model._base_manager._insert(
            pages, fields=model._meta.local_concrete_fields, using="default", raw=True
        )
        rows = []
        for n, page in zip(numbers, pages, strict=True):
            k = start + n
            chosen = {
                k % vocabulary,
                (k * 7 + 1) % vocabulary,
                (k * 13 + 5) % vocabulary,
            }
            rows += [
                through(content_object_id=page.pk, tag=tag_objects[t]) for t in chosen
            ]
        through.objects.bulk_create(rows, batch_size=2000)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


def fill_search_index(size):
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    settle_search_index()
    print(f"search index of {size} items built in {time.perf_counter() - start:.1f} s")


def settle_search_index():
    """On PostgreSQL, what autovacuum does to the search entries after a
    bulk insert: merge the GIN indexes' pending lists (which every search
    otherwise reads through: 10 to 14 ms for a word one page of 100,000
    holds, 0.06 ms once merged) and refresh the planner's statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")


def search_index_filled(size):
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.count() >= size


def kept_seed(size):
    """The measured article if the database holds a complete build of ``size``
    items (``--reuse``: the seed article is created last), else None."""
    from wagtail.models import Site

    from articles.models import ArticlePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page")
    site = site.first()
    if site is None or site.root_page.slug != f"home-{size}":
        return None
    return ArticlePage.objects.filter(slug="mesure").first()


def urls_for(seed):
    """The pages and API lists measured, around the measured article."""
    from articles.models import ArticleIndexPage, ArticlePage
    from glossary.models import GlossaryIndexPage
    from podcasts.models import PodcastShowPage

    articles = ArticleIndexPage.objects.get()
    glossary = GlossaryIndexPage.objects.get()
    show = PodcastShowPage.objects.get()
    last = (ArticlePage.objects.count() - 1) // 12 + 1
    return {
        "article page": seed.url,
        "home": "/",
        "article index": articles.url,
        "index, last page": f"{articles.url}?page={last}",
        "glossary index": glossary.url,
        "glossary, letter Z": f"{glossary.url}?letter=z",
        "show page": show.url,
        "tag page": "/tags/sujet-1/",
        "search": "/search/?q=article",
        "article feed": "/feeds/articles/",
        "podcast feed": f"{show.url}feed/",
        "v2 articles fields=*": "/api/v2/pages/?type=articles.ArticlePage"
        "&fields=*&limit=20",
        "v3 content, 20": "/api/v3/content/?limit=20",
        "v3 content, 100": "/api/v3/content/?limit=100",
        "v3 pages, 20": "/api/v3/pages/?limit=20",
    }


def build(size, index_search=False, see_also_candidates=True):
    from taggit.models import Tag
    from wagtail.models import Page, Site

    from articles.models import ArticlePage
    from editorial.models import RelatedCandidate
    from editorial.related import rebuild_all
    from glossary.models import GlossaryEntryPage
    from podcasts.models import PodcastEpisodePage
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        GlossaryEntryPageFactory,
        GlossaryIndexPageFactory,
        HomePageFactory,
        PodcastEpisodePageFactory,
        PodcastShowPageFactory,
        see_also,
        tag,
    )

    # The previous size's pages go without refreshing anyone's candidates.
    RelatedCandidate.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug=f"home-{size}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    articles = ArticleIndexPageFactory(parent=home)
    glossary = GlossaryIndexPageFactory(parent=home)
    show = PodcastShowPageFactory(parent=home)
    vocabulary = max(10, size // 40)
    tag_objects = [
        Tag.objects.get_or_create(name=f"sujet-{i}", slug=f"sujet-{i}")[0]
        for i in range(vocabulary)
    ]
    start = time.perf_counter()
    shares = [
        (articles, ArticlePage, ArticlePageFactory, size * 6 // 10),
        (glossary, GlossaryEntryPage, GlossaryEntryPageFactory, size * 2 // 10),
        (show, PodcastEpisodePage, PodcastEpisodePageFactory, 0),
    ]
    shares[2] = (*shares[2][:3], size - shares[0][3] - shares[1][3])
    offset = 0
    for parent, model, factory, count in shares:
        template = factory(parent=parent, title="Modèle", slug=f"modele-{offset}")
        bulk_pages(parent, model, template, count, offset, tag_objects, vocabulary)
        offset += count
    built = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    start = time.perf_counter()
    # Without them (--no-see-also) the panels fall back on recent posts:
    # enough for the listings that show no panel, and minutes shorter.
    rows = rebuild_all() if see_also_candidates else 0
    computed = time.perf_counter() - start
    if index_search:
        fill_search_index(size)
    # The measured article: like the seed, tagged, with two picks, published.
    others = list(ArticlePage.objects.exclude(slug__startswith="modele")[:2])
    seed = ArticlePageFactory(parent=articles, title="Article mesuré", slug="mesure")
    tag(seed, "sujet-1", "sujet-2", "sujet-3")
    see_also(seed, *others)
    print(
        f"built {size} items in {built:.1f} s; see-also candidates of every "
        f"page ({rows} rows) in {computed:.1f} s"
    )
    return seed


def open_kept_database(name, size):
    """Switch to the kept database of ``size`` items (``--reuse``), created and
    migrated if need be (a new migration applies to a kept build too)."""
    import tempfile

    from django.conf import settings

    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name
    if connection.vendor == "sqlite":
        kept = str(Path(tempfile.gettempdir()) / f"pressroom-bench-{size}.sqlite3")
    else:
        kept = f"test_{name}_{size}"
    connection.settings_dict["TEST"]["NAME"] = kept
    connection.creation.create_test_db(verbosity=0, serialize=False, keepdb=True)


# What one item of a list looks like in its answer: the number of items shown.
ITEM_MARKERS = {
    "home": b"data-content-item",
    "article index": b'class="article-summary__title',
    "index, last page": b'class="article-summary__title',
    "glossary index": b'class="glossary-list__entry"',
    "glossary, letter Z": b'class="glossary-list__entry"',
    "tag page": b"data-content-item",
    "search": b"data-content-item",
    "article feed": b"<item>",
    "podcast feed": b"<item>",
}


def items_shown(name, response):
    """How many items the list at ``name`` shows ("" when not a counted list)."""
    if name in ITEM_MARKERS:
        return response.content.count(ITEM_MARKERS[name])
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        items = data.get("items") if isinstance(data, dict) else None
        return len(items) if isinstance(items, list) else ""
    return ""


def database_cpu():
    """CPU seconds the PostgreSQL backend serving this connection has used
    (``/proc/<pid>/schedstat``, when the server runs on this machine), or
    None (SQLite runs in this process: its time is in ``process_time``)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def timed(function, repeat):
    """Median and minimum wall time, median CPU time of this process and
    median CPU time of the database server's backend (PostgreSQL on this
    machine; 0 otherwise), in ms. CPU times do not count the time spent
    waiting for a core that the machine's other jobs hold."""
    times, cpu, database = [], [], []
    for _ in range(repeat):
        start_database = database_cpu()
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        end_database = database_cpu()
        if start_database is not None and end_database is not None:
            database.append(end_database - start_database)
    totals = [
        (c + (database[i] if i < len(database) else 0.0)) * 1000
        for i, c in enumerate(cpu)
    ]
    return (
        statistics.median(times) * 1000,
        min(times) * 1000,
        statistics.median(cpu) * 1000,
        statistics.median(database) * 1000 if database else 0.0,
        [t * 1000 for t in times],
        totals,
    )


def measure(client, url, repeat, slowest=0, name=""):
    client.get(url)
    reset_queries()  # (a request resets the log: start from an empty one)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    status, count = response.status_code, len(queries)  # (read from the live log)
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:slowest]:
        print(f"           {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    return (
        status,
        count,
        items_shown(name, response),
        *timed(lambda: client.get(url), repeat),
    )


def profile(client, url, repeat):
    """Print the functions the requests of ``url`` spend the most time in."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def time_call(function, repeat):
    function()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        function()
    return (len(queries), *timed(function, repeat))


def record(results, name, size, count, shown, walls, totals):
    """Add one round's samples of ``name`` at ``size`` to ``results``."""
    kept = results.setdefault(name, {}).setdefault(
        size, {"queries": set(), "shown": shown, "walls": [], "totals": []}
    )
    kept["queries"].add(count)
    kept["walls"] += walls
    kept["totals"] += totals


def see_also_calls(seed):
    from wagtail.models import Page, Site

    from articles.models import ArticlePage
    from editorial.content import Visibility
    from editorial.see_also import resolve_see_also, resolve_see_also_many

    site = Site.objects.get(is_default_site=True)
    page_ids = list(
        ArticlePage.objects.order_by("-publication_date").values_list("pk", flat=True)[
            :20
        ]
    )

    page = Page.objects.get(pk=seed.pk).specific
    pages = list(ArticlePage.objects.filter(pk__in=page_ids))

    def one():
        # (picks and tags are read again on each call: nothing is cached on
        # the page instance)
        return resolve_see_also(page, Visibility(site))

    def many():
        for other in pages:
            other._prefetched_objects_cache = {}
        return resolve_see_also_many(pages, Visibility(site))

    return {"see-also, one page": one, "see-also, 20 pages": many}


def wanted(name, only):
    """Whether ``name`` is to be measured: ``only`` is empty, or one of its
    entries starts the name."""
    return not only or any(name.startswith(start) for start in only)


def summarise(results, sizes, rounds):
    """Per page: queries, and median and minimum CPU ms (this process plus
    the PostgreSQL backend) at each size over every round's samples, then the
    ratio of the largest size's to the smallest's."""
    print(
        f"\nCPU ms (this process + PostgreSQL backend), median / min over "
        f"{rounds} round(s), queries, items shown; ratio {sizes[-1]} / {sizes[0]}:"
    )
    for name, by_size in results.items():
        cells = []
        for size in sizes:
            kept = by_size.get(size)
            if kept is None:
                cells.append(f"{'-':>26}")
                continue
            queries = "/".join(str(q) for q in sorted(kept["queries"]))
            shown = f" {kept['shown']}it" if kept["shown"] != "" else ""
            cells.append(
                f"{queries:>3}q {statistics.median(kept['totals']):6.1f} / "
                f"{min(kept['totals']):6.1f}{shown:>6}"
            )
        ratio = ""
        first, last = by_size.get(sizes[0]), by_size.get(sizes[-1])
        if len(sizes) > 1 and first and last:
            ratio = (
                f"  cpu {statistics.median(last['totals']) / max(statistics.median(first['totals']), 0.001):5.2f}x"
                f" (min {min(last['totals']) / max(min(first['totals']), 0.001):5.2f}x,"
                f" wall {statistics.median(last['walls']) / statistics.median(first['walls']):5.2f}x)"
            )
        print(f"  {name:<22} {'  '.join(cells)}{ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,10000,100000", help="numbers of items")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated names of pages not to measure (e.g. 'podcast feed')",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --reuse: measure every size this many times, in turn "
        "(10, 10,000, 100,000, 10, ...), so that the machine's changing load "
        "falls on every size alike; the summary pools the rounds' samples",
    )
    parser.add_argument(
        "--profile",
        default="",
        help="print a cProfile (by own time) of the requests of the page NAME",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated starts of the names of the only pages to measure "
        "(e.g. 'search,v3 content')",
    )
    parser.add_argument(
        "--index-search",
        action="store_true",
        help="fill Wagtail's search index after the bulk insert (slow at 100,000); "
        "without it the search measures an empty index",
    )
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        help="print the N slowest SQL queries of each page (where growth comes from)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep one database per size (PostgreSQL: test_<database>_<size>; "
        "SQLite: a file in the temporary directory) and measure the items an "
        "earlier run built there instead of building them again",
    )
    parser.add_argument(
        "--no-see-also",
        action="store_true",
        help="build without computing the see-also candidates (many minutes at "
        "100,000): for measuring listings that show no see-also panel",
    )
    args = parser.parse_args()
    if args.rounds > 1 and not args.reuse:
        parser.error("--rounds needs --reuse (each size in its own database)")
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if not args.reuse:
        connection.creation.create_test_db(verbosity=0)
    client = Client()
    print(f"database: {connection.vendor}")
    results = {}
    built = set()
    try:
        for size in [int(s) for s in args.sizes.split(",")] * args.rounds:
            seed = None
            if args.reuse:
                open_kept_database(old_name, size)
                seed = kept_seed(size)
                if seed is not None and size not in built:
                    built.add(size)
                    print(
                        f"reusing the {size} items of {connection.settings_dict['NAME']}"
                    )
                    if args.index_search and not search_index_filled(size):
                        fill_search_index(size)
                    else:
                        settle_search_index()
            if seed is None:
                seed = build(size, args.index_search, not args.no_see_also)
            # A cache kept between runs (Redis) holds nothing of another build:
            # neither listing values nor Wagtail's site root paths.
            listing_cache.bump()
            from wagtail.models import Site

            Site.clear_site_root_paths_cache()
            urls = urls_for(seed)
            print(
                f"{'items':>7}  {'what':<22} {'status':>6} {'queries':>7} "
                f"{'shown':>5} {'median ms':>9} {'min ms':>8} {'cpu ms':>8} "
                f"{'db cpu':>7}"
            )
            for name, url in urls.items():
                if name in skip or not wanted(name, only):
                    continue
                status, count, shown, ms, best, cpu, db, walls, totals = measure(
                    client, url, args.repeat, args.slowest, name
                )
                record(results, name, size, count, shown, walls, totals)
                if name == args.profile:
                    profile(client, url, args.repeat)
                print(
                    f"{size:>7}  {name:<22} {status:>6} {count:>7} {shown:>5} "
                    f"{ms:>9.1f} {best:>8.1f} {cpu:>8.1f} {db:>7.1f}"
                )
            for name, function in see_also_calls(seed).items():
                if name in skip or not wanted(name, only):
                    continue
                count, ms, best, cpu, db, walls, totals = time_call(
                    function, args.repeat
                )
                record(results, name, size, count, "", walls, totals)
                print(
                    f"{size:>7}  {name:<22} {'':>6} {count:>7} {'':>5} "
                    f"{ms:>9.2f} {best:>8.2f} {cpu:>8.2f} {db:>7.2f}"
                )
        sizes = [int(s) for s in args.sizes.split(",")]
        summarise(results, sizes, args.rounds)
    finally:
        if not args.reuse:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
