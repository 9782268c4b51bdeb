"""The Hypothesis strategy drawn from a trigger schema (the optional 'hypothesis' extra)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqres_mock import FakeDataError
from reqres_mock.protocol.schema import compile_schema, validate
from reqres_mock.schematools.strategies import trigger_bodies

SCHEMAS = Path(__file__).parent / "data" / "schemas"
ORDER = json.loads((SCHEMAS / "order.json").read_text())
PERSON = json.loads((SCHEMAS / "person.json").read_text())
# hypothesis-jsonschema filters internally on big constrained objects (ORDER has eleven
# properties, a pattern, bounds and additionalProperties: false), so its health check trips.
FAST = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


@FAST
@given(trigger_bodies(ORDER))
def test_drawn_bodies_validate_against_the_schema(body):
    assert validate(compile_schema(ORDER), body) == []


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)
@given(data=st.data())
def test_drawn_bodies_start_runs_on_a_validating_trigger(reqres_server, data):
    """Every body drawn from the workflow's strategy is accepted over real HTTP."""
    wf = reqres_server.add_workflow(
        f"people-{len(reqres_server.workflows)}", schema=PERSON, validate_schema=True
    )
    body = data.draw(trigger_bodies(wf))
    assert requests.post(wf.callback_url, json=body, timeout=5).status_code == 202


def test_a_workflow_without_a_schema_says_so(reqres_server):
    wf = reqres_server.add_workflow("plain")
    with pytest.raises(FakeDataError, match="workflow 'plain' has no trigger schema"):
        trigger_bodies(wf)


def test_without_the_extra_the_error_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "hypothesis_jsonschema", None)
    with pytest.raises(ImportError, match=r"pip install 'reqres-mock\[hypothesis\]'"):
        trigger_bodies(ORDER)
