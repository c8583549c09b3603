"""The editor's day in a real browser (headless Debian Chromium, playwright),
against the embedded set-up as `make run` serves it: a SQLite file, Django's
threaded server, the demo publication, logged in as the demo editor (the
"Rédaction" role, not a superuser), in French.

The server runs in its own process on its own SQLite file, as in `make run`:
the autosave of a new page and the editor's Publish are two requests writing
at the same moment, which an in-memory test database shared by threads would
never show. Fails, never skips, when Chromium cannot start.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from site_config.demo.accounts import EDITOR_PASSWORD, EDITOR_USERNAME
from tests.test_glossary_browser import CHROMIUM, CHROMIUM_ARGS

# The machine may be busy (CI runs several suites): a preview or a publish
# may take more than playwright's default 5 seconds.
expect.set_options(timeout=30_000)

ROOT = Path(__file__).resolve().parent.parent
AUDIO = ROOT / "site_config" / "demo" / "audio" / "episode-1.mp3"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedSite:
    def __init__(self, root):
        self.root = root
        self.database = root / "db.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(root / "media"),
            "BASE_URL": self.url,
        }
        # The embedded set-up: no Redis, whatever the suite runs on.
        self.env.pop("REDIS_URL", None)

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def query(self, sql, *params):
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = EmbeddedSite(tmp_path_factory.mktemp("embedded-site"))
    site.manage("migrate", "--noinput")
    site.manage("load_demo_publication")
    log = open(site.root / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{site.port}",
            "--noreload",
        ],
        cwd=ROOT,
        env=site.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # A busy machine (CI runs several suites at once) may take a minute
        # to import and check the project: wait for the server as long as it
        # runs, and say why when it stops.
        deadline = time.monotonic() + 180
        while True:
            if server.poll() is not None:
                log.flush()
                pytest.fail(
                    "the embedded site stopped:\n"
                    + (site.root / "server.log").read_text()[-3000:]
                )
            try:
                urllib.request.urlopen(site.url + "/admin/login/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the embedded site did not start in 3 minutes")
                time.sleep(0.2)
        yield site
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
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
def editor(site, browser):
    """A browser page logged in as the demo editor, in French."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", EDITOR_USERNAME)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/admin/")
    yield page
    context.close()


def page_id(site, model):
    """The id of the demo's one page of this type (a section)."""
    app_label, model_name = model.split(".")
    return site.query(
        "select p.id from wagtailcore_page p join django_content_type t "
        "on t.id = p.content_type_id where t.app_label = ? and t.model = ?",
        app_label,
        model_name,
    )[0][0]


def pages_titled(site, title):
    return site.query(
        "select id, slug, live, has_unpublished_changes from wagtailcore_page "
        "where title = ?",
        title,
    )


def type_into(page, selector, text):
    """Types as an editor does, key by key (autosave listens to input)."""
    page.click(selector)
    page.keyboard.type(text, delay=15)


def publish(page):
    page.click("footer .w-dropdown__toggle")
    page.click("button[name='action-publish']")


def choose_first_audio(page):
    page.get_by_role("button", name="Choisir fichier audio").click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    expect(page.locator(".modal")).to_be_hidden()


def test_publish_seconds_after_the_autosave(site, editor):
    """The issue's case: a new episode's title typed, its autosave on its way,
    Publish pressed at once. One page comes out, published, with everything
    typed, an ASCII slug, and no draft left behind; never "database is
    locked" nor "slug already used"."""
    title = "Épisode publié pendant l’autosauvegarde"
    show = page_id(site, "podcasts.podcastshowpage")
    editor.goto(f"{site.url}/admin/pages/add/podcasts/podcastepisodepage/{show}/")
    type_into(editor, "#id_title", title)
    choose_first_audio(editor)
    with editor.expect_request(
        lambda request: request.method == "POST" and "/pages/add/" in request.url,
        timeout=20000,
    ):
        type_into(editor, "#id_summary", "Le résumé tapé avant la publication.")
    # The autosave is on its way: Publish now.
    publish(editor)
    expect(editor.locator(".messages")).to_contain_text("publiée")
    assert "est déjà utilisé" not in editor.content()

    rows = pages_titled(site, title)
    assert len(rows) == 1, rows
    page_pk, slug, live, _changes = rows[0]
    assert live == 1
    assert slug == "episode-publie-pendant-lautosauvegarde"
    summary = site.query(
        "select summary from podcasts_podcastepisodepage where page_ptr_id = ?",
        page_pk,
    )[0][0]
    assert summary == "Le résumé tapé avant la publication."
    assert b"database is locked" not in (site.root / "server.log").read_bytes()


