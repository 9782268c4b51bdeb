"""Drift check: replay each recorded request against a live endpoint and compare the replies.

For every interaction of a cassette, in order, :func:`verify` sends the recorded request to the
target (the real Logic App, or another mock) and reports what the live reply does differently:
its status, its set of headers (volatile ones ignored; ``Content-Type`` also by value) and its
body (JSON path by path; run ids, GUIDs and timestamps ignored). Scrubbed values cannot be sent
back: a ``REDACTED`` query parameter takes the value of the same parameter in the target URL
(give the real callback URL and its ``sig`` is used), a scrubbed header is left out, and both
are noted in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlsplit

from reqres_mock.cassettes.cassette import FRAMING, HOP_BY_HOP, Cassette, Interaction
from reqres_mock.cassettes.compare import REDACTED, body_diff, is_volatile_header, show, text_equal
from reqres_mock.cassettes.record import DEFAULT_PROXY_TIMEOUT, Proxy, ProxyError
from reqres_mock.cassettes.scrub import Scrubber
from reqres_mock.exchange import Headers, InboundRequest

if TYPE_CHECKING:
    from reqres_mock.cassettes.cassette import RecordedResponse


@dataclass
class InteractionCheck:
    """The outcome for one recorded interaction.

    :ivar differences: what the live reply does differently (empty: no drift).
    :ivar notes: what could not be sent as recorded (scrubbed values).
    :ivar error: why no live reply came, when none did.
    """

    index: int
    interaction: Interaction
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def drifted(self) -> bool:
        return bool(self.differences)

    def render(self) -> str:
        request = self.interaction.request
        verdict = "ERROR" if self.error else "DRIFT" if self.differences else "ok"
        lines = [f"#{self.index} {request.method} {request.target}: {verdict}"]
        if self.error:
            lines.append(f"    {self.error}")
        lines.extend(f"    {line}" for line in self.differences)
        lines.extend(f"    note: {line}" for line in self.notes)
        return "\n".join(lines)


@dataclass
class DriftReport:
    """The drift check of a cassette against a target."""

    cassette: Path
    target: str
    checks: list[InteractionCheck] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        """Whether any interaction's live reply differs from the recorded one."""
        return any(c.drifted for c in self.checks)

    @property
    def errors(self) -> bool:
        """Whether some request got no reply at all."""
        return any(c.error for c in self.checks)

    def render(self) -> str:
        """The report as text: one block per interaction, then a summary line."""
        lines = [f"verify {self.cassette} against {_origin(self.target)}"]
        lines.extend(c.render() for c in self.checks)
        drifted = sum(c.drifted for c in self.checks)
        failed = sum(bool(c.error) for c in self.checks)
        summary = f"{drifted} of {len(self.checks)} interaction(s) drifted"
        if failed:
            summary += f", {failed} got no reply"
        lines.append(
            summary if drifted or failed else f"no drift in {len(self.checks)} interaction(s)"
        )
        return "\n".join(lines)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path if not parts.query else ''}"


def compare_responses(recorded: RecordedResponse, live: RecordedResponse) -> list[str]:
    """What ``live`` does differently from ``recorded``: status, header set, body."""
    lines = []
    if recorded.status != live.status:
        lines.append(f"status: recorded {recorded.status}, now {live.status}")

    def names(headers: Headers) -> dict[str, str]:
        return {
            n.lower(): n for n in headers if not is_volatile_header(n) and n.lower() not in FRAMING
        }

    mine, theirs = names(recorded.headers), names(live.headers)
    lines.extend(f"header removed: {mine[n]}" for n in sorted(set(mine) - set(theirs)))
    lines.extend(f"header added: {theirs[n]}" for n in sorted(set(theirs) - set(mine)))
    if "content-type" in mine and "content-type" in theirs:
        before, after = recorded.headers["Content-Type"], live.headers["Content-Type"]
        if not text_equal(before, after):
            lines.append(f"header Content-Type: recorded {show(before)}, now {show(after)}")
    lines.extend(body_diff(recorded.body, live.body, now="now"))
    return lines


def _request(
    interaction: Interaction, target_query: dict[str, str]
) -> tuple[InboundRequest, list[str]]:
    """The recorded request as it can be sent again, and notes on what had to change."""
    recorded = interaction.request
    notes = []
    pieces = []
    for piece in recorded.query_string.split("&") if recorded.query_string else []:
        name, eq, value = piece.partition("=")
        if eq and value == REDACTED:
            replacement = target_query.get(name.lower())
            if replacement is not None:
                pieces.append(f"{name}={quote(replacement, safe='')}")
                continue
            notes.append(f"query {name!r} was scrubbed and the target URL has none; sent as is")
        pieces.append(piece)
    headers = []
    for name, value in recorded.headers.items_list():
        lowered = name.lower()
        if lowered in HOP_BY_HOP or lowered in ("host", "content-length"):
            continue
        if REDACTED in value:
            notes.append(f"header {name!r} was scrubbed; not sent")
            continue
        headers.append((name, value))
    if REDACTED.encode() in recorded.body:
        notes.append("the body has scrubbed values; sent as recorded")
    request = InboundRequest(
        method=recorded.method,
        path=recorded.path,
        query_string="&".join(pieces),
        headers=Headers(headers),
        body=recorded.body,
    )
    return request, notes


def verify(
    cassette: str | Path,
    target: str,
    *,
    tls_verify: bool | str = True,
    timeout: float = DEFAULT_PROXY_TIMEOUT,
    scrubber: Scrubber | None = None,
) -> DriftReport:
    """Replay every recorded request of ``cassette`` against ``target``, in order.

    :param target: the live endpoint: a callback URL (its ``sig`` replaces scrubbed ones) or a
        base URL.
    :param tls_verify: ``True`` or a CA bundle path.
    :param scrubber: applied to live replies before comparing (as when they were recorded).
    :raises CassetteError: when the cassette cannot be read.
    :raises ConfigurationError: for a target that is no http(s) URL.
    """
    path = Path(cassette)
    interactions = Cassette.read(path)
    proxy = Proxy(target, verify=tls_verify, timeout=timeout)
    scrub = scrubber or Scrubber()
    target_parts = urlsplit(target)
    target_query = {k.lower(): v for k, v in parse_qsl(target_parts.query)}
    report = DriftReport(path, target)
    try:
        for index, interaction in enumerate(interactions):
            request, notes = _request(interaction, target_query)
            if target_parts.query and target_parts.path.rstrip("/") != request.path.rstrip("/"):
                notes.append(
                    f"sent to its recorded path {request.path}; the target URL's path "
                    f"{target_parts.path} is ignored (only its scheme, host and sig are used)"
                )
            check = InteractionCheck(index, interaction, notes=notes)
            try:
                _, live = proxy.forward(request)
            except ProxyError as err:
                check.error = f"no reply: {err}"
            else:
                live = scrub.interaction(live)
                check.differences = compare_responses(interaction.response, live.response)
            report.checks.append(check)
    finally:
        proxy.close()
    return report
