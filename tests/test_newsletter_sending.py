"""The digest: items published since the last digest of the frequency,
filtered by each subscriber's topics, nothing sent to a subscriber with
nothing new, HTML and plain text in the subscriber's language with UTM
links and the unsubscribe headers; sent in batches through a real SMTP
server, by the real database queue's worker, resumed after a crash without
sending anyone the same digest twice, in a constant number of queries per
batch; previewed, tested and started from the admin."""

import datetime
from email import policy
from email.parser import BytesParser

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taggit.models import Tag

import pytest
from bs4 import BeautifulSoup

from contacts.models import Contact
from newsletter import sending
from newsletter.models import Delivery, Digest, Subscription
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    tag,
)
from tests.factories_leads import SMTPServer


def decoded(message):
    return BytesParser(policy=policy.default).parsebytes(message.as_bytes())


def parts(message):
    message = decoded(message)
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server


@pytest.fixture
def content(article_index, glossary_index, show):
    """Two articles (SEO; Emailing), an entry (SEO), an episode (no tag),
    and an old article (SEO) published before the digest's window."""
    seo = tag(ArticlePageFactory(parent=article_index, title="Le SEO en 2026"), "SEO")
    tag(ArticlePageFactory(parent=article_index, title="Relances e-mail"), "Emailing")
    tag(GlossaryEntryPageFactory(parent=glossary_index, title="Backlink"), "SEO")
    PodcastEpisodePageFactory(parent=show, title="Épisode de la semaine")
    old = tag(ArticlePageFactory(parent=article_index, title="Vieux SEO"), "SEO")
    old_date = timezone.now() - datetime.timedelta(days=30)
    type(old).objects.filter(pk=old.pk).update(first_published_at=old_date)
    assert seo
    return {t.name: t.pk for t in Tag.objects.all()}


def subscriber(email, *, topics=(), status="active", language="fr", **fields):
    contact = Contact.objects.create(email=email)
    subscription = Subscription.objects.create(
        contact=contact,
        status=status,
        language=language,
        all_topics=not topics,
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
        **fields,
    )
    subscription.topics.set(topics)
    return subscription


