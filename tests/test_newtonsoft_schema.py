"""Schemas read, checked and reported as Newtonsoft.Json.Schema does (the runtime's validator).

Sources: JamesNK/Newtonsoft.Json.Schema (commit b75bd65) ``Src/Newtonsoft.Json.Schema/``:
``Infrastructure/JSchemaReader.cs`` (``ProcessSchemaName``), ``Infrastructure/
SchemaVersionHelpers.cs`` (``EnsureVersion``: an unversioned schema takes every draft's
keywords), ``Infrastructure/Validation/*Scope.cs`` (messages, order, what each error carries),
``ValidationError.cs`` and ``ErrorType.cs`` (the error's shape), ``Infrastructure/Discovery/
JSchemaDiscovery.cs`` (``schemaId``). Captured Parse JSON outputs: Azure/logicapps#817 (Standard)
and microsoft/coe-starter-kit#1052 (the same engine in Power Automate); the action's message:
Azure/LogicAppsUX#6060.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from jsonschema import Draft4Validator

from reqres_mock import DefinitionError, fake_bodies
from reqres_mock.protocol.schema import compile_schema, json_path, problems, validate

DRAFT4 = "http://json-schema.org/draft-04/schema#"


def messages(schema: dict[str, Any], body: Any) -> list[str]:
    return [m for _, m in validate(compile_schema(schema), body)]


# --- which keywords count -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "good", "bad", "message"),
    [
        pytest.param({"const": "v1"}, "v1", "v2", 'Value "v2" does not match const.', id="const"),
        pytest.param(
            {"contains": {"type": "integer"}},
            ["a", 1],
            ["a", "b"],
            "No items match contains.",
            id="contains",
        ),
        pytest.param(
            {"propertyNames": {"maxLength": 3}},
            {"abc": 1},
            {"abcd": 1},
            "String 'abcd' exceeds maximum length of 3.",
            id="propertyNames",
        ),
        pytest.param(
            {
                "if": {"properties": {"kind": {"const": "card"}}},
                "then": {"required": ["number"]},
                "else": {"required": ["iban"]},
            },
            {"kind": "card", "number": "4111"},
            {"kind": "card", "iban": "DE00"},
            "JSON does not match schema from 'then'.",
            id="if-then",
        ),
        pytest.param(
            {"dependentRequired": {"card": ["expiry"]}},
            {"card": 1, "expiry": 2},
            {"card": 1},
            "Dependencies for property 'card' failed. Missing required keys: expiry.",
            id="dependentRequired",
        ),
        pytest.param(
            {"exclusiveMinimum": 0},
            1,
            0,
            "Integer 0 equals minimum value of 0 and exclusive minimum is true.",
            id="numeric-exclusiveMinimum",
        ),
        pytest.param(
            {"minimum": 0, "exclusiveMinimum": True},
            0.5,
            -1,
            "Integer -1 is less than minimum value of 0.",
            id="boolean-exclusiveMinimum",
        ),
        pytest.param(
            {"properties": {"id": {"required": True}, "note": {}}},
            {"id": 1},
            {"note": "x"},
            "Required properties are missing from object: id.",
            id="draft3-required-true",
        ),
        pytest.param(
            {"divisibleBy": 5}, 10, 7, "Integer 7 is not a multiple of 5.", id="divisibleBy"
        ),
        pytest.param(
            {"extends": {"minLength": 2}},
            "ab",
            "a",
            "JSON does not match all schemas from 'allOf'. Invalid schema indexes: 0.",
            id="extends",
        ),
        pytest.param(
            {"disallow": ["string"]},
            1,
            "x",
            "JSON is valid against schema from 'not'.",
            id="disallow",
        ),
        pytest.param(
            {"type": "integer"},
            1.0,
            1.5,
            "Invalid type. Expected Integer but got Number.",
            id="whole-float-is-an-integer",
        ),
    ],
)
def test_a_schema_without_dollar_schema_takes_every_drafts_keywords(schema, good, bad, message):
    """No ``$schema``: ``EnsureVersion`` is true for every draft, so the reader keeps draft
    3's to 2020-12's keywords, and ``ValidateNumber`` takes 1.0 for an integer."""
    assert messages(schema, good) == []
    assert messages(schema, bad) == [message]


def test_a_schema_naming_draft_4_gets_draft_4s_keywords():
    schema = {"$schema": DRAFT4, "properties": {"v": {"const": 1}, "n": {"type": "integer"}}}
    assert messages(schema, {"v": 2}) == []  # const is no draft-4 keyword: extension data
    assert messages(schema, {"n": 1.0}) == ["Invalid type. Expected Integer but got Number."]
    with pytest.raises(DefinitionError, match="exclusiveMinimum") as caught:
        compile_schema({"$schema": DRAFT4, "exclusiveMinimum": 0}, pointer="/s")
    assert caught.value.pointer == "/s/exclusiveMinimum"


def test_a_real_template_with_a_numeric_exclusive_minimum_loads(reqres_server):
    """Azure/logicapps ``templates/benchmarks/burst/enricher.json`` validates a count with
    ``"exclusiveMinimum": 0``; the mock refused to load it."""
    schema = {
        "type": "object",
        "properties": {"count": {"type": "integer", "exclusiveMinimum": 0}},
        "required": ["count"],
    }
    wf = reqres_server.add_workflow("enricher", schema=schema, validate_schema=True)
    assert requests.post(wf.callback_url, json={"count": 1}, timeout=5).status_code == 202
    reply = requests.post(wf.callback_url, json={"count": 0}, timeout=5)
    assert reply.status_code == 400
    assert "Integer 0 equals minimum value of 0 and exclusive minimum is true." in reply.text


def test_draft3_required_read_before_a_required_array_is_replaced_by_it():
    """The reader adds flagged properties when it reads ``properties``; a ``required`` array
    read after them replaces the list (``ReadStringArray`` assigns ``_required``)."""
    flagged = {"properties": {"a": {"required": True}}}
    assert messages({**flagged, "required": ["b"]}, {}) == [
        "Required properties are missing from object: b."
    ]
    assert messages({"required": ["b"], **flagged}, {}) == [
        "Required properties are missing from object: b, a."
    ]


# --- wording ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "body", "expected"),
    [
        pytest.param(
            {"maximum": 2.5}, 3.75, ["Float 3.75 exceeds maximum value of 2.5."], id="float"
        ),
        pytest.param(
            {"minimum": 5}, 1.0, ["Float 1.0 is less than minimum value of 5."], id="float-1.0"
        ),
        pytest.param(
            {"exclusiveMaximum": 10},
            10,
            ["Integer 10 equals maximum value of 10 and exclusive maximum is true."],
            id="exclusive-equal",
        ),
        pytest.param(
            {"multipleOf": 0.5},
            0.3,
            ["Float 0.3 is not a multiple of 0.5."],
            id="multipleOf-float",
        ),
        pytest.param(
            {"enum": [{"a": 1}]},
            {"a": 2},
            ['Value {"a":2} is not defined in enum.'],
            id="enum-compact-json",
        ),
        pytest.param(
            {"oneOf": [{"type": "string"}, {"type": "boolean"}]},
            1,
            ["JSON is valid against no schemas from 'oneOf'."],
            id="oneOf-none",
        ),
        pytest.param(
            {"oneOf": [{"type": "integer"}, {"minimum": 0}]},
            1,
            [
                "JSON is valid against more than one schema from 'oneOf'. Valid schema "
                "indexes: 0, 1."
            ],
            id="oneOf-many",
        ),
        pytest.param(
            {"allOf": [{"minimum": 5}, {"type": "integer"}, {"maximum": 0}]},
            3,
            ["JSON does not match all schemas from 'allOf'. Invalid schema indexes: 0, 2."],
            id="allOf",
        ),
        pytest.param(
            {"uniqueItems": True},
            [1, 2, 1.0, True, 2],
            ["Non-unique array item at index 2.", "Non-unique array item at index 4."],
            id="uniqueItems",
        ),
        pytest.param(
            {"items": [{"type": "string"}], "additionalItems": False},
            ["a", 1, 2],
            [
                "Index 2 has not been defined and the schema does not allow additional items.",
                "Index 3 has not been defined and the schema does not allow additional items.",
            ],
            id="additionalItems",
        ),
        pytest.param(
            {"contains": {"const": 1}, "minContains": 2, "maxContains": 2},
            [1],
            ["Contains match count 1 is less than minimum contains count of 2."],
            id="minContains",
        ),
        pytest.param(
            {"contains": {"const": 1}, "maxContains": 1},
            [1, 1],
            ["Contains match count 2 exceeds maximum contains count of 1."],
            id="maxContains",
        ),
        pytest.param(
            {"dependencies": {"card": {"required": ["expiry"]}}},
            {"card": 1},
            ["Dependencies for property 'card' failed."],
            id="dependency-schema",
        ),
        pytest.param(
            {"properties": {"x": False}},
            {"x": 1},
            ["Schema always fails validation."],
            id="false-schema",
        ),
        pytest.param(
            {"type": "string", "enum": ["a"], "format": "email"},
            5,
            ["Invalid type. Expected String but got Integer."],
            id="a-wrong-type-is-checked-no-further",
        ),
    ],
)
def test_messages_are_newtonsofts(schema, body, expected):
    assert messages(schema, body) == expected


def test_each_extra_property_is_its_own_error_at_its_path():
    schema = {"properties": {"a": {}}, "additionalProperties": False}
    assert validate(compile_schema(schema), {"z": 1, "a": 1, "b c": 2}) == [
        (
            "z",
            "Property 'z' has not been defined and the schema does not allow additional "
            "properties.",
        ),
        (
            "['b c']",
            "Property 'b c' has not been defined and the schema does not allow "
            "additional properties.",
        ),
    ]


@pytest.mark.parametrize(
    ("parts", "path"),
    [
        ((), ""),
        (("a", 0, "b"), "a[0].b"),
        ((0, "id"), "[0].id"),
        (("odd.name", "x"), "['odd.name'].x"),
        (("it's",), "['it\\'s']"),
        (("tab\there",), "['tab\\there']"),
    ],
)
def test_paths_are_newtonsoft_json_paths(parts, path):
    """``JsonPosition.BuildPath``: names with special characters go in ``['…']``, escaped."""
    assert json_path(parts) == path


# --- order --------------------------------------------------------------------------------------


def test_errors_come_in_the_bodys_order_with_an_objects_own_after_its_members():
    schema = {
        "type": "object",
        "required": ["missing"],
        "properties": {
            "first": {"type": "string"},
            "nested": {"required": ["inner"], "properties": {"n": {"type": "integer"}}},
            "last": {"type": "string"},
        },
    }
    body = {"last": 1, "nested": {"n": "x"}, "first": 2}
    assert validate(compile_schema(schema), body) == [
        ("last", "Invalid type. Expected String but got Integer."),
        ("nested.n", "Invalid type. Expected Integer but got String."),
        ("nested", "Required properties are missing from object: inner."),
        ("first", "Invalid type. Expected String but got Integer."),
        ("", "Required properties are missing from object: missing."),
    ]


# --- shape ----------------------------------------------------------------------------------------


def test_a_type_error_has_the_shape_captured_from_a_failed_parse_json():
    """microsoft/coe-starter-kit#1052: an array of audit records whose ``RecordType`` came as
    a string; the output lists exactly this for record 1."""
    schema = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"RecordType": {"type": "integer"}, "UserType": {"type": "integer"}},
        },
    }
    body = [{"RecordType": 1, "UserType": 0}, {"RecordType": "83", "UserType": "0"}]
    assert [p.to_json() for p in problems(compile_schema(schema), body)] == [
        {
            "message": "Invalid type. Expected Integer but got String.",
            "lineNumber": 0,
            "linePosition": 0,
            "path": "[1].RecordType",
            "value": "83",
            "schemaId": "#/items/properties/RecordType",
            "errorType": "type",
            "childErrors": [],
        },
        {
            "message": "Invalid type. Expected Integer but got String.",
            "lineNumber": 0,
            "linePosition": 0,
            "path": "[1].UserType",
            "value": "0",
            "schemaId": "#/items/properties/UserType",
            "errorType": "type",
            "childErrors": [],
        },
    ]


def test_values_schema_ids_and_child_errors():
    schema = {
        "definitions": {"money": {"type": "number", "minimum": 0}},
        "type": "object",
        "required": ["id", "amount"],
        "properties": {
            "amount": {"$ref": "#/definitions/money"},
            "status": {"anyOf": [{"const": "open"}, {"type": "integer"}]},
            "tags": {"maxItems": 1},
        },
        "additionalProperties": False,
    }
    body = {"amount": -1, "status": "shut", "tags": [1, 2], "extra": True}
    found = [p.to_json() for p in problems(compile_schema(schema), body)]
    brief = [(p["path"], p.get("value"), p["schemaId"], p["errorType"]) for p in found]
    assert brief == [
        ("amount", -1, "#/definitions/money", "minimum"),
        ("status", None, "#/properties/status", "anyOf"),
        ("tags", 2, "#/properties/tags", "maxItems"),
        ("extra", "extra", "#", "additionalProperties"),
        ("", ["id"], "#", "required"),
    ]
    children = found[1]["childErrors"]
    # a primitive's subschemas raise newest first: the last anyOf branch's errors come first
    assert [(c["message"], c["schemaId"], c["value"]) for c in children] == [
        ("Invalid type. Expected Integer but got String.", "#/properties/status/anyOf/1", "shut"),
        ('Value "shut" does not match const.', "#/properties/status/anyOf/0", "shut"),
    ]


def test_newtonsofts_own_child_error_test_passes():
    """JamesNK/Newtonsoft.Json.Schema ``Src/Newtonsoft.Json.Schema.Tests/ExtensionsTests.cs``,
    ``ValidationErrorPath``: ``{"additionalItems": 5}`` against draft 4's meta-schema gives one
    error at ``#/properties/additionalItems`` with two child errors, the ``$ref: "#"`` branch
    (schemaId ``#``) before ``anyOf/0``."""
    (error,) = problems(compile_schema(Draft4Validator.META_SCHEMA), {"additionalItems": 5})
    assert error.schema_id == "#/properties/additionalItems"
    assert [child.schema_id for child in error.child_errors] == [
        "#",
        "#/properties/additionalItems/anyOf/0",
    ]


def test_a_failed_parse_json_action_shows_newtonsofts_errors(reqres_server):
    """The action fails ``ValidationFailed`` "The schema validation failed." (LogicAppsUX#6060:
    the details are only in the raw outputs) with ``errors`` as Azure/logicapps#817 shows
    them."""
    definition = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Parse_JSON": {
                "type": "ParseJson",
                "inputs": {
                    "content": "@triggerBody()",
                    "schema": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"contentData": {"type": "object"}},
                        },
                    },
                },
            }
        },
    }
    (wf,) = reqres_server.add_definition("servicebus", definition)
    text = '{\r\n  "EventId": "60b0"\r\n}'
    requests.post(wf.callback_url, json=[{"contentData": text}], timeout=5)
    action = wf.wait_for_runs(1)[0].wait().actions["Parse_JSON"]
    assert action.status == "Failed"
    assert action.error == {"code": "ValidationFailed", "message": "The schema validation failed."}
    assert action.outputs == {
        "errors": [
            {
                "message": "Invalid type. Expected Object but got String.",
                "lineNumber": 0,
                "linePosition": 0,
                "path": "[0].contentData",
                "value": text,
                "schemaId": "#/items/properties/contentData",
                "errorType": "type",
                "childErrors": [],
            }
        ]
    }


