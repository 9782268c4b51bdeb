"""Cassettes: recorded exchanges on disk, in VCR.py's format (version 1).

A cassette is ``{"version": 1, "interactions": [{"request": ..., "response": ...}]}``::

    request:  {method, uri, headers: {name: [values]}, body: text | !!binary | null}
    response: {status: {code, message}, headers: {name: [values]}, body: {string: ...},
               duration: seconds}

so the same file drives a client-side vcrpy test. YAML is read with ``yaml.safe_load`` and
written with a ``SafeDumper`` (sorted keys, block style, multi-line text as ``|`` blocks); a
``.json`` file is JSON. Text bodies stay readable; a binary body is base64 with a marker (YAML's
own ``!!binary`` tag, which vcrpy reads too; ``{"base64": ...}`` in JSON); a gzip or deflate
response body is stored decoded. ``duration`` (mock-specific, ignored by vcrpy) is the
recorded latency, for ``replay_timing``. Writing is atomic: a temporary file in the same folder,
then :func:`os.replace`, so a crash never leaves half a cassette.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

from reqres_mock.errors import CassetteError
from reqres_mock.exchange import Headers
from reqres_mock.protocol.jsonwire import utf8

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: The VCR.py cassette format version we read and write.
FORMAT_VERSION = 1

#: Hop-by-hop fields: they describe one connection, never the exchange.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
#: Fields a transport writes itself when it frames a reply (the socket server's Date and
#: Content-Length); a replayed reply drops the recorded ones.
FRAMING = HOP_BY_HOP | {"content-length", "date", "content-encoding"}


def headers_to_dict(fields: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """VCR's header shape: each name (first spelling) with its values in order."""
    out: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for name, value in fields:
        key = spelled.setdefault(name.lower(), name)
        out.setdefault(key, []).append(value)
    return out


def headers_from_dict(data: Mapping[str, Any] | None) -> Headers:
    """A :class:`Headers` from VCR's ``{name: [values]}`` (a single value is accepted too)."""
    fields: list[tuple[str, str]] = []
    for name, values in (data or {}).items():
        for value in values if isinstance(values, list) else [values]:
            fields.append((str(name), str(value)))
    return Headers(fields)


def rebase(value: str, origin: str, new_origin: str) -> str:
    """``value`` with a leading ``origin`` (scheme and authority) replaced by ``new_origin``."""
    if value.lower().startswith(origin.lower()) and value[len(origin) : len(origin) + 1] in (
        "",
        "/",
        "?",
        "#",
    ):
        return new_origin + value[len(origin) :]
    return value


