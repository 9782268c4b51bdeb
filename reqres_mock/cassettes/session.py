"""A cassette in use: the engine's interceptor that records, replays, or both.

The engine consults :meth:`CassetteSession.intercept` before anything else, so the socket server
and the in-process transports all record and replay the same way. Record modes are VCR.py's:

| mode | cassette exists | cassette missing |
|---|---|---|
| ``once`` (default) | replay; other calls are unmatched | record everything |
| ``new_episodes`` | replay what matches, record the rest (appended) | record everything |
| ``none`` | replay only | error |
| ``all`` | record everything, rewriting the cassette | record everything |

Every call is journalled: replayed and recorded ones as runs (the recorded reply's run id and
correlation id, ``trigger_outputs`` built from the request), unmatched ones as calls that
matched no workflow, with the closest recorded interaction in ``near_misses``. A workflow added
to the same server still answers calls the cassette does not.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reqres_mock.cassettes.cassette import Cassette, Interaction
from reqres_mock.cassettes.compare import bodies_equal, is_volatile_header, text_equal
from reqres_mock.cassettes.replay import (
    DEFAULT_MATCH_ON,
    Matcher,
    Player,
    parse_match_on,
    replay_reply,
)
from reqres_mock.cassettes.scrub import Scrubber
from reqres_mock.config import Choice, Flavor, parse_choice
from reqres_mock.engine.run import RunStatus
from reqres_mock.errors import CassetteError, ConfigurationError, ReqResError
from reqres_mock.exchange import Headers, InboundRequest, Reply
from reqres_mock.protocol.headers import CLIENT_TRACKING_HEADER
from reqres_mock.protocol.jsonwire import utf8
from reqres_mock.protocol.routing import parse_route

if TYPE_CHECKING:
    from pathlib import Path

    from reqres_mock.cassettes.record import Proxy
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.run import Run


class RecordMode(Choice):
    """VCR.py's record modes."""

    ONCE = "once"
    NEW_EPISODES = "new_episodes"
    NONE = "none"
    ALL = "all"


@dataclass(frozen=True, kw_only=True)
class CassetteOptions:
    """How a cassette is recorded and replayed.

    :param record_mode: ``once``, ``new_episodes``, ``none`` or ``all`` (see the module).
    :param match_on: request fields compared when replaying: ``method``, ``path``,
        ``query``, ``body``, ``headers``.
    :param filter_headers: more header names to scrub (``Authorization``, cookies and
        API-key headers always are).
    :param filter_query: more query parameters to scrub (``sig`` always is).
    :param filter_json_paths: JSON body fields to scrub, e.g. ``"$.customer.ssn"``.
    :param replay_timing: reproduce each recorded latency multiplied by this (``1.0`` real
        time, ``0.1`` ten times faster); ``None`` replays at once.
    :param allow_playback_repeats: a call whose matches were all played gets the last
        one again instead of being unmatched.
    :param verify: TLS verification of the target: ``True`` or a CA bundle path.
    :param proxy_timeout: seconds a recorded call may take at the target.
    :raises ConfigurationError: for an unknown mode or matcher, a bad JSON path, a negative
        scale.
    """

    record_mode: RecordMode = RecordMode.ONCE
    match_on: tuple[Matcher, ...] = DEFAULT_MATCH_ON
    filter_headers: frozenset[str] = frozenset()
    filter_query: frozenset[str] = frozenset()
    filter_json_paths: tuple[str, ...] = ()
    replay_timing: float | None = None
    allow_playback_repeats: bool = False
    verify: bool | str = True
    proxy_timeout: float = 240.0
    scrubber: Scrubber = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mode = parse_choice(RecordMode, self.record_mode, "record_mode")
        object.__setattr__(self, "record_mode", mode)
        object.__setattr__(self, "match_on", parse_match_on(self.match_on))
        if not self.match_on:
            raise ConfigurationError("match_on must name at least one field")
        scale = self.replay_timing
        if scale is not None and (isinstance(scale, bool) or not scale >= 0):
            raise ConfigurationError(f"replay_timing must be a number >= 0, got {scale!r}")
        object.__setattr__(
            self,
            "scrubber",
            Scrubber(
                filter_headers=frozenset(self.filter_headers),
                filter_query=frozenset(self.filter_query),
                filter_json_paths=tuple(self.filter_json_paths),
            ),
        )


