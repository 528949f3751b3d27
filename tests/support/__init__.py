"""Helpers shared by the tests (fixtures live in tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient


@dataclass
class Api:
    """A small helper around TestClient that checks statuses and returns JSON."""

    client: TestClient
    headers: dict[str, str]

    def call(
        self, method: str, url: str, expect: int = 200, headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:  # fmt: skip
        response = self.client.request(method, url, headers={**self.headers, **(headers or {})},
                                       **kwargs)  # fmt: skip
        assert response.status_code == expect, (
            f"{method} {url}: expected {expect}, got {response.status_code}: {response.text}"
        )
        return response.json() if response.content else None

    def get(self, url: str, expect: int = 200, **kwargs: Any) -> Any:
        return self.call("GET", url, expect, **kwargs)

    def post(self, url: str, json: Any = None, expect: int = 200, **kwargs: Any) -> Any:
        return self.call("POST", url, expect, json=json, **kwargs)

    def put(self, url: str, json: Any = None, expect: int = 200, **kwargs: Any) -> Any:
        return self.call("PUT", url, expect, json=json, **kwargs)

    def patch(self, url: str, json: Any = None, expect: int = 200, **kwargs: Any) -> Any:
        return self.call("PATCH", url, expect, json=json, **kwargs)

    def delete(self, url: str, expect: int = 200, **kwargs: Any) -> Any:
        return self.call("DELETE", url, expect, **kwargs)


__all__ = ["Api"]
