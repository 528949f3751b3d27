"""One error base with stable codes (X-6).

Domain and service code raise these; they carry no HTTP status. The API layer maps each
*kind* to a status and renders ``{"error": {"code", "message", ...params}}`` with the
message translated into the caller's language (X-5). ``message`` is the English template and
the msgid of the translation catalogs; ``params`` fill its ``{placeholders}`` and are also
returned to the caller as machine-readable fields.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, ClassVar

from tenure.kit.clock import plain_json


class TenureError(Exception):
    kind: ClassVar[str] = "invalid"

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        # Instants are written for clients as RFC 3339 UTC with "Z".
        self.params = {key: plain_json(value) for key, value in params.items()}

    def render(self, translate: Any = None) -> str:
        template = translate(self.message) if translate else self.message
        try:
            return str(template.format(**self.params))
        except (KeyError, IndexError, ValueError):
            return str(self.message.format(**self.params))


class InvalidInput(TenureError):
    """The request is malformed or breaks a rule (422)."""

    kind = "invalid"


class NotFound(TenureError):
    kind = "not_found"


class Conflict(TenureError):
    """The request is well formed but the resource's state forbids it (409)."""

    kind = "conflict"


class Forbidden(TenureError):
    kind = "forbidden"


class Unauthenticated(TenureError):
    kind = "unauthenticated"


class PaymentFailed(TenureError):
    """The payment gateway refused a charge (402)."""

    kind = "payment_failed"


class RateLimited(TenureError):
    kind = "rate_limited"

    @classmethod
    def failed_too_often(cls, *, until: datetime, now: datetime) -> RateLimited:
        """Too many failed attempts: refused until ``until`` (``retry_after`` in whole
        seconds, at least one; the API adds ``Retry-After``)."""
        wait = max(1, math.ceil((until - now).total_seconds()))
        return cls(
            "rate_limited",
            "Too many failed attempts. Try again in {retry_after} seconds.",
            retry_after=wait,
        )


class RequestTooLarge(TenureError):
    """The request body is larger than the server accepts (413)."""

    kind = "too_large"

    @classmethod
    def over(cls, limit: int) -> RequestTooLarge:
        return RequestTooLarge(
            "request_too_large",
            "The request body is larger than {limit} bytes.",
            limit=limit,
        )


STATUS_BY_KIND: dict[str, int] = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "forbidden": 403,
    "unauthenticated": 401,
    "payment_failed": 402,
    "rate_limited": 429,
    "too_large": 413,
}
