"""The reqres_cassette marker as users meet it, through pytester."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# The "real Logic App" lives in the inner session's conftest; its URL is in $REAL_TARGET.
CONFTEST = """
import os
from reqres_mock import MockServer, Response

_real = MockServer(access_key="cloud").start()
_wf = _real.add_workflow("orders", response=lambda run: Response(
    201, body={"id": (run.trigger_outputs.get("body") or {}).get("id")}))
os.environ["REAL_TARGET"] = _wf.callback_url

def pytest_unconfigure(config):
    _real.stop()
"""

TESTS = """
import os
import pytest
import requests

TARGET = os.environ.get("RECORD") and os.environ["REAL_TARGET"]

@pytest.mark.reqres_cassette("orders", target=TARGET)
def test_orders(reqres_cassette):
    r = requests.post(reqres_cassette.url, json={"id": int(os.environ.get("ID", "1"))}, timeout=5)
    assert r.status_code == 201
"""


@pytest.fixture
def inner(pytester: pytest.Pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=TESTS)

    def run(*args: str) -> pytest.RunResult:
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)

    return run


def test_once_records_then_replays_without_the_target(inner, pytester, monkeypatch):
    monkeypatch.setenv("RECORD", "1")
    inner().assert_outcomes(passed=1)
    cassette = pytester.path / "cassettes" / "orders.yaml"
    recorded = cassette.read_text()
    assert "sig=REDACTED" in recorded and '{"id": 1}' in recorded
    monkeypatch.delenv("RECORD")
    inner().assert_outcomes(passed=1)  # replayed: no target needed
    assert cassette.read_text() == recorded


def test_an_unmatched_replay_fails_the_test_with_the_closest_interaction(
    inner, pytester, monkeypatch
):
    pytester.makeini("[pytest]\nreqres_cassette_dir = tapes\n")
    monkeypatch.setenv("RECORD", "1")
    inner().assert_outcomes(passed=1)
    assert (pytester.path / "tapes" / "orders.yaml").exists()
    monkeypatch.delenv("RECORD")
    monkeypatch.setenv("ID", "2")
    result = inner("--reqres-record-mode", "none")
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*UnexpectedCallError: 1 call(s) matched no workflow:",
            "*-> 404 CassetteInteractionNotFound",
            "*Closest: cassette orders.yaml #0 POST /workflows/*(same method, path, query; "
            "differs in body):",
            "*body $.id: recorded 1, got 2",
        ]
    )


def test_marker_mistakes_are_clear_errors(pytester):
    pytester.makepyfile(
        test_inner="""
import pytest

@pytest.mark.reqres_cassette("missing")
def test_needs_target(reqres_server):
    pass

@pytest.mark.reqres_cassette("missing", colour="red")
def test_unknown_option(reqres_server):
    pass

def test_fixture_needs_marker(reqres_cassette):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines_random(
        [
            "*missing.yaml does not exist yet and would be recorded*no target is set*",
            "*got unknown option(s)*colour*",
            "*needs @pytest.mark.reqres_cassette*",
        ]
    )
