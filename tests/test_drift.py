"""verify: replay a cassette against a live endpoint (two of our own mocks, one changed) and
report drift; the record, verify and serve --replay verbs of the command line."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from reqres_mock import MockServer, Response
from reqres_mock.cassettes.drift import verify
from reqres_mock.cli.main import main

if TYPE_CHECKING:
    from collections.abc import Iterator

EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


def orders_workflow(server: MockServer, *, changed: bool = False):
    def answer(run):
        body = run.trigger_outputs.get("body") or {}
        payload = {"id": body.get("id"), "status": "accepted", "items": [{"sku": "A"}]}
        headers = {"Content-Type": "application/json", "x-api-flavour": "v1"}
        if changed:
            payload["status"] = "queued"
            payload["items"] = []
            headers = {"Content-Type": "application/json", "x-api-flavour-2": "v2"}
        return Response(200 if changed else 201, headers=headers, body=payload)

    return server.add_workflow("orders", response=answer)


@pytest.fixture
def recorded(tmp_path) -> Iterator[tuple[Path, str]]:
    """A cassette of two calls, recorded from a mock that stays up; its callback URL."""
    cassette = tmp_path / "orders.yaml"
    with MockServer(access_key="shared") as real:
        wf = orders_workflow(real)
        with MockServer(record_to=cassette, target=wf.callback_url) as proxy:
            for i in (1, 2):
                requests.post(proxy.interceptor.url, json={"id": i}, timeout=5)
        yield cassette, wf.callback_url


def test_no_drift_against_the_same_endpoint(recorded):
    cassette, url = recorded
    report = verify(cassette, url)
    assert not report.drifted and not report.errors
    assert report.render().endswith("no drift in 2 interaction(s)")


def test_drift_is_reported_per_interaction_with_json_paths(recorded):
    cassette, _ = recorded
    with MockServer(access_key="shared") as other:
        wf = orders_workflow(other, changed=True)
        report = verify(cassette, wf.callback_url)
    assert report.drifted
    text = report.render()
    assert "#0 POST /workflows/" in text and ": DRIFT" in text
    assert "status: recorded 201, now 200" in text
    assert "header removed: x-api-flavour" in text
    assert "header added: x-api-flavour-2" in text
    assert 'body $.status: recorded "accepted", now "queued"' in text
    assert 'body $.items[0]: recorded {"sku": "A"}, now missing' in text
    assert text.endswith("2 of 2 interaction(s) drifted")


def test_the_target_signature_replaces_the_scrubbed_one(recorded):
    """A base URL gives no sig: the live endpoint refuses the call, which is drift too."""
    cassette, url = recorded
    base = url.split("/workflows/")[0]
    report = verify(cassette, base)
    assert report.drifted
    assert "status: recorded 201, now 401" in report.render()
    assert "query 'sig' was scrubbed and the target URL has none" in report.render()


def test_verify_command_exit_codes(recorded, capsys):
    cassette, url = recorded
    assert main(["verify", "--cassette", str(cassette), "--target", url]) == 0
    assert "no drift" in capsys.readouterr().out
    with MockServer(access_key="shared") as other:
        changed = orders_workflow(other, changed=True).callback_url
        assert main(["verify", "--cassette", str(cassette), "--target", changed]) == 1
    assert "DRIFT" in capsys.readouterr().out
    with MockServer() as gone:
        dead = gone.url
    assert main(["verify", "--cassette", str(cassette), "--target", dead]) == 2
    assert "no reply" in capsys.readouterr().out


def test_command_errors_are_one_line_exit_2(tmp_path, capsys):
    missing = tmp_path / "none.yaml"
    assert main(["verify", "--cassette", str(missing), "--target", "http://127.0.0.1:9"]) == 2
    assert "cannot read the cassette" in capsys.readouterr().err
    assert main(["serve"]) == 2
    assert "serve needs workflow PATH(s), --replay CASSETTE, or both" in capsys.readouterr().err
    assert main(["serve", "x.json", "--replay-timing"]) == 2
    assert "need --replay" in capsys.readouterr().err


def test_installed_record_then_serve_replay_end_to_end(tmp_path):
    cassette = tmp_path / "cli.yaml"
    with MockServer(access_key="shared") as real:
        wf = orders_workflow(real)
        process = subprocess.Popen(
            [str(EXECUTABLE), "record", "--target", wf.callback_url, "--cassette", str(cassette)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None and process.stderr is not None
            name, method, url = process.stdout.readline().split()
            assert (name, method) == ("cli", "*")
            assert requests.post(url, json={"id": 3}, timeout=5).json()["id"] == 3
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
            assert "recorded 1 interaction(s)" in process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=5)
            process.stdout.close()
            process.stderr.close()
    assert wf.callback_url.split("sig=")[1] not in cassette.read_text()
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", "--replay", str(cassette)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        name, method, url = process.stdout.readline().split()
        assert (name, method) == ("cli", "POST") and "sig=REDACTED" in url
        reply = requests.post(url, json={"id": 3}, timeout=5)
        assert (reply.status_code, reply.json()["id"]) == (201, 3)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()


def test_verify_says_when_it_ignores_the_targets_path(recorded):
    cassette, _ = recorded
    with MockServer(access_key="shared") as live:
        orders_workflow(live)
        elsewhere = live.add_workflow("elsewhere").callback_url
        report = verify(cassette, elsewhere)
    assert "the target URL's path /workflows/" in report.render()
    assert "is ignored (only its scheme, host and sig are used)" in report.render()
