"""Definitions that run: actions, runAfter, control flow, variables, data operations,
stubs, nested workflows, trigger conditions, all through real HTTP."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests

from reqres_mock import (
    DefinitionError,
    MockServer,
    RunStatus,
    ServerConfig,
    UnstubbedActionError,
)

JSON = {"Content-Type": "application/json"}


def respond(
    body: Any, status: int = 200, run_after: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "type": "Response",
        "inputs": {"statusCode": status, "headers": JSON, "body": body},
        "runAfter": run_after or {},
    }


def define(server: MockServer, actions: dict[str, Any], **trigger: Any) -> Any:
    inputs = {k: v for k, v in trigger.items() if k in ("method", "relativePath", "schema")}
    spec: dict[str, Any] = {"type": "Request", "kind": "Http", "inputs": inputs}
    for key in ("conditions", "correlation"):
        if key in trigger:
            spec[key] = trigger[key]
    document = {"triggers": {"manual": spec}, "actions": actions}
    if "parameters" in trigger:
        document["parameters"] = trigger["parameters"]
    (wf,) = server.add_definition("wf", document, parameters=trigger.get("values"))
    return wf


def call(wf: Any, body: Any = None, **kwargs: Any) -> requests.Response:
    return requests.post(wf.callback_url, json=body, timeout=10, **kwargs)


def test_echo_with_trigger_body_and_interpolated_headers(reqres_server):
    wf = define(
        reqres_server,
        {
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": {
                        "Content-Type": "application/json",
                        "X-Name": "@{triggerBody()?['name']}",
                    },
                    "body": {
                        "echo": "@triggerBody()",
                        "greeting": "Hello @{triggerBody()?['name']}!",
                    },
                },
            }
        },
    )
    reply = call(wf, {"name": "Ada"})
    assert reply.status_code == 200
    assert reply.headers["X-Name"] == "Ada"
    assert reply.json() == {"echo": {"name": "Ada"}, "greeting": "Hello Ada!"}
    run = wf.wait_for_runs(1)[0].wait()
    assert run.status is RunStatus.SUCCEEDED
    assert run.actions["Response"].status == "Succeeded"


def test_relative_path_calculator(reqres_server):
    params = "triggerOutputs()['relativePathParameters']"
    wf = define(
        reqres_server,
        {"Response": respond({"sum": f"@add(int({params}['a']), int({params}['b']))"})},
        method="GET",
        relativePath="/add/{a}/{b}",
    )
    reply = requests.get(wf.url(a=2, b=40), timeout=10)
    assert reply.json() == {"sum": 42}


def test_if_chooses_one_of_two_responses(reqres_server):
    wf = define(
        reqres_server,
        {
            "Check": {
                "type": "If",
                "expression": {"and": [{"greater": ["@triggerBody()?['amount']", 100]}]},
                "actions": {"Big": respond("needs approval", 202)},
                "else": {"actions": {"Small": respond("approved", 200)}},
            }
        },
    )
    assert call(wf, {"amount": 500}).status_code == 202
    small = call(wf, {"amount": 5})
    assert (small.status_code, small.text) == (200, "approved")  # a string body goes as is
    first, second = wf.wait_for_runs(2)
    first.wait()
    assert first.actions["Big"].status == "Succeeded"
    assert first.actions["Small"].status == "Skipped"
    assert second.wait().actions["Big"].status == "Skipped"


def test_no_response_is_202_and_the_run_goes_on(reqres_server):
    wf = define(reqres_server, {"Compose": {"type": "Compose", "inputs": "@triggerBody()"}})
    reply = call(wf, {"a": 1})
    assert reply.status_code == 202
    run = wf.wait_for_runs(1)[0].wait()
    assert run.status is RunStatus.SUCCEEDED
    assert run.actions["Compose"].outputs == {"a": 1}


def run_error_code(wf: Any) -> str:
    return wf.runs[0].wait().actions["Boom"].error["code"]


def test_run_after_failed_handles_an_error_but_the_skipped_branch_fails_the_run(reqres_server):
    wf = define(
        reqres_server,
        {
            "Boom": {"type": "Compose", "inputs": "@div(1, 0)"},
            "Next": {"type": "Compose", "inputs": "never", "runAfter": {"Boom": ["Succeeded"]}},
            "Handle": respond(
                {"failed": "@actions('Boom')['status']", "code": "@actions('Boom')?['code']"},
                500,
                {"Boom": ["Failed", "TimedOut"]},
            ),
        },
    )
    reply = call(wf)
    assert reply.status_code == 500
    # the record's code is BadRequest, its error's InvalidTemplate (a real run's actions()
    # record in wyattdave's "Exception Handling in Power Automate", 2023)
    assert reply.json() == {"failed": "Failed", "code": "BadRequest"}
    assert run_error_code(wf) == "InvalidTemplate"
    run = wf.runs[0].wait()
    assert run.actions["Next"].status == "Skipped"
    assert "value by zero" in run.actions["Boom"].error["message"]
    # The branch Boom -> Next ends in a Skipped action, judged by its predecessor Boom: Failed.
    # Azure reports such a run Failed although Handle ran (LogicAppUnit's FluentWorkflow sample,
    # FluentWorkflowRequestMatcherTest: Response_Failure handles the failed call, run Failed).
    assert run.status is RunStatus.FAILED


def test_an_unhandled_failure_fails_the_run_and_a_skipped_response_is_502(reqres_server):
    wf = define(
        reqres_server,
        {
            "Boom": {"type": "Compose", "inputs": "@int('x')"},
            "Response": respond("ok", 200, {"Boom": ["Succeeded"]}),
        },
    )
    reply = call(wf)
    assert reply.status_code == 502
    assert reply.json()["error"]["code"] == "NoResponse"
    run = wf.runs[0].wait()
    assert run.status is RunStatus.FAILED
    assert run.failure == {
        "code": "ActionFailed",
        "message": "An action failed. No dependent actions succeeded.",
    }


def test_invalid_template_in_the_response_fails_it(reqres_server):
    wf = define(reqres_server, {"Response": respond("@triggerBody()['missing']")})
    reply = call(wf, {"present": 1})
    assert reply.status_code == 502
    error = wf.runs[0].wait().actions["Response"].error
    assert error["code"] == "InvalidTemplate"
    assert (
        "property 'missing' doesn't exist, available properties are 'present'" in error["message"]
    )


USAGE = "Please see https://aka.ms/logicexpressions for usage details."


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        # microsoft/powercat-business-approvals-kit#280 (the runtime's words, a real run)
        (
            "first(triggerBody()['value'])['cat_x']",
            "property 'cat_x' doesn't exist, available properties are '@odata.type, name'",
        ),
        # users quote it from failed runs: a text body, a decoded file's '$content'
        (
            "triggerBody()?['value']?[0]?['name']?['first']",
            "property 'first' cannot be selected. Property selection is not supported on "
            "values of type 'String'",
        ),
        (
            "triggerBody()['value'][3]",
            "array index '3' is outside bounds (0, 0) of array",
        ),
    ],
)
def test_an_expression_that_cannot_be_evaluated_fails_in_the_runtimes_whole_sentence(
    reqres_server, expression, reason
):
    """The action's error quotes the whole expression and ends with the usage link, at line
    '0' and column '0' as every run since 2021 reports (pnp/provision-assist-m365#50, 2023;
    microsoft/powercat-business-approvals-kit#280, 2024; Azure/LogicAppsUX#6595, 2025)."""
    wf = define(
        reqres_server,
        {
            "Pick": {"type": "Compose", "inputs": "@" + expression},
            "Response": respond("ok", 200, {"Pick": ["Succeeded"]}),
        },
    )
    call(wf, {"value": [{"@odata.type": "#x", "name": "Ada"}]})
    error = wf.runs[0].wait().actions["Pick"].error
    assert error == {
        "code": "InvalidTemplate",
        "message": "Unable to process template language expressions in action 'Pick' inputs at "
        f"line '0' and column '0': 'The template language expression '{expression}' cannot be "
        f"evaluated because {reason}. {USAGE}'.",
    }


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        # pnp/provision-assist-m365#50, a real run, word for word
        (
            "split(triggerBody()?['guests'], ';')",
            "The template language function 'split' expects its first parameter to be of type "
            "string. The provided value is of type 'Null'. Please see "
            "https://aka.ms/logicexpressions#split for usage details.",
        ),
        # quoted from failed runs of replace and join
        (
            "replace(triggerBody()?['title'], '\"', '')",
            "The template language function 'replace' expects its first parameter 'string' to be "
            "a string. The provided value is of type 'Null'. Please see "
            "https://aka.ms/logicexpressions#replace for usage details.",
        ),
        (
            "join(triggerBody()?['steps'], ',')",
            "The template language function 'join' expects its first parameter to be an array. "
            "The provided value is of type 'Null'. Please see "
            "https://aka.ms/logicexpressions#join for usage details.",
        ),
        # OfficeDev/microsoft-teams-apps-requestateam#42
        (
            "bool(triggerBody()['name'])",
            "The template language function 'bool' was invoked with a parameter that is not "
            "valid. The value cannot be converted to the target type.",
        ),
        (
            "addMinutes(triggerBody()['name'], 5)",
            "In function 'addMinutes', the value provided for date time string 'Ada' was not "
            "valid. The datetime string must match ISO 8601 format.",
        ),
    ],
)
def test_a_function_given_a_value_it_cannot_take_fails_in_the_runtimes_words(
    reqres_server, expression, message
):
    wf = define(
        reqres_server,
        {
            "Step": {"type": "Compose", "inputs": "@" + expression},
            "Response": respond("ok", 200, {"Step": ["Succeeded"]}),
        },
    )
    call(wf, {"name": "Ada"})
    error = wf.runs[0].wait().actions["Step"].error
    assert error == {
        "code": "InvalidTemplate",
        "message": "Unable to process template language expressions in action 'Step' inputs at "
        f"line '0' and column '0': '{message}'.",
    }


