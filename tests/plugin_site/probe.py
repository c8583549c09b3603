"""Run in a subprocess with tests.plugin_site.settings: prints, as JSON, the
system check's errors and Wagtail's API v3 OpenAPI document; with
``--migrate`` it first migrates the (fresh) database and reports pending
migrations."""

import json
import sys

import django

django.setup()

from django.core import checks  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.urls import get_resolver  # noqa: E402

if "--migrate" in sys.argv:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

get_resolver().url_patterns  # noqa: B018 - mounts the API like a request would

from wagtail.api.v3.urls import api  # noqa: E402

errors = [f"{error.id}: {error.msg}" for error in checks.run_checks()]
document = api.get_openapi_schema(path_prefix="/api/v3/")
json.dump(
    {"errors": errors, "openapi": document},
    sys.stdout,
    cls=DjangoJSONEncoder,
)
