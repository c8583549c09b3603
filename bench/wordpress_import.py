"""Benchmark: importing a generated WordPress export (WXR).

For each size, in a fresh process and a throw-away test database (SQLite by
default, or DATABASE_URL), writes an export of N block-editor posts (headings,
paragraphs with links to earlier posts, lists, quotes, an image, tags from a
vocabulary of 300, 20 categories, 10 authors) plus 20 image attachments read
from an uploads folder, imports it with ``WordPressImporter`` and prints the
items per second (wall clock, and per second of the process's CPU time,
which a machine shared with other work changes less) and the process's peak
memory (RSS; with --tracemalloc, also the peak of Python allocations during
the import, slower).

    .venv/bin/python bench/wordpress_import.py [--posts 1000 10000] [--tracemalloc]

The goal (issue 14): at least 70 items/s at 10,000 posts, and memory that
does not grow with the export's size.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
IMAGES = 20


def write_export(path, posts, uploads):
    from PIL import Image

    rng = random.Random(14)
    (uploads / "2024" / "01").mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://bench.example.fr</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://bench.example.fr</wp:base_site_url>\n"
        )
        for author in range(10):
            out.write(
                f"<wp:author><wp:author_id>{author + 1}</wp:author_id>"
                f"<wp:author_login>auteur{author}</wp:author_login>"
                f"<wp:author_display_name>Auteur·e {author}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for number in range(IMAGES):
            name = f"2024/01/image-{number}.jpg"
            Image.new("RGB", (60, 40), (number * 10, 80, 120)).save(uploads / name)
            wp_id = 1_000_000 + number
            out.write(
                f"<item><title>Image {number}</title><wp:post_id>{wp_id}</wp:post_id>"
                "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                f"<wp:attachment_url>https://bench.example.fr/wp-content/uploads/{name}"
                "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file"
                f"</wp:meta_key><wp:meta_value>{name}</wp:meta_value></wp:postmeta></item>\n"
            )
        for number in range(1, posts + 1):
            image = 1_000_000 + number % IMAGES
            # Most links go to older posts (earlier batches), one in five to
            # the previous post (same batch: rewritten after the batch).
            if number > 1 and rng.random() < 0.2:
                earlier = number - 1
            else:
                earlier = rng.randint(1, max(1, number - 300))
            body = (
                "<!-- wp:paragraph -->\n<p>Paragraphe d’ouverture « "
                f"{number} » avec <strong>gras</strong> et un "
                f'<a href="https://bench.example.fr/?p={earlier}">lien</a>.</p>\n'
                "<!-- /wp:paragraph -->\n"
                '<!-- wp:heading -->\n<h2 class="wp-block-heading">Intertitre</h2>\n'
                "<!-- /wp:heading -->\n"
                + "<!-- wp:paragraph -->\n<p>"
                + "Texte du corps de l’article, assez long pour ressembler à un vrai. "
                * 6
                + "</p>\n<!-- /wp:paragraph -->\n"
                "<!-- wp:list -->\n<ul><li>Un</li><li>Deux</li><li>Trois</li></ul>\n"
                "<!-- /wp:list -->\n"
                '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Une citation.'
                "</p><cite>Quelqu’un</cite></blockquote>\n<!-- /wp:quote -->\n"
                f'<!-- wp:image {{"id":{image}}} -->\n<figure class="wp-block-image">'
                f'<img src="x.jpg" alt="Illustration" class="wp-image-{image}"/>'
                "<figcaption>Légende</figcaption></figure>\n<!-- /wp:image -->\n"
            )
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{tag}"><![CDATA[Étiquette {tag}]]></category>'
                for tag in rng.sample(range(300), 3)
            )
            category = rng.randrange(20)
            out.write(
                f"<item><title>{escape(f'Article n° {number} : l’écosystème')}</title>"
                f"<link>https://bench.example.fr/2024/01/article-{number}/</link>"
                f"<dc:creator>auteur{number % 10}</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[Un chapô.]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                "<wp:post_date>2024-01-10 09:00:00</wp:post_date>"
                "<wp:post_date_gmt>2024-01-10 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>article-{number}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="rubrique-{category}">'
                f"<![CDATA[Rubrique {category}]]></category>{tags}"
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{image}</wp:meta_value></wp:postmeta></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def _rss_now():
    """The process's resident memory now, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def _rss_peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Stages:
    """Memory stage by stage: at the end of each stage, how much the
    process's peak RSS rose during it, its RSS then and (with tracemalloc)
    the peak of Python allocations during the stage above what was allocated
    when it began; ``--snapshots``: the lines that allocated most between the
    start of the import and each stage's end."""

    def __init__(self, tracing, snapshots):
        self.tracing = tracing
        self.snapshots = snapshots
        self.rows = []
        self.first = None

    def start(self):
        if self.tracing:
            import tracemalloc

            tracemalloc.start(1)
            self.first = tracemalloc.take_snapshot() if self.snapshots else None
        self.start_peak = self.peak = _rss_peak()
        self.start_rss = _rss_now()
        self.traced = 0

    def mark(self, name):
        peak = _rss_peak()
        row = [name, peak - self.peak, _rss_now() - self.start_rss, None]
        self.peak = peak
        if self.tracing:
            import tracemalloc

            current, traced_peak = tracemalloc.get_traced_memory()
            row[3] = traced_peak - self.traced
            self.traced = current
            tracemalloc.reset_peak()
            if self.first is not None:
                top = (
                    tracemalloc.take_snapshot()
                    .filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
                    .compare_to(self.first, "lineno")[:6]
                )
                row.append(top)
        self.rows.append(row)

    def stop(self):
        if self.tracing:
            import tracemalloc

            tracemalloc.stop()

    def print(self):
        mb = 1024 * 1024
        print(f"  {'stage':<34} {'peak RSS +':>11} {'RSS vs start':>13}", end="")
        print(f" {'Python peak +':>14}" if self.tracing else "")
        for name, peak, rss, traced, *top in self.rows:
            line = f"  {name:<34} {peak / mb:>8.1f} MB {rss / mb:>10.1f} MB"
            if traced is not None:
                line += f" {traced / mb:>11.1f} MB"
            print(line)
            for stat in top[0] if top else ():
                print(f"      {stat}")
        print(flush=True)