def test_a_property_name_that_starts_with_at_is_an_expression(reqres_server):
    """Users' notes of failed deployments: the runtime evaluates a property name that starts
    with '@' ("@@odata.type" sends "@odata.type"); a name with an '@' further on is text."""
    wf = define(
        reqres_server,
        {
            "Response": respond(
                {
                    "@@odata.type": "#Microsoft.Dynamics.CRM.contact",
                    "owner@odata.bind": "/systemusers(1)",
                    "@{triggerBody()['field']}": "@triggerBody()['value']",
                    "@concat('x-', triggerBody()['field'])": True,
                    "@@": "at",
                }
            )
        },
    )
    assert call(wf, {"field": "lastname", "value": "Lovelace"}).json() == {
        "@odata.type": "#Microsoft.Dynamics.CRM.contact",
        "owner@odata.bind": "/systemusers(1)",
        "lastname": "Lovelace",
        "x-lastname": True,
        "@": "at",
    }


def test_a_property_name_written_with_one_at_and_no_call_refuses_the_definition(reqres_server):
    """ "Unable to parse template language expression 'odata.type': expected token
    'LeftParenthesis' and actual 'Dot'." when the workflow is activated (users' notes)."""
    with pytest.raises(DefinitionError) as caught:
        define(reqres_server, {"Response": respond({"@odata.type": "#x"})})
    assert caught.value.pointer == "/actions/Response/inputs/body/@odata.type"
    assert str(caught.value.message).startswith(
        "Unable to parse template language expression 'odata.type': expected token "
        "'LeftParenthesis' and actual 'Dot'. (the property name '@odata.type' starts with '@', "
        "so the runtime reads it as an expression; write '@@' for a literal '@')"
    )
    assert reqres_server.workflows == []


