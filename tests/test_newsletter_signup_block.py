"""The newsletter sign-up block in an article's body and in a standard page's
body (``editorial.signup``, filled in by newsletter): the form posts to the
newsletter, the editor is offered the block; without an app keeping
subscribers the block is neither offered nor rendered."""

import json

import pytest
from bs4 import BeautifulSoup

from articles.blocks.body import ArticleBodyBlock
from editorial.signup import signup_forms
from newsletter.blocks import render_signup_form
from newsletter.models import Subscription
from site_config.models import StandardBodyBlock, StandardPage
from tests.factories import ArticlePageFactory
from tests.test_newsletter import (  # noqa: F401 (autouse fixture)
    SUBSCRIBE,
    _run_on_commit,
    smtp,
    topics,
)

BLOCK = {
    "type": "newsletter_signup",
    "id": "5c1a9e0e-2f57-4a7b-9d0e-1b2c3d4e5f60",
    "value": {"heading": "Chaque lundi, l'essentiel", "text": "Cinq minutes."},
}


@pytest.fixture
def without_newsletter():
    """As on a site without the newsletter app: nothing registered."""
    signup_forms.unregister()
    yield
    signup_forms.register(render_signup_form)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, body=json.dumps([BLOCK]))


@pytest.fixture
def standard_page(home):
    page = StandardPage(title="À propos", slug="a-propos", body=json.dumps([BLOCK]))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def form_in_body(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one("main .block-newsletter")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["article", "standard_page"])
def test_the_block_shows_the_form_in_the_body(client, request, kind, topics):  # noqa: F811 (fixture)
    page = request.getfixturevalue(kind)
    block = form_in_body(client, page)
    assert block is not None
    heading = block.select_one("h2")
    assert heading.get_text() == "Chaque lundi, l'essentiel"
    assert block["aria-labelledby"] == heading["id"] == f"newsletter-{BLOCK['id']}"
    assert "Cinq minutes." in block.get_text()
    form = block.select_one(f"form[action='{SUBSCRIBE}']")
    assert form.select_one("input[name=source]")["value"] == "block"
    assert len(form.select("input[name=topics]")) == len(topics)


@pytest.mark.django_db
def test_signing_up_from_the_block_sends_the_confirmation(client, article, smtp):  # noqa: F811 (fixture)
    response = client.post(
        SUBSCRIBE,
        {"email": "anne@example.com", "frequency": "weekly", "source": "block"},
        HTTP_REFERER=article.full_url,
    )
    assert response.status_code in (200, 302)
    subscription = Subscription.objects.get(contact__email="anne@example.com")
    assert subscription.source == "block"
    assert subscription.status == "pending"
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_the_api_gives_the_block(client, article):
    response = client.get(f"/api/v2/pages/{article.pk}/")
    body = response.json()["body"]
    assert body[0]["type"] == "newsletter_signup"
    assert body[0]["value"] == BLOCK["value"]


@pytest.mark.parametrize("body_block", [ArticleBodyBlock, StandardBodyBlock])
def test_the_block_is_offered_with_the_newsletter(body_block):
    offered = [
        b.name for _, group in body_block().grouped_child_blocks() for b in group
    ]
    assert "newsletter_signup" in offered


@pytest.mark.django_db
@pytest.mark.parametrize("body_block", [ArticleBodyBlock, StandardBodyBlock])
def test_without_the_newsletter_the_block_is_not_offered(
    body_block, without_newsletter
):
    block = body_block()
    offered = [b.name for _, group in block.grouped_child_blocks() for b in group]
    assert "newsletter_signup" not in offered
    assert "paragraph" in offered
    value = block.to_python(
        [BLOCK, {"type": "heading", "value": {"text": "Titre"}, "id": "h1"}]
    )
    states = block.get_form_state(value)
    assert [state["type"] for state in states] == ["heading"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["article", "standard_page"])
def test_without_the_newsletter_a_stored_block_renders_nothing(
    client, request, kind, without_newsletter
):
    page = request.getfixturevalue(kind)
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main .block-newsletter") is None
    assert "Chaque lundi, l'essentiel" not in soup.select_one("main").get_text()


@pytest.mark.django_db
def test_the_editor_is_offered_the_block_only_with_the_newsletter(
    client, django_user_model, standard_page
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    edit = f"/admin/pages/{standard_page.pk}/edit/"
    # The block's definition in the editor's telepath data: ["name", [children...
    definition = "[&quot;newsletter_signup&quot;, ["
    html = client.get(edit).content.decode()
    assert definition in html
    signup_forms.unregister()
    try:
        html = client.get(edit).content.decode()
    finally:
        signup_forms.register(render_signup_form)
    assert definition not in html
    assert "[&quot;paragraph&quot;, " in html


@pytest.mark.django_db
def test_two_blocks_on_one_page_keep_their_ids_apart(client, article_index, topics):  # noqa: F811 (fixture)
    second = {**BLOCK, "id": "7d2f3a10-9b8c-4e6f-a1b2-c3d4e5f60718"}
    page = ArticlePageFactory(parent=article_index, body=json.dumps([BLOCK, second]))
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert len(soup.select("main .block-newsletter form")) == 2
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    for label in soup.select("main .block-newsletter label[for]"):
        assert soup.find(id=label["for"]) is not None
