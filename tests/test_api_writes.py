"""Headless writes through Wagtail's API v3 (issue 17): every field an editor
fills is writable for articles, glossary entries, episodes, shows and their
indexes; block input is typed; rich text accepts the HTML the API reads;
the admin's validation answers 422 naming the field; a token acts as its
user, with Wagtail's page permissions and workflows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import APIToken, PageLogEntry

import pytest

from articles.models import ArticlePage
from glossary.models import GlossaryEntryPage
from tests.factories_articles import (
    CategoryFactory,
    PartnerFactory,
    PersonFactory,
    event_value,
)
from tests.factories_glossary import entry

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def token_for(user):
    return APIToken.create_token(user=user, name="integration")[1]


def make_user(name, group=None, **kwargs):
    user = get_user_model().objects.create_user(name, password="x", **kwargs)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class API:
    """A client of API v3 with a bearer token (no session)."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def post(self, path, data):
        return self.client.post(
            path, data, content_type="application/json", **self.headers
        )

    def patch(self, path, data):
        return self.client.patch(
            path, data, content_type="application/json", **self.headers
        )

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)


@pytest.fixture
def moderator():
    return make_user("moderatrice", "Moderators")


@pytest.fixture
def api(client, moderator):
    return API(client, token_for(moderator))


def problem_fields(response):
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {
        ".".join(str(part) for part in error.get("loc", [])): error["msg"]
        for error in response.json()["errors"]
    }


def test_an_article_with_every_editor_field_is_created_and_published(
    api, article_index, glossary_index
):
    b2b = entry(glossary_index, "B2B", definition="Entre entreprises.")
    person = PersonFactory(name="Claire Morvan")
    category = CategoryFactory(name="Stratégie", slug="strategie")
    partner = PartnerFactory(name="Acme", url="https://acme.example/")
    response = api.post(
        PAGES,
        {
            "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
            "title": "Former son écosystème",
            "standfirst": "Pourquoi former ses partenaires.",
            "hero_caption": "Une légende",
            "category_id": category.pk,
            "sponsor_id": partner.pk,
            "sponsorship_kind": "partnership",
            "sponsorship_text": "Produit avec Acme.",
            "tags": ["formation", "partenaires"],
            "contributors": [{"person_id": person.pk, "role": "Interview"}],
            "see_also_items": [{"target_id": b2b.pk, "label": ""}],
            "publication_date": "2026-11-02",
            "body": [
                {"type": "heading", "value": {"text": "Pourquoi", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        f'<p>Le <a class="glossary-term" href="/glossaire/b2b/" '
                        f'data-glossary-id="{b2b.pk}" title="x">B2B</a> change.'
                        f'<span id="glossary-definition-{b2b.pk}" hidden>Entre '
                        "entreprises.</span></p>"
                    ),
                },
            ],
        },
    )
    assert response.status_code == 201, response.content
    assert not response.json()["meta"].get("warnings")
    page = ArticlePage.objects.get(pk=response.json()["id"])
    assert not page.live
    stored = page.get_latest_revision_as_object()
    assert stored.category == category
    assert [tag.name for tag in stored.tags.all()] == ["formation", "partenaires"]
    assert [c.person for c in stored.contributors.all()] == [person]
    stored_html = stored.body[1].value.source
    assert f'<a linktype="glossary" id="{b2b.pk}">B2B</a> change.</p>' in stored_html
    assert "Entre entreprises" not in stored_html
    published = api.post(f"{PAGES}{page.pk}/actions/publish/", {})
    assert published.status_code == 200, published.content
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", user__username="moderatrice"
    ).exists()
    data = api.get(f"{PAGES}{page.pk}/").json()
    assert data["category_data"] == {"name": "Stratégie", "slug": "strategie"}
    assert data["sponsorship"]["partner"]["name"] == "Acme"
    assert [c["name"] for c in data["contributors"]] == ["Claire Morvan"]
    assert "category_id" not in data and "see_also_items" not in data