def test_schemas_written_by_the_designer_name_odata_properties_with_two_ats(reqres_server):
    """The designer escapes property names in schemas ("@@odata.etag", exported definitions in
    many public repositories): the trigger and Parse JSON check the body's "@odata.etag"."""
    schema = {
        "type": "object",
        "properties": {"@@odata.etag": {"type": "string"}},
        "required": ["@@odata.etag"],
    }
    (wf,) = reqres_server.add_definition(
        "wf",
        {
            "triggers": {
                "manual": {
                    "type": "Request",
                    "kind": "Http",
                    "inputs": {"schema": schema},
                    "operationOptions": "EnableSchemaValidation",
                }
            },
            "actions": {
                "Parse": {
                    "type": "ParseJson",
                    "inputs": {"content": "@string(triggerBody())", "schema": schema},
                },
                "Response": respond("@body('Parse')", 200, {"Parse": ["Succeeded"]}),
            },
        },
    )
    assert call(wf, {"@odata.etag": 'W/"1"'}).json() == {"@odata.etag": 'W/"1"'}
    refused = call(wf, {"@odata.etag": 1})
    assert refused.status_code == 400
    assert "Invalid type. Expected String but got Integer." in refused.json()["error"]["message"]


def test_a_parse_json_schema_built_by_an_expression_is_read_when_the_action_runs(reqres_server):
    wf = define(
        reqres_server,
        {
            "Parse": {
                "type": "ParseJson",
                "inputs": {
                    "content": "@triggerBody()",
                    "schema": {"type": "object", "required": ["@triggerBody()?['must']"]},
                },
            },
            "Response": respond("ok", 200, {"Parse": ["Succeeded"]}),
        },
    )
    assert call(wf, {"must": "id", "id": 1}).status_code == 200
    assert call(wf, {"must": "name"}).status_code == 502
    errors = wf.runs[1].wait().actions["Parse"].outputs["errors"]
    assert errors[0]["message"] == "Required properties are missing from object: name."


def test_a_trigger_schema_property_named_with_one_at_refuses_the_definition(reqres_server):
    with pytest.raises(DefinitionError) as caught:
        define(reqres_server, {}, schema={"properties": {"@odata.etag": {"type": "string"}}})
    assert caught.value.pointer == "/triggers/manual/inputs/schema/properties/@odata.etag"
    assert "expected token 'LeftParenthesis' and actual 'Dot'" in caught.value.message
    assert "write '@@' for a literal '@'" in caught.value.message


def test_a_tracked_property_named_by_an_expression_is_recorded_by_its_value(reqres_server):
    wf = define(
        reqres_server,
        {
            "Step": {
                "type": "Compose",
                "inputs": 1,
                "trackedProperties": {"@{concat('order-', 'id')}": "@triggerBody()['id']"},
            },
        },
    )
    call(wf, {"id": 7})
    assert wf.runs[0].wait().actions["Step"].tracked_properties == {"order-id": 7}
    listing = requests.get(f"{reqres_server.url}/_reqres/runs", timeout=10)
    assert listing.status_code == 200


