"""Schema validation (EnableSchemaValidation) and schema reminders."""

from __future__ import annotations

import pytest
import requests

from reqres_mock import MockServer, ReminderError, SchemaReminder
from reqres_mock.protocol.schema import compile_schema, validate

ORDER = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}


def test_validation_on_rejects_with_the_logic_apps_message(reqres_server):
    """The details come in the body's order, as Newtonsoft.Json.Schema's validating reader
    meets them: ``id``'s type when ``id`` is read, the object's ``required`` at its end
    (JamesNK/Newtonsoft.Json.Schema ``Infrastructure/Validation/ObjectScope.cs``)."""
    wf = reqres_server.add_workflow("orders", schema=ORDER, validate_schema=True)
    reply = requests.post(wf.callback_url, json={"id": "7"}, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["error"] == {
        "code": "TriggerInputSchemaMismatch",
        "message": "The input body for trigger 'manual' of type 'Request' did not match its "
        "schema definition. Error details: 'Invalid type. Expected Integer but got String.,"
        "Required properties are missing from object: name.'.",
    }
    assert wf.runs == [] and len(wf.rejected) == 1


def test_validation_on_accepts_a_matching_body(reqres_server):
    wf = reqres_server.add_workflow("orders", schema=ORDER, validate_schema=True)
    assert requests.post(wf.callback_url, json={"id": 7, "name": "x"}, timeout=5).status_code == 202
    reqres_server.check()  # no reminder for a good call


def test_operation_option_spelling_enables_validation(reqres_server):
    wf = reqres_server.add_workflow(
        "orders", schema=ORDER, operation_options="EnableSchemaValidation"
    )
    assert requests.post(wf.callback_url, json={}, timeout=5).status_code == 400


def test_validation_on_with_a_missing_body_reports_null(reqres_server):
    wf = reqres_server.add_workflow("orders", schema=ORDER, validate_schema=True)
    message = requests.post(wf.callback_url, timeout=5).json()["error"]["message"]
    assert "Invalid type. Expected Object but got Null." in message


def test_mismatch_with_validation_off_runs_and_reminds(reqres_server):
    wf = reqres_server.add_workflow("orders", schema=ORDER)
    assert requests.post(wf.callback_url, json={"id": 7}, timeout=5).status_code == 202
    (run,) = wf.runs
    assert len(run.reminders) == 1
    with pytest.warns(SchemaReminder, match="Required properties are missing from object: name"):
        reqres_server.check()
    reqres_server.check()  # each reminder surfaces once


def test_non_json_content_type_with_a_schema_reminds(reqres_server):
    wf = reqres_server.add_workflow("orders", schema=ORDER)
    requests.post(wf.callback_url, data=b'{"id": 7, "name": "x"}', timeout=5)
    with pytest.warns(SchemaReminder, match="Send 'Content-Type: application/json'"):
        wf.wait_for_runs(1)


def test_reminders_can_fail_the_test():
    with MockServer(reminders="error") as server:
        wf = server.add_workflow("orders", schema=ORDER)
        requests.post(wf.callback_url, json={}, timeout=5)
        with pytest.raises(ReminderError, match="does not match the trigger's schema"):
            server.check()


def test_reminders_can_be_ignored():
    with MockServer(reminders="ignore") as server:
        wf = server.add_workflow("orders", schema=ORDER)
        requests.post(wf.callback_url, json={}, timeout=5)
        server.check()
        assert wf.runs[0].reminders, "still recorded on the run"


def test_bodyless_get_with_a_schema_does_not_remind(reqres_server):
    wf = reqres_server.add_workflow("orders", schema=ORDER, method="GET")
    assert requests.get(wf.callback_url, timeout=5).status_code == 202
    assert wf.runs[0].reminders == []


@pytest.mark.parametrize(
    ("schema", "body", "message"),
    [
        pytest.param({"type": "string"}, 1, "Invalid type. Expected String but got Integer."),
        pytest.param(
            {"type": ["null", "string"]}, 1.5, "Invalid type. Expected String, Null but got Number."
        ),
        pytest.param({"enum": ["a", "b"]}, "c", 'Value "c" is not defined in enum.'),
        pytest.param({"minLength": 3}, "ab", "String 'ab' is less than minimum length of 3."),
        pytest.param({"maxLength": 1}, "ab", "String 'ab' exceeds maximum length of 1."),
        pytest.param({"pattern": "^a"}, "b", "String 'b' does not match regex pattern '^a'."),
        pytest.param({"minimum": 5}, 1, "Integer 1 is less than minimum value of 5."),
        pytest.param({"maximum": 5}, 9, "Integer 9 exceeds maximum value of 5."),
        pytest.param({"minItems": 1}, [], "Array item count 0 is less than minimum count of 1."),
        pytest.param({"maxItems": 0}, [1], "Array item count 1 exceeds maximum count of 0."),
        pytest.param(
            {"properties": {"a": {}}, "additionalProperties": False},
            {"a": 1, "b": 2},
            "Property 'b' has not been defined and the schema does not allow additional "
            "properties.",
            id="additionalProperties",
        ),
        pytest.param(
            {"format": "email", "type": "string"},
            "nope",
            "String 'nope' does not validate against format 'email'.",
            id="format",
        ),
        pytest.param(
            {"required": ["a", "b"]},
            {},
            "Required properties are missing from object: a, b.",
            id="required-grouped",
        ),
    ],
)
def test_validation_messages_use_newtonsoft_wording(schema, body, message):
    problems = validate(compile_schema(schema), body)
    assert [m for _, m in problems] == [message]


def test_nested_paths_are_reported():
    schema = {"properties": {"items": {"items": {"type": "integer"}}}}
    assert validate(compile_schema(schema), {"items": [1, "x"]}) == [
        ("items[1]", "Invalid type. Expected Integer but got String.")
    ]


def test_an_empty_required_list_requires_nothing_as_newtonsoft_reads_it(reqres_server):
    """Azure's "Export template" writes ``"required": []`` into deployed workflows
    (kyos-public/logicapp-template FinalTermination.json, a ParseJson schema's array items);
    Newtonsoft.Json.Schema does not check schemas against draft 4's meta-schema, which wants one
    name at least. The rest of the schema still validates."""
    schema = {
        "type": "object",
        "properties": {
            "value": {"type": "array", "items": {"type": "object", "required": []}},
            "required": {"type": "string"},  # a property of that name is still a property
        },
        "required": ["value"],
    }
    wf = reqres_server.add_workflow("devices", schema=schema, validate_schema=True)
    good = {"value": [{}], "required": "x"}
    assert requests.post(wf.callback_url, json=good, timeout=5).status_code == 202
    reply = requests.post(wf.callback_url, json={"required": 1}, timeout=5)
    assert reply.status_code == 400
    assert "Required properties are missing from object: value." in reply.text
    assert "Invalid type. Expected String but got Integer." in reply.text
