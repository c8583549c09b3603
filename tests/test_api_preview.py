"""Headless preview: an editor presses Preview in the admin, the front end
receives a token and reads the draft from /api/v3/preview/ (or
/api/v2/page_preview/); without that token, nothing shows the draft."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group
from django.core.signing import TimestampSigner, b62_encode
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from taggit.models import Tag
from wagtail.models import PreviewableMixin
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest
from bs4 import BeautifulSoup
from wagtail_headless_preview.models import PagePreview

from articles.models import ArticlePage
from editorial.api.preview import NOT_FOUND_MESSAGE
from editorial.preview import HEADLESS_MODE
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)
from tests.factories_articles import PersonFactory, credit
from tests.factories_glossary import paragraph

CLIENT_URL = "https://front.example/preview"
HEADLESS = {"CLIENT_URLS": {"default": CLIENT_URL}, "ENFORCE_TRAILING_SLASH": False}

PUBLISHED_TITLE = "Titre publié"
DRAFT_TITLE = "Titre du brouillon"
DRAFT_PARAGRAPH = "Un paragraphe du brouillon."


@pytest.fixture
def headless(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = HEADLESS


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="redaction", password="secret", email="redaction@example.com"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def article(article_index):
    page = ArticlePageFactory(
        parent=article_index,
        title=PUBLISHED_TITLE,
        slug="former",
        body=[paragraph("<p>Le paragraphe publié.</p>")],
    )
    tag(page, "b2b")
    return page


@pytest.fixture
def picked(article_index):
    return ArticlePageFactory(parent=article_index, title="Lecture conseillée")


def edit_form(page, picked, **fields):
    """The edit form as the admin posts it, with a changed title, a body
    paragraph and one see-also pick."""
    data = {
        "title": DRAFT_TITLE,
        "slug": page.slug,
        "standfirst": "Le chapeau du brouillon.",
        "publication_date": "2024-09-09",
        "tags": "b2b",
        "auto_link_terms": "on",
        "body": streamfield([("paragraph", rich_text(f"<p>{DRAFT_PARAGRAPH}</p>"))]),
        "playable_versions": inline_formset([]),
        "see_also_items": inline_formset([{"target": picked.pk, "label": ""}]),
        "contributors": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def press_preview(client, preview_url, form_data, mode=None):
    """What the admin's preview panel does: POST the form, then GET what the
    panel's iframe shows."""
    response = client.post(preview_url, form_data)
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}
    query = {"mode": mode} if mode is not None else {}
    return client.get(preview_url, query)


def front_end_url(response):
    """The client URL the admin's preview frames, with its query."""
    assert response.status_code == 200
    iframe = BeautifulSoup(response.content, "html.parser").find("iframe")
    assert iframe is not None, response.content[:500]
    return iframe["src"]


def token_query(url):
    query = parse_qs(urlsplit(url).query)
    return {"content_type": query["content_type"][0], "token": query["token"][0]}


def preview_v3(client, **query):
    return client.get("/api/v3/preview/", query)


def preview_v2(client, **query):
    return client.get("/api/v2/page_preview/", query)


# -- the editor's preview ----------------------------------------------------