@pytest.mark.parametrize(
    ("action", "message"),
    [
        # Azure/Azure-Sentinel#759 and microsoft/coe-starter-kit#10911: "for action", and a
        # null's selection ends with "cannot be selected."
        (
            {"type": "If", "expression": "@equals(triggerBody()?['a']['statusCode'], 200)"},
            "Unable to process template language expressions for action 'Step' at line '0' and "
            "column '0': 'The template language expression 'equals(triggerBody()?['a']"
            "['statusCode'], 200)' cannot be evaluated because property 'statusCode' cannot be "
            f"selected. {USAGE}'.",
        ),
        (
            {"type": "Switch", "expression": "@length(triggerBody()?['a'])", "cases": {}},
            "Unable to process template language expressions for action 'Step' at line '0' and "
            "column '0': 'The template language function 'length' expects its parameter to be "
            "an array or a string. The provided value is of type 'Null'. Please see "
            "https://aka.ms/logicexpressions#length for usage details.'.",
        ),
        # microsoft/powercat-business-approvals-kit#218, a real run
        (
            {
                "type": "Query",
                "inputs": {"from": "@createArray(1)", "where": "@equals(item()['x'], 1)"},
            },
            "The execution of template action 'Step' failed: The evaluation of 'query' action "
            "'where' expression '@equals(item()['x'], 1)' failed: 'The template language "
            "expression 'equals(item()['x'], 1)' cannot be evaluated because property 'x' "
            "cannot be selected. Property selection is not supported on values of type "
            "'Integer'. Please see https://aka.ms/logicexpressions for usage details.'.",
        ),
    ],
)
def test_conditions_and_queries_fail_in_their_own_sentences(reqres_server, action, message):
    wf = define(reqres_server, {"Step": action})
    call(wf, {})
    error = wf.runs[0].wait().actions["Step"].error
    assert error == {"code": "InvalidTemplate", "message": message}


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        # (a literal null is refused on save: tests/test_control_records.py)
        (
            "@body(json('null'))",
            "'body' expects its parameter to be a string. The provided value is",
        ),
        # the cloud's sentences, with the name as written (tomdam/flowforger
        # packages/expressions/src/arity.ts, generated from a run against Power Automate)
        ("@triggerBody(1)", "'triggerBody' must not have any parameters."),
        ("@VARIABLES('a', 'b')", "'VARIABLES' must have only one parameter."),
    ],
)
def test_workflow_functions_given_the_wrong_parameters_say_so(reqres_server, expression, fragment):
    wf = define(reqres_server, {"Step": {"type": "Compose", "inputs": expression}})
    call(wf, {})
    assert fragment in wf.runs[0].wait().actions["Step"].error["message"]


def test_switch_scope_and_result(reqres_server):
    wf = define(
        reqres_server,
        {
            "Route": {
                "type": "Switch",
                "expression": "@triggerBody()?['kind']",
                "cases": {
                    "Order": {
                        "case": "order",
                        "actions": {"O": {"type": "Compose", "inputs": "o"}},
                    },
                    "Refund": {
                        "case": "refund",
                        "actions": {"R": {"type": "Compose", "inputs": "r"}},
                    },
                },
                "default": {"actions": {"D": {"type": "Compose", "inputs": "d"}}},
            },
            "Work": {
                "type": "Scope",
                "actions": {
                    "One": {"type": "Compose", "inputs": 1},
                    "Two": {"type": "Compose", "inputs": 2},
                },
                "runAfter": {"Route": ["Succeeded"]},
            },
            "Response": respond(
                {
                    "case": "@if(equals(actions('O')['status'], 'Succeeded'), 'order', 'other')",
                    "scope": "@length(result('Work'))",
                    "first": "@first(result('Work'))['outputs']",
                },
                200,
                {"Work": ["Succeeded"]},
            ),
        },
    )
    assert call(wf, {"kind": "order"}).json() == {"case": "order", "scope": 2, "first": 1}
    assert call(wf, {"kind": "other"}).json()["case"] == "other"
    default_run = wf.wait_for_runs(2)[1].wait()
    assert default_run.actions["D"].status == "Succeeded"
    assert default_run.actions["O"].status == "Skipped"


def test_foreach_until_and_variables(reqres_server):
    wf = define(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {
                    "variables": [
                        {"name": "names", "type": "array", "value": []},
                        {"name": "count", "type": "integer", "value": 0},
                        {"name": "text", "type": "string", "value": ""},
                    ]
                },
            },
            "Each": {
                "type": "Foreach",
                "foreach": "@triggerBody()['people']",
                "actions": {
                    "Add": {
                        "type": "AppendToArrayVariable",
                        "inputs": {"name": "names", "value": "@toUpper(items('Each')['name'])"},
                    },
                    "Concat": {
                        "type": "AppendToStringVariable",
                        "inputs": {"name": "text", "value": "@{item()['name']};"},
                        "runAfter": {"Add": ["Succeeded"]},
                    },
                },
                "runAfter": {"Init": ["Succeeded"]},
            },
            "Loop": {
                "type": "Until",
                "expression": "@greaterOrEquals(variables('count'), 3)",
                "limit": {"count": 10},
                "actions": {
                    "Inc": {"type": "IncrementVariable", "inputs": {"name": "count", "value": 1}}
                },
                "runAfter": {"Each": ["Succeeded"]},
            },
            "Response": respond(
                {
                    "names": "@variables('names')",
                    "count": "@variables('count')",
                    "text": "@variables('text')",
                },
                200,
                {"Loop": ["Succeeded"]},
            ),
        },
    )
    reply = call(wf, {"people": [{"name": "ada"}, {"name": "bob"}]})
    assert reply.json() == {"names": ["ADA", "BOB"], "count": 3, "text": "ada;bob;"}
    run = wf.runs[0].wait()
    assert run.variables["count"] == 3
    assert run.actions["Loop"].iterations == 3


