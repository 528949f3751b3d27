"""The webhook API's request and response bodies, and the webhooks' own payloads (the
OpenAPI document's ``webhooks`` section)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from tenure.domain.webhooks import EVENT_KINDS

if TYPE_CHECKING:
    from tenure.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

Url = Field(min_length=8, max_length=2000, description="https:// (http:// only where allowed).")
EventType = Annotated[str, StringConstraints(min_length=1, max_length=100)]
EventTypes = Field(
    default=None,
    max_length=100,
    description="Event types (subscription.renewed), kinds (subscription.*) or *; null or "
    "absent: every event.",
)


class WebhookEndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Url
    description: str = Field(default="", max_length=500)
    event_types: list[EventType] | None = EventTypes
    enabled: bool = True


class WebhookEndpointPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=8, max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[EventType] | None = EventTypes
    enabled: bool | None = Field(
        default=None,
        description="Switch it on or off. On again: events recorded while it was off are "
        "not sent unless replayed.",
    )


class WebhookEndpointOut(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str] | None
    enabled: bool
    disabled_reason: Literal["staff", "failing"] | None = Field(
        description="staff: switched off through the API; failing: it answered no delivery "
        "with success for the whole retry window."
    )
    disabled_at: datetime | None
    failing_since: datetime | None = Field(
        description="The first failed attempt since the last successful one."
    )
    last_success_at: datetime | None
    previous_secret_signs_until: datetime | None = Field(
        description="After a rotation, the old secret signs beside the new one until then."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: WebhookEndpoint) -> WebhookEndpointOut:
        return cls(
            id=row.id,
            url=row.url,
            description=row.description,
            event_types=row.event_types,
            enabled=row.enabled,
            disabled_reason=row.disabled_reason,
            disabled_at=row.disabled_at,
            failing_since=row.failing_since,
            last_success_at=row.last_success_at,
            previous_secret_signs_until=row.previous_secret_until,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class WebhookEndpointWithSecretOut(WebhookEndpointOut):
    secret: str = Field(
        description="The signing secret (whsec_…, Standard Webhooks). Shown only now: keep it."
    )


class WebhookSecretRotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overlap_hours: int = Field(
        default=24,
        ge=0,
        le=24 * 7,
        description="How long the old secret keeps signing beside the new one (0: stop now).",
    )


class WebhookReplayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: AwareDatetime = Field(
        description="Every event that occurred at or after this instant (with its zone)."
    )
    resume_after: int | None = Field(
        default=None,
        ge=0,
        le=2**62,
        description="The resume_after of a previous answer whose has_more was true.",
    )


class WebhookReplayOut(BaseModel):
    queued: int
    has_more: bool = Field(description="More events match: ask again with resume_after.")
    resume_after: int | None


class WebhookAttemptOut(BaseModel):
    attempted_at: datetime
    succeeded: bool
    status_code: int | None
    latency_ms: int
    response_excerpt: str | None = Field(description="The first KiB of the answer.")
    error: str | None

    @classmethod
    def of(cls, row: WebhookAttempt) -> WebhookAttemptOut:
        return cls(
            attempted_at=row.attempted_at,
            succeeded=row.succeeded,
            status_code=row.status_code,
            latency_ms=row.latency_ms,
            response_excerpt=row.response_excerpt,
            error=row.error,
        )


class WebhookDeliveryOut(BaseModel):
    id: str
    endpoint_id: str
    event_id: str = Field(description="Also the webhook-id header: the same on every attempt.")
    event_type: str
    status: Literal["pending", "sending", "delivered", "failed"]
    attempts: int = Field(description="Attempts since it was queued (or last resent).")
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    log: list[WebhookAttemptOut] | None = Field(
        default=None, description="Every attempt, oldest first (on GET of one delivery)."
    )

    @classmethod
    def of(
        cls, row: WebhookDelivery, attempts: list[WebhookAttempt] | None = None
    ) -> WebhookDeliveryOut:
        return cls(
            id=row.id,
            endpoint_id=row.endpoint_id,
            event_id=row.event_id,
            event_type=row.event_type,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_attempt_at=row.last_attempt_at,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
            log=None if attempts is None else [WebhookAttemptOut.of(a) for a in attempts],
        )


class WebhookEventKindOut(BaseModel):
    kind: str
    description: str


# --- the payloads ---------------------------------------------------------------------


class WebhookActor(BaseModel):
    kind: str = Field(description="customer, staff, scheduler, system, app_store …")
    id: str | None


class WebhookData(BaseModel):
    event_id: str = Field(description="The event's id; also the webhook-id header.")
    account_id: str | None
    subject_type: str
    subject_id: str
    actor: WebhookActor
    details: dict[str, Any] = Field(description="The event's own fields (see the event feed).")


def payload_model(kind: str) -> type[BaseModel]:
    """The payload of one kind of event, for the OpenAPI document."""
    description = EVENT_KINDS.get(kind, "Events of kinds not listed elsewhere.")
    return type(
        f"{''.join(part.title() for part in kind.split('_'))}Webhook",
        (BaseModel,),
        {
            "__doc__": f"{description} Signed with Standard Webhooks (webhook-id, "
            "webhook-timestamp, webhook-signature).",
            "__annotations__": {"type": str, "timestamp": datetime, "data": WebhookData},
            "type": Field(
                pattern=rf"^{kind}\." if kind != "other" else r"^[a-z_]+\.",
                description=f"{kind}.<what happened>",
                examples=[f"{kind}.created"],
            ),
            "timestamp": Field(description="When the event occurred."),
        },
    )
