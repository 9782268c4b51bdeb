"""Shared fixtures: a leak check on every test, and small HTTP helpers."""

from __future__ import annotations

import re
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
    # The session server's own threads (its serving loop and the keep-alive connections that
    # clients still hold open) belong to the session; they end when the session server stops.
    session_prefixes = tuple(
        f"reqres-mock-server-{request.getfixturevalue(name).port}"
        for name in ("reqres_session_server", "reqres_https_session_server")
        if name in request.fixturenames
    )
    # So do the threads of any server that was already serving before the test began (a
    # session server's dispatcher may grow its pool while another test runs, to close the
    # keep-alive connections an earlier test left behind).
    session_prefixes += tuple(
        f"{match.group(0)}-"
        for match in (re.match(r"reqres-mock-server-\d+", t.name) for t in before)
        if match is not None
    )

    def ours(thread: threading.Thread) -> bool:
        return thread not in before and not thread.name.startswith(session_prefixes)

    deadline = time.monotonic() + 5.0
    for thread in [t for t in threading.enumerate() if ours(t)]:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    leaked = [t.name for t in threading.enumerate() if ours(t) and t.is_alive()]
    assert not leaked, f"threads left running after the test: {leaked}"


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A dedicated server with a fixed access key, stopped after the test."""
    with MockServer(access_key="test-key") as mock:
        yield mock


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytester whose inner runs skip the schemathesis and hypothesis plugins.

    Those dev dependencies (for the admin API test) cost seconds at every pytest start-up and
    the inner runs never use them.
    """
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:schemathesis -p no:hypothesispytest")
    return pytester


@pytest.fixture
def run_inner(pytester: pytest.Pytester):
    """Run a test file as users run it: pytest in a subprocess, the plugin from its entry point
    (in-process runs re-import requests and clash)."""

    def run(source: str, *args: str) -> pytest.RunResult:
        pytester.makepyfile(test_inner=source)
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)

    return run
