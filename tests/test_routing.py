"""relativePath templates and how calls are routed to triggers."""

from __future__ import annotations

import json

import pytest
import requests

from reqres_mock import DefinitionError
from reqres_mock.protocol.routing import RelativePath, parse_route


@pytest.mark.parametrize(
    ("template", "rest", "expected"),
    [
        pytest.param("/orders/{id}", "orders/7", {"id": "7"}, id="one-parameter"),
        pytest.param("orders/{id}/items/{item}", "orders/7/items/x", {"id": "7", "item": "x"}),
        pytest.param("/orders/{id}", "ORDERS/7", {"id": "7"}, id="literal-case-insensitive"),
        pytest.param("/orders/{id}", "orders/a%20b%2Fc", {"id": "a b/c"}, id="url-decoded"),
        pytest.param("/files/{name}.{ext}", "files/report.pdf", {"name": "report", "ext": "pdf"}),
        pytest.param("/status", "status", {}, id="no-parameters"),
        pytest.param("/orders/{id}", "orders", None, id="too-few-segments"),
        pytest.param("/orders/{id}", "orders/7/extra", None, id="too-many-segments"),
        pytest.param("/orders/{id}", "invoices/7", None, id="other-literal"),
    ],
)
def test_relative_path_matching(template, rest, expected):
    assert RelativePath(template).match(rest) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param("/orders/{}", "empty", id="empty-name"),
        pytest.param("/a/{id}/b/{id}", "duplicate", id="duplicate-name"),
        pytest.param("/orders/{id", "unbalanced", id="unbalanced"),
    ],
)
def test_invalid_relative_path_templates_are_definition_errors(template, message):
    with pytest.raises(DefinitionError, match=message):
        RelativePath(template)


@pytest.mark.parametrize(
    ("template", "placeholder", "invalid"),
    [
        # the runtime's own example (Azure/logicapps-migration-agent reference notes, quoting
        # the Standard unit-test host's UnitTestWorkflowTemplateValidationError)
        pytest.param("/orders/{purchase-order}", "purchase-order", "-", id="hyphen"),
        pytest.param("/a/{id}/{order.line}", "order.line", ".", id="dot-second"),
        pytest.param("/a/{x y:z}", "x y:z", " :", id="every-one-in-order"),
        pytest.param("/a/{id$}", "id$", "$", id="dollar"),
        pytest.param("/a/{n²}", "n²", "²", id="superscript-is-no-decimal-digit"),
        pytest.param("/a/{\U0001d400}", "\U0001d400", "\U0001d400", id="beyond-utf16-unit"),
    ],
)
def test_a_placeholder_is_letters_digits_and_underscores(template, placeholder, invalid):
    with pytest.raises(DefinitionError) as caught:
        RelativePath(template)
    assert str(caught.value) == (
        f"relativePath '{template}': the placeholder '{placeholder}' has these invalid "
        f"characters '{invalid}'. The placeholder can only be a letter, digit, or '_'."
    )


@pytest.mark.parametrize("template", ["/a/{order_id}/{Ünïcode9}", "/a/{_}", "/a/{١٢}"])
def test_placeholders_may_use_any_letter_or_decimal_digit(template):
    # char.IsLetterOrDigit: Unicode letters and decimal digits (Arabic-Indic digits too)
    assert RelativePath(template).parameters


def test_explain_says_why_a_path_does_not_fit():
    path = RelativePath("/orders/{id}")
    assert path.explain("orders") == "path has 1 segment, needs 2"
    assert path.explain("invoices/7") == "segment 'invoices' does not fit 'orders'"


def test_render_fills_and_encodes_parameters():
    assert RelativePath("/orders/{id}").render({"id": "a b/c"}) == "orders/a%20b%2Fc"
    with pytest.raises(DefinitionError, match="missing \\['id'\\]"):
        RelativePath("/orders/{id}").render({})