def _parse_json_run(server, schema: Any, content: Any) -> Any:
    """A run of ``Parse`` over ``content``, then ``Probe`` (after it, whatever its status)."""
    definition = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Parse": {"type": "ParseJson", "inputs": {"content": content, "schema": schema}},
            "Probe": {
                "type": "Compose",
                "inputs": {
                    "body": "@body('Parse')",
                    "path": "@outputs('Parse')?['errors']?[0]?['path']",
                },
                "runAfter": {"Parse": ["Succeeded", "Failed"]},
            },
        },
    }
    (wf,) = server.add_definition(f"parse{len(server.workflows)}", definition)
    requests.post(wf.callback_url, json={}, timeout=5)
    return wf.wait_for_runs(1)[0].wait()


def test_the_body_of_a_parse_json_that_failed_its_schema_is_null(reqres_server):
    """Its outputs are ``{"errors": [...]}`` only, so ``body()`` is null (tomdam/flowforger
    ``packages/engine/src/__tests__/parse-json.test.ts``, "typedBody: null", measured against
    the cloud); the mock gave the outputs."""
    schema = {"properties": {"name": {"type": "string"}}}
    run = _parse_json_run(reqres_server, schema, '{"name":1}')
    assert run.actions["Parse"].code == "ValidationFailed"
    assert run.actions["Probe"].outputs == {"body": None, "path": "name"}


