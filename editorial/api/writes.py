"""Pressroom's additions to API v3's writes (Wagtail's ``POST``/``PATCH
/api/v3/pages/`` and ``actions/publish/`` do the rest):

- ``POST /api/v3/pages/{page_id}/actions/submit/``: submit the page's latest
  revision to moderation through its workflow, as the admin's "Submit for
  moderation" does: what a user who may edit but not publish does instead
  of publishing;
- ``PUT /api/v3/external/{source}/{external_id}/``: an idempotent upsert for
  integrations. The body is the create document of ``POST /api/v3/pages/``;
  the first call creates the page and records its external id
  (``editorial.models.ExternalID``), later calls update that page with the
  fields sent (the parent is only read at creation). Sending an item twice
  never creates a duplicate.

Both act as the token's user, with Wagtail's page permissions; the page's
history records that user.

- ``POST /api/v3/<path>/``, ``PATCH /api/v3/<path>/<id>/``: the models apps
  register with ``editorial.writable_models`` (people, partners,
  categories), validated by their admin form, allowed by their Django
  permissions, logged with the user.
"""

import json
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, as_validation_error
from wagtail.api.v3.routers import pages as wagtail_pages
from wagtail.models import Page, WorkflowState

from ninja import Body, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, PositiveInt, TypeAdapter

from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.models import ExternalID
from editorial.writable_models import writable_models

writes_router = Router(tags=["pages"], auth=BearerTokenAuth())

PageDetailSchema = wagtail_pages.PageDetailSchema
PageCreateSchema = wagtail_pages.PageCreateSchema

Source = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        description="The integration, e.g. newsroom (lowercase letters, digits, ._-).",
    ),
]
ExternalKey = Annotated[
    str,
    Field(
        min_length=1,
        max_length=255,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:~-]*$",
        description="The item's id in that integration.",
    ),
]

CONFLICT_DOCS = {
    "responses": {
        **PROBLEM_DOCS["responses"],
        409: PROBLEM_DOCS["responses"][422],
    }
}


@writes_router.post(
    "/pages/{page_id}/actions/submit/",
    response={200: PageDetailSchema, 409: ProblemDetail, **PROBLEMS},
    url_name="pressroom_pages_actions_submit",
    summary="Submit page to moderation",
    operation_id="pages_actions_submit",
    openapi_extra=CONFLICT_DOCS,
)
def submit_for_moderation(request: HttpRequest, page_id: PositiveInt):
    """Start the page's workflow on its latest revision (or resume it when a
    reviewer asked for changes). 409 when the page has no workflow or is in
    moderation already."""
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied(_("You may not edit this page."))
    workflow_state = page.current_workflow_state
    needs_changes = (
        workflow_state is not None
        and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )
    if not needs_changes and not permissions.can_submit_for_moderation():
        if page.workflow_in_progress:
            raise HttpError(409, _("The page is in moderation already."))
        if not page.has_workflow:
            raise HttpError(409, _("No workflow applies to this page."))
        raise HttpError(409, _("The page is locked."))
    with transaction.atomic():
        if page.get_latest_revision() is None:
            page.save_revision(user=request.user, log_action=True)
        if needs_changes:
            workflow_state.resume(request.user)
        else:
            page.get_workflow().start(page, request.user)
    return page.get_latest_revision_as_object()


