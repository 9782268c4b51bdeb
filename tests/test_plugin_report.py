"""Failures that explain themselves: the "reqres-mock calls" report section and short teardown
failures, as users see them (pytester, the plugin from its entry point)."""

from __future__ import annotations

import re
from pathlib import Path

pytest_plugins = ["pytester"]


def test_a_failed_test_shows_the_calls_the_mock_rejected(run_inner):
    """A client that drops ``sig`` fails with a bare ``401 Client Error``; the report section
    says what the mock answered and why."""
    result = run_inner(
        """
        import requests

        def test_client_drops_sig(reqres_server):
            wf = reqres_server.add_workflow("orders")
            url = wf.callback_url.split("&sig=")[0]
            requests.post(url, json={}, timeout=5).raise_for_status()
        """
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- reqres-mock calls -*",
            "1 call(s) rejected or unmatched:",
            "  POST /workflows/*/triggers/manual/paths/invoke?api-version=2016-10-01&sp=*&sv=1.0"
            " -> 401 DirectApiAuthorizationRequired",
            "    The request must be authenticated only by Shared Access scheme.",
        ]
    )


def test_the_report_hides_the_signature_and_lists_near_misses(run_inner):
    result = run_inner(
        """
        import requests

        def test_wrong_path(reqres_server):
            wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}")
            url = wf.url(id=1).replace("/orders/1?", "/orders?")
            assert requests.post(url, timeout=5).status_code == 201
        """
    )
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*- reqres-mock calls -*",
            "  POST /workflows/*/orders?*sig=[*][*][*] -> 404 TriggerRelativePathNotFound",
            "    *",
            "    Closest: 'orders' expects relativePath /orders/{id} (path has 1 segment, needs 2)",
        ]
    )
    # The report section and the teardown error show the signature masked. (pytest's own
    # assertion report shows the URL the test built, signature included: the user's code.
    # Checking the whole output for "sig=x" failed whenever the signature began with x.)
    output = result.stdout.str()
    section = output[output.index("reqres-mock calls") : output.index("short test summary")]
    assert "sig=***" in section
    assert re.search(r"sig=(?!\*\*\*)", section) is None
    calls = [line for line in output.splitlines() if "-> 404 TriggerRelativePathNotFound" in line]
    assert len(calls) >= 2 and all("sig=***" in line for line in calls)  # section, teardown


def test_a_passing_test_or_one_without_rejections_has_no_section(run_inner):
    result = run_inner(
        """
        import requests

        def test_ok(reqres_server):
            wf = reqres_server.add_workflow("orders")
            assert requests.post(wf.callback_url, timeout=5).status_code == 202

        def test_fails_otherwise(reqres_server):
            wf = reqres_server.add_workflow("orders")
            assert requests.post(wf.callback_url, timeout=5).status_code == 200
        """
    )
    result.assert_outcomes(passed=1, failed=1)
    assert "reqres-mock calls" not in result.stdout.str()


def test_teardown_failures_show_the_diagnosis_not_the_plugin_source(run_inner):
    result = run_inner(
        """
        import requests
        from reqres_mock import Response

        def test_unmatched(reqres_server):
            requests.post(reqres_server.url + "/nowhere", timeout=5)

        def test_callable_raised(reqres_server):
            def broken(run):
                raise RuntimeError("boom in the Response callable")
            wf = reqres_server.add_workflow("orders", response=broken)
            requests.post(wf.callback_url, timeout=5)
        """
    )
    result.assert_outcomes(passed=2, errors=2)
    out = result.stdout.str()
    assert "UnexpectedCallError: 1 call(s) matched no workflow" in out
    assert "ServerThreadError: 1 error(s) raised inside the mock server" in out
    assert "boom in the Response callable" in out  # the cause stays visible
    # neither the plugin's nor the engine's source is printed
    assert "yield from _facade" not in out
    assert "server.assert_no_unexpected_calls()" not in out
    assert "raise UnexpectedCallError" not in out
    assert "raise ServerThreadError" not in out


def property_based_example() -> str:
    """The README's property-based test, verbatim."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Property-based tests**") :]
    return section[section.index("```python\n") + 10 : section.index("```\n", 10)]


def test_the_readmes_hypothesis_example_passes_with_the_fixture(run_inner, monkeypatch):
    """``@given`` with ``reqres_server``, as the README shows it: no health-check failure, and
    every example's body reaches the mock."""
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:schemathesis")  # Hypothesis' plugin stays on
    source = property_based_example()
    assert "requests.post(wf.callback_url, json=body" in source
    run_inner(source).assert_outcomes(passed=1)
    # without the suppression, the health check fails the test: why the README shows it
    unsuppressed = source.replace(
        "@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)",
        "@settings(max_examples=20)",
    )
    failed = run_inner(unsuppressed)
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(["*uses a function-scoped fixture 'reqres_server'*"])


def test_a_missing_cassette_under_the_marker_advises_the_record_target_variable(run_inner):
    result = run_inner(
        """
        import pytest

        @pytest.mark.reqres_cassette("missing", record_mode="once")
        def test_replayed(reqres_server):
            pass
        """
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*would be recorded*set REQRES_RECORD_TARGET=*"])
