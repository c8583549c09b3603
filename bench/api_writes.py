"""Benchmark: writing the demo's seed article through API v3.

Builds a throw-away test database (SQLite by default, or DATABASE_URL),
loads the demo publication, turns its seed article into a create document
(``tests/test_api_write_seed_article.py``'s ``document_of``: every block,
glossary terms as front-end HTML, contributors, see-also picks, sponsorship,
audio version) and prints, over R copies, the SQL queries and median time of
``POST /api/v3/pages/`` (draft), of ``actions/publish/``, and of the same
document sent to the upsert ``PUT /api/v3/external/…`` a second time (an
update).

    .venv/bin/python bench/api_writes.py [--repeat 10]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SLUG = "former-son-ecosysteme-au-dela-de-ses-salaries"


def timed(call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code < 300, response.content[:500]
    return response, len(queries), elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from wagtail.models import APIToken

        from articles.models import ArticlePage
        from tests.test_api_write_seed_article import document_of

        call_command("load_demo_publication", "--no-user", verbosity=0)
        user = get_user_model().objects.create_user("bench", is_superuser=True)
        token = APIToken.create_token(user=user, name="bench")[1]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        document = document_of(ArticlePage.objects.get(slug=SLUG))
        rows = {"create (draft)": [], "publish": [], "upsert again (update)": []}
        for number in range(args.repeat):
            copy = {**document, "slug": f"copie-{number}", "title": f"Copie {number}"}
            created, count, ms = timed(
                lambda copy=copy: client.post(
                    "/api/v3/pages/", copy, content_type="application/json"
                )
            )
            rows["create (draft)"].append((count, ms))
            page_id = created.json()["id"]
            _, count, ms = timed(
                lambda page_id=page_id: client.post(
                    f"/api/v3/pages/{page_id}/actions/publish/"
                )
            )
            rows["publish"].append((count, ms))
            url = f"/api/v3/external/bench/{number}/"
            copy = {**copy, "slug": f"externe-{number}"}
            client.put(url, copy, content_type="application/json")
            _, count, ms = timed(
                lambda url=url, copy=copy: client.put(
                    url, copy, content_type="application/json"
                )
            )
            rows["upsert again (update)"].append((count, ms))
        print(f"{connection.vendor}, seed article, {args.repeat} copies")
        print(f"{'operation':<24}{'queries':>10}{'median ms':>12}")
        for name, values in rows.items():
            queries = statistics.median(count for count, _ in values)
            ms = statistics.median(ms for _, ms in values)
            print(f"{name:<24}{queries:>10.0f}{ms:>12.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
