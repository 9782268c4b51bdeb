"""Our cassettes drive a client-side vcrpy test; vcrpy's cassettes drive our replay."""

from __future__ import annotations

import pytest
import requests

from reqres_mock import MockServer, Response

vcr = pytest.importorskip("vcr")


def test_vcrpy_replays_a_cassette_we_recorded(tmp_path):
    cassette = tmp_path / "ours.yaml"
    with MockServer(access_key="cloud") as real:
        wf = real.add_workflow("orders", response=Response(201, body={"id": 7, "ok": True}))
        with MockServer(record_to=cassette, target=wf.callback_url) as proxy:
            url = proxy.interceptor.url
            assert requests.post(url, json={"id": 7}, timeout=5).status_code == 201
    # vcrpy matches on the recorded host (the real one, now stopped); the sig was scrubbed.
    with vcr.use_cassette(str(cassette), record_mode="none", match_on=["method", "path"]):
        reply = requests.post(wf.callback_url, json={"id": 7}, timeout=5)
    assert reply.status_code == 201
    assert reply.json() == {"id": 7, "ok": True}
    assert "x-ms-workflow-run-id" in reply.headers


def test_we_replay_a_cassette_vcrpy_recorded(tmp_path):
    cassette = tmp_path / "theirs.yaml"
    with MockServer(access_key="cloud") as real:
        wf = real.add_workflow(
            "orders", response=lambda run: Response(200, body={"echo": run.trigger_outputs["body"]})
        )
        with vcr.use_cassette(str(cassette), record_mode="all", filter_query_parameters=["sig"]):
            recorded = requests.post(wf.callback_url, json={"n": 1}, timeout=5)
    assert wf.callback_url.split("sig=")[1] not in cassette.read_text()
    with MockServer(replay=cassette) as replay:
        local = replay.interceptor.url
        reply = requests.post(local + "&sig=anything", json={"n": 1}, timeout=5)
        replay.assert_no_unexpected_calls()
    assert reply.status_code == 200
    assert reply.json() == recorded.json() == {"echo": {"n": 1}}
    assert reply.headers["x-ms-workflow-run-id"] == recorded.headers["x-ms-workflow-run-id"]
