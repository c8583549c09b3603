"""What editors meet in the admin, through Django's test client: SQLite that
survives two writers, a Publish posted after the autosave, ASCII slugs, the
demo's editor role, the audio chooser's search and upload, readable listings,
the glossary chooser and letter filter, and the dashboard panels."""

import threading

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.panels import InlinePanel
from wagtail.models import GroupPagePermission, Page, get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup
from mutagen.easyid3 import EasyID3

from editorial.panels import WordedInlinePanel
from glossary.models import GlossaryEntryPage
from podcasts.forms import AudioFileUploadForm
from podcasts.models import AudioFile, PodcastEpisodePage
from site_config.settings.base import SQLITE_OPTIONS
from tests.factories import (
    ArticlePageFactory,
    AudioFileFactory,
    PodcastEpisodePageFactory,
)
from tests.factories_articles import CategoryFactory
from tests.factories_glossary import entry
from tests.factories_podcasts import encode_audio, fixed_audio

pytestmark = pytest.mark.django_db


# -- SQLite: two writers --------------------------------------------------------------


def two_connections(path, options):
    settings = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": options,
    }
    handler = ConnectionHandler(
        {"default": dict(settings), "writer": dict(settings), "reader": dict(settings)}
    )
    writer, reader = handler["writer"], handler["reader"]
    # The writer is used from a thread of its own.
    writer.inc_thread_sharing()
    return writer, reader


def begin(connection):
    """BEGIN as ``transaction.atomic`` starts it on this connection (with the
    OPTIONS' transaction_mode)."""
    connection.ensure_connection()
    connection._start_transaction_under_autocommit()


def read_then_write_while_another_writes(path, options):
    """One connection writes and holds its transaction; the other reads, then
    writes, as a publish does after the autosave began. Returns the error the
    second one got, or None."""
    writer, other = two_connections(path, options)
    with writer.cursor() as cursor:
        cursor.execute("create table if not exists note (text varchar(20))")
    holding = threading.Event()
    other_read = threading.Event()

    def write():
        begin(writer)
        with writer.cursor() as cursor:
            cursor.execute("insert into note values ('autosave')")
            holding.set()
            # Commits once the other has read, or after a while: with BEGIN
            # IMMEDIATE the other waits for this commit before reading.
            other_read.wait(timeout=1)
            cursor.execute("commit")

    thread = threading.Thread(target=write)
    thread.start()
    holding.wait(timeout=10)
    error = None
    try:
        begin(other)
        with other.cursor() as cursor:
            cursor.execute("select count(*) from note")
            other_read.set()
            cursor.execute("insert into note values ('publish')")
            cursor.execute("commit")
    except OperationalError as exception:
        error = exception
    finally:
        other_read.set()
        thread.join()
        writer.close()
        other.close()
    return error


def test_sqlite_second_writer_waits_with_the_sites_options(tmp_path):
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert (
        read_then_write_while_another_writes(tmp_path / "db.sqlite3", SQLITE_OPTIONS)
        is None
    )
    writer, _other = two_connections(tmp_path / "db.sqlite3", SQLITE_OPTIONS)
    with writer.cursor() as cursor:
        cursor.execute("pragma journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("select count(*) from note")
        assert cursor.fetchone()[0] == 2  # nothing lost
    writer.close()


def test_sqlite_without_them_the_second_writer_fails(tmp_path):
    """The failure the options prevent: a deferred transaction that read
    before the other writer committed cannot write ("database is locked")."""
    options = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 2}
    error = read_then_write_while_another_writes(tmp_path / "db.sqlite3", options)
    assert error is not None and "locked" in str(error)


# -- Publish after autosave, failed publishes, slugs -----------------------------------


def glossary_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": extra.pop("slug", ""),
            "short_definition": "Une définition.",
            "publication_date": "2024-01-01",
            "tags": "",
            "explanation": streamfield([]),
            "alternative_forms": inline_formset([]),
            "sources": inline_formset([]),
            "related_entries": inline_formset([]),
            "see_also_items": inline_formset([]),
            **extra,
        }
    )


def add_entry_url(glossary_index):
    return reverse(
        "wagtailadmin_pages:add",
        args=("glossary", "glossaryentrypage", glossary_index.pk),
    )


