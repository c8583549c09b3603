"""Schemathesis against /api/v3/openapi.json on the demo publication.

The document itself must be valid OpenAPI and every operation in it must
resolve; every GET operation (Pressroom's routers and Wagtail's own: pages,
images, documents, sites, redirects…) gets a few generated requests (valid
and invalid parameters); none may answer a 5xx or a response the OpenAPI
document does not describe. Every page of the demo is then fetched
through ``/api/v3/pages/{id}/`` and its body (typed blocks) checked against
the document. Bounded with a small ``max_examples`` and no example database,
so it stays deterministic.
"""

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections

from wagtail.models import Page

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 12
# Read endpoints are public: a bearer token is optional (Wagtail's
# AllowAnonymous), so "accepts requests without authentication" is intended.


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("load_demo_publication", "--no-user", verbosity=0)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, keeping the test's database connection open
    across requests (as Django's test client does: the handler would close
    it when each request finishes, ending the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def get_operations(schema):
    """Every operation of the document; one it cannot describe is an error."""
    schema.validate()
    operations, errors = [], []
    for result in schema.get_all_operations():
        try:
            operations.append(result.ok())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(str(error))
    assert not errors, "\n".join(errors)
    return operations


def excluded_checks(operation):
    if operation.method.lower() != "get":
        # Writes need a bearer token: valid data from an anonymous client is
        # refused (401), and ignored_auth checks that they are.
        return [positive_data_acceptance]
    # Any string parameter may carry a control character the document does
    # not exclude (the site refuses those with a 400, editorial.http_guards),
    # and Wagtail's listings refuse some combinations of valid parameters
    # (child_of with descendant_of…) with a documented 400/422 the schema
    # cannot express; still no 5xx and every answer must be documented.
    return [ignored_auth, positive_data_acceptance]


def fuzz(operation):
    """A few generated requests against ``operation``, each response checked."""
    excluded = excluded_checks(operation)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(excluded_checks=excluded)

    check()


def fuzz_with_token(operation, token, existing=None):
    """``fuzz`` for a write operation, as the token's user; valid data may be
    refused (see below), a 5xx or an undocumented answer may not.
    ``existing`` maps a path parameter to ids of objects that exist: every
    other case writes to one of them, so the operations reach real pages and
    files (generated ids alone almost never exist: 404)."""
    headers = {"Authorization": f"Bearer {token}"}
    existing = {
        name: ids
        for name, ids in (existing or {}).items()
        if ids and "{" + name + "}" in operation.path
    }

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), data=st.data())
    def check(case, data):
        for name, ids in existing.items():
            if data.draw(st.booleans(), label=f"existing {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(ids), label=name)
        case.call_and_validate(
            headers=headers, excluded_checks=[positive_data_acceptance]
        )

    check()


def test_openapi_operations_conform(demo, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)
    operations = get_operations(schema)
    paths = {operation.path for operation in operations}
    assert {
        "/api/v3/content/",
        "/api/v3/content/recent/",
        "/api/v3/content/{page_id}/see-also/",
        "/api/v3/tags/",
        "/api/v3/tags/{slug}/",
        "/api/v3/glossary/lookup/",
        "/api/v3/pages/",
        "/api/v3/pages/{page_id}/",
        "/api/v3/images/",
        "/api/v3/documents/",
        "/api/v3/preview/",
    } <= paths
    assert {"POST", "PATCH", "DELETE"} <= {op.method.upper() for op in operations}
    operations = [op for op in operations if op.method.lower() == "get"]
    # Wagtail mounts its snippets router even when no snippet model has API
    # fields; its operations then take a {type} nothing satisfies, so they are
    # left out of the document (editorial.wagtail_adaptations).
    assert not [path for path in paths if path.startswith("/api/v3/snippets/")]

    failures = []
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        try:
            fuzz(operation)
        except UnsatisfiableSchema:
            failures.append(f"{label}: no request satisfies its parameters")
        # Schemathesis raises a (Base)ExceptionGroup of the distinct failures.
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported below
            failures.append(f"{label}: {error}")
    assert not failures, "\n\n".join(failures)


# The write operations of pages (Wagtail's create, update and actions, and
# Pressroom's submit and upsert) and of audio files (upload, metadata,
# replacement), with a superuser's token.
WRITE_PATHS = ("/api/v3/pages/", "/api/v3/external/", "/api/v3/podcasts/audio/")


def test_write_operations_with_a_token_answer_no_server_error(demo, wsgi_app):
    """Generated documents (valid ones, typed blocks included, and invalid
    ones) against every write operation on pages and audio files, half of
    them on the demo's own pages and recordings: each answer is documented
    and none is a 5xx. Valid data may still be refused (a slug already used,
    a parent that does not allow the type, an id of nothing, a page in
    moderation already: 409): the admin's validation answers 4xx, so
    positive_data_acceptance is left out."""
    from django.contrib.auth import get_user_model

    from wagtail.models import APIToken

    from podcasts.models import AudioFile

    user = get_user_model().objects.create_user("fuzzer", is_superuser=True)
    token = APIToken.create_token(user=user, name="schemathesis")[1]
    existing = {
        "page_id": list(
            Page.objects.filter(depth__gt=2).order_by("pk").values_list("pk", flat=True)
        ),
        "audio_id": list(AudioFile.objects.order_by("pk").values_list("pk", flat=True)),
    }
    assert existing["audio_id"] and existing["page_id"]
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)
    operations = [
        op
        for op in get_operations(schema)
        if op.method.lower() in ("post", "patch", "put")
        and op.path.startswith(WRITE_PATHS)
    ]
    assert {
        ("POST", "/api/v3/pages/"),
        ("PATCH", "/api/v3/pages/{page_id}/"),
        ("POST", "/api/v3/pages/{page_id}/actions/publish/"),
        ("POST", "/api/v3/pages/{page_id}/actions/submit/"),
        ("PUT", "/api/v3/external/{source}/{external_id}/"),
        ("POST", "/api/v3/podcasts/audio/"),
        ("PATCH", "/api/v3/podcasts/audio/{audio_id}/"),
        ("POST", "/api/v3/podcasts/audio/{audio_id}/"),
    } <= {(op.method.upper(), op.path) for op in operations}
    failures = []
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        try:
            fuzz_with_token(operation, token, existing)
        except UnsatisfiableSchema:
            failures.append(f"{label}: no request satisfies its parameters")
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported below
            failures.append(f"{label}: {error}")
    assert not failures, "\n\n".join(failures)