@pytest.mark.parametrize(
    ("path", "key", "trigger", "forms", "scope"),
    [
        (
            "/workflows/abc/triggers/manual/paths/invoke",
            "abc",
            "manual",
            ("",),
            "/triggers/manual/paths/",
        ),
        (
            "/WORKFLOWS/abc/Triggers/manual/Paths/Invoke/a/b",
            "abc",
            "manual",
            ("a/b",),
            "/triggers/manual/paths/a/b",
        ),
        (
            "/api/orders/triggers/manual/invoke/a%2Fb",
            "orders",
            "manual",
            ("a%2Fb", "a/b"),
            "/triggers/manual/invoke/a/b",
        ),
        ("/workflows/abc/triggers/manual/run", "abc", "manual", ("",), "/triggers/manual/run"),
    ],
)
def test_parse_route_recognises_the_url_shapes(path, key, trigger, forms, scope):
    route = parse_route(path)
    assert route is not None
    assert (route.key, route.trigger, route.rest_forms, route.scope) == (key, trigger, forms, scope)


def test_parse_route_ignores_other_paths():
    assert parse_route("/workflows/abc/runs") is None


def test_path_parameters_reach_the_trigger_outputs(reqres_server):
    wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}/lines/{line}")
    reply = requests.post(wf.url(id="A 1", line=3), timeout=5)
    assert reply.status_code == 202
    outputs = wf.runs[-1].trigger_outputs
    assert outputs["relativePathParameters"] == {"id": "A 1", "line": "3"}


def test_a_definition_with_a_hyphenated_placeholder_is_refused_at_load(reqres_server, tmp_path):
    definition = {
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
            "2016-06-01/workflowdefinition.json#",
            "triggers": {
                "manual": {
                    "type": "Request",
                    "kind": "Http",
                    "inputs": {"method": "POST", "relativePath": "/orders/{purchase-order}"},
                }
            },
            "actions": {},
        }
    }
    (tmp_path / "workflow.json").write_text(json.dumps(definition))
    with pytest.raises(DefinitionError) as caught:
        reqres_server.load(tmp_path / "workflow.json")
    assert caught.value.pointer == "/definition/triggers/manual/inputs/relativePath"
    assert "placeholder 'purchase-order' has these invalid characters '-'" in str(caught.value)
    assert reqres_server.workflows == []
    with pytest.raises(DefinitionError, match="can only be a letter, digit, or '_'"):
        reqres_server.add_workflow("orders", relative_path="/orders/{purchase-order}")


def test_callback_url_keeps_placeholders_like_list_callback_url(reqres_server):
    wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}")
    assert "/paths/invoke/orders/{id}?" in wf.callback_url


def test_standard_accepts_the_relative_path_as_one_encoded_segment(reqres_server):
    wf = reqres_server.add_workflow("docs", flavor="standard", relative_path="/docs/{id}/{rev}")
    base, query = wf.callback_url.split("?")
    url = base.replace("/invoke/docs/{id}/{rev}", "/invoke/docs%2F312%2F3") + "?" + query
    assert requests.post(url, timeout=5).status_code == 202
    assert wf.runs[-1].trigger_outputs["relativePathParameters"] == {"id": "312", "rev": "3"}


@pytest.mark.reqres(allow_unexpected=True)
def test_a_path_that_does_not_fit_is_404_with_a_near_miss(reqres_server):
    wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}")
    url = wf.url(id=7).replace("/orders/7?", "/orders?")
    reply = requests.post(url, timeout=5)
    assert reply.status_code == 404
    assert reply.json()["error"]["code"] == "TriggerRelativePathNotFound"
    (call,) = reqres_server.unmatched
    assert call.near_misses == [
        "'orders' expects relativePath /orders/{id} (path has 1 segment, needs 2)"
    ]
    assert wf.runs == []


@pytest.mark.reqres(allow_unexpected=True)
def test_a_relative_path_on_a_trigger_without_one_is_404(reqres_server):
    wf = reqres_server.add_workflow("orders")
    base, query = wf.callback_url.split("?")
    reply = requests.post(f"{base}/extra?{query}", timeout=5)
    assert reply.status_code == 404
    assert "has no relativePath" in reqres_server.unmatched[0].near_misses[0]


def test_url_refuses_parameters_the_template_does_not_have(reqres_server):
    wf = reqres_server.add_workflow("orders", relative_path="/orders/{id}")
    with pytest.raises(DefinitionError, match="unknown \\['other'\\]"):
        wf.url(id=1, other=2)
    plain = reqres_server.add_workflow("plain")
    with pytest.raises(DefinitionError, match="no relativePath"):
        plain.url(id=1)
