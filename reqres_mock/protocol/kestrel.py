"""How a Standard logic app's server, Kestrel, orders and spells header fields.

A Standard workflow runs in the Functions host, whose HTTP server is Kestrel. Its captured
replies (ScoreUnder/IllogicApps ``IllogicApps.Simulator.Test/TestData/*/trace-*.txt``, the local
runtime in 2024) carry ``Content-Length``, ``Content-Type``, ``Date``, ``Server: Kestrel`` and
then the run's ``x-ms-*`` headers, whatever order the runtime added them in. That is Kestrel's
writer (dotnet/aspnetcore ``src/Servers/Kestrel/shared/KnownHeaders.cs``): ``Content-Length``
first, then the headers it knows in their index order (the "primary" ``Connection``,
``Content-Type``, ``Date``, ``Server``, then the others by name), each under its own spelling,
then the rest as they were added.

The same traces show the trigger outputs' ``headers`` in one order whatever order curl sent
them: ``Accept``, ``Host``, ``User-Agent``, ``Content-Type``, ``Content-Length``. Kestrel
enumerates a request's headers as it writes a reply's (primary ``Accept``, ``Connection``,
``Host``, ``User-Agent``, the other known ones by name, ``Content-Length``, then the unknown
ones as they came), and the runtime's ``HttpRequestMessage`` keeps the content headers apart
and after the others (IllogicApps ``WorkflowTraceTests.fs`` models it so). Where an unknown
header sits against the content headers is not captured; this follows that model.
"""

from __future__ import annotations

__all__ = ["SERVER", "in_kestrel_order", "in_request_order"]

#: Kestrel's ``Server`` header; every reply of a Standard workflow carries it (the traces).
SERVER = ("Server", "Kestrel")


def _ranks(primary: tuple[str, ...], others: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    # Index order of KnownHeaders.cs: primary headers first, then the rest; each by name
    # (.NET's default comparer: letters without regard to case, as in the tuples below).
    return {name.lower(): (rank, name) for rank, name in enumerate((*primary, *others))}


_RESPONSE = _ranks(
    ("Connection", "Content-Type", "Date", "Server"),
    (
        *("Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers"),
        *("Access-Control-Allow-Methods", "Access-Control-Allow-Origin"),
        *("Access-Control-Expose-Headers", "Access-Control-Max-Age", "Age", "Allow", "Alt-Svc"),
        *("Cache-Control", "Content-Encoding", "Content-Language", "Content-Location"),
        *("Content-MD5", "Content-Range", "ETag", "Expires", "grpc-encoding", "Keep-Alive"),
        *("Last-Modified", "Location", "Pragma", "Proxy-Authenticate", "Proxy-Connection"),
        *("Retry-After", "Set-Cookie", "Trailer", "Transfer-Encoding", "Upgrade", "Vary", "Via"),
        *("Warning", "WWW-Authenticate"),
    ),
)
_REQUEST = _ranks(
    ("Accept", "Connection", "Host", "User-Agent"),
    (
        *("Accept-Charset", "Accept-Encoding", "Accept-Language", "Access-Control-Request-Headers"),
        *("Access-Control-Request-Method", "Authorization", "baggage", "Cache-Control"),
        *("Content-Type", "Cookie", "Correlation-Context", "Date", "Expect", "From"),
        *("grpc-accept-encoding", "grpc-encoding", "grpc-timeout", "If-Match"),
        *("If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive"),
        *("Max-Forwards", "Origin", "Pragma", "Proxy-Authorization", "Range", "Referer"),
        *("Request-Id", "TE", "traceparent", "tracestate", "Transfer-Encoding", "Translate"),
        *("Upgrade", "Upgrade-Insecure-Requests", "Via", "Warning"),
    ),
)
_CONTENT_LENGTH = "content-length"
_UNKNOWN = 1 << 16
#: ``HttpContentHeaders``' names: the runtime's HttpRequestMessage holds these apart.
_CONTENT_HEADERS = frozenset(
    {"allow", "content-disposition", "content-encoding", "content-language", "content-length"}
    | {"content-location", "content-md5", "content-range", "content-type", "expires"}
    | {"last-modified"}
)


def _known_then_unknown(
    fields: list[tuple[str, str]], ranks: dict[str, tuple[int, str]], length_rank: int
) -> list[tuple[str, str]]:
    def rank(field: tuple[str, str]) -> int:
        name = field[0].lower()
        if name == _CONTENT_LENGTH:
            return length_rank
        found = ranks.get(name)
        return found[0] if found is not None else _UNKNOWN

    ordered = sorted(fields, key=rank)  # stable: repeated and unknown fields keep their order
    return [(_spelling(name, ranks), value) for name, value in ordered]


def _spelling(name: str, ranks: dict[str, tuple[int, str]]) -> str:
    # Kestrel names a header it knows by HeaderNames' spelling, Content-Length included.
    key = name.lower()
    if key == _CONTENT_LENGTH:
        return "Content-Length"
    found = ranks.get(key)
    return found[1] if found is not None else name


def in_kestrel_order(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A reply's ``fields`` as Kestrel writes them: ``Content-Length``, the headers it knows in
    its order and spelling, then the others as they were added."""
    return _known_then_unknown(fields, _RESPONSE, -1)


def in_request_order(headers: dict[str, str]) -> dict[str, str]:
    """A request's ``headers`` as a Standard trigger's outputs list them: the others in
    Kestrel's order and spelling (the unknown ones as they came), then the content headers
    (``Content-Type``, ``Content-Length``, then the unknown ones as they came)."""
    fields = list(headers.items())
    plain = [f for f in fields if f[0].lower() not in _CONTENT_HEADERS]
    content = [f for f in fields if f[0].lower() in _CONTENT_HEADERS]
    length_rank = len(_REQUEST)  # after the known ones, before the unknown
    return dict(
        _known_then_unknown(plain, _REQUEST, length_rank)
        + _known_then_unknown(content, _REQUEST, length_rank)
    )