@pytest.mark.django_db
class TestEditorPreviewsInTheFrontEnd:
    def test_preview_opens_the_client_url_with_a_token_that_reads_the_draft(
        self, headless, editor_client, article, picked, article_index
    ):
        # Without the editor's pick, the shared tag would come first.
        tagged = ArticlePageFactory(parent=article_index, title="Même tag")
        tag(tagged, "b2b")
        live_see_also = Client().get(f"/api/v3/pages/{article.pk}/").json()["see_also"]
        assert [item["title"] for item in live_see_also[:2]] == [
            tagged.title,
            picked.title,
        ]
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

        # No mode given: the panel's default, the site's own design.
        site_design = press_preview(
            editor_client, preview_url, edit_form(article, picked)
        )
        assert site_design.status_code == 200
        assert BeautifulSoup(site_design.content, "html.parser").find("iframe") is None
        # The second mode: the front end.
        url = front_end_url(
            press_preview(
                editor_client, preview_url, edit_form(article, picked), HEADLESS_MODE
            )
        )

        assert url.startswith(CLIENT_URL + "?")
        query = token_query(url)
        assert query["content_type"] == "articles.articlepage"

        anonymous = Client()
        draft = preview_v3(anonymous, **query, rich_text_format="html")
        assert draft.status_code == 200
        data = draft.json()
        assert data["id"] == article.pk
        assert data["meta"]["type"] == "articles.ArticlePage"
        assert data["title"] == DRAFT_TITLE
        assert data["standfirst"] == "Le chapeau du brouillon."
        assert [block["type"] for block in data["body"]] == ["paragraph"]
        assert DRAFT_PARAGRAPH in data["body"][0]["value"]
        assert [item["title"] for item in data["see_also"]][:2] == [
            picked.title,
            tagged.title,
        ]
        # Never kept by a cache.
        assert "no-store" in draft["Cache-Control"]

        v2 = preview_v2(anonymous, **query)
        assert v2.status_code == 200
        assert v2.json()["title"] == DRAFT_TITLE
        assert v2.json()["see_also"][0]["title"] == picked.title
        assert "no-store" in v2["Cache-Control"]

    def test_the_draft_has_the_shape_of_the_live_page(self, headless, article, picked):
        see_also(article, picked)
        # Previewed unchanged, the draft and the live page must agree.
        response = article.make_preview_request(preview_mode=HEADLESS_MODE)
        query = token_query(front_end_url(response))
        anonymous = Client()
        for live_url, draft in [
            (f"/api/v3/pages/{article.pk}/", preview_v3(anonymous, **query)),
            (f"/api/v2/pages/{article.pk}/", preview_v2(anonymous, **query)),
        ]:
            assert draft.status_code == 200
            assert draft.json() == anonymous.get(live_url).json()

    def test_a_page_not_created_yet_is_previewed_with_id_0(
        self, headless, editor_client, article_index, picked
    ):
        preview_url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["articles", "articlepage", article_index.pk],
        )
        form = edit_form(ArticlePage(slug="nouvel-article"), picked)
        query = token_query(
            front_end_url(
                press_preview(editor_client, preview_url, form, HEADLESS_MODE)
            )
        )

        data = preview_v3(Client(), **query).json()
        assert data["id"] == 0
        assert data["title"] == DRAFT_TITLE
        assert data["meta"]["parent"]["id"] == article_index.pk
        assert preview_v2(Client(), **query).json()["id"] == 0

    def test_site_templates_stay_one_mode_away(
        self, headless, editor_client, article, picked
    ):
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        response = press_preview(
            editor_client, preview_url, edit_form(article, picked), mode=""
        )
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text(strip=True) == DRAFT_TITLE
        assert not soup.select("iframe[src^='https://front.example']")

    def test_without_a_client_url_preview_is_wagtails_own(
        self, settings, editor_client, article, picked
    ):
        settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}}
        assert article.preview_modes == PreviewableMixin.DEFAULT_PREVIEW_MODES
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        response = press_preview(editor_client, preview_url, edit_form(article, picked))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text(strip=True) == DRAFT_TITLE
        assert not PagePreview.objects.exists()
        # A stale headless mode falls back to the site's templates too.
        response = editor_client.get(preview_url, {"mode": HEADLESS_MODE})
        assert (
            BeautifulSoup(response.content, "html.parser")
            .find("h1")
            .get_text(strip=True)
            == DRAFT_TITLE
        )

    def test_every_page_type_offers_the_site_design_first(
        self, headless, home, article_index, glossary_index, show, article
    ):
        pages = [
            home,
            article_index,
            article,
            glossary_index,
            GlossaryEntryPageFactory(parent=glossary_index),
            show,
            PodcastEpisodePageFactory(parent=show),
        ]
        for page in pages:
            page = page.specific
            assert page.default_preview_mode == "", type(page)
            assert [mode for mode, _label in page.preview_modes] == ["", HEADLESS_MODE]
            # Routable pages too: the mixin comes before RoutablePageMixin.
            response = page.make_preview_request(preview_mode=HEADLESS_MODE)
            url = front_end_url(response)
            assert token_query(url)["content_type"] == (
                f"{page._meta.app_label}.{page._meta.model_name}"
            )
            data = preview_v3(Client(), **token_query(url)).json()
            assert data["id"] == page.pk
            assert data["title"] == page.title
            # The other mode is the site's own rendering, routable pages too.
            response = page.make_preview_request(preview_mode="")
            assert response.status_code == 200
            assert b"front.example" not in response.content
            assert page.title in response.content.decode()