def _instrument(stages):
    """Marks the end of each stage of ``WordPressImporter.run()``; the items'
    quarters are marked by the progress callback."""
    from contextlib import ExitStack
    from functools import wraps
    from unittest import mock

    from editorial import related
    from editorial.bulk import deferral
    from wordpress_import.importer import WordPressImporter

    def after(owner, name, label, before=None):
        original = getattr(owner, name)

        @wraps(original)
        def wrapper(*args, **kwargs):
            if before:
                stages.mark(before)
            result = original(*args, **kwargs)
            stages.mark(label)
            return result

        return mock.patch.object(owner, name, wrapper)

    patches = ExitStack()
    for name, label in (
        ("scan", "scan (check and index the file)"),
        ("_load_mapping", "mapping of earlier runs"),
        ("_import_attachments", "attachments"),
        ("_import_content", "items: last quarter"),
        ("_rewrite_pending_links", "links to later items"),
        ("_redirect_archives", "redirects (archives, last chunk)"),
    ):
        patches.enter_context(after(WordPressImporter, name, label))
    patches.enter_context(
        after(
            related,
            "rebuild_all",
            "see-also rebuild",
            before="commit, end-of-run events",
        )
    )
    patches.enter_context(after(deferral, "_run_deferred", "caches bumped, purged"))
    return patches


def one(posts, use_tracemalloc, snapshots=False):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    workdir = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite" and not os.environ.get("BENCH_SQLITE_MEMORY"):
        # A database file, as a real import writes to: Django's default test
        # database on SQLite lives in memory, in this process, where it would
        # count in the process's RSS.
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.db")
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from wagtail.models import Page, Site

        from site_config.models import HomePage
        from wordpress_import.importer import WordPressImporter

        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            export = folder / "export.xml"
            write_export(export, posts, folder / "uploads")
            size = export.stat().st_size
            stages = Stages(use_tracemalloc, snapshots)
            quarters = {}

            def progress(done, total):
                # The items' first three quarters (the last ends with the
                # content stage).
                quarter = 4 * (done - IMAGES) // max(total - IMAGES, 1)
                if done > IMAGES and 0 < quarter < 4 and quarter not in quarters:
                    quarters[quarter] = True
                    stages.mark(f"items: quarter {quarter}")

            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            load = os.getloadavg()[0]
            with _instrument(stages):
                stages.start()
                cpu_start = time.process_time()
                start = time.perf_counter()
                report = WordPressImporter(
                    export,
                    site=site,
                    uploads_dir=str(folder / "uploads"),
                    progress=progress,
                ).run()
                elapsed = time.perf_counter() - start
                cpu = time.process_time() - cpu_start
                stages.mark("deferred search and reference index")
                report.to_json()
                stages.mark("report (JSON)")
                traced = ""
                if use_tracemalloc:
                    import tracemalloc

                    traced = f", Python allocations peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB"
                stages.stop()
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        items = report.total("created")
        failed = report.total("failed")
        print(
            f"{connection.vendor}: {posts} posts ({size / 1e6:.1f} MB export), "
            f"{items} items created, {failed} failed in {elapsed:.1f} s: "
            f"{items / elapsed:.0f} items/s ({cpu:.1f} s of CPU: {items / cpu:.0f} "
            f"items per CPU second; load average {load:.1f} on {os.cpu_count()} "
            f"cores); peak RSS {rss_after / 1024:.0f} MB "
            f"(+{(rss_after - rss_before) / 1024:.0f} MB during the import){traced}",
            flush=True,
        )
        print(f"  database: {_database_size(connection) / 1e6:.0f} MB")
        stages.print()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()


def _database_size(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--snapshots",
        action="store_true",
        help="with --tracemalloc: the lines that allocated most, at each stage",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one, args.tracemalloc, args.snapshots)
        return
    for posts in args.posts:
        # A process per size: peak RSS is the process's own.
        command = [sys.executable, __file__, "--one", str(posts)]
        if args.tracemalloc:
            command.append("--tracemalloc")
        if args.snapshots:
            command.append("--snapshots")
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
