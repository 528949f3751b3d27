"""Loading, versioning and reading the catalog (CAT-1, CAT-2).

A catalog is YAML (see ``docs/catalog.md`` and the commented ``demo.yaml``). Loading one
validates it completely, then stores it as a new immutable *version* (1, 2, 3 …) unless it is
byte-for-byte the current one. The newest version is the catalog in force; older versions
stay readable forever, because subscriptions keep the version (and price) they were bought
under: a new catalog never changes an existing subscription's terms.

Parsed versions are cached in-process by version id (versions never change), so
:func:`current_catalog` costs one small indexed query per call and no YAML parsing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any, NoReturn, Protocol

import yaml
from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.catalog import repository
from tenure.catalog.models import CatalogVersion
from tenure.catalog.schema import Catalog, Plan, Product
from tenure.domain import volume as volume_rules
from tenure.events import service as events
from tenure.kit import inputs
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window

MAX_SOURCE_CHARS = 1_000_000
MAX_PROBLEMS = 50
DOCUMENT = "(document)"


@dataclass(frozen=True)
class LoadedCatalog:
    """One stored catalog version, parsed. Immutable and safe to share between requests."""

    id: str
    version: int
    loaded_at: datetime
    catalog: Catalog
    _index: dict[str, tuple[Product, Plan]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for product in self.catalog.products:
            for plan in product.plans:
                self._index[plan.code] = (product, plan)

    def find_plan(self, code: str) -> Plan | None:
        found = self._index.get(code)
        return found[1] if found else None

    def plan(self, code: str) -> Plan:
        return self._entry(code)[1]

    def product_for(self, plan_code: str) -> Product:
        return self._entry(plan_code)[0]

    def _entry(self, code: str) -> tuple[Product, Plan]:
        found = self._index.get(code)
        if found is None:
            raise NotFound("unknown_plan", "No plan with code {plan} exists.", plan=code)
        return found


# --- parsing ---------------------------------------------------------------------------------


class _CatalogLoader(yaml.SafeLoader):
    """Safe YAML, with two changes that spare vendors surprises:

    * only ``true``/``false`` are booleans (YAML 1.2), so ``NO`` (Norway) stays a string;
    * a key given twice in one mapping is an error instead of the last one silently winning.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not _hashable(key):
                continue  # the base class reports unhashable keys
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} is given twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_BOOL = "tag:yaml.org,2002:bool"
_CatalogLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CatalogLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_catalog(source: str) -> Catalog:
    """YAML text -> a validated :class:`Catalog`.

    Any problem raises ``invalid_catalog`` with ``problems``: one entry per problem, each
    naming the exact field (``products[0].plans[2].prices.USD``), the plan's code where the
    field belongs to a plan, and the line in the YAML source.
    """
    if len(source) > MAX_SOURCE_CHARS:
        _refuse(
            [
                {
                    "field": DOCUMENT,
                    "problem": f"the catalog is longer than {MAX_SOURCE_CHARS} characters",
                }
            ]
        )
    try:
        data = yaml.load(source, Loader=_CatalogLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem: dict[str, Any] = {
            "field": DOCUMENT,
            "problem": f"invalid YAML: {exc.problem or exc.context or 'unreadable'}",
        }
        if mark is not None:
            problem["line"] = mark.line + 1
            problem["column"] = mark.column + 1
            problem["problem"] += f" (line {mark.line + 1}, column {mark.column + 1})"
        _refuse([problem])
    except yaml.YAMLError as exc:
        _refuse([{"field": DOCUMENT, "problem": f"invalid YAML: {exc}"}])
    except RecursionError:
        _refuse([{"field": DOCUMENT, "problem": "invalid YAML: nested too deeply"}])
    # YAML's escapes ("\0", "\ud800") can say what no text may hold.
    inputs.check_tree(data, root=DOCUMENT)
    if not isinstance(data, dict):
        _refuse(
            [
                {
                    "field": DOCUMENT,
                    "problem": "the catalog must be a YAML mapping with the keys vendor and "
                    f"products, not {_kind_of(data)}",
                }
            ]
        )
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        nodes = _node_tree(source)
        problems = [_problem(error, data, nodes) for error in exc.errors()]
        _refuse(problems)


def _refuse(problems: list[dict[str, Any]]) -> NoReturn:
    first = problems[0]
    where = first["field"] + (f" (plan {first['plan']})" if "plan" in first else "")
    summary = f"{where}: {first['problem']}"
    if len(problems) > 1:
        summary += f" (and {len(problems) - 1} more)"
    raise InvalidInput(
        "invalid_catalog",
        "The catalog is not valid: {summary}",
        summary=summary,
        problems=problems[:MAX_PROBLEMS],
    )


def _kind_of(data: Any) -> str:
    if data is None:
        return "an empty document"
    if isinstance(data, list):
        return "a list"
    return f"a single value ({type(data).__name__})"


def _render(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _parse_path(path: str) -> list[int | str]:
    """``volume_tiers[2].min_quantity`` -> ``["volume_tiers", 2, "min_quantity"]``."""
    parts: list[int | str] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return parts


_PRICE_FIELDS = frozenset({"prices", "monthly_unit_prices"})
_INT_ERRORS = frozenset({"int_type", "int_parsing", "int_from_float"})


def _problem(error: Any, data: Any, nodes: yaml.Node | None) -> dict[str, Any]:
    loc: list[int | str] = list(error.get("loc", ()))
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc.pop()
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    message = str(error.get("msg", "invalid"))
    if kind == "catalog_rule" and ctx.get("field"):
        # A cross-field rule names its field relative to the model that checks it.
        extra = _parse_path(str(ctx["field"]))
        loc = extra if extra[:1] == ["products"] else loc + extra
    path = _render(loc)
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind == "extra_forbidden":
        message = "unknown field (docs/catalog.md lists the fields allowed here)"
    elif kind == "missing":
        message = "this field is required"
    elif kind in _INT_ERRORS and len(loc) >= 2 and loc[-2] in _PRICE_FIELDS:
        message = (
            "a price is a whole number of the currency's minor units, without quotes "
            f"(1299 for 12.99), not {error.get('input')!r}"
        )
    elif is_key and not message.startswith("'"):
        message = f"{message} (the key {loc[-1]!r})" if loc else message
    problem: dict[str, Any] = {"field": path or DOCUMENT, "problem": message}
    plan = _plan_code(data, loc)
    if plan is not None:
        problem["plan"] = plan
    line = _line_of(nodes, loc)
    if line is not None:
        problem["line"] = line
    return problem


def _plan_code(data: Any, loc: Sequence[int | str]) -> str | None:
    """The code of the plan a location is inside of, read from the raw document."""
    node = data
    code: str | None = None
    for index, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if index >= 1 and loc[index - 1] == "plans" and isinstance(node, dict):
                found = node.get("code")
                code = found if isinstance(found, str) else None
        else:
            break
    return code


def _node_tree(source: str) -> yaml.Node | None:
    try:
        return yaml.compose(source, Loader=_CatalogLoader)
    except yaml.YAMLError:  # pragma: no cover - the source was just loaded successfully
        return None


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based source line of the deepest node the location reaches."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                key = next((k for k, _ in node.value if getattr(k, "value", None) == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


# --- versions --------------------------------------------------------------------------------

_CACHE_SIZE = 32
_cache: OrderedDict[str, LoadedCatalog] = OrderedDict()
_cache_lock = threading.Lock()


def _cached(version_id: str) -> LoadedCatalog | None:
    with _cache_lock:
        found = _cache.get(version_id)
        if found is not None:
            _cache.move_to_end(version_id)
        return found


def _remember(loaded: LoadedCatalog) -> LoadedCatalog:
    with _cache_lock:
        _cache[loaded.id] = loaded
        _cache.move_to_end(loaded.id)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return loaded


def _sha256(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _actor_label(actor: Actor) -> str:
    return f"{actor.kind}:{actor.id}" if actor.id else actor.kind


def load_catalog(
    session: Session, *, source: str, now: datetime, actor: Actor
) -> tuple[LoadedCatalog, bool]:
    """Validate ``source`` and store it as the next version.

    Returns ``(current, False)`` without storing anything when ``source`` is identical to the
    current version, and ``(new_version, True)`` otherwise. Invalid catalogs raise
    ``invalid_catalog`` and store nothing.
    """
    catalog = parse_catalog(source)
    digest = _sha256(source)
    head = repository.latest_head(session)
    if head is not None and head.sha256 == digest:
        return _loaded(session, head), False
    row = CatalogVersion(
        id=new_id("cat"),
        version=(head.version if head else 0) + 1,
        sha256=digest,
        source=source,
        loaded_at=now,
        loaded_by=_actor_label(actor),
    )
    repository.add(session, row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "catalog_load_conflict",
            "Another catalog version was loaded at the same time; try again.",
        ) from exc
    events.record(
        session,
        type="catalog.loaded",
        at=now,
        actor=actor,
        subject_type="catalog_version",
        subject_id=row.id,
        account_id=None,
        data={
            "version": row.version,
            "sha256": digest,
            "previous_version": head.version if head else None,
            "products": [p.code for p in catalog.products],
            "plans": sum(len(p.plans) for p in catalog.products),
        },
    )
    loaded = LoadedCatalog(id=row.id, version=row.version, loaded_at=now, catalog=catalog)
    return _remember(loaded), True


def current_catalog(session: Session) -> LoadedCatalog:
    """The catalog in force: the newest version."""
    head = repository.latest_head(session)
    if head is None:
        raise NotFound("no_catalog", "No catalog has been loaded yet.")
    return _loaded(session, head)


def latest_catalog_or_none(session: Session) -> LoadedCatalog | None:
    """The catalog in force, or ``None`` before any is loaded."""
    head = repository.latest_head(session)
    return _loaded(session, head) if head is not None else None


def catalog_version(session: Session, version: int) -> LoadedCatalog:
    """A version by number, e.g. the one a subscription was bought under.

    Versions never change, so the answer is remembered for the rest of the session: a batch
    of renewals asks for the same version thousands of times and queries it once.
    """
    remembered: dict[int, LoadedCatalog] = session.info.setdefault(_SESSION_VERSIONS, {})
    found = remembered.get(version)
    if found is not None:
        return found
    head = repository.head_by_version(session, version)
    if head is None:
        raise NotFound(
            "unknown_catalog_version", "No catalog version {version} exists.", version=version
        )
    loaded = remembered[version] = _loaded(session, head)
    return loaded


_SESSION_VERSIONS = "tenure.catalog.versions"


@event.listens_for(Session, "after_rollback")
def _forget_versions(session: Session) -> None:
    # A version loaded in a rolled-back transaction no longer exists.
    session.info.pop(_SESSION_VERSIONS, None)


class Sold(Protocol):
    """Anything sold under a catalog version (a subscription): the terms of its plan are
    those of that version, whatever the catalog says today."""

    @property
    def catalog_version(self) -> int: ...

    @property
    def plan_code(self) -> str: ...


def product_and_plan(session: Session, sold: Sold) -> tuple[Product, Plan]:
    """The product and the plan's terms as they were in the version it was bought on: the
    one place every package asks for the terms of a subscription's plan."""
    loaded = catalog_version(session, sold.catalog_version)
    return loaded.product_for(sold.plan_code), loaded.plan(sold.plan_code)


def plan_of(session: Session, sold: Sold) -> Plan:
    """The plan's terms as they were in the version it was bought on."""
    return catalog_version(session, sold.catalog_version).plan(sold.plan_code)


class PlanLookup:
    """:func:`product_and_plan` bound to a session, for code that looks up many."""

    __slots__ = ("_session",)

    def __init__(self, session: Session) -> None:
        self._session = session

    def __call__(self, sold: Sold) -> tuple[Product, Plan]:
        return product_and_plan(self._session, sold)

    def fallback(self, sold: Sold) -> Plan | None:
        """The plan ``sold``'s plan falls back to when it ends (its ``fallback_plan``), in
        the same catalog version."""
        loaded = catalog_version(self._session, sold.catalog_version)
        plan = loaded.plan(sold.plan_code)
        return loaded.find_plan(plan.fallback_plan) if plan.fallback_plan else None


def list_versions(session: Session, window: Window | None = None) -> Sequence[CatalogVersion]:
    """The stored versions (all, or one window), newest first (source texts not loaded)."""
    return repository.list_versions(session, window)


def version_record(session: Session, version: int) -> CatalogVersion:
    """The stored row of a version, with its source text exactly as loaded."""
    row = repository.by_version(session, version)
    if row is None:
        raise NotFound(
            "unknown_catalog_version", "No catalog version {version} exists.", version=version
        )
    return row


def _loaded(session: Session, head: repository.VersionHead) -> LoadedCatalog:
    cached = _cached(head.id)
    if cached is not None:
        return cached
    source = repository.source_of(session, head.id)
    assert source is not None  # the head was just read in this transaction
    try:
        catalog = parse_catalog(source)
    except InvalidInput as exc:
        # Stored versions were valid when loaded; this one fails the rules of this release.
        raise Conflict(
            "stored_catalog_invalid",
            "Catalog version {version} does not pass this release's checks: {summary}. "
            "Load a corrected catalog.",
            version=head.version,
            summary=exc.params.get("summary", ""),
        ) from exc
    return _remember(
        LoadedCatalog(id=head.id, version=head.version, loaded_at=head.loaded_at, catalog=catalog)
    )


def demo_catalog_source() -> str:
    """The demo catalog shipped with Tenure (CAT-2): three invented vendors."""
    return resources.files("tenure.catalog").joinpath("demo.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------------ tier prices (CAT-3)


def tiers_of(plan: Plan, currency: str) -> list[volume_rules.Tier]:
    return [
        volume_rules.Tier(t.min_quantity, t.monthly_unit_prices[currency])
        for t in plan.volume_tiers
    ]


def monthly_price(plan: Plan, currency: str, quantity: int) -> int:
    """CAT-3: the monthly price per license at the tier of the total count. Below the first
    tier (licenses set not to renew can leave fewer) the first tier applies."""
    tiers = tiers_of(plan, currency)
    return volume_rules.tier_for(tiers, max(quantity, tiers[0].min_quantity)).monthly_unit_price