@pytest.mark.django_db
def test_a_site_without_a_client_url_previews_with_its_templates(settings, article):
    # Only another host has a front end, and there is no "default".
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"other.example": CLIENT_URL}}
    response = article.make_preview_request(preview_mode=HEADLESS_MODE)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text(strip=True) == PUBLISHED_TITLE
    assert not PagePreview.objects.exists()


@pytest.mark.django_db
def test_the_admin_frame_is_titled(headless, article):
    response = article.make_preview_request(preview_mode=HEADLESS_MODE)
    soup = BeautifulSoup(response.content, "html.parser")
    title = gettext("Preview in the front end")
    assert soup.find("iframe")["title"] == title
    assert soup.find("title").get_text() == title
    assert soup.find("html")["lang"]


# -- privacy -----------------------------------------------------------------


def published_title_everywhere(client, article, picked):
    """The titles the live endpoints show for ``article``."""
    titles = []
    titles.append(client.get(f"/api/v3/pages/{article.pk}/").json()["title"])
    titles.append(
        client.get(f"/api/v3/pages/{article.pk}/", {"version": "draft"}).json()["title"]
    )
    listing = client.get("/api/v3/pages/", {"type": "articles.ArticlePage"}).json()
    titles += [item["title"] for item in listing["items"] if item["id"] == article.pk]
    titles.append(client.get(f"/api/v2/pages/{article.pk}/").json()["title"])
    listing = client.get("/api/v2/pages/", {"type": "articles.ArticlePage"}).json()
    titles += [item["title"] for item in listing["items"] if item["id"] == article.pk]
    content = client.get("/api/v3/content/").json()
    titles += [item["title"] for item in content["items"] if item["id"] == article.pk]
    see_also_items = client.get(f"/api/v3/content/{picked.pk}/see-also/").json()
    titles += [item["title"] for item in see_also_items if item["id"] == article.pk]
    tagged = client.get("/api/v3/tags/b2b/").json()["items"]
    titles += [item["title"] for item in tagged if item["id"] == article.pk]
    return titles