PATTERN_REFUSED = (
    "The 'schema' property of action 'ParseJson' inputs contains 'pattern' or "
    "'patternProperties' properties. 'Pattern' or 'patternProperties' properties are not "
    "supported in the action json schema."
)


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"zip": {"type": "string", "pattern": "^[0-9]+$"}}},
        {"patternProperties": {"^z": {"type": "string"}}},
        {"items": {"anyOf": [{"properties": {"a": {"pattern": "x"}}}]}},
        {"definitions": {"d": {"additionalProperties": {"not": {"pattern": "x"}}}}},
        # a pattern Python's re cannot run is not refused at load: the action never runs it
        {"properties": {"name": {"pattern": "^\\p{L}+$"}}},
    ],
)
def test_a_parse_json_schema_with_pattern_fails_the_action(reqres_server, schema):
    """A real Standard run (christopherhouse/Azure-Logic-Apps-X12-AS2-Demo
    ``.squad/decisions.md``, 2026-07-20: ``ActionSchemaNotSupported`` and this sentence) and a
    public Power Automate emulator measured against the cloud (tomdam/flowforger
    ``packages/engine/src/parse-json.ts``; where it looks: ``json-schema.ts``
    ``hasUnsupportedKeyword``)."""
    run = _parse_json_run(reqres_server, schema, '{"zip":"123"}')
    parse = run.actions["Parse"]
    assert parse.status == "Failed"
    assert parse.code == "ActionSchemaNotSupported"
    assert parse.error == {"code": "ActionSchemaNotSupported", "message": PATTERN_REFUSED}
    assert parse.outputs is None