def glossary_document(parent, title="Lead nurturing", **fields):
    return {
        "meta": {"type": "glossary.GlossaryEntryPage", "parent_id": parent.pk},
        "title": title,
        "short_definition": "Entretenir la relation avec un prospect.",
        **fields,
    }


class TestValidation:
    """A write the admin would refuse is a 422 naming the field; nothing is
    saved."""

    def assert_refused(self, response, field, text=None):
        errors = problem_fields(response)
        named = [loc for loc in errors if field in loc.split(".")]
        assert named, errors
        if text:
            assert any(text in errors[loc] for loc in named), errors

    def test_a_duplicate_glossary_form(self, api, glossary_index):
        entry(glossary_index, "B2B", "BtoB")
        count = GlossaryEntryPage.objects.count()
        response = api.post(
            PAGES,
            glossary_document(
                glossary_index,
                alternative_forms=[{"form": "btob"}],
            ),
        )
        errors = problem_fields(response)
        assert list(errors) == ["alternative_forms.0.form"]
        assert "B2B" in errors["alternative_forms.0.form"]
        assert GlossaryEntryPage.objects.count() == count

    def test_a_missing_short_definition(self, api, glossary_index):
        document = glossary_document(glossary_index)
        del document["short_definition"]
        self.assert_refused(api.post(PAGES, document), "short_definition")

    def test_an_event_ending_before_it_starts(self, api, article_index):
        response = api.post(
            PAGES,
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
                "title": "Webinaire",
                "body": [
                    {
                        "type": "event",
                        "value": event_value(
                            start_date="2026-12-01",
                            start_time="10:00:00",
                            end_date="2026-12-01",
                            end_time="09:00:00",
                        ),
                    }
                ],
            },
        )
        errors = problem_fields(response)
        assert list(errors) == ["body.0.end_time"], errors
        assert not ArticlePage.objects.filter(title="Webinaire").exists()

    def test_a_link_with_a_bad_scheme(self, api, article_index):
        response = api.post(
            PAGES,
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
                "title": "Citation",
                "body": [
                    {
                        "type": "quote",
                        "value": {
                            "text": "Une citation.",
                            "source_url": "javascript:alert(1)",
                        },
                    }
                ],
            },
        )
        errors = problem_fields(response)
        assert list(errors) == ["body.0.source_url"], errors
        assert not ArticlePage.objects.filter(title="Citation").exists()

    def test_a_sponsor_without_a_kind_of_relationship(self, api, article_index):
        partner = PartnerFactory()
        response = api.post(
            PAGES,
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
                "title": "Sponsorisé",
                "sponsor_id": partner.pk,
            },
        )
        self.assert_refused(response, "sponsorship_kind")
        assert not ArticlePage.objects.filter(title="Sponsorisé").exists()

    def test_an_unknown_block_type_and_a_wrong_value_type(self, api, article_index):
        document = {
            "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
            "title": "Blocs",
            "body": [{"type": "nope", "value": "x"}],
        }
        assert api.post(PAGES, document).status_code == 422
        document["body"] = [{"type": "heading", "value": {"text": 3, "level": []}}]
        assert api.post(PAGES, document).status_code == 422
        assert not ArticlePage.objects.filter(title="Blocs").exists()