def test_set_variable_of_the_wrong_type_fails(reqres_server):
    wf = define(
        reqres_server,
        {
            "Init": {
                "type": "InitializeVariable",
                "inputs": {"variables": [{"name": "n", "type": "integer", "value": 1}]},
            },
            "Set": {
                "type": "SetVariable",
                "inputs": {"name": "n", "value": "text"},
                "runAfter": {"Init": ["Succeeded"]},
            },
        },
    )
    call(wf)
    run = wf.runs[0].wait()
    assert run.actions["Set"].status == "Failed"
    assert "cannot be set to a value of type 'String'" in run.actions["Set"].error["message"]
    assert run.status is RunStatus.FAILED


def test_a_variable_read_before_it_is_initialized_fails_in_the_runtimes_words(reqres_server):
    # Azure/logicapps#1447 (Consumption, 2025): the second variable of an InitializeVariable
    # reads the first, which the action has not set yet
    wf = define(
        reqres_server,
        {
            "Initialize_variables": {
                "type": "InitializeVariable",
                "inputs": {
                    "variables": [
                        {"name": "alert-resource-name", "type": "string", "value": "thhhhhh"},
                        {
                            "name": "alert-logic-app-name",
                            "type": "string",
                            "value": "@{substring(variables('alert-resource-name'), 0, 2)}",
                        },
                    ]
                },
            },
        },
    )
    call(wf)
    run = wf.runs[0].wait()
    assert run.actions["Initialize_variables"].error == {
        "code": "InvalidTemplate",
        "message": "Unable to process template language expressions in action "
        "'Initialize_variables' inputs at line '0' and column '0': 'Template language "
        "expression cannot be evaluated: the template variable 'alert-resource-name' cannot be "
        "found.'.",
    }


def test_data_operations(reqres_server):
    wf = define(
        reqres_server,
        {
            "Parse": {
                "type": "ParseJson",
                "inputs": {
                    "content": "@triggerBody()",
                    "schema": {"type": "object", "required": ["items"]},
                },
            },
            "Filter": {
                "type": "Query",
                "inputs": {
                    "from": "@body('Parse')['items']",
                    "where": "@greater(item()['qty'], 1)",
                },
                "runAfter": {"Parse": ["Succeeded"]},
            },
            "Names": {
                "type": "Select",
                "inputs": {"from": "@body('Filter')", "select": {"sku": "@item()['sku']"}},
                "runAfter": {"Filter": ["Succeeded"]},
            },
            "Joined": {
                "type": "Join",
                "inputs": {"from": "@createArray('a', 'b')", "joinWith": "|"},
                "runAfter": {"Names": ["Succeeded"]},
            },
            "Csv": {
                "type": "Table",
                "inputs": {"from": "@body('Names')", "format": "CSV"},
                "runAfter": {"Joined": ["Succeeded"]},
            },
            "Response": respond(
                {"names": "@body('Names')", "joined": "@body('Joined')", "csv": "@body('Csv')"},
                200,
                {"Csv": ["Succeeded"]},
            ),
        },
    )
    items = [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}, {"sku": "C", "qty": 5}]
    assert call(wf, {"items": items}).json() == {
        "names": [{"sku": "B"}, {"sku": "C"}],
        "joined": "a|b",
        "csv": "sku\r\nB\r\nC\r\n",
    }
    assert call(wf, {"nothing": 1}).status_code == 502
    failed = wf.wait_for_runs(2)[1].wait().actions["Parse"]
    assert failed.error["code"] == "ValidationFailed"


def test_terminate_sets_the_run_status(reqres_server):
    wf = define(
        reqres_server,
        {
            "Stop": {
                "type": "Terminate",
                "inputs": {
                    "runStatus": "Failed",
                    "runError": {"code": "Nope", "message": "stopped"},
                },
            },
            "After": {"type": "Compose", "inputs": 1, "runAfter": {"Stop": ["Succeeded"]}},
        },
    )
    assert call(wf).status_code == 202
    run = wf.runs[0].wait()
    assert run.status is RunStatus.FAILED
    assert run.failure == {"code": "Nope", "message": "stopped"}
    # What did not run is in the history as Skipped (LogicAppUnit's BuiltInConnectorWorkflow
    # test: after Terminate, Send_message_to_Topic is Skipped).
    assert run.actions["After"].status == "Skipped"


def test_wait_honours_the_wait_scale():
    with MockServer(config=ServerConfig(wait_scale=0)) as server:
        wf = define(
            server,
            {
                "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Hour"}}},
                "Response": respond("done", 200, {"Pause": ["Succeeded"]}),
            },
        )
        assert call(wf).text == "done"


