"""The WordPress importer's batches: links between posts written in the same
batch, or to posts of a later batch, become page links in the pages and in
their revisions, without writing a batch early."""

import importlib.util
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ReferenceIndex, Site

import pytest

from articles.models import ArticlePage
from wordpress_import.importer import WordPressImporter

BENCH = Path(__file__).resolve().parent.parent / "bench" / "wordpress_import.py"


def bench_module():
    spec = importlib.util.spec_from_file_location("wordpress_import_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_links_within_a_batch_and_to_a_later_one(home, tmp_path, settings):
    # The bench's export: each post links an earlier one, often the previous.
    export = tmp_path / "export.xml"
    bench_module().write_export(export, 30, tmp_path / "uploads")
    settings.PRESSROOM_WORDPRESS_BATCH_SIZE = 12
    site = Site.objects.get(is_default_site=True)
    importer = WordPressImporter(
        export, site=site, uploads_dir=str(tmp_path / "uploads")
    )
    with CaptureQueriesContext(connection) as queries:
        report = importer.run()
    assert report.counts["post"]["created"] == 30
    # Three batches (12, 12, 6): no batch written early for a link.
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "articles_articlepage"')
    ]
    assert len(inserts) == 3
    # Nothing left for after the items.
    assert importer.pending_links == {}
    pages = {page.slug: page for page in ArticlePage.objects.all()}
    for number in range(2, 31):
        page = pages[f"article-{number}"]
        html = page.body.raw_data[0]["value"]
        assert "wordpress-" not in html and "href=" not in html, html
        target = int(html.split('id="')[1].split('"')[0])
        assert ArticlePage.objects.filter(pk=target).exists()
        revision = page.latest_revision.as_object()
        assert revision.body.raw_data[0]["value"] == html
        # Wagtail's usage counts know the link.
        assert ReferenceIndex.objects.filter(
            object_id=str(page.pk), to_object_id=str(target)
        ).exists()