@writes_router.put(
    "/external/{source}/{external_id}/",
    response={200: PageDetailSchema, 201: PageDetailSchema, **PROBLEMS},
    url_name="pressroom_external_upsert",
    summary="Create or update the page an integration knows by its id",
    operation_id="pages_external_upsert",
    openapi_extra=PROBLEM_DOCS,
)
def upsert_page(
    request: HttpRequest,
    source: Path[Source],
    external_id: Path[ExternalKey],
    data: PageCreateSchema = Body(...),  # noqa: B008 - django-ninja's way
    rich_text_format: RichTextOutputFormat | None = Query(None),  # noqa: B008
):
    """201 and the new page the first time, 200 and the updated page after."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _upsert(request, source, external_id, data)
        except IntegrityError:
            # Another request recorded the same id meanwhile: update its page.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _upsert(request, source, external_id, data):
    link = (
        ExternalID.objects.select_for_update()
        .filter(source=source, external_id=external_id)
        .first()
    )
    if link is None:
        created = wagtail_pages.create_page(request, data=data, rich_text_format=None)
        page = created.value
        ExternalID.objects.create(page=page, source=source, external_id=external_id)
        return Status(201, page)
    page = link.page.specific
    if page._meta.label != data.meta.type:
        raise as_validation_error(
            ValueError(
                _("%(source)s:%(id)s is a %(type)s, not a %(sent)s.")
                % {
                    "source": source,
                    "id": external_id,
                    "type": page._meta.label,
                    "sent": data.meta.type,
                }
            ),
            loc=("body", "meta", "type"),
        )
    # The same document as a partial update: the fields sent, nothing else.
    payload = json.loads(request.body)
    payload["meta"] = {
        key: value
        for key, value in (payload.get("meta") or {}).items()
        if key in ("type", "action")
    }
    update = TypeAdapter(wagtail_pages.PageUpdateSchema).validate_python(payload)
    return wagtail_pages.update_page(
        request, page_id=page.pk, data=update, rich_text_format=None
    )


# -- the models apps let clients create (editorial.writable_models) ----------------


class CreatedSchema(Schema):
    """What was created or changed: its id, its type and how it reads."""

    id: int
    type: str
    title: str


def _created(instance):
    return {"id": instance.pk, "type": instance._meta.label, "title": str(instance)}


def _register_schemas(model):
    """The model's create and patch schemas (from its writable api_fields),
    in Wagtail's registry, where its form builder reads them."""
    from wagtail.api.v3.registry import ContentTypeRegistration, registry
    from wagtail.api.v3.schemas import create_generator, patch_generator

    registration = registry.get(model._meta.label)
    if registration is None or registration.create_schema is None:
        registration = ContentTypeRegistration(
            name=model._meta.label,
            label=str(model._meta.verbose_name),
            create_schema=create_generator.generate_schema(
                model, base_class=ModelWriteBase
            ),
            patch_schema=patch_generator.generate_schema(
                model, base_class=ModelWriteBase
            ),
        )
        registry.register(registration)
    return registration


class ModelWriteBase(Schema):
    pass


def _save(form, user, action):
    from wagtail.log_actions import log
    from wagtail.utils.forms import FormValidationError

    if not form.is_valid():
        raise FormValidationError.from_form(form)
    with transaction.atomic():
        instance = form.save()
        log(instance, action, user=user)
    return instance


def _check(model, user, action):
    from wagtail.permissions import policy_registry

    if not policy_registry.get_by_type(model).user_has_permission(user, action):
        raise PermissionDenied


def _add_model_operations(model, path):
    from wagtail.api.v3.form_data import build_model_form, build_model_update_form

    registration = _register_schemas(model)
    name = model._meta.model_name
    CreateSchema = registration.create_schema
    PatchSchema = registration.patch_schema

    def create(request: HttpRequest, data: CreateSchema = Body(...)):  # noqa: B008
        _check(model, request.user, "add")
        form = build_model_form(model, data, request.user)
        return Status(201, _created(_save(form, request.user, "wagtail.create")))

    def update(
        request: HttpRequest,
        pk: PositiveInt,
        data: PatchSchema = Body(...),  # noqa: B008
    ):
        _check(model, request.user, "change")
        instance = get_object_or_404(model, pk=pk)
        form = build_model_update_form(instance, data, request.user)
        return _created(_save(form, request.user, "wagtail.edit"))

    label = str(model._meta.verbose_name)
    writes_router.post(
        f"/{path}/",
        response={201: CreatedSchema, **PROBLEMS},
        url_name=f"pressroom_create_{name}",
        summary=f"Create {label}",
        operation_id=f"{path}_create",
        openapi_extra=PROBLEM_DOCS,
    )(create)
    writes_router.patch(
        f"/{path}/{{pk}}/",
        response={200: CreatedSchema, **PROBLEMS},
        url_name=f"pressroom_update_{name}",
        summary=f"Update {label}",
        operation_id=f"{path}_update",
        openapi_extra=PROBLEM_DOCS,
    )(update)


for _model, _path in writable_models.items():
    _add_model_operations(_model, _path)
