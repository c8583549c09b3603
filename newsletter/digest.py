"""What a digest holds: the items first published between its ``since`` and
``until`` (every registered content type, through ``editorial``'s
``Visibility``: live, public, on schedule, in the site), each with its tags,
and the selection of each subscriber (their topics, newest first).

The items are read once per batch, in a number of queries that depends on
the content types present, not on the subscribers."""

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.db.models import Q

from editorial.content import NEWEST, Visibility
from newsletter.conf import get_setting

# Items read for one digest, before each subscriber's topics narrow them.
GATHERED = 200


@dataclass
class DigestItem:
    title: str
    url: str
    teaser: str
    type_label: object  # lazy: translated in the subscriber's language
    date: object
    tag_ids: set = field(default_factory=set)


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def base_url(site=None):
    configured = get_setting("PRESSROOM_NEWSLETTER_BASE_URL")
    if configured:
        return configured.rstrip("/")
    site = site or default_site()
    return site.root_url.rstrip("/") if site else "http://localhost"


def with_utm(url, campaign):
    parts = urlsplit(url)
    query = urlencode(
        {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": campaign}
    )
    return urlunsplit(
        parts._replace(query=f"{parts.query}&{query}" if parts.query else query)
    )


def campaign_of(digest):
    day = digest.until.date().isoformat() if digest.until else "preview"
    return f"digest-{digest.frequency}-{day}"


def gather(since, until, *, campaign, site=None):
    """The items first published in ``(since, until]``, newest first, each
    with its tag ids and its URL carrying the UTM parameters."""
    site = site or default_site()
    visibility = Visibility(site)
    window = Q(first_published_at__lte=until)
    if since is not None:
        window &= Q(first_published_at__gt=since)
    rows = list(visibility.keys(filter_q=window).order_by(*NEWEST)[:GATHERED])
    content = visibility.load(rows)
    tags = {}
    by_model = {}
    for item in content:
        by_model.setdefault(type(item.page), []).append(item.page.pk)
    for model, pks in by_model.items():
        through = model.tags.through
        for page_id, tag_id in through.objects.filter(
            content_object_id__in=pks
        ).values_list("content_object_id", "tag_id"):
            tags.setdefault(page_id, set()).add(tag_id)
    return [
        DigestItem(
            title=item.title,
            url=with_utm(item.page.get_full_url(), campaign),
            teaser=item.teaser or "",
            type_label=item.page._meta.verbose_name,
            date=item.date,
            tag_ids=tags.get(item.page.pk, set()),
        )
        for item in content
    ]


def select(items, *, all_topics, topic_ids):
    """A subscriber's items: those carrying one of their topics (every item
    for "everything"), newest first, at most PRESSROOM_NEWSLETTER_DIGEST_ITEMS."""
    limit = get_setting("PRESSROOM_NEWSLETTER_DIGEST_ITEMS")
    if all_topics or not topic_ids:
        chosen = items
    else:
        wanted = set(topic_ids)
        chosen = [item for item in items if item.tag_ids & wanted]
    return chosen[:limit]