@pytest.mark.django_db
class TestDraftsOnlyWithTheToken:
    def test_live_endpoints_never_show_the_draft(
        self, headless, editor_client, article, picked
    ):
        see_also(picked, article)
        # A saved draft and a preview of further changes.
        article.title = "Titre du brouillon enregistré"
        article.save_revision()
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        query = token_query(
            front_end_url(
                press_preview(
                    editor_client,
                    preview_url,
                    edit_form(article, picked),
                    HEADLESS_MODE,
                )
            )
        )

        for client in (Client(), editor_client):
            titles = published_title_everywhere(client, article, picked)
            assert len(titles) == 8
            assert set(titles) == {PUBLISHED_TITLE}
        assert preview_v3(Client(), **query).json()["title"] == DRAFT_TITLE

    def test_a_never_published_page_is_only_seen_with_its_token(
        self, headless, article_index, picked
    ):
        draft = ArticlePageFactory(parent=article_index, title="Secret", live=False)
        response = draft.make_preview_request(preview_mode=HEADLESS_MODE)
        query = token_query(front_end_url(response))

        anonymous = Client()
        assert anonymous.get(f"/api/v3/pages/{draft.pk}/").status_code == 404
        assert anonymous.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
        assert preview_v3(anonymous, **query).json()["title"] == "Secret"

    def assert_v3_not_found(self, response):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["detail"] == str(NOT_FOUND_MESSAGE)
        assert "title" not in body or body["title"] == "Not Found"

    def assert_v2_not_found(self, response):
        assert response.status_code == 404
        assert response.json() == {"message": str(NOT_FOUND_MESSAGE)}

    @pytest.fixture
    def query(self, headless, article):
        response = article.make_preview_request(preview_mode=HEADLESS_MODE)
        return token_query(front_end_url(response))

    def test_a_valid_token_reads_the_page(self, query):
        assert preview_v3(Client(), **query).status_code == 200
        assert preview_v2(Client(), **query).status_code == 200

    @pytest.mark.parametrize(
        "token",
        [
            "garbage",
            "id=1:1tAbCd:forged-signature",
            # Well signed, for no stored preview.
            TimestampSigner(salt="headlesspreview.token").sign("id=999999"),
            # Signed with another salt.
            TimestampSigner(salt="another.salt").sign("id=1"),
        ],
        ids=["garbage", "forged", "no-preview", "other-salt"],
    )
    def test_an_invalid_token_finds_nothing(self, query, token):
        self.assert_v3_not_found(preview_v3(Client(), **{**query, "token": token}))
        self.assert_v2_not_found(preview_v2(Client(), **{**query, "token": token}))

    def test_a_token_for_another_page_type_finds_nothing(self, query):
        other = {**query, "content_type": "glossary.glossaryentrypage"}
        self.assert_v3_not_found(preview_v3(Client(), **other))
        self.assert_v2_not_found(preview_v2(Client(), **other))

    def test_a_deleted_preview_finds_nothing(self, query):
        PagePreview.objects.all().delete()
        self.assert_v3_not_found(preview_v3(Client(), **query))
        self.assert_v2_not_found(preview_v2(Client(), **query))

    def test_an_expired_token_finds_nothing(
        self, headless, article, monkeypatch, settings
    ):
        settings.PRESSROOM_PREVIEW_TOKEN_MAX_AGE = 3600
        # A token signed an hour and a minute ago; the clock itself is real.
        monkeypatch.setattr(
            TimestampSigner,
            "timestamp",
            lambda self: b62_encode(int(__import__("time").time()) - 3660),
        )
        response = article.make_preview_request(preview_mode=HEADLESS_MODE)
        monkeypatch.undo()
        query = token_query(front_end_url(response))
        assert PagePreview.objects.filter(token=query["token"]).exists()

        self.assert_v3_not_found(preview_v3(Client(), **query))
        self.assert_v2_not_found(preview_v2(Client(), **query))

        settings.PRESSROOM_PREVIEW_TOKEN_MAX_AGE = 7200
        assert preview_v3(Client(), **query).status_code == 200


# -- cost and robustness ------------------------------------------------------

# Queries of one preview answer (v3; v2 adds two), whatever the draft's size.
PREVIEW_BUDGET = 22


def build_rich_article(article_index, size):
    """An article with ``size`` tags, see-also picks and paragraphs, previewed
    headless; returns the token query."""
    picks = [ArticlePageFactory(parent=article_index) for _ in range(size)]
    page = ArticlePageFactory(
        parent=article_index,
        body=[paragraph(f"<p>Paragraphe {i}.</p>") for i in range(size)],
    )
    see_also(page, *picks)
    tag(page, *[f"sujet-{size}-{i}" for i in range(size)])
    page = page.get_latest_revision_as_object()
    return token_query(
        front_end_url(page.make_preview_request(preview_mode=HEADLESS_MODE))
    ), page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 8])
def test_the_preview_costs_the_same_whatever_the_draft_size(
    headless, article_index, size, django_assert_max_num_queries
):
    query, page = build_rich_article(article_index, size)
    client = Client()
    preview_v3(client, **query)  # warm per-process caches (content types)
    with django_assert_max_num_queries(PREVIEW_BUDGET):
        data = preview_v3(client, **query).json()
    assert len(data["tags"]) == size
    assert len(data["see_also"]) == min(size, 4)
    with django_assert_max_num_queries(PREVIEW_BUDGET + 2):
        assert len(preview_v2(client, **query).json()["tags"]) == size


