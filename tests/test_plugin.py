"""The pytest plugin as users meet it: installed, no conftest, run through pytester."""

from __future__ import annotations

import subprocess
import sys

pytest_plugins = ["pytester"]


def test_fixture_is_available_without_conftest(run_inner):
    result = run_inner(
        """
        import requests
        from reqres_mock import Response

        def test_order(reqres_server):
            wf = reqres_server.add_workflow(
                "orders", method="POST", relative_path="/orders/{id}",
                response=Response(201, headers={"Content-Type": "application/json"},
                                  body={"ok": True}),
            )
            r = requests.post(wf.url(id=7), json={"id": 7}, timeout=5)
            assert r.status_code == 201
            run = wf.wait_for_runs(1, timeout=5)[0]
            assert run.trigger_outputs["body"]["id"] == 7
            assert run.trigger_outputs["relativePathParameters"] == {"id": "7"}
        """
    )
    result.assert_outcomes(passed=1)


def test_workflows_and_runs_are_reset_between_tests(run_inner):
    result = run_inner(
        """
        import requests

        def test_first(reqres_server):
            wf = reqres_server.add_workflow("orders")
            requests.post(wf.callback_url, timeout=5)
            assert len(reqres_server.runs) == 1

        def test_second(reqres_server):
            assert reqres_server.workflows == []
            assert reqres_server.calls == []
        """
    )
    result.assert_outcomes(passed=2)


def test_unexpected_calls_fail_the_test_with_near_misses(run_inner):
    result = run_inner(
        """
        import requests

        def test_wrong_path(reqres_server):
            wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}")
            url = wf.url(id=1).replace("/orders/1?", "/orders?")
            assert requests.post(url, timeout=5).status_code == 404
        """
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*UnexpectedCallError: 1 call(s) matched no workflow:",
            "*POST /workflows/*/triggers/manual/paths/invoke/orders?*sig=[*][*][*] -> 404 "
            "TriggerRelativePathNotFound",
            "*Closest: 'orders' expects relativePath /orders/{id} (path has 1 segment, needs 2)",
        ]
    )


def test_allow_unexpected_marker_opts_out(run_inner):
    result = run_inner(
        """
        import pytest, requests

        @pytest.mark.reqres(allow_unexpected=True)
        def test_probe(reqres_server):
            requests.post(reqres_server.url + "/nothing", timeout=5)
            assert len(reqres_server.unmatched) == 1
        """
    )
    result.assert_outcomes(passed=1)


def test_marker_timeout_gives_504(run_inner):
    result = run_inner(
        """
        import pytest, requests
        from reqres_mock import Response

        @pytest.mark.reqres(timeout=0.1)
        def test_slow(reqres_server):
            wf = reqres_server.add_workflow("slow", response=Response(200))
            with wf.gate():
                assert requests.post(wf.callback_url, timeout=5).status_code == 504

        def test_default_restored(reqres_server):
            assert reqres_server.config.timeout is None
        """
    )
    result.assert_outcomes(passed=2)


def test_command_line_option_sets_the_timeout(run_inner):
    source = """
        def test_timeout(reqres_server):
            assert reqres_server.config.timeout == 7.5
        """
    run_inner(source, "--reqres-timeout", "7.5").assert_outcomes(passed=1)


def test_ini_sets_timeout_flavor_and_reminders(run_inner, pytester):
    pytester.makeini(
        """
        [pytest]
        reqres_timeout = 3
        reqres_flavor = standard
        reqres_reminders = ignore
        """
    )
    result = run_inner(
        """
        def test_settings(reqres_server):
            assert reqres_server.config.timeout == 3
            assert reqres_server.add_workflow("x").flavor.value == "standard"
            assert reqres_server.config.reminders.value == "ignore"
        """
    )
    result.assert_outcomes(passed=1)


def test_reminders_are_reported_as_warnings(run_inner):
    result = run_inner(
        """
        import requests

        def test_no_content_type(reqres_server):
            wf = reqres_server.add_workflow("orders", schema={"type": "object"})
            requests.post(wf.callback_url, data=b"{}", timeout=5)
        """
    )
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*SchemaReminder*Content-Type*"])