def test_a_property_named_pattern_is_no_keyword(reqres_server):
    schema = {"properties": {"pattern": {"type": "string"}}, "required": ["pattern"]}
    run = _parse_json_run(reqres_server, schema, '{"pattern":"x"}')
    assert run.actions["Parse"].status == "Succeeded"
    assert run.actions["Probe"].outputs["body"] == {"pattern": "x"}


def test_a_parse_json_schema_built_with_pattern_fails_when_it_runs(reqres_server):
    schema = {"properties": {"zip": {"pattern": "@{'^[0-9]+$'}"}}}
    run = _parse_json_run(reqres_server, schema, '{"zip":"123"}')
    assert run.actions["Parse"].error == {
        "code": "ActionSchemaNotSupported",
        "message": PATTERN_REFUSED,
    }


def test_a_trigger_schema_still_checks_pattern(reqres_server):
    """Only the Parse JSON action refuses it; the trigger's EnableSchemaValidation checks it."""
    from reqres_mock import Response

    wf = reqres_server.add_workflow(
        "zips",
        schema={"properties": {"zip": {"type": "string", "pattern": "^[0-9]+$"}}},
        validate_schema=True,
        response=Response(200),
    )
    assert requests.post(wf.callback_url, json={"zip": "123"}, timeout=5).status_code == 200
    assert requests.post(wf.callback_url, json={"zip": "abc"}, timeout=5).status_code == 400


