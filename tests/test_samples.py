"""Sample payload → schema, in the Logic Apps designer's style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqres_mock import ConfigurationError, schema_from_sample
from reqres_mock.protocol.schema import compile_schema, validate

SCHEMAS = Path(__file__).parent / "data" / "schemas"

#: The sample payload of the reference article ("Receive and respond to HTTPS calls").
ARTICLE_SAMPLE = {
    "account": {
        "name": "Contoso",
        "ID": "12345",
        "address": {
            "number": "1234",
            "street": "Anywhere Street",
            "city": "AnyTown",
            "state": "AnyState",
            "country": "USA",
            "postalCode": "11111",
        },
    }
}


def test_the_articles_sample_gives_the_articles_schema():
    """The article's sample payload generates exactly the schema the article shows."""
    article_schema = json.loads((SCHEMAS / "article.json").read_text())
    assert schema_from_sample(ARTICLE_SAMPLE) == article_schema


def test_the_articles_sample_validates_against_its_schema():
    validator = compile_schema(schema_from_sample(ARTICLE_SAMPLE))
    assert validate(validator, ARTICLE_SAMPLE) == []


def test_property_order_follows_the_sample():
    schema = schema_from_sample({"z": 1, "a": 2, "m": 3})
    assert list(schema["properties"]) == ["z", "a", "m"]


@pytest.mark.parametrize(
    ("sample", "schema"),
    [
        pytest.param("x", {"type": "string"}, id="string"),
        pytest.param(7, {"type": "integer"}, id="integer"),
        pytest.param(7.5, {"type": "number"}, id="number"),
        pytest.param(True, {"type": "boolean"}, id="boolean"),
        pytest.param(None, {}, id="null-is-any-value"),
        pytest.param({}, {"type": "object", "properties": {}}, id="empty-object"),
        pytest.param([], {"type": "array"}, id="empty-array-has-no-items"),
        pytest.param({"n": None}, {"type": "object", "properties": {"n": {}}}, id="null-property"),
        pytest.param(
            [1, 2.5], {"type": "array", "items": {"type": "number"}}, id="integers-and-floats"
        ),
        pytest.param(
            [{"a": 1, "b": "x"}, {"a": 2}],
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
                    "required": ["a"],
                },
            },
            id="items-require-what-every-item-has",
        ),
        pytest.param(
            [{"a": 1}, {"b": 2}],
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                },
            },
            id="no-empty-required",
        ),
        pytest.param(
            {"tags": [1, "a"]},
            {
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"type": ["integer", "string"]}}},
            },
            id="mixed-items-keep-a-type-list",
        ),
        pytest.param(
            [{"a": 1}, None],
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "properties": {"a": {"type": "integer"}},
                            "required": ["a"],
                        },
                    ]
                },
            },
            id="null-branch-stays-null",
        ),
    ],
)
def test_designer_rules(sample, schema):
    assert schema_from_sample(sample) == schema


def test_required_true_lists_the_properties_present_on_every_object():
    schema = schema_from_sample({"b": {"c": 1}, "a": []}, required=True)
    assert schema == {
        "type": "object",
        "properties": {
            "b": {"type": "object", "properties": {"c": {"type": "integer"}}, "required": ["c"]},
            "a": {"type": "array"},
        },
        "required": ["b", "a"],
    }


@pytest.mark.parametrize(
    "sample",
    [
        pytest.param(ARTICLE_SAMPLE, id="article"),
        pytest.param({"orders": [{"id": 1, "lines": [{"sku": "A", "qty": 2}]}, {"id": 2}]}),
        pytest.param([[1, 2], [3]], id="nested-arrays"),
        pytest.param({"x": [None, 1], "y": {"z": [True, False]}}),
    ],
)
@pytest.mark.parametrize("required", [False, True])
def test_every_sample_validates_against_its_schema(sample, required):
    schema = schema_from_sample(sample, required=required)
    assert validate(compile_schema(schema), sample) == []


@pytest.mark.parametrize(
    ("sample", "where"),
    [
        pytest.param({"a": {1, 2}}, "set at '/a'", id="set"),
        pytest.param({"a": [b"x"]}, "bytes at '/a/0'", id="bytes"),
        pytest.param({1: "x"}, "key 1 at '/' is not a string", id="key"),
    ],
)
def test_a_sample_that_is_not_json_is_refused(sample, where):
    with pytest.raises(ConfigurationError, match=f"the sample is not JSON data: {where}"):
        schema_from_sample(sample)