def test_reminders_can_fail_the_test_through_the_marker(run_inner):
    result = run_inner(
        """
        import pytest, requests

        @pytest.mark.reqres(reminders="error")
        def test_no_content_type(reqres_server):
            wf = reqres_server.add_workflow("orders", schema={"type": "object"})
            requests.post(wf.callback_url, data=b"{}", timeout=5)
        """
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ReminderError*Content-Type*"])


def test_server_thread_errors_fail_the_test(run_inner):
    result = run_inner(
        """
        import requests

        def test_broken_callable(reqres_server):
            def broken(run):
                raise ValueError("oops in callable")
            wf = reqres_server.add_workflow("orders", response=broken)
            assert requests.post(wf.callback_url, timeout=5).status_code == 502
        """
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ServerThreadError*ValueError: oops in callable*"])


def test_unknown_marker_options_are_errors(run_inner):
    result = run_inner(
        """
        import pytest

        @pytest.mark.reqres(timout=1)
        def test_typo(reqres_server):
            pass
        """
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option(s) [[]'timout'[]]*"])


def test_marker_is_registered_for_strict_markers(run_inner):
    result = run_inner(
        """
        import pytest

        @pytest.mark.reqres(timeout=2)
        def test_marked(reqres_server):
            assert reqres_server.config.timeout == 2
        """,
        "--strict-markers",
    )
    result.assert_outcomes(passed=1)


def test_works_under_xdist_with_a_server_per_worker(pytester):
    pytester.makepyfile(
        test_inner="""
        import os, requests, pytest

        @pytest.mark.parametrize("n", range(6))
        def test_call(reqres_server, n):
            wf = reqres_server.add_workflow(f"wf{n}")
            assert requests.post(wf.callback_url, timeout=5).status_code == 202
            assert len(reqres_server.runs) == 1
            print("PORT", os.environ.get("PYTEST_XDIST_WORKER"), reqres_server.port)
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def test_https_fixtures_serve_tls_1_2_and_reset_between_tests(run_inner):
    result = run_inner(
        """
        import ssl, pytest, requests

        def test_call(reqres_https_server, reqres_ca):
            wf = reqres_https_server.add_workflow("orders")
            assert wf.callback_url.startswith("https://")
            r = requests.post(wf.callback_url, verify=reqres_ca.requests_verify, timeout=5)
            assert r.status_code == 202
            with pytest.raises(requests.exceptions.SSLError):
                requests.post(wf.callback_url, timeout=5)
            [refused] = reqres_https_server.wait_for_rejected_connections(1)
            assert refused.offered_version == ssl.TLSVersion.TLSv1_3

        def test_clean(reqres_https_server, reqres_server):
            assert reqres_https_server.rejected_connections == []
            assert reqres_https_server.runs == []
            assert reqres_server.url.startswith("http://")
        """
    )
    result.assert_outcomes(passed=2)


def test_a_test_calling_a_static_workflow_loads_none_of_the_optional_layers(run_inner):
    # The fixture's first use imports reqres_mock; what a plain call does not need stays
    # unloaded (each of these cost the first test of a session 5-45 ms): the expression parser
    # (lark), record and replay (PyYAML), the admin API, the TLS modules, the schema tools.
    result = run_inner(
        """
        import sys
        import requests
        from reqres_mock import Response

        def test_call(reqres_server):
            wf = reqres_server.add_workflow(
                "orders", response=Response(200, headers={"Content-Type": "application/json"},
                                            body={"ok": True}))
            assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 200
            assert wf.wait_for_runs(1, timeout=5)[0].status.value == "Succeeded"
            unwanted = ("lark", "yaml", "reqres_mock.admin.api", "reqres_mock.cassettes",
                        "reqres_mock.server.tls", "reqres_mock.server.handshake",
                        "reqres_mock.schematools.samples")
            assert [m for m in unwanted if m in sys.modules] == []

        def test_the_lazy_layers_load_when_used(reqres_server):
            import reqres_mock
            assert reqres_mock.CassetteSession.__module__ == "reqres_mock.cassettes.session"
            assert reqres_mock.TlsProfile.__module__ == "reqres_mock.server.tls"
            (wf,) = reqres_server.add_definition("echo", {
                "triggers": {"manual": {"type": "Request", "kind": "Http"}},
                "actions": {"Response": {"type": "Response", "inputs": {
                    "statusCode": 200, "body": "@{add(triggerBody()['n'], 1)}"}}}})
            assert requests.post(wf.callback_url, json={"n": 7}, timeout=5).text == "8"
            assert requests.get(reqres_server.url + "/_reqres/workflows", timeout=5).ok
            assert {"lark", "reqres_mock.admin.api"} <= set(sys.modules)
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=2)


def test_loading_the_plugin_imports_neither_werkzeug_nor_jsonschema():
    code = (
        "import sys, pytest_reqres_mock.plugin; "
        "bad = [m for m in ('werkzeug', 'jsonschema', 'reqres_mock', 'trustme') "
        "if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stdout
