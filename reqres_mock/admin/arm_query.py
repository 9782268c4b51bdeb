"""ARM's list options for runs and trigger histories: ``$filter``, ``$top`` and ``nextLink``.

``$filter`` takes the OData subset Logic Apps documents for these lists (``Status``,
``StartTime`` and ``ClientTrackingId``), clauses joined with ``and``:
``status eq 'Failed' and startTime ge 2024-05-01T00:00:00Z``. Lists are newest first; ``$top``
is the page size and ``nextLink`` carries a ``$skiptoken`` naming the last item shown, so pages
stay stable while new calls arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.admin.runquery import QueryError, parse_since

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from reqres_mock.engine.run import Run

#: The page size when the caller sends no ``$top`` (a mock choice).
DEFAULT_TOP = 30
#: The largest ``$top`` accepted.
MAX_TOP = 250

_CLAUSE = re.compile(
    r"\s*(?P<field>[A-Za-z]+)\s+(?P<op>eq|ne|gt|ge|lt|le)\s+"
    r"(?:'(?P<quoted>(?:[^']|'')*)'|(?P<bare>[^\s']+))\s*",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


def _bad(message: str) -> QueryError:
    return QueryError("InvalidQueryParameterValue", message)


def parse_filter(text: str | None, status_of: Callable[[Run], str]) -> Callable[[Run], bool]:
    """A predicate for ``$filter`` (``None`` or blank keeps everything).

    :param status_of: the status a list shows for an entry (runs and histories differ).
    :raises QueryError: for a clause that is not ``field op value`` on a known field.
    """
    if text is None or not text.strip():
        return lambda run: True
    tests: list[Callable[[Run], bool]] = []
    for piece in _AND.split(text.strip()):
        match = _CLAUSE.fullmatch(piece)
        if match is None:
            raise _bad(
                f"$filter clause {piece!r} is not 'field op value' such as status eq 'Failed' "
                "or startTime ge 2024-05-01T00:00:00Z"
            )
        field = match["field"].lower()
        compare = _COMPARE[match["op"].lower()]
        value = match["quoted"].replace("''", "'") if match["quoted"] is not None else match["bare"]
        tests.append(_clause(field, compare, value, status_of))
    return lambda run: all(test(run) for test in tests)


def _clause(
    field: str,
    compare: Callable[[Any, Any], bool],
    value: str,
    status_of: Callable[[Run], str],
) -> Callable[[Run], bool]:
    if field == "status":
        wanted = value.lower()
        return lambda run: compare(status_of(run).lower(), wanted)
    if field == "clienttrackingid":
        return lambda run: compare(run.client_tracking_id or run.id, value)
    if field == "starttime":
        try:
            moment: datetime = parse_since(value)
        except QueryError as err:
            raise _bad(f"$filter startTime needs an ISO 8601 date-time, got {value!r}") from err
        return lambda run: compare(run.started_at, moment)
    raise _bad(f"$filter field {field!r} is unknown; use status, startTime or clientTrackingId")


def parse_top(text: str | None) -> int:
    """The page size: ``$top`` (1 to 250) or the default.

    :raises QueryError: for anything else.
    """
    if text is None or text == "":
        return DEFAULT_TOP
    if not text.isdigit() or not 1 <= int(text) <= MAX_TOP:
        raise _bad(f"$top must be a whole number from 1 to {MAX_TOP}, got {text!r}")
    return int(text)


@dataclass(frozen=True)
class Page:
    """One page of a newest-first list, and the ``$skiptoken`` of the next (``None``: last)."""

    items: list[Run]
    skiptoken: str | None


def page(newest_first: list[Run], top: int, skiptoken: str | None) -> Page:
    """The ``top`` entries after the one named by ``skiptoken`` (from the start without one)."""
    start = 0
    if skiptoken:
        ids = [r.id for r in newest_first]
        start = ids.index(skiptoken) + 1 if skiptoken in ids else len(ids)
    items = newest_first[start : start + top]
    more = start + top < len(newest_first)
    return Page(items, items[-1].id if more and items else None)
