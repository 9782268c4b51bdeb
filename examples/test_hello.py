"""The hello workflow, served by the reqres_server fixture and called over HTTP."""

from __future__ import annotations

from pathlib import Path

import requests

HELLO = Path(__file__).parent / "hello" / "workflow.json"


def test_hello_answers_and_records_the_run(reqres_server):
    (wf,) = reqres_server.load(HELLO)

    reply = requests.post(wf.callback_url, json={"name": "Ada"}, timeout=5)

    assert reply.status_code == 200
    assert reply.json() == {"greeting": "Hello from reqres-mock"}
    run = wf.wait_for_runs(1)[0]
    assert run.trigger_outputs["body"] == {"name": "Ada"}
