"""Logic-Apps-shaped error replies: ``{"error": {"code", "message"}}`` with the exact wording.

Every rejection the mock sends is built here, so the codes and messages live in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from reqres_mock.exchange import Headers, Reply

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Failure:
    """A Logic Apps error: HTTP status, error code and message."""

    status: int
    code: str
    message: str

    def reply(self, headers: list[tuple[str, str]] | None = None) -> Reply:
        body = json.dumps(
            {"error": {"code": self.code, "message": self.message}}, separators=(",", ":")
        ).encode()
        fields = [*(headers or []), ("Content-Type", JSON_CONTENT_TYPE)]
        return Reply(self.status, Headers(fields), body)


def missing_api_version() -> Failure:
    return Failure(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
    )


def invalid_api_version(given: str, supported: tuple[str, ...]) -> Failure:
    return Failure(
        400,
        "InvalidApiVersionParameter",
        f"The api-version '{given}' is not valid. The supported versions are "
        f"'{','.join(supported)}'.",
    )


def workflow_not_found() -> Failure:
    return Failure(404, "WorkflowNotFound", "The workflow could not be found.")


def trigger_not_found(workflow: str, trigger: str) -> Failure:
    return Failure(
        404,
        "WorkflowTriggerNotFound",
        f"The workflow '{workflow}' trigger '{trigger}' could not be found.",
    )


def route_not_found(path: str) -> Failure:
    return Failure(
        404,
        "NotFound",
        f"The requested path '{path}' is not a Logic Apps trigger endpoint.",
    )


def relative_path_not_found(trigger: str, template: str | None, path: str) -> Failure:
    expected = f"'{template}'" if template else "no relative path"
    return Failure(
        404,
        "TriggerRelativePathNotFound",
        f"The relative path '{path}' does not match the relative path of trigger '{trigger}': "
        f"expected {expected}.",
    )


def authorization_required() -> Failure:
    return Failure(
        401,
        "DirectApiAuthorizationRequired",
        "The request must be authenticated only by Shared Access scheme.",
    )


def sas_parameters_missing() -> Failure:
    return Failure(
        401,
        "AuthorizationFailed",
        "Required parameters for shared access URL are permissions ('sp'), version ('sv'), "
        "and signature ('sig').",
    )


def sas_scope_denied(scope: str, *, standard: bool) -> Failure:
    message = f"You do not have permissions to perform action 'run' on scope '{scope}'."
    if standard:
        message += (
            " Verify you are making the request with the appropriate HTTP method."
            " See [http://aka.ms/logic-trigger] for details."
        )
    return Failure(401, "AuthorizationFailed", message)


def invalid_signature() -> Failure:
    return Failure(
        401,
        "DirectApiInvalidAuthorizationSignature",
        "The provided authorization signature is not valid.",
    )


def more_than_one_authorization(scheme: str, *, standard: bool) -> Failure:
    """SAS and an ``Authorization`` header together; ``scheme`` is the header's (``Bearer``).

    The status differs by host. Standard answers 400: the runtime's own log of such a call,
    "Http request failed with ErrorResponseMessageException. HttpStatus: 'BadRequest',
    ErrorCode: 'DirectApiRequestHasMoreThanOneAuthorization' …" (Azure/logicapps#1157, 2024;
    the body in JanneMattila/azure-logic-apps-demos easyauth/README.md, a Standard app).
    Consumption answers 401: a public Java integration test posting to a Teams workflow URL with
    a Bearer token asserts ``HttpStatus.UNAUTHORIZED`` and this code."""
    return Failure(
        400 if standard else 401,
        "DirectApiRequestHasMoreThanOneAuthorization",
        f"The request has SAS authentication scheme, '{scheme}' authorization scheme or "
        "internal token scheme. Only one scheme should be used.",
    )


def trigger_disabled(workflow: str, trigger: str) -> Failure:
    return Failure(
        400,
        "WorkflowTriggerIsNotEnabled",
        f"Could not execute workflow '{workflow}' trigger '{trigger}' with state 'Disabled': "
        "trigger is not enabled.",
    )


def method_not_valid(expected: str, actual: str) -> Failure:
    return Failure(
        400,
        "TriggerRequestMethodNotValid",
        f"The HTTP method for this request is not valid: expected '{expected}' and actual "
        f"'{actual}'.",
    )


def invalid_request_content(detail: str) -> Failure:
    return Failure(
        400,
        "InvalidRequestContent",
        f"The request content is not valid and could not be deserialized: '{detail}'.",
    )


def schema_mismatch(trigger: str, details: list[str]) -> Failure:
    joined = ",".join(d if d.endswith(".") else f"{d}." for d in details)
    return Failure(
        400,
        "TriggerInputSchemaMismatch",
        f"The input body for trigger '{trigger}' of type 'Request' did not match its schema "
        f"definition. Error details: '{joined}'.",
    )


def invalid_trigger_template(trigger: str, error: Exception) -> Failure:
    # the language's own sentence (``ExpressionError.message``), without the mock's "in '…' at
    # position N" that its str() adds for load-time errors
    detail = getattr(error, "message", None) or str(error)
    return Failure(
        400,
        "InvalidTemplate",
        f"Unable to process template language expressions in trigger '{trigger}' conditions "
        f"or correlation: '{detail}'.",
    )


def throttled(workflow: str, trigger: str, runs: int, waiting: int, retry_after: int) -> Failure:
    return Failure(
        429,
        "WorkflowTriggerConcurrencyLimitReached",
        f"The workflow '{workflow}' trigger '{trigger}' has reached its limit of {runs} "
        f"concurrent runs and {waiting} waiting runs. Retry after {retry_after} seconds.",
    )


def too_many_calls(limit: int, retry_after: int) -> Failure:
    return Failure(
        429,
        "TooManyRequests",
        f"The server is already serving its limit of {limit} concurrent calls. Retry after "
        f"{retry_after} seconds.",
    )


def run_not_found(run_id: str) -> Failure:
    return Failure(404, "WorkflowRunNotFound", f"The workflow run '{run_id}' could not be found.")


def action_not_waiting(run_id: str, action: str) -> Failure:
    """A call to a webhook action's URL when that action does not wait (any more): the
    mock's words and code (no capture of Azure's)."""
    return Failure(
        409,
        "WorkflowRunActionNotWaiting",
        f"The action '{action}' of workflow run '{run_id}' is not waiting for a callback.",
    )


def split_on_not_array(trigger: str, value: object) -> Failure:
    kind = type(value).__name__ if value is not None else "null"
    return Failure(
        400,
        "InvalidTemplate",
        f"The 'splitOn' of trigger '{trigger}' evaluated to a value of type '{kind}'; it must "
        "be an array.",
    )


def content_too_large(length: int, limit: int) -> Failure:
    return Failure(
        413,
        "RequestContentTooLarge",
        f"The request content length '{length}' exceeds the maximum allowed content length "
        f"of '{limit}' bytes.",
    )


def uri_too_long(length: int, limit: int) -> Failure:
    return Failure(
        414,
        "RequestUriTooLong",
        f"The request URL length '{length}' exceeds the maximum allowed length of '{limit}'.",
    )


def bad_http_request(status: int, reason: str) -> Failure:
    return Failure(status, "BadRequest", f"The HTTP request could not be read: {reason}.")


def response_timeout(tracking_id: str) -> Failure:
    return Failure(
        504,
        "ResponseTimeout",
        "The server did not receive a timely response from the upstream server. "
        f"Request tracking id '{tracking_id}'.",
    )


def no_response(tracking_id: str) -> Failure:
    return Failure(
        502,
        "NoResponse",
        "The server did not receive a response from an upstream server. "
        f"Request tracking id '{tracking_id}'.",
    )


def server_stopping() -> Failure:
    return Failure(
        503, "ServiceUnavailable", "The mock server is shutting down; the run was abandoned."
    )


def internal_error(tracking_id: str) -> Failure:
    return Failure(
        500,
        "InternalServerError",
        "reqres-mock hit an internal error; it is re-raised in your test by server.check(). "
        f"Request tracking id '{tracking_id}'.",
    )


def requests_throttled(workflow: str, limit: int = 100_000, window: str = "00:05:00") -> Failure:
    # The code and wording of a workflow-scoped throttle as captured on Azure (for reads); the
    # runtime counts trigger calls against the same kind of window.
    return Failure(
        429,
        "WorkflowRequestsThrottled",
        f"Number of write requests for workflow '{workflow}' exceeded the limit of '{limit}' "
        f"over time window of '{window}'.",
    )


def front_end_error(status: int, tracking_id: str) -> Failure:
    """What Logic Apps' front end answers when it fails before the workflow: 500, 502, 503."""
    if status == 502:
        return no_response(tracking_id)
    if status == 503:
        return Failure(
            503,
            "ServiceUnavailable",
            "The service is temporarily unavailable; try again later. "
            f"Request tracking id '{tracking_id}'.",
        )
    return Failure(
        500,
        "InternalServerError",
        f"Encountered internal server error. The tracking Id is '{tracking_id}'.",
    )
