"""Content-Security-Policy: a strict policy on every public page (inline
scripts only with the request's nonce, no inline handlers or styles), one the
Wagtail admin and its previews work with, a closed one on the API, and a
report-only switch. tests/test_csp_browser.py checks them in a real browser."""

import json

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, tag
from tests.factories_articles import ImageFactory, body_of_every_block, cached_embed
from tests.factories_glossary import entry, term

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def directives(header_value):
    """A policy as {directive: [sources]}."""
    policy = {}
    for part in header_value.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def nonce_of(policy):
    nonces = [s for s in policy.get("script-src", []) if s.startswith("'nonce-")]
    assert len(nonces) <= 1
    return nonces[0][len("'nonce-") : -1] if nonces else None


@pytest.fixture
def publication(article_index, glossary_index, show):
    """One page of each kind, with every article block (embed included),
    glossary terms in rich text and a player."""
    cached_embed()
    b2b = entry(glossary_index, "B2B", "BtoB", definition="Entre entreprises.")
    episode = PodcastEpisodePageFactory(
        parent=show,
        title="Épisode 12",
        slug="episode-12",
        show_notes=f"<p>Le {term(b2b, 'BtoB')} en bref.</p>",
    )
    related = ArticlePageFactory(parent=article_index, title="Lecture liée")
    body = body_of_every_block(
        episode=episode, related=related, image=ImageFactory(title="Photo")
    )
    body.append({"type": "paragraph", "value": f"<p>Le {term(b2b)} ici.</p>"})
    article = ArticlePageFactory(
        parent=article_index,
        title="Article complet",
        slug="article-complet",
        body=json.dumps(body),
        audio_episode=episode,
    )
    tag(article, "ABM")
    tag(episode, "ABM")
    return {"article": article, "entry": b2b, "episode": episode, "show": show}


PUBLIC_PAGES = {
    "home": lambda p: "/",
    "article": lambda p: p["article"].url,
    "article index": lambda p: p["article"].get_parent().url,
    "glossary entry": lambda p: p["entry"].url,
    "glossary index": lambda p: p["entry"].get_parent().url,
    "show": lambda p: p["show"].url,
    "episode": lambda p: p["episode"].url,
    "standalone player": lambda p: p["episode"].url + "player/",
    "tag index": lambda p: "/tags/",
    "tag page": lambda p: "/tags/abm/",
    "search": lambda p: "/search/?q=B2B",
    "not found": lambda p: "/nulle-part/",
}


def test_every_public_page_has_a_strict_policy_its_markup_keeps(client, publication):
    for name, url in PUBLIC_PAGES.items():
        response = client.get(url(publication))
        assert response.status_code == (404 if name == "not found" else 200), name
        assert REPORT_ONLY_HEADER not in response, name
        check_public_page(response)


def check_public_page(response):
    policy = directives(response[HEADER])

    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "https://www.youtube.com" in policy["frame-src"]
    # Scripts from this site's files only: no inline script, no nonce.
    assert policy["script-src"] == ["'self'"]

    html = BeautifulSoup(response.content, "html.parser")
    inline_scripts = [
        script for script in html.find_all("script") if not script.get("src")
    ]
    # The only inline scripts are JSON-LD data blocks, which script-src does
    # not govern (never run; test_csp_browser sees no violation).
    for script in inline_scripts:
        assert script.get("type") == "application/ld+json", script
        assert not script.has_attr("nonce"), script
    for element in html.find_all(True):
        handlers = [attr for attr in element.attrs if attr.lower().startswith("on")]
        assert not handlers, element
        assert not element.has_attr("style"), element
    # style-src has no nonce: any <style> element would be blocked.
    assert not html.find_all("style")


def test_public_pages_carry_no_nonce_and_are_the_same_for_every_reader(
    page_cache_off, client, publication
):
    """A per-request nonce in a page a shared cache (Varnish, a CDN) stores
    would be handed to every reader of that copy: public pages carry none.
    Their JSON-LD is data, rendered the same on every request."""
    for name in ("article", "glossary entry", "glossary index", "episode", "show"):
        url = PUBLIC_PAGES[name](publication)
        first, second = client.get(url), client.get(url)
        assert nonce_of(directives(first[HEADER])) is None, name
        scripts = BeautifulSoup(first.content, "html.parser").select(
            'script[type="application/ld+json"]'
        )
        assert scripts, name
        assert not any(script.has_attr("nonce") for script in scripts), name
        assert b"nonce" not in first.content, name
        assert first.content == second.content, name


def test_article_embeds_and_the_event_keep_their_structured_data(client, publication):
    html = BeautifulSoup(client.get(publication["article"].url).content, "html.parser")
    assert html.select_one(".block-embed iframe")["src"].startswith(
        "https://www.youtube.com/"
    )
    types = [
        json.loads(script.string)["@type"]
        for script in html.select('script[type="application/ld+json"]')
    ]
    assert types == ["Article", "Event"]


def test_report_only_mode_sends_the_same_policy_without_enforcing_it(
    client, publication, settings
):
    settings.PRESSROOM_CSP_REPORT_ONLY = True
    settings.PRESSROOM_CSP_REPORT_URI = "https://reports.example.com/csp"
    response = client.get(publication["article"].url)
    assert HEADER not in response
    policy = directives(response[REPORT_ONLY_HEADER])
    assert policy["default-src"] == ["'self'"]
    assert policy["report-uri"] == ["https://reports.example.com/csp"]
    assert policy["script-src"] == ["'self'"]


