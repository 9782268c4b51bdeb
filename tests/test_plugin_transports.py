"""The in-process fixtures as users meet them: reqres_respx and reqres_requests, via pytester."""

from __future__ import annotations

import subprocess
import sys

pytest_plugins = ["pytester"]


def test_reqres_respx_answers_httpx_in_process_and_journals_with_the_socket(run_inner):
    result = run_inner(
        """
        import asyncio, httpx, requests
        from reqres_mock import Response, cloud_base_url

        def test_sync_and_async(reqres_respx, reqres_server):
            wf = reqres_server.add_workflow(
                "orders", base_url=cloud_base_url(region="westeurope", scale_unit="prod-12"),
                response=Response(201, headers={"Content-Type": "application/json"},
                                  body={"ok": True}),
            )
            assert wf.callback_url.startswith("https://prod-12.westeurope.logic.azure.com:443/")
            assert httpx.post(wf.callback_url, json={"id": 1}).json() == {"ok": True}

            async def main():
                async with httpx.AsyncClient() as client:
                    return await client.post(wf.callback_url, json={"id": 2})

            assert asyncio.run(main()).status_code == 201
            local = reqres_server.add_workflow("local")
            assert requests.post(local.callback_url, timeout=5).status_code == 202  # socket
            assert len(reqres_server.runs) == 3
            assert reqres_respx["logic-apps"].call_count == 2

        def test_other_hosts_fail(reqres_respx):
            httpx.get("http://example.invalid/")
        """
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*AllMockedAssertionError*example.invalid*"])


def test_pass_through_marker_and_unexpected_in_process_calls(run_inner):
    result = run_inner(
        """
        import httpx, pytest
        from reqres_mock import MockServer

        @pytest.mark.reqres(pass_through="127.0.0.1")
        def test_passes(reqres_respx):
            with MockServer() as other:
                assert httpx.get(other.url + "/x").status_code == 404
                assert len(other.calls) == 1

        def test_unknown_workflow_fails_at_teardown(reqres_respx):
            url = ("https://prod-00.westeurope.logic.azure.com/workflows/" + "0" * 32
                   + "/triggers/manual/paths/invoke?api-version=2016-10-01")
            assert httpx.post(url).status_code == 404
        """
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*UnexpectedCallError: 1 call(s) matched no workflow:*"])


def test_reqres_requests_takes_logic_apps_hosts_only(run_inner):
    result = run_inner(
        """
        import requests
        from reqres_mock import MockServer, Response

        def test_hosts(reqres_requests, reqres_server):
            cloud = reqres_server.add_workflow(
                "cloud", base_url="https://contoso.azurewebsites.net", flavor="standard",
                response=Response(200, body="in process"))
            local = reqres_server.add_workflow("local", response=Response(200, body="socket"))
            assert requests.post(cloud.callback_url, timeout=5).text == "in process"
            with requests.Session() as session:
                assert session.post(local.callback_url, timeout=5).text == "socket"
            with MockServer() as other:
                assert requests.get(other.url + "/x", timeout=5).status_code == 404
                assert len(other.calls) == 1
            assert [r.request.remote_addr for r in reqres_server.runs] == [None, "127.0.0.1"]

        def test_undone_after_the_test():
            import requests.sessions
            assert requests.Session.get_adapter is requests.sessions.Session.get_adapter
            assert requests.Session.get_adapter.__qualname__ == "Session.get_adapter"
        """
    )
    result.assert_outcomes(passed=2)


def test_loading_the_plugin_imports_no_http_client_library():
    code = (
        "import sys, pytest_reqres_mock.plugin; "
        "bad = [m for m in ('httpx', 'respx', 'requests', 'anyio', 'reqres_mock') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stdout
