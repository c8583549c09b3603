"""The WordPress importer on exports the project wrote (tests/fixtures/wordpress)."""

from wagtail.models import Site

import pytest

from tests.wordpress_helpers import UPLOADS, export_copy, uploads_server
from wordpress_import.importer import WordPressImporter


def run_import(path, **kwargs):
    site = Site.objects.get(is_default_site=True)
    kwargs.setdefault("uploads_dir", str(UPLOADS))
    return WordPressImporter(path, site=site, **kwargs).run()


@pytest.fixture
def export(tmp_path):
    with uploads_server() as base:
        yield export_copy(
            tmp_path, MISSING_URL=f"{base}/wp-content/uploads/2024/01/perdue.jpg"
        )


@pytest.mark.django_db
def test_smoke(home, export):
    report = run_import(export)
    print(report.to_json())
    print(report.table())
    assert report.counts["post"]["created"] == 5
