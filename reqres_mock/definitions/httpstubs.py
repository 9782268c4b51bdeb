"""Stubs that answer outbound calls by request, respx- and WireMock-style.

A stub matches on any of method, URL (or path), query, headers and a JSON or text body; the
first stub that matches answers. Its answer is an :class:`HttpReply`, a callable of the
:class:`OutboundRequest`, an exception (the call fails like a network error; a
``socket.gaierror`` like a host name DNS cannot resolve), or a list of those given in turn
(the last one repeats) — the shape a flaky service has under a retry policy.
"""

from __future__ import annotations

import fnmatch
import json as jsonlib
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union
from urllib.parse import urlsplit

from reqres_mock.definitions.outbound import HttpReply, OutboundRequest, escaped, with_root
from reqres_mock.definitions.strands import blocking
from reqres_mock.errors import ConfigurationError

#: A string (a glob: ``*`` matches anything, ``/`` included) or a compiled regular expression.
Pattern = Union[str, "re.Pattern[str]"]
#: What a stub answers with.
Answer = Union[  # noqa: UP007 (evaluated at runtime on 3.10)
    HttpReply,
    Mapping[str, Any],
    BaseException,
    Callable[[OutboundRequest], Any],
]
_UNSET: Any = object()


def _matches(pattern: Pattern, value: str, *, glob: bool = True, spelled: str = "") -> bool:
    if isinstance(pattern, re.Pattern):
        # A URL or path sent escaped (as .NET escapes it) also meets a regex written against
        # the URI as the definition spells it.
        found = pattern.fullmatch(value) is not None
        return found or (bool(spelled) and pattern.fullmatch(spelled) is not None)
    return fnmatch.fnmatchcase(value, pattern) if glob else pattern == value


def _check_pattern(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, (str, re.Pattern)):
        raise ConfigurationError(
            f"stub_http {name}= must be a string (glob) or re.compile(...), got "
            f"{type(value).__name__}"
        )


def as_reply(produced: Any, where: str) -> HttpReply:
    """An answer as an :class:`HttpReply` (a ``{"statusCode", "headers", "body"}`` dict too).

    :raises ConfigurationError: for anything else, naming ``where``.
    """
    if isinstance(produced, HttpReply):
        return produced
    if isinstance(produced, Mapping):
        status = produced.get("statusCode", produced.get("status", 200))
        return HttpReply(int(status), dict(produced.get("headers") or {}), produced.get("body"))
    raise ConfigurationError(
        f"{where} answered {type(produced).__name__}; answer an HttpReply, a dict with "
        "statusCode/headers/body, or raise an exception"
    )


