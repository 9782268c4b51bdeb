"""reqres-mock: a faithful local mock of Azure Logic Apps' Request trigger and Response action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.cassettes.session import CassetteOptions, CassetteSession, RecordMode
from reqres_mock.config import Flavor, ReminderMode, ServerConfig, UnstubbedMode
from reqres_mock.definitions.actions import ActionResult
from reqres_mock.definitions.httpstubs import HttpStub
from reqres_mock.definitions.outbound import HttpReply, OutboundCall, OutboundRequest
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
    UnmetStubError,
    UnstubbedActionError,
    WaitTimeoutError,
)
from reqres_mock.exchange import Headers, InboundRequest, Reply
from reqres_mock.mockserver import MockServer
from reqres_mock.protocol.hosts import cloud_base_url
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.trigger import RequestTrigger
from reqres_mock.schematools.samples import schema_from_sample
from reqres_mock.server.handshake import RejectedConnection
from reqres_mock.server.tls import CertificateAuthority, TlsProfile

if TYPE_CHECKING:
    from reqres_mock.transports.requests_adapter import LogicAppsAdapter
    from reqres_mock.transports.respx_router import LogicAppsRouter

#: Public names whose modules need an optional library (requests, or the respx extra): imported
#: on first use, so ``import reqres_mock`` never needs them.
_LAZY = {
    "LogicAppsAdapter": "reqres_mock.transports.requests_adapter",
    "LogicAppsRouter": "reqres_mock.transports.respx_router",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        return getattr(importlib.import_module(_LAZY[name]), name)
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
    "Flavor",
    "Gate",
    "Headers",
    "HttpReply",
    "HttpStub",
    "InboundRequest",
    "LogicAppsAdapter",
    "LogicAppsRouter",
    "MockServer",
    "OutboundCall",
    "OutboundRequest",
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
    "UnmetStubError",
    "UnstubbedActionError",
    "UnstubbedMode",
    "WaitTimeoutError",
    "Workflow",
    "__version__",
    "cloud_base_url",
    "schema_from_sample",
]
