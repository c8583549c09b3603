"""The demo publication as readers see it in a real browser (headless Debian
Chromium, driven by playwright) at a phone's width (390 px) and a desktop's
(1280 px):

- axe-core (vendored in tests/fixtures/axe, injected through the DevTools
  protocol, so the site's Content-Security-Policy stays in force) finds no
  violation of any impact on any public page kind (the newsletter's page,
  sign-up form, preferences and sign-up block included; every page carries
  the footer's form), in light and dark schemes;
- the glossary tooltip stays while the pointer moves onto it (WCAG 1.4.13)
  and Escape dismisses it;
- a chapter seeks the episode's player;
- the language switch turns the interface to English and back, remembered.

Uses /usr/bin/chromium like tests/test_glossary_browser.py; fails, never
skips, when it cannot start.
"""

from pathlib import Path

from django.core.management import call_command

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.test_glossary_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Media served by Django: images and the player's audio load.
    pytest.mark.urls("tests.urls_media"),
]

AXE = Path(__file__).parent / "fixtures" / "axe" / "axe.min.js"
SEED = "/articles/former-son-ecosysteme-au-dela-de-ses-salaries/"
EPISODE = "/podcast/former-son-ecosysteme/"

# One page of each kind readers can reach.
PUBLIC_PAGES = {
    "home": "/",
    "article index": "/articles/",
    "article index, filtered": "/articles/?category=strategie",
    "seed article (audio bar, event)": SEED,
    "article with an episode block": (
        "/articles/formation-des-revendeurs-sortir-du-catalogue-pdf/"
    ),
    "contributor": "/articles/contributors/claire-morvan/",
    "glossary index": "/glossaire/",
    "glossary search": "/glossaire/?q=lead",
    "glossary entry": "/glossaire/ecosysteme-de-partenaires/",
    "podcast show": "/podcast/",
    "podcast episode": EPISODE,
    "player window": EPISODE + "player/",
    "tag index": "/tags/",
    "tag page": "/tags/formation/",
    "search": "/search/?q=partenaires",
    "not found": "/nulle-part/",
    "newsletter page": "/lettre/",
    "newsletter sign-up form": "/newsletter/subscribe/",
    "standard page with the sign-up block": "/a-propos/",
}
WIDTHS = (390, 1280)
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def demo(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_publication", verbosity=0)
    return live_server.url


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def preferences_url(demo):
    """A demo subscriber's preferences page (a signed link from the e-mails),
    read before playwright's event loop runs (no ORM inside it)."""
    from django.urls import reverse

    from newsletter import tokens
    from newsletter.models import Subscription

    subscription = Subscription.objects.get(contact__email="seo@example.com")
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    return reverse("newsletter:preferences", args=[token])


def test_no_accessibility_violation_on_any_public_page(demo, preferences_url, browser):
    # Every page carries the footer's sign-up form.
    pages = {**PUBLIC_PAGES, "newsletter preferences": preferences_url}
    violations = {}
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                color_scheme=scheme,
                locale="fr-FR",
            )
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            for name, url in pages.items():
                response = page.goto(demo + url)
                expected = 404 if name == "not found" else 200
                assert response.status == expected, (name, response.status)
                found = page.evaluate(RUN_AXE)
                if found:
                    violations[f"{name} at {width} px, {scheme}"] = found
            context.close()
    assert violations == {}


def test_glossary_tooltip_stays_while_hovered_and_escape_dismisses_it(demo, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.goto(demo + SEED)
    term = page.locator(".article__body a.glossary-term").first
    tooltip = page.locator("#glossary-tooltip")
    term.scroll_into_view_if_needed()
    term.hover()
    expect(tooltip).to_be_visible()
    # Across the gap and onto the tooltip: it stays (WCAG 1.4.13, hoverable).
    box = tooltip.bounding_box()
    term_box = term.bounding_box()
    page.mouse.move(term_box["x"] + 2, term_box["y"] + term_box["height"] + 3)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(600)
    expect(tooltip).to_be_visible()
    # Escape dismisses it without moving the pointer.
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    # Leaving both hides it.
    term.hover()
    expect(tooltip).to_be_visible()
    page.mouse.move(5, 5)
    expect(tooltip).to_be_hidden()


def wait_until(page, predicate, timeout=10_000):
    """Poll ``predicate`` (a JS function) through the DevTools protocol: the
    site's CSP forbids the eval that ``page.wait_for_function`` uses."""
    for _ in range(timeout // 100):
        if page.evaluate(predicate):
            return
        page.wait_for_timeout(100)
    pytest.fail(f"never true: {predicate}")


def test_a_chapter_seeks_the_player(demo, browser):
    page = browser.new_page(viewport={"width": 390, "height": 900}, locale="fr-FR")
    page.goto(demo + EPISODE)
    wait_until(page, "() => document.querySelector('.player__audio').readyState >= 1")
    page.locator(".episode__chapters a[data-seek='10']").click()
    wait_until(page, "() => document.querySelector('.player__audio').currentTime >= 10")
    assert page.url == demo + EPISODE  # the page stayed: the player sought


def test_the_reader_switches_the_interface_language(demo, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.goto(demo + SEED)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator(".language-switch a[lang=en]").click()
    page.wait_for_url(demo + SEED)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1.article__title").get_attribute("lang") == "fr"
    # Remembered on the next page.
    page.goto(demo + "/glossaire/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator(".language-switch a[aria-current]")).to_have_text("English")
    page.locator(".language-switch a[lang=fr]").click()
    page.wait_for_url(demo + "/glossaire/")
    assert page.locator("html").get_attribute("lang") == "fr"


CARD_PICTURES = """() => [...document.querySelectorAll('.card .card__image img')].map((img) => {
  const frame = img.parentElement.getBoundingClientRect();
  const shown = img.getBoundingClientRect();
  return {
    type: img.closest('.card').dataset.contentType,
    loaded: img.complete && img.naturalWidth > 0,
    // The ratio of what is drawn against the file's: equal when nothing is cropped.
    natural: img.naturalWidth / img.naturalHeight,
    drawn: shown.width / shown.height,
    fit: getComputedStyle(img).objectFit,
    inside: shown.left >= frame.left - 0.5 && shown.right <= frame.right + 0.5
      && shown.top >= frame.top - 0.5 && shown.bottom <= frame.bottom + 0.5,
  };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_square_podcast_artwork_is_shown_whole_on_cards(demo, browser, width):
    """The episode cards cropped the show's square artwork to 16:9 (its
    "Pressroom" caption was cut): it is shown whole on a tinted tile."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="fr-FR")
    page.goto(demo + "/")
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]')"
        ".forEach((img) => { img.loading = 'eager'; })"
    )
    wait_until(
        page,
        "() => [...document.querySelectorAll('.card__image img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)",
    )
    pictures = page.evaluate(CARD_PICTURES)
    episodes = [p for p in pictures if p["type"] == "podcasts.PodcastEpisodePage"]
    assert episodes
    for picture in episodes:
        assert picture["natural"] == pytest.approx(1, abs=0.02), picture
        assert picture["drawn"] == pytest.approx(1, abs=0.02), picture
        assert picture["fit"] == "contain" and picture["inside"], picture
    # Articles' landscape illustrations still fill their 16:9 frame.
    articles = [p for p in pictures if p["type"] == "articles.ArticlePage"]
    assert articles
    for picture in articles:
        assert picture["drawn"] == pytest.approx(16 / 9, abs=0.05), picture
    page.close()
