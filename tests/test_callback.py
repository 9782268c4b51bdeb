"""Callback URLs and the shared access signature checks, over real HTTP."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests

from reqres_mock import MockServer, Response

pytestmark = pytest.mark.reqres(allow_unexpected=True)


def with_query(url: str, **changes: str | None) -> str:
    """``url`` with query parameters replaced (``None`` removes one)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    for name, value in changes.items():
        key = name.replace("_", "-")
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def error_of(reply: requests.Response) -> dict[str, str]:
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    return reply.json()["error"]


def test_consumption_callback_url_has_the_logic_apps_shape(reqres_server):
    wf = reqres_server.add_workflow("orders")
    parts = urlsplit(wf.callback_url)
    assert re.fullmatch(r"/workflows/[0-9a-f]{32}/triggers/manual/paths/invoke", parts.path)
    query = parse_qs(parts.query)
    assert query["api-version"] == ["2016-10-01"]
    assert query["sp"] == ["/triggers/manual/run"]
    assert query["sv"] == ["1.0"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", query["sig"][0])
    assert "sp=%2Ftriggers%2Fmanual%2Frun" in wf.callback_url


def test_standard_callback_url_has_the_standard_shape(reqres_server):
    wf = reqres_server.add_workflow("orders", flavor="standard", trigger_name="When_a_HTTP_request")
    parts = urlsplit(wf.callback_url)
    assert parts.path == "/api/orders/triggers/When_a_HTTP_request/invoke"
    assert parse_qs(parts.query)["api-version"] == ["2022-05-01"]
    assert requests.post(wf.callback_url, timeout=5).status_code == 202


def test_workflow_id_is_stable_and_urls_are_stable_with_a_given_access_key():
    with MockServer(access_key="k1") as one, MockServer(access_key="k1") as two:
        a, b = one.add_workflow("orders"), two.add_workflow("orders")
        assert a.id == b.id
        assert a.callback_url.split("?")[1] == b.callback_url.split("?")[1]
    with MockServer() as three, MockServer() as four:
        sig_three = parse_qs(urlsplit(three.add_workflow("orders").callback_url).query)["sig"]
        sig_four = parse_qs(urlsplit(four.add_workflow("orders").callback_url).query)["sig"]
        assert sig_three != sig_four, "without a given key each server signs with its own"


def test_a_url_signed_by_another_key_is_refused():
    with MockServer(access_key="k1") as one, MockServer(access_key="k2") as two:
        one.add_workflow("orders")
        foreign = two.add_workflow("orders").callback_url.replace(two.url, one.url)
        reply = requests.post(foreign, timeout=5)
        assert reply.status_code == 401
        assert error_of(reply)["code"] == "DirectApiInvalidAuthorizationSignature"


def test_extra_query_parameters_are_allowed_anywhere(reqres_server):
    wf = reqres_server.add_workflow("orders")
    base, query = wf.callback_url.split("?")
    reply = requests.post(f"{base}?first=1&{query}&last=2", timeout=5)
    assert reply.status_code == 202
    assert wf.runs[-1].trigger_outputs["queries"] == {"first": "1", "last": "2"}


@pytest.mark.parametrize(
    ("changes", "headers", "status", "code", "message"),
    [
        pytest.param(
            {"sp": None, "sv": None, "sig": None},
            {},
            401,
            "DirectApiAuthorizationRequired",
            "The request must be authenticated only by Shared Access scheme.",
            id="no-sas",
        ),
        pytest.param(
            # Without sig there is no SAS scheme at all (logic-apps-behaviour.md, T7).
            {"sig": None},
            {},
            401,
            "DirectApiAuthorizationRequired",
            "The request must be authenticated only by Shared Access scheme.",
            id="sig-missing",
        ),
        pytest.param(
            {"sv": None},
            {},
            401,
            "AuthorizationFailed",
            "Required parameters for shared access URL are permissions ('sp'), version ('sv'), "
            "and signature ('sig').",
            id="sv-missing",
        ),
        pytest.param(
            {"sig": "A" * 43},
            {},
            401,
            "DirectApiInvalidAuthorizationSignature",
            "The provided authorization signature is not valid.",
            id="wrong-sig",
        ),
        pytest.param(
            {"sv": "2.0"},
            {},
            401,
            "DirectApiInvalidAuthorizationSignature",
            "The provided authorization signature is not valid.",
            id="other-version",
        ),
        pytest.param(
            # JanneMattila/azure-logic-apps-demos : easyauth/README.md (a captured body); 401
            # on Consumption (a public Java test against a Teams workflow URL)
            {},
            {"Authorization": "Bearer abc"},
            401,
            "DirectApiRequestHasMoreThanOneAuthorization",
            "The request has SAS authentication scheme, 'Bearer' authorization scheme or "
            "internal token scheme. Only one scheme should be used.",
            id="sas-and-authorization",
        ),
        pytest.param(
            {"api_version": None},
            {},
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
            id="api-version-missing",
        ),
        pytest.param(
            {"api_version": "1999-01-01"},
            {},
            400,
            "InvalidApiVersionParameter",
            "The api-version '1999-01-01' is not valid. The supported versions are "
            "'2016-10-01,2016-06-01,2018-07-01-preview,2019-05-01'.",
            id="api-version-unknown",
        ),
    ],
)
def test_sas_and_api_version_rejections(reqres_server, changes, headers, status, code, message):
    wf = reqres_server.add_workflow("orders", response=Response(200))
    reply = requests.post(with_query(wf.callback_url, **changes), headers=headers, timeout=5)
    assert reply.status_code == status
    assert error_of(reply) == {"code": code, "message": message}
    (call,) = wf.rejected
    assert call.reply is not None and call.reply.status == status
    assert wf.runs == []


def test_sp_that_does_not_cover_the_trigger_is_refused_with_the_scope(reqres_server):
    """A URL signed for trigger 'manual' cannot run trigger 'other' of the same workflow."""
    wf = reqres_server.add_workflow("orders")
    url = wf.callback_url.replace("/triggers/manual/", "/triggers/other/")
    reply = requests.post(url, timeout=5)
    assert reply.status_code == 401
    assert error_of(reply) == {
        "code": "AuthorizationFailed",
        "message": "You do not have permissions to perform action 'run' on scope "
        "'/triggers/other/paths/'.",
    }


def test_standard_scope_message_carries_the_hint(reqres_server):
    wf = reqres_server.add_workflow("orders", flavor="standard")
    url = wf.callback_url.replace("/triggers/manual/", "/triggers/other/")
    message = error_of(requests.post(url, timeout=5))["message"]
    assert message.endswith(
        "Verify you are making the request with the appropriate HTTP method. "
        "See [http://aka.ms/logic-trigger] for details."
    )


def test_unknown_workflow_is_404_and_listed_as_unmatched(reqres_server):
    wf = reqres_server.add_workflow("orders")
    url = wf.callback_url.replace(wf.id, "0" * 32)
    reply = requests.post(url, timeout=5)
    assert reply.status_code == 404
    assert error_of(reply) == {
        "code": "WorkflowNotFound",
        "message": "The workflow could not be found.",
    }
    (call,) = reqres_server.unmatched
    assert call.workflow is None
    assert any("'orders' is served at" in miss for miss in call.near_misses)
    assert "sig=***" in call.near_misses[0], "near misses never show the signature"


def test_api_version_is_checked_before_the_workflow_exists(reqres_server):
    wf = reqres_server.add_workflow("orders")
    url = with_query(wf.callback_url.replace(wf.id, "0" * 32), api_version=None)
    assert error_of(requests.post(url, timeout=5))["code"] == "MissingApiVersionParameter"


def test_disabled_workflow_is_refused(reqres_server):
    wf = reqres_server.add_workflow("orders")
    wf.disable()
    reply = requests.post(wf.callback_url, timeout=5)
    assert reply.status_code == 400
    assert error_of(reply) == {
        "code": "WorkflowTriggerIsNotEnabled",
        "message": "Could not execute workflow 'orders' trigger 'manual' with state 'Disabled': "
        "trigger is not enabled.",
    }
    wf.enable()
    assert requests.post(wf.callback_url, timeout=5).status_code == 202


def test_sas_is_checked_before_enabled_and_method(reqres_server):
    wf = reqres_server.add_workflow("orders", method="GET")
    wf.disable()
    reply = requests.post(with_query(wf.callback_url, sig="A" * 43), timeout=5)
    assert error_of(reply)["code"] == "DirectApiInvalidAuthorizationSignature"
    reply = requests.post(wf.callback_url, timeout=5)
    assert error_of(reply)["code"] == "WorkflowTriggerIsNotEnabled"