def is_text(body: bytes) -> bool:
    """Whether ``body`` reads as text: UTF-8 without control characters but tab and newlines."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


@dataclass(frozen=True)
class RecordedRequest:
    """A request as recorded: ``uri`` is absolute (the target's host), secrets scrubbed."""

    method: str
    uri: str
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path or "/"

    @property
    def query_string(self) -> str:
        return urlsplit(self.uri).query

    @property
    def origin(self) -> str:
        parts = urlsplit(self.uri)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def target(self) -> str:
        """Path plus query, as on the request line."""
        query = self.query_string
        return f"{self.path}?{query}" if query else self.path


@dataclass(frozen=True)
class RecordedResponse:
    """A reply as recorded; ``duration`` is seconds from request to complete reply."""

    status: int
    message: str = ""
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    duration: float | None = None


@dataclass(frozen=True)
class Interaction:
    """One recorded exchange."""

    request: RecordedRequest
    response: RecordedResponse

    def summary(self) -> str:
        """``METHOD path?query -> status``."""
        return f"{self.request.method} {self.request.target} -> {self.response.status}"


# -- to and from the VCR dict shape ---------------------------------------------------------


def _encode_body(body: bytes, *, binary_as_bytes: bool) -> Any:
    if is_text(body):
        return body.decode("utf-8")
    if binary_as_bytes:
        return body  # YAML writes it as !!binary
    return {"base64": base64.b64encode(body).decode("ascii")}


def _decode_body(value: Any, where: str) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return utf8(value)
    if isinstance(value, dict):
        if "base64" in value:
            try:
                return base64.b64decode(str(value["base64"]), validate=True)
            except ValueError as err:
                raise CassetteError(f"{where}: 'base64' is not valid base64") from err
        if "string" in value:
            return _decode_body(value["string"], where)
    raise CassetteError(f"{where}: a body must be text, binary or {{base64: ...}}")


def interaction_to_dict(interaction: Interaction, *, binary_as_bytes: bool) -> dict[str, Any]:
    """The VCR dict of ``interaction``."""
    request, response = interaction.request, interaction.response
    request_body = (
        None if not request.body else _encode_body(request.body, binary_as_bytes=binary_as_bytes)
    )
    encoded = _encode_body(response.body, binary_as_bytes=binary_as_bytes)
    reply: dict[str, Any] = {
        "status": {"code": response.status, "message": response.message},
        "headers": headers_to_dict(response.headers.items_list()),
        "body": encoded if isinstance(encoded, dict) else {"string": encoded},
    }
    if response.duration is not None:
        reply["duration"] = round(response.duration, 3)
    return {
        "request": {
            "method": request.method,
            "uri": request.uri,
            "headers": headers_to_dict(request.headers.items_list()),
            "body": request_body,
        },
        "response": reply,
    }


def interaction_from_dict(data: Any, index: int) -> Interaction:
    """An :class:`Interaction` from its VCR dict.

    :raises CassetteError: naming the interaction and the field that is wrong.
    """
    where = f"interactions[{index}]"
    try:
        req, resp = data["request"], data["response"]
        status = resp["status"]
        code = int(status["code"]) if isinstance(status, dict) else int(status)
        message = str(status.get("message") or "") if isinstance(status, dict) else ""
        duration = resp.get("duration")
        return Interaction(
            RecordedRequest(
                method=str(req["method"]).upper(),
                uri=str(req["uri"]),
                headers=headers_from_dict(req.get("headers")),
                body=_decode_body(req.get("body"), f"{where}.request.body"),
            ),
            RecordedResponse(
                status=code,
                message=message,
                headers=headers_from_dict(resp.get("headers")),
                body=_decode_body(resp.get("body"), f"{where}.response.body"),
                duration=float(duration) if duration is not None else None,
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        if isinstance(err, CassetteError):
            raise
        raise CassetteError(
            f"{where} is not a VCR interaction ({type(err).__name__}: {err}); expected "
            "{request: {method, uri, headers, body}, response: {status: {code, message}, "
            "headers, body: {string}}}"
        ) from err


# -- files --------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with multi-line text written as readable ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def is_json_path(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def dumps(interactions: Iterable[Interaction], *, as_json: bool) -> str:
    """The cassette text: deterministic (sorted keys), YAML or JSON."""
    data = {
        "interactions": [interaction_to_dict(i, binary_as_bytes=not as_json) for i in interactions],
        "version": FORMAT_VERSION,
    }
    if as_json:
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=True, allow_unicode=True, default_flow_style=False
    )
    return text


def loads(text: str, *, source: str = "<cassette>") -> list[Interaction]:
    """The interactions of a cassette's text (YAML or JSON; JSON is YAML too).

    :raises CassetteError: for text that is no version-1 cassette, saying what is wrong.
    """
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as err:
        raise CassetteError(f"{source}: not valid YAML or JSON: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise CassetteError(f"{source}: not a cassette (no 'interactions' list)")
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise CassetteError(
            f"{source}: cassette version {data.get('version')!r}; only version 1 is supported"
        )
    try:
        return [interaction_from_dict(d, i) for i, d in enumerate(data["interactions"])]
    except CassetteError as err:
        raise CassetteError(f"{source}: {err}") from err


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a temporary file beside it, then rename.

    :raises CassetteError: when the folder cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise CassetteError(f"cannot write the cassette {path}: {err.strerror or err}") from err


class Cassette:
    """A cassette file and its interactions, safe to append to from many threads.

    :param path: ``.yaml``/``.yml`` (or any other suffix) is YAML, ``.json`` is JSON.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._interactions: list[Interaction] = []
        self.existed = self.path.exists()
        if self.existed:
            self._interactions = self.read(self.path)

    @staticmethod
    def read(path: Path) -> list[Interaction]:
        """The interactions in ``path``.

        :raises CassetteError: when the file cannot be read or is no cassette.
        """
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise CassetteError(f"cannot read the cassette {path}: {err.strerror or err}") from err
        return loads(text, source=str(path))

    @property
    def interactions(self) -> list[Interaction]:
        """A snapshot of the interactions, in recorded order."""
        with self._lock:
            return list(self._interactions)

    def __len__(self) -> int:
        with self._lock:
            return len(self._interactions)

    def replace_all(self, interactions: Iterable[Interaction]) -> None:
        """Forget the interactions held (not the file) and hold these instead."""
        with self._lock:
            self._interactions = list(interactions)

    def append(self, interaction: Interaction) -> int:
        """Add ``interaction`` and rewrite the file atomically; returns its index.

        :raises CassetteError: when the file cannot be written.
        """
        with self._lock:
            self._interactions.append(interaction)
            index = len(self._interactions) - 1
            self._save_locked()
        return index

    def save(self) -> None:
        """Write the interactions held to the file, atomically.

        :raises CassetteError: when the file cannot be written.
        """
        with self._lock:
            self._save_locked()

    def _save_locked(self) -> None:
        write_atomically(self.path, dumps(self._interactions, as_json=is_json_path(self.path)))
