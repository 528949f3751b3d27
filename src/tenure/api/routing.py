"""The route class every Tenure endpoint uses.

It makes the HTTP request the owner of its transaction: one session per request (opened when
the endpoint first asks for it, :func:`session_of`), committed after the endpoint returns and
*before* the response leaves, rolled back on any error (so bad input changes nothing, X-6) —
except an error the endpoint raises as :class:`AnswerAfterCommit` (a failure that must stay
on record): that one is answered after the commit.
State-changing requests honour ``Idempotency-Key`` (X-2).

It is also the one place where a JSON body is checked before any endpoint sees it (X-11): it holds
no NUL byte or lone surrogate, its numbers fit 64 bits and it is not nested too deeply
(:mod:`tenure.kit.inputs`; the path, query and headers are checked for every request by
:class:`tenure.api.middleware.PlainText`); a malformed body says where, and a body sent
without ``Content-Type: application/json`` is told so. The body is read here, on every
route, through :class:`tenure.api.middleware.BodyLimit`, so an oversized one is refused (413) on
every route.
"""

from __future__ import annotations

import email.message
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tenure.api import idempotency
from tenure.container import Container
from tenure.kit import inputs
from tenure.kit.errors import InvalidInput, TenureError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Routes whose responses carry fresh secrets (sign-in) are marked with this in
# ``openapi_extra``: they accept an Idempotency-Key but never store their response, so no
# session token is kept in the idempotency table. Retrying them just signs in again.
NO_REPLAY = {"x-tenure-idempotency": "not-stored"}


class AnswerAfterCommit(Exception):
    """Raised by an endpoint whose answer is an error but whose changes must stand: the
    route commits the request's transaction, then answers with ``error`` (and releases the
    idempotency key, as for any failed request). A refused charge (the attempt stays on
    record) and a wrong link code (counted for throttling) are answered so. Everything the
    request wrote is committed, so the endpoint raises it only after services that wrote
    nothing else."""

    def __init__(self, error: TenureError) -> None:
        super().__init__(str(error))
        self.error = error


class TenureRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            await self._check_input(request)
            container: Container = request.app.state.container
            write = request.method not in SAFE_METHODS
            replayable = (self.openapi_extra or {}).get("x-tenure-idempotency") != "not-stored"
            key_header = request.headers.get("idempotency-key") if write and replayable else None
            scope = key = None
            if key_header is not None:
                key = idempotency.validate_key(key_header)
                scope = idempotency.scope_of(request.headers.get("authorization"))
                req_hash = idempotency.request_hash(
                    request.method, request.url.path, request.url.query, await request.body()
                )
                stored = await run_in_threadpool(
                    idempotency.claim,
                    container.db,
                    scope=scope,
                    key=key,
                    req_hash=req_hash,
                    now=container.clock.now(),
                )
                if stored is not None:
                    replay = Response(
                        content=stored.body or b"",
                        status_code=stored.status_code or 200,
                        media_type=stored.media_type,
                    )
                    replay.headers["Idempotent-Replayed"] = "true"
                    return replay
            sessions = _LazySession(container, write)
            request.state.sessions = sessions
            # The endpoint runs in a worker thread; its commit, rollback and close run here,
            # without waiting for another worker thread. Waiting for one while holding the
            # database's locks could deadlock once every worker thread waits for those locks.
            try:
                response = await original(request)
                if write and 200 <= response.status_code < 300:
                    if scope is not None and key is not None:
                        idempotency.complete(
                            sessions.get(),
                            scope=scope,
                            key=key,
                            now=container.clock.now(),
                            status_code=response.status_code,
                            media_type=response.media_type,
                            body=bytes(response.body),
                        )
                    sessions.commit()
                else:
                    sessions.rollback()
                    if scope is not None and key is not None:
                        await run_in_threadpool(
                            idempotency.release, container.db, scope=scope, key=key
                        )
                return response
            except AnswerAfterCommit as answered:
                try:
                    sessions.commit()
                finally:
                    if scope is not None and key is not None:
                        await run_in_threadpool(
                            idempotency.release, container.db, scope=scope, key=key
                        )
                raise answered.error from None
            except BaseException:
                sessions.rollback()
                if scope is not None and key is not None:
                    await run_in_threadpool(idempotency.release, container.db, scope=scope, key=key)
                raise
            finally:
                sessions.close()

        return handler

    async def _check_input(self, request: Request) -> None:
        body = await request.body()
        if not body:
            return
        if is_json(request.headers.get("content-type")):
            # Starlette's own cache of the parsed body: FastAPI (and any endpoint that asks
            # for request.json()) gets this checked document instead of parsing it again.
            request._json = inputs.parse_json(body)
        elif self.body_field is not None:
            raise InvalidInput(
                "unsupported_media_type",
                "Send the body as JSON with the header Content-Type: application/json.",
                media_type=request.headers.get("content-type", ""),
            )


def is_json(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` names JSON (``application/json``, ``…+json``), as FastAPI
    decides it."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def session_of(request: Request) -> Session:
    """The request's session (its transaction), opened when first asked for: a device's
    connection requests run on a connection of their own and never open one."""
    sessions: _LazySession = request.state.sessions
    return sessions.get()


class _LazySession:
    __slots__ = ("_container", "_write", "session")

    def __init__(self, container: Container, write: bool) -> None:
        self._container = container
        self._write = write
        self.session: Session | None = None

    def get(self) -> Session:
        if self.session is None:
            self.session = self._container.db.session(write=self._write)
        return self.session

    def commit(self) -> None:
        if self.session is not None:
            self.session.commit()

    def rollback(self) -> None:
        if self.session is not None:
            self.session.rollback()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


def router(prefix: str = "", **kwargs: Any) -> APIRouter:
    """An APIRouter whose routes own their transaction and honour idempotency keys."""
    return APIRouter(prefix=prefix, route_class=TenureRoute, **kwargs)
