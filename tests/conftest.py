"""Shared fixtures: a leak check on every test, and small HTTP helpers."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest

from reqres_mock import MockServer

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _no_thread_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every thread a test starts must be gone shortly after it (bounded join, no sleep)."""
    before = set(threading.enumerate())
    yield
    keep = set()
    if "reqres_session_server" in request.fixturenames:
        session_server = request.getfixturevalue("reqres_session_server")
        keep.add(session_server._thread)
    deadline = time.monotonic() + 5.0
    for thread in threading.enumerate():
        if thread in before or thread in keep:
            continue
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    leaked = [
        t.name for t in threading.enumerate() if t not in before and t not in keep and t.is_alive()
    ]
    assert not leaked, f"threads left running after the test: {leaked}"


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A dedicated server with a fixed access key, stopped after the test."""
    with MockServer(access_key="test-key") as mock:
        yield mock
