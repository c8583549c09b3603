"""In a real browser (headless Debian Chromium, playwright) on the demo
publication: a reader registers for the demo webinar and downloads the demo
white paper; the demo's administrator (the editor does not see contact
data) exports the registrations as CSV."""

from django.core.management import call_command

import pytest
from playwright.sync_api import sync_playwright

from leads.models import Registration
from site_config.demo.accounts import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.test_glossary_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reader_registers_and_downloads_then_editor_exports(live_server, settings):
    call_command("load_demo_publication", "--articles", "0", verbosity=0)
    from articles.models import ArticlePage
    from leads.models import ResourcePage
    from site_config.demo.leads import EVENT_SLUG, WHITE_PAPER_SLUG

    # The demo's site answers on any host (the live server's port included):
    # the pages' paths within it.
    event_url = (
        live_server.url + ArticlePage.objects.get(slug=EVENT_SLUG).get_url_parts()[2]
    )
    paper_url = (
        live_server.url
        + ResourcePage.objects.get(slug=WHITE_PAPER_SLUG).get_url_parts()[2]
    )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            reader = browser.new_context(
                accept_downloads=True, locale="fr-FR"
            ).new_page()
            response = reader.goto(event_url)
            assert response.status == 200, (event_url, reader.content()[:2000])
            form = reader.locator(".block-event form")
            form.get_by_label("Nom complet").fill("Anne Roux")
            form.get_by_label("Adresse e-mail professionnelle").fill("anne@example.com")
            form.get_by_label("Entreprise").fill("Acme")
            form.get_by_label("Fonction").fill("CMO")
            form.locator("button[type=submit]").click()
            reader.wait_for_selector("text=Vous êtes inscrit")

            reader.goto(paper_url)
            reader.get_by_label("Nom complet").fill("Anne Roux")
            reader.get_by_label("Adresse e-mail professionnelle").fill(
                "anne@example.com"
            )
            reader.get_by_label("Entreprise").fill("Acme")
            reader.get_by_label("Fonction").fill("CMO")
            reader.get_by_role(
                "button", name="Recevoir le lien de téléchargement"
            ).click()
            with reader.expect_download() as download:
                reader.get_by_role("link", name="Télécharger").click()
            with open(download.value.path(), "rb") as file:
                assert file.read().startswith(b"%PDF-")
            # Returning: the link straight away, no form.
            reader.goto(paper_url)
            assert reader.get_by_role("link", name="Télécharger").is_visible()

            # Contact data needs contacts.view_contact_data, which the demo's
            # "Rédaction" group does not hold: its administrator exports.
            editor = browser.new_context(
                accept_downloads=True, locale="fr-FR"
            ).new_page()
            editor.goto(live_server.url + "/admin/login/")
            editor.fill("input[name=username]", ADMIN_USERNAME)
            editor.fill("input[name=password]", ADMIN_PASSWORD)
            editor.locator("button[type=submit]").first.click()
            editor.wait_for_url("**/admin/")
            editor.goto(live_server.url + "/admin/leads/registration/")
            assert editor.get_by_text("anne@example.com").first.is_visible()
            # The listing's CSV export, fetched with the editor's session.
            csv = editor.evaluate(
                "fetch('/admin/leads/registration/?export=csv').then(r => r.text())"
            )
            assert "anne@example.com" in csv
        finally:
            browser.close()
    # The database, once the browser's event loop is gone (the ORM refuses
    # to run inside it).
    assert Registration.objects.get().status == "confirmed"
