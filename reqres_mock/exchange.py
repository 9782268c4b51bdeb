"""The engine's transport-neutral request and reply types.

The engine never sees Werkzeug (or httpx, or requests) objects: every transport turns its
request into an :class:`InboundRequest` and writes the :class:`Reply` it gets back.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

#: Headers whose values never appear in reprs, logs or messages.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class Headers(Mapping[str, str]):
    """An ordered, case-insensitive view of HTTP headers that keeps repeated fields.

    Lookup returns repeated fields joined with ``", "`` (as .NET and Logic Apps present them).
    """

    __slots__ = ("_index_cache", "_items")

    def __init__(self, items: Iterable[tuple[str, str]] | Mapping[str, str] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        # A tuple of string pairs: the garbage collector stops tracking it (a list it would scan
        # in every full collection, for every reply the journal keeps).
        self._items: tuple[tuple[str, str], ...] = tuple((str(k), str(v)) for k, v in pairs)
        self._index_cache: dict[str, tuple[str, tuple[str, ...]]] | None = None

    @property
    def _index(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        # lower-cased name -> (first spelling, values in order); built on first lookup only,
        # since most replies are written without ever being looked into. Tuples of strings,
        # not lists: the garbage collector stops tracking them, and the journal keeps
        # thousands of these (full collections scanning them paused the server ~250 ms).
        if self._index_cache is None:
            index: dict[str, tuple[str, tuple[str, ...]]] = {}
            for name, value in self._items:
                key = name.lower()
                entry = index.get(key)
                index[key] = (name, (value,)) if entry is None else (entry[0], (*entry[1], value))
            self._index_cache = index
        return self._index_cache

    def __getitem__(self, key: str) -> str:
        entry = self._index.get(key.lower())
        if entry is None:
            raise KeyError(key)
        return ", ".join(entry[1])

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._index.values())

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._index

    def __reduce__(self) -> tuple[type[Headers], tuple[tuple[tuple[str, str], ...]]]:
        # The fields alone: the lookup index is a cache, rebuilt on first use (a stored run's
        # pickle carries each header once).
        return (Headers, (self._items,))

    def __repr__(self) -> str:
        shown = [(k, "***" if k.lower() in _SECRET_HEADERS else v) for k, v in self._items]
        return f"Headers({shown!r})"

    def items_list(self) -> list[tuple[str, str]]:
        """All fields in order, repeated ones kept apart."""
        return list(self._items)

    def to_dict(self) -> dict[str, str]:
        """A plain dict, first spelling of each name, repeated fields joined."""
        return {name: ", ".join(values) for name, values in self._index.values()}


@dataclass(frozen=True, repr=False, slots=True)
class InboundRequest:
    """One HTTP request as it reached a transport.

    :param method: the request method, upper case.
    :param path: the raw, still percent-encoded path (no query string).
    :param query_string: the raw query string, without the ``?``.
    :param headers: the request headers.
    :param body: the request body bytes (empty when none was sent).
    :param base_url: scheme and authority the caller used, e.g. ``http://127.0.0.1:7071``.
    :param remote_addr: the peer address, when the transport knows it.
    :param received_at: ``time.monotonic()`` when the request line arrived, when the transport
        knows it; a call that arrived before the server's last ``reset()`` belongs to what came
        before it (the previous test) and is answered without reaching today's workflows.
    """

    method: str
    path: str
    query_string: str = ""
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    base_url: str = "http://localhost"
    remote_addr: str | None = None
    received_at: float | None = None

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        """The query string decoded into ``(name, value)`` pairs, blanks kept, in order."""
        return _query_pairs(self.query_string)

    @property
    def target(self) -> str:
        """Path plus query string, as on the request line."""
        return f"{self.path}?{self.query_string}" if self.query_string else self.path

    def __repr__(self) -> str:
        # never the signature, never a secret header value
        return (
            f"InboundRequest({self.method} {redact(self.target)}, headers={self.headers!r}, "
            f"{len(self.body)} body bytes)"
        )


class Writer(enum.Enum):
    """The server that writes a reply's head: the order and spelling of its fields."""

    #: The mock's own replies (admin API) and replayed ones: ``Date`` first, fields as given.
    MOCK = "mock"
    #: A Consumption workflow's: the HTTP.sys front end.
    FRONT_END = "front end"
    #: A Standard workflow's: Kestrel, in the Functions host.
    KESTREL = "kestrel"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the engine answers: status, headers and body bytes.

    :ivar compressible: the front end gzips it for a caller that accepts gzip (a Consumption
        Response action's reply, as captured); the socket server does, the run keeps it plain.
    :ivar writer: the server that writes it on the wire; the engine sets it from the flavor
        of the workflow or route the call addressed.
    """

    status: int
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    compressible: bool = False
    writer: Writer = Writer.MOCK

    def json(self) -> Any:
        """The body parsed as JSON.

        :raises ValueError: when the body is not JSON.
        """
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@lru_cache(maxsize=256)
def _parse_query(query_string: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(query_string, keep_blank_values=True))


def _query_pairs(query_string: str) -> list[tuple[str, str]]:
    # Cached by query string (calls to one callback URL share it), not per request: a cache
    # on the request kept one more tracked object per journalled call, and
    # functools.cached_property takes one lock shared by every instance before Python 3.12.
    return list(_parse_query(query_string)) if query_string else []


def redact(target: str) -> str:
    """A URL or request target with the ``sig`` value hidden, for logs and messages."""
    path, sep, query = target.partition("?")
    if not sep:
        return target
    pieces = []
    for piece in query.split("&"):
        key, eq, _ = piece.partition("=")
        pieces.append(f"{key}=***" if eq and key.lower() == "sig" else piece)
    return f"{path}?{'&'.join(pieces)}"
