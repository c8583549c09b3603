"""One dispatcher (editorial.page_events) hands each change readers may see to
the see-also candidates, the listing cache and the page cache, in that
order, and once per change: a publication is a save and a signal, but each
consumer does its work once."""

from wagtail.models import Page
from wagtail.signals import page_published

import pytest

from editorial import (
    cache_tags,
    listing_cache,
    page_cache_signals,
    page_events,
    related_events,
)
from tests.factories import ArticlePageFactory


@pytest.fixture
def calls(monkeypatch):
    """Each consumer's work, in the order done: a see-also refresh queued,
    the content generation bumped, the page cache purged."""
    done = []
    monkeypatch.setattr(
        related_events,
        "queue_refresh",
        lambda ids: done.append(("refresh", sorted(ids))),
    )
    monkeypatch.setattr(listing_cache, "bump", lambda *a, **k: done.append("bump"))
    monkeypatch.setattr(
        page_cache_signals, "schedule_purge", lambda tags: done.append(set(tags))
    )
    return done


def test_the_consumers_are_called_in_the_documented_order():
    assert page_events.consumers() == (
        related_events,
        listing_cache,
        page_cache_signals,
    )


@pytest.mark.django_db
def test_one_publish_calls_each_consumer_once(article_index, calls):
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    page.save_revision().publish()
    # Wagtail saves the page (the generation bumped, then the page cache
    # purged), then sends page_published (the see-also refresh).
    assert len(calls) == 3, calls
    bump, purged, refresh = calls
    assert bump == "bump"
    assert {cache_tags.page_tag(page.pk), cache_tags.HOME} <= purged
    assert cache_tags.listing_tag(article_index.pk) in purged
    assert refresh == ("refresh", [page.pk])


@pytest.mark.django_db
def test_one_unpublish_calls_each_consumer_once(article_index, calls):
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    page.unpublish()
    assert [call if isinstance(call, str | tuple) else "purge" for call in calls] == [
        "bump",
        "purge",
        ("refresh", [page.pk]),
    ]


@pytest.mark.django_db
def test_one_move_purges_everything_once(article_index, home, calls):
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    page.move(home, pos="last-child")
    assert calls == ["bump", {cache_tags.ALL}, ("refresh", [page.pk])]


@pytest.mark.django_db
def test_a_save_of_a_live_page_purges_and_bumps_without_refreshing(
    article_index, calls
):
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    page.title = "Nouveau titre"
    page.save()
    assert len(calls) == 2 and calls[0] == "bump"
    assert cache_tags.page_tag(page.pk) in calls[1]


@pytest.mark.django_db
def test_a_draft_is_no_event(article_index, calls):
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    page.title = "Brouillon"
    page.save_revision()
    assert calls == []


@pytest.mark.django_db
def test_a_publication_signal_without_its_save_is_handled_whole(article_index, calls):
    """Sent for another instance than the one saved (or after a change since
    the save), the signal does not count on a save's work."""
    page = ArticlePageFactory(parent=article_index)
    calls.clear()
    fresh = Page.objects.get(pk=page.pk).specific
    page_published.send(sender=type(fresh), instance=fresh, revision=None)
    # One event: its consumers in their order, data first.
    assert len(calls) == 3
    assert calls[:2] == [("refresh", [page.pk]), "bump"]
    assert cache_tags.page_tag(page.pk) in calls[2]
    # The same instance, changed since its save: handled whole too.
    page.save()
    calls.clear()
    page.url_path = page.url_path + "x/"
    page_published.send(sender=type(page), instance=page, revision=None)
    assert len(calls) == 3


@pytest.mark.django_db
def test_a_deleted_page_is_one_event_of_its_base_row(article_index, calls):
    """Django sends the delete signals for the specific row and the base row:
    the page's listing generation is bumped once for both."""
    page = ArticlePageFactory(parent=article_index)
    page.unpublish()
    calls.clear()
    page.delete()
    assert calls.count("bump") == 1
