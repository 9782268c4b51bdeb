"""Rejected calls keep what the client sent; big bodies never ship whole in the run history;
a standalone server resets to its start-up state."""

from __future__ import annotations

import json

import pytest
import requests

from reqres_mock import MockServer, Response

BIG = 64 * 1024 + 10


def test_a_rejected_call_keeps_its_headers_and_raw_body_in_the_admin_api(server):
    wf = server.add_workflow("orders")
    url = wf.callback_url.split("&sig=")[0]
    r = requests.post(
        url,
        data=b'{"id": 7}',
        headers={"Content-Type": "application/json", "X-Trace": "t-1", "Cookie": "a=b"},
        timeout=5,
    )
    assert r.status_code == 401
    run = requests.get(f"{server.url}/_reqres/runs", timeout=5).json()["value"][0]
    assert run["status"] == "Rejected"
    assert run["request"]["headers"]["X-Trace"] == "t-1"
    assert run["request"]["headers"]["Cookie"] == "***"  # never a secret value
    assert run["request"]["body"] == '{"id": 7}'  # raw, as sent
    assert run["request"]["bodySize"] == 9
    assert run["reply"]["code"] == "DirectApiAuthorizationRequired"
    # and in the journal: the run's request is the client's
    journalled = server.calls[0]
    assert journalled.request.body == b'{"id": 7}'
    assert journalled.error_code == "DirectApiAuthorizationRequired"
    assert journalled.error_message.startswith("The request must be authenticated only by")


def test_big_bodies_are_cut_with_their_size_and_a_link_to_the_whole_body(server):
    wf = server.add_workflow(
        "echo", response=lambda run: Response(200, body="y" * BIG, headers={"X": "1"})
    )
    big = json.dumps({"data": "x" * BIG})
    r = requests.post(
        wf.callback_url, data=big, headers={"Content-Type": "application/json"}, timeout=5
    )
    assert r.status_code == 200
    listing = requests.get(f"{server.url}/_reqres/runs", timeout=5)
    assert len(listing.content) < 64 * 1024  # previews of 4 KiB, never the bodies
    run = listing.json()["value"][0]
    shown = run["request"]["body"]
    assert shown["$truncated"] is True
    assert shown["size"] == len(big)
    assert len(shown["preview"]) == 4 * 1024
    assert run["triggerOutputs"]["body"]["href"] == shown["href"]
    whole = requests.get(server.url + shown["href"], timeout=5)
    assert whole.content == big.encode()
    assert whole.headers["Content-Type"] == "application/json"
    reply = run["reply"]["body"]
    assert reply["size"] == BIG
    assert requests.get(server.url + reply["href"], timeout=5).text == "y" * BIG
    page = requests.get(server.inspector_url, timeout=5).text
    assert len(page) < 64 * 1024
    assert f'href="{shown["href"]}"' in page


def test_a_missing_run_body_is_404(server):
    r = requests.get(f"{server.url}/_reqres/runs/nope/request/body", timeout=5)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "RunNotFound"


def test_the_page_row_shows_the_error_code_and_a_rejected_call_fired_no_trigger(server):
    wf = server.add_workflow("orders")
    requests.post(wf.callback_url.split("&sig=")[0], data="hello", timeout=5)
    page = requests.get(server.inspector_url, timeout=5).text
    summary = page[page.index("<summary>") : page.index("</summary>")]
    assert '<code class="code">DirectApiAuthorizationRequired</code>' in summary
    assert 'data-action="trigger" data-status="Failed"' in page
    assert 'data-status="Succeeded"' not in page
    assert "<h3>Request</h3>" in page
    assert "hello" in page


def test_reset_keep_loaded_returns_to_the_start_up_workflows(server, tmp_path):
    loaded = server.add_workflow("from-file", response=Response(200, body="file"))
    server.mark_loaded([loaded])
    server.add_workflow("added", response=Response(200))
    server.add_workflow("from-file", response=Response(200, body="replaced"))
    requests.post(server.workflow("added").callback_url, timeout=5)
    r = requests.post(f"{server.url}/_reqres/reset?keep=loaded", timeout=5)
    assert r.status_code == 204
    assert [w.name for w in server.workflows] == ["from-file"]
    assert server.calls == []
    assert requests.post(loaded.callback_url, timeout=5).text == "file"
    bad = requests.post(f"{server.url}/_reqres/reset?keep=all", timeout=5)
    assert bad.status_code == 400


@pytest.mark.parametrize("keep", [False, True])
def test_reset_without_loaded_workflows_forgets_everything(keep):
    with MockServer() as server:
        server.add_workflow("x")
        server.reset(keep_loaded=keep)
        assert server.workflows == []
