"""Each Pressroom app installs alone with ``editorial`` into a Wagtail site
without this one (tests/plugin_site): it migrates a fresh SQLite database,
passes ``check`` and leaves no migration to make; and Wagtail's adaptations
give the same API v3 OpenAPI document whatever the position of the Pressroom
apps in ``INSTALLED_APPS``. Subprocesses: each needs its own app registry."""

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def probe(tmp_path, apps, position="first", migrate=False):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.plugin_site.settings",
        "PRESSROOM_TEST_APPS": ",".join(apps),
        "PRESSROOM_TEST_APPS_POSITION": position,
        "PRESSROOM_TEST_DB": str(tmp_path / f"{'-'.join(apps)}-{position}.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    args = [sys.executable, str(ROOT / "tests" / "plugin_site" / "probe.py")]
    result = subprocess.run(
        args + (["--migrate"] if migrate else []),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("app", ["articles", "glossary", "podcasts"])
def test_app_installs_alone_with_editorial(tmp_path, app):
    found = probe(tmp_path, [app], migrate=True)
    assert found["errors"] == []
    paths = found["openapi"]["paths"]
    # Its own routers only where the site mounts them (podcasts' and glossary's).
    assert any(path.startswith("/api/v3/podcasts/") for path in paths) == (
        app == "podcasts"
    )
    assert any(path.startswith("/api/v3/glossary/") for path in paths) == (
        app == "glossary"
    )


@pytest.mark.parametrize("apps", [["contacts"], ["leads", "contacts"]])
def test_feature_apps_install_with_editorial_alone(tmp_path, apps):
    """contacts alone, leads with contacts: no content app needed."""
    found = probe(tmp_path, apps, migrate=True)
    assert found["errors"] == []


def test_openapi_document_is_the_same_whatever_the_app_order(tmp_path):
    apps = ["articles", "glossary", "podcasts"]
    first = probe(tmp_path, apps, "first")
    last = probe(tmp_path, apps, "last")
    assert first["errors"] == last["errors"] == []
    assert first["openapi"] == last["openapi"]
    # What the adaptations put there is in both (not two identical losses).
    document = last["openapi"]
    offsets = [
        parameter
        for operation in document["paths"]["/api/v3/pages/"].values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "offset"
    ]
    assert offsets and offsets[0]["schema"]["maximum"] == 100_000
    assert "ProblemDetail" in document["components"]["schemas"]
    assert any(
        "StreamBlock" in name or "Block" in name
        for name in document["components"]["schemas"]
    )


def postgresql_url():
    """DATABASE_URL when it names a PostgreSQL database (CI's PostgreSQL leg)."""
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in POSTGRESQL_SCHEMES else None


POSTGRESQL_SCHEMES = {"postgres", "postgresql", "pgsql"}
# The link migrations run on SQLite always, and on PostgreSQL as well when the
# suite runs there (nothing skipped on SQLite: the case is not listed).
MIGRATION_DATABASES = ["sqlite"] + (["postgresql"] if postgresql_url() else [])


@contextlib.contextmanager
def throwaway_postgresql_database():
    """A fresh database beside DATABASE_URL's (its name, suffixed), dropped
    afterwards whatever the outcome; yields its URL."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(postgresql_url())
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{parts.path.lstrip('/')}_links_{worker}"[:63]
    admin = urlunsplit(parts._replace(path="/postgres"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(name)
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


@pytest.mark.parametrize("database", MIGRATION_DATABASES)
def test_links_stored_both_old_ways_become_playable_versions_without_loss(
    tmp_path, database
):
    """articles 0005 and podcasts 0004 on a database holding links the old
    ways (an article's audio_episode, an episode's linked articles): every
    link is kept once, the article's own pick first; migrating back restores
    both old forms. On SQLite, and on a throwaway PostgreSQL database when
    DATABASE_URL is PostgreSQL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.plugin_site.settings",
        "PRESSROOM_TEST_DB": str(tmp_path / "links.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    env.pop("PRESSROOM_TEST_APPS", None)
    with contextlib.ExitStack() as stack:
        if database == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(throwaway_postgresql_database())
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "plugin_site" / "migrate_links.py")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    assert found["vendor"] == database  # the backend it migrated
    assert found["forward"] == [
        ["First", "E1"],
        ["First", "E2"],
        ["Second", "E2"],
        ["Third", "E1"],
    ]
    assert found["backward"]["audio_episode"] == {
        "First": "E1",
        "Second": "E2",
        # Back, an article's first version is its audio episode.
        "Third": "E1",
    }
    assert found["backward"]["linked"] == found["forward"]
