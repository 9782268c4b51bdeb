"""How a workflow expression names actions and loops: in any case, as the runtime looks them up.

Evidence: Microsoft's own Standard template gallery ships ``items('For_Each')`` inside a Foreach
named ``For_each`` and the runtime runs it (Azure/LogicAppsTemplates at 245d3d9,
``vectorize-azurefile-aisearch-request/default/workflow.json`` lines 95-98, and the
``vectorize-dropbox-*``/``vectorize-sftp-*`` request and schedule variants); IllogicApps looks
action results up lower-cased (ScoreUnder/IllogicApps ``IllogicApps.Simulator/Simulator.fs``,
``GetActionResult``, commit b5cc547 "Make GetActionResults (and therefore @action, @body, etc)
case-insensitive"). ``runAfter`` names its actions exactly ("The actions id's in a workflow are
case sensitive", Azure/LogicAppsUX issue 7023).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import DefinitionError, MockServer

if TYPE_CHECKING:
    from pathlib import Path

TRIGGER = {"manual": {"type": "Request", "kind": "Http", "inputs": {}}}


def define(server: MockServer, actions: dict[str, Any]) -> Any:
    (wf,) = server.add_definition("names", {"triggers": TRIGGER, "actions": actions})
    return wf


def compose(value: Any, after: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": "Compose", "inputs": value, "runAfter": after or {}}


def respond(body: Any, after: str) -> dict[str, Any]:
    return {
        "type": "Response",
        "kind": "Http",
        "inputs": {
            "statusCode": 200,
            "headers": {"Content-Type": "application/json"},
            "body": body,
        },
        "runAfter": {after: ["Succeeded"]},
    }


#: The gallery's shape: a Foreach named ``For_each`` whose Select writes ``items('For_Each')``.
GALLERY_LOOP = {
    "For_each": {
        "type": "Foreach",
        "foreach": "@triggerBody()",
        "actions": {
            "Chunks": {
                "type": "Select",
                "inputs": {
                    "from": "@range(0, 2)",
                    "select": {
                        "title": "@items('For_each')?['DisplayName']",
                        "chunk_id": "@{concat(substring(items('For_Each')?['DisplayName'], 0, "
                        "indexOf(items('For_Each')?['DisplayName'], '.')), item())}",
                        "index": "@iterationIndexes('FOR_EACH')",
                    },
                },
            }
        },
    },
    "Response": respond("@outputs('chunks')", "For_each"),
}


def test_items_and_iteration_indexes_name_their_loop_in_any_case(reqres_server):
    """``items('For_Each')`` inside the Foreach ``For_each`` is that loop's item, as the
    gallery's vectorize-* templates need; the run history keeps the names as written."""
    wf = define(reqres_server, GALLERY_LOOP)
    files = [{"DisplayName": "a.txt"}, {"DisplayName": "bb.pdf"}]
    reply = requests.post(wf.callback_url, json=files, timeout=10)
    run = wf.wait_for_runs(1)[0].wait()
    assert reply.status_code == 200, reply.text
    chunks = run.actions["Chunks"]
    assert [r.outputs["body"] for r in chunks.repetitions] == [
        [
            {"title": "a.txt", "chunk_id": "a0", "index": 0},
            {"title": "a.txt", "chunk_id": "a1", "index": 0},
        ],
        [
            {"title": "bb.pdf", "chunk_id": "bb0", "index": 1},
            {"title": "bb.pdf", "chunk_id": "bb1", "index": 1},
        ],
    ]
    assert sorted(run.actions) == ["Chunks", "For_each", "Response"]
    assert run.status.value == "Succeeded"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        pytest.param("@body('MAKE')", [1, 2], id="body"),
        pytest.param("@outputs('make')", [1, 2], id="outputs"),
        pytest.param("@actionBody('mAkE')", [1, 2], id="actionBody"),
        pytest.param("@actionOutputs('MAKE')", [1, 2], id="actionOutputs"),
        pytest.param("@actions('make')['status']", "Succeeded", id="actions"),
        pytest.param("@result('GROUP')[0]['name']", "Make", id="result"),
    ],
)
def test_expressions_name_actions_in_any_case(reqres_server, expression, expected):
    wf = define(
        reqres_server,
        {
            "Group": {"type": "Scope", "actions": {"Make": compose([1, 2])}},
            "Read": compose(expression, {"Group": ["Succeeded"]}),
        },
    )
    requests.post(wf.callback_url, json={}, timeout=10)
    run = wf.wait_for_runs(1)[0].wait()
    assert run.actions["Read"].status == "Succeeded", run.actions["Read"].error
    assert run.actions["Read"].outputs == expected


