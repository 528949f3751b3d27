"""Every error is ``{"error": {"code", "message", ...}}`` with a stable code (X-6), and the
message in the caller's language (X-5).

A request that fails validation answers ``422 invalid_request`` with ``fields``: one
``{"field", "problem", "type"}`` per problem. ``type`` is the validator's stable name of the
problem (pydantic's error type, e.g. ``string_too_short``); ``problem`` is our own message
template for that type (:data:`PROBLEMS`), translated like every other message.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenure.kit.errors import STATUS_BY_KIND, TenureError
from tenure.kit.i18n import DEFAULT_LOCALE, gettext, is_msgid, negotiate


def _locale(request: Request) -> str:
    locale = getattr(request.state, "locale", None)
    return locale or negotiate(request.headers.get("accept-language"))


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def tenure_error_response(exc: TenureError, locale: str) -> JSONResponse:
    message = exc.render(lambda text: gettext(text, locale))
    extra = {k: _jsonable(v) for k, v in exc.params.items()}
    retry_after = exc.params.get("retry_after") if exc.kind == "rate_limited" else None
    return JSONResponse(
        error_body(exc.code, message, **extra),
        status_code=STATUS_BY_KIND[exc.kind],
        headers={"Retry-After": str(retry_after)} if retry_after is not None else None,
    )


_MUST_BE_NUMBER = "Must be a number."
_MUST_BE_WHOLE = "Must be a whole number."
_MUST_BE_DATE = "Must be a date (YYYY-MM-DD)."
_MUST_BE_TIME = "Must be an RFC 3339 timestamp with a time zone, e.g. 2026-01-05T12:00:00Z."
_MUST_BE_OBJECT = "Must be a JSON object."
_MUST_BE_LIST = "Must be a list."
_MUST_BE_ONE_OF = "Must be one of: {expected}."
_NOT_VALID = "This value is not valid."

# pydantic's error types, each mapped to our own English template (the msgid of its
# translations). Placeholders come from the error's context.
PROBLEMS: dict[str, str] = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not allowed here.",
    "string_type": "Must be text.",
    "string_too_short": "Must have a length of at least {min_length}.",
    "string_too_long": "Must have a length of at most {max_length}.",
    "too_short": "Must have a length of at least {min_length}.",
    "too_long": "Must have a length of at most {max_length}.",
    "string_pattern_mismatch": "Must match the pattern {pattern}.",
    "string_not_ascii": "Must contain only ASCII characters.",
    "int_type": _MUST_BE_WHOLE,
    "int_parsing": _MUST_BE_WHOLE,
    "int_from_float": _MUST_BE_WHOLE,
    "int_parsing_size": "Must fit a signed 64-bit integer.",
    "float_type": _MUST_BE_NUMBER,
    "float_parsing": _MUST_BE_NUMBER,
    "finite_number": _MUST_BE_NUMBER,
    "decimal_type": _MUST_BE_NUMBER,
    "decimal_parsing": _MUST_BE_NUMBER,
    "greater_than": "Must be greater than {gt}.",
    "greater_than_equal": "Must be at least {ge}.",
    "less_than": "Must be less than {lt}.",
    "less_than_equal": "Must be at most {le}.",
    "multiple_of": "Must be a multiple of {multiple_of}.",
    "bool_type": "Must be true or false.",
    "bool_parsing": "Must be true or false.",
    "enum": _MUST_BE_ONE_OF,
    "literal_error": _MUST_BE_ONE_OF,
    "dict_type": _MUST_BE_OBJECT,
    "model_type": _MUST_BE_OBJECT,
    "model_attributes_type": _MUST_BE_OBJECT,
    "dataclass_type": _MUST_BE_OBJECT,
    "mapping_type": _MUST_BE_OBJECT,
    "list_type": _MUST_BE_LIST,
    "tuple_type": _MUST_BE_LIST,
    "set_type": _MUST_BE_LIST,
    "frozen_set_type": _MUST_BE_LIST,
    "iterable_type": _MUST_BE_LIST,
    "date_type": _MUST_BE_DATE,
    "date_parsing": _MUST_BE_DATE,
    "date_from_datetime_parsing": _MUST_BE_DATE,
    "date_from_datetime_inexact": _MUST_BE_DATE,
    "datetime_type": _MUST_BE_TIME,
    "datetime_parsing": _MUST_BE_TIME,
    "datetime_from_date_parsing": _MUST_BE_TIME,
    "datetime_object_invalid": _MUST_BE_TIME,
    "timezone_aware": _MUST_BE_TIME,
    "timezone_naive": "Must not include a time zone.",
    "uuid_type": "Must be a UUID.",
    "uuid_parsing": "Must be a UUID.",
    "url_type": "Must be a URL.",
    "url_parsing": "Must be a URL.",
    "url_scheme": "Must be a URL.",
    "url_syntax_violation": "Must be a URL.",
    "url_too_long": "Must be a URL.",
    "union_tag_invalid": _NOT_VALID,
    "union_tag_not_found": _NOT_VALID,
    "json_invalid": "The body is not valid JSON.",
}


def problem_of(error: Any, locale: str) -> str:
    """One validation problem in the caller's language."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        # Our own validators' messages (ValueError texts) are msgids too.
        text = str(ctx.get("error", ""))
        if is_msgid(text) or (locale == DEFAULT_LOCALE and text):
            return gettext(text, locale)
        return gettext(_NOT_VALID, locale)
    if "expected" in ctx:
        # pydantic joins the allowed values with an English "or".
        ctx["expected"] = str(ctx["expected"]).replace(" or ", ", ")
    template = gettext(PROBLEMS.get(kind, _NOT_VALID), locale)
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return gettext(_NOT_VALID, locale)


_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})


def field_of(error: Any) -> str:
    loc = [str(p) for p in error.get("loc", ())]
    if loc and loc[0] in _SOURCES:
        loc = loc[1:]
    return ".".join(loc)


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def install(app: FastAPI) -> None:
    @app.exception_handler(TenureError)
    async def _tenure_error(request: Request, exc: TenureError) -> JSONResponse:
        return tenure_error_response(exc, _locale(request))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        locale = _locale(request)
        fields = [
            {
                "field": field_of(err),
                "problem": problem_of(err, locale),
                "type": str(err.get("type", "")),
            }
            for err in exc.errors()
        ]
        names = ", ".join(f["field"] or "body" for f in fields)
        message = gettext("The request is not valid: {fields}.", locale).format(fields=names)
        return JSONResponse(error_body("invalid_request", message, fields=fields), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        locale = _locale(request)
        codes = {
            404: ("not_found", "Not found."),
            405: ("method_not_allowed", "This method is not allowed here."),
            413: ("request_too_large", "The request body is too large."),
        }
        code, text = codes.get(exc.status_code, ("http_error", str(exc.detail)))
        return JSONResponse(
            error_body(code, gettext(text, locale)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