def test_fake_bodies_meet_the_keywords_newer_drafts_add():
    """Fakes are checked with the mock's validator, which now enforces ``contains`` and
    ``const`` in an unversioned schema; the generator makes the first items match
    ``contains`` (``minContains`` of them)."""
    schema = {
        "type": "object",
        "required": ["version", "lines"],
        "properties": {
            "version": {"const": 2},
            "lines": {
                "type": "array",
                "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
                "contains": {"required": ["sku"]},
                "minContains": 2,
            },
        },
    }
    for body in fake_bodies(schema, 5, seed=3):
        assert body["version"] == 2
        assert sum("sku" in line for line in body["lines"]) >= 2
        assert validate(compile_schema(schema), body) == []


# --- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "good", "bad"),
    [
        ("date-time", "2024-01-31T10:00:00Z", "yesterday"),
        ("date-time", "2024-01-31T10:00:00", "2024-02-30T10:00:00Z"),  # no zone is allowed
        ("date-time", "2024-12-31T23:59:60Z", "2024-12-31T22:59:60Z"),  # leap second: 23:59 UTC
        ("date-time", "2024-01-31t10:00:00.5+0530", "2024-01-31 10:00:00Z"),
        ("date", "2024-02-29", "2023-02-29"),
        ("time", "10:00:00+01:00", "25:00:00"),
        ("email", "ada@example.com", "not-an-email"),
        ("email", "ada@[127.0.0.1]", "a..b@example.com"),
        ("uri", "https://example.com/a?b#c", "not a uri"),
        ("uri", "urn:isbn:0451450523", "http:no-authority"),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000"),
        ("ipv4", "10.0.0.1", "010.0.0.1"),  # leading zeros are refused (no octal)
        ("ipv6", "::ffff:10.0.0.1", "1::2::3"),
        ("hostname", "api.example.com", "-bad-"),
        ("duration", "P1DT2H", "P1DT"),
        ("color", "#c89", "#c8"),
        ("utc-millisec", "1,000.5", "soon"),
        ("regex", "^a+$", "(unclosed"),
    ],
)
def test_formats_are_checked_as_newtonsoft_checks_them(form, good, bad):
    """``PrimitiveScope.ValidateFormat`` checks these itself: no optional package decides."""
    schema = {"type": "string", "format": form}
    assert messages(schema, good) == []
    assert messages(schema, bad) == [f"String '{bad}' does not validate against format '{form}'."]