def test_publish_posted_after_the_autosave_continues_its_draft(
    admin_client, glossary_index
):
    url = add_entry_url(glossary_index)
    data = glossary_form("Écosystème", slug="ecosysteme")
    autosave = admin_client.post(url, data, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and autosave.json()["success"]
    # The editor pressed Publish before the page switched to the edit form.
    data["short_definition"] = "Typé après l’autosauvegarde."
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    entries = GlossaryEntryPage.objects.filter(title="Écosystème")
    assert entries.count() == 1
    published = entries.get()
    assert published.live and published.slug == "ecosysteme"
    assert published.short_definition == "Typé après l’autosauvegarde."


def test_an_earlier_draft_of_someone_else_is_not_taken_over(
    admin_client, glossary_index, django_user_model
):
    other = django_user_model.objects.create_superuser("autre", "a@example.com", "x")
    draft = entry(glossary_index, "Écosystème", publish=False, slug="ecosysteme")
    draft.owner = other
    draft.save()
    response = admin_client.post(
        add_entry_url(glossary_index),
        {**glossary_form("Écosystème", slug="ecosysteme"), "action-publish": "1"},
    )
    # Wagtail's own answer: the slug is taken.
    assert response.status_code == 200
    assert not GlossaryEntryPage.objects.get(pk=draft.pk).live


def test_a_failed_publish_leaves_no_draft(glossary_index, admin_user, client):
    client.raise_request_exception = False
    client.force_login(admin_user)

    def failing_hook(request, page):
        raise RuntimeError("the search index is down")

    with hooks.register_temporarily("before_publish_page", failing_hook):
        response = client.post(
            add_entry_url(glossary_index),
            {**glossary_form("Churn", slug="churn"), "action-publish": "1"},
        )
    assert response.status_code == 500
    assert not GlossaryEntryPage.objects.filter(title="Churn").exists()


def test_slugs_are_ascii_unless_the_setting_says_otherwise(glossary_index, settings):
    page = GlossaryEntryPage(title="Épisode spécial", short_definition="x")
    glossary_index.add_child(instance=page)
    assert page.slug == "episode-special"
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    accented = GlossaryEntryPage(title="Écho lointain", short_definition="x")
    glossary_index.add_child(instance=accented)
    assert accented.slug == "écho-lointain"


# -- Demo accounts -----------------------------------------------------------------------


def test_demo_gives_an_editor_role_and_a_separate_administrator(client):
    from wagtail.models import Task, Workflow

    # An older demo named Wagtail's default workflow "Validation par la
    # rédaction" ("Soumettre à Validation par la rédaction"): a re-run renames it.
    Workflow.objects.filter(name="Moderators approval").update(
        name="Validation par la rédaction"
    )
    Task.objects.filter(name="Moderators approval").update(
        name="Validation par la rédaction"
    )
    # An older demo gave the group its page rights at the tree root.
    root = Page.get_first_root_node()
    group = Group.objects.create(name="Rédaction")
    GroupPagePermission.objects.create(
        group=group,
        page=root,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
    call_command("load_demo_publication", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    editor = users.get(username="editor")
    admin = users.get(username="admin")
    assert not editor.is_superuser and admin.is_superuser
    assert editor.groups.filter(name="Rédaction").exists()
    home = Page.objects.get(depth=2)
    article = Page.objects.filter(depth=4).live().first()
    assert article.permissions_for_user(editor).can_publish()
    assert home.permissions_for_user(editor).can_add_subpage()
    assert home.permissions_for_user(editor).can_edit()
    # Page rights on the home page, not the tree root: no second home page
    # or section beside the site, even for a database an older demo (rights
    # at the root) had set up; the re-run above took those back.
    root = Page.get_first_root_node()
    assert not root.permissions_for_user(editor).can_add_subpage()
    assert not GroupPagePermission.objects.filter(
        group__name="Rédaction", page=root
    ).exists()

    client.force_login(editor)
    add_at_root = client.get(reverse("wagtailadmin_pages:add_subpage", args=[root.pk]))
    assert add_at_root.status_code in (302, 403)
    assert (
        client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[home.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("wagtailsnippets_podcasts_audiofile:list")).status_code
        == 200
    )
    assert client.get(reverse("wagtailimages:index")).status_code == 200
    # No user or settings administration.
    for name in (
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailsites:index",
    ):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
    assert "/admin/users/" not in client.get(reverse("wagtailadmin_home")).text
    # Wagtail's default workflow is named in French, like the rest of the admin.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).text
    assert "Moderators approval" not in edit
    assert "Validation par la rédaction" not in edit
    assert "Soumettre à validation par la rédaction" in edit
    assert set(Workflow.objects.values_list("name", flat=True)) == {
        "validation par la rédaction"
    }
    assert set(Task.objects.values_list("name", flat=True)) == {
        "validation par la rédaction"
    }


# -- Audio files ---------------------------------------------------------------------------


def tagged_mp3(title):
    data = encode_audio("mp3", seconds=2)
    import io

    buffer = io.BytesIO(data)
    tags = EasyID3()
    tags["title"] = title
    tags.save(buffer)
    return buffer.getvalue()


def test_upload_title_comes_from_the_tags_then_the_file_name():
    form = AudioFileUploadForm(
        data={"title": ""},
        files={"file": ContentFile(tagged_mp3("Entretien avec Léa"), name="x.mp3")},
    )
    assert form.is_valid(), form.errors
    assert form.save().title == "Entretien avec Léa"
    form = AudioFileUploadForm(
        data={"title": ""},
        files={
            "file": ContentFile(encode_audio("mp3", 2), name="episode_12-final.mp3")
        },
    )
    assert form.is_valid(), form.errors
    assert form.save().title == "episode 12 final"
    form = AudioFileUploadForm(
        data={"title": "Mon titre"},
        files={"file": ContentFile(tagged_mp3("Tag"), name="x.mp3")},
    )
    assert form.is_valid() and form.save().title == "Mon titre"


def test_audio_chooser_searches_and_uploads(admin_client):
    AudioFileFactory(title="Entretien prospection")
    AudioFileFactory(title="Table ronde")
    choose = reverse("wagtailsnippetchoosers_podcasts_audiofile:choose_results")
    response = admin_client.get(choose, {"q": "PROSPECTION"})
    assert response.status_code == 200
    assert "Entretien prospection" in response.text
    assert "Table ronde" not in response.text
    assert admin_client.get(choose, {"q": "x" * 101}).status_code in (200, 400)
    assert admin_client.get(choose, {"colour": "red"}).status_code == 400

    create = reverse("wagtailsnippetchoosers_podcasts_audiofile:create")
    response = admin_client.post(
        create,
        {
            "title": "",
            "file": ContentFile(tagged_mp3("Le grand entretien"), name="a.mp3"),
        },
    )
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    assert AudioFile.objects.filter(title="Le grand entretien").exists()
    # Not audio: refused with a message, nothing stored.
    response = admin_client.post(
        create, {"title": "", "file": ContentFile(b"not audio", name="b.mp3")}
    )
    assert response.status_code == 200
    assert response.json()["step"] != "chosen"
    assert AudioFile.objects.count() == 3


def test_audio_chooser_refuses_users_without_permission(client, django_user_model):
    user = django_user_model.objects.create_user("lecteur", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtailsnippetchoosers_podcasts_audiofile:choose"))
    assert response.status_code in (302, 403)


def test_audio_listing_shows_durations_and_sizes_in_french(admin_client):
    fixed_audio(duration_seconds=464, file_size=4_640_697)
    response = admin_client.get(
        reverse("wagtailsnippets_podcasts_audiofile:list"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "7:44" in response.text
    assert "4,6\xa0Mo" in response.text
    assert "4640697" not in response.text
    assert "Ajouter un fichier audio" in response.text
    assert "un(e)" not in response.text


# -- Glossary --------------------------------------------------------------------------------


def test_glossary_chooser_shows_definitions_and_alternative_forms(
    admin_client, glossary_index
):
    entry(
        glossary_index,
        "B2B",
        "BtoB",
        "business to business",
        definition="BtoB ou B2B ?",
    )
    response = admin_client.get(
        reverse("glossary_entry_chooser:choose_results"), {"q": "btob"}
    )
    assert "BtoB ou B2B ?" in response.text
    assert "BtoB, business to business" in response.text


def test_glossary_letter_filter_offers_only_letters_with_entries(
    admin_client, glossary_index
):
    entry(glossary_index, "B2B")
    entry(glossary_index, "Churn")
    response = admin_client.get("/admin/glossary/glossaryentrypage/")
    assert response.status_code == 200
    assert "?letter=B" in response.text and "?letter=C" in response.text
    assert "?letter=Z" not in response.text
    assert "Alternative forms display" not in response.text


def test_article_listing_has_no_english_column(admin_client, article_index):
    ArticlePageFactory(parent=article_index, category=CategoryFactory())
    response = admin_client.get(
        "/admin/articles/articlepage/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert "Status string" not in response.text
    # Articles without a category: the filter says so, not "-".
    soup = BeautifulSoup(response.content, "html.parser")
    choices = [a.get_text() for a in soup.select(".changelist-filter a")]
    assert "Sans catégorie" in choices
    assert "-" not in choices


def test_listing_filters_are_headed_by_their_names(admin_client, show):
    """Each filter of a Pressroom listing has its name as a heading
    ("Publiée"), not wagtail-modeladmin's bare text ("Par publiée")."""
    PodcastEpisodePageFactory(parent=show)
    response = admin_client.get(
        "/admin/podcasts/podcastepisodepage/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [
        h3.get_text(strip=True)
        for h3 in soup.select(".changelist-filter .pressroom-filter h3")
    ]
    assert headings == ["Émission", "Saison", "Type d’épisode", "Publiée"]
    assert "Par publiée" not in response.text
    selected = soup.select(".changelist-filter li.selected a[aria-current=true]")
    assert len(selected) == 4


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/admin/articles/articlepage/", "Ajouter un article"),
        ("/admin/glossary/glossaryentrypage/", "Ajouter une entrée"),
        ("/admin/podcasts/podcastepisodepage/", "Ajouter un épisode"),
        ("/admin/articles/category/", "Ajouter"),
    ],
)
def test_listing_buttons_read_right_in_french(
    admin_client, article_index, glossary_index, show, url, add
):
    """No "Ajouter un(e) entrée du glossaire" nor "Copier ce article": the
    add button is a whole phrase, a row's tooltips name its item."""
    ArticlePageFactory(parent=article_index, title="Un article")
    entry(glossary_index, "ABM")
    PodcastEpisodePageFactory(parent=show, title="Un épisode")
    CategoryFactory(name="Stratégie")
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("a.bicolor").get_text(strip=True) == add
    for wrong in ("un(e)", "ce/cette", "Copier ce ", "Supprimer ce "):
        assert wrong not in response.text
    titles = [a["title"] for a in soup.select(".listing tbody a[title]")]
    assert titles
    assert all("«\xa0" in title and title.endswith("\xa0»") for title in titles)


# -- Dashboard -------------------------------------------------------------------------------


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response


def test_dashboard_panels_list_what_needs_work(admin_client, show, glossary_index):
    PodcastEpisodePageFactory(parent=show, title="Sans transcription")
    entry(glossary_index, "Jamais cité")
    text = dashboard(admin_client).text
    for heading in (
        "Contenus récents",
        "Brouillons et pages en modération",
        "Épisodes sans transcription",
        "Entrées du glossaire jamais utilisées",
        "Articles sans image ou sans description",
    ):
        assert heading in text
    assert "Sans transcription" in text
    assert "Jamais cité" in text


def test_dashboard_query_count_does_not_grow_with_content(
    admin_client, show, glossary_index, article_index
):
    def count():
        with CaptureQueriesContext(__import__("django.db").db.connection) as queries:
            dashboard(admin_client)
        return len(queries)

    PodcastEpisodePageFactory(parent=show)
    entry(glossary_index, "Un")
    dashboard(admin_client)  # warms the content-type cache
    few = count()
    for number in range(12):
        PodcastEpisodePageFactory(parent=show)
        entry(glossary_index, f"Terme {number}")
    assert count() == few


def test_dashboard_panels_respect_page_permissions(
    client, django_user_model, show, article_index
):
    PodcastEpisodePageFactory(parent=show, title="Épisode réservé")
    user = django_user_model.objects.create_user("rubrique", password="x")
    group = Group.objects.create(name="Rubrique articles")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=article_index,
        permission=Permission.objects.get(codename="change_page"),
    )
    user.groups.add(group)
    client.force_login(user)
    text = dashboard(client).text
    assert "Épisode réservé" not in text
    assert PodcastEpisodePage.objects.filter(title="Épisode réservé").exists()


def prefers_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_dashboard_site_summary_says_pages_creees(admin_client, article_index):
    """Wagtail 8.0's French says "Pages crées dans" (and "créées dans%(site)s"
    for millions): the site's override (site_config/overrides/locale) fixes it."""
    text = dashboard(admin_client).text
    summary = BeautifulSoup(text, "html.parser").select_one(".w-summary")
    assert summary is not None
    wording = " ".join(summary.get_text(" ").split())
    assert "Pages créées dans" in wording
    assert "crées" not in text


def test_dashboard_site_summary_in_english(admin_client, admin_user, article_index):
    prefers_english(admin_user)
    text = dashboard(admin_client).text
    assert 'Pages <span class="w-sr-only">created in' in text


# -- Inline panels' add buttons ---------------------------------------------------------------


def add_buttons(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return response.text, {
        button.get_text(" ", strip=True) for button in soup.select("button[id$=-ADD]")
    }


def test_inline_panels_add_buttons_read_right_in_french(
    admin_client, article_index, glossary_index, show
):
    """No "Ajouter un(e) contributeur": Wagtail builds "Add %(label)s" around
    the panel's label; each Pressroom inline panel says a whole phrase."""
    article = ArticlePageFactory(parent=article_index)
    term = entry(glossary_index, "B2B")
    episode = PodcastEpisodePageFactory(parent=show)
    expected = {
        article: {
            "Ajouter un contributeur",
            "Ajouter un lien",
            "Ajouter un enregistrement",
        },
        term: {
            "Ajouter une forme",
            "Ajouter une source",
            "Ajouter une entrée associée",
            "Ajouter un lien",
        },
        episode: {"Ajouter une personne", "Ajouter un chapitre", "Ajouter un lien"},
        show: {"Ajouter un lien d’abonnement"},
    }
    for page, buttons in expected.items():
        text, found = add_buttons(admin_client, page)
        assert found == buttons, page
        assert "un(e)" not in text


def test_inline_panels_add_buttons_in_english(
    admin_client, admin_user, article_index, glossary_index
):
    prefers_english(admin_user)
    _, found = add_buttons(admin_client, ArticlePageFactory(parent=article_index))
    assert "Add a contributor" in found
    _, found = add_buttons(admin_client, entry(glossary_index, "B2B"))
    assert {"Add a form", "Add a source", "Add a related entry"} <= found


def inline_panels(panel):
    if isinstance(panel, InlinePanel):
        yield panel
    for child in getattr(panel, "children", ()):
        yield from inline_panels(child)


def test_every_pressroom_inline_panel_has_a_whole_phrase_to_add():
    """A new InlinePanel on a Pressroom page type gets an ``add_label`` too."""
    models = [
        model
        for model in get_page_models()
        if model._meta.app_label in ("editorial", "articles", "glossary", "podcasts")
    ]
    checked = 0
    for model in models:
        for panel in inline_panels(model.get_edit_handler()):
            assert isinstance(panel, WordedInlinePanel), (model, panel.relation_name)
            assert panel.add_label, (model, panel.relation_name)
            checked += 1
    assert checked >= 10


# -- Listings' search field -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("/admin/glossary/glossaryentrypage/", "Rechercher un terme"),
        ("/admin/articles/articlepage/", "Rechercher des articles"),
        ("/admin/podcasts/podcastepisodepage/", "Rechercher des épisodes"),
    ],
)
def test_listing_search_field_reads_right_in_french(admin_client, url, placeholder):
    """Not wagtail-modeladmin's "Rechercher entrées du glossaire"."""
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    field = BeautifulSoup(response.content, "html.parser").select_one("input#id_q")
    assert field["placeholder"] == placeholder
    assert field["name"] == "q"


def test_listing_search_field_in_english_and_still_searches(
    admin_client, admin_user, glossary_index
):
    prefers_english(admin_user)
    entry(glossary_index, "B2B")
    entry(glossary_index, "Churn")
    response = admin_client.get("/admin/glossary/glossaryentrypage/", {"q": "churn"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input#id_q")["placeholder"] == "Search for a term"
    assert soup.select_one("input#id_q")["value"] == "churn"
    assert "Churn" in response.text and "B2B" not in soup.select_one(".listing").text
