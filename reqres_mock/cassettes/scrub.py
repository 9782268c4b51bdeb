"""Removing secrets from an exchange before it is written to a cassette.

Always scrubbed: the ``sig`` of a shared access signature (in the request URI and wherever a
URL carries one: ``Location`` headers, bodies listing callback URLs), ``Authorization`` and
``Proxy-Authorization`` (the scheme is kept: ``Bearer REDACTED``), cookie values (``Cookie``
and ``Set-Cookie``; names and attributes kept) and common API-key headers. Users add header
names, query parameters and JSON paths. ``sp``, ``sv``, ``se`` and ``api-version`` are kept: they
are not secret and replay needs them to tell endpoints apart. Every secret is replaced by
:data:`~reqres_mock.cassettes.compare.REDACTED`, which replay matches against any value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from reqres_mock.cassettes.cassette import Interaction, RecordedRequest, RecordedResponse, is_text
from reqres_mock.cassettes.compare import REDACTED
from reqres_mock.errors import ConfigurationError
from reqres_mock.exchange import Headers
from reqres_mock.protocol.jsonwire import utf8

#: Header fields always scrubbed.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-functions-key",
        "ocp-apim-subscription-key",
    }
)
#: Query parameters always scrubbed.
SECRET_QUERY = frozenset({"sig"})

_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\[['\"]([^'\"]+)['\"]\]")


def parse_json_path(path: str) -> tuple[str | int, ...]:
    """``$.a.b[0]``, ``a.b[*].c`` or ``$['x-y']`` as steps; ``*`` matches every key or item.

    :raises ConfigurationError: for an empty path or one with stray characters.
    """
    text = path.strip()
    text = text[1:] if text.startswith("$") else text
    steps: list[str | int] = []
    position = 0
    while position < len(text):
        if text[position] == ".":
            position += 1
            continue
        match = _PATH_STEP.match(text, position)
        if match is None:
            raise ConfigurationError(
                f"filter_json_paths: {path!r} is not a JSON path like '$.customer.ssn' or "
                f"'items[*].token' (stray {text[position]!r} at {position})"
            )
        name, index, quoted = match.groups()
        if index is not None:
            steps.append("*" if index == "*" else int(index))
        else:
            steps.append(quoted if quoted is not None else name)
        position = match.end()
    if not steps:
        raise ConfigurationError(f"filter_json_paths: {path!r} names no field")
    return tuple(steps)


def _redact_path(value: Any, steps: tuple[str | int, ...]) -> bool:
    """Replace what ``steps`` reach inside ``value`` (in place); whether anything was."""
    if not steps:
        return False
    step, rest = steps[0], steps[1:]
    if isinstance(value, dict):
        keys = list(value) if step == "*" else [step] if step in value else []
    elif isinstance(value, list):
        if step == "*":
            keys = list(range(len(value)))
        else:
            keys = [step] if isinstance(step, int) and step < len(value) else []
    else:
        return False
    changed = False
    for key in keys:
        if rest:
            changed |= _redact_path(value[key], rest)
        else:
            value[key] = REDACTED
            changed = True
    return changed


@dataclass(frozen=True, kw_only=True)
class Scrubber:
    """What to remove from exchanges, on top of the secrets always removed.

    :param filter_headers: more header names (case-insensitive).
    :param filter_query: more query parameter names (case-insensitive), also in URLs inside
        headers and text bodies.
    :param filter_json_paths: fields of JSON request and response bodies, e.g.
        ``"$.customer.ssn"``, ``"items[*].token"``.
    :raises ConfigurationError: for a JSON path that cannot be parsed.
    """

    filter_headers: frozenset[str] = frozenset()
    filter_query: frozenset[str] = frozenset()
    filter_json_paths: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "filter_headers", frozenset(h.lower() for h in self.filter_headers)
        )
        object.__setattr__(self, "filter_query", frozenset(q.lower() for q in self.filter_query))
        object.__setattr__(self, "filter_json_paths", tuple(self.filter_json_paths))
        for path in self.filter_json_paths:
            parse_json_path(path)

    @property
    def _query_names(self) -> frozenset[str]:
        return SECRET_QUERY | self.filter_query

    def _in_urls(self, text: str) -> str:
        names = "|".join(re.escape(n) for n in sorted(self._query_names))
        pattern = re.compile(rf"(?i)([?&](?:{names})=)[^&\s\"'<>#\\]*")
        return pattern.sub(lambda m: f"{m.group(1)}{REDACTED}", text)

    def uri(self, uri: str) -> str:
        """``uri`` with secret query values replaced (the rest of the query byte for byte)."""
        parts = urlsplit(uri)
        if not parts.query:
            return uri
        pieces = []
        for piece in parts.query.split("&"):
            key, eq, _ = piece.partition("=")
            secret = eq and unquote_plus(key).lower() in self._query_names
            pieces.append(f"{key}={quote(REDACTED)}" if secret else piece)
        return urlunsplit(parts._replace(query="&".join(pieces)))

    def headers(self, headers: Headers) -> Headers:
        """``headers`` with secret values replaced, and URLs in the others scrubbed."""
        secret = SECRET_HEADERS | self.filter_headers
        fields = []
        for name, value in headers.items_list():
            lowered = name.lower()
            if lowered in secret:
                fields.append((name, _redact_header(lowered, value)))
            else:
                fields.append((name, self._in_urls(value)))
        return Headers(fields)

    def body(self, body: bytes) -> bytes:
        """``body`` with secret JSON fields replaced and URLs scrubbed; binary left alone."""
        if not body or not is_text(body):
            return body
        text = self._in_urls(body.decode("utf-8"))
        if self.filter_json_paths:
            try:
                document = json.loads(text)
            except ValueError:
                document = None
            if isinstance(document, (dict, list)):
                changed = False
                for path in self.filter_json_paths:
                    changed |= _redact_path(document, parse_json_path(path))
                if changed:
                    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return utf8(text)

    def interaction(self, interaction: Interaction) -> Interaction:
        """``interaction`` without secrets, ready to be written."""
        request: RecordedRequest = interaction.request
        response: RecordedResponse = interaction.response
        return Interaction(
            replace(
                request,
                uri=self._in_urls(self.uri(request.uri)),
                headers=self.headers(request.headers),
                body=self.body(request.body),
            ),
            replace(
                response, headers=self.headers(response.headers), body=self.body(response.body)
            ),
        )


def _redact_header(name: str, value: str) -> str:
    if name in ("authorization", "proxy-authorization"):
        scheme, space, _ = value.partition(" ")
        return f"{scheme} {REDACTED}" if space else REDACTED
    if name == "cookie":
        return "; ".join(
            f"{piece.partition('=')[0].strip()}={REDACTED}" for piece in value.split(";") if piece
        )
    if name == "set-cookie":
        first, sep, attributes = value.partition(";")
        return f"{first.partition('=')[0].strip()}={REDACTED}{sep}{attributes}"
    return REDACTED
