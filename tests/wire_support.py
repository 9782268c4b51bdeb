"""Raw HTTP for tests that write the bytes themselves."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reqres_mock import MockServer


def raw_exchange(server: MockServer, data: bytes, *, timeout: float = 5.0) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def target(url: str) -> str:
    """The request target (path and query) of ``url``."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
