"""Catalog API: the public catalog a web shop shows, and staff's versioned loading (CAT-1)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import Depends, Path, Request, Response

from tenure.api.context import Access, Ctx, StaffCtx, access, any_ctx, public_ctx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.catalog import service
from tenure.catalog.schemas import (
    CatalogOut,
    LoadOut,
    PlanDetailOut,
    VersionDetailOut,
    VersionOut,
)
from tenure.kit.errors import InvalidInput, NotFound, Unauthenticated
from tenure.kit.inputs import INT32_MAX

api = router("/v1/catalog", tags=["catalog"])

YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/plain", ""})


@access(Access(("staffKey",), optional=True))
def viewer_ctx(request: Request) -> Ctx:
    """Anyone may read the catalog; staff (valid API key) also see unpublished plans.

    Credentials that do not authenticate are ignored here rather than refused, so a web shop
    forwarding a stale customer session still gets the public catalog.
    """
    if request.headers.get("authorization"):
        try:
            return any_ctx(request)
        except Unauthenticated:
            pass
    return public_ctx(request)


ViewerCtx = Annotated[Ctx, Depends(viewer_ctx)]


def _is_staff(ctx: Ctx) -> bool:
    return ctx.principal is not None and ctx.principal.is_staff


async def catalog_source(request: Request) -> str:
    """The uploaded catalog: the raw YAML body, or JSON ``{"source": "..."}``."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media_type == "application/json":
        # Parsed and checked by the route class (malformed JSON, NUL bytes, depth: X-11); the
        # body limit (settings.catalog_max_body_bytes) was applied while it was read.
        data: Any = await request.json() if body else None
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            raise InvalidInput(
                "catalog_source_required",
                "Send the catalog as YAML in the request body, or as JSON with a source field.",
            )
        return str(data["source"])
    if media_type not in YAML_TYPES:
        raise InvalidInput(
            "unsupported_media_type",
            "Send the catalog as YAML in the request body, or as JSON with a source field.",
            media_type=media_type,
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "invalid_catalog",
            "The catalog is not valid: {summary}",
            summary="the catalog is not UTF-8 text",
            problems=[{"field": service.DOCUMENT, "problem": "the catalog is not UTF-8 text"}],
        ) from None


CatalogSource = Annotated[str, Depends(catalog_source)]


_rendered: OrderedDict[tuple[str, bool], bytes] = OrderedDict()
_rendered_lock = threading.Lock()


def _render_catalog(loaded: service.LoadedCatalog, *, include_private: bool) -> bytes:
    """The JSON of a version, rendered once per version and audience (versions never change)."""
    key = (loaded.id, include_private)
    with _rendered_lock:
        found = _rendered.get(key)
    if found is None:
        found = CatalogOut.of(loaded, include_private=include_private).model_dump_json().encode()
        with _rendered_lock:
            _rendered[key] = found
            while len(_rendered) > 16:
                _rendered.popitem(last=False)
    return found


@api.get("", response_model=CatalogOut)
def read_catalog(ctx: ViewerCtx, request: Request) -> Response:
    """The catalog in force: every product and its plans with all their terms.

    The response carries an ``ETag``; send it back in ``If-None-Match`` to get a bodiless
    304 while the catalog is unchanged.
    """
    loaded = service.current_catalog(ctx.session)
    include_private = _is_staff(ctx)
    etag = f'"{loaded.id}-{"all" if include_private else "public"}"'
    headers = {"ETag": etag, "Vary": "Authorization"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = _render_catalog(loaded, include_private=include_private)
    return Response(content=body, media_type="application/json", headers=headers)


@api.get("/plans/{code}")
def read_plan(code: str, ctx: ViewerCtx) -> PlanDetailOut:
    """One plan of the catalog in force."""
    loaded = service.current_catalog(ctx.session)
    plan = loaded.plan(code)
    if not plan.public and not _is_staff(ctx):
        raise NotFound("unknown_plan", "No plan with code {plan} exists.", plan=code)
    return PlanDetailOut.of_version(plan, loaded.product_for(code), loaded.version)


@api.get("/versions")
def list_versions(ctx: StaffCtx, window: Paging) -> Page[VersionOut]:
    """Every loaded version, newest first (staff)."""
    rows = service.list_versions(ctx.session, window)
    return page(rows, window, key=lambda v: (v.version,), out=VersionOut.of)


@api.get("/versions/{version}")
def read_version(
    version: Annotated[int, Path(ge=1, le=INT32_MAX)], ctx: StaffCtx
) -> VersionDetailOut:
    """One version: its source exactly as loaded and the parsed catalog (staff)."""
    row = service.version_record(ctx.session, version)
    return VersionDetailOut.of_loaded(row, service.catalog_version(ctx.session, version))


_YAML_BODY = {"schema": {"type": "string", "description": "The catalog file (YAML)."}}


@api.post(
    "/versions",
    status_code=201,
    responses={200: {"model": LoadOut, "description": "Identical to the current version."}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": _YAML_BODY,
                "text/yaml": _YAML_BODY,
                "text/plain": _YAML_BODY,
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["source"],
                        "properties": {"source": {"type": "string"}},
                    }
                },
            },
        }
    },
)
def load_version(ctx: StaffCtx, source: CatalogSource, response: Response) -> LoadOut:
    """Validate and load a catalog (staff). 201 with the new version; 200 with
    ``created: false`` when it is identical to the current version. An invalid catalog is
    refused with ``invalid_catalog`` naming each bad field, and nothing is stored."""
    loaded, created = service.load_catalog(ctx.session, source=source, now=ctx.now, actor=ctx.actor)
    if not created:
        response.status_code = 200
    row = service.version_record(ctx.session, loaded.version)
    return LoadOut(
        **VersionOut.of(row).model_dump(),
        created=created,
        products=len(loaded.catalog.products),
        plans=sum(len(product.plans) for product in loaded.catalog.products),
    )
