"""What a web worker imports at start-up and for reader pages (issue 11,
worker memory; figures in ``bench/worker_memory.py``).

Wagtail 8 itself imports django-ninja, pydantic and Django REST framework
when its apps are ready, so those are not checked here. What Pressroom adds
on top is: both APIs' routers, viewsets and schemas are mounted lazily by
``site_config.urls`` (built on the first request under ``/api/v2/`` or
``/api/v3/``, or the first ``reverse()`` in their namespace, or by the
master's warm-up), the WordPress importer is imported when an import
runs, and the pydantic validators of the API v3 schemas Wagtail makes for
every page type at start-up are built when a schema is first used
(``editorial.wagtail_adaptations.deferred_schemas``, about 10 MB). Each
check runs ``django.setup()`` in a fresh interpreter with the production
settings, so no earlier import in the test process hides an import that
came back.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import get_resolver, reverse

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Built only when the API or an import is used: about 6 MB of a worker's RSS
# for the APIs (bench/worker_memory.py prints the figures).
LAZY_MODULES = (
    "site_config.api",
    "editorial.api.content",
    "editorial.api.v2",
    "editorial.api.writes",
    "glossary.api",
    "podcasts.api",
    "podcasts.audience.api",
    "wordpress_import.importer",
)


def run_fresh(code):
    """Run ``code`` after ``django.setup()`` in a new interpreter; it prints
    a JSON value, returned here."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="startup-imports-" + "k3y!" * 12,
        ALLOWED_HOSTS="pressroom.example",
    )
    script = (
        "import json, sys\nimport django\ndjango.setup()\n"
        f"LAZY = {LAZY_MODULES!r}\n"
        "def loaded():\n    return [m for m in LAZY if m in sys.modules]\n" + code
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_setup_and_reader_urls_do_not_import_the_apis_or_the_importer():
    found = run_fresh(
        "from django.urls import get_resolver, resolve, reverse\n"
        "after_setup = loaded()\n"
        "resolver = get_resolver()\n"
        "resolver.url_patterns, resolver.reverse_dict\n"
        "reverse('search'), resolve('/'), resolve('/articles/a-page/')\n"
        "resolve('/search/'), resolve('/tags/')\n"
        "print(json.dumps({'setup': after_setup, 'urls': loaded()}))\n"
    )
    assert found == {"setup": [], "urls": []}


@pytest.mark.parametrize(
    "code",
    [
        "resolve('/api/v3/pages/')",
        "reverse('wagtailapi:pages:listing')",
    ],
)
def test_the_first_api_request_or_reverse_builds_the_api(code):
    found = run_fresh(
        "from django.urls import resolve, reverse\n"
        f"{code}\n"
        "print(json.dumps(loaded()))\n"
    )
    assert "site_config.api" in found


def test_the_masters_warm_up_builds_both_apis():
    found = run_fresh(
        "from site_config.warmup import warm_up\n"
        "from site_config.urls import LazyNamespaceResolver\n"
        "from django.urls import get_resolver\n"
        "warm_up()\n"
        "lazy = [p for p in get_resolver().url_patterns\n"
        "        if isinstance(p, LazyNamespaceResolver)]\n"
        "print(json.dumps({'loaded': loaded(), 'lazy': [\n"
        "    p.namespace for p in lazy if p.loaded and p._populated]}))\n"
    )
    assert found == {
        "loaded": [m for m in LAZY_MODULES if m != "wordpress_import.importer"],
        "lazy": ["wagtailapi", "wagtailapi_v3"],
    }


# Built by django.setup() only as classes; their validators and
# serializers wait for their first use.
BUILT_PAGE_SCHEMAS = (
    "from wagtail.api.v3.registry import registry\n"
    "def built():\n"
    "    return sorted(\n"
    "        name for name, reg in registry._registry.items()\n"
    "        for schema in (reg.read_schema, reg.create_schema, reg.patch_schema)\n"
    "        if schema is not None and schema.__pydantic_complete__\n"
    "    )\n"
)


def test_setup_and_reader_urls_do_not_build_the_api_schemas():
    found = run_fresh(
        BUILT_PAGE_SCHEMAS + "from django.urls import get_resolver, resolve\n"
        "after_setup = built()\n"
        "resolver = get_resolver()\n"
        "resolver.url_patterns, resolver.reverse_dict\n"
        "resolve('/'), resolve('/articles/a-page/')\n"
        "print(json.dumps({'setup': after_setup, 'urls': built(),\n"
        "    'registered': len(registry._registry)}))\n"
    )
    assert found["setup"] == found["urls"] == []
    assert found["registered"] >= 10  # every page type, as Wagtail registers them


def test_the_masters_warm_up_builds_the_api_schemas():
    found = run_fresh(
        BUILT_PAGE_SCHEMAS + "from site_config.warmup import warm_up\n"
        "warm_up()\n"
        "print(json.dumps(built()))\n"
    )
    assert "articles.ArticlePage" in found


def test_lazy_api_mounts_carry_the_apis_own_names():
    from wagtail.api.v3.urls import api as api_v3

    from site_config.api import api_v2_router
    from site_config.urls import API_V2_NAMES, API_V3_NAMES

    assert api_v2_router.urls[1:] == API_V2_NAMES
    assert api_v3.urls[1:] == API_V3_NAMES


def test_api_urls_resolve_and_reverse_as_before():
    assert reverse("wagtailapi_v3:openapi-json") == "/api/v3/openapi.json"
    assert reverse("wagtailapi:pages:listing") == "/api/v2/pages/"
    assert reverse("wagtailapi:pages:detail", args=[3]) == "/api/v2/pages/3/"
    match = get_resolver().resolve("/api/v3/openapi.json")
    assert match.namespaces == ["wagtailapi_v3"]
    assert get_resolver().namespace_dict["wagtailapi_v3"][0] == "api/v3/"