def test_a_format_newtonsoft_does_not_know_is_not_checked():
    assert messages({"format": "phone"}, "not a phone") == []
    assert messages({"format": "iri"}, "not an iri") == []


def test_a_date_time_body_is_refused_over_http(reqres_server):
    schema = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}}
    wf = reqres_server.add_workflow("orders", schema=schema, validate_schema=True)
    good = requests.post(wf.callback_url, json={"at": "2024-05-01T08:00:00+02:00"}, timeout=5)
    assert good.status_code == 202
    reply = requests.post(wf.callback_url, json={"at": "tomorrow"}, timeout=5)
    assert reply.status_code == 400
    assert "String 'tomorrow' does not validate against format 'date-time'." in reply.text


# --- the second look's cases ------------------------------------------------------------------


def test_a_ref_beside_other_keywords_wraps_its_errors():
    """``JSchemaReader`` marks any key but ``$ref`` as ``HasNonRefContent`` (a ``description``
    is enough) and ``RefScope`` raises one error with the referenced schema's as children
    (Newtonsoft.Json.Schema's ``Issue0252Tests``); a ``$ref`` alone stands for its schema."""
    definitions = {"e": {"properties": {"value": {"enum": ["1"]}}}}
    wrapped = {
        "definitions": definitions,
        "properties": {"t": {"description": "x", "$ref": "#/definitions/e"}},
    }
    (error,) = problems(compile_schema(wrapped), {"t": {"value": "21"}})
    assert error.to_json() == {
        "message": "JSON does not match schema from '$ref'.",
        "lineNumber": 0,
        "linePosition": 0,
        "path": "t",
        "schemaId": "#/properties/t",
        "errorType": "ref",
        "childErrors": [
            {
                "message": 'Value "21" is not defined in enum.',
                "lineNumber": 0,
                "linePosition": 0,
                "path": "t.value",
                "value": "21",
                "schemaId": "#/definitions/e/properties/value",
                "errorType": "enum",
                "childErrors": [],
            }
        ],
    }
    alone = {"definitions": definitions, "properties": {"t": {"$ref": "#/definitions/e"}}}
    assert messages(alone, {"t": {"value": "21"}}) == ['Value "21" is not defined in enum.']


