"""Benchmark: the seed article page uncached, page creation, worker memory.

Builds a throw-away database (SQLite in a temporary directory by default, or
the test database of DATABASE_URL), loads the demo publication and prints:

* the SQL queries and median in-process time of the demo's seed article (every
  block, glossary links, see-also, player), cold (every part rendered) and
  warm (its body from the fragment cache), and of the article feeds;
* pages/s when ``load_demo_publication --articles N`` creates N articles with
  tags and a body (revisions, search index and reference index included);
* the resident memory of a fresh worker process after it rendered each page
  type R times (``/proc/self/status`` VmRSS and ``getrusage`` maxrss), and
  the RSS, PSS and USS of gunicorn's two workers with and without
  ``preload_app`` (deploy/gunicorn.conf.py) after serving each page type.

    .venv/bin/python bench/seed_article.py [--repeat 50] [--create 200] [--rounds 200]
        [--gunicorn-rounds 50] [--callgrind 10]

``--callgrind N`` also prints the instructions executed per cold render of the
seed article (valgrind's callgrind, start-up and warm-up not counted): unlike
times, the count does not move with the machine's load.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
# The uncached render path: the page cache (bench/page_cache.py) stays off.
os.environ["PRESSROOM_PAGE_CACHE"] = "false"

SEED_SLUG = "former-son-ecosysteme-au-dela-de-ses-salaries"


def rss_mb():
    """Current resident set size of this process, in MB (VmRSS)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reader_urls():
    """One URL of each page type a reader requests (the demo publication)."""
    from articles.models import ArticleIndexPage, ArticlePage
    from glossary.models import GlossaryEntryPage, GlossaryIndexPage
    from podcasts.models import PodcastEpisodePage, PodcastShowPage

    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    tag = seed.tags.order_by("slug").first()
    return {
        "home": "/",
        "article (seed)": seed.url,
        "article index": ArticleIndexPage.objects.get().url,
        "glossary index": GlossaryIndexPage.objects.get().url,
        "glossary entry": GlossaryEntryPage.objects.live().order_by("pk").first().url,
        "podcast show": PodcastShowPage.objects.get().url,
        "podcast episode": PodcastEpisodePage.objects.live().order_by("pk").first().url,
        "tag page": f"/tags/{tag.slug}/",
        "article feed": "/feeds/articles/",
        "search": "/search/?q=marketing",
    }


def worker(rounds):
    """A fresh process (a web worker): render each page type ``rounds`` times,
    then print its memory as JSON."""
    import django

    django.setup()
    from django.test import Client

    before = rss_mb()
    client = Client()
    urls = reader_urls()
    for _ in range(rounds):
        for url in urls.values():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    print(json.dumps({"after_setup": before, "rss": rss_mb(), "maxrss": max_rss_mb()}))


def callgrind_worker(requests):
    """Under ``valgrind --tool=callgrind --instr-atstart=no``: render the seed
    article cold (page and fragment caches off) ``requests`` times with the
    instrumentation on, after a warm-up with it off (start-up not counted)."""
    import django

    django.setup()
    from django.test import Client, override_settings

    from articles.models import ArticlePage

    url = ArticlePage.objects.get(slug=SEED_SLUG).url
    client = Client()
    with override_settings(PRESSROOM_FRAGMENT_CACHE=False):
        for _ in range(5):
            assert client.get(url).status_code == 200
        control = ["callgrind_control", "-i"]
        subprocess.run(
            [*control, "on", str(os.getpid())], check=True, capture_output=True
        )
        for _ in range(requests):
            client.get(url)
        subprocess.run(
            [*control, "off", str(os.getpid())], check=True, capture_output=True
        )


def callgrind_instructions(env, requests):
    """Instructions executed per cold render of the seed article (callgrind's
    count: the same on a loaded machine, unlike any time), or None when
    valgrind is not installed."""
    import shutil

    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--callgrind-worker",
                str(requests),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        for line in out.read_text().splitlines():
            if line.startswith("totals:"):
                return int(line.split()[1]) / requests
    return None


