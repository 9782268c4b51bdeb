"""Schema → fake request bodies: valid, realistic, reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests

from reqres_mock import DefinitionError, FakeDataError
from reqres_mock.protocol.schema import compile_schema, validate
from reqres_mock.schematools.fakes import fake_bodies, fake_body

SCHEMAS = Path(__file__).parent / "data" / "schemas"
SCHEMA_FILES = sorted(SCHEMAS.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_every_body_validates_over_many_seeds(path):
    """For each test schema, the bodies of 60 seeds (3 each) all validate."""
    schema = json.loads(path.read_text())
    validator = compile_schema(schema)
    for seed in range(60):
        for body in fake_bodies(schema, 3, seed=seed):
            assert validate(validator, body) == [], (seed, body)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_the_same_seed_gives_the_same_bodies(path):
    schema = json.loads(path.read_text())
    assert fake_bodies(schema, 4, seed=42) == fake_bodies(schema, 4, seed=42)
    assert fake_body(schema, seed=42) == fake_bodies(schema, 4, seed=42)[0]


def test_different_seeds_give_different_bodies():
    schema = load("order.json")
    bodies = [json.dumps(fake_body(schema, seed=seed), sort_keys=True) for seed in range(10)]
    assert len(set(bodies)) == 10


def test_no_seed_gives_fresh_bodies():
    schema = load("order.json")
    assert fake_body(schema) != fake_body(schema)


def test_bodies_are_realistic_by_property_name():
    body = fake_body(load("person.json"), seed=3)
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", body["email"])
    assert body["firstName"].isalpha() and body["firstName"][0].isupper()
    assert re.fullmatch(r"\d{5}", body["address"]["postalCode"])
    assert body["address"]["city"][0].isupper() and " " not in body["address"]["country"][:1]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["birthDate"])
    assert 0 <= body["age"] <= 130


def test_a_name_inside_an_account_is_a_company():
    body = fake_body(load("article.json"), seed=1)
    account = body["account"]
    # faker's company shapes: "Smith LLC", "Smith-Jones", "Smith, Jones and Brown"
    assert re.search(r"(Inc|and Sons|LLC|Group|PLC|Ltd)$|-| and ", account["name"])
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", account["ID"]
    )


@pytest.mark.parametrize(
    ("fmt", "shape"),
    [
        pytest.param("date-time", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", id="date-time"),
        pytest.param("date", r"\d{4}-\d\d-\d\d", id="date"),
        pytest.param("time", r"\d\d:\d\d:\d\d", id="time"),
        pytest.param("email", r"[^@]+@[^@]+", id="email"),
        pytest.param("uri", r"https?://\S+", id="uri"),
        pytest.param("uuid", r"[0-9a-f-]{36}", id="uuid"),
        pytest.param("ipv4", r"\d+\.\d+\.\d+\.\d+", id="ipv4"),
    ],
)
def test_formats(fmt, shape):
    value = fake_body({"type": "string", "format": fmt}, seed=5)
    assert re.fullmatch(shape, value), value


def test_timestamps_come_from_a_fixed_window():
    """Dates are drawn from 2000-2030, not relative to today, so a seed means the same value."""
    years = {fake_body({"type": "string", "format": "date-time"}, seed=s)[:4] for s in range(50)}
    assert min(years) >= "2000" and max(years) <= "2030" and len(years) > 10


@pytest.mark.parametrize(
    ("schema", "check"),
    [
        pytest.param({"enum": ["a", "b"]}, lambda v: v in {"a", "b"}, id="enum"),
        pytest.param({"const": {"k": [1]}}, lambda v: v == {"k": [1]}, id="const"),
        pytest.param(
            {"type": "string", "pattern": "^ab[0-9]{3}$"},
            lambda v: re.fullmatch(r"ab\d{3}", v),
            id="pattern",
        ),
        pytest.param({"type": "string", "minLength": 30}, lambda v: len(v) >= 30, id="minLength"),
        pytest.param({"type": "string", "maxLength": 2}, lambda v: len(v) <= 2, id="maxLength"),
        pytest.param(
            {"type": "integer", "minimum": 10, "maximum": 12}, lambda v: 10 <= v <= 12, id="bounds"
        ),
        pytest.param(
            {
                "type": "integer",
                "minimum": 1,
                "maximum": 3,
                "exclusiveMinimum": True,
                "exclusiveMaximum": True,
            },
            lambda v: v == 2,
            id="draft4-exclusive",
        ),
        pytest.param({"type": "integer", "multipleOf": 7}, lambda v: v % 7 == 0, id="multipleOf"),
        pytest.param(
            {"type": "array", "minItems": 4, "maxItems": 4}, lambda v: len(v) == 4, id="items-count"
        ),
        pytest.param(
            {
                "type": "array",
                "items": [{"type": "integer"}, {"type": "string"}],
                "additionalItems": False,
            },
            lambda v: len(v) <= 2,
            id="tuple-items",
        ),
        pytest.param({"type": ["null"]}, lambda v: v is None, id="null"),
        pytest.param({"minProperties": 3}, lambda v: len(v) >= 3, id="minProperties"),
    ],
)
def test_constraints_are_honoured(schema, check):
    for seed in range(20):
        assert check(fake_body(schema, seed=seed))


def test_an_invalid_schema_is_a_definition_error_naming_the_pointer():
    schema = {"type": "object", "properties": {"id": {"type": "integr"}}}
    with pytest.raises(DefinitionError, match=r"#/schema/properties/id/type: invalid JSON schema"):
        fake_body(schema)


def test_an_unsatisfiable_schema_is_a_clear_error():
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer", "minimum": 5, "maximum": 1}},
        "required": ["n"],
    }
    with pytest.raises(
        FakeDataError, match=r"in 25 attempts; the last one failed at 'n': Integer \d+ "
    ):
        fake_body(schema, seed=1)


def test_a_reference_outside_the_schema_is_refused_with_its_pointer():
    """Newtonsoft's reader cannot resolve it either: "Could not resolve schema reference"
    (JSchemaReader.ResolveDeferredSchemas), so the schema is refused before any fake."""
    schema = {"properties": {"a": {"$ref": "other.json#/a"}}, "required": ["a"]}
    with pytest.raises(
        DefinitionError,
        match=r"#/schema/properties/a/\$ref: Could not resolve schema reference 'other.json#/a'",
    ):
        fake_body(schema, seed=1)


def test_workflow_fake_body_is_accepted_by_the_mock(reqres_server):
    """A fake body sent to a validating trigger starts a run with exactly that body."""
    wf = reqres_server.add_workflow("orders", schema=load("order.json"), validate_schema=True)
    body = wf.fake_body(seed=9)
    assert body == wf.fake_body(seed=9)
    reply = requests.post(wf.callback_url, json=body, timeout=5)
    assert reply.status_code == 202
    assert wf.wait_for_runs(1)[0].trigger_outputs["body"] == body


def test_a_workflow_without_a_schema_says_so(reqres_server):
    wf = reqres_server.add_workflow("plain")
    with pytest.raises(FakeDataError, match="workflow 'plain' has no trigger schema"):
        wf.fake_body()
