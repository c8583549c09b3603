"""The seed article's HTML, byte for byte, against a stored copy.

Work on the render path (issue 11: the seed article in about 15 ms) must not
change what readers get. This test renders the demo's seed article (every
block, glossary links, see-also, player, recent posts) cold and warm and
compares it with ``tests/fixtures/seed_article.html``, after replacing what
legitimately differs between two runs or two databases: CSRF tokens and CSP
nonces, page ids (PostgreSQL's sequences are not reset between tests; each id
becomes its page's rank, which the demo's fixed order of creation keeps),
block UUIDs, the random suffix of an uploaded file whose name was taken, and
today's date.

To accept an intended change of the page, rewrite the stored copy with
``PRESSROOM_UPDATE_SNAPSHOT=1`` and review its diff.
"""

import difflib
import os
import re
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from articles.models import ArticlePage
from glossary.models import GlossarySettings

SNAPSHOT = Path(__file__).parent / "fixtures" / "seed_article.html"
SEED_SLUG = "former-son-ecosysteme-au-dela-de-ses-salaries"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Where a page id appears: glossary links, the player and download links
# (the episode), an event's calendar link, rich-text page links, a glossary
# term's definition id.
PAGE_ID = re.compile(
    r"(data-glossary-id=\"|data-page-id=\"|/podcasts/audio/|/events/|glossary-definition-)(\d+)"
)

pytestmark = pytest.mark.usefixtures("page_cache_off")


def normalise(html):
    """The page with what varies between runs replaced by stable markers."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1CSRF", html)
    html = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', html)
    rank = {
        pk: i
        for i, pk in enumerate(Page.objects.order_by("pk").values_list("pk", flat=True))
    }
    html = PAGE_ID.sub(lambda m: f"{m.group(1)}PAGE{rank[int(m.group(2))]}", html)
    uuids = {}
    html = UUID.sub(lambda m: uuids.setdefault(m.group(0), f"UUID{len(uuids)}"), html)
    # Django's storage adds "_" and 7 random characters to a taken name (the
    # media folder is shared by the suite's processes), and Wagtail's
    # renditions keep that name, cut short to fit their file name's length:
    # "forme_M41LOeP.2e16d0ba.fill-1200x630.png", "forme_M41LOe.format-webp…";
    # the audio's routes end with its file's name: "…/player/episode-1_Xg2rKmz.mp3".
    html = re.sub(
        r"(/(?:media|podcasts/audio)/[^\"' ]*?)_[A-Za-z0-9]{5,7}(?=\.)", r"\1", html
    )
    today = timezone.localdate()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        html = html.replace(today.strftime(fmt), "TODAY")
    return html


def check(html, label):
    expected = SNAPSHOT.read_text()
    if html != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                html.splitlines(keepends=True),
                "stored",
                label,
                n=1,
            )
        )
        pytest.fail(
            f"the seed article's HTML changed ({label}, {connection.vendor}):\n"
            + diff[:6000]
        )


@pytest.mark.django_db
def test_seed_article_html_is_unchanged(client):
    call_command("load_demo_publication", "--no-user", verbosity=0)
    glossary = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    glossary.auto_link = True
    glossary.save()
    url = ArticlePage.objects.get(slug=SEED_SLUG).url
    # Cold (every part rendered on each request), then warm (the body,
    # table of contents, see-also and recent posts from the fragment cache:
    # the first request stores them, the second reads them).
    renders = {}
    for label, fragments in [("cold", False), ("warm", True)]:
        with override_settings(PRESSROOM_FRAGMENT_CACHE=fragments):
            for attempt in ("first", "second"):
                response = client.get(url)
                assert response.status_code == 200
                renders[f"{label}, {attempt}"] = normalise(response.content.decode())
    if os.environ.get("PRESSROOM_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(renders["cold, first"])
    for label, html in renders.items():
        check(html, label)