@pytest.mark.django_db
def test_a_pick_deleted_after_preview_is_left_out(headless, article, picked):
    see_also(article, picked)
    tag(article, "à-supprimer")
    kept, gone = PersonFactory(), PersonFactory()
    credit(article, kept, gone)
    article = ArticlePage.objects.get(pk=article.pk)  # with its credits
    query = token_query(
        front_end_url(article.make_preview_request(preview_mode=HEADLESS_MODE))
    )
    picked.delete()
    Tag.objects.filter(slug="a-supprimer").delete()
    gone.delete()

    data = preview_v3(Client(), **query).json()
    assert picked.pk not in [item["id"] for item in data["see_also"]]
    assert data["tags"] == [{"name": "b2b", "slug": "b2b"}]
    assert [person["id"] for person in data["contributors"]] == [kept.pk]
    assert preview_v2(Client(), **query).status_code == 200


# -- bad input ---------------------------------------------------------------


@pytest.mark.django_db
class TestBadInput:
    @pytest.fixture
    def query(self, headless, article):
        response = article.make_preview_request(preview_mode=HEADLESS_MODE)
        return token_query(front_end_url(response))

    def assert_v3_invalid(self, response, field):
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert [error["loc"][-1] for error in body["errors"]] == [field]
        return body

    @pytest.mark.parametrize("missing", ["content_type", "token"])
    def test_missing_parameters(self, query, missing):
        del query[missing]
        body = self.assert_v3_invalid(preview_v3(Client(), **query), missing)
        assert body["errors"][0]["type"] == "missing"

        response = preview_v2(Client(), **query)
        assert response.status_code == 400
        assert response.json() == {
            "message": gettext("Both content_type and token are required.")
        }

    @pytest.mark.parametrize(
        "content_type", ["auth.user", "articles", "wagtailcore.page"]
    )
    def test_unknown_content_type(self, query, content_type):
        query["content_type"] = content_type
        self.assert_v3_invalid(preview_v3(Client(), **query), "content_type")

        response = preview_v2(Client(), **query)
        assert response.status_code == 400
        assert response.json()["message"].startswith(
            gettext("Unknown content_type; expected one of: %(types)s.").split("%")[0]
        )
        assert "articles.articlepage" in response.json()["message"]

    @pytest.mark.parametrize("token", ["id=1 :x:y", "x" * 256, "id=1:x:y\n"])
    def test_malformed_token(self, query, token):
        query["token"] = token
        self.assert_v3_invalid(preview_v3(Client(), **query), "token")

        response = preview_v2(Client(), **query)
        assert response.status_code == 400
        assert response.json() == {"message": gettext("This is not a preview token.")}

    @pytest.mark.parametrize("name", ["content_type", "token"])
    def test_nul_byte_is_refused_before_the_view(self, query, name):
        query[name] += "\x00"
        response = preview_v3(Client(), **query)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"

        response = preview_v2(Client(), **query)
        assert response.status_code == 400
        assert "message" in response.json()

    def test_v2_unknown_parameter(self, query):
        response = preview_v2(Client(), **query, limit="3")
        assert response.status_code == 400
        assert "limit" in response.json()["message"]

    def test_v2_has_no_detail_or_find_url(self, query):
        assert Client().get("/api/v2/page_preview/1/", query).status_code == 404
        assert Client().get("/api/v2/page_preview/find/", query).status_code == 404

    def test_v2_fields_parameter_works_as_on_pages(self, query):
        response = preview_v2(Client(), **query, fields="-see_also")
        assert response.status_code == 200
        assert "see_also" not in response.json()
        response = preview_v2(Client(), **query, fields="nope")
        assert response.status_code == 400


@pytest.mark.django_db
def test_openapi_documents_the_preview_endpoint(client):
    document = client.get("/api/v3/openapi.json").json()
    operation = document["paths"]["/api/v3/preview/"]["get"]
    params = {param["name"]: param for param in operation["parameters"]}
    assert params["content_type"]["required"] and params["token"]["required"]
    assert "articles.articlepage" in params["content_type"]["schema"]["enum"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    live = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]["200"]
    # The same page union as the live detail endpoint.
    assert ok == live["content"]["application/json"]["schema"]
    not_found = operation["responses"]["404"]["content"]
    assert not_found["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/ProblemDetail"
    }
