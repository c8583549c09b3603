"""In a real browser (headless Debian Chromium, driven by playwright): a reader
tabs to a glossary term, sees its tooltip on screen, and Escape hides it.

Uses /usr/bin/chromium (CI installs Debian's package when it is missing); the
test fails, never skips, when the browser cannot start.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory
from tests.factories_glossary import entry, paragraph, term

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# serialized_rollback: like every transactional (live server) test, it gets the
# migrations' data back (root page, default locale, Editors group) whatever
# transactional test flushed the database before it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_keyboard_reader_sees_the_tooltip(
    live_server, article_index, glossary_index, show
):
    b2b = entry(glossary_index, "B2B", "BtoB", definition="BtoB ou B2B ?")
    article = ArticlePageFactory(
        parent=article_index,
        body=[paragraph(f"<p>Former son écosystème {term(b2b)} au-delà.</p>")],
    )
    episode = PodcastEpisodePageFactory(
        parent=show, show_notes=f"<p>Le {term(b2b, 'BtoB')} en bref.</p>"
    )
    # Page URLs read the database: outside playwright's event loop, where
    # Django refuses synchronous queries.
    url = live_server.url + article.url
    episode_url = live_server.url + episode.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 420, "height": 800})
            page.goto(url)
            link = page.locator("a.glossary-term")
            tooltip = page.locator("#glossary-tooltip")
            assert tooltip.is_hidden()

            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate(
                    "document.activeElement.classList.contains('glossary-term')"
                ):
                    break
            else:
                pytest.fail("Tab never reached the glossary term")

            assert tooltip.is_visible()
            assert tooltip.inner_text() == "BtoB ou B2B\u202f?"
            assert tooltip.get_attribute("role") == "tooltip"
            # Announced: the link is described by the entry's definition.
            described = link.get_attribute("aria-describedby")
            assert page.locator(f"#{described}").text_content() == "BtoB ou B2B\u202f?"
            # Kept on screen.
            box = tooltip.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 420

            page.keyboard.press("Escape")
            assert tooltip.is_hidden()
            assert page.evaluate(
                "document.activeElement.classList.contains('glossary-term')"
            )
            link.hover()
            assert tooltip.is_visible()

            # Rich text outside a stream (show notes) gets the same tooltip.
            page.goto(episode_url)
            notes_link = page.locator(".episode__notes a.glossary-term")
            notes_link.focus()
            assert tooltip.is_visible()
            assert tooltip.inner_text() == "BtoB ou B2B\u202f?"
            described = notes_link.get_attribute("aria-describedby")
            assert page.locator(f"#{described}").text_content() == "BtoB ou B2B\u202f?"
            assert notes_link.get_attribute("title") is None
        finally:
            browser.close()