def call_child(**inputs: Any) -> dict[str, Any]:
    """A Workflow action calling the workflow ``child`` by its manual trigger."""
    host = {
        "workflow": {"id": "/subscriptions/x/providers/Microsoft.Logic/workflows/child"},
        "triggerName": "manual",
    }
    return {"type": "Workflow", "inputs": {"host": host, **inputs}}


def test_nested_workflow_call(reqres_server):
    reqres_server.add_definition(
        "child",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {"Response": respond({"doubled": "@mul(triggerBody()['n'], 2)"})},
        },
    )
    wf = define(
        reqres_server,
        {
            "Call_child": call_child(body={"n": "@triggerBody()['n']"}),
            "Response": respond("@body('Call_child')", 200, {"Call_child": ["Succeeded"]}),
        },
    )
    assert call(wf, {"n": 21}).json() == {"doubled": 42}
    assert len(reqres_server.workflow("child").runs) == 1


@pytest.mark.parametrize(
    ("child_status", "status", "code"),
    [(200, "Succeeded", "OK"), (400, "Failed", "BadRequest"), (404, "Failed", "NotFound")],
)
def test_a_workflow_actions_code_is_its_childs_response_status(
    reqres_server, child_status, status, code
):
    """Its child's Response status by .NET's name, and no error, as an Http action's
    (tomdam/flowforger packages/engine/src/__tests__/http-child-cloud.test.ts, measured
    against Power Automate by conformance/flows/child-flow.ff.ts)."""
    reqres_server.add_definition(
        "child",
        {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {"Response": respond({"error": "bad"}, child_status)},
        },
    )
    wf = define(
        reqres_server,
        {
            "Call_child": call_child(),
            "Response": respond(
                {"code": "@actions('Call_child')['code']", "body": "@body('Call_child')"},
                200,
                {"Call_child": ["Succeeded", "Failed"]},
            ),
        },
    )
    assert call(wf).json() == {"code": code, "body": {"error": "bad"}}
    child = wf.runs[0].wait().actions["Call_child"]
    assert (child.status, child.code, child.error) == (status, code, None)
    assert child.outputs["statusCode"] == child_status


def test_cloud_actions_are_stubbed_by_name(reqres_server):
    wf = define(
        reqres_server,
        {
            "Call_CRM": {
                "type": "Http",
                "inputs": {"method": "GET", "uri": "https://crm.example/x/@{triggerBody()['id']}"},
            },
            "Response": respond(
                {"crm": "@body('Call_CRM')", "status": "@outputs('Call_CRM')['statusCode']"},
                200,
                {"Call_CRM": ["Succeeded", "Failed"]},
            ),
        },
    )
    wf.stub_action("Call_CRM", status=200, body={"name": "Ada"})
    assert call(wf, {"id": 7}).json() == {"crm": {"name": "Ada"}, "status": 200}
    assert wf.runs[0].wait().actions["Call_CRM"].inputs["uri"] == "https://crm.example/x/7"
    wf.stub_action("Call_CRM", handler=lambda inputs: {"statusCode": 503, "body": inputs["uri"]})
    reply = call(wf, {"id": 8})
    assert reply.json() == {"crm": "https://crm.example/x/8", "status": 503}
    assert wf.wait_for_runs(2)[1].wait().actions["Call_CRM"].status == "Failed"


def test_an_unstubbed_cloud_action_fails_the_run_and_the_test(reqres_server):
    wf = define(
        reqres_server,
        {
            "Call_CRM": {"type": "ApiConnection", "inputs": {}},
            "Response": respond("ok", 200, {"Call_CRM": ["Succeeded"]}),
        },
    )
    assert call(wf).status_code == 502
    run = wf.runs[0].wait()
    assert run.actions["Call_CRM"].error["code"] == "ActionNotStubbed"
    with pytest.raises(UnstubbedActionError, match=r"wf.stub_action\('Call_CRM'"):
        reqres_server.check()


@pytest.mark.parametrize("kind", ["XmlValidation", "ChunkText", "FlatFileDecoding"])
def test_a_built_in_action_the_mock_does_not_run_says_so_and_can_be_stubbed(reqres_server, kind):
    """XML validation, flat files and the gallery's AI data operations run inside the runtime
    and call nothing outside it (survey of 12 real Standard projects and Microsoft's template
    gallery): the refusal must not say they call out, and a stub stands in for them."""
    liquid = {"content": "@triggerBody()", "map": {"source": "LogicApp", "name": "m.liquid"}}
    wf = define(
        reqres_server,
        {
            "Transform": {"type": kind, "kind": "JsonToJson", "inputs": liquid},
            "Response": respond("@body('Transform')", 200, {"Transform": ["Succeeded"]}),
        },
    )
    assert call(wf).status_code == 502
    error = wf.runs[0].wait().actions["Transform"].error
    assert error["code"] == "ActionNotStubbed"
    assert f"of type '{kind}' runs inside the Logic Apps runtime" in error["message"]
    assert "call out" not in error["message"]
    with pytest.raises(UnstubbedActionError, match="does not run it"):
        reqres_server.check()
    wf.stub_action("Transform", status=200, body={"fullName": "Dean Ledet"})
    assert call(wf).json() == {"fullName": "Dean Ledet"}


