from wagtail.models import Page, Site

import pytest

from tests.factories import (
    ArticleIndexPageFactory,
    GlossaryIndexPageFactory,
    HomePageFactory,
    PodcastShowPageFactory,
)

# Suites that walk the whole site or drive a browser: CI runs them once, on
# PostgreSQL + Redis, and leaves them out of the SQLite and second-Python legs
# with `-m "not slow"`, so a CI run stays well under an hour.
SLOW_MODULES = {
    "test_hostile_input",
    "test_api_schemathesis",
    "test_csp_browser",
    "test_glossary_browser",
    "test_leads_browser",
    "test_preview_browser",
    "test_editor_browser",
    "test_reader_browser",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_off():
    """The page cache off, for tests that count what rendering a page costs
    (a cached hit costs no query: tests/test_page_cache.py)."""
    from django.test import override_settings

    with override_settings(PRESSROOM_PAGE_CACHE=False):
        yield


@pytest.fixture
def home(db):
    """A HomePage as the root of the default site (the one the test client hits)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def glossary_index(home):
    return GlossaryIndexPageFactory(parent=home)


@pytest.fixture
def show(home):
    return PodcastShowPageFactory(parent=home)


@pytest.fixture
def other_site(db):
    """A second site with its own home and content index."""
    root = Page.get_first_root_node()
    other_home = HomePageFactory(parent=root, title="Autre site", slug="autre")
    Site.objects.create(
        hostname="other.example", root_page=other_home, site_name="Other"
    )
    return other_home