def test_create_and_publish_an_article_with_a_glossary_term(site, editor):
    """The "Terme du glossaire" button links a selection to an entry chosen by
    one of its alternative forms; a selection inside a word ("2B" of "B2B")
    is widened to the word."""
    title = "Le B2B expliqué aux équipes"
    index = page_id(site, "articles.articleindexpage")
    editor.goto(f"{site.url}/admin/pages/add/articles/articlepage/{index}/")
    editor.fill("#id_title", title)
    editor.locator("[data-contentpath=body] .c-sf-add-button").first.click()
    editor.get_by_role("option", name="Paragraphe").click()
    text_box = editor.locator(
        "[data-contentpath=body] .Draftail-Editor [contenteditable=true]"
    ).first
    text_box.click()
    editor.keyboard.type("Vendre en B2B demande de la patience.")
    # On a busy machine the editor may still be rendering what was typed:
    # move the caret only once the text is all there, and go on once "2B"
    # is what is selected.
    expect(text_box).to_have_text("Vendre en B2B demande de la patience.")
    for _key in " demande de la patience.":
        editor.keyboard.press("ArrowLeft")
    editor.keyboard.press("Shift+ArrowLeft")
    editor.keyboard.press("Shift+ArrowLeft")
    editor.wait_for_function("() => window.getSelection().toString() === '2B'")
    button = editor.locator("[data-contentpath=body] button[name=GLOSSARY]").first
    # Its own icon, not the bulleted list's.
    expect(button.locator("use")).to_have_attribute("href", "#icon-glossary-term")
    button.click()
    modal = editor.locator(".modal")
    modal.get_by_role("textbox").first.fill("btob")
    # Entries are told apart by their definition and alternative forms.
    expect(modal.locator("table")).to_contain_text("business to business")
    expect(modal.locator("table")).to_contain_text("BtoB ou B2B ?")
    modal.locator("a[data-chooser-modal-choice]").first.click()
    expect(text_box.locator(".glossary-term-entity")).to_have_text("B2B")
    # Draftail writes its state into the form's field a moment after a change
    # (its save interval): publish once the field holds the link, not before.
    expect(editor.locator("input[name='body-0-value']")).to_have_value(
        re.compile("GLOSSARY")
    )
    publish(editor)
    expect(editor.locator(".messages")).to_contain_text("publiée")

    rows = pages_titled(site, title)
    assert len(rows) == 1 and rows[0][2] == 1, rows
    assert rows[0][1] == "le-b2b-explique-aux-equipes"
    body = site.query(
        "select body from articles_articlepage where page_ptr_id = ?", rows[0][0]
    )[0][0]
    assert 'linktype=\\"glossary\\"' in body
    assert ">B2B</a> demande" in body


def test_upload_audio_through_the_chooser_and_publish_an_episode(site, editor):
    """The audio chooser searches recordings and uploads one; its title comes
    from the file (here its name: the demo files carry no title tag)."""
    title = "Un épisode au son tout neuf"
    show = page_id(site, "podcasts.podcastshowpage")
    editor.goto(f"{site.url}/admin/pages/add/podcasts/podcastepisodepage/{show}/")
    editor.fill("#id_title", title)
    editor.get_by_role("button", name="Choisir fichier audio").click()
    modal = editor.locator(".modal")
    modal.get_by_role("textbox").first.fill("épisode 2")
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    # Length and size tell recordings apart (the demo's episodes, looped to a
    # realistic length, weigh megabytes: "12:32 … 2,2 Mo").
    expect(modal.locator("table")).to_contain_text(
        re.compile(r"\d:\d\d[\s\S]*\d,\d\s[kMG]o")
    )
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator("input[type=file]").set_input_files(AUDIO)
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    expect(modal).to_be_hidden()
    expect(editor.locator("[data-contentpath=audio]")).to_contain_text("episode 1")
    publish(editor)
    expect(editor.locator(".messages")).to_contain_text("publiée")

    rows = pages_titled(site, title)
    assert len(rows) == 1 and rows[0][2] == 1, rows
    audio = site.query(
        "select a.title, a.duration_seconds, a.mime_type from podcasts_audiofile a "
        "join podcasts_podcastepisodepage e on e.audio_id = a.id "
        "where e.page_ptr_id = ?",
        rows[0][0],
    )
    assert audio == [("episode 1", audio[0][1], "audio/mpeg")]
    assert audio[0][1] > 0


