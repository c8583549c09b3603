"""Error answers of the v3 API: RFC 7807 problem+json (Wagtail v3's error
handlers), documented on every operation so generated clients know them."""

from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail

# The error answers of each of our operations: pass as ``response``.
PROBLEMS = {400: ProblemDetail, 404: ProblemDetail, 422: ProblemDetail}
# …with the media type they are sent with (django-ninja documents only
# application/json): pass as ``openapi_extra``.
PROBLEM_DOCS = {
    "responses": {
        status: {
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
            }
        }
        for status in PROBLEMS
    }
}

# Statuses Wagtail's own v3 operations answer with problem+json (its error
# handlers) that its OpenAPI document does not list (read endpoints behind
# tokens: 401/403; unknown ids: 404; parameters the schema cannot constrain,
# e.g. child_of with descendant_of: 400/422).
WAGTAIL_PROBLEM_STATUSES = ("400", "401", "403", "404", "422")


def document_problem_responses(schema):
    """Add the problem+json answers to every operation of ``schema`` (an
    OpenAPI document) that lacks them, so generated clients and Schemathesis
    know every status the API sends."""
    problem = {
        "description": "Problem details (RFC 7807).",
        "content": {
            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
        },
    }
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ProblemDetail", ProblemDetail.model_json_schema())
    # Wagtail's AllowAnonymous is documented as an HTTP scheme with no
    # ``scheme`` (invalid OpenAPI); anonymous access is an empty requirement.
    schema["components"].get("securitySchemes", {}).pop("AllowAnonymous", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "security" in operation:
                operation["security"] = [
                    {} if "AllowAnonymous" in requirement else requirement
                    for requirement in operation["security"]
                ]
            responses = operation.setdefault("responses", {})
            # django-ninja keys statuses by int, JSON by string: never both.
            present = {str(status) for status in responses}
            for status in WAGTAIL_PROBLEM_STATUSES:
                if status not in present:
                    responses[status] = problem
    return schema
