"""reqres-mock: a faithful local mock of Azure Logic Apps' Request trigger and Response action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor, ReminderMode, ServerConfig, UnstubbedMode
from reqres_mock.definitions.actions import ActionResult
from reqres_mock.definitions.httpstubs import HttpStub
from reqres_mock.definitions.outbound import HttpReply, OutboundCall, OutboundRequest
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
    MissingExtraError,
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

if TYPE_CHECKING:
    from reqres_mock.cassettes.drift import verify as verify_cassette
    from reqres_mock.cassettes.session import CassetteOptions, CassetteSession, RecordMode
    from reqres_mock.schematools.fakes import fake_bodies
    from reqres_mock.schematools.samples import schema_from_sample
    from reqres_mock.schematools.strategies import trigger_bodies
    from reqres_mock.server.handshake import RejectedConnection
    from reqres_mock.server.tls import CertificateAuthority, TlsProfile
    from reqres_mock.transports.requests_adapter import LogicAppsAdapter
    from reqres_mock.transports.respx_router import LogicAppsRouter

#: Public names whose modules need an optional or slow library (requests, respx, faker,
#: Hypothesis, PyYAML, ssl) or that most tests never touch (record and replay, TLS, schema
#: tools): imported on first use, so ``import reqres_mock`` (the fixture's first use) stays light.
_LAZY = {
    "CassetteOptions": ("reqres_mock.cassettes.session", "CassetteOptions"),
    "CassetteSession": ("reqres_mock.cassettes.session", "CassetteSession"),
    "CertificateAuthority": ("reqres_mock.server.tls", "CertificateAuthority"),
    "RecordMode": ("reqres_mock.cassettes.session", "RecordMode"),
    "RejectedConnection": ("reqres_mock.server.handshake", "RejectedConnection"),
    "TlsProfile": ("reqres_mock.server.tls", "TlsProfile"),
    "schema_from_sample": ("reqres_mock.schematools.samples", "schema_from_sample"),
    "LogicAppsAdapter": ("reqres_mock.transports.requests_adapter", "LogicAppsAdapter"),
    "LogicAppsRouter": ("reqres_mock.transports.respx_router", "LogicAppsRouter"),
    "fake_bodies": ("reqres_mock.schematools.fakes", "fake_bodies"),
    "trigger_bodies": ("reqres_mock.schematools.strategies", "trigger_bodies"),
    "verify_cassette": ("reqres_mock.cassettes.drift", "verify"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
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
    "HttpReply",
    "HttpStub",
    "InboundRequest",
    "LogicAppsAdapter",
    "LogicAppsRouter",
    "MissingExtraError",
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
    "fake_bodies",
    "schema_from_sample",
    "trigger_bodies",
    "verify_cassette",
]