@pytest.mark.django_db
def test_digest_by_topic_language_headers_and_utm(content, smtp):
    subscriber("anne@example.com")
    subscriber("bob@example.com", topics=[content["SEO"]], language="en")
    carol = subscriber("carol@example.com", topics=[Tag.objects.create(name="B").pk])
    subscriber("dave@example.com", status="pending")
    subscriber("eve@example.com", status="unsubscribed")
    subscriber("frank@example.com", frequency="monthly")
    digest = Digest.objects.create(frequency="weekly", intro="Bonne lecture !")
    sending.send_all(digest)
    by_address = {m["To"]: m for m in smtp.messages}
    assert sorted(by_address) == ["anne@example.com", "bob@example.com"]
    anne_text, anne_html = parts(by_address["anne@example.com"])
    bob_text, bob_html = parts(by_address["bob@example.com"])
    # Everything new for "everything", newest first; the old article is out.
    for title in ("Le SEO en 2026", "Relances e-mail", "Backlink", "Épisode"):
        assert title in anne_text and title in anne_html
    assert "Vieux SEO" not in anne_text
    assert "Bonne lecture !" in anne_text and "Bonne lecture !" in anne_html
    # Bob's topics only, in English.
    assert "Le SEO en 2026" in bob_text and "Backlink" in bob_text
    assert "Relances" not in bob_text and "Épisode" not in bob_text
    assert "this week" in str(decoded(by_address["bob@example.com"])["Subject"])
    assert "cette semaine" in str(decoded(by_address["anne@example.com"])["Subject"])
    assert "Unsubscribe" in bob_html and "Se désinscrire" in anne_html
    # Links carry the UTM parameters; the headers give one-click unsubscribe.
    soup = BeautifulSoup(anne_html, "html.parser")
    item_links = [a["href"] for a in soup.select("h2 a")]
    assert item_links and all(
        "utm_source=newsletter&utm_medium=email&utm_campaign=digest-weekly-" in href
        for href in item_links
    )
    # Each copy is the subscriber's own: its Message-ID and its links.
    assert len({m["Message-ID"] for m in smtp.messages}) == 2
    from newsletter import tokens

    for message in smtp.messages:
        token = message["List-Unsubscribe"].rstrip("/>").rpartition("/")[2]
        owner = tokens.subscription_for(token)
        assert owner.contact.email == message["To"]
        assert f"/newsletter/preferences/{token}/" in parts(message)[0]
        assert message["List-Unsubscribe"].startswith("<http://")
        assert "/newsletter/unsubscribe/" in message["List-Unsubscribe"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Readable with images off: no image at all, a text part, a lang.
    assert not soup.select("img") and soup.html["lang"] == "fr"
    assert Delivery.objects.get(subscription=carol).status == Delivery.SKIPPED
    assert Delivery.objects.filter(status=Delivery.SENT).count() == 2
    digest.refresh_from_db()
    assert digest.status == Digest.SENT
    # The next weekly digest starts where this one ended: nothing new, nothing sent.
    sending.send_all(Digest.objects.create(frequency="weekly"))
    assert len(smtp.messages) == 2


@pytest.mark.django_db
def test_a_crash_and_resume_sends_nobody_twice(content, smtp, settings, monkeypatch):
    settings.PRESSROOM_NEWSLETTER_BATCH_SIZE = 2
    settings.PRESSROOM_NEWSLETTER_CHECKPOINT = 1
    for n in range(5):
        subscriber(f"r{n}@example.com")
    digest = Digest.objects.create(frequency="weekly")
    calls = {"n": 0}
    wait = sending.Pacer.wait

    def killed_at_the_third_message(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        return wait(self)

    monkeypatch.setattr(sending.Pacer, "wait", killed_at_the_third_message)
    from newsletter.tasks import send_digest_batch, start_digest

    # The immediate backend of the tests records the failed task, as the
    # database queue would; the chain of batches stops there.
    start_digest.call(digest.pk)
    assert len(smtp.messages) == 2
    assert Delivery.objects.filter(status=Delivery.CLAIMED).count() == 2
    # The worker comes back: sending resumes (admin "Resume", or the command).
    call_command("send_newsletter_digest", "--resume", verbosity=0)
    received = [m["To"] for m in smtp.messages]
    assert len(received) == len(set(received)) == 3
    statuses = dict(
        Delivery.objects.values_list("subscription__contact__email", "status")
    )
    assert sorted(statuses.values()) == ["interrupted"] * 2 + ["sent"] * 3
    # Resuming a finished digest sends nothing more.
    send_digest_batch.call(digest.pk)
    assert len(smtp.messages) == 3


def batch_queries(count, settings):
    settings.PRESSROOM_NEWSLETTER_BATCH_SIZE = 50
    settings.PRESSROOM_NEWSLETTER_CHECKPOINT = 50
    Subscription.objects.all().delete()
    Digest.objects.all().delete()
    for n in range(count):
        subscriber(
            f"q{count}-{n}@example.com",
            topics=[Tag.objects.get(name="SEO").pk] if n % 2 else (),
            language="en" if n % 3 else "fr",
        )
    digest = Digest.objects.create(frequency="weekly")
    sending.start(digest)
    with CaptureQueriesContext(connection) as queries:
        assert sending.send_batch(digest) == count
    return len(queries)


# A batch: its subscribers, their topics, the digest's items (a query per
# content type present and their tags), the delivery rows, their update.
BATCH_QUERY_BUDGET = 15


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_whatever_its_size(content, smtp, settings):
    batch_queries(2, settings)  # caches warmed (content types, sites)
    small = batch_queries(3, settings)
    large = batch_queries(40, settings)
    assert small == large <= BATCH_QUERY_BUDGET


def admin_user(django_user_model, *codenames):
    user = django_user_model.objects.create_user(
        "ed", password="pw", is_staff=True, email="ed@example.com"
    )
    group = Group.objects.create(name="Rédaction lettre")
    group.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_admin_preview_test_and_send(
    client, django_user_model, content, smtp, django_capture_on_commit_callbacks
):
    subscriber("bob@example.com", topics=[content["Emailing"]], language="en")
    subscriber("anne@example.com")
    digest = Digest.objects.create(frequency="weekly", intro="Édito de la semaine")
    url = f"/admin/newsletter/digests/{digest.pk}/"
    user = admin_user(django_user_model, "view_digest", "change_digest")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url + "send/", {"action": "now"}).status_code in (302, 403)
    user.groups.first().permissions.add(Permission.objects.get(codename="send_digest"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    page = client.get(url + f"?topic={content['Emailing']}&language=en")
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").select_one("pre").get_text()
    assert "Relances e-mail" in text and "Backlink" not in text
    assert "Édito de la semaine" in text
    email = client.get(url + f"email/?topic={content['Emailing']}")
    assert email.status_code == 200 and b"Relances e-mail" in email.content
    # Previewing for a subscriber needs the subscriber permission.
    assert client.get(url + "?email=bob@example.com").status_code == 400
    assert client.get(url + "?evil=1").status_code == 400
    assert client.get(url + "?topic=x").status_code == 400
    user.groups.first().permissions.add(
        Permission.objects.get(codename="view_subscribers")
    )
    client.force_login(django_user_model.objects.get(pk=user.pk))
    page = client.get(url + "?email=bob@example.com")
    assert page.status_code == 200 and b"Relances e-mail" in page.content
    # The test goes to the editor alone.
    client.post(url + "test/?email=bob@example.com")
    assert [m["To"] for m in smtp.messages] == ["ed@example.com"]
    assert "[TEST]" in str(decoded(smtp.messages[0])["Subject"])
    # Sending to everyone (the test settings run tasks at once).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "send/", {"action": "now"})
    assert sorted(m["To"] for m in smtp.messages[1:]) == [
        "anne@example.com",
        "bob@example.com",
    ]
    assert client.post(url + "send/", {"action": "now"}).status_code == 400
    assert client.post(url + "send/", {"action": "bogus"}).status_code == 400


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_the_digest_in_batches(home, settings):
    """The database queue and ``db_worker``: each batch a task of its own."""
    from django_tasks_db.models import DBTaskResult

    from tests.factories import ArticleIndexPageFactory

    index = ArticleIndexPageFactory(parent=home)
    tag(ArticlePageFactory(parent=index, title="Article de la semaine"), "SEO")
    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.PRESSROOM_NEWSLETTER_BATCH_SIZE = 2
    for n in range(5):
        subscriber(f"w{n}@example.com")
    with SMTPServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        call_command("send_newsletter_digest", "--frequency", "weekly", verbosity=0)
        assert smtp.messages == []  # queued
        call_command(
            "db_worker",
            "--batch",
            "--backend",
            "pressroom",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
        assert sorted(m["To"] for m in smtp.messages) == [
            f"w{n}@example.com" for n in range(5)
        ]
    # The start and three batches (2 + 2 + 1), then the one that finished.
    assert DBTaskResult.objects.filter(task_path__startswith="newsletter.").count() == 5
    assert Digest.objects.get().status == Digest.SENT
    assert "@" not in str(list(DBTaskResult.objects.values_list("args_kwargs")))