def test_create_and_publish_a_glossary_entry(site, editor):
    glossary = page_id(site, "glossary.glossaryindexpage")
    editor.goto(f"{site.url}/admin/pages/add/glossary/glossaryentrypage/{glossary}/")
    editor.fill("#id_title", "Écosystème partenaire")
    editor.fill("#id_short_definition", "Les partenaires qui vendent avec vous.")
    publish(editor)
    expect(editor.locator(".messages")).to_contain_text("publiée")
    rows = pages_titled(site, "Écosystème partenaire")
    assert len(rows) == 1 and rows[0][2] == 1, rows
    assert rows[0][1] == "ecosysteme-partenaire"


def test_preview_shows_the_site_design_first(site, editor):
    """Preview opens the draft in the site's own design; the headless front
    end (configured here, as `make run` does) is the second mode."""
    article = site.query(
        "select id from wagtailcore_page where live and url_path like '%/articles/%' "
        "and depth = 4 order by id limit 1"
    )[0][0]
    editor.goto(f"{site.url}/admin/pages/{article}/edit/")
    editor.fill("#id_title", "Un titre en cours d’écriture")
    editor.locator("[data-side-panel-toggle=preview]").click()
    frame = editor.frame_locator("#w-preview-iframe")
    expect(frame.locator("h1")).to_have_text("Un titre en cours d’écriture")
    # The site's own design: its stylesheet and header, not a test page.
    expect(frame.locator("header[role=banner], body > header").first).to_be_visible()
    modes = editor.locator("select[name=preview-mode] option, #id_preview_mode option")
    expect(modes.first).to_have_attribute("value", "")
    expect(modes.nth(1)).to_have_attribute("value", "headless")


LAYOUT = """() => {
  const box = (el) => el && el.getBoundingClientRect();
  const filters = box(document.querySelector('.changelist-filter'));
  const list = document.querySelector('.result-list');
  const table = box(document.querySelector('.result-list .listing'));
  const overlap = filters && table
    ? Math.max(0, Math.min(filters.right, table.right) - Math.max(filters.left, table.left))
      * Math.max(0, Math.min(filters.bottom, table.bottom) - Math.max(filters.top, table.top))
    : -1;
  const rows = [...document.querySelectorAll('.listing tbody tr')].map((tr) => {
    const title = box(tr.querySelector('td.field-title .title-wrapper a'));
    const buttons = [...tr.querySelectorAll('td.field-title ul.actions li')].map(box);
    return {
      offset: buttons.length ? Math.abs(buttons[0].left - title.left) : 0,
      below: buttons.every((b) => b.top >= title.bottom - 1),
    };
  });
  return {
    overlap,
    overflow: list.scrollWidth - list.clientWidth,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    rows,
  };
}"""

FOOTER = """() => {
  const save = document.querySelector('footer .w-dropdown-button > button[type=submit]');
  const toggle = document.querySelector('footer .w-dropdown-button .w-dropdown__toggle');
  const [a, b] = [save.getBoundingClientRect(), toggle.getBoundingClientRect()];
  return {
    top: Math.abs(a.top - b.top), height: Math.abs(a.height - b.height),
    gap: b.left - a.right, inside: b.right <= document.documentElement.clientWidth,
  };
}"""


