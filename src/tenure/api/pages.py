"""The one list envelope of the API (X-11): ``{"data": [...], "has_more", "next_cursor"}``.

Every list endpoint takes ``limit`` (1 to 200, 50 by default) and ``cursor`` (the
``next_cursor`` of the previous page) through :data:`Paging`, reads one window more than a
page (``tenure.kit.pages``) and answers :class:`Page`. See docs/api.md, "Lists and
pagination".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from tenure.kit.pages import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT, Key, Window, encode_cursor

T = TypeVar("T")
Row = TypeVar("Row")


class Page(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool = Field(description="More items follow: ask again with next_cursor.")
    next_cursor: str | None = Field(
        description="Opaque: send it as cursor to get the next page (null on the last page)."
    )


def paging(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            description="The next_cursor of the previous page; none for the first page.",
        ),
    ] = None,
) -> Window:
    return Window.of(limit, cursor)


Paging = Annotated[Window, Depends(paging)]


def page(
    rows: Sequence[Row],
    window: Window,
    *,
    key: Callable[[Row], Key],
    out: Callable[[Row], T],
) -> Page[T]:
    """The page of ``rows`` — read with :func:`tenure.kit.pages.keyset` or
    :func:`~tenure.kit.pages.window_of`, so one more than the window holds when more
    follow — with the cursor of its last row."""
    shown = rows[: window.limit]
    more = len(rows) > window.limit
    return Page[T](
        data=[out(row) for row in shown],
        has_more=more,
        next_cursor=encode_cursor(key(shown[-1])) if more and shown else None,
    )