@pytest.mark.parametrize(
    ("step", "good", "bad"),
    [(0.01, [19.99, 0.07, 1.15, 5], [0.015]), (0.1, [0.3, 0.7, 3], [0.35]), (5, [10**30], [7])],
)
def test_multiple_of_uses_decimal_arithmetic(step, good, bad):
    """``MathHelpers.IsDoubleMultiple``/``IsIntegerMultiple`` divide as .NET decimals: a price
    of 19.99 is a multiple of 0.01 (in doubles it is not)."""
    for value in good:
        assert messages({"multipleOf": step}, value) == [], value
    for value in bad:
        assert len(messages({"multipleOf": step}, value)) == 1, value


def test_unique_items_compares_json_values():
    schema = {"uniqueItems": True}
    assert messages(schema, [{"a": 1}, {"a": 1.0}]) == ["Non-unique array item at index 1."]
    assert messages(schema, [True, 1, "1", [1], [True], None, {}, []]) == []


def test_a_false_subschema_fails_at_the_value_with_its_own_place():
    (error,) = problems(compile_schema({"properties": {"a": False}}), {"a": 1})
    assert (error.message, error.path, error.schema_id, error.error_type) == (
        "Schema always fails validation.",
        "a",
        "#/properties/a",
        "valid",
    )
    assert [p.path for p in problems(compile_schema({"items": False}), [1, 2])] == ["[0]", "[1]"]


def test_a_null_value_is_left_out_of_the_errors_output():
    """Captured "Expected String but got Null" errors have no ``value``
    (OfficeDev/microsoft-teams-apps-requestateam#62, microsoft/powerapps-tools#1083)."""
    (error,) = problems(compile_schema({"properties": {"a": {"type": "string"}}}), {"a": None})
    assert "value" not in error.to_json()
    assert error.to_json()["message"] == "Invalid type. Expected String but got Null."


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"a": {"$id": "#/properties/a", "type": "string"}}},  # jsonschema.net
        {"examples": "abc", "$comment": {"note": 1}, "deprecated": "yes"},
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "minimum": 0,
            "exclusiveMinimum": True,
        },
    ],
)
def test_annotations_and_lenient_forms_newtonsoft_reads_load(schema):
    compile_schema(schema)


@pytest.mark.parametrize(
    ("schema", "where", "message"),
    [
        (
            {"properties": {"a": {"$ref": "#/definitions/nope"}}},
            "/s/properties/a/$ref",
            "Could not resolve schema reference '#/definitions/nope'.",
        ),
        ({"properties": {"a": {"enum": []}}}, "/s/properties/a/enum", "Enum array must have"),
        ({"pattern": "^\\p{L}+$"}, "/s/pattern", "Python's re does not know .NET-only syntax"),
    ],
)
def test_what_would_fail_at_request_time_is_refused_at_load(schema, where, message):
    with pytest.raises(DefinitionError, match=message.replace("(", "\\(")) as caught:
        compile_schema(schema, pointer="/s")
    assert caught.value.pointer == where


def test_then_and_else_errors_carry_their_branchs_schema_id():
    schema = {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"minimum": 5}}
    assert [p.schema_id for p in problems(compile_schema(schema), "a")] == ["#/then"]
    assert [p.schema_id for p in problems(compile_schema(schema), 1)] == ["#/else"]


def test_a_property_name_is_checked_before_its_value():
    schema = {"propertyNames": {"maxLength": 2}, "additionalProperties": {"type": "string"}}
    assert messages(schema, {"abc": 1}) == [
        "String 'abc' exceeds maximum length of 2.",
        "Invalid type. Expected String but got Integer.",
    ]


def test_only_a_known_schema_uri_names_a_draft():
    """``MapSchemaUri`` compares whole URIs: an https draft-04 URI is no draft-04 URI, so the
    schema is unversioned and its ``const`` counts."""
    assert messages({"$schema": "https://json-schema.org/draft-04/schema#", "const": 1}, 2) == [
        "Value 2 does not match const."
    ]
    assert messages({"$schema": DRAFT4, "const": 1}, 2) == []


