"""The language inside running workflows, through real HTTP: condition objects with function
calls, short-circuit guards, binary values in Compose and Response, xml() bodies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
import requests

if TYPE_CHECKING:
    from reqres_mock import MockServer

JSON = {"Content-Type": "application/json"}


def run_with(server: MockServer, actions: dict[str, Any]) -> requests.Response:
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": actions,
    }
    (wf,) = server.add_definition("language", document)
    return requests.post(wf.callback_url, json={"name": "Ada", "tags": []}, timeout=10)


def answer(body: Any, run_after: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Response",
        "inputs": {"statusCode": 200, "headers": JSON, "body": body},
        "runAfter": run_after or {},
    }


@pytest.mark.parametrize(
    ("condition", "chosen"),
    [
        pytest.param({"equals": [{"lENgth": ["a"]}, 1]}, "yes", id="call-operand-any-case"),
        pytest.param(
            {"and": [{"not": {"empty": ["@triggerBody()?['tags']"]}}, {"equals": [1, 1]}]},
            "no",
            id="nested-not-empty",
        ),
        pytest.param(
            {"and": [{"equals": [1, 2]}, {"equals": [{"int": ["x"]}, 1]}]},
            "no",
            id="and-stops-before-the-failing-operand",
        ),
        pytest.param(
            {"or": [{"equals": [1, 1]}, {"equals": [{"int": ["x"]}, 1]}]},
            "yes",
            id="or-stops-at-true",
        ),
        pytest.param(
            {"and": [{"equals": [1, 2]}, {"equals": ["@int('x')", 1]}]},
            "no",
            id="and-stops-before-evaluating-the-next-expression",
        ),
        pytest.param(
            {"greater": [{"add": [{"length": ["@triggerBody()?['name']"]}, 1]}, 3]},
            "yes",
            id="calls-nest",
        ),
    ],
)
def test_condition_objects_take_function_calls(reqres_server, condition, chosen):
    reply = run_with(
        reqres_server,
        {
            "Check": {
                "type": "If",
                "expression": condition,
                "actions": {"Yes": answer("yes")},
                "else": {"actions": {"No": answer("no")}},
            }
        },
    )
    assert reply.text == chosen


def test_an_and_guard_short_circuits_in_an_expression(reqres_server):
    guard = "@and(not(empty(triggerBody()?['tags'])), equals(first(triggerBody()?['tags']), 'x'))"
    reply = run_with(reqres_server, {"Reply": answer({"guarded": guard})})
    assert reply.json() == {"guarded": False}


def test_binary_values_flow_through_compose_and_the_response(reqres_server):
    reply = run_with(
        reqres_server,
        {
            "Blob": {"type": "Compose", "inputs": "@base64ToBinary('aGVsbG8=')"},
            "Reply": answer(
                {
                    "raw": "@outputs('Blob')",
                    "text": "@{outputs('Blob')}",
                    "base64": "@base64(outputs('Blob'))",
                    "concat": "@concat('say ', outputs('Blob'))",
                },
                {"Blob": ["Succeeded"]},
            ),
        },
    )
    assert reply.json() == {
        "raw": {"$content-type": "application/octet-stream", "$content": "aGVsbG8="},
        "text": "hello",
        "base64": "aGVsbG8=",
        "concat": "say hello",
    }


def test_xml_round_trips_through_a_run(reqres_server):
    reply = run_with(
        reqres_server,
        {
            "Reply": answer(
                {
                    "xml": '@{xml(json(\'{"order":{"@id":"7","item":["a","b"]}}\'))}',
                    "back": "@json(xml('<order id=\"7\"><item>a</item><item>b</item></order>'))",
                    "count": "@xpath(xml('<o><i>1</i><i>2</i></o>'), 'sum(/o/i)')",
                }
            )
        },
    )
    assert reply.json() == {
        "xml": '<order id="7"><item>a</item><item>b</item></order>',
        "back": {"order": {"@id": "7", "item": ["a", "b"]}},
        "count": 3.0,
    }


#: Observed on the local Standard runtime (Workflow bundle 1.170.91, process culture en-US and
#: fr-FR, the same results): Azure/logicapps-sdk tests/Microsoft.Azure.Workflows.Sdk.
#: SourceExpressionTests/Fixtures/host-runtime-1.170.91/{en-US,fr-FR}.json, the TemplateProbe
#: and LiteralProbe workflows beside them.
TEMPLATE_PROBE = {
    "definition": {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "Response": {
                "type": "Response",
                "kind": "Http",
                "inputs": {"statusCode": 200, "body": "Received request: @{triggerBody()}"},
            }
        },
    },
    "kind": "Stateless",
}


@pytest.mark.parametrize(
    ("sent", "body"),
    [
        ("null", "Received request: "),
        ('"hello"', "Received request: hello"),
        ("42", "Received request: 42"),
        ("true", "Received request: True"),
        ('{"n":1}', 'Received request: {"n":1}'),
        ("[1,2]", "Received request: [1,2]"),
    ],
)
def test_a_trigger_body_interpolated_as_the_runtime_writes_it(reqres_server, sent, body):
    """.NET's True, compact JSON for objects and arrays, nothing for null."""
    (wf,) = reqres_server.add_definition("TemplateProbe", TEMPLATE_PROBE)
    reply = requests.post(wf.callback_url, data=sent, headers=JSON, timeout=10)
    assert (reply.status_code, reply.text) == (200, body)


def test_a_doubled_at_sign_is_a_literal_at(reqres_server):
    probe = json.loads(json.dumps(TEMPLATE_PROBE))
    probe["definition"]["actions"]["Response"]["inputs"]["body"] = "@@csharp{1 + 2}"
    (wf,) = reqres_server.add_definition("LiteralProbe", probe)
    reply = requests.post(wf.callback_url, json={}, timeout=10)
    assert (reply.status_code, reply.text) == (200, "@csharp{1 + 2}")


def test_the_runtimes_lexical_rules_in_a_loaded_definition(reqres_server):
    """.NET white space between tokens, Unicode property names, a signed '.5' and an expression
    of exactly 8,192 characters load and run."""
    # Azure/LogicAppsUX libs/logic-apps-shared/src/parsers/lib/expression/scanner.ts and
    # common/helpers/expression.ts; ScoreUnder/IllogicApps IllogicApps.Expression.Parsing/
    # Lexer.fs and BasicLanguageTests.fs; "Expression character limit | 8,192 characters",
    # https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config
    body = {
        "spaced": "@concat(\u3000triggerBody()?[\u00a0'name'\u2009],\u00a0'!')",
        "unicode": '@json(\'{"Größe": {"日本": 42}}\').Größe?.日本',
        "signed": "@add(+.5, 1)",
        "at_limit": "@{'" + "a" * 8190 + "'}",
    }
    reply = run_with(reqres_server, {"Response": answer(body)})
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"spaced": "Ada!", "unicode": 42, "signed": 1.5, "at_limit": "a" * 8190}
