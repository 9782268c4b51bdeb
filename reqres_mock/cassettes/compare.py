"""Comparing a recorded exchange with another one, field by field.

Used by replay (why a call matched no recorded interaction) and by the drift check (what a live
endpoint answers differently). Two rules run through every comparison:

- a recorded value that was scrubbed (``REDACTED``) matches any value;
- volatile values are kept in cassettes but never compared: run ids (``08584…CU31``), GUIDs
  (correlation and tracking ids), timestamps, and the headers that carry them
  (:data:`VOLATILE_HEADERS`).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: What scrubbed secrets are replaced with in a cassette; replay treats it as "any value".
REDACTED = "REDACTED"

#: Headers whose values change on every call (ids, dates, rate-limit counters); ignored when
#: matching requests and when comparing replies.
VOLATILE_HEADERS = frozenset(
    {
        "date",
        "expires",
        "age",
        "x-ms-workflow-run-id",
        "x-ms-correlation-id",
        "x-ms-client-tracking-id",
        "x-ms-trigger-history-name",
        "x-ms-tracking-id",
        "x-ms-request-id",
        "x-ms-client-request-id",
        "x-ms-routing-request-id",
        "x-ms-ratelimit-burst-remaining-workflow-reads",
        "x-ms-ratelimit-remaining-workflow-download-contentsize",
        "x-ms-ratelimit-remaining-workflow-upload-contentsize",
        "x-ms-ratelimit-time-remaining-directapirequests",
        "x-ms-apim-tokens",
        "traceparent",
        "tracestate",
        "request-id",
        "request-context",
        "x-correlation-id",
        "user-agent",
        "host",
        "content-length",
        "accept-encoding",
    }
)

_VOLATILE_TEXT = (
    (re.compile(r"\b\d{29}CU\d{2}\b"), "<run-id>"),
    (
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
        "<guid>",
    ),
    (
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b"
        ),
        "<datetime>",
    ),
    (
        re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"),
        "<date>",
    ),
)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_MISSING = object()


def is_volatile_header(name: str) -> bool:
    """Whether header ``name`` carries a per-call value (ids, dates, counters)."""
    lowered = name.lower()
    return lowered in VOLATILE_HEADERS or lowered.startswith("x-ms-ratelimit-")


def normalize_text(text: str) -> str:
    """``text`` with run ids, GUIDs and timestamps replaced by placeholders."""
    for pattern, placeholder in _VOLATILE_TEXT:
        text = pattern.sub(placeholder, text)
    return text


def text_equal(recorded: str, actual: str) -> bool:
    """Equal, where ``REDACTED`` matches anything and volatile values are ignored."""
    return recorded == REDACTED or normalize_text(recorded) == normalize_text(actual)


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of ``value`` for diff lines."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def child(path: str, key: str | int) -> str:
    """The JSON path of ``key`` under ``path``: ``$.a``, ``$['x-y']``, ``$.items[0]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENTIFIER.match(key) else f"{path}[{json.dumps(key)}]"


def json_diff(recorded: Any, actual: Any, path: str = "$", *, now: str = "got") -> list[str]:
    """Path-level differences between two JSON values, one line each.

    :param now: the word for the other side in the lines (``got`` when replaying, ``now``
        when checking drift).
    """
    if recorded == REDACTED:
        return []
    if isinstance(recorded, dict) and isinstance(actual, dict):
        lines: list[str] = []
        for key, value in recorded.items():
            if key in actual:
                lines.extend(json_diff(value, actual[key], child(path, key), now=now))
            else:
                lines.append(f"{child(path, key)}: recorded {show(value)}, {now} missing")
        lines.extend(
            f"{child(path, key)}: recorded missing, {now} {show(value)}"
            for key, value in actual.items()
            if key not in recorded
        )
        return lines
    if isinstance(recorded, list) and isinstance(actual, list):
        lines = []
        for index in range(max(len(recorded), len(actual))):
            mine = recorded[index] if index < len(recorded) else _MISSING
            theirs = actual[index] if index < len(actual) else _MISSING
            where = child(path, index)
            if mine is _MISSING:
                lines.append(f"{where}: recorded missing, {now} {show(theirs)}")
            elif theirs is _MISSING:
                lines.append(f"{where}: recorded {show(mine)}, {now} missing")
            else:
                lines.extend(json_diff(mine, theirs, where, now=now))
        return lines
    same_type = type(recorded) is type(actual) or (
        isinstance(recorded, (int, float))
        and isinstance(actual, (int, float))
        and not isinstance(recorded, bool)
        and not isinstance(actual, bool)
    )
    if same_type and isinstance(recorded, str):
        equal = text_equal(recorded, actual)
    else:
        equal = same_type and recorded == actual
    return [] if equal else [f"{path}: recorded {show(recorded)}, {now} {show(actual)}"]


def parse_json(body: bytes) -> Any:
    """``body`` parsed as JSON, or ``_MISSING`` when it is not JSON."""
    if not body.strip():
        return _MISSING
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _MISSING


def body_diff(recorded: bytes, actual: bytes, *, now: str = "got") -> list[str]:
    """Differences between two bodies: JSON-aware (path by path), else as normalized text."""
    mine, theirs = parse_json(recorded), parse_json(actual)
    if mine is not _MISSING and theirs is not _MISSING:
        return [f"body {line}" for line in json_diff(mine, theirs, now=now)]
    left = recorded.decode("utf-8", "replace")
    right = actual.decode("utf-8", "replace")
    if text_equal(left, right):
        return []
    if not recorded or not actual:
        return [
            f"body: recorded {len(recorded)} bytes {show(left)}, {now} {len(actual)} bytes "
            f"{show(right)}"
        ]
    first = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
        min(len(left), len(right)),
    )
    start = max(0, first - 20)
    return [
        f"body: differs at character {first}: recorded {show(left[start : first + 40])}, "
        f"{now} {show(right[start : first + 40])} ({len(recorded)} vs {len(actual)} bytes)"
    ]


def bodies_equal(recorded: bytes, actual: bytes) -> bool:
    """JSON-aware body equality with the wildcard and volatility rules."""
    if recorded == actual:
        return True
    return not body_diff(recorded, actual)
