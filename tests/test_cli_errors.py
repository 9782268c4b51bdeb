"""The command line without holes: every bad argument is one line on stderr and exit 2, and the
small things a newcomer reaches for (--version, JSON-only logs, validate's parse errors)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from reqres_mock.cli.main import main

HELLO = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["serve", str(HELLO), "--port", "99999"], id="serve-too-big"),
        pytest.param(["serve", str(HELLO), "--port", "-1"], id="serve-negative"),
        pytest.param(["urls", str(HELLO), "--port", "65536"], id="urls"),
        pytest.param(["record", "--cassette", "c.yaml", "--target", "http://x", "--port", "-1"]),
    ],
)
def test_a_bad_port_is_one_line_and_exit_2(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--port" in err[0]
    assert "0 to 65535" in err[0]


def test_a_bad_port_from_the_installed_command_has_no_traceback():
    done = subprocess.run(
        [str(EXECUTABLE), "serve", str(HELLO), "--port", "99999"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("verb", [["schema", "from-sample"], ["fake", "--schema"]])
def test_a_file_that_is_not_utf8_is_one_line_and_exit_2(capsys, tmp_path, verb):
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "Zoë"}'.encode("latin-1"))
    assert main([*verb, str(latin)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"reqres-mock: error: {latin}: the file is not UTF-8 text")


def test_version_prints_the_installed_version():
    done = subprocess.run(
        [str(EXECUTABLE), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    from importlib.metadata import version

    assert done.stdout.strip() == f"reqres-mock {version('reqres-mock')}"


def test_validate_reports_json_files_it_cannot_parse(capsys, tmp_path):
    (tmp_path / "good.json").write_text(HELLO.read_text())
    (tmp_path / "broken.json").write_text('{"definition": {"triggers": ')
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'broken.json'}: not valid JSON" in out


def test_validate_reports_what_an_expression_may_not_read_and_nothing_it_may(capsys, tmp_path):
    # B reads A, which runs before it: fine; C reads B from a parallel branch: the cloud's
    # save error; D's runAfter status is no status. Each action was once checked alone,
    # where B's read of A looked undefined.
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "A": {"type": "Compose", "inputs": 1, "runAfter": {}},
            "B": {"type": "Compose", "inputs": "@outputs('A')", "runAfter": {"A": []}},
            "C": {"type": "Compose", "inputs": "@outputs('B')", "runAfter": {}},
        },
    }
    (tmp_path / "reads.json").write_text(json.dumps(document))
    document["actions"]["D"] = {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Done"]}}
    (tmp_path / "broken.json").write_text(json.dumps(document))
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "reads.json#/actions/C/inputs: The template validation failed: 'The inputs of " in out
    assert "broken.json#/actions/D/runAfter/A: runAfter status 'Done'" in out
    assert "/actions/B/" not in out
    assert "2 problem(s) in 2 file(s)" in captured.out + captured.err


def test_validate_checks_what_each_workflow_of_a_template_reads(capsys, tmp_path):
    # a second look: a problem in the first workflow hid the second one's off-path read
    def resource(name: str, actions: dict) -> dict:
        return {
            "type": "Microsoft.Logic/workflows",
            "apiVersion": "2019-05-01",
            "name": name,
            "location": "westeurope",
            "properties": {
                "definition": {
                    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
                    "actions": actions,
                }
            },
        }

    compose = {"type": "Compose", "inputs": 1, "runAfter": {}}
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            resource("first", {"A": {**compose, "inputs": "@body('Nope')"}}),
            resource("second", {"A": compose, "B": {**compose, "inputs": "@outputs('A')"}}),
        ],
    }
    (tmp_path / "template.json").write_text(json.dumps(template))
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "'The action(s) 'Nope' referenced by 'inputs' in action 'A'" in out
    assert "cannot reference action 'A'" in out


def test_serve_log_format_json_prints_only_json_lines():
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HELLO), "--port", "0", "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        first = json.loads(process.stdout.readline())
        assert first["workflow"] == "hello"
        assert first["method"] == "POST"
        assert requests.post(first["callbackUrl"], json={"name": "Ada"}, timeout=5).ok
        call = json.loads(process.stdout.readline())
        assert call["status"] == 200
        assert "sig=***" in call["path"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        rest = process.stdout.read()
        for line in rest.splitlines():
            json.loads(line)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()


def test_serve_logs_refused_tls_handshakes(tmp_path):
    """A client that cannot handshake (plain HTTP on the HTTPS port) makes no call, but the
    log says it was refused and why."""
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HELLO), "--port", "0", "--https", "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        url = json.loads(process.stdout.readline())["callbackUrl"]
        plain = url.replace("https://", "http://")
        requests.post(plain, json={}, timeout=5)
        refused = json.loads(process.stdout.readline())
        assert refused["event"] == "connectionRefused"
        assert refused["code"] == "PLAIN_HTTP"
        assert refused["peer"].startswith("127.0.0.1:")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()


def test_serve_replay_of_a_missing_cassette_advises_reqres_mock_record(capsys, tmp_path):
    missing = tmp_path / "orders.yaml"
    assert main(["serve", "--replay", str(missing)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"reqres-mock record --cassette {missing} --target" in err
    assert "target=" not in err  # the API's advice does not apply here


def test_a_second_identical_call_to_a_replay_once_cassette_says_it_was_already_played(tmp_path):
    from reqres_mock import MockServer, Response

    cassette = tmp_path / "once.yaml"
    with MockServer(access_key="k") as real:
        wf = real.add_workflow("orders", response=Response(200, body="ok"))
        with MockServer(record_to=cassette, target=wf.callback_url) as proxy:
            assert proxy.interceptor is not None
            requests.post(proxy.interceptor.url, json={"id": 1}, timeout=5)
    with MockServer(replay=cassette) as replay:
        assert replay.interceptor is not None
        url = replay.interceptor.url
        assert requests.post(url, json={"id": 1}, timeout=5).text == "ok"
        again = requests.post(url, json={"id": 1}, timeout=5)
        assert again.status_code == 404
        message = again.json()["error"]["message"]
        assert "It matches interaction #0, which was already played" in message
        assert "allow_playback_repeats=True (serve: --allow-playback-repeats)" in message
        replay.reset()
