"""Benchmark: building and sending a digest to N subscribers through a local
SMTP server (aiosmtpd in its own process), in batches, as the task queue's worker does.

Builds a throw-away test database (SQLite by default, or DATABASE_URL) with
a site of 30 new articles over 6 tags and N active subscribers (half of them
on "everything", the others on one or two topics; French and English), starts
an SMTP server on a free local port and sends one weekly digest. Prints the
wall-clock time, messages per second, batches, and the SQL queries of each
batch (the same for every full batch: tests/test_newsletter_sending.py
asserts the budget).

    .venv/bin/python bench/newsletter.py [--subscribers 10000] [--batch 200]
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

TAGS = ["SEO", "Emailing", "ABM", "Social", "Événements", "Contenu"]


def build_content():
    from wagtail.models import Page, Site

    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
    )

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-bench")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = ArticleIndexPageFactory(parent=home)
    for n in range(30):
        page = ArticlePageFactory(parent=index, title=f"Article de la semaine {n}")
        page.tags.add(TAGS[n % len(TAGS)], TAGS[(n + 1) % len(TAGS)])
        page.save_revision().publish()


def build_subscribers(count):
    from django.utils import timezone

    from taggit.models import Tag

    from contacts.models import Contact
    from newsletter.models import Subscription

    tag_ids = list(Tag.objects.filter(name__in=TAGS).values_list("pk", flat=True))
    confirmed = timezone.now() - timezone.timedelta(days=1)
    contacts = Contact.objects.bulk_create(
        [Contact(email=f"reader{n}@example.com") for n in range(count)],
        batch_size=1000,
    )
    subscriptions = Subscription.objects.bulk_create(
        [
            Subscription(
                contact=contact,
                status="active",
                confirmed_at=confirmed,
                language="en" if n % 3 == 0 else "fr",
                all_topics=n % 2 == 0,
            )
            for n, contact in enumerate(contacts)
        ],
        batch_size=1000,
    )
    through = Subscription.topics.through
    rows = []
    for n, subscription in enumerate(subscriptions):
        if n % 2:
            rows.append(through(subscription_id=subscription.pk, tag_id=tag_ids[n % 6]))
            if n % 4 == 1:
                rows.append(
                    through(
                        subscription_id=subscription.pk, tag_id=tag_ids[(n + 2) % 6]
                    )
                )
    through.objects.bulk_create(rows, batch_size=1000)


class SMTPProcess:
    """aiosmtpd in a process of its own (as a mail server would be) on a free
    local port, discarding what it receives (its Sink handler)."""

    def __init__(self):
        from tests.factories_leads import free_port

        self.port = free_port()

    def __enter__(self):
        import socket
        import subprocess

        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "aiosmtpd.handlers.Sink",
            ]
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    smtp = SMTPProcess().__enter__()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.PRESSROOM_NEWSLETTER_BATCH_SIZE = args.batch
    try:
        from newsletter import digest as digest_items
        from newsletter import sending
        from newsletter.models import Delivery, Digest

        start = time.perf_counter()
        build_content()
        build_subscribers(args.subscribers)
        print(f"database: {connection.vendor}")
        print(
            f"set-up: 30 articles, {args.subscribers} subscribers in "
            f"{time.perf_counter() - start:.1f} s"
        )
        digest = Digest.objects.create(frequency="weekly", intro="Bonne lecture.")
        start, cpu_start = time.perf_counter(), time.process_time()
        sending.start(digest)
        items = digest_items.gather(
            digest.since, digest.until, campaign=digest_items.campaign_of(digest)
        )
        batch_queries, batch_times = [], []
        while True:
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                taken = sending.send_batch(digest)
            if not taken:
                break
            batch_times.append(time.perf_counter() - t0)
            batch_queries.append(len(queries))
        sending.finish(digest)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        sent = Delivery.objects.filter(status="sent").count()
        print(f"items in the digest: {len(items)}")
        print(
            f"sent {sent} messages in {elapsed:.1f} s: "
            f"{sent / elapsed:.0f} messages/s (goal: 10,000 in < 60 s); "
            f"CPU of this process {cpu:.1f} s ({cpu / sent * 1000:.2f} ms a message), "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"batches: {len(batch_queries)} of {args.batch}; queries per batch "
            f"(each reads the items again): min {min(batch_queries)}, "
            f"max {max(batch_queries)}; median batch "
            f"{statistics.median(batch_times) * 1000:.0f} ms"
        )
    finally:
        smtp.__exit__()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