def test_a_second_response_fails(reqres_server):
    wf = define(
        reqres_server, {"First": respond(1), "Second": respond(2, 200, {"First": ["Succeeded"]})}
    )
    assert call(wf).json() == 1
    run = wf.runs[0].wait()
    assert run.actions["Second"].error["code"] == "ActionResponseAlreadySent"


@pytest.mark.reqres(allow_unexpected=True)
def test_trigger_conditions_skip_without_a_run(reqres_server):
    wf = define(
        reqres_server,
        {"Response": respond("ran")},
        conditions=[{"expression": "@equals(triggerBody()?['go'], true)"}],
    )
    skipped = call(wf, {"go": False})
    assert skipped.status_code == 202
    assert "x-ms-workflow-run-id" not in skipped.headers
    assert wf.runs == []
    assert wf.calls[0].status is RunStatus.SKIPPED
    assert call(wf, {"go": True}).text == "ran"


def test_a_trigger_condition_that_cannot_be_evaluated_is_refused_in_the_languages_words(
    reqres_server,
):
    wf = define(
        reqres_server,
        {"Response": respond("ran")},
        conditions=[{"expression": "@equals(triggerBody()['go']['now'], true)"}],
    )
    refused = call(wf, {"go": 1})
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "code": "InvalidTemplate",
        "message": "Unable to process template language expressions in trigger 'manual' "
        "conditions or correlation: 'The template language expression "
        "'equals(triggerBody()['go']['now'], true)' cannot be evaluated because property 'now' "
        "cannot be selected. Property selection is not supported on values of type 'Integer'. "
        f"{USAGE}'.",
    }


def test_a_response_header_with_a_line_break_fails_the_response_and_is_never_sent(
    reqres_server,
):
    """A header value that would start a header of its own (Kestrel refuses it: "Invalid
    non-ASCII or control character in header"); the mock's code, no capture of Azure's."""
    wf = define(
        reqres_server,
        {
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": {"X-Lit": "@{decodeUriComponent('a%0d%0aX-Evil: 1')}"},
                    "body": "x",
                },
            }
        },
    )
    reply = call(wf, {})
    assert reply.status_code == 502
    assert "X-Evil" not in reply.headers
    error = wf.runs[0].wait().actions["Response"].error
    assert error["code"] == "InvalidResponse"
    assert "'X-Lit' holds a line break or NUL character" in error["message"]


def test_correlation_sets_the_client_tracking_id(reqres_server):
    wf = define(
        reqres_server,
        {"Response": respond("@trigger()['clientTrackingId']")},
        correlation={"clientTrackingId": "@triggerBody()['orderId']"},
    )
    reply = call(wf, {"orderId": "ord-9"})
    assert reply.headers["x-ms-client-tracking-id"] == "ord-9"
    assert reply.text == "ord-9"


def test_trigger_workflow_parameters_and_app_settings(reqres_server, tmp_path):
    project = tmp_path / "app"
    (project / "orders").mkdir(parents=True)
    (project / "local.settings.json").write_text(json.dumps({"Values": {"CRM_URL": "https://crm"}}))
    definition = {
        "definition": {
            "parameters": {"env": {"type": "string", "defaultValue": "dev"}},
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Response": respond(
                    {
                        "trigger": "@trigger()['name']",
                        "method": "@triggerOutputs()['headers']['X-Test']",
                        "workflow": "@workflow()['name']",
                        "run": "@equals(workflow()['run']['name'], trigger()['originHistoryName'])",
                        "env": "@parameters('env')",
                        "crm": "@appsetting('CRM_URL')",
                    }
                )
            },
        }
    }
    (project / "orders" / "workflow.json").write_text(json.dumps(definition))
    (wf,) = reqres_server.load(project / "orders" / "workflow.json", parameters={"env": "test"})
    reply = call(wf, {}, headers={"X-Test": "yes"})
    assert reply.json() == {
        "trigger": "manual",
        "method": "yes",
        "workflow": "orders",
        "run": True,
        "env": "test",
        "crm": "https://crm",
    }


@pytest.mark.parametrize(
    ("document", "outcome"),
    [
        pytest.param(lambda d: {"definition": d, "kind": "Stateful"}, "v", id="standard-reads"),
        pytest.param(lambda d: d, None, id="consumption-refuses"),
    ],
)
def test_appsetting_is_standard_only(reqres_server, document, outcome):
    """A Consumption workflow (Power Automate's runtime) fails appsetting(): "The template
    function 'appsetting' is not expected at this location.", measured in the cloud by
    tomdam/flowforger (packages/engine/src/expr/functions/references.ts)."""
    definition = {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {"Read": {"type": "Compose", "inputs": "@appsetting('X')"}},
    }
    (wf,) = reqres_server.add_definition("app", document(definition), app_settings={"X": "v"})
    call(wf, {})
    result = wf.runs[0].wait().actions["Read"]
    if outcome is not None:
        assert result.outputs == outcome
    else:
        assert result.error == {
            "code": "InvalidTemplate",
            "message": "Unable to process template language expressions in action 'Read' inputs "
            "at line '0' and column '0': 'The template function 'appsetting' is not expected at "
            "this location.'.",
        }


