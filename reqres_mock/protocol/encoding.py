"""Content-Encoding of replies: Consumption gzips a Response action's reply when the caller
accepts gzip (``Content-Encoding: gzip``, ``Vary: Accept-Encoding``), as captured in
JanneMattila/some-questions-and-some-answers ``q&a/la_sync_or_async_http_processing.http`` and
tomasrabazo/azure-LA-logic-storage ``README.md``. Error bodies and 202 run resources are not.
"""

from __future__ import annotations

import gzip
from dataclasses import replace

from reqres_mock.exchange import Headers, Reply


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


def encode_reply(reply: Reply, accept_encoding: str | None) -> Reply:
    """``reply`` gzipped for the wire when it is compressible, has a body, sets no encoding of
    its own and the caller accepts gzip; else ``reply`` unchanged."""
    if (
        not reply.compressible
        or not reply.body
        or "Content-Encoding" in reply.headers
        or not accepts_gzip(accept_encoding)
    ):
        return reply
    fields = [
        *reply.headers.items_list(),
        ("Content-Encoding", "gzip"),
        ("Vary", "Accept-Encoding"),
    ]
    return replace(reply, headers=Headers(fields), body=gzip.compress(reply.body, mtime=0))
