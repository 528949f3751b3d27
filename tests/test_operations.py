"""What operators see (X-12): Prometheus metrics, a request id on every answer and in the
logs, liveness and readiness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from support import Api
from tenure.app import build_container, create_app
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Database
from tenure.kit.settings import Settings
from tenure.migrations import upgrade


def samples(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, float]:
    response = client.get("/metrics", headers=headers or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            out[f"{sample.name}{{{labels}}}"] = sample.value
    return out


def test_x12_metrics_count_requests_by_route_and_status(
    client: TestClient, staff_api: Api, anon_api: Api
) -> None:
    anon_api.get("/healthz")
    anon_api.get("/v1/me", expect=401)
    staff_api.get("/v1/accounts/acct_missing", expect=404)
    found = samples(client)
    assert found["tenure_http_requests_total{method=GET,route=/healthz,status=200}"] >= 1
    assert found["tenure_http_requests_total{method=GET,route=/v1/me,status=401}"] == 1
    key = "tenure_http_requests_total{method=GET,route=/v1/accounts/{account_id},status=404}"
    assert found[key] == 1  # by route template, not by id
    assert found["tenure_http_request_duration_seconds_count{method=GET,route=/v1/me}"] == 1
    # Read from the database at the scrape.
    assert found["tenure_subscriptions_in_grace{}"] == 0
    assert found["tenure_scheduler_lag_seconds{}"] == 0
    assert found["tenure_email_oldest_undelivered_age_seconds{}"] == 0


def test_x12_metrics_can_require_a_token(database_url: str) -> None:
    settings = Settings(environment="test", database_url=database_url, email_enabled=False,
                        metrics_token="s3cret-scrape")  # fmt: skip
    container = build_container(settings, clock=SimulatedClock(), db=Database(database_url))
    with TestClient(create_app(container)) as client:
        refused = client.get("/metrics")
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthenticated"
        assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert samples(client, {"Authorization": "Bearer s3cret-scrape"})
    container.db.dispose()


def test_x12_every_answer_carries_a_request_id_also_in_the_json_log(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(environment="test", database_url=database_url, email_enabled=False,
                        log_format="json", access_log=True)  # fmt: skip
    container = build_container(settings, clock=SimulatedClock(), db=Database(database_url))
    with TestClient(create_app(container)) as client:
        capsys.readouterr()
        given = client.get("/healthz", headers={"X-Request-ID": "req-42.abc"})
        made = client.get("/v1/me")
        bad = client.get("/healthz", headers={"X-Request-ID": "no spaces <allowed>"})
    container.db.dispose()
    assert given.headers["x-request-id"] == "req-42.abc"
    assert len(made.headers["x-request-id"]) == 32
    assert bad.headers["x-request-id"] != "no spaces <allowed>"
    out = capsys.readouterr().out.splitlines()
    lines = [json.loads(line) for line in out if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    first = requests[0]
    assert (first["request_id"], first["route"], first["status"]) == ("req-42.abc", "/healthz", 200)
    assert requests[1]["request_id"] == made.headers["x-request-id"]
    assert requests[1]["status"] == 401 and requests[1]["level"] == "info"
    assert "timestamp" in requests[1]


def _readiness(url: str) -> tuple[int, dict[str, str], int]:
    settings = Settings(environment="test", database_url=url, email_enabled=False)
    container = build_container(settings, clock=SimulatedClock(), db=Database(url))
    with TestClient(create_app(container)) as client:
        answer = client.get("/readyz")
        alive = client.get("/livez").status_code
    container.db.dispose()
    return answer.status_code, answer.json(), alive


def test_x12_ready_when_the_database_is_migrated_not_before(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tenure.db'}"
    status, body, alive = _readiness(url)
    assert (status, alive) == (503, 200)  # alive, but not ready
    assert body == {"status": "not_ready", "database": "ok", "migrations": "pending"}
    upgrade(url)
    status, body, _alive = _readiness(url)
    assert (status, body) == (200, {"status": "ok", "database": "ok", "migrations": "ok"})


def test_x12_not_ready_without_a_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'dir' / 'tenure.db'}"
    status, body, alive = _readiness(url)
    assert (status, alive) == (503, 200)
    assert body == {"status": "not_ready", "database": "unreachable", "migrations": "unknown"}
