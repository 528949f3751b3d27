"""The API docs pages work offline (X-11): /docs (Swagger UI) and /redoc load every script,
style and icon from this server, never from a CDN."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

EXPECTED_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".json": "application/json",
}


class _References(HTMLParser):
    """Every URL the page makes the browser load: src and href attributes, and the OpenAPI
    document named in the page's script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "spec-url") and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"url:\s*'([^']+)'", data)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_x11_api_docs_page_loads_nothing_from_another_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert not re.findall(r"(?:https?:)?//[\w.-]+", response.text), "a URL to another host"

    references = _References()
    references.feed(response.text)
    assert references.urls
    assert any(url.endswith(".js") for url in references.urls)
    for url in references.urls:
        address = urlsplit(urljoin(f"http://testserver{page}", url))
        assert address.netloc == "testserver", url
        asset = client.get(address.path)
        assert asset.status_code == 200, url
        suffix = "." + address.path.rsplit(".", 1)[-1]
        assert asset.headers["content-type"].startswith(EXPECTED_TYPES[suffix]), url
        assert asset.content