def test_form_data_functions(reqres_server):
    wf = define(
        reqres_server,
        {
            "Response": respond(
                {"one": "@triggerFormDataValue('a')", "many": "@triggerFormDataMultiValues('b')"}
            )
        },
    )
    reply = requests.post(
        wf.callback_url,
        data="a=1&b=x&b=y",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert reply.json() == {"one": "1", "many": ["x", "y"]}


BASE = "2024-03-10T08:30:00Z"


@pytest.mark.parametrize(
    ("kind", "inputs", "body"),
    [
        (
            "AddToTime",
            {"baseTime": BASE, "interval": 2, "timeUnit": "Day"},
            "2024-03-12T08:30:00.0000000Z",
        ),
        (
            "SubtractFromTime",
            {"baseTime": BASE, "interval": 1, "timeUnit": "Hour", "formatString": "HH:mm"},
            "07:30",
        ),
        (
            "ConvertTimeZone",
            {
                "baseTime": BASE,
                "sourceTimeZone": "UTC",
                "destinationTimeZone": "Taipei Standard Time",
                "formatString": "yyyy-MM-dd HH:mm",
            },
            "2024-03-10 16:30",
        ),
    ],
)
def test_the_date_time_actions_are_their_workflow_functions(reqres_server, kind, inputs, body):
    """The Date Time built-in actions (type Expression) compute inside the runtime: each is the
    workflow function of its name over its inputs, the result as body('X') (the shape published
    workflows use: ronaldbosma/track-availability-in-app-insights' Start_time, run by the real
    engine in its Automated Test SDK tests)."""
    wf = define(
        reqres_server,
        {
            "Time": {"type": "Expression", "kind": kind, "inputs": inputs},
            "Response": respond("@body('Time')", 200, {"Time": ["Succeeded"]}),
        },
    )
    assert call(wf).text == body  # a string body goes out as it is
    assert wf.runs[0].wait().actions["Time"].inputs == inputs


def test_current_and_relative_times_are_now(reqres_server):
    wf = define(
        reqres_server,
        {
            "Now": {"type": "Expression", "kind": "CurrentTime", "inputs": {}},
            "Later": {
                "type": "Expression",
                "kind": "GetFutureTime",
                "inputs": {"interval": 1, "timeUnit": "Day", "formatString": "yyyy-MM-dd"},
                "runAfter": {"Now": ["Succeeded"]},
            },
            "Response": respond(
                {"now": "@body('Now')", "later": "@body('Later')"}, 200, {"Later": ["Succeeded"]}
            ),
        },
    )
    body = call(wf).json()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", body["now"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", body["later"]) and body["later"] > body["now"][:10]


def test_a_date_time_action_with_bad_inputs_or_kind_fails_saying_why(reqres_server):
    wf = define(
        reqres_server,
        {
            "Bad": {"type": "Expression", "kind": "AddToTime", "inputs": {"baseTime": "never"}},
            "Odd": {"type": "Expression", "kind": "MoonPhase", "inputs": {}},
        },
    )
    call(wf)
    run = wf.runs[0].wait()
    assert run.actions["Bad"].error["code"] == "InvalidTemplate"
    assert run.actions["Bad"].inputs == {"baseTime": "never"}
    assert "'MoonPhase' is not one reqres-mock runs" in run.actions["Odd"].error["message"]


def test_a_loop_in_a_container_skipped_in_a_later_pass_keeps_the_status_it_ran_with(
    reqres_server,
):
    """Inside an outer Foreach, a Scope skipped in the second pass must not turn the Foreach it
    holds (which ran and succeeded in the first pass) into Skipped: a container is never
    Skipped while what it holds Succeeded (the third review's reproduction)."""
    inner_loop = {
        "type": "Foreach",
        "foreach": "@createArray(1, 2)",
        "actions": {"Leaf": {"type": "Compose", "inputs": "@items('Inner_Loop')"}},
    }
    wf = define(
        reqres_server,
        {
            "Loop": {
                "type": "Foreach",
                "foreach": "@createArray(1, 2)",
                "operationOptions": "Sequential",
                "actions": {
                    "Check": {"type": "Compose", "inputs": "@div(1, sub(2, items('Loop')))"},
                    "Inner_Scope": {
                        "type": "Scope",
                        "actions": {"Inner_Loop": inner_loop},
                        "runAfter": {"Check": ["Succeeded"]},
                    },
                },
            },
            "Response": respond("done", 200, {"Loop": ["Succeeded", "Failed"]}),
        },
    )
    call(wf)
    actions = wf.runs[0].wait().actions
    assert actions["Inner_Scope"].status == "Succeeded"  # Succeeded, then Skipped: Succeeded
    assert actions["Inner_Loop"].status == "Succeeded"
    assert actions["Leaf"].status == "Succeeded"