def test_media_on_another_origin_is_allowed_for_images_and_audio(
    client, publication, settings
):
    settings.MEDIA_URL = "https://media.example.com/pressroom/"
    policy = directives(client.get(publication["episode"].url)[HEADER])
    assert policy["img-src"] == ["'self'", "data:", "https://media.example.com"]
    assert policy["media-src"] == ["'self'", "https://media.example.com"]


def test_media_on_the_site_adds_no_origin(client, publication):
    policy = directives(client.get(publication["episode"].url)[HEADER])
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["media-src"] == ["'self'"]


def test_site_sources_and_frame_providers_come_from_settings(
    client, publication, settings
):
    settings.PRESSROOM_CSP_FRAME_SRC = ["https://player.example.tv"]
    settings.PRESSROOM_CSP_EXTRA_SOURCES = {
        "img-src": ["https://cdn.example.com"],
        "script-src": ["https://platform.example.com"],
    }
    policy = directives(client.get(publication["article"].url)[HEADER])
    assert policy["frame-src"] == ["https://player.example.tv"]
    assert policy["img-src"][-1] == "https://cdn.example.com"
    assert "https://platform.example.com" in policy["script-src"]


def test_extra_sources_are_read_from_the_environment(monkeypatch):
    from site_config.settings.base import env_sources

    monkeypatch.setenv(
        "PRESSROOM_CSP_EXTRA_SOURCES",
        "img-src https://cdn.example.com https://i.example.com; Media-Src https://a.example.com;",
    )
    assert env_sources("PRESSROOM_CSP_EXTRA_SOURCES") == {
        "img-src": ["https://cdn.example.com", "https://i.example.com"],
        "media-src": ["https://a.example.com"],
    }
    monkeypatch.setenv("PRESSROOM_CSP_EXTRA_SOURCES", "https://cdn.example.com")
    with pytest.raises(ImproperlyConfigured, match="directive followed by sources"):
        env_sources("PRESSROOM_CSP_EXTRA_SOURCES")


def test_api_answers_get_a_closed_policy(client, publication):
    for url in (
        "/api/v2/pages/",
        "/api/v3/pages/",
        "/api/v3/glossary/lookup/?q=",
        "/api/v3/nothing-here/",
        "/api/v2/nothing-here/",
    ):
        response = client.get(url)
        assert directives(response[HEADER]) == {
            "default-src": ["'none'"],
            "frame-ancestors": ["'none'"],
        }, url


def test_api_documentation_loads_only_this_sites_scripts(client, publication):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    policy = directives(response[HEADER])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    html = BeautifulSoup(response.content, "html.parser")
    # Swagger UI from the site's static files, no inline script to run.
    for script in html.find_all("script"):
        assert script.get("src", "").startswith("/static/") or script.get("type") == (
            "application/json"
        )
    assert not html.find_all("link", href=lambda href: href and "//" in href)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="x"
    )
    client.force_login(user)
    return client


def test_admin_gets_a_policy_wagtail_works_with(admin_client, publication, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "https://front.example.com/preview"},
        "ENFORCE_TRAILING_SLASH": False,
    }
    edit_url = reverse("wagtailadmin_pages:edit", args=[publication["article"].pk])
    response = admin_client.get(edit_url)
    assert response.status_code == 200
    policy = directives(response[HEADER])
    # Wagtail's admin writes inline scripts and styles; a nonce would make
    # browsers ignore 'unsafe-inline'.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert nonce_of(policy) is None
    assert policy["frame-src"][:2] == ["'self'", "https://front.example.com"]
    assert "https://www.youtube.com" in policy["frame-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_admin_preview_of_a_page_is_served_under_the_public_policy(
    admin_client, publication
):
    """Wagtail serves a draft as a request for the page itself: the preview
    gets the public policy (its JSON-LD data blocks need no nonce)."""
    from tests.test_api_preview import edit_form, press_preview

    article = publication["article"]
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    response = press_preview(
        admin_client, preview_url, edit_form(article, publication["entry"]), mode=""
    )
    policy = directives(response[HEADER])
    assert policy["style-src"] == ["'self'"]
    check_public_page(response)
    assert BeautifulSoup(response.content, "html.parser").select(
        'script[type="application/ld+json"]'
    )


def test_headless_preview_may_frame_the_front_end(admin_client, publication, settings):
    from editorial.preview import HEADLESS_MODE
    from tests.test_api_preview import edit_form, press_preview

    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "https://front.example.com/preview"},
        "ENFORCE_TRAILING_SLASH": False,
    }
    article = publication["article"]
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    # The front end is the preview's second mode (the site's design is first).
    response = press_preview(
        admin_client,
        preview_url,
        edit_form(article, publication["entry"]),
        mode=HEADLESS_MODE,
    )
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("iframe")["src"].startswith("https://front.example.com/preview?")
    assert not html.find_all("style")
    policy = directives(response[HEADER])
    assert policy["frame-src"][0] == "https://front.example.com"
    assert "https://www.youtube.com" in policy["frame-src"]
    assert policy["style-src"] == ["'self'"]


def test_same_origin_preview_front_end_is_allowed_as_self(admin_client, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {"default": "{SITE_ROOT_URL}/static/preview/index.html"},
        "ENFORCE_TRAILING_SLASH": False,
    }
    policy = directives(admin_client.get(reverse("wagtailadmin_home"))[HEADER])
    assert policy["frame-src"][0] == "'self'"
    assert not [s for s in policy["frame-src"] if "SITE_ROOT_URL" in s]


def test_django_admin_gets_the_admin_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response[HEADER])["script-src"]


def test_public_pages_send_the_other_security_headers(client, publication):
    response = client.get(publication["article"].url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
