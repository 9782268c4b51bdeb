"""How a reply goes on the wire: its encoding and its framing.

Consumption gzips a Response action's 200 reply when the caller accepts gzip and streams it:
``Transfer-Encoding: chunked``, ``Content-Encoding: gzip``, ``Vary: Accept-Encoding``, no
``Content-Length`` (JanneMattila/some-questions-and-some-answers
``q&a/la_sync_or_async_http_processing.http``: two 200s; tomasrabazo/azure-LA-logic-storage
``README.md``: a 200). Other statuses go plain with a ``Content-Length``, even to a caller that
accepts gzip: the same capture's 201 and 404 Response replies (``Accept-Encoding: gzip,deflate``),
and the 202 run resource and the 502 error of the first.
"""

from __future__ import annotations

import codecs
import gzip
from dataclasses import replace

from reqres_mock.exchange import Headers, Reply, Writer
from reqres_mock.protocol.headers import in_front_end_order
from reqres_mock.protocol.kestrel import in_kestrel_order


def text_codec(charset: str) -> str | None:
    """Python's codec for a charset name, or ``None`` when it knows none or the one it knows
    is no text encoding (``rot13``, ``hex``, ``base64`` turn text into text or bytes into
    bytes: decoding a body with them raises)."""
    try:
        found = codecs.lookup(charset).name
        "a".encode(found)
        b"a".decode(found, "replace")  # idna takes no error handler; 'undefined' refuses all
    except (LookupError, UnicodeError):
        return None
    return found


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip`` or ``*`` with q > 0)."""
    if not accept_encoding:
        return False
    for item in accept_encoding.split(","):
        coding, *params = (p.strip() for p in item.split(";"))
        if coding.lower() not in ("gzip", "x-gzip", "*"):
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            return True
    return False


#: Statuses whose replies have no body and no ``Content-Length`` (RFC 9110).
NO_BODY_STATUSES = frozenset({204, 304})
#: The one status the front end compresses (see the module's evidence).
_COMPRESSED_STATUS = 200


def encode_reply(reply: Reply, accept_encoding: str | None, *, chunks: bool = True) -> Reply:
    """``reply`` gzipped for the wire when it is compressible, a 200 with a body and no
    encoding of its own, and the caller accepts gzip; else ``reply`` unchanged. It goes in
    chunks unless ``chunks`` is false (an HTTP/1.0 caller: RFC 9112 section 6.1 allows
    ``Transfer-Encoding`` only in a reply to HTTP/1.1; it gets a ``Content-Length``)."""
    if (
        not reply.compressible
        or reply.status != _COMPRESSED_STATUS
        or not reply.body
        or "Content-Encoding" in reply.headers
        or not accepts_gzip(accept_encoding)
    ):
        return reply
    fields = [
        *reply.headers.items_list(),
        ("Content-Encoding", "gzip"),
        ("Vary", "Accept-Encoding"),
        *([("Transfer-Encoding", "chunked")] if chunks else []),
    ]
    return replace(reply, headers=Headers(fields), body=gzip.compress(reply.body, mtime=0))


def framing(reply: Reply, date: str, *, close: bool = False) -> tuple[list[tuple[str, str]], bool]:
    """The header fields a client reads for ``reply`` sent at ``date`` (an HTTP date), and
    whether its body goes in chunks.

    ``reply``'s own fields and a ``Content-Length`` (unless the reply is chunked or has no body
    by its status), in the order its :attr:`~reqres_mock.exchange.Reply.writer` writes them: the
    Consumption front end's, ``Date`` last
    (:func:`~reqres_mock.protocol.headers.in_front_end_order`), Kestrel's
    (:func:`~reqres_mock.protocol.kestrel.in_kestrel_order`), or the mock's, ``Date`` first.
    ``close`` adds ``Connection: close`` where each server writes it: HTTP.sys after ``Date``
    (JanneMattila's captures), Kestrel among its primary headers, the mock's own last. A
    ``Date`` or ``Connection`` the reply has already is not added again.
    """
    fields = reply.headers.items_list()
    chunked = ("Transfer-Encoding", "chunked") in fields  # Responses cannot set it: dropped
    if not chunked and reply.status not in NO_BODY_STATUSES:
        fields.append(("Content-Length", str(len(reply.body))))
    # A Date or Connection of the reply's own (a Response may set them) replaces the server's,
    # as Kestrel does (it writes its own only when the application set none).
    own = {name.lower() for name, _ in fields}
    dated = [] if "date" in own else [("Date", date)]
    connection = [("Connection", "close")] if close and "connection" not in own else []
    if reply.writer is Writer.FRONT_END:
        return [*in_front_end_order(fields), *dated, *connection], chunked
    if reply.writer is Writer.KESTREL:
        return in_kestrel_order([*fields, *dated, *connection]), chunked
    return [*dated, *fields, *connection], chunked


def in_chunks(body: bytes) -> bytes:
    """``body`` as a chunked message body: one chunk and the last, empty one."""
    return b"%x\r\n%b\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
