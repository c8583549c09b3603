"""In a real browser (headless Debian Chromium, driven by playwright): an
editor presses Preview and sees the draft in the example headless front end,
which reads it from /api/v3/preview/ with the token the admin handed it.

Uses /usr/bin/chromium like tests/test_glossary_browser.py; fails, never
skips, when the browser cannot start.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import ArticlePageFactory
from tests.factories_glossary import paragraph
from tests.test_api_preview import (
    DRAFT_PARAGRAPH,
    DRAFT_TITLE,
    PUBLISHED_TITLE,
    edit_form,
)
from tests.test_glossary_browser import CHROMIUM, CHROMIUM_ARGS

# serialized_rollback: the migrations' data (the default locale, the Editors
# group) comes back after an earlier transactional test flushed it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXAMPLE = "/static/headless_preview_example/index.html"


def test_editor_sees_the_draft_in_the_front_end(
    live_server, settings_override, article_index, django_user_model
):
    settings_override(f"{live_server.url}{EXAMPLE}")
    article = ArticlePageFactory(
        parent=article_index,
        title=PUBLISHED_TITLE,
        body=[paragraph("<p>Le paragraphe publié.</p>")],
    )
    picked = ArticlePageFactory(parent=article_index, title="Lecture conseillée")
    editor = django_user_model.objects.create_user(username="redaction", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    # The edit form's changes, as the admin's preview panel posts them.
    response = client.post(preview_url, edit_form(article, picked))
    assert response.json()["is_valid"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context()
            # The editor's admin session, in the browser.
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
            page = context.new_page()
            page.goto(live_server.url + preview_url + "?mode=headless")
            # The admin's preview frames the front end, which fetched the draft.
            front_end = page.frame_locator("iframe")
            expect(front_end.locator("h1")).to_have_text(DRAFT_TITLE)
            expect(front_end.locator(".preview-paragraph")).to_have_text(
                DRAFT_PARAGRAPH
            )
            expect(front_end.locator(".preview-see-also li").first).to_have_text(
                picked.title
            )

            # Opened without a token, the front end says what to do instead
            # of showing anything.
            page.goto(live_server.url + EXAMPLE)
            expect(page.locator(".preview-error")).to_be_visible()
            expect(page.locator("h1")).to_have_count(0)
        finally:
            browser.close()


@pytest.fixture
def settings_override(settings):
    def configure(client_url):
        settings.WAGTAIL_HEADLESS_PREVIEW = {
            "CLIENT_URLS": {"default": client_url},
            "ENFORCE_TRAILING_SLASH": False,
        }

    return configure