class CassetteSession:
    """A cassette attached to an engine: answers calls from it, records new ones.

    :param engine: the engine (or :class:`~reqres_mock.MockServer`) it intercepts calls of.
    :param path: the cassette file (``.yaml``, or ``.json``).
    :param target: the real Logic App (callback URL or base URL) to record from.
    :raises CassetteError: when the mode must record but there is no target, or must replay
        a cassette that does not exist or cannot be read.
    """

    def __init__(
        self,
        engine: Engine,
        path: str | Path,
        *,
        target: str | None = None,
        options: CassetteOptions | None = None,
    ) -> None:
        self.engine = engine
        self.options = options or CassetteOptions()
        self.target = target
        self.cassette = Cassette(path)
        mode = self.options.record_mode
        self._previous: list[Interaction] = []
        if mode is RecordMode.ALL:
            self._previous = self.cassette.interactions
            self.cassette.replace_all([])
        if mode is RecordMode.NONE and not self.cassette.existed:
            raise CassetteError(
                f"the cassette {self.cassette.path} does not exist (record_mode='none' never "
                "records)",
                advice="use record_mode='once' or 'new_episodes' with target= to record it",
            )
        self.recording = mode in (RecordMode.ALL, RecordMode.NEW_EPISODES) or (
            mode is RecordMode.ONCE and not self.cassette.existed
        )
        if self.recording and not target:
            missing = "" if self.cassette.existed else " does not exist yet and"
            raise CassetteError(
                f"the cassette {self.cassette.path}{missing} would be recorded "
                f"(record_mode={mode.value!r}) but no target is set",
                advice="give target= (the real Logic App's callback URL)",
            )
        self.player = Player(
            [] if mode is RecordMode.ALL else self.cassette.interactions,
            self.options.match_on,
            allow_playback_repeats=self.options.allow_playback_repeats,
        )
        self._proxy: Proxy | None = None
        if target:
            from reqres_mock.cassettes.record import Proxy  # noqa: PLC0415 (requests only when recording)

            self._proxy = Proxy(
                target, verify=self.options.verify, timeout=self.options.proxy_timeout
            )
        self._closed = threading.Event()
        self._reused: set[int] = set()
        self._lock = threading.Lock()
        self.recorded_count = 0

    @property
    def path(self) -> Path:
        return self.cassette.path

    @property
    def name(self) -> str:
        """The cassette's file name without suffix."""
        return self.cassette.path.stem

    @property
    def interactions(self) -> list[Interaction]:
        """The cassette's interactions (replayable and newly recorded), in order."""
        return self.cassette.interactions

    @property
    def play_count(self) -> int:
        """Calls answered from the cassette."""
        return self.player.play_count

    @property
    def all_played(self) -> bool:
        """Whether every interaction that was in the cassette was replayed."""
        return self.player.all_played

    @property
    def url(self) -> str:
        """The URL a client should call on this engine: the target callback URL (or the first
        recorded one) with the engine's scheme and authority."""
        if self.target and "?" in self.target and self._proxy is not None:
            return self._proxy.local_url(self.engine.base_url)
        recorded = self.cassette.interactions
        if recorded:
            return self.engine.base_url + recorded[0].request.target
        return self.engine.base_url

    def endpoints(self) -> list[tuple[str, str]]:
        """Each distinct recorded ``(method, URL on this engine)``, in recorded order."""
        seen: dict[tuple[str, str], None] = {}
        for interaction in self.cassette.interactions:
            request = interaction.request
            seen.setdefault((request.method, self.engine.base_url + request.target), None)
        return list(seen)

    def close(self) -> None:
        """Stop intercepting (idempotent): wake replays that wait out a recorded latency,
        detach from the engine, close the proxy's connections."""
        self._closed.set()
        if self.engine.interceptor is self:
            self.engine.interceptor = None
        if self._proxy is not None:
            self._proxy.close()

    def __enter__(self) -> CassetteSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = self.options.record_mode.value
        count = len(self.cassette)
        return f"<CassetteSession {self.path} record_mode={mode!r}, {count} interaction(s)>"

    # -- the engine's hook ------------------------------------------------------------------

    def intercept(self, request: InboundRequest, run: Run) -> Reply | None:
        """Answer ``request`` from the cassette or the target and journal ``run``; ``None``
        leaves the call to the engine (it is stopping, or one of its workflows matches)."""
        engine = self.engine
        if engine.stopping or self._closed.is_set():
            return None
        found = self.player.take(request)
        if found is not None:
            interaction = found[1]
            scale = self.options.replay_timing
            if scale and interaction.response.duration:
                self._closed.wait(interaction.response.duration * scale)
            return self._journal(run, request, replay_reply(interaction, request))
        if self.recording and self._proxy is not None:
            return self._record(request, run)
        route = parse_route(request.path)
        if route is not None and engine.find_workflow(route) is not None:
            return None
        return self._miss(request, run)

    def _record(self, request: InboundRequest, run: Run) -> Reply:
        from reqres_mock.cassettes.record import ProxyError  # noqa: PLC0415

        assert self._proxy is not None
        try:
            reply, raw = self._proxy.forward(request)
        except ProxyError as err:
            self.engine.record_error(err)
            return self._fail(run, request, 502, "RecordTargetUnreachable", str(err))
        interaction = self._reuse(self.options.scrubber.interaction(raw))
        try:
            self.cassette.append(interaction)
        except CassetteError as err:
            self.engine.record_error(err)
        with self._lock:
            self.recorded_count += 1
        return self._journal(run, request, reply)

    def _reuse(self, fresh: Interaction) -> Interaction:
        """An equivalent interaction of the cassette being re-recorded, kept byte for byte, so
        re-recording an unchanged exchange leaves the file unchanged; else ``fresh``."""
        with self._lock:
            for index, old in enumerate(self._previous):
                if index not in self._reused and equivalent(old, fresh):
                    self._reused.add(index)
                    return old
        return fresh

    def _miss(self, request: InboundRequest, run: Run) -> Reply:
        matchers = ", ".join(str(m) for m in self.options.match_on)
        explanation = self.player.explain(request)
        mode = self.options.record_mode
        hint = ""
        played = self.player.played_match(request)
        if played is not None:
            hint = (
                f" It matches interaction #{played}, which was already played: each recorded "
                "interaction answers one call. Allow repeats with allow_playback_repeats=True "
                "(serve: --allow-playback-repeats), or record the call again."
            )
        elif mode is RecordMode.ONCE:
            hint = (
                " The cassette exists and record_mode='once' never adds to it: delete it to "
                "record again, or use record_mode='new_episodes' with a target."
            )
        run.near_misses = [f"cassette {self.path.name} {line}" for line in explanation]
        message = (
            f"The request matched no interaction recorded in cassette '{self.path.name}' "
            f"(match_on: {matchers}; {len(self.player.interactions)} interaction(s)).{hint}"
        )
        return self._fail(run, request, 404, "CassetteInteractionNotFound", message)

    def _fail(self, run: Run, request: InboundRequest, status: int, code: str, text: str) -> Reply:
        body = json.dumps({"error": {"code": code, "message": text}}, separators=(",", ":"))
        headers = Headers([("Content-Type", "application/json; charset=utf-8")])
        reply = Reply(status, headers, utf8(body))
        return self.engine.journal.conclude(run, reply, RunStatus.REJECTED)

    def _journal(self, run: Run, request: InboundRequest, reply: Reply) -> Reply:
        """Journal a replayed or recorded call as a run of the workflow it addressed."""
        route = parse_route(request.path)
        run.workflow = route.key if route is not None else self.name
        run.trigger = route.trigger if route is not None else None
        run.id = reply.headers.get("x-ms-workflow-run-id") or run.id
        run.correlation_id = reply.headers.get("x-ms-correlation-id", "")
        run.client_tracking_id = (
            reply.headers.get(CLIENT_TRACKING_HEADER)
            or request.headers.get(CLIENT_TRACKING_HEADER)
            or run.id
        )
        flavor = route.flavor if route is not None else self.engine.config.flavor
        run.trigger_outputs = _outputs(request, route.trigger if route else "manual", flavor)
        if reply.status < 400:
            status = RunStatus.SUCCEEDED
        elif "x-ms-workflow-run-id" in reply.headers:
            status = RunStatus.FAILED
        else:
            status = RunStatus.REJECTED
        return self.engine.journal.conclude(run, reply, status)


