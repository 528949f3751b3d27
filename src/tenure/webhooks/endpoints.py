"""Outgoing webhooks (X-4), managed with a staff key: endpoints, their secrets, the delivery
log, resend and replay."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from tenure.api.context import Ctx, StaffCtx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import NO_REPLAY, router
from tenure.domain.webhooks import EVENT_KINDS
from tenure.webhooks import service
from tenure.webhooks.schemas import (
    WebhookDeliveryOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
    WebhookEndpointPatch,
    WebhookEndpointWithSecretOut,
    WebhookEventKindOut,
    WebhookReplayIn,
    WebhookReplayOut,
    WebhookSecretRotateIn,
    payload_model,
)

api = router("/v1", tags=["webhooks"])


def _policy(ctx: Ctx) -> service.Policy:
    settings = ctx.container.settings
    return service.Policy(
        allow_http=settings.webhook_allow_http,
        allow_private=settings.webhook_allow_private_addresses,
    )


@api.post(
    "/webhook_endpoints",
    status_code=201,
    openapi_extra=NO_REPLAY,
)
def create_endpoint(body: WebhookEndpointIn, ctx: StaffCtx) -> WebhookEndpointWithSecretOut:
    """A new endpoint; the answer holds its signing secret, shown only this once. It
    receives the events recorded from now on."""
    endpoint, secret = service.create(
        ctx.session,
        url=body.url,
        description=body.description,
        event_types=body.event_types,
        enabled=body.enabled,
        policy=_policy(ctx),
        secret_key=ctx.container.settings.secret_key,
        now=ctx.now,
        actor=ctx.actor,
    )
    return WebhookEndpointWithSecretOut(
        **WebhookEndpointOut.of(endpoint).model_dump(), secret=secret
    )


@api.get("/webhook_endpoints")
def list_endpoints(ctx: StaffCtx, window: Paging) -> Page[WebhookEndpointOut]:
    rows = service.listed(ctx.session, window=window)
    return page(rows, window, key=lambda r: (r.id,), out=WebhookEndpointOut.of)


@api.get("/webhook_endpoints/{endpoint_id}")
def get_endpoint(endpoint_id: str, ctx: StaffCtx) -> WebhookEndpointOut:
    return WebhookEndpointOut.of(service.get(ctx.session, endpoint_id))


@api.patch("/webhook_endpoints/{endpoint_id}")
def update_endpoint(
    endpoint_id: str, body: WebhookEndpointPatch, ctx: StaffCtx
) -> WebhookEndpointOut:
    fields = body.model_fields_set
    endpoint = service.update(
        ctx.session,
        endpoint_id,
        url=body.url,
        description=body.description,
        **({"event_types": body.event_types} if "event_types" in fields else {}),
        enabled=body.enabled,
        policy=_policy(ctx),
        now=ctx.now,
        actor=ctx.actor,
    )
    return WebhookEndpointOut.of(endpoint)


@api.delete("/webhook_endpoints/{endpoint_id}", status_code=204)
def delete_endpoint(endpoint_id: str, ctx: StaffCtx) -> Response:
    """Forget the endpoint, its deliveries and their log."""
    service.delete(ctx.session, endpoint_id, now=ctx.now, actor=ctx.actor)
    return Response(status_code=204)


@api.post("/webhook_endpoints/{endpoint_id}/rotate_secret", openapi_extra=NO_REPLAY)
def rotate_secret(
    endpoint_id: str, body: WebhookSecretRotateIn, ctx: StaffCtx
) -> WebhookEndpointWithSecretOut:
    """A new signing secret, shown only this once; the old one keeps signing beside it
    (two signatures in webhook-signature) for ``overlap_hours``."""
    endpoint, secret = service.rotate_secret(
        ctx.session,
        endpoint_id,
        overlap=timedelta(hours=body.overlap_hours),
        secret_key=ctx.container.settings.secret_key,
        now=ctx.now,
        actor=ctx.actor,
    )
    return WebhookEndpointWithSecretOut(
        **WebhookEndpointOut.of(endpoint).model_dump(), secret=secret
    )


@api.post("/webhook_endpoints/{endpoint_id}/replay")
def replay(endpoint_id: str, body: WebhookReplayIn, ctx: StaffCtx) -> WebhookReplayOut:
    """Send again every event since a time that the endpoint's filter takes (those it
    missed while off included), up to 10,000 per request."""
    done = service.replay(
        ctx.session,
        endpoint_id,
        since=body.since,
        after_seq=body.resume_after or 0,
        now=ctx.now,
        actor=ctx.actor,
    )
    return WebhookReplayOut(
        queued=done.queued, has_more=done.more, resume_after=done.resume_after_seq
    )


@api.get("/webhook_endpoints/{endpoint_id}/deliveries")
def list_deliveries(
    endpoint_id: str,
    ctx: StaffCtx,
    window: Paging,
    status: Annotated[Literal["pending", "sending", "delivered", "failed"] | None, Query()] = None,
) -> Page[WebhookDeliveryOut]:
    """The delivery log, newest first."""
    rows = service.deliveries(ctx.session, endpoint_id, status=status, window=window)
    return page(rows, window, key=lambda r: (r.created_at, r.id), out=WebhookDeliveryOut.of)


@api.get("/webhook_deliveries/{delivery_id}")
def get_delivery(delivery_id: str, ctx: StaffCtx) -> WebhookDeliveryOut:
    """One delivery with every attempt: status, latency, the first KiB of the answer."""
    row = service.delivery(ctx.session, delivery_id)
    return WebhookDeliveryOut.of(row, list(service.attempts(ctx.session, delivery_id)))


@api.post("/webhook_deliveries/{delivery_id}/resend")
def resend(delivery_id: str, ctx: StaffCtx) -> WebhookDeliveryOut:
    """Send it again now, with the same webhook-id."""
    return WebhookDeliveryOut.of(
        service.resend(ctx.session, delivery_id, now=ctx.now, actor=ctx.actor)
    )


@api.get("/webhook_event_kinds")
def event_kinds(ctx: StaffCtx) -> list[WebhookEventKindOut]:
    """The kinds of events an endpoint can subscribe to (kind.* in event_types)."""
    return [WebhookEventKindOut(kind=k, description=d) for k, d in sorted(EVENT_KINDS.items())]


def _document(webhooks: APIRouter) -> APIRouter:
    """One entry per kind of event in the OpenAPI document's ``webhooks`` section."""
    for kind in [*sorted(EVENT_KINDS), "other"]:
        model = payload_model(kind)

        def receive(body: Any) -> None:
            """Answer 2xx within the timeout; anything else is retried."""

        receive.__annotations__ = {"body": model, "return": None}  # the kind's own payload

        webhooks.add_api_route(
            kind,
            receive,
            methods=["POST"],
            summary=f"{kind}.* events",
            description=model.__doc__ or "",
            status_code=200,
            name=f"webhook_{kind}",
        )
    return webhooks


webhooks = _document(APIRouter())
"""What Tenure sends to the vendor's endpoints (``app.webhooks``, OpenAPI 3.1)."""