def test_listings_and_draft_button_rows_at_desktop_and_phone_widths(site, editor):
    """With a draft on an article, a glossary entry and an episode: each
    listing's table never runs under its filters (it did at 1280 px), fits
    the screen at 1280 px, and every row's buttons start under its title
    (they were floated to the cell's end); each draft's edit view has its
    Save and More actions buttons on one row, inside the screen."""
    listings = {}
    for model in (
        "articles.articlepage",
        "glossary.glossaryentrypage",
        "podcasts.podcastepisodepage",
    ):
        app_label, model_name = model.split(".")
        pk = site.query(
            "select p.id from wagtailcore_page p join django_content_type t "
            "on t.id = p.content_type_id where t.app_label = ? and t.model = ? "
            "and p.live order by p.id limit 1",
            app_label,
            model_name,
        )[0][0]
        editor.set_viewport_size({"width": 1280, "height": 900})
        editor.goto(f"{site.url}/admin/pages/{pk}/edit/")
        editor.fill("#id_title", "Un brouillon en cours")
        editor.locator("footer button.action-save").click()
        expect(editor.locator(".messages")).to_be_visible()
        assert site.query(
            "select has_unpublished_changes from wagtailcore_page where id = ?", pk
        ) == [(1,)]
        listings[model] = f"{site.url}/admin/{app_label}/{model_name}/"
        for width in (1280, 390):
            editor.set_viewport_size({"width": width, "height": 900})
            editor.goto(f"{site.url}/admin/pages/{pk}/edit/")
            editor.locator("footer").scroll_into_view_if_needed()
            footer = editor.evaluate(FOOTER)
            assert footer["top"] <= 1 and footer["height"] <= 1, (model, width, footer)
            assert 0 <= footer["gap"] <= 2 and footer["inside"], (model, width, footer)
    for model, url in listings.items():
        for width in (1280, 390):
            editor.set_viewport_size({"width": width, "height": 900})
            editor.goto(url)
            layout = editor.evaluate(LAYOUT)
            assert layout["overlap"] == 0, (model, width, layout)
            assert layout["page"] <= 0, (model, width, layout)
            if width == 1280:
                assert layout["overflow"] <= 1, (model, width, layout)
            assert layout["rows"], (model, width)
            for row in layout["rows"]:
                assert row["offset"] <= 1 and row["below"], (model, width, layout)


# -- Each remaining page type, created and published by the editor ----------
#
# The "Rédaction" editor adds each page type the home page accepts besides
# the sections the demo already has; an anonymous reader then gets the
# published page (200) with what was typed.


def home_id(site):
    return page_id(site, "site_config.homepage")


def public_path(site, title):
    """The reader's path of the page titled ``title`` (the demo's site root is
    the home page, whose own path the public URL leaves out)."""
    home_path = site.query(
        "select url_path from wagtailcore_page where id = ?", home_id(site)
    )[0][0]
    url_path = site.query(
        "select url_path from wagtailcore_page where title = ?", title
    )[0][0]
    return "/" + url_path[len(home_path) :]


def read_as_anonymous(site, path):
    """The public page as a reader without a session gets it."""
    with urllib.request.urlopen(site.url + path, timeout=30) as response:
        return response.status, response.read().decode()


def add_page(editor, site, model):
    editor.goto(f"{site.url}/admin/pages/add/{model}/{home_id(site)}/")


def published(editor, site, title):
    """Publishes the page being edited; returns its reader's path once
    Wagtail says it is published and the database holds one live page."""
    publish(editor)
    expect(editor.locator(".messages")).to_contain_text("publiée")
    rows = pages_titled(site, title)
    assert len(rows) == 1 and rows[0][2] == 1, rows
    return public_path(site, title)


def type_rich_text(editor, contentpath, text):
    """Types into a Draftail field and waits until the form holds it (Draftail
    writes its state into the hidden input a moment after a change)."""
    box = editor.locator(
        f"[data-contentpath={contentpath}] .Draftail-Editor [contenteditable=true]"
    ).first
    box.click()
    editor.keyboard.type(text, delay=5)
    expect(box).to_have_text(text)


def test_create_and_publish_a_podcast_show(site, editor):
    title = "Le podcast des équipes commerciales"
    description = "Une émission pour les vendeurs qui travaillent avec le marketing."
    add_page(editor, site, "podcasts/podcastshowpage")
    editor.fill("#id_title", title)
    editor.fill("#id_description", description)
    # The directories' fields (Apple Podcasts categories, type) are on the
    # show's third tab.
    editor.get_by_role("tab", name="Paramètres").click()
    editor.select_option("#id_primary_category", index=1)
    editor.select_option("#id_show_type", index=1)
    path = published(editor, site, title)
    assert path == "/le-podcast-des-equipes-commerciales/"

    status, body = read_as_anonymous(site, path)
    assert status == 200
    assert title in body and description in body
    # Its feed is up at once, for the podcast apps.
    status, feed = read_as_anonymous(site, path + "feed/")
    assert status == 200 and f"<title>{title}</title>" in feed


