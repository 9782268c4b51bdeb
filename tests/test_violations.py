"""Bodies that break exactly one named constraint, and the 400 the mock answers them with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from reqres_mock import ConfigurationError, FakeDataError
from reqres_mock.protocol.schema import compile_schema, validate
from reqres_mock.schematools.violations import CONSTRAINTS, fake_invalid_body

SCHEMAS = Path(__file__).parent / "data" / "schemas"
ORDER = json.loads((SCHEMAS / "order.json").read_text())
PERSON = json.loads((SCHEMAS / "person.json").read_text())
EVENT = json.loads((SCHEMAS / "event.json").read_text())

#: constraint → (schema, the start of the one Logic Apps error detail it must cause)
CASES = {
    "required": (ORDER, "Required properties are missing from object: "),
    "type": (ORDER, "Invalid type. Expected "),
    "enum": (ORDER, "Value "),
    "const": (EVENT, "Value "),
    "minLength": (ORDER, "String '"),
    "maxLength": (ORDER, "String '"),
    "pattern": (ORDER, "String '"),
    "format": (ORDER, "String '"),
    "minimum": (ORDER, "Integer "),
    "maximum": (ORDER, "Integer "),
    "exclusiveMinimum": (ORDER, ""),
    "exclusiveMaximum": (
        EVENT,
        "Integer 10 equals maximum value of 10 and exclusive maximum is true.",
    ),
    "multipleOf": (ORDER, "Float "),
    "minItems": (ORDER, "Array item count 0 is less than minimum count of 1."),
    "maxItems": (ORDER, "Array item count 6 exceeds maximum count of 5."),
    "uniqueItems": (ORDER, "Non-unique array item at index "),
    "additionalProperties": (ORDER, "Property 'unexpectedProperty' has not been defined"),
    "minProperties": (EVENT, "Object property count 0 is less than minimum count of 1."),
    "maxProperties": (PERSON, "Object property count 10 exceeds maximum count of 9."),
}


def test_every_constraint_has_a_case():
    assert set(CASES) == set(CONSTRAINTS)


@pytest.mark.parametrize("constraint", CONSTRAINTS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_body_breaks_exactly_the_named_constraint(constraint, seed):
    schema, detail = CASES[constraint]
    body = fake_invalid_body(schema, constraint, seed=seed)
    problems = validate(compile_schema(schema), body)
    assert len(problems) == 1, problems
    assert problems[0][1].startswith(detail), problems


@pytest.mark.parametrize("constraint", CONSTRAINTS)
def test_the_mock_answers_400_trigger_input_schema_mismatch(reqres_server, constraint):
    """Over real HTTP with validate_schema=True, each invalid body gets one error detail."""
    schema, detail = CASES[constraint]
    wf = reqres_server.add_workflow("orders", schema=schema, validate_schema=True)
    reply = requests.post(wf.callback_url, json=wf.fake_invalid_body(constraint, seed=4), timeout=5)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "TriggerInputSchemaMismatch"
    prefix = "The input body for trigger 'manual' of type 'Request' did not match its schema "
    assert error["message"].startswith(f"{prefix}definition. Error details: '{detail}")
    assert wf.runs == [] and len(wf.rejected) == 1


def test_the_same_seed_gives_the_same_invalid_body():
    assert fake_invalid_body(ORDER, "pattern", seed=7) == fake_invalid_body(
        ORDER, "pattern", seed=7
    )


def test_a_leaf_is_broken_before_the_whole_body():
    body = fake_invalid_body(ORDER, "type", seed=1)
    assert isinstance(body, dict)
    (problem,) = validate(compile_schema(ORDER), body)
    assert problem[0] != ""


def test_at_breaks_the_constraint_at_that_place():
    body = fake_invalid_body(ORDER, "type", seed=1, at="/customer/email")
    assert validate(compile_schema(ORDER), body) == [
        ("customer.email", "Invalid type. Expected String but got Integer.")
    ]


def test_a_number_sent_as_a_string_is_the_first_type_mistake_tried():
    body = fake_invalid_body(ORDER, "type", seed=1, at="/priority")
    assert isinstance(body["priority"], str) and body["priority"].isdigit()


def test_no_constraint_named_breaks_the_first_the_schema_has():
    body = fake_invalid_body(ORDER, seed=1)
    (problem,) = validate(compile_schema(ORDER), body)
    assert problem[1].startswith("Required properties are missing from object: ")


def test_an_unknown_constraint_lists_the_valid_ones():
    with pytest.raises(ConfigurationError, match="constraint must be one of required, type, "):
        fake_invalid_body(ORDER, "maximumm")


def test_a_constraint_the_schema_lacks_is_a_clear_error():
    with pytest.raises(
        FakeDataError, match=r"the schema has no 'pattern' constraint that a body can break alone$"
    ):
        fake_invalid_body(PERSON, "pattern", seed=1)


def test_a_constraint_the_validator_ignores_says_why():
    """A schema that names draft-04 has no const (Newtonsoft.Json.Schema reads it as that
    draft's), so its const cannot be broken."""
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"v": {"const": 1}},
        "required": ["v"],
    }
    with pytest.raises(FakeDataError, match="the validator does not check it"):
        fake_invalid_body(schema, "const", seed=1)


def test_a_constraint_that_cannot_fail_alone_says_why():
    schema = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}
    schema["minProperties"] = 1
    with pytest.raises(FakeDataError, match="breaking it always breaks another constraint too"):
        fake_invalid_body(schema, "minProperties", seed=1)


def test_a_bad_at_pointer_is_refused():
    with pytest.raises(ConfigurationError, match="at must be a JSON pointer"):
        fake_invalid_body(ORDER, "type", at="customer")
