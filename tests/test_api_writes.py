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
from tests.factories_articles import CategoryFactory, PartnerFactory, PersonFactory
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