class TestPermissions:
    """A token acts as its user: anonymous, a user without page permissions
    (read-only), an editor who may not publish (Wagtail's Editors), an editor
    who may (Moderators), a superuser."""

    USERS = {
        "anonymous": None,
        "read_only": {},
        "editor_without_publish": {"group": "Editors"},
        "editor": {"group": "Moderators"},
        "admin": {"is_superuser": True},
    }
    # (reads the index, may create a draft, may publish, may submit to
    # moderation). With a token, Wagtail's pages/ reads show the pages its user
    # may change (the admin's view of the tree): a token without page
    # permissions reads nothing there; readers use no token.
    EXPECTED = {
        "anonymous": (True, 401, 401, 401),
        "read_only": (False, 403, 403, 403),
        "editor_without_publish": (True, 201, 403, 200),
        "editor": (True, 201, 200, 200),
        "admin": (True, 201, 200, 200),
    }

    @pytest.mark.parametrize("who", list(USERS))
    def test_matrix(self, client, who, glossary_index):
        spec = self.USERS[who]
        token = None
        if spec is not None:
            user = make_user(f"user-{who}", **spec)
            token = token_for(user)
        api = API(client, token)
        can_read, create, publish, submit = self.EXPECTED[who]
        assert (api.get(f"{PAGES}{glossary_index.pk}/").status_code == 200) is can_read
        before = GlossaryEntryPage.objects.count()
        response = api.post(PAGES, glossary_document(glossary_index))
        assert response.status_code == create, response.content
        if create != 201:
            assert response["Content-Type"].startswith("application/problem+json")
            assert GlossaryEntryPage.objects.count() == before
            # An existing page is as closed to them.
            page = entry(glossary_index, "Existant", publish=False)
        else:
            page = GlossaryEntryPage.objects.get(pk=response.json()["id"])
            assert not page.live
            assert PageLogEntry.objects.filter(
                page=page, action="wagtail.create", user__username=f"user-{who}"
            ).exists()
        published = api.post(f"{PAGES}{page.pk}/actions/publish/", {})
        assert published.status_code == publish, published.content
        page.refresh_from_db()
        assert page.live is (publish == 200)
        if publish == 200:
            return
        submitted = api.post(f"{PAGES}{page.pk}/actions/submit/", {})
        assert submitted.status_code == submit, submitted.content
        page.refresh_from_db()
        assert page.workflow_in_progress is (submit == 200)
        if submit == 200:
            assert not page.live
            assert PageLogEntry.objects.filter(
                page=page, action="wagtail.workflow.start", user__username=f"user-{who}"
            ).exists()
            # Submitted twice: a clear conflict, not a second workflow.
            again = api.post(f"{PAGES}{page.pk}/actions/submit/", {})
            assert again.status_code == 409

    def test_an_editor_cannot_write_outside_their_pages(self, client, home):
        from tests.factories import GlossaryIndexPageFactory

        index = GlossaryIndexPageFactory(parent=home)
        user = make_user("limitee")
        group = Group.objects.create(name="Glossaire seulement")
        user.groups.add(group)
        from django.contrib.auth.models import Permission

        from wagtail.models import GroupPagePermission

        GroupPagePermission.objects.create(
            group=group,
            page=index,
            permission=Permission.objects.get(codename="add_page"),
        )
        api = API(client, token_for(user))
        assert api.post(PAGES, glossary_document(index)).status_code == 201
        other = GlossaryIndexPageFactory(parent=home, title="Autre", slug="autre")
        assert api.post(PAGES, glossary_document(other)).status_code == 403


