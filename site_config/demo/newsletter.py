"""The demo publication's newsletter: its sign-up page, three subscribers
(French and English, everything or one topic) and a draft weekly digest
with an introduction, ready to preview in the admin (Newsletter › Digests ›
Preview, test and send). Called from ``DemoBuilder.build``."""

import datetime

from django.utils import timezone

from contacts.models import Contact
from newsletter.models import Digest, NewsletterPage, Subscription

PAGE_SLUG = "lettre"
DEMO_SUBSCRIBERS = (
    ("lectrice@example.com", "fr", ()),
    ("reader@example.com", "en", ()),
    ("seo@example.com", "fr", ("SEO",)),
)


def ensure_demo_newsletter(builder, home):
    def build():
        return NewsletterPage(
            title="La lettre de Pressroom",
            intro=(
                "<p>Chaque lundi, les articles, épisodes et définitions de la "
                "semaine, sur les thèmes que vous choisissez.</p>"
            ),
        )

    page = builder.ensure_child(home, NewsletterPage, PAGE_SLUG, build, "newsletter")
    now = timezone.now()
    for email, language, topics in DEMO_SUBSCRIBERS:
        contact, _ = Contact.objects.get_or_create(email=email)
        subscription, created = Subscription.objects.get_or_create(
            contact=contact,
            defaults={
                "status": Subscription.ACTIVE,
                "language": language,
                "all_topics": not topics,
                "source": "page",
                "confirmed_at": now,
            },
        )
        if created and topics:
            subscription.topics.set(builder.tags(list(topics)))
    if not Digest.objects.exists():
        # The demo's articles are dated over the past months: the first
        # digest starts a year back so that its preview shows them.
        Digest.objects.create(
            frequency="weekly",
            intro="Bonne lecture ! Cette semaine, l'ABM et le SEO à l'honneur.",
            since=now - datetime.timedelta(days=365),
        )
    return page
