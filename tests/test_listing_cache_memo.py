"""Inside a request the content generation (editorial.listing_cache) is read
from the cache once, and again after any bump this process makes; outside a
request it is read every time."""

import threading

from django.core.cache import cache
from django.core.signals import request_finished, request_started

import pytest

from editorial import listing_cache

# Django's request signals close old database connections.
pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_reads(monkeypatch):
    """The number of reads of the generation from the cache (set already:
    one read each)."""
    listing_cache.generation()
    reads = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == listing_cache.GENERATION_KEY:
            reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return reads


@pytest.fixture
def in_request():
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_outside_a_request_every_call_reads_the_cache(counted_reads):
    listing_cache.generation()
    listing_cache.generation()
    assert len(counted_reads) == 2


def test_a_request_reads_the_generation_once(counted_reads, in_request):
    first = listing_cache.generation()
    assert listing_cache.generation() == first
    listing_cache.cached(("memo-test",), lambda: 1)
    assert len(counted_reads) == 1


def test_a_bump_in_the_request_is_seen_at_once(counted_reads, in_request):
    computed = []
    before = listing_cache.generation()
    assert listing_cache.cached(("memo-test", 1), lambda: computed.append(1) or 1)
    listing_cache.bump()
    assert listing_cache.generation() > before
    listing_cache.cached(("memo-test", 1), lambda: computed.append(2) or 2)
    assert computed == [1, 2]


def test_a_bump_in_another_thread_of_the_process_is_seen(in_request):
    before = listing_cache.generation()
    # What a bump does at once (and again when its transaction commits).
    thread = threading.Thread(target=listing_cache._increment)
    thread.start()
    thread.join()
    assert listing_cache.generation() > before


def test_a_bump_by_another_process_is_seen_by_the_next_request(counted_reads):
    request_started.send(sender=None)
    before = listing_cache.generation()
    cache.incr(listing_cache.GENERATION_KEY)  # as another process bumps
    assert listing_cache.generation() == before  # this request's view
    request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        assert listing_cache.generation() == before + 1
    finally:
        request_finished.send(sender=None)


@pytest.mark.usefixtures("page_cache_off")
def test_a_page_reads_the_generation_once(client, counted_reads, home):
    assert client.get("/").status_code == 200
    assert len(counted_reads) == 1
    # After the request: read again.
    listing_cache.generation()
    assert len(counted_reads) == 2
