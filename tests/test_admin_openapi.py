"""The admin API keeps the promises of its OpenAPI document (schemathesis, bounded examples)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from reqres_mock import Response
from reqres_mock.admin import api as admin
from reqres_mock.admin.openapi import admin_document

if TYPE_CHECKING:
    from reqres_mock import MockServer


#: The longest wait generated requests may ask for; the server is given the same bound.
SHORT_WAIT = 0.2


def _document() -> dict[str, Any]:
    document = copy.deepcopy(admin_document("http://127.0.0.1"))
    document["components"]["schemas"]["WaitRequest"]["properties"]["timeout"]["maximum"] = (
        SHORT_WAIT
    )
    return document


schema = schemathesis.openapi.from_dict(_document())
#: Operations whose schema-valid input may still be refused: a definition is checked beyond
#: what a schema can say (400 InvalidDefinition), and a wait may time out (408).
SEMANTIC = {"PUT /_reqres/workflows/{name}", "POST /_reqres/runs/wait"}


def seed(server: MockServer) -> MockServer:
    """Workflows of every kind and calls of every kind, so responses have content."""
    orders = server.add_workflow(
        "orders",
        relative_path="/orders/{id}",
        schema={"type": "object"},
        response=Response(201, headers={"Content-Type": "application/json"}, body={"ok": True}),
    )
    accepted = server.add_workflow("accepted")
    computed = server.add_workflow("computed", response=lambda run: Response(200, body="hi"))
    requests.post(orders.url(id=1), json={"n": 1}, timeout=5)
    requests.post(accepted.callback_url, data=b"\x00\xff", timeout=5)
    requests.post(computed.callback_url + "x", timeout=5)
    requests.post(server.url + "/workflows/nope/triggers/manual/paths/invoke", timeout=5)
    return server


@pytest.fixture
def seeded(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> MockServer:
    # Generated waits stay short: the server's bound shrinks with the document's.
    monkeypatch.setattr(admin, "MAX_WAIT", SHORT_WAIT)
    return seed(server)


def test_the_documented_wait_bound_is_the_servers():
    wait = admin_document("http://x")["components"]["schemas"]["WaitRequest"]
    assert wait["properties"]["timeout"]["maximum"] == admin.MAX_WAIT


#: ARM's paths and the content links: many operations that mostly answer 404 to generated
#: names, so fewer examples each (their 200s are checked in tests/test_arm.py).
ARM = r"^/(subscriptions|workflows)/"


def _check(case: Any, server: MockServer) -> None:
    excluded = []
    if case.operation.label in SEMANTIC or case.operation.path.endswith(("/runs", "/histories")):
        # a schema-valid $filter may still be one the server cannot read (400)
        excluded.append(schemathesis.specs.openapi.checks.positive_data_acceptance)
    case.call_and_validate(base_url=server.url, excluded_checks=excluded)


@schema.exclude(path_regex=ARM).parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_admin_api_matches_its_openapi_document(case, seeded):
    _check(case, seeded)


@schema.include(path_regex=ARM).parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_arm_paths_match_the_openapi_document(case, seeded):
    _check(case, seeded)


@pytest.mark.parametrize(
    ("path", "component"),
    [
        ("/_reqres/health", "Health"),
        ("/_reqres/workflows", "WorkflowList"),
        ("/_reqres/runs", "RunList"),
        ("/_reqres/unmatched", "RunList"),
    ],
)
def test_seeded_responses_match_the_documented_schemas(seeded, path, component):
    """Deterministically, with every kind of workflow and call present."""
    document = admin_document(seeded.url)
    registry: Registry[Any] = Registry().with_resource(
        "urn:admin", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:admin#/components/schemas/{component}"}, registry=registry
    )
    body = requests.get(seeded.url + path, timeout=5).json()
    validator.validate(body)
    assert body.get("value", True)  # not vacuous
