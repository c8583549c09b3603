"""The site of a request is chosen as Wagtail chooses it (hostname and port,
hostname and default, default, the only other site of the hostname), from a
list of sites read once per content generation (editorial.sites) instead of
a query per request; saving or deleting a site renews it at once."""

from django.test import RequestFactory

from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

import pytest

from editorial import sites
from tests.factories import HomePageFactory


def request_for(host):
    port = host.partition(":")[2] or "80"
    return RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=port)


def wagtail_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


@pytest.fixture
def many_sites(home):
    root = Page.get_first_root_node()
    other = HomePageFactory(parent=root, title="Autre", slug="autre")
    default = Site.objects.get(is_default_site=True)
    default.hostname = "main.example"
    default.save()
    Site.objects.create(hostname="other.example", root_page=other, port=80)
    Site.objects.create(hostname="other.example", root_page=other, port=8080)
    Site.objects.create(hostname="solo.example", root_page=other, port=8443)
    return default


@pytest.mark.parametrize(
    "host",
    [
        "main.example",  # hostname and default
        "main.example:81",  # hostname and default, another port
        "other.example",  # hostname and port
        "other.example:8080",
        "other.example:9999",  # two sites of that hostname, none on the port
        "solo.example:1234",  # the only site of that hostname
        "unknown.example",  # the default site
    ],
)
def test_the_choice_is_wagtails(many_sites, host, django_assert_num_queries):
    hostname, _, port = host.partition(":")
    expected = wagtail_choice(hostname, int(port or 80))
    Site.find_for_request(request_for(host))  # reads the list of sites once
    with django_assert_num_queries(0):
        site = Site.find_for_request(request_for(host))
    assert (site.pk if site else None) == expected


def test_no_default_site_and_an_unknown_host_is_none(many_sites):
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    sites.listing_cache.bump()
    assert Site.find_for_request(request_for("unknown.example")) is None
    assert wagtail_choice("unknown.example", 80) is None


def test_the_root_page_comes_with_the_site(home, django_assert_num_queries):
    Site.find_for_request(request_for("localhost"))
    with django_assert_num_queries(0):
        site = Site.find_for_request(request_for("localhost"))
        assert site.root_page.pk == home.pk


def test_saving_or_deleting_a_site_is_seen_at_once(home):
    site = Site.find_for_request(request_for("localhost"))
    site.site_name = "Renamed"
    site.save()
    assert Site.find_for_request(request_for("localhost")).site_name == "Renamed"
    other = Site.objects.create(hostname="new.example", root_page=home)
    assert Site.find_for_request(request_for("new.example")).pk == other.pk
    other.delete()
    assert Site.find_for_request(request_for("new.example")).pk == site.pk


def test_unknown_hosts_add_no_cache_entry(home, monkeypatch):
    """Made-up Host headers write nothing to the cache (local memory or
    Redis alike): every write is recorded once the lookup is warm."""
    from django.core.cache import caches

    cache = caches["default"]
    Site.find_for_request(request_for("localhost"))
    written = []
    for name in ("set", "add", "set_many", "get_or_set", "incr", "touch"):
        original = getattr(cache, name)

        def record(*args, _original=original, _name=name, **kwargs):
            written.append((_name, args[:1]))
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, record)
    for number in range(20):
        Site.find_for_request(request_for(f"made-up-{number}.example"))
    assert written == []
