"""The dependency of endpoints only a linked device may call (X-8): the caller presents a
device token (``Principal.kind == "device"``; ``principal.id`` is the device id and
``principal.account_id`` its owner)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tenure.api.context import SESSION, Ctx, access, any_ctx
from tenure.kit.errors import Forbidden


@access(SESSION)
def device_ctx(request: Request) -> Ctx:
    ctx = any_ctx(request)
    if ctx.me.kind != "device":
        raise Forbidden("device_only", "Only a linked device may do this.")
    return ctx


DeviceCtx = Annotated[Ctx, Depends(device_ctx)]
