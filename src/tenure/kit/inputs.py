"""What any input must be before it reaches a rule or the database (X-11).

Every JSON body, path and query value passes through here once (the route class,
:mod:`tenure.api.routing`), so no endpoint has to think of it: text holds no NUL byte (PostgreSQL
cannot store one) and no lone surrogate (it cannot be encoded as UTF-8), numbers fit a signed
64-bit integer, and JSON is not nested deeper than :data:`MAX_JSON_DEPTH`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from tenure.kit.errors import InvalidInput

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# What an ``Integer`` column holds on PostgreSQL (``integer``, 4 bytes): path and query
# parameters compared with one are bounded by it.
INT32_MAX = 2**31 - 1
MAX_JSON_DEPTH = 64

# A NUL byte, or a UTF-16 surrogate left alone: ``json.loads`` joins a valid pair into one
# character, so any surrogate left in a decoded string had no partner.
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def bad_text(value: str) -> bool:
    """Whether ``value`` holds a character no text in Tenure may hold."""
    return _BAD_TEXT.search(value) is not None


def invalid_character(field: str) -> InvalidInput:
    return InvalidInput(
        "invalid_character",
        "{field} contains a character that is not allowed (a NUL byte or a lone surrogate).",
        field=field,
    )


def check_text(field: str, value: str) -> None:
    if bad_text(value):
        raise invalid_character(field)


def parse_json(body: bytes) -> Any:
    """The JSON document in ``body``, checked as described above; a malformed one says where
    (line and column)."""
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "invalid_json",
            "The body is not valid JSON (line {line}, column {column}).",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput("invalid_json", "The body is not UTF-8 text.") from None
    except RecursionError:
        raise too_deep() from None
    except ValueError:
        # Python refuses integers of thousands of digits before any check of ours.
        raise InvalidInput(
            "number_out_of_range",
            "{field} is out of range: numbers must fit a signed 64-bit integer.",
            field="body",
        ) from None
    check_tree(data)
    return data


def too_deep() -> InvalidInput:
    return InvalidInput(
        "json_too_deep",
        "The body is nested too deeply (at most {max_depth} levels).",
        max_depth=MAX_JSON_DEPTH,
    )


def check_tree(data: Any, root: str = "body") -> None:
    """Check every key, string and number of a decoded document, without recursion. A list
    or mapping met again (a YAML alias) is checked once, so a few aliases cannot make it
    walk millions of nodes."""
    stack: list[tuple[Any, str, int]] = [(data, root, 0)]
    seen: set[int] = set()
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, str):
            check_text(where, value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not INT64_MIN <= value <= INT64_MAX:
                raise _out_of_range(where)
        elif isinstance(value, float):
            if not math.isfinite(value) or abs(value) >= 2.0**63:
                raise _out_of_range(where)
        elif isinstance(value, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise too_deep()
            if isinstance(value, dict):
                for key, item in value.items():
                    name = f"{where}.{key}" if where != root else str(key)
                    check_text(where, str(key))
                    stack.append((item, name, depth + 1))
            else:
                stack.extend((item, f"{where}.{i}", depth + 1) for i, item in enumerate(value))


def _out_of_range(field: str) -> InvalidInput:
    return InvalidInput(
        "number_out_of_range",
        "{field} is out of range: numbers must fit a signed 64-bit integer.",
        field=field,
    )