class TestUpsert:
    def test_the_same_item_twice_is_one_page(self, api, glossary_index):
        url = "/api/v3/external/newsroom/term-42/"
        document = glossary_document(glossary_index, tags=["crm"])
        first = api.client.put(
            url, document, content_type="application/json", **api.headers
        )
        assert first.status_code == 201, first.content
        document["short_definition"] = "Nouvelle définition."
        second = api.client.put(
            url, document, content_type="application/json", **api.headers
        )
        assert second.status_code == 200, second.content
        assert second.json()["id"] == first.json()["id"]
        pages = GlossaryEntryPage.objects.filter(title="Lead nurturing")
        assert pages.count() == 1
        page = pages.get().get_latest_revision_as_object()
        assert page.short_definition == "Nouvelle définition."
        assert [tag.name for tag in page.tags.all()] == ["crm"]

    def test_another_source_is_another_page(self, api, glossary_index):
        for source, title in (("newsroom", "Un"), ("partner", "Deux")):
            response = api.client.put(
                f"/api/v3/external/{source}/42/",
                glossary_document(glossary_index, title=title),
                content_type="application/json",
                **api.headers,
            )
            assert response.status_code == 201, response.content
        assert GlossaryEntryPage.objects.filter(title__in=["Un", "Deux"]).count() == 2

    def test_a_type_change_is_refused(self, api, glossary_index, article_index):
        url = "/api/v3/external/newsroom/x/"
        api.client.put(
            url,
            glossary_document(glossary_index),
            content_type="application/json",
            **api.headers,
        )
        response = api.client.put(
            url,
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
                "title": "Autre",
            },
            content_type="application/json",
            **api.headers,
        )
        assert problem_fields(response)

    def test_bad_ids_and_anonymous_writes(self, client, api, glossary_index):
        response = api.client.put(
            "/api/v3/external/News%20room/1/",
            glossary_document(glossary_index),
            content_type="application/json",
            **api.headers,
        )
        assert response.status_code == 422
        response = client.put(
            "/api/v3/external/newsroom/1/",
            glossary_document(glossary_index),
            content_type="application/json",
        )
        assert response.status_code == 401
        assert not GlossaryEntryPage.objects.filter(title="Lead nurturing").exists()


def test_a_glossary_entry_with_forms_sources_and_related_entries(api, glossary_index):
    b2b = entry(glossary_index, "B2B")
    response = api.post(
        PAGES,
        glossary_document(
            glossary_index,
            case_sensitive=True,
            alternative_forms=[{"form": "nurturing"}],
            sources=[
                {"title": "Le Robert", "url": "https://dictionnaire.lerobert.com/"}
            ],
            related_entries=[{"target_id": b2b.pk}],
            explanation=[{"type": "paragraph", "value": "<p>Plus <b>long</b>.</p>"}],
            tags=["crm"],
            meta={
                "type": "glossary.GlossaryEntryPage",
                "parent_id": glossary_index.pk,
                "action": "publish",
            },
        ),
    )
    assert response.status_code == 201, response.content
    data = api.get(f"{PAGES}{response.json()['id']}/").json()
    assert data["alternative_form_list"] == ["nurturing"]
    assert data["source_list"][0]["title"] == "Le Robert"
    assert [item["term"] for item in data["related_entry_list"]] == ["B2B"]
    assert "<b>long</b>" in data["explanation"][0]["value"]
    page = GlossaryEntryPage.objects.get(pk=data["id"])
    assert page.live and page.case_sensitive


def test_a_partial_update_changes_only_what_it_sends(api, glossary_index):
    created = api.post(
        PAGES,
        glossary_document(glossary_index, alternative_forms=[{"form": "nurturing"}]),
    ).json()
    response = api.patch(
        f"{PAGES}{created['id']}/", {"short_definition": "Autre définition."}
    )
    assert response.status_code == 200, response.content
    page = GlossaryEntryPage.objects.get(pk=created["id"])
    draft = page.get_latest_revision_as_object()
    assert draft.short_definition == "Autre définition."
    assert [form.form for form in draft.alternative_forms.all()] == ["nurturing"]
    assert page.revisions.count() == 2


