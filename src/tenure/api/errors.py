"""Every error is ``{"error": {"code", "message", ...}}`` with a stable code (X-6), and the
message in the caller's language (X-5)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenure.kit.errors import STATUS_BY_KIND, TenureError
from tenure.kit.i18n import gettext, negotiate


def _locale(request: Request) -> str:
    locale = getattr(request.state, "locale", None)
    return locale or negotiate(request.headers.get("accept-language"))


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


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
        locale = _locale(request)
        message = exc.render(lambda text: gettext(text, locale))
        extra = {k: _jsonable(v) for k, v in exc.params.items()}
        retry_after = exc.params.get("retry_after") if exc.kind == "rate_limited" else None
        return JSONResponse(
            error_body(exc.code, message, **extra),
            status_code=STATUS_BY_KIND[exc.kind],
            headers={"Retry-After": str(retry_after)} if retry_after is not None else None,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        locale = _locale(request)
        fields = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "problem": str(err.get("msg", "")),
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
        }
        code, text = codes.get(exc.status_code, ("http_error", str(exc.detail)))
        return JSONResponse(
            error_body(code, gettext(text, locale)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