def test_create_and_publish_a_standard_page(site, editor):
    title = "Mentions pour les partenaires"
    text = "Les partenaires signent une charte avant toute publication commune."
    add_page(editor, site, "site_config/standardpage")
    editor.fill("#id_title", title)
    editor.locator("[data-contentpath=body] .c-sf-add-button").first.click()
    editor.get_by_role("option", name="Paragraphe").click()
    type_rich_text(editor, "body", text)
    expect(editor.locator("input[name='body-0-value']")).to_have_value(
        re.compile("charte avant toute publication")
    )
    path = published(editor, site, title)

    status, body = read_as_anonymous(site, path)
    assert status == 200
    assert title in body and text in body


def test_create_and_publish_an_event_page(site, editor):
    title = "Atelier ABM pour les équipes régionales"
    description = "Deux heures pour construire une liste de comptes cibles."
    add_page(editor, site, "leads/eventpage")
    editor.fill("#id_title", title)
    editor.fill("#id_starts_at", "2031-03-18 09:30")
    editor.fill("#id_ends_at", "2031-03-18 11:30")
    editor.keyboard.press("Escape")
    editor.fill("#id_place", "Lyon, salle Confluence")
    type_rich_text(editor, "description", description)
    expect(editor.locator("input[name='description']")).to_have_value(
        re.compile("liste de comptes cibles")
    )
    editor.check("#id_registration_open")
    path = published(editor, site, title)

    status, body = read_as_anonymous(site, path)
    assert status == 200
    assert title in body and description in body
    assert "Lyon, salle Confluence" in body
    # Registration is open: the reader gets the form.
    assert 'type="email"' in body


def test_create_and_publish_a_gated_resource_page(site, editor):
    title = "Guide des comptes stratégiques"
    intro = "Le guide pour choisir et suivre vos comptes stratégiques."
    add_page(editor, site, "leads/resourcepage")
    editor.fill("#id_title", title)
    type_rich_text(editor, "intro", intro)
    expect(editor.locator("input[name='intro']")).to_have_value(
        re.compile("suivre vos comptes")
    )
    editor.get_by_role("button", name="Choisir un document").click()
    editor.locator(".modal a[data-chooser-modal-choice]").first.click()
    expect(editor.locator(".modal")).to_be_hidden()
    path = published(editor, site, title)

    status, body = read_as_anonymous(site, path)
    assert status == 200
    assert title in body and intro in body
    # The document is behind the form, not linked from the page.
    assert 'type="email"' in body
    assert "/documents/" not in body


def test_create_and_publish_a_newsletter_page(site, editor):
    title = "La lettre des équipes marketing"
    intro = "Chaque lundi, les articles et les épisodes de la semaine."
    add_page(editor, site, "newsletter/newsletterpage")
    editor.fill("#id_title", title)
    type_rich_text(editor, "intro", intro)
    expect(editor.locator("input[name='intro']")).to_have_value(
        re.compile("les articles et les")
    )
    path = published(editor, site, title)

    status, body = read_as_anonymous(site, path)
    assert status == 200
    assert title in body and intro in body
    assert 'type="email"' in body


def test_the_editor_is_offered_only_the_page_types_a_home_takes(site, editor):
    """The home page's "add child page" lists each type once, in French; a
    leaf page (an event, a resource, the newsletter page) offers none."""
    editor.goto(f"{site.url}/admin/pages/{home_id(site)}/add_subpage/")
    offered = editor.locator("main a[href*='/admin/pages/add/']").all_inner_texts()
    assert sorted(offered) == sorted(
        {
            "Index des articles",
            "Glossaire",
            "Émission de podcast",
            "Page standard",
            "Page d’événement",
            "Ressource à télécharger",
            "Page d’inscription à la lettre",
        }
    ), offered
    resource = page_id(site, "leads.resourcepage")
    editor.goto(f"{site.url}/admin/pages/{resource}/add_subpage/")
    assert editor.locator("main a[href*='/admin/pages/add/']").count() == 0
