"""reqres-mock: a faithful local mock of Azure Logic Apps' Request trigger and Response action."""

from __future__ import annotations

from reqres_mock.cassettes.session import CassetteOptions, CassetteSession, RecordMode
from reqres_mock.config import Flavor, ReminderMode, ServerConfig
from reqres_mock.definitions.actions import ActionResult
from reqres_mock.engine.faultplan import FaultPlan
from reqres_mock.engine.faults import Fault, FaultKind
from reqres_mock.engine.gate import Gate
from reqres_mock.engine.pipeline import Engine
from reqres_mock.engine.run import Run, RunStatus
from reqres_mock.engine.workflow import Workflow
from reqres_mock.errors import (
    CassetteError,
    ConfigurationError,
    DefinitionError,
    ExpressionError,
    FakeDataError,
    Reminder,
    ReminderError,
    ReqResError,
    ResponseReminder,
    SchemaReminder,
    ServerThreadError,
    UnexpectedCallError,
    UnstubbedActionError,
    WaitTimeoutError,
)
from reqres_mock.exchange import Headers, InboundRequest, Reply
from reqres_mock.protocol.hosts import cloud_base_url
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.trigger import RequestTrigger
from reqres_mock.schematools.samples import schema_from_sample
from reqres_mock.server.handshake import RejectedConnection
from reqres_mock.server.sockets import MockServer
from reqres_mock.server.tls import CertificateAuthority, TlsProfile


def __getattr__(name: str) -> str:
    # importlib.metadata is slow to import; only pay for it when the version is asked for.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("reqres-mock")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    raise AttributeError(f"module 'reqres_mock' has no attribute {name!r}")


__all__ = [
    "ActionResult",
    "CassetteError",
    "CassetteOptions",
    "CassetteSession",
    "CertificateAuthority",
    "ConfigurationError",
    "DefinitionError",
    "Engine",
    "ExpressionError",
    "FakeDataError",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "Flavor",
    "Gate",
    "Headers",
    "InboundRequest",
    "MockServer",
    "RecordMode",
    "RejectedConnection",
    "Reminder",
    "ReminderError",
    "ReminderMode",
    "Reply",
    "ReqResError",
    "RequestTrigger",
    "Response",
    "ResponseReminder",
    "Run",
    "RunStatus",
    "SchemaReminder",
    "ServerConfig",
    "ServerThreadError",
    "TlsProfile",
    "UnexpectedCallError",
    "UnstubbedActionError",
    "WaitTimeoutError",
    "Workflow",
    "__version__",
    "cloud_base_url",
    "schema_from_sample",
]