def smaps(pid):
    """RSS, PSS and USS (private pages) of a process, in MB (smaps_rollup)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def gunicorn_memory(env, urls, rounds, preload):
    """Serve the bench database with gunicorn (deploy/gunicorn.conf.py, 2 sync
    workers), have two clients request each page type ``rounds`` times, and
    return the memory of the master and of each worker."""
    import socket
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    gunicorn = Path(sys.executable).parent / "gunicorn"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_PRELOAD": "true" if preload else "false",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "GUNICORN_MAX_REQUESTS": "0",
    }
    master = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "site_config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):  # up to 60 s to start (a loaded machine)
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)

        def read_all(_):
            for _ in range(rounds):
                for url in urls:
                    with urllib.request.urlopen(base + url, timeout=60) as answer:
                        assert answer.status == 200, (url, answer.status)
                        answer.read()

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(read_all, range(2)))
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
        workers = [int(pid) for pid in children.read_text().split()]
        return smaps(master.pid), [smaps(pid) for pid in workers]
    finally:
        master.terminate()
        master.wait(timeout=30)


def measure(client, url, repeat, warmup=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):  # per-process caches (content types, sites, settings)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # read now: later requests reset the log
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests")
    parser.add_argument("--create", type=int, default=200, help="articles to create")
    parser.add_argument(
        "--rounds", type=int, default=200, help="renders of each page type (memory)"
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="seed",
        choices=["seed", "create"],
        help="print a cProfile of the seed article (or of page creation)",
    )
    parser.add_argument(
        "--sql",
        nargs="?",
        const="seed",
        choices=["seed", "feed"],
        help="print the SQL queries of the seed article (or the feed)",
    )
    parser.add_argument(
        "--gunicorn-rounds",
        type=int,
        default=50,
        help="requests of each page type per client under gunicorn (0: skip)",
    )
    parser.add_argument(
        "--callgrind",
        type=int,
        default=0,
        metavar="N",
        help="instructions per cold seed-article render, over N renders under "
        "valgrind's callgrind (about a minute for 10; 0: skip)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--callgrind-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.rounds)
        return
    if args.callgrind_worker:
        callgrind_worker(args.callgrind_worker)
        return

    tmp = tempfile.mkdtemp(prefix="pressroom-bench-")
    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # A file, not memory: the worker process reads the same database.
        database.setdefault("TEST", {})["NAME"] = str(Path(tmp) / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    # Measure renders as a server runs them: the test environment's template
    # instrumentation (a signal and a copy of the context per template, which
    # the test client stores) would add a third to a render's time.
    teardown_test_environment()
    try:
        start = time.perf_counter()
        call_command(
            "load_demo_publication", "--no-user", verbosity=0, stdout=io.StringIO()
        )
        demo_s = time.perf_counter() - start
        from wagtail.models import Page

        demo_pages = Page.objects.filter(depth__gt=1).count()

        from articles.models import ArticlePage

        client = Client()
        seed = ArticlePage.objects.get(slug=SEED_SLUG)
        print(f"database: {connection.vendor}")
        print(f"{'request':28} {'queries':>7} {'median ms':>9} {'CPU ms':>7}")
        from django.test import override_settings

        # Cold: every part rendered on each request (the fragment cache off);
        # warm: the body and table of contents served from the fragment
        # cache (editorial.fragment_cache), as between two publications.
        for label, url, fragments in [
            ("seed article, cold", seed.url, False),
            ("seed article, warm", seed.url, True),
            ("article feed (RSS)", "/feeds/articles/", True),
        ]:
            with override_settings(PRESSROOM_FRAGMENT_CACHE=fragments):
                count, ms, cpu = measure(client, url, args.repeat)
            print(f"{label:28} {count:7d} {ms:9.1f} {cpu:7.1f}")
        if args.sql:
            import traceback

            def where(execute, sql, params, many, context):
                frames = [
                    f"{Path(f.filename).relative_to(ROOT)}:{f.lineno}"
                    for f in traceback.extract_stack()
                    if f.filename.startswith(str(ROOT))
                    and ("/.venv/" not in f.filename or "wagtail/" in f.filename)
                    and "bench/" not in f.filename
                ]
                print("  ", " < ".join(reversed(frames[-4:])), "|", sql[:110])
                return execute(sql, params, many, context)

            with connection.execute_wrapper(where):
                client.get(seed.url if args.sql == "seed" else "/feeds/articles/")
        if args.profile == "seed":
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            # The cold render: every part built.
            with override_settings(PRESSROOM_FRAGMENT_CACHE=False):
                profiler.enable()
                for _ in range(20):
                    client.get(seed.url)
                profiler.disable()
            profiler.dump_stats(str(Path(tempfile.gettempdir()) / "seed_article.prof"))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)

        print(
            f"demo publication: {demo_pages} pages in {demo_s:.1f} s "
            f"({demo_pages / demo_s:.1f} pages/s, images and audio included)"
        )
        if args.create:
            if args.profile == "create":
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            start, start_cpu = time.perf_counter(), time.process_time()
            call_command(
                "load_demo_publication",
                "--no-user",
                "--articles",
                str(args.create),
                verbosity=0,
                stdout=io.StringIO(),
            )
            elapsed = time.perf_counter() - start
            elapsed_cpu = time.process_time() - start_cpu
            if args.profile == "create":
                import pstats

                profiler.disable()
                profiler.dump_stats(str(Path(tempfile.gettempdir()) / "create.prof"))
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(70)
            print(
                f"page creation: {args.create} articles (tags, body, revision, "
                f"published) in {elapsed:.1f} s = {args.create / elapsed:.1f} pages/s "
                f"({args.create / elapsed_cpu:.1f} pages per CPU second)"
            )
            count, ms, cpu = measure(client, "/feeds/articles/", args.repeat)
            print(f"{'article feed, 20 items':28} {count:7d} {ms:9.1f} {cpu:7.1f}")

        # Child processes (callgrind, memory) read this bench's database.
        env = dict(os.environ)
        if connection.vendor == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
        else:
            url = env["DATABASE_URL"].rsplit("/", 1)[0]
            env["DATABASE_URL"] = f"{url}/{connection.settings_dict['NAME']}"
        if args.callgrind:
            connection.close()
            instructions = callgrind_instructions(env, args.callgrind)
            if instructions is None:
                print("callgrind: skipped (valgrind not installed)")
            else:
                print(
                    f"seed article, cold: {instructions / 1e6:.1f} million "
                    f"instructions per render (callgrind, {args.callgrind} renders)"
                )
        if args.rounds:
            urls_for_memory = reader_urls()
            connection.close()
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    "--rounds",
                    str(args.rounds),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            memory = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"worker memory: {memory['after_setup']:.0f} MB after django.setup(), "
                f"{memory['rss']:.0f} MB RSS (max {memory['maxrss']:.0f} MB) after "
                f"{args.rounds} renders of each of 10 page types"
            )
            if args.gunicorn_rounds:
                if not (Path(sys.executable).parent / "gunicorn").exists():
                    print('gunicorn workers: skipped (pip install ".[production]")')
                else:
                    urls = list(urls_for_memory.values())
                    print(
                        f"gunicorn, 2 workers, after {args.gunicorn_rounds} requests "
                        "of each page type by 2 clients (MB; USS: the worker's own "
                        "pages, PSS: its share of the shared ones):"
                    )
                    for preload in (False, True):
                        master, workers = gunicorn_memory(
                            env, urls, args.gunicorn_rounds, preload
                        )
                        label = (
                            "preload_app + warm-up + gc.freeze"
                            if preload
                            else "no preload"
                        )
                        print(
                            f"  {label:34} master RSS {master['rss']:.0f}; workers "
                            + ", ".join(
                                f"RSS {w['rss']:.0f} PSS {w['pss']:.0f} "
                                f"USS {w['uss']:.0f}"
                                for w in workers
                            )
                        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
