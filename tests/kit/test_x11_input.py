"""X-11: no input gets a 5xx, request bodies have a limit, and every error says what is wrong,
where, in the caller's language.

Each reproduction answers a 4xx with a stable code and changes nothing (every table has as
many rows after as before). The suite runs on SQLite and on PostgreSQL (NUL bytes are what
PostgreSQL cannot store).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from support.servers import api_processes
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
        "GET", "/v1/events?after=1000000000000000000000000000000", True, None, None, 422,
        "invalid_request", id="events-after-over-int64",
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
