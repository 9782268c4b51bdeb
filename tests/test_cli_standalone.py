"""The standalone verbs: serve's logs, parameters and reload; urls; validate."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest
import requests

from reqres_mock import MockServer
from reqres_mock.cli.main import main

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

HELLO = Path(__file__).parent.parent / "examples" / "hello" / "workflow.json"
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


def definition(status: int, name: str = "manual") -> dict[str, object]:
    """A bare definition whose Response answers ``status``."""
    return {
        "triggers": {name: {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {"Response": {"type": "Response", "inputs": {"statusCode": status}}},
    }


ARM = {
    "parameters": {"workflowName": {"type": "string"}},
    "resources": [
        {
            "type": "Microsoft.Logic/workflows",
            "name": "[parameters('workflowName')]",
            "properties": {"definition": definition(200)},
        }
    ],
}


class Process:
    """A ``reqres-mock`` process whose output lines are read by threads into queues."""

    def __init__(self, *args: str) -> None:
        self.popen = subprocess.Popen(
            [str(EXECUTABLE), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: queue.Queue[str] = queue.Queue()
        assert self.popen.stdout is not None and self.popen.stderr is not None
        self._readers = [
            threading.Thread(target=self._pump, args=(self.popen.stdout, self.stdout)),
            threading.Thread(target=self._pump, args=(self.popen.stderr, self.stderr)),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[str]) -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    def line(
        self, stream: queue.Queue[str], wanted: Callable[[str], bool] = bool, timeout: float = 10
    ) -> str:
        """The next line of ``stream`` for which ``wanted`` holds (others are skipped)."""
        while True:
            line = stream.get(timeout=timeout)
            if wanted(line):
                return line

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.terminate()
        try:
            code = self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            code = self.popen.wait(timeout=5)
        for reader in self._readers:
            reader.join(timeout=5)
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()
        return code


@pytest.fixture
def launch() -> Iterator[Callable[..., Process]]:
    started: list[Process] = []

    def start(*args: str) -> Process:
        started.append(Process(*args))
        return started[-1]

    yield start
    for process in started:
        process.stop()


def base_of(url: str) -> str:
    return "/".join(url.split("/")[:3])


@pytest.mark.parametrize("verb", ["serve", "urls", "validate"])
def test_every_verb_has_help_with_an_example(capsys, verb):
    with pytest.raises(SystemExit) as info:
        main([verb, "--help"])
    assert info.value.code == 0
    assert f"example:\n  reqres-mock {verb} " in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["serve", "x.json", "--param", "novalue"], id="bad-param"),
        pytest.param(["urls"], id="no-path"),
        pytest.param(["serve", "x.json", "--log-format", "xml"], id="bad-choice"),
        pytest.param(["frobnicate"], id="unknown-verb"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("reqres-mock")
    assert "error:" in lines[0]


def test_urls_match_what_serve_signs_with_the_same_key(capsys):
    assert main(["urls", str(HELLO), "--access-key", "k", "--port", "7071"]) == 0
    name, method, url = capsys.readouterr().out.strip().split(" ")
    assert (name, method) == ("hello", "POST")
    assert url.startswith("http://127.0.0.1:7071/api/hello/triggers/")
    with MockServer(access_key="k") as server:
        (wf,) = server.load(HELLO)
        assert url.split("?")[1] == wf.callback_url.split("?")[1]


def test_urls_take_a_base_url_and_arm_parameters_and_warn_without_a_key(capsys, tmp_path):
    template = tmp_path / "template.json"
    template.write_text(json.dumps(ARM))
    argv = ["urls", str(template), "--base-url", "http://mock:8080/", "--param", "workflowName=wf1"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    name, method, url = captured.out.strip().split(" ")
    assert (name, method) == ("wf1", "POST")
    assert url.startswith("http://mock:8080/workflows/")
    assert "no --access-key" in captured.err


def test_validate_passes_good_definitions(capsys):
    assert main(["validate", str(HELLO.parent)]) == 0
    assert capsys.readouterr().err.strip() == "ok: 1 workflow(s) in 1 file(s)"


def test_validate_reports_every_problem_with_file_and_pointer(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "workflow.json").write_text("{")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "workflow.json").write_text(json.dumps({"definition": definition(302)}))
    (tmp_path / "c.json").write_text(json.dumps(definition(200)))
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "c.json").write_text(json.dumps(definition(200)))
    (tmp_path / "template.json").write_text(json.dumps(ARM))
    assert main(["validate", str(tmp_path), str(tmp_path / "missing")]) == 1
    captured = capsys.readouterr()
    problems = captured.out.strip().splitlines()
    assert sorted(problems) == sorted(
        [
            f"{tmp_path / 'missing'}: no such file or folder",
            f"{tmp_path / 'a' / 'workflow.json'}: not valid JSON: Expecting property name enclosed "
            "in double quotes at line 1, column 2",
            f"{tmp_path / 'b' / 'workflow.json'}#/definition/actions/Response/inputs/statusCode: "
            "Response statusCode 302 is not allowed: Logic Apps accepts 2xx, 4xx and 5xx only (it "
            "refuses 1xx and 3xx when the workflow is saved)",
            f"{tmp_path / 'd' / 'c.json'}: workflow 'c' is also defined in {tmp_path / 'c.json'}; "
            "the one loaded last would replace the other",
            f"{tmp_path / 'template.json'}#/parameters/workflowName: ARM parameter 'workflowName' "
            "has no defaultValue; give it with load(..., parameters={'workflowName': ...}) "
            "(CLI: --param workflowName=VALUE)",
        ]
    )
    assert captured.err.strip() == "5 problem(s) in 5 file(s)"


def test_serve_logs_one_json_line_per_call_without_the_signature(launch):
    process = launch("serve", str(HELLO), "--port", "0", "--log-format", "json")
    url = json.loads(process.line(process.stdout))["callbackUrl"]  # URL lines are JSON too
    requests.post(url, json={"name": "Ada"}, timeout=5)
    requests.post(url, data="x", headers={"Content-Type": "text/plain"}, timeout=5)
    requests.get(base_of(url) + "/_reqres/health", timeout=5)  # admin calls are not logged
    # A call's line is written after its reply, so the second call (a new connection, served
    # by another worker) can log first: told apart by their reminders, not by their order.
    lines = [json.loads(process.line(process.stdout)) for _ in range(2)]
    first, second = sorted(lines, key=lambda line: bool(line["reminders"]))
    assert first["method"] == "POST"
    assert first["status"] == 200
    assert first["workflow"] == "hello"
    assert first["path"].endswith("sig=***")
    assert re.fullmatch(r"\d{29}CU\d{2}", first["run"])
    assert first["durationMs"] >= 0
    assert first["reminders"] == []
    assert second["reminders"]  # a schema trigger called without JSON
    assert url.split("sig=")[1] not in json.dumps([first, second])
    assert process.stop() == 0
    assert process.stdout.empty()


def test_serve_logs_text_lines_with_status_code_and_run(launch):
    process = launch("serve", str(HELLO), "--port", "0")
    url = process.line(process.stdout).split(" ")[2]
    requests.post(url.replace("sig=", "sig=x"), json={}, timeout=5)
    line = process.line(process.stdout)
    assert " POST /api/hello/triggers/" in line
    assert re.search(
        r"sig=\*\*\* 401 DirectApiInvalidAuthorizationSignature run=\d{29}CU\d{2}", line
    )
    inspector = process.line(process.stderr, lambda s: "run history" in s)
    assert f"run history: {base_of(url)}/_reqres/" in inspector


def test_serve_loads_folders_recursively(launch, tmp_path):
    for name in ("one", "two"):
        (tmp_path / "project" / name).mkdir(parents=True)
        (tmp_path / "project" / name / "workflow.json").write_text(
            json.dumps({"definition": definition(200)})
        )
    (tmp_path / "project" / "host.json").write_text("{}")
    process = launch("serve", str(tmp_path), "--port", "0", "--flavor", "standard")
    names = sorted(process.line(process.stdout).split(" ")[0] for _ in range(2))
    assert names == ["one", "two"]


def test_serve_passes_parameters_to_arm_templates(launch, tmp_path):
    template = tmp_path / "template.json"
    template.write_text(json.dumps(ARM))
    process = launch("serve", str(template), "--port", "0", "--param", "workflowName=orders")
    name, _, url = process.line(process.stdout).split(" ")
    assert name == "orders"
    assert requests.post(url, timeout=5).status_code == 200


def touch_later(path: Path) -> None:
    """Move the file's mtime forward, so a change is seen even within the clock's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_serve_reload_picks_up_changes_and_keeps_run_history(launch, tmp_path):
    source = tmp_path / "orders.json"
    source.write_text(json.dumps(definition(200)))
    process = launch("serve", str(tmp_path), "--port", "0", "--reload", "--access-key", "k")
    url = process.line(process.stdout).split(" ")[2]
    assert requests.post(url, timeout=5).status_code == 200

    source.write_text("{")
    touch_later(source)
    failed = process.line(process.stderr, lambda s: "reload" in s)
    assert "reload failed, previous definitions kept" in failed
    assert requests.post(url, timeout=5).status_code == 200

    source.write_text(json.dumps(definition(418)))
    touch_later(source)
    assert "reloaded 1 workflow(s): orders" in process.line(process.stderr, lambda s: "reload" in s)
    assert requests.post(url, timeout=5).status_code == 418
    runs = requests.get(base_of(url) + "/_reqres/runs", timeout=5).json()["value"]
    assert [r["reply"]["status"] for r in runs] == [418, 200, 200]

    shutil.copy(source, tmp_path / "more.json")
    touch_later(tmp_path / "more.json")
    line = process.line(process.stderr, lambda s: "reload" in s)
    assert "reloaded 2 workflow(s)" in line
    (tmp_path / "more.json").unlink()
    line = process.line(process.stderr, lambda s: "reload" in s)
    assert "reloaded 1 workflow(s): orders" in line
    workflows = requests.get(base_of(url) + "/_reqres/workflows", timeout=5).json()["value"]
    assert [w["name"] for w in workflows] == ["orders"]
    assert process.stop() == 0


