"""The complete API contract (X-11): every operation's error answers and security, derived in
one place from what each route declares, and 405 answers that name the allowed methods.

* **Security.** Each dependency that says who may call (``PublicCtx``, ``StaffCtx``,
  ``AccountCtx``, ``OwnerCtx`` … in :mod:`tenure.api.context`, the device and licensed-user
  ones beside their domains) is registered with an :class:`~tenure.api.context.Access`. The
  first such dependency of a route gives the operation its ``security`` (``[]`` for a public
  one) and its ``401``/``403`` answers.
* **Errors.** Every operation documents the statuses it can answer with the one ``Error``
  schema (``{"error": {"code", "message", ...}}``): ``401``/``403`` from its access, ``404``
  when it takes input, ``409`` when it names a resource, ``400``/``409``/``413`` for a
  state-changing method, ``422`` when it
  takes input (FastAPI's own validation schema is replaced by ``Error``), and whatever the
  route or its router declares (``402`` for the routes that charge, ``429`` for sign-ins,
  ``304`` …): a declared error status without a body gets the ``Error`` body.
* **405.** A method a path does not allow answers ``405 method_not_allowed`` with the methods
  the path does allow, in ``Allow`` and in the body (``allowed``) — all of them, across every
  route of the path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request, routing
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenure.api.context import ACCESS, Access
from tenure.kit.i18n import gettext, negotiate

REF = "#/components/schemas/"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "staffKey": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "tnr_sk_…",
        "description": "A staff API key (the vendor's backend): `tenure apikey create`.",
    },
    "sessionToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "tnr_at_…",
        "description": "An access token: a customer's session (sign-in), a linked device's "
        "token or a licensed user's session.",
    },
}

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "title": "Error",
        "type": "object",
        "description": 'Every error: `{"error": {"code", "message", ...}}` (docs/api.md).',
        "required": ["error"],
        "properties": {"error": {"$ref": REF + "ErrorDetail"}},
    },
    "ErrorDetail": {
        "title": "ErrorDetail",
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "Stable, for programs (X-6)."},
            "message": {"type": "string", "description": "For people, in their language."},
            "fields": {
                "type": "array",
                "description": "422 invalid_request: each field that is not valid.",
                "items": {"$ref": REF + "FieldProblem"},
            },
            "allowed": {
                "type": "array",
                "description": "405 method_not_allowed: the methods the path allows.",
                "items": {"type": "string"},
            },
        },
        "additionalProperties": True,
    },
    "FieldProblem": {
        "title": "FieldProblem",
        "type": "object",
        "required": ["field", "problem"],
        "properties": {
            "field": {"type": "string", "description": "Dotted path, e.g. card.number."},
            "problem": {"type": "string", "description": "What is wrong, for people."},
            "type": {"type": "string", "description": "What is wrong, for programs."},
        },
        "additionalProperties": True,
    },
}

DESCRIPTIONS: dict[int, str] = {
    400: "The request is malformed (e.g. its body is not JSON).",
    401: "No valid credentials (`unauthenticated`, `invalid_token` …).",
    402: "A payment was refused (`card_declined`, `insufficient_funds` …).",
    403: "The credentials may not do this (`staff_only`, `forbidden` …).",
    404: "Something the request names does not exist.",
    409: "The resource's state does not allow this now.",
    413: "`request_too_large`: the body is larger than the server accepts.",
    422: "The input is not valid: a stable code; `invalid_request` lists the fields.",
    429: "`rate_limited`: too many attempts; `Retry-After` says when to try again.",
}
# Declared by the routes that can answer them (``responses=…``); the body and the
# description are filled in here.
CHARGES: dict[int | str, dict[str, Any]] = {402: {}}
RATE_LIMITED: dict[int | str, dict[str, Any]] = {429: {}}
# Public sign-ins answer 401 for credentials that do not sign in (and 429 when throttled).
SIGN_IN: dict[int | str, dict[str, Any]] = {401: {}, 429: {}}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def _access_of(dependant: Dependant) -> Access | None:
    """The first dependency (outermost first) that says who may call."""
    for sub in dependant.dependencies:
        found = ACCESS.get(sub.call) if sub.call is not None else None
        if found is not None:
            return found
    for sub in dependant.dependencies:
        found = _access_of(sub)
        if found is not None:
            return found
    return None


def _takes_input(route: Any) -> bool:
    dependant: Dependant = route.dependant
    params = [
        p
        for d in _walk(dependant)
        for p in (*d.path_params, *d.query_params, *d.header_params, *d.cookie_params)
    ]
    return bool(params) or route.body_field is not None


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def _error_response(status: int, existing: dict[str, Any] | None) -> dict[str, Any]:
    response = dict(existing or {})
    if not response.get("description") or response["description"] in (
        "Validation Error",
        "Additional Response",
    ):
        response["description"] = DESCRIPTIONS.get(status, "An error.")
    response["content"] = {"application/json": {"schema": {"$ref": REF + "Error"}}}
    if status == 429:
        response["headers"] = {**response.get("headers", {}), **RETRY_AFTER}
    return response


def _statuses(route: Any, method: str, access: Access | None) -> set[int]:
    statuses: set[int] = set()
    if access is not None and access.schemes:
        statuses |= {401, 403}
    if _takes_input(route):
        statuses |= {404, 422}
    if "{" in route.path_format:  # names a resource, whose state may not allow it
        statuses |= {404, 409}
    if method in WRITE_METHODS:
        statuses |= {400, 404, 409, 413, 422}
    return statuses


def complete(app: FastAPI, schema: dict[str, Any]) -> None:
    """Add the error answers and the security of every operation to ``schema``, in place."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(ERROR_SCHEMAS)
    components["securitySchemes"] = dict(SECURITY_SCHEMES)
    paths = schema.get("paths", {})
    for context in routing.iter_route_contexts(app.routes):
        if not isinstance(context.original_route, routing.APIRoute):
            continue
        route: Any = context
        if not route.include_in_schema:
            continue
        access = _access_of(route.dependant)
        for method in route.methods:
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            operation["security"] = access.security() if access is not None else []
            responses = operation.setdefault("responses", {})
            declared = {int(code) for code in responses if code.isdigit()}
            errors = _statuses(route, method, access) | {c for c in declared if c >= 400}
            for status in errors:
                responses[str(status)] = _error_response(status, responses.get(str(status)))
            operation["responses"] = dict(sorted(responses.items()))


def install(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json and answer 405 with the allowed
    methods."""
    generate = app.openapi
    done: list[int] = []

    def openapi() -> dict[str, Any]:
        schema = generate()
        if id(schema) not in done:  # FastAPI caches the document until the routes change
            complete(app, schema)
            done[:] = [id(schema)]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_exception_handler(405, _method_not_allowed(app))


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method some route of ``path`` answers."""
    methods: set[str] = set()
    for context in routing.iter_route_contexts(app.routes):
        route: Any = context
        regex = getattr(route, "path_regex", None)
        if regex is None or not regex.match(path):
            continue
        methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _method_not_allowed(app: FastAPI) -> Callable[[Request, Exception], Any]:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        allowed = allowed_methods(app, request.url.path)
        locale = getattr(request.state, "locale", None) or negotiate(
            request.headers.get("accept-language")
        )
        message = gettext("The method {method} is not allowed here; use {allowed}.", locale)
        return JSONResponse(
            {
                "error": {
                    "code": "method_not_allowed",
                    "message": message.format(method=request.method, allowed=", ".join(allowed)),
                    "allowed": allowed,
                }
            },
            status_code=405,
            headers={"Allow": ", ".join(allowed)},
        )

    return handler
