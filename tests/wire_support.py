"""Raw HTTP for tests that write the bytes themselves."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reqres_mock import MockServer


def run_header_names(*, consumption: bool, rate_limits: Sequence[str] = ()) -> list[str]:
    """A run's ``x-ms-*`` headers in the captured order: tomasrabazo/azure-LA-logic-storage
    README (Consumption, with the execution location and the rate limits) and the
    ScoreUnder/IllogicApps traces (Standard, with neither)."""
    return [
        "x-ms-workflow-run-id",
        "x-ms-correlation-id",
        "x-ms-client-tracking-id",
        "x-ms-trigger-history-name",
        *(["x-ms-execution-location"] if consumption else []),
        "x-ms-workflow-system-id",
        "x-ms-workflow-id",
        "x-ms-workflow-version",
        "x-ms-workflow-name",
        "x-ms-tracking-id",
        *rate_limits,
        "x-ms-request-id",
    ]


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