def test_validate_reports_every_problem_of_a_file(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "triggers": {"manual": {"type": "Request", "inputs": {"method": "FETCH"}}},
                "actions": {
                    "A": {"type": "Compose", "inputs": "@add(1,"},
                    "B": {"type": "Response", "inputs": {"statusCode": 302}},
                    "C": {"type": "Compose", "inputs": 1, "runAfter": {"Nope": ["Succeeded"]}},
                },
            }
        )
    )
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{broken}#/triggers/manual/inputs/method:") for line in out)
    assert any(line.startswith(f"{broken}#/actions/A/inputs:") for line in out)
    assert any(line.startswith(f"{broken}#/actions/B/inputs/statusCode:") for line in out)
    assert any(line.startswith(f"{broken}#/actions/C/runAfter:") for line in out)


def test_serve_answers_outbound_calls_with_200_when_asked(launch):
    """--unstubbed 200 lets a definition with Http and connector calls run without stubs; the
    admin API lists each call."""
    example = Path(__file__).parent.parent / "examples" / "outbound" / "workflow.json"
    process = launch(
        "serve", str(example), "--port", "0", "--unstubbed", "200", "--wait-scale", "0"
    )
    url = process.line(process.stdout).split(" ")[2].replace("{id}", "7")
    reply = requests.get(url, timeout=5)
    assert (reply.status_code, reply.json()) == (200, {"customer": None})
    (listed,) = requests.get(base_of(url) + "/_reqres/runs", timeout=5).json()["value"]
    assert [(c["action"], c["stub"]) for c in listed["outbound"]] == [
        ("Get_customer", "default"),
        ("Publish_lookup", "default"),
    ]
    assert process.stop() == 0
