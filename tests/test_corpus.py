"""Every workflow in tests/data/workflows loads and answers as its author intended.

Each file's cases are in ``cases/`` under the same name: the request, stubs for cloud actions,
and the expected status, body or error code and run status. They sit apart because Azure
refuses a definition with a member it does not know (``reqres_mock.definitions.members``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from reqres_mock import MockServer, ServerConfig
from reqres_mock.definitions.actions import BUILT_IN

CORPUS = Path(__file__).parent / "data" / "workflows"
CASES = [
    pytest.param(path, index, case, id=f"{path.stem}-{index}")
    for path in sorted(CORPUS.glob("*.json"))
    for index, case in enumerate(json.loads((CORPUS / "cases" / path.name).read_text()))
]


@pytest.fixture
def corpus_server():
    """A server with waits compressed to nothing."""
    with MockServer(config=ServerConfig(wait_scale=0)) as server:
        yield server


@pytest.mark.parametrize(("path", "index", "case"), CASES)
def test_corpus_workflow_answers_as_intended(corpus_server, path, index, case):
    workflows = {w.name: w for w in corpus_server.load(path)}
    wf = workflows[case.get("workflow", next(iter(workflows)))]
    for name, stub in case.get("stubs", {}).items():
        wf.stub_action(name, status=stub.get("statusCode", 200), body=stub.get("body"))
    request: dict[str, Any] = case["request"]
    url = wf.url(**request.get("path", {}))
    reply = requests.request(
        request.get("method", wf.method or "POST"), url, json=request.get("json"), timeout=10
    )
    assert reply.status_code == case["status"], reply.text
    if "body" in case:
        assert reply.json() == case["body"]
    if "error" in case:
        assert reply.json()["error"]["code"] == case["error"]
    run = wf.runs[-1].wait(timeout=10)
    assert run.status.value == case["runStatus"], run.actions
    corpus_server.check()


def test_the_corpus_covers_every_supported_action_kind():
    kinds: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            markers = ("inputs", "actions", "cases", "expression", "foreach")
            if isinstance(value.get("type"), str) and any(m in value for m in markers):
                kinds.add(value["type"].lower())
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in CORPUS.glob("*.json"):
        collect(json.loads(path.read_text()))
    expected = set(BUILT_IN) | {"apiconnection"}  # every built-in kind and a stubbed one
    assert expected <= kinds, f"missing from the corpus: {sorted(expected - kinds)}"
