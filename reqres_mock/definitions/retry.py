"""An action's ``retryPolicy``: when an outbound call is sent again, and after how long.

Evidence: Microsoft Learn, "Handle errors and exceptions in Azure Logic Apps"
(https://learn.microsoft.com/azure/logic-apps/logic-apps-exception-handling, MicrosoftDocs/
azure-docs ``articles/logic-apps/logic-apps-exception-handling.md``):

- a request is retried when it times out or fails — a 408, 429 or 5xx reply;
- types ``none``, ``fixed`` (``interval``, ``count``), ``exponential`` (``interval``, ``count``,
  optional ``minimumInterval``/``maximumInterval``) and ``default``; no policy is the default;
- the default "sends up to four retries at exponentially increasing intervals, which scale by
  7.5 seconds but are capped between 5 and 45 seconds";
- ``count`` is 1 to 90; ``interval`` is ISO 8601, from ``PT5S`` to ``PT1D``;
- retry *n* of an exponential policy waits a uniform random time in
  ``[max(2^(n-2)·interval, minimum), min(2^(n-1)·interval, maximum)]`` (0 for the first lower
  bound).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import ActionFailure

if TYPE_CHECKING:
    import random

_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
_SECONDS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
_MIN_INTERVAL, _MAX_INTERVAL = 5.0, 86400.0


def parse_duration(text: Any, what: str) -> float:
    """Seconds in an ISO 8601 duration such as ``PT30S`` or ``P1DT2H``.

    :raises ActionFailure: ``InvalidTemplate`` when ``text`` is no such duration.
    """
    found = _DURATION.fullmatch(str(text).strip()) if isinstance(text, str) else None
    if found is None or not any(found.groupdict().values()):
        raise ActionFailure(
            "InvalidTemplate",
            f"The retry policy {what} '{text}' is not an ISO 8601 duration such as 'PT10S'.",
        )
    return sum(float(v) * _SECONDS[k] for k, v in found.groupdict().items() if v)


@dataclass(frozen=True)
class RetryPolicy:
    """A parsed ``retryPolicy``: its type, retry count and intervals in seconds."""

    type: str = "exponential"
    count: int = 4
    interval: float = 7.5
    minimum: float = 5.0
    maximum: float = 45.0

    def delay(self, retry: int, rng: random.Random) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        if self.type == "fixed":
            return self.interval
        low = 0.0 if retry == 1 else self.interval * 2 ** (retry - 2)
        high = self.interval * 2 ** (retry - 1)
        low, high = max(low, self.minimum), min(high, self.maximum)
        return high if low >= high else rng.uniform(low, high)


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(type="none", count=0)


def retriable(status: int | None) -> bool:
    """Whether a reply (``None``: a network failure or timeout) is retried."""
    return status is None or status in (408, 429) or 500 <= status <= 599


def parse_retry_policy(raw: Any) -> RetryPolicy:
    """The policy of an action's evaluated ``inputs.retryPolicy`` (absent: the default).

    :raises ActionFailure: ``InvalidTemplate`` for an unknown type, a count outside 1-90 or an
        interval outside PT5S-PT1D.
    """
    if raw is None:
        return DEFAULT_POLICY
    if not isinstance(raw, dict):
        raise ActionFailure("InvalidTemplate", "The retryPolicy must be an object.")
    kind = str(raw.get("type", "")).lower()
    if kind == "default":
        return DEFAULT_POLICY
    if kind == "none":
        return NO_RETRY
    if kind not in ("fixed", "exponential"):
        raise ActionFailure(
            "InvalidTemplate",
            f"The retry policy type '{raw.get('type')}' is not valid; use 'default', 'none', "
            "'fixed' or 'exponential'.",
        )
    count = raw.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 90:
        raise ActionFailure(
            "InvalidTemplate", f"The retry policy count must be from 1 to 90, got {count!r}."
        )
    interval = parse_duration(raw.get("interval"), "interval")
    if not _MIN_INTERVAL <= interval <= _MAX_INTERVAL:
        raise ActionFailure(
            "InvalidTemplate",
            f"The retry policy interval '{raw.get('interval')}' must be from PT5S to PT1D.",
        )
    minimum = maximum = interval
    if kind == "exponential":
        minimum = (
            parse_duration(raw["minimumInterval"], "minimumInterval")
            if raw.get("minimumInterval")
            else 0.0
        )
        maximum = (
            parse_duration(raw["maximumInterval"], "maximumInterval")
            if raw.get("maximumInterval")
            else _MAX_INTERVAL
        )
    return RetryPolicy(kind, count, interval, minimum, maximum)