class HttpStub:
    """A request-matching stub; create it with ``wf.stub_http(...)`` or
    ``server.stub_http(...)``.

    :ivar calls: the requests it answered, in order.
    :ivar times: how many requests it must answer, checked by ``server.check()``; ``None``
        checks nothing.
    """

    def __init__(
        self,
        *,
        method: str | None = None,
        url: Pattern | None = None,
        path: Pattern | None = None,
        query: Mapping[str, Pattern] | None = None,
        headers: Mapping[str, Pattern] | None = None,
        json: Any = _UNSET,
        text: Pattern | None = None,
        status: int = 200,
        body: Any = None,
        reply_headers: Mapping[str, str] | None = None,
        reply: Answer | Sequence[Answer] | None = None,
        times: int | None = None,
        owner: str = "the server",
    ) -> None:
        for name, value in (("url", url), ("path", path), ("text", text)):
            _check_pattern(name, value)
        for name, table in (("query", query), ("headers", headers)):
            for value in (table or {}).values():
                _check_pattern(name, value)
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 0
        ):
            raise ConfigurationError(f"stub_http times= must be an integer >= 0, got {times!r}")
        self.method = method.upper() if method else None
        if isinstance(url, str) and "*" not in url and "://" in url:
            url = with_root(url)  # as the request names it: http://host:7075 requests /
        # Written with a space or escaped, a pattern meets the request as .NET escapes it.
        url = escaped(url) if isinstance(url, str) else url
        path = escaped(path) if isinstance(path, str) else path
        self.url, self.path, self.text = url, path, text
        self.query = dict(query or {})
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.json = json
        self.times = times
        self.owner = owner
        if reply is None:
            answers: list[Any] = [HttpReply(status, dict(reply_headers or {}), body)]
        elif isinstance(reply, (list, tuple)):
            answers = list(reply)
            if not answers:
                raise ConfigurationError("stub_http reply=[] needs at least one answer")
        else:
            answers = [reply]
        self._answers = answers
        self._lock = threading.Lock()
        self.calls: list[OutboundRequest] = []

    def __repr__(self) -> str:
        return f"<HttpStub {self.describe()}, {len(self.calls)} call(s)>"

    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def called(self) -> bool:
        return bool(self.calls)

    def describe(self) -> str:
        parts = [self.method or "*", str(getattr(self.url, "pattern", self.url) or "")]
        if self.path is not None:
            parts.append(f"path={getattr(self.path, 'pattern', self.path)}")
        for name, value in (("query", self.query), ("headers", self.headers)):
            if value:
                parts.append(f"{name}={value}")
        if self.json is not _UNSET:
            parts.append(f"json={self.json!r}")
        if self.text is not None:
            parts.append(f"text={getattr(self.text, 'pattern', self.text)!r}")
        return f"stub_http({' '.join(p for p in parts if p)}) of {self.owner}"

    def mismatch(self, request: OutboundRequest) -> str | None:
        """Why ``request`` does not match (``None`` when it does)."""
        if self.method is not None and request.method != self.method:
            return f"method {request.method} is not {self.method}"
        if self.url is not None:
            plain = request.url.split("?", 1)[0]
            with_query = isinstance(self.url, str) and "?" in self.url
            spelled = request.spelled if with_query else request.spelled.split("?", 1)[0]
            if not _matches(self.url, request.url if with_query else plain, spelled=spelled):
                return f"url {request.url} does not match {getattr(self.url, 'pattern', self.url)}"
        spelled_path = urlsplit(request.spelled).path if request.spelled else ""
        if self.path is not None and not _matches(self.path, request.path, spelled=spelled_path):
            return f"path {request.path} does not match {getattr(self.path, 'pattern', self.path)}"
        query = request.query
        for key, pattern in self.query.items():
            if key not in query or not _matches(pattern, query[key], glob=False):
                return f"query {key}={query.get(key)!r} is not {pattern!r}"
        for key, pattern in self.headers.items():
            value = request.headers.get(key)
            if value is None or not _matches(pattern, value, glob=False):
                return f"header {key}: {value!r} is not {pattern!r}"
        if self.json is not _UNSET:
            try:
                sent = request.json()
            except ValueError:
                return "the body is not JSON"
            if sent != self.json:
                return f"json body {jsonlib.dumps(sent)[:200]} differs"
        if self.text is not None and not _matches(self.text, request.text, glob=False):
            return f"text body {request.text[:200]!r} differs"
        return None

    def answer(self, request: OutboundRequest) -> HttpReply | BaseException:
        """Count ``request`` and produce this stub's answer for it (its next one, for a list).

        A callable's exception is returned, not raised: the call fails like a network error.
        """
        with self._lock:
            index = min(len(self.calls), len(self._answers) - 1)
            self.calls.append(request)
        answer = self._answers[index]
        if isinstance(answer, BaseException):
            return answer
        if isinstance(answer, type) and issubclass(answer, BaseException):
            return answer()
        if callable(answer) and not isinstance(answer, (HttpReply, Mapping)):
            try:
                with blocking():  # a test's handler may wait: the run's other branches go on
                    answer = answer(request)
            except Exception as err:  # the documented way to fail like a network error
                return err
            if isinstance(answer, BaseException):
                return answer
        return as_reply(answer, self.describe())

    def unmet(self) -> str | None:
        """A sentence when ``times`` was set and not met."""
        if self.times is None or len(self.calls) == self.times:
            return None
        return f"{self.describe()} expected {self.times} call(s), got {len(self.calls)}"


def find_stub(stubs: Sequence[HttpStub], request: OutboundRequest) -> HttpStub | None:
    """The first stub that matches ``request``."""
    return next((stub for stub in stubs if stub.mismatch(request) is None), None)


def near_misses(stubs: Sequence[HttpStub], request: OutboundRequest, limit: int = 3) -> list[str]:
    """Why the first ``limit`` stubs did not match, for an error message."""
    return [f"{stub.describe()}: {stub.mismatch(request)}" for stub in stubs[:limit]]
