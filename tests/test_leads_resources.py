"""Gated resources: a document in a private collection, offered behind a
form; a signed, expiring link (shown and e-mailed); returning readers
remembered by a signed cookie; the file reachable no other way."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from contacts.models import Contact, Interaction
from leads import tokens
from leads.models import ResourcePage
from tests.factories_leads import make_resource

PDF = b"%PDF-1.4 the white paper"


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    from django.test import Client

    request = Client.request

    def committed(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committed)


@pytest.fixture
def resource(home):
    return make_resource(home, PDF)


def data(**overrides):
    values = {
        "name": "Anne",
        "email": "anne@example.com",
        "company": "Acme",
        "job_title": "CMO",
        "website": "",
    }
    values.update(overrides)
    return values


def body(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_file_is_not_reachable_without_a_link(client, resource):
    document = resource.document
    assert client.get(document.url).status_code in (302, 403)
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    assert soup.select_one("form.lead-form__form input[name=email]")
    assert document.url not in str(soup) and "livre-blanc.pdf" not in str(soup)


def test_the_form_gives_a_signed_link_shown_and_emailed(client, resource, mailoutbox):
    response = client.post(resource.url, data(consent="on"))
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one("a.button")["href"]
    assert "/leads/download/" in link
    assert len(mailoutbox) == 1 and link in mailoutbox[0].body
    assert mailoutbox[0].to == ["anne@example.com"]
    download = client.get(link.replace("http://testserver", ""))
    assert download.status_code == 200 and body(download) == PDF
    assert (
        "no-store" in download["Cache-Control"]
        and "public" not in download["Cache-Control"]
    )
    assert Interaction.objects.get().kind == "resource_download"


def test_returning_readers_are_not_asked_again(client, resource):
    client.post(resource.url, data())
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    assert not soup.select_one("form.lead-form__form input[name=email]")
    assert "/leads/download/" in soup.select_one("a.button")["href"]
    # A tampered cookie is ignored: the form again.
    client.cookies[tokens.READER_COOKIE] = "1:forged"
    soup = BeautifulSoup(client.get(resource.url).content, "html.parser")
    assert soup.select_one("form.lead-form__form input[name=email]")


def test_tampered_expired_and_erased_links_are_refused(client, resource, settings):
    client.post(resource.url, data())
    contact = Contact.objects.get()
    token = tokens.download_token(resource, contact)
    url = reverse("leads:download", args=[token])
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("leads:download", args=[token[:-3] + "abc"])).status_code
        == 403
    )
    assert client.get("/leads/download/garbage/").status_code == 403
    settings.PRESSROOM_DOWNLOAD_LINK_MAX_AGE = -1
    expired = client.get(url)
    assert expired.status_code == 403 and "expiré" in expired.content.decode()
    settings.PRESSROOM_DOWNLOAD_LINK_MAX_AGE = 3600
    contact.delete()
    assert client.get(url).status_code == 403


def test_bad_input_is_a_400_with_what_was_typed(client, resource):
    response = client.post(resource.url, data(email="nope", company="Acme SA"))
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=company]")["value"] == "Acme SA"
    assert not Contact.objects.exists()


def test_the_resource_page_is_never_shared_by_the_page_cache(client, resource):
    first = client.get(resource.url)
    assert "public" not in first.get("Cache-Control", "")
    assert client.get(resource.url).get("X-Page-Cache") != "hit"
    assert ResourcePage.objects.live().count() == 1