def _outputs(request: InboundRequest, trigger: str, flavor: Flavor) -> dict[str, object]:
    """The trigger outputs Logic Apps would build from ``request`` (best effort)."""
    from reqres_mock.protocol.trigger import RequestTrigger, build_outputs  # noqa: PLC0415

    try:
        outputs, _ = build_outputs(RequestTrigger(name=trigger), request, None, flavor=flavor)
    except ReqResError:
        return {}
    return outputs


def _header_names(headers: Headers) -> set[str]:
    return {n.lower() for n in headers if not is_volatile_header(n)}


def equivalent(old: Interaction, new: Interaction) -> bool:
    """Whether two recordings are the same exchange but for volatile values (ids, dates,
    latency): same request, same status, same header names and non-volatile values, same
    body."""
    a, b = old.request, new.request
    if (a.method, a.uri) != (b.method, b.uri) or not bodies_equal(a.body, b.body):
        return False
    if _header_names(a.headers) != _header_names(b.headers):
        return False
    r, s = old.response, new.response
    if r.status != s.status or _header_names(r.headers) != _header_names(s.headers):
        return False
    for name in _header_names(r.headers):
        if not text_equal(r.headers[name], s.headers[name]):
            return False
    return bodies_equal(r.body, s.body) and bodies_equal(s.body, r.body)


def make_options(
    options: CassetteOptions | None, record_mode: RecordMode | str | None
) -> CassetteOptions:
    """``options`` with ``record_mode`` set when one is given.

    :raises ConfigurationError: for an unknown mode, listing the valid ones.
    """
    base = options or CassetteOptions()
    if record_mode is None:
        return base
    mode = parse_choice(RecordMode, record_mode, "record_mode")
    assert isinstance(mode, RecordMode)
    return dataclasses.replace(base, record_mode=mode)
