"""The reqres-mock command line, in-process through main() and end-to-end as installed."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from reqres_mock.cli import main

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


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_installed_command_serves_prints_urls_and_stops_cleanly(stop_signal):
    process = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HELLO), "--access-key", "k", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        name, method, url = line.split(" ")
        assert (name, method) == ("hello", "POST")
        assert url.startswith("http://127.0.0.1:")
        assert "/api/hello/triggers/When_a_HTTP_request_is_received/invoke?" in url
        reply = requests.post(url, json={"name": "Ada"}, timeout=5)
        assert reply.status_code == 200
        assert reply.json() == {"greeting": "Hello from reqres-mock"}
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_same_access_key_gives_the_same_urls_across_restarts():
    urls = []
    for _ in range(2):
        process = subprocess.Popen(
            [str(EXECUTABLE), "serve", str(HELLO), "--access-key", "stable", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            urls.append(process.stdout.readline().split(" ")[2].split("?")[1])
        finally:
            process.terminate()
            process.wait(timeout=10)
            assert process.stdout is not None
            process.stdout.close()
    assert urls[0] == urls[1]