def test_submit_answers_as_documented(demo, wsgi_app):
    """Submitting a demo page to moderation (200), then again while it is in
    moderation (409): both answers match the OpenAPI document."""
    from django.contrib.auth import get_user_model

    from wagtail.models import APIToken

    from articles.models import ArticlePage

    user = get_user_model().objects.create_user("moderator", is_superuser=True)
    token = APIToken.create_token(user=user, name="schemathesis")[1]
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)
    operation = schema["/api/v3/pages/{page_id}/actions/submit/"]["POST"]
    assert "409" in {str(status) for status in operation.definition.raw["responses"]}
    page = ArticlePage.objects.live().order_by("pk").first()
    statuses = []
    for _attempt in range(2):
        case = operation.Case(
            path_parameters={"page_id": page.pk},
            headers={"Authorization": f"Bearer {token}"},
        )
        response = case.call()
        case.validate_response(response)
        statuses.append(response.status_code)
    assert statuses == [200, 409]
    assert response.headers["content-type"][0].startswith("application/problem+json")


def test_every_demo_page_conforms_to_its_typed_schema(demo, wsgi_app):
    """Each page of the demo (every block type of the seed article, episodes,
    glossary entries…) through the page detail operation: the answer matches
    the document, typed blocks included."""
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)
    operation = schema["/api/v3/pages/{page_id}/"]["GET"]
    pages = Page.objects.live().filter(depth__gt=1)
    seen_blocks = set()
    for page in pages:
        case = operation.Case(path_parameters={"page_id": page.pk})
        response = case.call()
        assert response.status_code == 200, (page, response.text[:500])
        case.validate_response(response, excluded_checks=[ignored_auth])
        seen_blocks |= {block["type"] for block in response.json().get("body", [])}
    # The demo's seed article shows every kind of article block.
    assert {
        "paragraph",
        "heading",
        "quote",
        "image",
        "definition",
        "event",
        "call_to_action",
    } <= seen_blocks
