"""The French admin, screen by screen, as the walk of every admin screen left
it (issue 13): menus that say what they hold with one icon per item, the
podcast audience report in French, the listing sentences of
wagtail-modeladmin and the strings of Wagtail that the site's catalogue
(`site_config/overrides/locale`) corrects, and the screens the demo's
"Rédaction" editor must not reach.

Each test fails if the English, or the clumsy French, comes back."""

import datetime
import json
import zoneinfo

from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest
from bs4 import BeautifulSoup

from leads.models import Event, EventPage, ResourcePage
from newsletter.models import NewsletterPage
from podcasts.audience import counting
from site_config.demo.accounts import ensure_accounts
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def text_of(response):
    return " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )


# -- Menus ---------------------------------------------------------------------------


def main_menu(client):
    """(label, icon, url) of every item of the sidebar's main menu, submenus
    included (not the account menu)."""
    html = client.get(reverse("wagtailadmin_home")).content
    props = BeautifulSoup(html, "html.parser").select_one("#wagtail-sidebar-props")
    modules = json.loads(props.string)["modules"]
    (menu,) = [m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule"]
    items = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and "icon_name" in node:
                items.append((node["label"], node["icon_name"], node.get("url")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(menu["_args"][0])
    return items


def test_menus_say_what_they_hold_in_french(admin_client):
    labels = {label for label, _icon, _url in main_menu(admin_client)}
    # Submenus no longer repeat their own name; modeladmin no longer
    # title-cases the plural ("Webhooks Crm", "Envois De Webhook"); the
    # sidebar no longer cuts "Lettre d'information".
    assert {
        "Tous les contacts",
        "Webhooks CRM",
        "Envois de webhook",
        "Par événement",
        "Toutes les inscriptions",
        "Lettre d’info",
        "Audience des podcasts",
        # Wagtail's own, corrected by the site's catalogue.
        "Historique du site",
        "Redirections",
        "Guide du rédacteur",
    } <= labels, labels
    assert not labels & {
        "Webhooks Crm",
        "Envois De Webhook",
        "Lettre d’information",
        "Historique du Site",
        "Règles de Redirection",
        "Guide du redacteur",
    }


# Wagtail's own menus repeat themselves (Workflows under Reports and under
# Settings, the help menu's links, Reports and Sites) and Wagtail has only so
# many people icons: a contributor and a user are both a person, Contacts and
# Groups both people.
SHARED_ICONS_ALLOWED = [
    {"Workflows"},
    {"Tâches de workflow"},
    {"Rapports", "Sites"},
    {"Aide", "Ce qui est nouveau avec Wagtail 8.0", "Guide du rédacteur"},
    {"Contributeurs", "Utilisateurs"},
    {"Contacts", "Groupes"},
]


def test_each_menu_item_has_its_own_icon(admin_client):
    """Audio files, episodes and the audience report shared the "play" icon;
    glossary entries, registrations and two settings the list icon;
    Publication had Documents' icon and categories Pages'."""
    by_icon = {}
    for label, icon, _url in main_menu(admin_client):
        by_icon.setdefault(icon, set()).add(label)
    shared = [labels for labels in by_icon.values() if len(labels) > 1]
    assert all(labels in SHARED_ICONS_ALLOWED for labels in shared), shared
    icons = {label: icon for label, icon, _url in main_menu(admin_client)}
    assert icons["Fichiers audio"] == "audio-file"
    assert icons["Entrées du glossaire"] == "glossary-term"
    # The audio file icon is in the admin's sprite.
    sprite = admin_client.get(reverse("wagtailadmin_sprite")).text
    assert 'id="icon-audio-file"' in sprite


def test_sidebar_counts_new_items_in_the_plural(admin_client):
    """Wagtail's French said "(2  nouvel élément dans ce menu)"."""
    catalog = admin_client.get(reverse("wagtailadmin_javascript_catalog")).text
    # The catalogue is JavaScript holding JSON (non-ASCII escaped).
    assert json.dumps("(%(number)s nouveaux éléments dans ce menu)") in catalog
    assert json.dumps("(%(number)s  nouvel élément dans ce menu)") not in catalog


# -- Listings and generic views ------------------------------------------------------


def test_empty_modeladmin_listings_read_right(admin_client):
    """wagtail-modeladmin said "Aucun inscriptions n'a été créé(e) pour
    l'instant. Pourquoi ne pas en ajouter un(e) ?"."""
    registrations = text_of(
        admin_client.get(reverse("leads_registration_modeladmin_index"))
    )
    assert "La liste des inscriptions est vide pour l’instant." in registrations
    webhooks = admin_client.get(reverse("contacts_webhookendpoint_modeladmin_index"))
    assert "La liste des webhooks CRM est vide pour l’instant." in text_of(webhooks)
    create = reverse("contacts_webhookendpoint_modeladmin_create")
    assert f'Vous pouvez <a href="{create}">en ajouter</a>.' in webhooks.text
    for text in (registrations, text_of(webhooks)):
        assert "un(e)" not in text and "créé(e)" not in text


def test_inspect_view_back_link_reads_right(admin_client):
    """wagtail-modeladmin said "Retourner à la liste de contact"."""
    from contacts.models import Contact

    contact = Contact.objects.create(email="lectrice@example.com")
    response = admin_client.get(
        reverse("contacts_contact_modeladmin_inspect", args=[contact.pk])
    )
    assert "Retour à la liste (contact)" in text_of(response)
    assert "liste de contact" not in text_of(response)


def test_search_without_result_reads_right(admin_client, home):
    Event.objects.create(page=home, block_id="atelier", title="Atelier ABM")
    response = admin_client.get(
        reverse("leads_event_modeladmin_index"), {"q": "introuvable"}
    )
    assert (
        "Désolé, aucun résultat parmi les événements ne correspond à votre recherche."
        in text_of(response)
    )
    assert "aucun(e)" not in text_of(response)


def test_wagtail_generic_views_read_right(admin_client):
    """ "Nouvel(le) : Workflow", "Ajouter un(e) Jeton d'API"."""
    workflow = text_of(admin_client.get(reverse("wagtailadmin_workflows:add")))
    assert "Création : Workflow" in workflow.replace("\xa0", " ")
    assert "Nouvel(le)" not in workflow
    tokens = text_of(admin_client.get(reverse("wagtailusers_api_tokens:index")))
    assert "Ajouter : Jeton d'API" in tokens.replace("\xa0", " ")
    assert "un(e)" not in tokens


def test_site_history_says_element_not_item(admin_client, article_index):
    article = ArticlePageFactory(parent=article_index)
    PageLogEntry.objects.log_action(article, "wagtail.edit")
    response = admin_client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert 'title="Modifier cet élément"' in response.text
    assert "cet item" not in response.text


def test_dashboard_panels_scroll_sideways_rather_than_squeeze_titles(
    admin_client, article_index
):
    """At 390 px the recent-content panel broke titles letter by letter: its
    table now sits in a box that scrolls sideways (editorial/css/admin.css)."""
    ArticlePageFactory(parent=article_index, title="Un titre assez long")
    html = admin_client.get(reverse("wagtailadmin_home")).content
    panel = BeautifulSoup(html, "html.parser").select_one("#pressroom_recent-section")
    assert panel.select_one(".pressroom-table-scroll > table.listing") is not None


def test_block_menu_search_reads_right(admin_client):
    """Wagtail's block menu searched "Options de recherche…"."""
    catalog = admin_client.get(reverse("wagtailadmin_javascript_catalog")).text
    translated = f"{json.dumps('Search options…')}: {json.dumps('Rechercher…')}"
    assert translated in catalog
    assert json.dumps("Options de recherche…") not in catalog


def test_page_search_counts_pages_not_none(admin_client, article_index):
    """Wagtail 8.0's page search has no model: "1-1 sur 1 None"."""
    ArticlePageFactory(parent=article_index, title="Le compte stratégique")
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "compte"})
    header = BeautifulSoup(response.content, "html.parser").select_one("thead")
    wording = " ".join(header.get_text(" ").split())
    assert "1-1 sur 1 pages" in wording
    assert "None" not in wording


def test_wordpress_import_says_mot_cle(admin_client):
    """One word for tags: "mot-clé", as everywhere else in the admin; the
    help text still names WordPress's own setting ("préfixe des
    étiquettes") so that the editor finds it there."""
    text = text_of(admin_client.get(reverse("wordpress_import:index")))
    assert "Base des mots-clés" in text
    assert "Base des étiquettes" not in text
    assert "« préfixe des étiquettes » de Réglages › Permaliens" in text


# -- Podcast audience report ---------------------------------------------------------


def test_audience_report_in_french(admin_client, show):
    episode = PodcastEpisodePageFactory(parent=show)
    day = datetime.date(2026, 3, 2)
    for n, (platform, device_class) in enumerate(
        [("Android Phone", "mobile"), ("Amazon Smart Speaker", "smart_speaker")]
    ):
        counting.record_download(
            episode_id=episode.pk,
            show_id=show.pk,
            counted_at=datetime.datetime.combine(day, datetime.time(12), PARIS),
            day=day,
            listener=f"{n:064d}",
            source="feed",
            app="Spotify",
            platform=platform,
            device_class=device_class,
            country="",
        )
    response = admin_client.get(
        reverse("podcasts_audience_report"),
        {"show": show.pk, "start": "2026-03-01", "end": "2026-03-07", "period": "day"},
    )
    assert response.status_code == 200
    text = text_of(response)
    for french in ("Téléphone Android", "Enceinte connectée Amazon", "Mobile"):
        assert french in text
    assert "Enceinte connectée" in text
    for raw in ("smart_speaker", "Android Phone", "Amazon Smart Speaker"):
        assert raw not in text
    # French spacing before the colon of the total.
    assert f"{show.title}\xa0: 2 téléchargements" in response.text
    # The first date of the chart starts at the axis, not centred off its edge.
    assert '<text x="0" y="195" font-size="10" text-anchor="start"' in response.text
    # The report's data, which the API serves, keeps OPAWG's identifiers.
    report = response.context["report"]
    assert dict(report.device_classes) == {"mobile": 1, "smart_speaker": 1}


# -- Page types --------------------------------------------------------------------


def test_leaf_pages_offer_no_child_page_types():
    """An event, a gated resource and the newsletter page offered shows,
    events and resources as children."""
    for model in (EventPage, ResourcePage, NewsletterPage):
        assert model.allowed_subpage_models() == [], model


# -- The Rédaction editor ----------------------------------------------------------


REFUSED_TO_EDITORS = [
    ("wagtailsettings:edit", ["site_config", "footersettings"]),
    ("wagtailsettings:edit", ["glossary", "glossarysettings"]),
    ("wagtailusers_users:index", []),
    ("wagtailusers_groups:index", []),
    ("wagtailusers_api_tokens:index", []),
    ("wagtailsites:index", []),
    ("wagtailadmin_workflows:index", []),
    ("wagtailadmin_workflows:task_index", []),
    ("wagtailredirects:index", []),
    ("wagtailadmin_collections:index", []),
    ("contacts_contact_modeladmin_index", []),
    ("contacts_webhookendpoint_modeladmin_index", []),
    ("contacts_webhookdelivery_modeladmin_index", []),
    ("leads_registration_modeladmin_index", []),
    ("newsletter_subscription_modeladmin_index", []),
    ("podcasts_audience_report", []),
    ("wordpress_import:index", []),
]


@pytest.fixture
def redaction_editor(client, home):
    editor, _created = ensure_accounts(home)
    client.force_login(editor)
    return editor


@pytest.mark.parametrize(("name", "args"), REFUSED_TO_EDITORS)
def test_redaction_editor_is_refused_administration(
    client, redaction_editor, name, args
):
    """Settings, users, workflows, contacts, registrations, subscribers, the
    audience figures and the WordPress import are not the editor's."""
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code in (302, 403), (url, response.status_code)
    if response.status_code == 302:
        assert response.url != url
        assert "/login/" not in response.url  # refused, not logged out


def test_redaction_editor_menu_shows_only_their_screens(client, redaction_editor):
    urls = {url for _label, _icon, url in main_menu(client) if url}
    refused = {reverse(name, args=args) for name, args in REFUSED_TO_EDITORS}
    assert not urls & refused, urls & refused
    # What the editor works with is there.
    for name in (
        "articles_articlepage_modeladmin_index",
        "glossary_glossaryentrypage_modeladmin_index",
        "podcasts_podcastepisodepage_modeladmin_index",
        "newsletter_digest_modeladmin_index",
        "wagtailsnippets_podcasts_audiofile:list",
    ):
        assert reverse(name) in urls, name


# -- Apple Podcasts categories -------------------------------------------------------


def test_show_form_offers_apple_categories_under_french_labels(admin_client, show):
    """The stored values stay Apple's English pairs; editors read French."""
    from podcasts.categories import APPLE_CATEGORIES, LABELS

    response = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[show.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    options = {
        option["value"]: option.get_text(strip=True)
        for option in soup.select("#id_primary_category option")
    }
    assert options["Business > Marketing"] == "Économie et entreprise › Marketing"
    assert options["Business > Entrepreneurship"] == (
        "Économie et entreprise › Entrepreneuriat"
    )
    assert options["Sports > Soccer"] == "Sports › Football"
    assert options["Sports > Football"] == "Sports › Football américain"
    assert options["True Crime"] == "Faits divers"
    secondary = {
        option["value"]: option.get_text(strip=True)
        for option in soup.select("#id_secondary_category option")
    }
    assert secondary["Kids & Family > Parenting"] == "Enfants et famille › Parentalité"
    # Every name has a label, and none is left in English in the form where
    # Apple's French name differs (a sample that the catalogue is compiled).
    names = {n for cat, subs in APPLE_CATEGORIES.items() for n in (cat, *subs)}
    assert names == set(LABELS)
    assert "Health & Fitness › Mental Health" not in options.values()
    assert "Santé et forme › Santé mentale" in options.values()


def test_show_form_keeps_english_labels_in_english(admin_client, admin_user, show):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[show.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    labels = [
        o.get_text(strip=True) for o in soup.select("#id_primary_category option")
    ]
    assert "Business › Marketing" in labels
    assert "Économie et entreprise › Marketing" not in labels


# -- Listing filters -----------------------------------------------------------------


def test_status_filters_start_with_a_capital_next_to_tous(admin_client, home):
    """Choice labels are lower case for use mid-sentence; as filter entries
    under "Tous" they start with a capital."""
    from contacts.models import Contact
    from leads.models import Registration

    event = Event.objects.create(page=home, block_id="atelier", title="atelier ABM")
    Registration.objects.create(
        event=event,
        contact=Contact.objects.create(email="r@example.com"),
        status="confirmed",
    )
    response = admin_client.get(
        reverse("leads_registration_modeladmin_index"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    choices = [a.get_text(strip=True) for a in soup.select(".pressroom-filter a")]
    assert "Tous" in choices
    assert {"Confirmée", "Liste d’attente", "Annulée"} <= set(choices), choices
    assert "confirmée" not in choices
