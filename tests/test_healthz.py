"""/healthz/: the app servers' health check for load balancers and Varnish."""

import json
import secrets

from django.db import OperationalError

import pytest

from site_config import views
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "s-maxage" not in cache_control


def test_head_is_answered_and_writes_are_refused(client):
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


def test_query_parameters_are_refused_with_a_message(client):
    response = client.get("/healthz/?verbose=1", headers={"accept-language": "en"})
    assert response.status_code == 400
    # The site's error page, as every refusal outside the APIs.
    assert response["Content-Type"].startswith("text/html")
    assert "The health check takes no query parameters." in response.content.decode()


def test_query_parameters_message_in_french(client):
    response = client.get("/healthz/?x", headers={"accept-language": "fr"})
    assert response.status_code == 400
    assert "Le contrôle de santé n’accepte aucun paramètre." in (
        response.content.decode().replace("&#x27;", "’").replace("'", "’")
    )


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_database_down_is_a_503(client, monkeypatch):
    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "unavailable"


def test_cache_down_is_reported_but_the_server_stays_in_rotation(client, settings):
    # A cache that stores nothing answers like a Redis that is down
    # (site_config.cache turns failures into misses).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "unavailable",
    }


def test_health_check_leaves_no_key_in_the_cache(client, monkeypatch):
    """Whatever the backend (locmem, Redis): the keys it wrote are gone."""
    from django.core.cache import cache

    written = []
    original_set = cache.set

    def recording_set(key, *args, **kwargs):
        written.append(key)
        return original_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    client.get("/healthz/")
    client.get("/healthz/")
    probes = [key for key in written if key.startswith(views.HEALTHZ_CACHE_PREFIX)]
    assert len(probes) == 2
    assert cache.get_many(probes) == {}


PRINT_SETTINGS = (
    "import json; from django.conf import settings; print(json.dumps({"
    "'apps': 'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS,"
    "'frontend': getattr(settings, 'WAGTAILFRONTENDCACHE', None),"
    "'exempt': settings.SECURE_REDIRECT_EXEMPT,"
    "'protocol': getattr(settings, 'AWS_S3_URL_PROTOCOL', None)}))"
)


def production_settings(**env):
    result = run_manage(
        "shell",
        "-c",
        PRINT_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="pressroom.example",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_purges_every_varnish_named_in_the_environment():
    found = production_settings(
        PRESSROOM_VARNISH_URLS="http://127.0.0.1:6081, http://10.0.0.2:6081",
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_S3_URL_PROTOCOL="http:",
    )
    assert found["apps"] is True
    assert [entry["LOCATION"] for entry in found["frontend"].values()] == [
        "http://127.0.0.1:6081",
        "http://10.0.0.2:6081",
    ]
    # PURGE of page URLs (Wagtail) and BAN by cache tag (Pressroom).
    assert {entry["BACKEND"] for entry in found["frontend"].values()} == {
        "editorial.frontend_cache.VarnishBackend"
    }
    assert found["exempt"] == [r"^healthz/$"]
    assert found["protocol"] == "http:"


def test_production_without_varnish_purges_nothing():
    found = production_settings(PRESSROOM_VARNISH_URLS="")
    assert not found["frontend"]
