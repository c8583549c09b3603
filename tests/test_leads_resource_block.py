"""A gated resource offered inside an article's body (``editorial.resources``,
filled in by leads): the form in the block posts to the resource, the reader
gets the link there, a returning reader gets it in the block at once; the
chooser takes resource pages only, and without a registered resource type
the block refuses every page and shows at most a link."""

import json

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from contacts.models import Interaction
from editorial.resources import GatedResourceBlock, gated_resource_types
from leads.models import ResourcePage
from tests.factories import ArticlePageFactory
from tests.factories_leads import make_resource
from tests.test_leads_resources import (  # noqa: F401 (autouse fixture)
    _run_on_commit,
    data,
)


@pytest.fixture
def resource(home):
    return make_resource(home)


@pytest.fixture
def article(article_index, resource):
    body = [
        {
            "type": "gated_resource",
            "id": "0b8e4a52-5a55-4c55-9c1e-6a2b1c3d4e5f",
            "value": {
                "resource": resource.pk,
                "heading": "Le livre blanc de l'ABM",
                "teaser": "Trente pages de méthode.",
            },
        }
    ]
    return ArticlePageFactory(parent=article_index, body=json.dumps(body))


def block_of(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one(".block-resource")


def test_the_block_shows_the_form_posting_to_the_resource(client, article, resource):
    block = block_of(client, article)
    assert "Le livre blanc de l'ABM" in block.h2.get_text()
    form = block.form
    assert form["action"] == resource.url
    assert form.select_one("input[name=from_page]")["value"] == str(article.pk)
    assert form.select_one("input[name=email]")
    consent = form.select_one("input[name=consent]")
    assert consent is not None and not consent.has_attr("checked")
    # The document's own URL is nowhere in the article.
    assert resource.document.url not in client.get(article.url).content.decode()


def test_submitting_from_the_block_gives_the_link_and_records_the_source(
    client, article, resource, mailoutbox
):
    response = client.post(resource.url, {**data(), "from_page": str(article.pk)})
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one(
        ".lead-form__outcome a"
    )["href"]
    assert "/leads/download/" in link
    interaction = Interaction.objects.get(kind="resource_download")
    assert interaction.details["from_page_id"] == article.pk
    assert len(mailoutbox) == 1
    # Back on the article, the returning reader gets the link in the block.
    block = block_of(client, article)
    assert block.form is None
    download = block.select_one("a.button")["href"]
    assert "/leads/download/" in download
    assert client.get(download).status_code == 200


def test_bad_input_from_the_block_keeps_what_was_typed(client, article, resource):
    response = client.post(
        resource.url, {**data(email="pas-une-adresse"), "from_page": str(article.pk)}
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=name]")["value"] == "Anne"
    assert soup.select_one(".lead-form__error")
    assert not Interaction.objects.exists()


def test_the_chooser_takes_resource_pages_only(article_index, resource):
    block = GatedResourceBlock()
    value = block.to_python({"resource": resource.pk, "heading": "", "teaser": ""})
    assert block.clean(value)["resource"].pk == resource.pk
    other = block.to_python({"resource": article_index.pk, "heading": "", "teaser": ""})
    with pytest.raises(ValidationError):
        block.clean(other)
    assert block.child_blocks["resource"].target_models == [ResourcePage]


def test_an_unpublished_resource_leaves_nothing(client, article, resource):
    resource.unpublish()
    assert block_of(client, article) is None


def test_without_a_resource_app_the_block_degrades(client, article, resource):
    gated_resource_types._models.pop(ResourcePage._meta.label)
    try:
        block = block_of(client, article)
        # A plain link to the page, no form.
        assert block.form is None
        assert block.a["href"] == resource.url
        with pytest.raises(ValidationError):
            GatedResourceBlock().clean(
                GatedResourceBlock().to_python(
                    {"resource": resource.pk, "heading": "", "teaser": ""}
                )
            )
    finally:
        gated_resource_types.register(ResourcePage)


def test_the_api_shows_the_resource_not_the_file(client, article, resource):
    response = client.get(f"/api/v2/pages/{article.pk}/")
    body = json.loads(response.content)["body"]
    (block,) = [b for b in body if b["type"] == "gated_resource"]
    assert block["value"]["resource"]["id"] == resource.pk
    assert "livre-blanc.pdf" not in response.content.decode()
