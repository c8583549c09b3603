"""Every admin URL Pressroom registers, for each kind of user: who gets in,
which rows they see, and what a query string that is not a declared filter
gets (a 400 with a message, never a lookup on the database nor a 500)."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from wagtail.models import GroupPagePermission, Site

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    make_private,
)
from tests.factories_articles import CategoryFactory, PartnerFactory, PersonFactory
from tests.factories_glossary import entry

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "admin_only", "section_editor", "moderator", "superuser")
LOGIN = "login"
DENIED = "denied"
OK = "ok"
EDITORS = {"section_editor", "moderator", "superuser"}


@pytest.fixture
def content(home, article_index, glossary_index, show):
    """The section editor's section is ``article_index``; ``dossiers`` is
    another article section with a draft and a private article."""
    dossiers = ArticleIndexPageFactory(parent=home, title="Dossiers", slug="dossiers")
    outside_private = ArticlePageFactory(parent=dossiers, title="Privé hors rubrique")
    make_private(outside_private)
    return {
        "section": article_index,
        "in_live": ArticlePageFactory(parent=article_index, title="Publié rubrique"),
        "in_draft": ArticlePageFactory(
            parent=article_index, title="Brouillon rubrique", live=False
        ),
        "out_live": ArticlePageFactory(parent=dossiers, title="Publié hors rubrique"),
        "out_draft": ArticlePageFactory(
            parent=dossiers, title="Brouillon hors rubrique", live=False
        ),
        "out_private": outside_private,
        "entry_live": entry(glossary_index, "B2B"),
        "entry_draft": entry(glossary_index, "Secret", publish=False, live=False),
        "episode_live": PodcastEpisodePageFactory(parent=show, title="Épisode public"),
        "episode_draft": PodcastEpisodePageFactory(
            parent=show, title="Épisode brouillon", live=False
        ),
        "person": PersonFactory(name="Claire Morvan"),
        "partner": PartnerFactory(),
        "category": CategoryFactory(),
        "site": Site.objects.get(is_default_site=True),
    }


def admin_access():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


@pytest.fixture
def users(django_user_model, content):
    admin_only_group = Group.objects.create(name="Admin access only")
    admin_only_group.permissions.add(admin_access())
    section_group = Group.objects.create(name="Articles section")
    section_group.permissions.add(
        admin_access(),
        Permission.objects.get(
            content_type__app_label="editorial", codename="view_person"
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=section_group,
            page=content["section"],
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    made = {"anonymous": None}
    for role, group in (
        ("admin_only", admin_only_group),
        ("section_editor", section_group),
        ("moderator", Group.objects.get(name="Moderators")),
    ):
        user = django_user_model.objects.create_user(role, f"{role}@example.com", "pw")
        user.groups.add(group)
        made[role] = user
    made["superuser"] = django_user_model.objects.create_superuser(
        "superuser", "superuser@example.com", "pw"
    )
    return made


def translated(message, **params):
    """A message as the admin shows it (French, the site's language)."""
    with translation.override("fr"):
        return translation.gettext(message) % params


def error_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    # The admin's message, or the site's 400 page (editorial.http_guards).
    node = soup.select_one("[role=alert]") or soup.select_one(".error-page__message")
    return node.get_text(strip=True)


def client_for(client, users, role):
    client.logout()
    if users[role] is not None:
        client.force_login(users[role])
    return client


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
        return f"redirect {location}"
    return response.status_code


def modeladmin(app_model, action="", pk=None):
    url = f"/admin/{app_model}/"
    if action:
        url += f"{action}/"
    if pk is not None:
        url += f"{pk}/"
    return url


def chooser(namespace, view, *args):
    return reverse(f"{namespace}:{view}", args=args)


def expected(allowed, **others):
    """Anonymous users go to the login page, users without the permission back
    to the dashboard (as Wagtail's own views do), the others get the page."""
    result = {role: (OK if role in allowed else DENIED) for role in ROLES}
    result["anonymous"] = LOGIN
    result.update(others)
    return result


ARTICLES = "articles/articlepage"
ENTRIES = "glossary/glossaryentrypage"
EPISODES = "podcasts/podcastepisodepage"

MATRIX = {
    # Page listings: open to users with some page permission.
    "articles index": (lambda c: modeladmin(ARTICLES), expected(EDITORS)),
    "entries index": (lambda c: modeladmin(ENTRIES), expected(EDITORS)),
    "episodes index": (lambda c: modeladmin(EPISODES), expected(EDITORS)),
    # Page histories: to whoever may edit or publish that page.
    "article history, in the section": (
        lambda c: modeladmin(ARTICLES, "history", c["in_draft"].pk),
        expected(EDITORS),
    ),
    "article history, outside the section": (
        lambda c: modeladmin(ARTICLES, "history", c["out_draft"].pk),
        expected({"moderator", "superuser"}),
    ),
    "private article history": (
        lambda c: modeladmin(ARTICLES, "history", c["out_private"].pk),
        expected({"moderator", "superuser"}),
    ),
    "entry history": (
        lambda c: modeladmin(ENTRIES, "history", c["entry_draft"].pk),
        expected({"moderator", "superuser"}),
    ),
    "episode history": (
        lambda c: modeladmin(EPISODES, "history", c["episode_draft"].pk),
        expected({"moderator", "superuser"}),
    ),
    # Page edit and delete links hand over to Wagtail's page views, which
    # check the page permissions themselves.
    "article edit, outside the section": (
        lambda c: modeladmin(ARTICLES, "edit", c["out_draft"].pk),
        expected(
            EDITORS | {"admin_only"},
            **dict.fromkeys(
                ["admin_only", *EDITORS], ("wagtailadmin_pages:edit", "out_draft")
            ),
        ),
    ),
    "entry delete": (
        lambda c: modeladmin(ENTRIES, "delete", c["entry_draft"].pk),
        expected(
            {"moderator", "superuser"},
            moderator=("wagtailadmin_pages:delete", "entry_draft"),
            superuser=("wagtailadmin_pages:delete", "entry_draft"),
        ),
    ),
    "article choose parent": (
        lambda c: modeladmin(ARTICLES, "choose_parent"),
        expected(EDITORS),
    ),
    "entry choose parent": (
        lambda c: modeladmin(ENTRIES, "choose_parent"),
        expected({"moderator", "superuser"}),
    ),
    "episode choose parent": (
        lambda c: modeladmin(EPISODES, "choose_parent"),
        expected({"moderator", "superuser"}),
    ),
    # Non-page models: the model's Django permissions (the section editor may
    # view people, nothing more; Wagtail's moderators have none).
    "people index": (
        lambda c: modeladmin("editorial/person"),
        expected({"section_editor", "superuser"}),
    ),
    "person history": (
        lambda c: modeladmin("editorial/person", "history", c["person"].pk),
        expected({"section_editor", "superuser"}),
    ),
    "person edit": (
        lambda c: modeladmin("editorial/person", "edit", c["person"].pk),
        expected({"superuser"}),
    ),
    "person create": (
        lambda c: modeladmin("editorial/person", "create"),
        expected({"superuser"}),
    ),
    "person delete": (
        lambda c: modeladmin("editorial/person", "delete", c["person"].pk),
        expected({"superuser"}),
    ),
    "partners index": (
        lambda c: modeladmin("articles/partner"),
        expected({"superuser"}),
    ),
    "partner history": (
        lambda c: modeladmin("articles/partner", "history", c["partner"].pk),
        expected({"superuser"}),
    ),
    "partner edit": (
        lambda c: modeladmin("articles/partner", "edit", c["partner"].pk),
        expected({"superuser"}),
    ),
    "categories index": (
        lambda c: modeladmin("articles/category"),
        expected({"superuser"}),
    ),
    "category history": (
        lambda c: modeladmin("articles/category", "history", c["category"].pk),
        expected({"superuser"}),
    ),
    "category delete": (
        lambda c: modeladmin("articles/category", "delete", c["category"].pk),
        expected({"superuser"}),
    ),
    # Choosers.
    "person chooser": (
        lambda c: chooser("person_chooser", "choose"),
        expected(EDITORS),
    ),
    "person chooser results": (
        lambda c: chooser("person_chooser", "choose_results"),
        expected(EDITORS),
    ),
    "person chosen": (
        lambda c: chooser("person_chooser", "chosen", c["person"].pk),
        expected(EDITORS),
    ),
    "glossary chooser": (
        lambda c: chooser("glossary_entry_chooser", "choose"),
        expected(EDITORS),
    ),
    "glossary chooser results": (
        lambda c: chooser("glossary_entry_chooser", "choose_results"),
        expected(EDITORS),
    ),
    "glossary chosen, live entry": (
        lambda c: chooser("glossary_entry_chooser", "chosen", c["entry_live"].pk),
        expected(EDITORS),
    ),
    "glossary chosen, draft entry": (
        lambda c: chooser("glossary_entry_chooser", "chosen", c["entry_draft"].pk),
        expected({"moderator", "superuser"}, section_editor=404),
    ),
    "glossary chooser create": (
        lambda c: chooser("glossary_entry_chooser", "create"),
        expected({}),
    ),
    # Site settings and the audio-file snippets: Wagtail's own views.
    "glossary settings": (
        lambda c: reverse(
            "wagtailsettings:edit",
            args=("glossary", "glossarysettings", c["site"].pk),
        ),
        expected({"superuser"}),
    ),
    "audio files": (
        lambda c: reverse("wagtailsnippets_podcasts_audiofile:list"),
        expected({"superuser"}),
    ),
    "audio file edit": (
        lambda c: reverse(
            "wagtailsnippets_podcasts_audiofile:edit",
            args=(c["episode_draft"].audio_id,),
        ),
        expected({"superuser"}),
    ),
    "audio file history": (
        lambda c: reverse(
            "wagtailsnippets_podcasts_audiofile:history",
            args=(c["episode_draft"].audio_id,),
        ),
        expected({"superuser"}),
    ),
    "audio file chooser": (
        lambda c: reverse("wagtailsnippetchoosers_podcasts_audiofile:choose"),
        expected(EDITORS),
    ),
    "audio file chooser results": (
        lambda c: reverse("wagtailsnippetchoosers_podcasts_audiofile:choose_results"),
        expected(EDITORS),
    ),
}


def spelled_out(content, wanted):
    """Hand-overs to Wagtail's page views, with the page's id and the way back."""
    if isinstance(wanted, tuple):
        url_name, key = wanted
        target = reverse(url_name, args=(content[key].pk,))
        return f"redirect {target}?next="
    return wanted


@pytest.mark.parametrize("name", MATRIX)
def test_admin_url_answers_each_role_as_its_permissions_allow(
    client, content, users, name
):
    url_for, expectations = MATRIX[name]
    url = url_for(content)
    answers = {}
    for role in ROLES:
        answer = outcome(client_for(client, users, role).get(url))
        if isinstance(answer, str) and "?next=" in answer:
            answer = answer[: answer.index("?next=") + len("?next=")]
        answers[role] = answer
    assert answers == {
        role: spelled_out(content, wanted) for role, wanted in expectations.items()
    }


KNOWN_TITLES = [
    "Brouillon hors rubrique",
    "Brouillon rubrique",
    "Privé hors rubrique",
    "Publié hors rubrique",
    "Publié rubrique",
    "B2B",
    "Secret",
    "Épisode brouillon",
    "Épisode public",
]


def listed_titles(response):
    """The known titles the listing shows (a row also carries status labels)."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # A row the user may not edit has no link, so read the first cell of each row.
    cells = [
        cell.get_text(" ", strip=True)
        for cell in soup.select("table.listing tbody tr > td:first-child")
    ]
    shown = [title for title in KNOWN_TITLES if any(c.startswith(title) for c in cells)]
    assert len(shown) == len(cells)
    return shown


def chooser_titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("td.title a"))


ALL_ARTICLES = KNOWN_TITLES[:5]
ALL_ENTRIES = ["B2B", "Secret"]
ALL_EPISODES = ["Épisode brouillon", "Épisode public"]


@pytest.mark.parametrize(
    "role, articles, entries, episodes",
    [
        ("section_editor", ["Brouillon rubrique", "Publié rubrique"], [], []),
        ("moderator", ALL_ARTICLES, ALL_ENTRIES, ALL_EPISODES),
        ("superuser", ALL_ARTICLES, ALL_ENTRIES, ALL_EPISODES),
    ],
)
def test_listings_show_exactly_the_pages_the_user_may_explore(
    client, users, role, articles, entries, episodes
):
    client = client_for(client, users, role)
    assert listed_titles(client.get(modeladmin(ARTICLES))) == articles
    assert listed_titles(client.get(modeladmin(ENTRIES))) == entries
    assert listed_titles(client.get(modeladmin(EPISODES))) == episodes


def test_section_editor_never_sees_pages_outside_the_section(client, users):
    client = client_for(client, users, "section_editor")
    html = client.get(modeladmin(ARTICLES)).content.decode()
    assert "Brouillon rubrique" in html
    for title in (
        "Brouillon hors rubrique",
        "Privé hors rubrique",
        "Publié hors rubrique",
    ):
        assert title not in html
    searched = client.get(modeladmin(ARTICLES), {"q": "hors"}).content.decode()
    assert "hors rubrique" not in searched


@pytest.mark.parametrize("role", ["section_editor", "moderator"])
def test_glossary_chooser_lists_live_public_entries_and_those_the_user_may_edit(
    client, users, role
):
    client = client_for(client, users, role)
    response = client.get(chooser("glossary_entry_chooser", "choose_results"))
    wanted = ["B2B"] if role == "section_editor" else ["B2B", "Secret"]
    assert chooser_titles(response) == wanted


def test_person_chooser_lists_people_to_page_editors(client, users):
    client = client_for(client, users, "section_editor")
    response = client.get(chooser("person_chooser", "choose_results"))
    assert [title.split(" (")[0] for title in chooser_titles(response)] == [
        "Claire Morvan"
    ]


ORACLE_LOOKUP = "latest_revision__user__password__startswith"
ORACLE = {ORACLE_LOOKUP: "pbkdf2"}
NOT_ALLOWED = "Filtering by “%(parameter)s” is not allowed."


@pytest.mark.parametrize(
    "app_model",
    [
        ARTICLES,
        ENTRIES,
        EPISODES,
        "editorial/person",
        "articles/partner",
        "articles/category",
    ],
)
@pytest.mark.parametrize(
    "params, message",
    [
        (ORACLE, translated(NOT_ALLOWED, parameter=ORACLE_LOOKUP)),
        ({"foo": "1"}, translated(NOT_ALLOWED, parameter="foo")),
        (
            {"owner__password__startswith": "p"},
            translated(NOT_ALLOWED, parameter="owner__password__startswith"),
        ),
        # Refused before the listing by editorial.http_guards, site-wide.
        (
            {"q": "a\x00b"},
            translated(
                "The address contains a control character (a NUL byte or "
                "similar), which no page or parameter accepts."
            ),
        ),
        ({"export": "csv"}, translated("This listing cannot be exported.")),
    ],
)
def test_listing_refuses_lookups_its_filters_do_not_declare(
    client, users, app_model, params, message
):
    client = client_for(client, users, "superuser")
    response = client.get(modeladmin(app_model), params)
    assert response.status_code == 400
    assert error_text(response) == message


def test_password_oracle_tells_nothing(client, users):
    """Before: "20 of 20" for a right prefix, "0 of 20" for a wrong one."""
    client = client_for(client, users, "superuser")
    right = client.get(modeladmin(ENTRIES), ORACLE)
    wrong = client.get(modeladmin(ENTRIES), {ORACLE_LOOKUP: "zz"})
    assert right.status_code == wrong.status_code == 400
    assert error_text(right) == error_text(wrong)
    assert "20" not in error_text(right)


@pytest.mark.parametrize(
    "app_model, params",
    [
        (ARTICLES, {"live__exact": "peut-être"}),
        (ARTICLES, {"category__id__exact": "abc"}),
        (EPISODES, {"season_number": "abc"}),
    ],
)
def test_listing_refuses_a_filter_value_it_cannot_use(client, users, app_model, params):
    client = client_for(client, users, "superuser")
    response = client.get(modeladmin(app_model), params)
    assert response.status_code == 400
    assert error_text(response) == translated(
        "A filter of this listing was given a value it cannot use."
    )


@pytest.mark.parametrize(
    "params",
    [
        {"letter": "E"},
        {"usage": "unused"},
        {"q": "B2B", "p": "1", "o": "0"},
    ],
)
def test_declared_filters_search_paging_and_ordering_still_work(client, users, params):
    client = client_for(client, users, "superuser")
    response = client.get(modeladmin(ENTRIES), params)
    assert response.status_code == 200


def test_declared_article_filters_still_work(client, users, content):
    client = client_for(client, users, "superuser")
    response = client.get(modeladmin(ARTICLES), {"live__exact": "0"})
    assert listed_titles(response) == ["Brouillon hors rubrique", "Brouillon rubrique"]


@pytest.mark.parametrize("app_model", [ARTICLES, "editorial/person"])
def test_history_of_something_that_is_not_an_id_is_a_404(client, users, app_model):
    client = client_for(client, users, "superuser")
    assert client.get(modeladmin(app_model, "history", "abc")).status_code == 404


@pytest.mark.parametrize(
    "namespace, params",
    [
        ("glossary_entry_chooser", {"foo": "1"}),
        ("glossary_entry_chooser", {"term_key__startswith": "s"}),
        ("person_chooser", {"name__startswith": "C"}),
    ],
)
def test_chooser_refuses_parameters_it_does_not_read(client, users, namespace, params):
    client = client_for(client, users, "superuser")
    response = client.get(chooser(namespace, "choose_results"), params)
    assert response.status_code == 400
    assert response.content.decode() == translated(
        "This chooser does not accept the parameter “%(parameter)s”.",
        parameter=next(iter(params)),
    )


def test_chooser_search_and_paging_still_work(client, users):
    client = client_for(client, users, "superuser")
    response = client.get(
        chooser("glossary_entry_chooser", "choose_results"), {"q": "b2b", "p": "1"}
    )
    assert chooser_titles(response) == ["B2B"]
    assert (
        client.get(chooser("glossary_entry_chooser", "choose_results"), {"p": "99"})
    ).status_code == 404