def test_rich_text_the_features_do_not_allow_is_stripped_and_reported(
    api, article_index
):
    response = api.post(
        PAGES,
        {
            "meta": {"type": "articles.ArticlePage", "parent_id": article_index.pk},
            "title": "Nettoyé",
            "body": [
                {
                    "type": "paragraph",
                    "value": '<p>Texte<script>alert(1)</script> <img src="x"></p>',
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    warnings = response.json()["meta"]["warnings"]
    assert {warning["tag"] for warning in warnings} >= {"script"}
    page = ArticlePage.objects.get(pk=response.json()["id"])
    stored = page.get_latest_revision_as_object().body[0].value.source
    assert "<script" not in stored and "<img" not in stored


def test_an_episode_and_its_show(api, home):
    from podcasts.models import PodcastEpisodePage, PodcastShowPage
    from tests.factories_podcasts import audio_file

    show = api.post(
        PAGES,
        {
            "meta": {"type": "podcasts.PodcastShowPage", "parent_id": home.pk},
            "title": "Marketing B2B",
            "description": "Un podcast.",
            "author": "Pressroom",
            "language": "fr",
            "subscribe_links": [
                {"platform": "spotify", "url": "https://open.spotify.com/show/x"}
            ],
        },
    )
    assert show.status_code == 201, show.content
    refused = api.post(
        PAGES,
        {
            "meta": {"type": "podcasts.PodcastShowPage", "parent_id": home.pk},
            "title": "Mauvais lien",
            "description": "Un podcast.",
            "subscribe_links": [{"platform": "apple", "url": "javascript:alert(1)"}],
        },
    )
    assert "subscribe_links.0.url" in problem_fields(refused)
    person = PersonFactory(name="Claire Morvan")
    audio = audio_file()
    response = api.post(
        PAGES,
        {
            "meta": {
                "type": "podcasts.PodcastEpisodePage",
                "parent_id": show.json()["id"],
                "action": "publish",
            },
            "title": "Épisode 1",
            "summary": "Le premier.",
            "audio_id": audio.pk,
            "episode_number": 1,
            "season_number": 1,
            "episode_type": "full",
            "credits": [{"person_id": person.pk, "role": "host"}],
            "chapters": [
                {"start_time": "PT0S", "title": "Intro"},
                {"start_time": "PT1M30S", "title": "Suite", "url": ""},
            ],
            "transcript_text": "Bonjour.",
        },
    )
    assert response.status_code == 201, response.content
    episode = PodcastEpisodePage.objects.get(pk=response.json()["id"])
    assert episode.live and episode.audio == audio
    assert [c.title for c in episode.chapters.all()] == ["Intro", "Suite"]
    assert [c.person for c in episode.credits.all()] == [person]
    data = api.get(f"{PAGES}{episode.pk}/").json()
    assert data["enclosure"]["type"] == "audio/mpeg"
    assert PodcastShowPage.objects.get(pk=show.json()["id"]).subscribe_links.count()


def test_an_episode_alias_gets_its_own_guid(api, show):
    """Wagtail copies every field into an alias: an episode's unique GUID
    made the alias a server error (API and admin alike)."""
    from podcasts.models import PodcastEpisodePage
    from tests.factories import PodcastEpisodePageFactory

    episode = PodcastEpisodePageFactory(parent=show, title="Original")
    response = api.post(
        f"{PAGES}{episode.pk}/actions/create_alias/",
        {"destination_id": show.pk, "slug": "alias-episode"},
    )
    assert response.status_code == 201, response.content
    alias = PodcastEpisodePage.objects.get(pk=response.json()["id"])
    assert alias.alias_of_id == episode.pk
    assert alias.guid != episode.guid
    # Publishing the original updates the alias, whose GUID stays its own.
    guid = alias.guid
    episode.title = "Nouveau titre"
    episode.save_revision().publish()
    alias.refresh_from_db()
    assert (alias.title, alias.guid) == ("Nouveau titre", guid)


class TestSnippets:
    """People, partners, categories and audio files through API v3, with the
    admin's checks and the model permissions of the token's user."""

    def test_a_person_with_links_a_partner_and_a_category(self, client):
        from articles.models import Category, Partner
        from editorial.models import Person

        api = API(client, token_for(make_user("chef", is_superuser=True)))
        person = api.post(
            "/api/v3/people/",
            {
                "name": "Zoé Martin",
                "slug": "zoe-martin",
                "organisation": "Orbitale",
                "links": [{"label": "Site", "url": "https://orbitale.example/"}],
            },
        )
        assert person.status_code == 201, person.content
        stored = Person.objects.get(pk=person.json()["id"])
        assert [link.url for link in stored.links.all()] == [
            "https://orbitale.example/"
        ]
        partner = api.post("/api/v3/partners/", {"name": "Acme", "url": ""})
        assert partner.status_code == 201, partner.content
        category = api.post(
            "/api/v3/categories/", {"name": "Stratégie", "slug": "strategie"}
        )
        assert category.status_code == 201, category.content
        renamed = api.patch(
            f"/api/v3/categories/{category.json()['id']}/", {"name": "Stratégies"}
        )
        assert renamed.status_code == 200, renamed.content
        assert Category.objects.get().slug == "strategie"
        assert Category.objects.get().name == "Stratégies"
        assert Partner.objects.filter(name="Acme").exists()

    def test_the_admin_checks_apply(self, client):
        from editorial.models import Person

        api = API(client, token_for(make_user("chef", is_superuser=True)))
        PersonFactory(slug="zoe-martin")
        duplicate = api.post("/api/v3/people/", {"name": "Zoé", "slug": "zoe-martin"})
        assert "slug" in problem_fields(duplicate)
        bad_url = api.post("/api/v3/partners/", {"name": "X", "url": "javascript:x"})
        assert "url" in problem_fields(bad_url)
        bad_link = api.post(
            "/api/v3/people/",
            {"name": "Y", "slug": "y", "links": [{"label": "L", "url": "ftp:/x"}]},
        )
        assert "links.0.url" in problem_fields(bad_link)
        assert not Person.objects.filter(slug="y").exists()

    def test_model_permissions(self, client):
        editor = make_user("redactrice", "Editors")
        response = API(client, token_for(editor)).post(
            "/api/v3/categories/", {"name": "X", "slug": "x"}
        )
        assert response.status_code == 403
        assert API(client).post("/api/v3/categories/", {"name": "X"}).status_code == 401

    def test_an_audio_upload_is_checked_like_the_admin(self, client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from podcasts.models import AudioFile
        from tests.factories_podcasts import encode_audio

        token = token_for(make_user("chef", is_superuser=True))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        response = client.post(
            "/api/v3/podcasts/audio/",
            {"file": SimpleUploadedFile("episode.mp3", encode_audio("mp3", 3))},
            **headers,
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["mime_type"] == "audio/mpeg" and data["duration_seconds"] == 3
        assert data["title"]
        fake = client.post(
            "/api/v3/podcasts/audio/",
            {"file": SimpleUploadedFile("episode.mp3", b"not audio at all" * 100)},
            **headers,
        )
        assert "file" in problem_fields(fake)
        assert AudioFile.objects.count() == 1
        anonymous = client.post(
            "/api/v3/podcasts/audio/",
            {"file": SimpleUploadedFile("episode.mp3", encode_audio("mp3", 3))},
        )
        assert anonymous.status_code == 401


class TestAudioFileChanges:
    """PATCH /api/v3/podcasts/audio/<id>/ (JSON metadata) and POST on the
    same address (multipart: a new recording), with the admin form's checks
    and the audio-file permissions of the token's user."""

    URL = "/api/v3/podcasts/audio/{}/"

    @pytest.fixture
    def audio(self):
        from tests.factories_podcasts import audio_file

        return audio_file(seconds=3, title="Premier enregistrement")

    def headers(self, user):
        return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}

    def test_patch_changes_the_title_only(self, client, audio):
        from wagtail.models import ModelLogEntry

        chef = make_user("chef", is_superuser=True)
        url = self.URL.format(audio.pk)
        file_name = audio.file.name
        response = client.patch(
            url,
            {"title": "Épisode 12, version finale"},
            content_type="application/json",
            **self.headers(chef),
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["title"] == "Épisode 12, version finale"
        assert data["duration_seconds"] == 3 and data["mime_type"] == "audio/mpeg"
        audio.refresh_from_db()
        assert audio.title == "Épisode 12, version finale"
        assert audio.file.name == file_name
        assert ModelLogEntry.objects.filter(
            object_id=str(audio.pk), action="wagtail.edit", user=chef
        ).exists()
        # Nothing sent, nothing changed; an empty title is read from the file.
        assert (
            client.patch(
                url, {}, content_type="application/json", **self.headers(chef)
            ).json()["title"]
            == "Épisode 12, version finale"
        )
        emptied = client.patch(
            url, {"title": ""}, content_type="application/json", **self.headers(chef)
        )
        assert emptied.status_code == 200, emptied.content
        assert emptied.json()["title"]

    def test_patch_refuses_bad_input(self, client, audio):
        chef = make_user("chef", is_superuser=True)
        url = self.URL.format(audio.pk)
        for document in (
            {"title": "x" * 256},
            {"title": 12},
            {"duration_seconds": 1},
        ):
            response = client.patch(
                url, document, content_type="application/json", **self.headers(chef)
            )
            assert response.status_code == 422, (document, response.content)
            assert response["Content-Type"].startswith("application/problem+json")
        audio.refresh_from_db()
        assert audio.title == "Premier enregistrement"
        missing = client.patch(
            self.URL.format(audio.pk + 1000),
            {"title": "x"},
            content_type="application/json",
            **self.headers(chef),
        )
        assert missing.status_code == 404

    def test_a_new_recording_replaces_the_file(self, client, audio):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.factories_podcasts import encode_audio

        chef = make_user("chef", is_superuser=True)
        url = self.URL.format(audio.pk)
        response = client.post(
            url,
            {"file": SimpleUploadedFile("nouveau.opus", encode_audio("opus", 5))},
            **self.headers(chef),
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["id"] == audio.pk
        assert data["title"] == "Premier enregistrement"
        assert data["mime_type"] == "audio/ogg" and data["duration_seconds"] == 5
        audio.refresh_from_db()
        assert audio.file.name.endswith(".opus")
        assert (audio.duration_seconds, audio.mime_type) == (5, "audio/ogg")
        retitled = client.post(
            url,
            {
                "file": SimpleUploadedFile("v3.mp3", encode_audio("mp3", 4)),
                "title": "Version 3",
            },
            **self.headers(chef),
        )
        assert retitled.status_code == 200, retitled.content
        assert retitled.json()["title"] == "Version 3"

    def test_a_replacement_that_is_not_audio_changes_nothing(self, client, audio):
        from django.core.files.uploadedfile import SimpleUploadedFile

        chef = make_user("chef", is_superuser=True)
        before = (audio.file.name, audio.duration_seconds, audio.mime_type)
        response = client.post(
            self.URL.format(audio.pk),
            {
                "file": SimpleUploadedFile("faux.mp3", b"not audio at all" * 100),
                "title": "Faux",
            },
            **self.headers(chef),
        )
        assert "file" in problem_fields(response)
        no_file = client.post(self.URL.format(audio.pk), {}, **self.headers(chef))
        assert no_file.status_code == 422
        audio.refresh_from_db()
        assert (audio.file.name, audio.duration_seconds, audio.mime_type) == before
        assert audio.title == "Premier enregistrement"

    def test_permissions(self, client, audio):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.factories_podcasts import encode_audio

        url = self.URL.format(audio.pk)

        def attempts(**headers):
            patch = client.patch(
                url, {"title": "Pirate"}, content_type="application/json", **headers
            )
            post = client.post(
                url,
                {"file": SimpleUploadedFile("a.mp3", encode_audio("mp3", 3))},
                **headers,
            )
            return patch.status_code, post.status_code

        assert attempts() == (401, 401)
        # Wagtail's Editors may not change audio files (no model permission).
        assert attempts(**self.headers(make_user("lectrice", "Editors"))) == (
            403,
            403,
        )
        audio.refresh_from_db()
        assert audio.title == "Premier enregistrement"
        assert audio.file.name.endswith(".mp3")


def test_the_readme_audio_example(client, moderator):
    """README, Writing through API v3: upload, retitle, replace."""
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories_podcasts import encode_audio

    moderator.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_audiofile", "change_audiofile"])
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}
    api = "/api/v3/"
    upload = SimpleUploadedFile("episode-12.mp3", encode_audio("mp3", 3))
    audio = client.post(api + "podcasts/audio/", {"file": upload}, **headers).json()
    retitled = client.patch(
        api + f"podcasts/audio/{audio['id']}/",
        {"title": "Épisode 12"},
        content_type="application/json",
        **headers,
    )
    assert retitled.status_code == 200, retitled.content
    upload = SimpleUploadedFile("episode-12-v2.mp3", encode_audio("mp3", 4))
    audio = client.post(
        api + f"podcasts/audio/{audio['id']}/", {"file": upload}, **headers
    ).json()
    assert (audio["title"], audio["duration_seconds"], audio["mime_type"]) == (
        "Épisode 12",
        4,
        "audio/mpeg",
    )


def test_an_image_uploaded_through_wagtails_api_is_an_articles_hero(
    client, moderator, article_index
):
    """Wagtail's own POST /api/v3/images/ (multipart) with a token, then its
    id as an article's hero_image_id."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.images.tests.utils import get_test_image_file

    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}
    upload = get_test_image_file(filename="hero.png", size=(1200, 800))
    uploaded = client.post(
        "/api/v3/images/",
        {
            "file": SimpleUploadedFile("hero.png", upload.file.getvalue(), "image/png"),
            "title": "Photo de une",
        },
        **headers,
    )
    assert uploaded.status_code == 201, uploaded.content
    image_id = uploaded.json()["id"]
    api = API(client, token_for(moderator))
    created = api.post(
        PAGES,
        {
            "meta": {
                "type": "articles.ArticlePage",
                "parent_id": article_index.pk,
                "action": "publish",
            },
            "title": "Avec une photo",
            "hero_image_id": image_id,
            "hero_caption": "La photo",
        },
    )
    assert created.status_code == 201, created.content
    page = ArticlePage.objects.get(pk=created.json()["id"])
    assert page.live and page.hero_image_id == image_id
    data = api.get(f"{PAGES}{page.pk}/").json()
    assert data["hero_image"]["width"] and data["hero_image"]["url"]


def test_the_readme_example(client, moderator, article_index, glossary_index):
    """README, Writing through API v3: a glossary entry, an article linking
    it, both published, by upsert."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}

    def send(method, path, document=None):
        response = getattr(client, method)(
            "/api/v3/" + path,
            document,
            content_type="application/json",
            follow=True,
            **headers,
        )
        assert response.status_code < 400, response.content
        return response.json()

    def page_id(path):
        return send("get", f"pages/find/?html_path={path}")["id"]

    assert page_id(glossary_index.url) == glossary_index.pk
    entry_data = send(
        "put",
        "external/newsroom/term-abm/",
        {
            "meta": {
                "type": "glossary.GlossaryEntryPage",
                "parent_id": page_id(glossary_index.url),
            },
            "title": "ABM",
            "short_definition": "Account-based marketing : cibler des comptes.",
            "alternative_forms": [{"form": "account-based marketing"}],
            "tags": ["prospection"],
        },
    )
    send("post", f"pages/{entry_data['id']}/actions/publish/")
    article = send(
        "put",
        "external/newsroom/article-1042/",
        {
            "meta": {
                "type": "articles.ArticlePage",
                "parent_id": page_id(article_index.url),
            },
            "title": "L'ABM en trois étapes",
            "tags": ["prospection"],
            "body": [
                {"type": "heading", "value": {"text": "Choisir", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": f'<p>L\'<a data-glossary-id="{entry_data["id"]}">ABM'
                    "</a> commence par une liste.</p>",
                },
            ],
            "see_also_items": [{"target_id": entry_data["id"], "label": ""}],
        },
    )
    assert not article["meta"].get("warnings")
    published = send("post", f"pages/{article['id']}/actions/publish/")
    page = client.get(published["meta"]["html_url"].replace("http://localhost", ""))
    assert page.status_code == 200
    assert f'data-glossary-id="{entry_data["id"]}"' in page.content.decode()
