"""X-11: no input gets a 5xx, request bodies have a limit, and every error says what is wrong,
where, in the caller's language.

Each reproduction answers a 4xx with a stable code and changes nothing (every table has as
many rows after as before). The suite runs on SQLite and on PostgreSQL (NUL bytes are what
PostgreSQL cannot store).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from support import Api
from support.commerce import make_customer
from support.servers import api_processes
from tenure.catalog.service import LoadedCatalog
from tenure.container import Container
from tenure.kit.db import Base
from tenure.kit.i18n import _catalog

DEEP = "[" * 2000 + "]" * 2000
JSON = {"Content-Type": "application/json"}


def _rows(container: Container) -> dict[str, int]:
    with container.db.transaction(write=False) as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


# (method, url, staff?, raw body, content type, status, code)
REPRODUCTIONS = [
    pytest.param(
        "GET", "/v1/downloads/x.%C3%A9", False, None, None, 404, "invalid_download_link",
        id="non-ascii-download-token",
    ),
    pytest.param(
        "GET", "/v1/catalog/versions/9223372036854775808", True, None, None, 422,
        "invalid_request", id="catalog-version-over-int64",
    ),
    pytest.param(
        "GET", "/v1/catalog/versions/2147483648", True, None, None, 422,
        "invalid_request", id="catalog-version-over-its-int32-column",
    ),
    pytest.param(
        # The event list's old ``after`` became the list envelope's cursor; its ``limit`` is
        # the integer a client sends there now.
        "GET", "/v1/events?limit=1000000000000000000000000000000", True, None, None, 422,
        "invalid_request", id="events-limit-over-int64",
    ),
    pytest.param(
        "POST", "/v1/payment_methods", True,
        '{"account_id": "\\ud800", "type": "card", "card": '
        '{"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}',
        "application/json", 422, "invalid_character", id="lone-surrogate-account-id",
    ),
    pytest.param(
        "POST", "/v1/auth/login", False,
        '{"email": "ana@example.com", "password": "\\udc00x"}',
        "application/json", 422, "invalid_character", id="lone-surrogate-password",
    ),
    pytest.param(
        "POST", "/v1/auth/login", False, '{"\\ud800": 1}',
        "application/json", 422, "invalid_character", id="lone-surrogate-key",
    ),
    pytest.param(
        "POST", "/v1/licenses/sign-in", False, '{"username": "vl-\\u0000", "password": "x"}',
        "application/json", 422, "invalid_character", id="nul-license-username",
    ),
    pytest.param(
        "POST", "/v1/accounts", False,
        '{"email": "ana@example.com", "name": "a\\u0000b", "password": "correct horse battery"}',
        "application/json", 422, "invalid_character", id="nul-sign-up-name",
    ),
    pytest.param(
        "GET", "/v1/accounts/a%00b", True, None, None, 422, "invalid_character",
        id="nul-path",
    ),
    pytest.param(
        "GET", "/v1/events?type=a%00b", True, None, None, 422, "invalid_character",
        id="nul-query",
    ),
    pytest.param(
        "POST", "/v1/catalog/versions", True, '{"source": ' + DEEP + "}",
        "application/json", 422, "json_too_deep", id="deep-json-catalog",
    ),
    pytest.param(
        "POST", "/v1/payment_methods", True, DEEP,
        "application/json", 422, "json_too_deep", id="deep-json-body",
    ),
    pytest.param(
        "POST", "/v1/catalog/versions", True, "vendor: " + DEEP,
        "application/yaml", 422, "invalid_catalog", id="deep-yaml-catalog",
    ),
    pytest.param(
        "POST", "/v1/catalog/versions", True, 'vendor: "a\\0b"',
        "application/yaml", 422, "invalid_character", id="nul-yaml-catalog",
    ),
    pytest.param(
        "POST", "/v1/clock/advance", True, '{"seconds": 1000000000000000000000000000000}',
        "application/json", 422, "number_out_of_range", id="body-int-over-int64",
    ),
    pytest.param(
        "POST", "/v1/clock/advance", True, '{"seconds": 9223372036854775807}',
        "application/json", 422, "invalid_request", id="clock-seconds-past-the-calendar",
    ),
    pytest.param(
        "POST", "/v1/clock/advance", True, '{"hours": 2147483648}',
        "application/json", 422, "invalid_request", id="clock-hours-past-the-calendar",
    ),
    pytest.param(
        "POST", "/v1/clock/advance", True, '{"to": "9999-12-31T23:59:59-01:00"}',
        "application/json", 422, "clock_too_far", id="clock-to-past-the-calendar",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("method", "url", "as_staff", "body", "ctype", "status", "code"),
                         REPRODUCTIONS)  # fmt: skip
def test_x11_bad_input_is_a_4xx_that_changes_nothing(
    client: TestClient,
    container: Container,
    staff: dict[str, str],
    method: str,
    url: str,
    as_staff: bool,
    body: str | None,
    ctype: str | None,
    status: int,
    code: str,
) -> None:
    headers = {**(staff if as_staff else {}), **({"Content-Type": ctype} if ctype else {})}
    before = _rows(container)
    response = client.request(
        method, url, content=body.encode() if body is not None else None, headers=headers
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert _rows(container) == before


@pytest.mark.parametrize(
    ("method", "url", "header"),
    [
        ("POST", "/v1/accounts", "Idempotency-Key"),
        ("GET", "/v1/catalog/plans", "Accept-Language"),
        ("GET", "/v1/nowhere", "X-Anything"),
    ],
)
def test_x11_a_nul_byte_in_a_header_is_refused(
    client: TestClient, container: Container, method: str, url: str, header: str
) -> None:
    """X-11: HTTP forbids NUL in a header value, but not every server in front of Tenure
    enforces it; PostgreSQL cannot store one (the Idempotency-Key is stored)."""
    before = _rows(container)
    response = client.request(
        method,
        url,
        content=b'{"email": "ana@example.com", "password": "correct horse battery"}',
        headers=[(header.encode(), b"a\x00b"), (b"Content-Type", b"application/json")],
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_character", header.lower())
    assert _rows(container) == before


def test_x11_yaml_aliases_are_checked_once(
    client: TestClient, container: Container, staff: dict[str, str]
) -> None:
    """X-11: a catalog of aliases of aliases ("billion laughs": 10^9 strings once expanded,
    a few hundred bytes as sent) is checked for NUL bytes node by node, not string by string:
    it is answered in seconds."""
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
        for i in range(8)
    )
    before = _rows(container)
    started = time.monotonic()
    response = client.post(
        "/v1/catalog/versions",
        content=('vendor: "a\\0b"\n' + laughs).encode(),
        headers={**staff, "Content-Type": "application/yaml"},
    )
    assert time.monotonic() - started < 20
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_character"
    assert _rows(container) == before


# ----------------------------------------------------------------------------- body limit


@pytest.fixture
def big() -> bytes:
    return b'{"email": "ana@example.com", "password": "' + b"x" * (1024 * 1024) + b'"}'


def test_x11_body_over_the_limit_with_content_length_is_413(
    client: TestClient, container: Container, big: bytes
) -> None:
    before = _rows(container)
    response = client.post("/v1/auth/login", content=big, headers={**JSON, "Accept-Language": "da"})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert error["limit"] == 1024 * 1024
    assert error["message"] == _catalog("da")["The request body is larger than {limit} bytes."
                                              ].format(limit=1024 * 1024)  # fmt: skip
    assert response.headers["content-language"] == "da"
    assert _rows(container) == before


def test_x11_chunked_body_over_the_limit_is_413(
    client: TestClient, container: Container, big: bytes
) -> None:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    before = _rows(container)
    response = client.post("/v1/auth/login", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert _rows(container) == before


def test_x11_body_limit_applies_to_routes_without_a_body(
    client: TestClient, staff: dict[str, str], big: bytes
) -> None:
    response = client.post("/v1/auth/logout", content=iter([big]), headers={**staff, **JSON})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_x11_catalog_upload_has_its_own_larger_limit(
    client: TestClient, staff: dict[str, str]
) -> None:
    # 1.5 MiB of YAML: over the general limit, under the catalog's; the catalog's own
    # validation answers (it is too long for a catalog), not the body limit.
    source = "# " + "x" * (3 * 512 * 1024) + "\nvendor: {}\n"
    response = client.post(
        "/v1/catalog/versions",
        content=source.encode(),
        headers={**staff, "Content-Type": "application/yaml"},
    )
    assert response.status_code != 413, response.text
    assert response.status_code < 500
    over = client.post(
        "/v1/catalog/versions",
        content=b"#" * (4 * 1024 * 1024 + 1),
        headers={**staff, "Content-Type": "application/yaml"},
    )
    assert over.status_code == 413
    assert over.json()["error"] == {
        "code": "request_too_large",
        "message": f"The request body is larger than {4 * 1024 * 1024} bytes.",
        "limit": 4 * 1024 * 1024,
    }


def test_x11_body_limit_is_a_setting(tmp_path: Path, database_url: str) -> None:
    """A real server (uvicorn) with TENURE_MAX_BODY_BYTES refuses a chunked body over it as
    soon as it has that much: it does not wait for (or keep) the rest."""
    with api_processes(database_url, tmp_path, 1, max_body_bytes="2048") as servers:
        port = servers[0].port
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = b"x" * 4096
            # Far less than the whole body: the final zero-length chunk never comes.
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            reply = b""
            while b"}}" not in reply and (data := sock.recv(65536)):
                reply += data
        assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
        assert b"request_too_large" in reply
        # 300 MB announced, none of it sent: refused at once, nothing waited for.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n"
            )
            reply = b""
            while b"}}" not in reply and (data := sock.recv(65536)):
                reply += data
        assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
        assert b"connection: close" in reply.lower()


# ------------------------------------------------------------------- errors that say what


def test_x11_malformed_json_says_line_and_column(client: TestClient) -> None:
    body = b'{\n  "email": "ana@example.com",\n  "password": \n}'
    response = client.post(
        "/v1/auth/login", content=body, headers={**JSON, "Accept-Language": "de"}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_json"
    assert (error["line"], error["column"]) == (4, 1)
    assert error["message"] == _catalog("de")[
        "The body is not valid JSON (line {line}, column {column})."
    ].format(line=4, column=1)


@pytest.mark.parametrize(
    "headers",
    [{"Content-Type": "application/x-www-form-urlencoded"}, {}],
    ids=["curl-default", "none"],
)
def test_x11_json_without_its_content_type_names_the_header(
    client: TestClient, container: Container, headers: dict[str, str]
) -> None:
    before = _rows(container)
    response = client.post(
        "/v1/accounts",
        content=b'{"email": "ana@example.com", "password": "correct horse battery"}',
        headers=headers,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type"
    assert "Content-Type: application/json" in error["message"]
    assert _rows(container) == before


def test_x11_every_part_of_a_validation_error_is_translated(
    client: TestClient, staff: dict[str, str]
) -> None:
    response = client.post(
        "/v1/licenses/sign-in",
        json={"username": "", "password": "x", "extra": 1},
        headers={"Accept-Language": "da"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert response.headers["content-language"] == "da"
    fields = {f["field"]: f for f in error["fields"]}
    assert fields["username"]["type"] == "string_too_short"
    assert fields["username"]["problem"] == _catalog("da")[
        "Must have a length of at least {min_length}."
    ].format(min_length=1)
    assert fields["extra"]["type"] == "extra_forbidden"
    assert fields["extra"]["problem"] == _catalog("da")["This field is not allowed here."]


def test_x11_query_fields_are_named_without_their_source(
    client: TestClient, staff: dict[str, str]
) -> None:
    response = client.get("/v1/events?limit=0", headers=staff)
    assert response.status_code == 422
    (field,) = response.json()["error"]["fields"]
    assert (field["field"], field["type"]) == ("limit", "greater_than_equal")
    assert field["problem"] == "Must be at least 1."


@pytest.mark.parametrize("locale", ["da", "de"])
def test_x11_every_validation_problem_is_translated(locale: str) -> None:
    from tenure.api.errors import PROBLEMS

    catalog = _catalog(locale)
    missing = sorted({m for m in PROBLEMS.values() if m not in catalog})
    assert not missing, f"{len(missing)} problems lack a {locale} translation: {missing}"


def test_x11_a_customers_responses_say_their_accounts_language(
    staff_api: Api, catalog: None
) -> None:
    """X-5/X-11: without Accept-Language a signed-in customer is answered in their account's
    language, and the response says so, errors and successes alike."""
    customer = make_customer(staff_api, locale="de")
    ok = customer.api.client.get("/v1/me", headers=customer.api.headers)
    assert ok.status_code == 200
    assert ok.headers["content-language"] == "de"
    bad = customer.api.client.post(
        "/v1/payment_methods", json={"type": "card", "card": 7}, headers=customer.api.headers
    )
    assert bad.status_code == 422
    assert bad.headers["content-language"] == "de"
    error = bad.json()["error"]
    assert error["message"] == _catalog("de")["The request is not valid: {fields}."].format(
        fields="card"
    )
    assert error["fields"] == [
        {
            "field": "card",
            "problem": _catalog("de")["Must be a JSON object."],
            "type": "model_attributes_type",
        }
    ]


@pytest.mark.parametrize(
    ("url", "headers", "language"),
    [
        ("/healthz", {}, "en"),
        ("/healthz", {"Accept-Language": "de-AT, en;q=0.5"}, "de"),
        ("/v1/nowhere", {"Accept-Language": "da"}, "da"),
    ],
)
def test_x11_every_response_says_its_language(
    client: TestClient, url: str, headers: dict[str, str], language: str
) -> None:
    response = client.get(url, headers=headers)
    assert response.headers["content-language"] == language


# --------------------------------------------------------------- every field of every operation

Schema = dict[str, Any]


def _resolve(schema: Schema, doc: Schema) -> Schema:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _example(schema: Schema, doc: Schema) -> Any:
    """A plausible value of ``schema``: every property, strings and numbers that pass most
    checks, so that the one field changed is what the server looks at."""
    schema = _resolve(schema, doc)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, doc).get("type") != "null"]
            return _example(options[0], doc)
    if "enum" in schema or "const" in schema:
        return schema["enum"][0] if "enum" in schema else schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {k: _example(v, doc) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [_example(schema.get("items", {}), doc)]
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    return {"date-time": "2026-02-01T00:00:00Z", "email": "ana@example.com"}.get(
        schema.get("format", ""), "abcdefgh1"
    )


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    items = value.items() if isinstance(value, dict) else enumerate(value[:1])
    for key, item in items:
        if isinstance(item, dict | list):
            yield from _leaves(item, (*path, key))
        else:
            yield (*path, key), item


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    here = copy
    for key in path[:-1]:
        here = here[key]
    here[path[-1]] = value
    return copy


# (sent in a path or query parameter, status, code); None: anything but a 5xx.
PARAMETER_VALUES = [
    ("a%00b", 422, "invalid_character"),
    ("%ED%A0%80", None, None),  # a lone surrogate, UTF-8 encoded: not UTF-8
    (str(2**63), None, None),
    (str(2**31), None, None),
]
# (put in one JSON field, status, code)
BODY_VALUES: list[tuple[Any, int | None, str | None]] = [
    ("a\x00b", 422, "invalid_character"),
    ("\ud800", 422, "invalid_character"),
    (2**63, 422, "number_out_of_range"),
    (2**31, None, None),
    (2**63 - 1, None, None),
]


def test_x11_no_field_of_any_operation_gets_a_server_error(
    client: TestClient, staff: dict[str, str], demo_catalog: LoadedCatalog
) -> None:
    """X-11: every path and query parameter and every JSON body field of every operation in
    the OpenAPI document, given a NUL byte, a lone surrogate or a number beyond 64 (or 32)
    bits, answers no 5xx; NUL bytes, lone surrogates and JSON numbers beyond 64 bits always
    the same 4xx. The body is sent with every other field filled in and with only the
    required ones."""
    doc = client.get("/openapi.json").json()
    wrong: list[str] = []
    sent = 0

    def send(method: str, url: str, body: Any, status: int | None, code: str | None) -> None:
        nonlocal sent
        content = None if body is None else json.dumps(body).encode()
        for auth in (staff, {}):
            sent += 1
            headers = {**auth, **({"Content-Type": "application/json"} if content else {})}
            response = client.request(method, url, content=content, headers=headers)
            answer = response.json() if response.content else None
            got = (
                answer["error"]["code"] if isinstance(answer, dict) and "error" in answer else None
            )
            if response.status_code >= 500 or (
                status is not None and (response.status_code, got) != (status, code)
            ):
                wrong.append(f"{method} {url} {body!r:.80}: {response.status_code} {got}")

    for template, operations in doc["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            ids = {p["name"]: "abcdefgh1" for p in parameters if p["in"] == "path"}
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body = _example(schema["schema"], doc) if schema else None
            for parameter in parameters:
                for raw, status, code in PARAMETER_VALUES:
                    if parameter["in"] == "path":
                        url = template.format(**{**ids, parameter["name"]: raw})
                    elif parameter["in"] == "query":
                        url = template.format(**ids) + f"?{parameter['name']}={raw}"
                    else:
                        continue
                    send(method.upper(), url, body, status, code)
            if not isinstance(body, dict):
                continue
            required = set(_resolve(schema["schema"], doc).get("required", ()))
            for path, example in _leaves(body):
                for value, status, code in BODY_VALUES:
                    if isinstance(value, str) != isinstance(example, str) or isinstance(
                        example, bool
                    ):
                        continue
                    full = _replaced(body, path, value)
                    least = {k: v for k, v in full.items() if k in required or k == path[0]}
                    for document in (full, least):
                        send(method.upper(), template.format(**ids), document, status, code)
    assert sent > 1000
    assert not wrong, "\n".join(wrong)
