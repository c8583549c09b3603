"""Registration under load and through the real queue: two readers racing
for the last seat, the confirmation e-mail sent by the database queue's
worker through a real SMTP server, the reminder queued for the day before."""

import datetime
import threading
import time

from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from contacts.models import Contact
from leads import events
from leads.models import Event, Registration
from tests.factories_leads import (
    EVENT_BLOCK_ID,
    SMTPServer,
    event_article,
    registration_data,
)


def run_worker():
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "pressroom",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_readers_race_for_the_last_seat(article_index):
    page = event_article(article_index, capacity=1)
    event = events.sync_event(
        page, EVENT_BLOCK_ID, events.find_event_block(page, EVENT_BLOCK_ID)
    )
    contacts = [Contact.objects.create(email=f"r{i}@example.com") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def take(contact):
        try:
            barrier.wait(timeout=10)
            # Each thread holds its own connection, as two web workers would.
            for _attempt in range(50):
                try:
                    registration, _ = events.register(event, contact, {})
                    break
                except OperationalError as error:
                    # SQLite's shared in-memory test database refuses a
                    # second writer at once instead of waiting as a file
                    # database does: wait and retry, as its busy timeout
                    # would. PostgreSQL waits on the row lock itself.
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.05)
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(c,)) for c in contacts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(outcomes) == ["confirmed", "waitlisted"]
    assert Registration.objects.filter(status="confirmed").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_the_confirmation_and_queues_the_reminder(
    article_index, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    page = event_article(article_index, capacity=5, days_ahead=5)
    with SMTPServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        response = Client().post(
            reverse("leads:event_registration", args=[page.pk, EVENT_BLOCK_ID]),
            registration_data(),
        )
        assert response.status_code == 200
        assert smtp.messages == []  # queued, not sent by the request
        task = DBTaskResult.objects.get(task_path__startswith="leads.")
        # Ids and URLs only: no address in the queue (nor in its logs).
        assert "anne@" not in str(task.args_kwargs)
        run_worker()
        assert [m["To"] for m in smtp.messages] == ["anne@example.com"]
        reminder = DBTaskResult.objects.get(
            status="READY", task_path__startswith="leads."
        )
        assert reminder.task_path.endswith("send_reminder")
        registration = Registration.objects.select_related("event").get()
        assert (
            abs(
                (reminder.run_after - registration.event.starts_at).total_seconds()
                + 86400
            )
            < 1
        )
        # Not due: the worker leaves it.
        run_worker()
        assert len(smtp.messages) == 1
        # When it runs (the day before), it sends once.
        from leads.tasks import send_reminder

        send_reminder.call(registration.pk, "http://testserver/", "fr")
        send_reminder.call(registration.pk, "http://testserver/", "fr")
        assert len(smtp.messages) == 2
        assert "Demain" in str(smtp.messages[1]["Subject"])


@pytest.mark.django_db
def test_the_reminder_command_sends_the_due_ones_once(article_index, mailoutbox):
    soon = event_article(article_index, days_ahead=1, slug="bientot")
    later = event_article(article_index, days_ahead=5, slug="plus-tard")
    for page in (soon, later):
        value = events.find_event_block(page, EVENT_BLOCK_ID)
        event = events.sync_event(page, EVENT_BLOCK_ID, value)
        events.register(
            event, Contact.objects.get_or_create_for(f"p{page.pk}@example.com"), {}
        )
    # The event "soon" starts in two hours (its row, as a publish would set).
    Event.objects.filter(page=soon).update(
        starts_at=timezone.now() + datetime.timedelta(hours=2)
    )
    call_command(
        "send_event_reminders", "--base-url", "http://testserver/", verbosity=0
    )
    call_command(
        "send_event_reminders", "--base-url", "http://testserver/", verbosity=0
    )
    assert [m.to for m in mailoutbox] == [[f"p{soon.pk}@example.com"]]
