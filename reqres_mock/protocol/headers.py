"""The ``x-ms-*`` headers Logic Apps puts on trigger replies, and their order on the wire.

Consumption replies carry, in this order (tomasrabazo/azure-LA-logic-storage ``README.md``, a
capture of 201/200/404 replies): ``Cache-Control``, ``Pragma``, the framing
(``Content-Length`` or ``Transfer-Encoding``), ``Content-Type``, ``Expires``, ``Vary``, the
run's ``x-ms-*`` headers, four ``x-ms-ratelimit-*`` headers, ``x-ms-request-id``,
``Strict-Transport-Security`` and ``Date``. That is how HTTP.sys writes a reply
(:func:`in_front_end_order`). Standard replies have no caching headers, no execution location
and no rate limits, and carry Kestrel's ``Server`` (ScoreUnder/IllogicApps
``TestData/*/trace-*.txt``; their order: :mod:`reqres_mock.protocol.kestrel`).
"""

from __future__ import annotations

import functools
import random
import re
import threading
import uuid
from typing import Protocol
from urllib.parse import urlsplit

from reqres_mock.config import Flavor
from reqres_mock.protocol.kestrel import SERVER


class WorkflowIdentity(Protocol):
    """What the headers say about a workflow (a served :class:`Workflow` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def flavor(self) -> Flavor: ...
    @property
    def suppresses_workflow_headers(self) -> bool: ...
    def callback_base(self) -> str: ...


class RunIdentity(Protocol):
    """What the headers say about a run (a :class:`Run` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def correlation_id(self) -> str: ...
    @property
    def client_tracking_id(self) -> str: ...
    @property
    def rate_limit_headers(self) -> list[tuple[str, str]]: ...


CLIENT_TRACKING_HEADER = "x-ms-client-tracking-id"


#: The front end adds it to every Consumption reply, last of the headers it did not write.
HSTS = "Strict-Transport-Security"

#: The response headers HTTP.sys knows, in its ``HTTP_HEADER_ID`` order (Windows SDK
#: ``http.h``: ``HttpHeaderCacheControl = 0`` ... ``HttpHeaderWwwAuthenticate = 29``).
_KNOWN_TO_HTTP_SYS = (
    *("cache-control", "connection", "date", "keep-alive", "pragma", "trailer"),
    *("transfer-encoding", "upgrade", "via", "warning", "allow", "content-length"),
    *("content-type", "content-encoding", "content-language", "content-location"),
    *("content-md5", "content-range", "expires", "last-modified", "accept-ranges", "age"),
    *("etag", "location", "proxy-authenticate", "retry-after", "server", "set-cookie"),
    *("vary", "www-authenticate"),
)
_RANKS = {name: rank for rank, name in enumerate(_KNOWN_TO_HTTP_SYS)}
_UNKNOWN_RANK = len(_RANKS)  # after the known ones, in the order they were added
_RANKS[HSTS.lower()] = _UNKNOWN_RANK + 1  # added last of all, by the front end


def in_front_end_order(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``fields`` in the order the Consumption front end sends them: HTTP.sys writes the
    headers it knows first, in its own order, then the others in the order they were added,
    ``Strict-Transport-Security`` last (it then adds ``Date`` and ``Connection`` itself).

    Fits every captured Consumption reply: JanneMattila/some-questions-and-some-answers
    ``q&a/la_sync_or_async_http_processing.http`` (200, 202, 502) and
    tomasrabazo/azure-LA-logic-storage ``README.md`` (201, 200, 404).
    """
    return sorted(fields, key=lambda field: _RANKS.get(field[0].lower(), _UNKNOWN_RANK))


def _common(flavor: Flavor) -> list[tuple[str, str]]:
    if flavor is not Flavor.CONSUMPTION:
        return [SERVER]  # Kestrel's, on every reply of the Functions host (see kestrel.py)
    return [
        ("Cache-Control", "no-cache"),
        ("Pragma", "no-cache"),
        ("Expires", "-1"),
        (HSTS, "max-age=31536000; includeSubDomains"),
    ]


def _request_id(flavor: Flavor, region: str, guid: str) -> str:
    return f"{region}:{guid}" if flavor is Flavor.CONSUMPTION else f":{guid}"


#: Random GUIDs for tracking ids. Not uuid.uuid4(): it reads os.urandom, a system call that
#: hands the GIL over on every request; these ids need to be unique, not secret.
_guids = random.Random()


def new_guid() -> str:
    """A random version-4 GUID (a tracking or correlation id), as a string."""
    return str(uuid.UUID(int=_guids.getrandbits(128), version=4))


_SCALE_UNIT = re.compile(r"^(prod-\d+)\.", re.IGNORECASE)


@functools.lru_cache(maxsize=64)  # pure; every reply's system id asks for it
def scale_unit(base_url: str) -> str:
    """The scale unit a callback host names (``prod-18.uksouth.logic.azure.com`` →
    ``prod-18``); ``prod-00`` for any other host."""
    match = _SCALE_UNIT.match(urlsplit(base_url).hostname or "")
    return match[1].lower() if match else "prod-00"


def system_id(workflow: WorkflowIdentity, region: str) -> str:
    """``x-ms-workflow-system-id``: the scale unit matches the callback host's ``prod-NN`` on
    Consumption; Standard's is always ``/scaleunits/prod-00/...``."""
    if workflow.flavor is Flavor.CONSUMPTION:
        unit = scale_unit(workflow.callback_base())
        return f"/locations/{region}/scaleunits/{unit}/workflows/{workflow.id}"
    return f"/scaleunits/prod-00/workflows/{workflow.id}"


# -- x-ms-ratelimit-* --------------------------------------------------------------------------

#: The budgets a fresh workflow starts from (tomasrabazo/azure-LA-logic-storage: 2999 burst
#: writes, 214748138/214748046 content bytes and 19999586 request time left after a call).
RATE_LIMIT_BURST = 3000
RATE_LIMIT_CONTENT_SIZE = 214_748_364
RATE_LIMIT_DIRECT_API_TIME = 20_000_000


def ratelimit_headers(
    method: str, *, burst: int, download: int, upload: int, direct_api_time: int
) -> list[tuple[str, str]]:
    """The four ``x-ms-ratelimit-*`` headers of a Consumption reply, in Azure's order.

    A ``GET`` spends the burst of workflow reads (``...-burst-remaining-workflow-reads``),
    any other method the writes. Throttling replies can reuse this for their own values.
    """
    kind = "reads" if method.upper() == "GET" else "writes"
    return [
        (f"x-ms-ratelimit-burst-remaining-workflow-{kind}", str(max(burst, 0))),
        ("x-ms-ratelimit-remaining-workflow-download-contentsize", str(max(download, 0))),
        ("x-ms-ratelimit-remaining-workflow-upload-contentsize", str(max(upload, 0))),
        ("x-ms-ratelimit-time-remaining-directapirequests", str(max(direct_api_time, 0))),
    ]


class RateLimitBudget:
    """A workflow's remaining rate-limit budgets, spent by each call (thread-safe).

    Reads and writes have separate bursts; uploads spend request body bytes, downloads reply
    body bytes, and every call some direct-API time (its microseconds in the mock).
    """

    def __init__(
        self,
        *,
        burst: int = RATE_LIMIT_BURST,
        content_size: int = RATE_LIMIT_CONTENT_SIZE,
        direct_api_time: int = RATE_LIMIT_DIRECT_API_TIME,
    ) -> None:
        self._lock = threading.Lock()
        self._burst = {"reads": burst, "writes": burst}
        self._download = content_size
        self._upload = content_size
        self._time = direct_api_time

    def charge(self, method: str, *, uploaded: int, elapsed_us: int) -> list[tuple[str, str]]:
        """Spend one call's budget; its ``x-ms-ratelimit-*`` headers (after spending)."""
        kind = "reads" if method.upper() == "GET" else "writes"
        with self._lock:
            self._burst[kind] -= 1
            self._upload -= uploaded
            self._time -= max(elapsed_us, 1)
            return self.headers(method)

    def charge_download(self, size: int) -> None:
        """Spend reply body bytes (seen in the next call's headers)."""
        with self._lock:
            self._download -= size

    def headers(self, method: str) -> list[tuple[str, str]]:
        """The current budgets as headers, without spending anything."""
        kind = "reads" if method.upper() == "GET" else "writes"
        return ratelimit_headers(
            method,
            burst=self._burst[kind],
            download=self._download,
            upload=self._upload,
            direct_api_time=self._time,
        )


def rejection_headers(
    workflow: WorkflowIdentity | None, flavor: Flavor, region: str, client_tracking_id: str | None
) -> list[tuple[str, str]]:
    """Headers of a reply sent before any run exists: no run id, correlation or history name."""
    guid = new_guid()
    fields = _common(flavor)
    if workflow is not None:
        # In a run's order: a deployed Standard app's 400 TriggerInputSchemaMismatch, header by
        # header, in a public lab's README (the OrderSuppliesV2 workflow, 2026).
        fields += [
            ("x-ms-workflow-system-id", system_id(workflow, region)),
            ("x-ms-workflow-id", workflow.id),
            ("x-ms-workflow-version", workflow.version),
            ("x-ms-workflow-name", workflow.name),
        ]
    fields += [("x-ms-tracking-id", guid), ("x-ms-request-id", _request_id(flavor, region, guid))]
    if client_tracking_id:
        fields.append((CLIENT_TRACKING_HEADER, client_tracking_id))
    return fields


def run_headers(workflow: WorkflowIdentity, run: RunIdentity, region: str) -> list[tuple[str, str]]:
    """Headers of a reply to an accepted call (202, the Response, 502 and 504)."""
    fields = _common(workflow.flavor)
    if workflow.suppresses_workflow_headers:
        return fields
    flavor = workflow.flavor
    fields += [
        ("x-ms-workflow-run-id", run.id),
        ("x-ms-correlation-id", run.correlation_id),
        (CLIENT_TRACKING_HEADER, run.client_tracking_id),
        ("x-ms-trigger-history-name", run.id),
    ]
    if flavor is Flavor.CONSUMPTION:
        fields.append(("x-ms-execution-location", region))
    fields += [
        ("x-ms-workflow-system-id", system_id(workflow, region)),
        ("x-ms-workflow-id", workflow.id),
        ("x-ms-workflow-version", workflow.version),
        ("x-ms-workflow-name", workflow.name),
        ("x-ms-tracking-id", run.correlation_id),
        *(run.rate_limit_headers if flavor is Flavor.CONSUMPTION else []),
        ("x-ms-request-id", _request_id(flavor, region, run.correlation_id)),
    ]
    return fields


# -- headers of a run's outbound requests ------------------------------------------------------

#: The subscription and resource group the mock's workflows live in (ARM templates'
#: ``subscription()`` and ``resourceGroup()`` say the same).
SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"
RESOURCE_GROUP = "reqres-mock"


def outbound_headers(
    workflow: WorkflowIdentity,
    run: RunIdentity,
    region: str,
    *,
    action: str,
    run_tracking_id: str,
    action_tracking_id: str,
    suppressed: bool = False,
) -> list[tuple[str, str]]:
    """The headers the runtime adds to an HTTP request an action sends, in its order.

    Consumption: a request history of an HTTP Webhook action in Microsoft's REST API examples
    (Azure/azure-rest-api-specs ``specification/logic/resource-manager/Microsoft.Logic/stable/
    2019-05-01/examples/WorkflowRunActionRequestHistories_Get.json``): ``Accept-Language``,
    ``User-Agent``, then the ``x-ms-*`` set, the tracking, correlation and client request ids
    one GUID (the run's correlation id), the client tracking id the run's. Standard: the
    ``x-ms-*`` set of ScoreUnder/IllogicApps ``LogicAppActionSupport.fs``
    (``makeWorkflowHttpRequestHeaders``, from local runtime traces), without the Azure-only
    location, subscription and capacity (its ``x-ms-client-request-id`` is a made-up GUID
    there; the correlation id here is the mock's choice); LogicAppUnit's ``FromAction``
    matcher reads its ``x-ms-workflow-operation-name`` from the runtime. ``suppressed`` (the
    action's ``SuppressWorkflowHeaders`` operation option) leaves every ``x-ms-*`` header out.
    """
    consumption = workflow.flavor is Flavor.CONSUMPTION
    fields: list[tuple[str, str]] = []
    if consumption:
        fields += [
            ("Accept-Language", "en-US"),
            (
                "User-Agent",
                f"azure-logic-apps/1.0,(workflow {workflow.id}; version {workflow.version})",
            ),
        ]
    if suppressed:
        return fields
    if consumption:
        fields.append(("x-ms-execution-location", region))
    fields += [
        ("x-ms-workflow-id", workflow.id),
        ("x-ms-workflow-version", workflow.version),
        ("x-ms-workflow-name", workflow.name),
        ("x-ms-workflow-system-id", system_id(workflow, region)),
        ("x-ms-workflow-run-id", run.id),
        ("x-ms-workflow-run-tracking-id", run_tracking_id),
        ("x-ms-workflow-operation-name", action),
    ]
    if consumption:
        fields += [
            ("x-ms-workflow-subscription-id", SUBSCRIPTION_ID),
            ("x-ms-workflow-resourcegroup-name", RESOURCE_GROUP),
            ("x-ms-workflow-subscription-capacity", "Large"),
        ]
    fields += [
        ("x-ms-tracking-id", run.correlation_id),
        ("x-ms-correlation-id", run.correlation_id),
        ("x-ms-client-request-id", run.correlation_id),
        (CLIENT_TRACKING_HEADER, run.client_tracking_id),
        ("x-ms-action-tracking-id", action_tracking_id),
    ]
    if not consumption:
        fields.append(("x-ms-activity-vector", "IN.04"))
    return fields
