"""In a real browser (headless Debian Chromium, driven by playwright), under
the site's Content-Security-Policy: the seed article, an article with every
block (embed included), an episode page and the standalone player load with no
violation, and the glossary tooltip and the player still work; the Wagtail
admin's page editor, its preview and the headless preview front end (the
preview mode menu's second choice) load with no violation either.

Violations are caught both ways a browser reports them: the
``securitypolicyviolation`` event (in every frame) and the console's
"Refused to …" messages. Uses /usr/bin/chromium like
tests/test_glossary_browser.py; fails, never skips, when it cannot start.
"""

import json
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest
from playwright.sync_api import expect, sync_playwright

from articles.models import ArticlePage
from editorial.preview import HEADLESS_MODE
from tests.factories import ArticlePageFactory
from tests.factories_articles import ImageFactory, body_of_every_block, cached_embed
from tests.test_glossary_browser import CHROMIUM, CHROMIUM_ARGS

# serialized_rollback: the migrations' data (root page, default locale, the
# Editors group) comes back after an earlier transactional test flushed it.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Media served by Django, so that the player loads its audio.
    pytest.mark.urls("tests.urls_media"),
]

SEED_SLUG = "former-son-ecosysteme-au-dela-de-ses-salaries"
PREVIEW_EXAMPLE = "/static/headless_preview_example/index.html"

# Registered before any page script, in every frame: the page's own policy
# cannot block it (playwright injects it through the DevTools protocol).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class ViolationLog:
    """Every CSP violation any frame of a browser context reports."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self.on_console)
        self.context = context

    def on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def of(self, page):
        events = []
        for frame in page.frames:
            try:
                events += frame.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: BLE001 - a cross-origin or gone frame
                continue
        return events + self.console

    def assert_none(self, page, where):
        violations = self.of(page)
        assert not violations, f"{where}: {json.dumps(violations, indent=1)}"


@contextmanager
def chromium():
    """The browser, started once the test's data is written (playwright runs
    an event loop in this thread, where Django refuses database queries)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


def test_reader_pages_load_without_violations_and_still_work(live_server, settings):
    settings.PRESSROOM_SERVE_MEDIA = True
    call_command("load_demo_publication", "--no-user", verbosity=0)
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    episode = seed.audio_episode.specific
    cached_embed()
    every_block = ArticlePageFactory(
        parent=seed.get_parent(),
        title="Tous les blocs",
        body=json.dumps(
            body_of_every_block(
                episode=episode, related=seed, image=ImageFactory(title="Photo")
            )
        ),
    )
    # The URLs are read before the browser starts: a page's URL may query the
    # sites (when the cache does not hold them), and Django refuses queries
    # in the thread where playwright runs its event loop.
    urls = {
        "seed": live_server.url + seed.url,
        "every_block": live_server.url + every_block.url,
        "episode": live_server.url + episode.url,
    }
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1024, "height": 800})
        read_pages(ViolationLog(context), context.new_page(), live_server, urls)


def read_pages(log, page, live_server, urls):

    # The seed article: its glossary tooltip works.
    page.goto(urls["seed"])
    term = page.locator("a.glossary-term").first
    term.focus()
    tooltip = page.locator("#glossary-tooltip")
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text().strip()
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    # Its audio version's player loads the audio (media-src) and opens the
    # player window (the player's script).
    audio = page.locator("audio.player__audio").first
    audio.evaluate("audio => audio.load()")
    page.wait_for_function(
        "() => document.querySelector('audio.player__audio').readyState >= 1"
    )
    with page.expect_popup() as popup_info:
        page.locator("a[data-player-window]").first.click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url.endswith("/player/")
    log.assert_none(page, "seed article")
    log.assert_none(popup, "player window")
    popup.close()

    # Every block, an embed among them: the provider's frame is allowed.
    page.goto(urls["every_block"])
    expect(page.locator(".block-embed iframe")).to_have_count(1)
    expect(page.locator(".block-image img")).to_be_visible()
    log.assert_none(page, "article with every block")

    # The episode page: the player plays.
    page.goto(urls["episode"])
    page.locator("audio.player__audio").first.evaluate("audio => audio.play()")
    page.wait_for_function(
        "() => document.querySelector('audio.player__audio').currentTime > 0"
    )
    log.assert_none(page, "episode page")

    # The standalone player window.
    page.goto(urls["episode"] + "player/")
    page.locator("audio.player__audio").evaluate("audio => audio.load()")
    page.wait_for_function(
        "() => document.querySelector('audio.player__audio').readyState >= 1"
    )
    log.assert_none(page, "standalone player")

    # The API's interactive documentation (Swagger UI, this site's files).
    page.goto(live_server.url + "/api/v3/docs/")
    # The OpenAPI document of the whole API takes a while to generate.
    expect(page.locator(".swagger-ui .info .title").first).to_be_visible(timeout=60_000)
    log.assert_none(page, "API documentation")


def admin_session(django_user_model):
    """The session cookie of a logged-in superuser."""
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="x"
    )
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def logged_in_context(browser, live_server, session):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_admin_editor_and_previews_load_without_violations(
    live_server, article_index, django_user_model, settings
):
    article = ArticlePageFactory(
        parent=article_index,
        title="Article à relire",
        body=json.dumps([{"type": "paragraph", "value": "<p>Le texte.</p>"}]),
    )
    session = admin_session(django_user_model)
    with chromium() as browser:
        context = logged_in_context(browser, live_server, session)
        edit_and_preview(
            ViolationLog(context), context.new_page(), live_server, article, settings
        )


def edit_and_preview(log, page, live_server, article, settings):

    # The page editor, with its rich text editor, and the preview panel,
    # which renders the site's templates inside the admin.
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    log.assert_none(page, "page editor")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Article à relire")
    log.assert_none(page, "page editor and its preview")

    # Headless preview, the preview mode menu's second choice (the site's
    # design stays the default): the admin frames the front end, which reads
    # the draft from the API.
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": live_server.url + PREVIEW_EXAMPLE},
        "ENFORCE_TRAILING_SLASH": False,
    }
    # The admin reopens the side panel last open: start closed, as above.
    page.evaluate("localStorage.removeItem('wagtail:side-panel-open')")
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Article à relire")
    log.assert_none(page, "preview in the site's design, next to the front end")
    page.locator("#id_preview_mode").select_option(HEADLESS_MODE)
    front_end = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
    expect(front_end.locator("h1")).to_have_text("Article à relire")
    log.assert_none(page, "headless preview")