def test_a_2020_12_schema_does_not_check_formats():
    """``IsFormatValidationEnabled``: from 2020-12 on, format is an annotation."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "format": "email"}
    assert messages(schema, "not-an-email") == []


def test_a_dependency_names_its_property_as_the_value():
    schema = {"dependencies": {"it's": ["b"]}}
    (error,) = problems(compile_schema(schema), {"it's": 1})
    assert (error.value, error.error_type) == ("it's", "dependencies")


@pytest.mark.parametrize(
    ("form", "text", "valid"),
    [
        # DateTimeParser.ParseTime needs Hour < 24 (the suite's "invalid hour" case)
        ("time", "24:00:00Z", False),
        ("date-time", "2020-01-01T24:00:00Z", False),
        ("time", "12:00:00:30", True),  # ParseZone takes minutes without a sign
        ("time", "24:00:00." + "0" * 5000, False),  # no crash on a long fraction
        # Uri.IsWellFormedUriString: non-ASCII and trailing blanks are fine (dotnet/runtime
        # UriIsWellFormedUriStringTest); a drive letter as a file host, an empty label are not
        ("uri", "https://example.com/café?ä#ä", True),
        ("uri", "http://www.contoso.com/path ", True),
        ("uri", "file://c:/directory/filename", False),
        ("uri", "http://example..com/", False),
        ("uri", "http://example.com:65536/", False),
        # ASCII digits only (SkipElement: char.IsDigit && IsAscii); the suite's "P২Y"
        ("duration", "P\u09e8Y", False),
        # double.TryParse(Number): blanks, one sign, ASCII digits
        ("utc-millisec", " 1,000.5- ", True),
        ("utc-millisec", "\u0661", False),
        ("utc-millisec", " " * 3000 + "x", False),  # linear, no backtracking
        # int.TryParse per part; Guid.TryParseExact trims
        ("ipv4", " 1.2.3.4", True),
        ("uuid", " 550e8400-e29b-41d4-a716-446655440000\n", True),
        # EmailHelpers: labels under 64 UTF-16 units; quoted words among atoms; literals
        ("email", "a@" + "b" * 64 + ".com", False),
        ("email", '"a".b@example.com', True),
        ("email", "user@[IPv6:1:2:3:4:5:6:7:8]", False),
        ("email", "user@[127.000.000.001]", True),
        # Ipv6Regex: an embedded IPv4 octet may be 0d; .NET's $ before a final line feed
        ("ipv6", "::01.2.3.4", True),
        ("hostname", "example.com\n", True),
        # new Regex(value): .NET syntax, no crash on Python's limits
        ("regex", "(?<year>\\d{4})-\\k<year>", True),
        ("regex", "\\p{Lu}+", True),
        ("regex", "(?P<n>a)", False),
        ("regex", "a{4294967296}", False),
    ],
)
def test_formats_follow_newtonsofts_helpers_exactly(form, text, valid):
    """Cases a second look ran through Newtonsoft's own DateTimeParser, FormatHelpers,
    EmailHelpers and ColorHelpers (compiled under Mono) and .NET's own tests."""
    schema = {"type": "string", "format": form}
    assert (messages(schema, text) == []) is valid


def test_a_wrapped_ref_error_on_a_primitive_has_no_value():
    """``RefScope`` raises with a null value, among the conditional errors."""
    schema = {
        "definitions": {"s": {"minLength": 5}},
        "properties": {"a": {"$ref": "#/definitions/s", "description": "d"}},
    }
    (error,) = problems(compile_schema(schema), {"a": "x"})
    assert (error.error_type, error.value, error.path) == ("ref", None, "a")
    assert "value" not in error.to_json()
    assert error.child_errors[0].value == "x"


def test_string_lengths_count_text_elements():
    """``PrimitiveScope.ValidateString`` counts ``StringInfo.LengthInTextElements``: a letter
    and its combining accent are one element."""
    decomposed = "Cafe\u0301"  # 5 code points, 4 text elements
    assert messages({"maxLength": 4}, decomposed) == []
    assert messages({"minLength": 5}, decomposed) == [
        f"String '{decomposed}' is less than minimum length of 5."
    ]
