"""Pure-ASGI middleware around every request.

* :class:`BodyLimit` refuses a request body larger than the limit (X-11) before it is read
  into memory: at once when ``Content-Length`` says so, else as soon as the bytes received pass
  the limit (a chunked body), with ``413 request_too_large``.
* :class:`PlainText` refuses a NUL byte in the path, the query or a header (X-11), on every
  route (the JSON body is checked by the route class, :mod:`tenure.api.routing`).
* :class:`ContentLanguage` says in which language every response is (X-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenure.api.errors import tenure_error_response
from tenure.kit import inputs
from tenure.kit.errors import InvalidInput, RequestTooLarge
from tenure.kit.i18n import negotiate


class BodyLimit:
    """At most ``default`` bytes of body per request; ``by_path`` names exact paths that
    may send more (the catalog upload)."""

    def __init__(self, app: ASGIApp, *, default: int, by_path: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.by_path = dict(by_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge.over(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except RequestTooLarge:
            # Raised outside a route (they answer it themselves): answer here if we still can.
            if started:
                raise
            await _refuse(scope, receive, send, limit)


class PlainText:
    """The path, every query parameter and every header hold no NUL byte and no lone
    surrogate (``422 invalid_character``), whichever route (or none) answers the request.
    PostgreSQL cannot store a NUL byte; the server decodes percent-escapes that are not UTF-8
    (a lone surrogate among them) to U+FFFD, and header values are Latin-1, so those need no
    check of their own here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            _check_plain_text(scope)
        except InvalidInput as exc:
            await tenure_error_response(exc, _locale(scope))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _check_plain_text(scope: Scope) -> None:
    inputs.check_text("path", scope["path"])
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        inputs.check_text("query", name)
        inputs.check_text(name, value)
    for name, value in scope["headers"]:
        if b"\x00" in value:
            raise inputs.invalid_character(name.decode("latin-1"))


class ContentLanguage:
    """Adds ``Content-Language``: the language the request was served in (the caller's
    account's, or the one ``Accept-Language`` asks for, else English)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-language" not in headers:
                    headers["Content-Language"] = _locale(scope)
            await send(message)

        await self.app(scope, receive, send_with_language)


def _locale(scope: Scope) -> str:
    state = scope.get("state") or {}
    locale = state.get("locale")
    if isinstance(locale, str) and locale:
        return locale
    return negotiate(Headers(scope=scope).get("accept-language"))


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = tenure_error_response(RequestTooLarge.over(limit), _locale(scope))
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
