"""A plain request head, parsed without the email package.

``http.server`` reads header fields through ``email.parser`` (a feed parser built for MIME
messages): about a third of what the mock spends on a small call before the engine sees it.
:func:`parse_plain_head` parses the common case itself, a well-formed ``HTTP/1.1`` head
already in the read buffer, and gives the same command, path and fields that ``http.server``
would. Anything else (another version, an absolute or ``//`` target, folded or malformed
fields, bytes that the email parser takes for line breaks, 100 fields or more, long lines,
a head not yet wholly received) returns ``None``, and ``http.server`` parses it as before,
with its own errors (400, 431, 505).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: RFC 9110 ``token``: a method or a field name.
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: A request target this path takes: origin form, printable ASCII, not starting ``//``
#: (``http.server`` collapses leading slashes; it parses those itself).
_TARGET = re.compile(rb"/(?!/)[!-~]*")
#: Bytes that end a line for ``str.splitlines`` (which the email parser uses) besides CR and
#: LF: inside a field value they would split it there, so such heads take the slow path.
_LINE_BREAKS = re.compile(rb"[\r\n\x0b\x0c\x1c\x1d\x1e\x85]")
#: ``http.client``'s limits: 100 lines counting the blank one (so 99 fields; the 100th gets
#: 431 there), 65,536 bytes a line (kept well below here).
_MAX_FIELDS = 99
_MAX_LINE = 8192


@dataclass(frozen=True, slots=True)
class PlainHead:
    """What ``http.server`` would have parsed: request line parts and the fields in order."""

    command: str
    path: str
    requestline: str
    fields: list[tuple[str, str]]
    #: Bytes the head takes in the buffer, with its blank line.
    size: int

    def first(self, name: str) -> str:
        """The first field called ``name`` (any case), or "" (``Message.get`` semantics)."""
        lowered = name.lower()
        return next((value for key, value in self.fields if key.lower() == lowered), "")


def parse_plain_head(requestline: bytes, buffered: bytes) -> PlainHead | None:
    """The head of an ``HTTP/1.1`` request whose ``requestline`` was read and whose fields
    and blank line are all in ``buffered``; ``None`` when ``http.server`` must parse it."""
    if not requestline.endswith(b"\r\n"):
        return None
    parts = requestline[:-2].split(b" ")
    if len(parts) != 3 or parts[2] != b"HTTP/1.1":
        return None
    method, target = parts[0], parts[1]
    if _TOKEN.fullmatch(method) is None or _TARGET.fullmatch(target) is None:
        return None
    if buffered.startswith(b"\r\n"):
        head, size = b"", 2
    else:
        end = buffered.find(b"\r\n\r\n")
        if end < 0:
            return None
        head, size = buffered[:end], end + 4
    fields: list[tuple[str, str]] = []
    if head:
        lines = head.split(b"\r\n")
        if len(lines) > _MAX_FIELDS:
            return None
        for line in lines:
            if len(line) > _MAX_LINE or _LINE_BREAKS.search(line) is not None:
                return None
            name, colon, value = line.partition(b":")
            if not colon or _TOKEN.fullmatch(name) is None:
                return None
            # The email parser's compat32 policy: leading blanks dropped, trailing kept.
            fields.append((name.decode("ascii"), value.decode("latin-1").lstrip(" \t")))
    return PlainHead(
        command=method.decode("ascii"),
        path=target.decode("ascii"),
        requestline=requestline[:-2].decode("ascii"),
        fields=fields,
        size=size,
    )