@pytest.mark.parametrize(
    ("actions", "pointer", "first"),
    [
        pytest.param(
            {"Make": compose(1), "make": compose(2)}, "/actions/make", "/actions/Make", id="scope"
        ),
        pytest.param(
            {"Make": compose(1), "Group": {"type": "Scope", "actions": {"MAKE": compose(2)}}},
            "/actions/Group/actions/MAKE",
            "/actions/Make",
            id="nested",
        ),
    ],
)
def test_action_names_differing_only_in_case_are_refused(tmp_path: Path, actions, pointer, first):
    """The runtime keys actions by name without case, so two such names are one key to it:
    loading refuses them with one line naming the file and the JSON pointer."""
    path = tmp_path / "twins.json"
    path.write_text(json.dumps({"triggers": TRIGGER, "actions": actions}), encoding="utf-8")
    with MockServer() as server, pytest.raises(DefinitionError) as raised:
        server.load(path)
    assert raised.value.pointer == pointer
    assert str(path) in str(raised.value)
    assert "differ only in case" in str(raised.value)
    assert first in str(raised.value)
    assert "\n" not in str(raised.value)


def test_run_after_names_its_action_exactly(reqres_server):
    """runAfter is not an expression: a name that misses by case is refused, with the hint."""
    with pytest.raises(DefinitionError) as raised:
        define(reqres_server, {"Make": compose(1), "Next": compose(2, {"make": ["Succeeded"]})})
    assert raised.value.pointer == "/actions/Next/runAfter"
    assert "did you mean 'Make'?" in str(raised.value)


# --- References the runtime checks when a definition is saved ---------------------------------

NOT_DEFINED = "The template validation failed: 'The {what} '{name}' referenced by '{place}' in "
NOT_DEFINED += "action '{action}' are not defined in the template.'"


@pytest.mark.parametrize(
    ("actions", "pointer", "message"),
    [
        # Microsoft's Power Automate tutorial for Graph batch requests quotes the sentence
        pytest.param(
            {"Batch_2": compose("@body('Batch_POST-groups')?['responses']")},
            "/actions/Batch_2/inputs",
            NOT_DEFINED.format(
                what="action(s)", name="Batch_POST-groups", place="inputs", action="Batch_2"
            ),
            id="body-of-a-missing-action",
        ),
        pytest.param(
            {"Group": {"type": "Scope", "actions": {}}, "Read": compose("@result('Grup')")},
            "/actions/Read/inputs",
            NOT_DEFINED.format(what="action(s)", name="Grup", place="inputs", action="Read"),
            id="result-of-a-misspelt-scope",
        ),
        pytest.param(
            {
                "Check": {
                    "type": "If",
                    "expression": "@equals(outputs('Gone'), 1)",
                    "actions": {},
                }
            },
            "/actions/Check/expression",
            NOT_DEFINED.format(what="action(s)", name="Gone", place="expression", action="Check"),
            id="an-if-expression",
        ),
        # a user's save error: items() of a loop the action was moved out of
        pytest.param(
            {
                "Apply_to_each": {
                    "type": "Foreach",
                    "foreach": "@triggerBody()",
                    "actions": {},
                },
                "Create_text": compose("@items('Apply_to_each')", {"Apply_to_each": ["Succeeded"]}),
            },
            "/actions/Create_text/inputs",
            NOT_DEFINED.format(
                what="repetition action(s)",
                name="Apply_to_each",
                place="inputs",
                action="Create_text",
            ),
            id="items-outside-its-loop",
        ),
    ],
)
def test_an_expression_naming_what_the_workflow_lacks_refuses_the_definition(
    reqres_server, actions, pointer, message
):
    with pytest.raises(DefinitionError) as caught:
        define(reqres_server, actions)
    assert (caught.value.pointer, caught.value.message) == (pointer, message)


def test_names_built_by_expressions_are_looked_up_only_when_the_run_reaches_them(reqres_server):
    wf = define(reqres_server, {"Read": compose("@body(triggerBody()['which'])")})
    requests.post(wf.callback_url, json={"which": "Nope"}, timeout=10)
    error = wf.wait_for_runs(1)[0].wait().actions["Read"].error
    assert error["code"] == "InvalidTemplate"
    assert "'Nope'" in error["message"]
