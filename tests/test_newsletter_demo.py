"""The demo publication's newsletter: the sign-up page with its form, the
about page's sign-up block, and a draft digest that the Rédaction role
previews (without subscriber data)."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from newsletter.models import Digest, NewsletterPage, Subscription


@pytest.mark.django_db
def test_demo_has_the_sign_up_form_and_a_previewable_digest(client):
    call_command("load_demo_publication", verbosity=0)
    call_command("load_demo_publication", verbosity=0)
    assert Subscription.objects.count() == 3 and Digest.objects.count() == 1
    page = NewsletterPage.objects.live().get()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    form = soup.select_one("main form[action='/newsletter/subscribe/']")
    assert form.select("input[name=topics]")  # the demo's tags as topics
    # The about page ends with the sign-up block.
    about = BeautifulSoup(client.get("/a-propos/").content, "html.parser")
    block = about.select_one("main .block-newsletter")
    assert block.h2.get_text() == "Recevoir la lettre"
    assert block.select_one("form[action='/newsletter/subscribe/'] input[name=email]")
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    digest = Digest.objects.get()
    preview = client.get(f"/admin/newsletter/digests/{digest.pk}/?language=fr")
    assert preview.status_code == 200
    text = BeautifulSoup(preview.content, "html.parser").select_one("pre").get_text()
    assert "Bonne lecture" in text and "utm_source=newsletter" in text
    assert client.get("/admin/newsletter/subscription/").status_code in (302, 403)
