"""The reqres-mock command line, in-process through main() and end-to-end as installed."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from reqres_mock.cli.main import main

if TYPE_CHECKING:
    from collections.abc import Iterator

HELLO = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


def test_help_lists_the_serve_verb(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "serve" in capsys.readouterr().out


def test_serve_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "example:" in out and "reqres-mock serve examples/hello/workflow.json" in out


def test_a_definition_error_is_one_line_on_stderr_and_exit_2(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["serve", str(broken)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"reqres-mock: error: {broken}: not valid JSON")
    assert "Traceback" not in captured.err


def test_a_bad_setting_is_exit_2(capsys):
    assert main(["serve", str(HELLO), "--timeout", "-1"]) == 2
    assert "timeout must be a positive number" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--tls", "modern"], "--tls need(s) --https", id="tls-without-https"),
        pytest.param(["--https", "--key", "k.pem"], "--key needs --cert", id="key-alone"),
        pytest.param(
            ["--https", "--cert", "nope.pem"], "certificate file(s) not found", id="missing"
        ),
    ],
)
def test_https_option_mistakes_are_exit_2(capsys, args, message):
    assert main(["serve", str(HELLO), *args]) == 2
    assert message in capsys.readouterr().err


@contextmanager
def serving(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The installed command serving the hello example; yields it and its first output line."""
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HELLO), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        yield process, process.stdout.readline().strip()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_installed_command_serves_prints_urls_and_stops_cleanly(stop_signal):
    with serving("--access-key", "k") as (process, line):
        name, method, url = line.split(" ")
        assert (name, method) == ("hello", "POST")
        assert url.startswith("http://127.0.0.1:")
        assert "/api/hello/triggers/When_a_HTTP_request_is_received/invoke?" in url
        reply = requests.post(url, json={"name": "Ada"}, timeout=5)
        assert reply.status_code == 200
        assert reply.json() == {"greeting": "Hello from reqres-mock"}
        process.send_signal(stop_signal)
        assert process.wait(timeout=30) == 0


def test_same_access_key_gives_the_same_urls_across_restarts():
    queries = []
    for _ in range(2):
        with serving("--access-key", "stable") as (_, line):
            queries.append(line.split(" ")[2].split("?")[1])
    assert queries[0] == queries[1]


def test_https_serves_with_the_ca_written_where_asked(tmp_path):
    ca_file = tmp_path / "ca.pem"
    with serving("--https", "--ca-cert", str(ca_file)) as (process, line):
        url = line.split(" ")[2]
        assert url.startswith("https://127.0.0.1:")
        reply = requests.post(url, json={"name": "Ada"}, verify=str(ca_file), timeout=5)
        assert reply.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert ca_file.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_https_prints_a_temporary_ca_path_on_stderr_and_removes_it_at_exit():
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HELLO), "--port", "0", "--https"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        notice = process.stderr.readline()
        assert notice.startswith("CA certificate: ")
        ca_file = Path(notice.split(" ")[2])
        url = process.stdout.readline().split(" ")[2].strip()
        reply = requests.post(url, json={}, verify=str(ca_file), timeout=5)
        assert reply.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not ca_file.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()
        process.stderr.close()


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_call_log_writes_a_lone_surrogate_as_u_fffd(log_format):
    # A path or a reminder can carry half a surrogate pair (a caller's JSON escape); a
    # UTF-8 stream would raise on it and the line would be lost.
    from reqres_mock import Headers, InboundRequest, MockServer
    from reqres_mock.cli.calllog import CallLog

    server = MockServer()  # engine only: no socket
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    log = CallLog(stream, log_format)
    run, _ = server.engine.handle_call(InboundRequest("POST", "/x\ud83d", "", Headers(), b""))
    log(run)
    stream.flush()
    assert "/x\ufffd" in stream.buffer.getvalue().decode()  # type: ignore[attr-defined]
