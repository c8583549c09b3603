"""The header's language switch sends the reader back to the page they were
on, query string included, whichever language they pick."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.usefixtures("page_cache_off")


@pytest.mark.django_db
def test_every_language_link_returns_to_the_full_path(client, home):
    path = "/search/?q=%C3%A9t%C3%A9&page=2"
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    links = soup.select("header .language-switch a")
    assert [a["lang"] for a in links] == ["fr", "en"]
    for link in links:
        # The path as Django's urlencode filter quotes it ("/" kept).
        assert link["href"] == (
            f"/language/?lang={link['lang']}"
            "&next=/search/%3Fq%3D%25C3%25A9t%25C3%25A9%26page%3D2"
        )
