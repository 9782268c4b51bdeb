"""Replaying a cassette: which recorded interaction answers a call, and why none did.

A call matches a recorded request on the fields in ``match_on`` (default: method, path, query
and body):

- ``method`` exactly; ``path`` percent-decoded (the host is never compared: the recording
  was made against the real Logic App, the replay answers on loopback);
- ``query`` as a multiset of parameters, without the shared access signature (``sp``, ``sv``,
  ``sig``, ``se``), so a URL signed with another key still matches;
- ``body`` JSON-aware (key order and spacing do not matter), else byte for byte;
- ``headers`` (opt-in): each recorded header but the volatile ones must be sent, equal.

Everywhere a recorded ``REDACTED`` matches any value, and run ids, GUIDs and timestamps are
ignored. Identical requests replay their recorded interactions in order, each once (unless
``allow_playback_repeats``). When nothing matches, :meth:`Player.explain` names the closest
interaction and diffs it field by field.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote

from reqres_mock.cassettes.cassette import FRAMING, rebase
from reqres_mock.cassettes.compare import REDACTED, body_diff, is_volatile_header, show, text_equal
from reqres_mock.config import Choice, parse_choice
from reqres_mock.exchange import Headers, Reply

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from reqres_mock.cassettes.cassette import Interaction, RecordedRequest
    from reqres_mock.exchange import InboundRequest


class Matcher(Choice):
    """A request field replay matches on."""

    METHOD = "method"
    PATH = "path"
    QUERY = "query"
    BODY = "body"
    HEADERS = "headers"


DEFAULT_MATCH_ON = (Matcher.METHOD, Matcher.PATH, Matcher.QUERY, Matcher.BODY)
#: The shared access signature's parameters: never matched on (another key, the same call).
SAS_QUERY = frozenset({"sp", "sv", "sig", "se"})


def parse_match_on(values: Iterable[Matcher | str]) -> tuple[Matcher, ...]:
    """``match_on`` as matchers, in the order given.

    :raises ConfigurationError: for a name that is no matcher, listing the valid ones.
    """
    matchers = tuple(parse_choice(Matcher, v, "match_on") for v in values)
    return tuple(m for m in matchers if isinstance(m, Matcher))


def _query(query_string: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name.lower() not in SAS_QUERY:
            out.setdefault(name, []).append(value)
    return out


def _query_diff(recorded: str, actual: str) -> list[str]:
    mine, theirs = _query(recorded), _query(actual)
    lines = []
    for name, values in mine.items():
        got = theirs.get(name)
        if got is None:
            lines.append(f"query {name!r}: recorded {show(_one(values))}, got missing")
        elif len(values) != len(got) or not all(map(text_equal, values, got)):
            lines.append(f"query {name!r}: recorded {show(_one(values))}, got {show(_one(got))}")
    lines.extend(
        f"query {name!r}: recorded missing, got {show(_one(values))}"
        for name, values in theirs.items()
        if name not in mine
    )
    return lines


def _one(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def _header_diff(recorded: Headers, actual: Headers) -> list[str]:
    lines = []
    for name in recorded:
        if is_volatile_header(name) or name.lower() in FRAMING:
            continue
        value = recorded[name]
        if name not in actual:
            lines.append(f"header {name!r}: recorded {show(value)}, got missing")
        elif value != REDACTED and not text_equal(value, actual[name]):
            lines.append(f"header {name!r}: recorded {show(value)}, got {show(actual[name])}")
    return lines


def differences(matcher: Matcher, recorded: RecordedRequest, request: InboundRequest) -> list[str]:
    """What differs between ``recorded`` and ``request`` in one field; empty when they match."""
    if matcher is Matcher.METHOD:
        if recorded.method == request.method.upper():
            return []
        return [f"method: recorded {recorded.method}, got {request.method}"]
    if matcher is Matcher.PATH:
        mine, theirs = unquote(recorded.path), unquote(request.path)
        return [] if mine == theirs else [f"path: recorded {mine!r}, got {theirs!r}"]
    if matcher is Matcher.QUERY:
        return _query_diff(recorded.query_string, request.query_string)
    if matcher is Matcher.BODY:
        if recorded.body == request.body:
            return []
        return body_diff(recorded.body, request.body)
    return _header_diff(recorded.headers, request.headers)


def replay_reply(interaction: Interaction, request: InboundRequest) -> Reply:
    """The recorded reply, framed for this call: the transport writes its own ``Date`` and
    ``Content-Length``; URLs pointing at the recorded host point at the replaying one."""
    recorded_origin = interaction.request.origin
    fields = []
    for name, value in interaction.response.headers.items_list():
        if name.lower() in FRAMING:
            continue
        fields.append((name, rebase(value, recorded_origin, request.base_url)))
    return Reply(interaction.response.status, Headers(fields), interaction.response.body)


class Player:
    """Finds the recorded interaction that answers a call; thread-safe.

    :param interactions: the cassette's interactions, in recorded order.
    :param match_on: the fields compared.
    :param allow_playback_repeats: when every match was played, play the last one again
        (else the call is unmatched).
    """

    def __init__(
        self,
        interactions: Sequence[Interaction],
        match_on: Sequence[Matcher] = DEFAULT_MATCH_ON,
        *,
        allow_playback_repeats: bool = False,
    ) -> None:
        self.interactions = list(interactions)
        self.match_on = tuple(match_on)
        self.allow_playback_repeats = allow_playback_repeats
        self._plays = [0] * len(self.interactions)
        self._lock = threading.Lock()

    def matches(self, interaction: Interaction, request: InboundRequest) -> bool:
        """Whether ``interaction`` answers ``request`` (cheap fields first)."""
        return all(not differences(m, interaction.request, request) for m in self.match_on)

    def take(self, request: InboundRequest) -> tuple[int, Interaction] | None:
        """The first unplayed interaction matching ``request`` (marked played), or ``None``."""
        with self._lock:
            candidates = [
                i for i, item in enumerate(self.interactions) if self.matches(item, request)
            ]
            fresh = [i for i in candidates if self._plays[i] == 0]
            if fresh:
                chosen = fresh[0]
            elif candidates and self.allow_playback_repeats:
                chosen = candidates[-1]
            else:
                return None
            self._plays[chosen] += 1
            return chosen, self.interactions[chosen]

    def played_match(self, request: InboundRequest) -> int | None:
        """The index of an interaction that matches ``request`` but was already played."""
        with self._lock:
            for index, item in enumerate(self.interactions):
                if self._plays[index] and self.matches(item, request):
                    return index
        return None

    @property
    def play_count(self) -> int:
        """How many calls were answered from the cassette."""
        with self._lock:
            return sum(self._plays)

    @property
    def all_played(self) -> bool:
        """Whether every recorded interaction was played at least once."""
        with self._lock:
            return all(self._plays)

    @property
    def unplayed(self) -> list[int]:
        """Indexes of the interactions never played."""
        with self._lock:
            return [i for i, plays in enumerate(self._plays) if not plays]

    def explain(self, request: InboundRequest, limit: int = 2) -> list[str]:
        """Why ``request`` matched nothing: the closest interactions (fewest differing fields,
        unplayed first), each with its field-by-field diff."""
        if not self.interactions:
            return ["the cassette has no interactions"]
        ranked = []
        with self._lock:
            plays = list(self._plays)
        for index, interaction in enumerate(self.interactions):
            diffs = {m: differences(m, interaction.request, request) for m in self.match_on}
            failing = [m for m in self.match_on if diffs[m]]
            ranked.append((len(failing), plays[index] > 0, index, failing, diffs))
        ranked.sort(key=lambda item: (item[0], item[1], item[2]))
        out = []
        for _, _, index, failing, diffs in ranked[:limit]:
            interaction = self.interactions[index]
            head = f"#{index} {interaction.summary()}"
            if not failing:
                out.append(
                    f"{head} matches but was already played ({plays[index]} time(s)); each "
                    "recorded interaction answers one call: record the call again "
                    "(record_mode='new_episodes') or allow_playback_repeats=True"
                )
                continue
            names = ", ".join(str(m) for m in failing)
            same = ", ".join(str(m) for m in self.match_on if m not in failing) or "nothing"
            lines = [f"{head} (same {same}; differs in {names}):"]
            for matcher in failing:
                lines.extend(f"  {line}" for line in diffs[matcher][:8])
                if len(diffs[matcher]) > 8:
                    lines.append(f"  … and {len(diffs[matcher]) - 8} more {matcher} difference(s)")
            out.append("\n      ".join(lines))
        return out
