"""What gunicorn's master builds before forking its workers (site_config.warmup,
deploy/gunicorn.conf.py's when_ready): the URLs and reader templates, without
touching the database, and its objects frozen for the garbage collector."""

import gc
import runpy
from pathlib import Path

from django.template import engines
from django.urls import clear_url_caches, get_resolver

import pytest

from site_config import warmup

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def unfreeze():
    yield
    gc.unfreeze()


def test_every_reader_template_exists():
    from django.template.loader import get_template

    for name in warmup.READER_TEMPLATES:
        get_template(name)


@pytest.mark.django_db
def test_warm_up_loads_urls_and_templates_without_a_query(
    django_assert_num_queries, monkeypatch
):
    compiled = []
    engine = engines["django"].engine
    real = engine.get_template
    monkeypatch.setattr(
        engine, "get_template", lambda name: compiled.append(name) or real(name)
    )
    clear_url_caches()
    with django_assert_num_queries(0):
        warmup.warm_up()
    resolver = get_resolver()
    assert "url_patterns" in resolver.__dict__  # the URL modules are imported
    assert resolver._populated
    assert compiled == list(warmup.READER_TEMPLATES)


def test_freeze_for_fork_moves_objects_to_the_permanent_generation(unfreeze):
    warmup.freeze_for_fork()
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("preload", ["true", "false"])
def test_gunicorn_master_warms_up_only_with_preload(preload, monkeypatch):
    calls = []
    monkeypatch.setenv("GUNICORN_PRELOAD", preload)
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(warmup, "freeze_for_fork", lambda: calls.append("freeze"))
    conf = runpy.run_path(str(CONF))
    conf["when_ready"](server=None)
    assert calls == (["warm_up", "freeze"] if preload == "true" else [])
