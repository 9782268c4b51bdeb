"""A workflow: one Request trigger and what answers it (a Response, a callable, or nothing)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Union

from reqres_mock.config import Flavor, check_timeout, parse_choice
from reqres_mock.definitions.actions import CompiledWorkflow
from reqres_mock.definitions.httpstubs import HttpStub, Pattern
from reqres_mock.engine.faultplan import FaultPlan
from reqres_mock.engine.gate import Gate
from reqres_mock.errors import (
    ConfigurationError,
    DefinitionError,
    FakeDataError,
    WaitTimeoutError,
)
from reqres_mock.exchange import redact
from reqres_mock.protocol import callback
from reqres_mock.protocol.concurrency import RunLimiter, check_waiting_runs
from reqres_mock.protocol.headers import RateLimitBudget
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.trigger import OperationOption, RequestTrigger

if TYPE_CHECKING:
    from reqres_mock.definitions.webhooks import Webhook
    from reqres_mock.engine.faults import Fault
    from reqres_mock.engine.registry import Registry
    from reqres_mock.engine.run import Run

#: What answers a trigger: a static Response, a callable ``run -> Response | None``, or
#: ``None`` (no Response action: the caller gets 202 at once).
ResponseSpec = Union[  # noqa: UP007 (evaluated at runtime on 3.10)
    Response, Callable[["Run"], Response | None], CompiledWorkflow, None
]


def _version(name: str) -> str:
    digits = int(hashlib.sha256(f"version/{name}".encode()).hexdigest(), 16) % 10**15
    return f"08584{digits:015d}"


class Workflow:
    """A workflow served by a mock server. Create it with ``server.add_workflow(...)``.

    :ivar name: the workflow name.
    :ivar id: 32 lowercase hex, stable from the name.
    :ivar trigger: the :class:`RequestTrigger`.
    :ivar response: the Response action (or callable, or ``None``).
    """

    def __init__(
        self,
        engine: Registry,
        name: str,
        trigger: RequestTrigger,
        response: ResponseSpec,
        *,
        flavor: Flavor | str,
        timeout: float | None = None,
        access_key: str | None = None,
        enabled: bool = True,
        source: str | None = None,
        asynchronous: bool = False,
        base_url: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not name.strip() or "/" in name:
            raise DefinitionError(f"workflow name {name!r} must be non-empty, without '/'")
        if (
            response is not None
            and not isinstance(response, (Response, CompiledWorkflow))
            and not callable(response)
        ):
            raise DefinitionError(
                f"response must be a Response, a callable(run) -> Response, or None; "
                f"got {type(response).__name__}"
            )
        self._engine = engine
        self.name = name
        self.id = callback.workflow_id(name)
        self.version = _version(name)
        self.trigger = trigger
        self.response = response
        self.flavor = Flavor(parse_choice(Flavor, flavor, "flavor"))
        self.timeout = check_timeout(timeout) if timeout is not None else None
        if access_key is not None and not access_key:
            raise ConfigurationError("access_key must not be empty")
        self.access_key = access_key or engine.access_key
        self.enabled = enabled
        self.source = source
        self.stubs: dict[str, Any] = {}
        self.http_stubs: list[HttpStub] = []
        check_waiting_runs(
            trigger.maximum_waiting_runs if trigger.concurrency is not None else None,
            standard=self.flavor is Flavor.STANDARD,
            pointer=f"/triggers/{trigger.name}/runtimeConfiguration/concurrency",
        )
        self.limiter = RunLimiter(trigger.concurrency, trigger.maximum_waiting_runs or 0)
        #: What is left of the budgets the ``x-ms-ratelimit-*`` headers report (Consumption).
        self.rate_limits = RateLimitBudget()
        self._asynchronous = asynchronous
        #: Scheme and authority of the callback URL; ``None`` follows the server's.
        self.base_url = base_url
        self._gate: Gate | None = None
        self._callback_memo: tuple[tuple[object, ...], str] | None = None
        #: This workflow's pending faults: see :meth:`inject`.
        self.faults = FaultPlan()
        #: When the workflow was added (ARM's ``createdTime``).
        self.created_at = datetime.now(timezone.utc)

    def __repr__(self) -> str:
        return f"<Workflow {self.name!r} {self.method or '*'} {redact(self.callback_url)}>"

    # -- callback URLs ------------------------------------------------------------------------

    def callback_base(self) -> str:
        """Scheme and authority of this workflow's URLs."""
        return self.base_url or self._engine.base_url_for(self.flavor)

    @property
    def asynchronous(self) -> bool:
        """Whether callers get 202 and a polling URL (the Response's Asynchronous option)."""
        spec = self.response
        if isinstance(spec, Response):
            return spec.asynchronous or self._asynchronous
        if isinstance(spec, CompiledWorkflow):
            return spec.asynchronous or self._asynchronous
        return self._asynchronous and spec is not None

    def _callback(self) -> callback.CallbackUrl:
        return callback.callback_url(
            base_url=self.callback_base(),
            flavor=self.flavor,
            wf_id=self.id,
            wf_name=self.name,
            trigger=self.trigger.name,
            access_key=self.access_key,
        )

    @property
    def callback_url(self) -> str:
        """The signed URL that runs this workflow.

        With a relativePath that has parameters, the URL keeps the ``{name}`` placeholders,
        as Azure's ``listCallbackUrl`` does; use :meth:`url` to fill them.
        """
        template = self.trigger.relative_path or ""
        # Signed once per key, not per call: every definition run carries its URL
        # (listCallbackUrl()), and HMAC plus URL-encoding cost more than the run's actions.
        base, trigger = self.callback_base(), self.trigger.name
        key = (base, self.flavor, self.access_key, self.id, self.name, trigger, template)
        known = self._callback_memo
        if known is not None and known[0] == key:
            return known[1]
        url = self._callback().render(template.strip("/"))
        self._callback_memo = (key, url)
        return url

    def url(self, **path_parameters: object) -> str:
        """The callback URL with the relativePath parameters filled in and URL-encoded.

        :raises DefinitionError: when a parameter is missing or unknown.
        """
        path = self.trigger.path
        if path is None:
            if path_parameters:
                raise DefinitionError(
                    f"workflow {self.name!r} has no relativePath; it takes no path parameters"
                )
            return self._callback().render()
        return self._callback().render(path.render(path_parameters))

    @property
    def method(self) -> str | None:
        """The accepted method; ``None`` means any (Standard without a method)."""
        if self.trigger.method:
            return self.trigger.method
        return "POST" if self.flavor is Flavor.CONSUMPTION else None

    @property
    def validates_schema(self) -> bool:
        return self.trigger.has_option(OperationOption.ENABLE_SCHEMA_VALIDATION)

    @property
    def suppresses_workflow_headers(self) -> bool:
        return self.trigger.has_option(OperationOption.SUPPRESS_WORKFLOW_HEADERS)

    def effective_timeout(self) -> float:
        """Seconds before 504: the workflow's own, else the server's, else the documented
        deadline of its flavour (120 s Consumption, 225 s Standard)."""
        if self.timeout is not None:
            return self.timeout
        return self._engine.config.timeout_for(self.flavor)

    # -- state --------------------------------------------------------------------------------

    def disable(self) -> None:
        """Disable the workflow: calls get 400 ``WorkflowTriggerIsNotEnabled``."""
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True

    def gate(self) -> Gate:
        """Hold this workflow's runs before their Response until ``gate.release()``.

        Calling it again while a closed gate exists returns that gate.
        """
        if self._gate is None or self._gate.is_open:
            self._gate = Gate(f"gate of {self.name!r}")
        return self._gate

    @property
    def current_gate(self) -> Gate | None:
        return self._gate

    # -- faults on demand ---------------------------------------------------------------------

    def inject(
        self,
        *faults: Fault,
        times: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Fault this workflow's next calls, before the workflow sees them.

        ``wf.inject(Fault.throttled(2), Fault.throttled(2))`` faults the next two calls in
        order; ``times=3`` repeats the sequence three times over; ``rate=0.1, seed=7`` faults
        each later call with probability 0.1 (at most ``times`` of them), the same calls for
        the same seed. A sequence is consumed before rates are drawn; the server's faults
        (``server.inject``) come after the workflow's.

        :raises ConfigurationError: for no faults or a bad ``times``, ``rate`` or ``seed``.
        """
        self.faults.inject(faults, times=times, rate=rate, seed=seed)

    def clear_faults(self) -> None:
        """Forget this workflow's pending faults."""
        self.faults.clear()

    # -- actions ------------------------------------------------------------------------------

    def stub_action(
        self,
        name: str,
        *,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
        handler: Callable[[Any], dict[str, Any]] | None = None,
    ) -> None:
        """Answer the action called ``name`` (an Http call, a connector...) without the cloud.

        The action's outputs become ``{"statusCode", "headers", "body"}`` (an inline code
        action's, JavaScriptCode or CSharpScriptCode, only ``{"body"}``, as a script's are); a
        status of 400 or more fails it, as Logic Apps fails an Http action. With ``handler``,
        the outputs are ``handler(inputs)`` (a dict with those keys), computed from the
        evaluated inputs.
        """
        if handler is not None:
            self.stubs[name] = handler
        else:
            self.stubs[name] = {"statusCode": status, "headers": headers or {}, "body": body}

    def stub_http(
        self, method: str | None = None, url: Pattern | None = None, **options: Any
    ) -> HttpStub:
        """Answer this workflow's outbound calls that match a request pattern, respx-style:
        ``wf.stub_http("GET", "https://api.example.com/customers/*", body={...})``.

        Options are those of :class:`~reqres_mock.HttpStub` (``path``, ``query``, ``headers``,
        ``json``, ``text``; ``status``, ``body``, ``reply_headers`` or ``reply``; ``times``).
        This workflow's stubs are tried before the server's; the first match answers.

        :raises ConfigurationError: for a pattern or answer of the wrong type.
        """
        stub = HttpStub(method=method, url=url, owner=f"workflow {self.name!r}", **options)
        self.http_stubs.append(stub)
        return stub

    def request_stubs(self) -> list[HttpStub]:
        """The stubs that may answer this workflow's calls: its own, then the server's."""
        return [*self.http_stubs, *self._engine.http_stubs]

    def record(self, run: Run, region: str) -> dict[str, Any]:
        """What ``workflow()`` returns in the run's expressions."""
        return {
            "id": f"/workflows/{self.id}",
            "name": self.name,
            "type": "Microsoft.Logic/workflows",
            "location": region,
            "run": {
                "id": f"/workflows/{self.id}/runs/{run.id}",
                "name": run.id,
                "type": "Microsoft.Logic/workflows/runs",
            },
        }

    # -- fake bodies (reqres_mock.schematools) -----------------------------------------------

    def _schema(self) -> Mapping[str, Any]:
        if self.trigger.schema is None:
            raise FakeDataError(
                f"workflow {self.name!r} has no trigger schema to make bodies from; "
                "declare one with add_workflow(schema=...)"
            )
        return self.trigger.schema

    def fake_body(self, seed: int | None = None) -> Any:
        """A realistic request body that validates against the trigger's schema.

        The same ``seed`` gives the same body; ``None`` gives a new one each time.

        :raises FakeDataError: when the workflow has no schema, or none could be satisfied.
        """
        from reqres_mock.schematools.fakes import fake_body  # noqa: PLC0415 (faker is slow to import)

        return fake_body(self._schema(), seed=seed)

    def fake_invalid_body(
        self, constraint: str | None = None, *, seed: int | None = None, at: str | None = None
    ) -> Any:
        """A body that breaks exactly one ``constraint`` of the trigger's schema (``required``,
        ``type``, ``enum``, ``pattern``, ``maxLength``...): with ``validate_schema=True`` it
        gets 400 ``TriggerInputSchemaMismatch`` with one error detail.

        :param at: a JSON pointer into the body (``/account/name``) to break it only there.
        :raises ConfigurationError: for an unknown constraint name (the message lists them).
        :raises FakeDataError: when the schema has no such constraint that can fail alone.
        """
        from reqres_mock.schematools.violations import fake_invalid_body  # noqa: PLC0415

        return fake_invalid_body(self._schema(), constraint, seed=seed, at=at)

    # -- run history --------------------------------------------------------------------------

    @property
    def runs(self) -> list[Run]:
        """Runs of this workflow (calls it accepted), oldest first."""
        return self._engine.journal.entries(lambda r: r.accepted, workflow_ref=self)

    @property
    def rejected(self) -> list[Run]:
        """Calls addressed to this workflow that it refused (401, 400...), oldest first."""
        return self._engine.journal.entries(lambda r: not r.accepted, workflow_ref=self)

    @property
    def calls(self) -> list[Run]:
        """Every call addressed to this workflow, accepted or not, oldest first."""
        return self._engine.journal.entries(workflow_ref=self)

    def wait_for_runs(self, count: int = 1, timeout: float = 5.0) -> list[Run]:
        """Block until this workflow has at least ``count`` runs; return them.

        Reminders raised by those calls are surfaced as warnings in the calling thread.

        :raises WaitTimeoutError: after ``timeout`` seconds, listing what did arrive.
        """
        runs = self._engine.journal.wait_for(
            lambda r: r.workflow_ref is self and r.accepted,
            count,
            timeout,
            f"run(s) of workflow {self.name!r}",
        )
        self._engine.surface_reminders()
        return runs

    # -- webhook actions ----------------------------------------------------------------------

    def wait_for_webhook(self, action: str, timeout: float = 5.0) -> Webhook:
        """Block until a run's webhook action ``action`` has subscribed and waits for its
        callback; return that wait (the oldest). Call its ``callback_url`` to go on.

        :raises WaitTimeoutError: after ``timeout`` seconds.
        """
        found = self._engine.webhooks.wait_for(self.id, action, timeout)
        if found is None:
            raise WaitTimeoutError(
                f"no run of workflow {self.name!r} waits in webhook action {action!r} "
                f"after {timeout} s"
            )
        return found

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary: name, trigger, method, relativePath, callback URL, schema."""
        return {
            "name": self.name,
            "id": self.id,
            "flavor": self.flavor.value,
            "trigger": self.trigger.name,
            "method": self.method,
            "relativePath": self.trigger.relative_path,
            "callbackUrl": self.callback_url,
            "schema": self.trigger.schema,
            "enabled": self.enabled,
        }


def new_access_key() -> str:
    return secrets.token_urlsafe(32)
