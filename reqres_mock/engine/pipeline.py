"""The engine: from an :class:`InboundRequest` to a :class:`Reply`, as a Logic App answers.

It knows nothing about HTTP libraries. The Werkzeug server (and any other transport) turns its
request into an ``InboundRequest``, calls :meth:`Engine.handle` on its own thread, and writes
the ``Reply``. Checks run in Logic Apps' order: api-version, workflow, SAS, enabled, method,
relative path, body, schema; then a run starts. The run executes off the request thread; the
request thread waits (without polling) for its Response until the deadline.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor, ReminderMode, ServerConfig
from reqres_mock.engine.diagnostics import (
    calls_report,
    explain_path,
    near_misses,
    schema_reminders,
)
from reqres_mock.engine.execution import Executor
from reqres_mock.engine.firing import TriggerFiring
from reqres_mock.engine.journal import Journal
from reqres_mock.engine.run import Run, RunStatus, new_run_id
from reqres_mock.engine.workflow import ResponseSpec, Workflow, new_access_key
from reqres_mock.errors import (
    Reminder,
    ReminderError,
    ReqResError,
    ServerThreadError,
    UnexpectedCallError,
)
from reqres_mock.protocol import callback, replies
from reqres_mock.protocol.headers import CLIENT_TRACKING_HEADER, rejection_headers
from reqres_mock.protocol.hosts import check_base_url, cloud_base_url
from reqres_mock.protocol.routing import Route, parse_operation, parse_route
from reqres_mock.protocol.schema import validate
from reqres_mock.protocol.trigger import RequestTrigger, build_outputs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    from reqres_mock.cassettes.session import CassetteOptions, CassetteSession, RecordMode
    from reqres_mock.exchange import InboundRequest, Reply
    from reqres_mock.protocol.replies import Failure
    from reqres_mock.transports.requests_adapter import LogicAppsAdapter
    from reqres_mock.transports.respx_router import LogicAppsRouter

log = logging.getLogger("reqres_mock.engine")


class Engine:
    """Workflows, run history and the request pipeline, without any transport.

    :param config: the server settings (a :class:`ServerConfig`).
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self.access_key = self.config.access_key or new_access_key()
        self._base_url: str | None = None
        self.journal = Journal()
        self._lock = threading.Lock()
        self._workflows: dict[str, Workflow] = {}
        self._errors: list[BaseException] = []
        self._surfaced: set[int] = set()
        self._in_flight = 0
        self._reset_at = time.monotonic()
        self._loaded: list[Workflow] = []
        self._observers: list[Callable[[Run], None]] = []
        self._executor = Executor(
            self.journal,
            lambda: self.config,
            self.record_error,
            self._call_workflow,  # the firing object is made next; resolve the call late
        )
        self._firing = TriggerFiring(self, self._executor)
        #: The cassette that records or replays calls before workflows see them (or ``None``).
        self.interceptor: CassetteSession | None = None

    @property
    def base_url(self) -> str:
        """Scheme and authority of callback URLs: the socket's once a server listens; until
        then a cloud host of the default flavor, which the in-process transports answer."""
        return self.base_url_for(self.config.flavor)

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_url = value

    def base_url_for(self, flavor: Flavor) -> str:
        """The base URL of a workflow of ``flavor`` that sets none of its own."""
        return self._base_url or cloud_base_url(flavor, self.config.region)

    # -- in-process transports (no socket; the same engine and journal) -------------------

    def respx(self, *, pass_through: bool | Iterable[str] = False) -> LogicAppsRouter:
        """A respx router that answers Logic Apps URLs with this engine, for httpx.

        See :class:`reqres_mock.transports.respx_router.LogicAppsRouter`; needs the ``respx`` extra.
        """
        from reqres_mock.transports.respx_router import LogicAppsRouter  # noqa: PLC0415 (optional)

        return LogicAppsRouter(self, pass_through=pass_through)

    def requests_adapter(self) -> LogicAppsAdapter:
        """A ``requests`` transport adapter answering with this engine (mount it on a Session).

        See :class:`reqres_mock.transports.requests_adapter.LogicAppsAdapter`.
        """
        from reqres_mock.transports.requests_adapter import LogicAppsAdapter  # noqa: PLC0415 (optional)

        return LogicAppsAdapter(self)

    # -- record and replay (reqres_mock.cassettes.session) -------------------------------------

    def use_cassette(
        self,
        path: str | Path,
        *,
        target: str | None = None,
        record_mode: RecordMode | str | None = None,
        options: CassetteOptions | None = None,
    ) -> CassetteSession:
        """Record calls to ``target`` into the cassette at ``path`` and/or replay it, per the
        record mode (VCR.py's: ``once`` by default, ``new_episodes``, ``none``, ``all``).

        Returns the :class:`~reqres_mock.cassettes.session.CassetteSession`, also a context
        manager that detaches it on exit.

        :raises CassetteError: when the mode needs a target that is missing, or a cassette
            that does not exist or cannot be read.
        """
        from reqres_mock.cassettes.session import CassetteSession, make_options  # noqa: PLC0415

        session = CassetteSession(
            self, path, target=target, options=make_options(options, record_mode)
        )
        previous, self.interceptor = self.interceptor, session
        if previous is not None:
            previous.close()
        return session

    # -- workflows ----------------------------------------------------------------------------

    def add_workflow(
        self,
        name: str,
        *,
        schema: Mapping[str, Any] | None = None,
        method: str | None = None,
        relative_path: str | None = None,
        response: ResponseSpec = None,
        validate_schema: bool = False,
        trigger_name: str = "manual",
        operation_options: Iterable[str] | str = (),
        flavor: Flavor | str | None = None,
        timeout: float | None = None,
        access_key: str | None = None,
        asynchronous: bool = False,
        concurrency: int | None = None,
        maximum_waiting_runs: int | None = None,
        base_url: str | None = None,
    ) -> Workflow:
        """Add (or replace) a workflow with a Request trigger.

        :param response: a :class:`Response`, a callable ``run -> Response | None``, or
            ``None`` for a workflow without Response action (callers get 202).
        :param validate_schema: mirror ``operationOptions: EnableSchemaValidation``.
        :param flavor: ``"consumption"`` or ``"standard"``; the server's default when ``None``.
        :param timeout: seconds before 504; the server's timeout when ``None``.
        :param asynchronous: the Response's ``Asynchronous`` option (202 + polling URL).
        :param concurrency: at most this many runs at once (``runtimeConfiguration``).
        :param maximum_waiting_runs: runs queued past the limit before 429 (default 10 + limit).
        :param base_url: scheme and authority of the callback URL, e.g.
            ``"https://prod-12.westeurope.logic.azure.com:443"``; the server's when ``None``.
        :raises ConfigurationError: for a ``base_url`` that is not just scheme and authority.
        :raises DefinitionError: for anything Logic Apps would refuse to save.
        """
        options = (
            [o for o in operation_options.split(",") if o.strip()]
            if isinstance(operation_options, str)
            else list(operation_options)
        )
        if validate_schema:
            options.append("EnableSchemaValidation")
        trigger = RequestTrigger(
            name=trigger_name,
            schema=schema,
            method=method,
            relative_path=relative_path,
            operation_options=frozenset(options),
            concurrency=concurrency,
            maximum_waiting_runs=maximum_waiting_runs,
        )
        workflow = Workflow(
            self,
            name,
            trigger,
            response,
            flavor=flavor or self.config.flavor,
            timeout=timeout,
            access_key=access_key,
            asynchronous=asynchronous,
            base_url=check_base_url(base_url) if base_url is not None else None,
        )
        return self.add(workflow)

    def add(self, workflow: Workflow) -> Workflow:
        """Register ``workflow``, replacing one of the same name."""
        with self._lock:
            old = self._workflows.get(workflow.name.lower())
            self._workflows[workflow.name.lower()] = workflow
        if old is not None and old.current_gate is not None:
            old.current_gate.release()
        return workflow

    def remove(self, name: str) -> None:
        """Remove the workflow called ``name`` (its run history stays).

        :raises KeyError: when there is none.
        """
        with self._lock:
            workflow = self._workflows.pop(name.lower())
        if workflow.current_gate is not None:
            workflow.current_gate.release()

    @property
    def workflows(self) -> list[Workflow]:
        """The workflows served, in the order they were added."""
        with self._lock:
            return list(self._workflows.values())

    def workflow(self, name: str) -> Workflow:
        """The workflow called ``name`` (case-insensitive).

        :raises KeyError: when there is none, naming the ones there are.
        """
        with self._lock:
            found = self._workflows.get(name.lower())
            if found is None:
                raise KeyError(f"no workflow {name!r}; there are {sorted(self._workflows)}")
            return found

    def mark_loaded(self, workflows: Iterable[Workflow]) -> None:
        """Remember ``workflows`` (those a standalone server loaded from its files) as its
        start-up state, which ``reset(keep_loaded=True)`` returns to."""
        self._loaded = list(workflows)

    def reset(self, *, keep_loaded: bool = False) -> None:
        """Forget every workflow, run, collected error and reminder; release held runs.

        :param keep_loaded: keep the workflows given to :meth:`mark_loaded` (as loaded: a
            workflow replaced since is loaded again), forget the others.
        """
        with self._lock:
            workflows = list(self._workflows.values())
            self._workflows.clear()
            self._errors.clear()
            self._surfaced.clear()
            self._reset_at = time.monotonic()
        for workflow in workflows:
            if workflow.current_gate is not None:
                workflow.current_gate.release()
        self.journal.clear()
        if keep_loaded:
            for workflow in self._loaded:
                self.add(workflow)

    # -- run history --------------------------------------------------------------------------

    @property
    def runs(self) -> list[Run]:
        """Runs of every workflow (calls accepted), oldest first."""
        return self.journal.entries(lambda r: r.accepted)

    @property
    def calls(self) -> list[Run]:
        """Every call journalled: accepted, rejected and unmatched, oldest first."""
        return self.journal.entries()

    @property
    def unmatched(self) -> list[Run]:
        """Calls that matched no workflow, each with its ``near_misses``."""
        return self.journal.entries(lambda r: r.workflow is None)

    def add_observer(self, observer: Callable[[Run], None]) -> None:
        """Call ``observer(run)`` once a journalled call's reply was written (or its caller was
        gone), on the connection's thread; an exception it raises is collected for
        :meth:`check`."""
        self._observers.append(observer)

    def reply_sent(self, run: Run) -> None:
        """Transports call this after writing a journalled call's reply."""
        for observer in list(self._observers):
            try:
                observer(run)
            except Exception as err:
                self.record_error(err)

    # -- checks in the test thread ------------------------------------------------------------

    def record_error(self, error: BaseException) -> None:
        """Collect an exception raised in a server thread, to re-raise in the test thread."""
        with self._lock:
            self._errors.append(error)

    def check(self) -> None:
        """Surface reminders and re-raise errors collected in server threads (then forget them).

        :raises ServerThreadError: when a Response callable (or the engine) raised.
        :raises ReminderError: when reminders are configured to fail and some were raised.
        """
        __tracebackhide__ = True  # pytest shows the diagnosis, not this frame
        with self._lock:
            errors, self._errors = self._errors, []
        if errors:
            first = errors[0]
            if isinstance(first, ReqResError) and isinstance(first, AssertionError):
                raise first  # our own diagnosis of a test-author mistake reads best as is
            raise ServerThreadError(
                f"{len(errors)} error(s) raised inside the mock server; the first: "
                f"{type(first).__name__}: {first}",
                errors,
            ) from first
        self.surface_reminders()

    def surface_reminders(self) -> None:
        """Warn (or fail, per the ``reminders`` setting) once for each new reminder."""
        __tracebackhide__ = True
        fresh: list[Reminder] = []
        with self._lock:
            for run in self.journal.entries():
                for reminder in run.reminders:
                    if id(reminder) not in self._surfaced:
                        self._surfaced.add(id(reminder))
                        fresh.append(reminder)
        mode = self.config.reminders
        if not fresh or mode is ReminderMode.IGNORE:
            return
        if mode is ReminderMode.ERROR:
            raise ReminderError("\n".join(str(r) for r in fresh))
        for reminder in fresh:
            warnings.warn(reminder, stacklevel=3)

    def rejection_report(self) -> str:
        """The calls this server rejected or could not match, for a failed test's report:
        method, path (``sig=***``), status, error code and message, near misses; ``""`` when
        every call was accepted."""
        return calls_report(self.journal.entries())

    def assert_no_unexpected_calls(self) -> None:
        """Fail when calls matched no workflow, explaining each one's near misses.

        :raises UnexpectedCallError: listing the calls and the closest workflows.
        """
        __tracebackhide__ = True  # pytest shows the diagnosis, not this frame
        unmatched = self.unmatched
        if not unmatched:
            return
        lines = [f"{len(unmatched)} call(s) matched no workflow:"]
        for run in unmatched:
            lines.append(f"  {run.summary()}")
            lines.extend(f"    Closest: {miss}" for miss in run.near_misses[:3])
        raise UnexpectedCallError("\n".join(lines))

    # -- the request pipeline -----------------------------------------------------------------

    def handle(self, request: InboundRequest) -> Reply:
        """Answer ``request`` as the Logic App would; blocks until the reply is decided."""
        return self.handle_call(request)[1]

    def handle_call(self, request: InboundRequest) -> tuple[Run, Reply]:
        """Like :meth:`handle`, also returning the journal entry of the call."""
        started = time.monotonic()
        run = Run(id=new_run_id(), request=request)
        if self.arrived_before_reset(request):
            return run, self._answer_late(run)
        with self._lock:
            self._in_flight += 1
            over = self._in_flight > self.config.max_concurrent_calls
        try:
            if over:
                retry = self.config.retry_after
                failure = replies.too_many_calls(self.config.max_concurrent_calls, retry)
                headers = [
                    *self._rejection_headers(request, None, None),
                    ("Retry-After", str(retry)),
                ]
                return run, self._reject(run, None, failure.reply(headers))
            interceptor = self.interceptor
            if interceptor is not None:
                intercepted = interceptor.intercept(request, run)
                if intercepted is not None:
                    return run, intercepted
            return run, self._dispatch(request, run, started)
        except Exception as err:  # an engine bug: never a traceback on the wire
            self.record_error(err)
            failure = replies.internal_error(run.id)
            reply = failure.reply(self._rejection_headers(request, None, None))
            if run.reply is None:
                run.error = err
                self._reject(run, None, reply)
            return run, reply
        finally:
            with self._lock:
                self._in_flight -= 1

    def shutdown(self) -> None:
        """Stop taking calls: pending callers get 503, gates open, workers are joined briefly."""
        self._executor.shutdown()
        if self.interceptor is not None:
            self.interceptor.close()
        for workflow in self.workflows:
            if workflow.current_gate is not None:
                workflow.current_gate.release()

    def reject_early(self, request: InboundRequest, failure: Failure) -> tuple[Run, Reply]:
        """Journal and answer a call the transport refused before reading it (413, 431...)."""
        run = Run(id=new_run_id(), request=request)
        if self.arrived_before_reset(request):
            return run, self._answer_late(run)
        route = parse_route(request.path)
        workflow = self._find(route) if route is not None else None
        reply = failure.reply(self._rejection_headers(request, workflow, route))
        self._reject(run, workflow, reply)
        return run, reply

    def arrived_before_reset(self, request: InboundRequest) -> bool:
        """Whether ``request`` arrived before the last :meth:`reset` (it belongs to the
        previous test, however late its body ended)."""
        return request.received_at is not None and request.received_at < self._reset_at

    def _answer_late(self, run: Run) -> Reply:
        # The workflows it was sent to are gone with the reset; answering it from today's
        # workflows, or journalling it today, would blame the next test for it.
        log.debug("call that arrived before the last reset, not journalled: %r", run.request)
        reply = replies.workflow_not_found().reply(
            self._rejection_headers(run.request, None, parse_route(run.request.path))
        )
        run.status = RunStatus.REJECTED
        run._set_reply(reply)
        run._finish(RunStatus.REJECTED)
        return reply

    @property
    def stopping(self) -> bool:
        """Whether :meth:`shutdown` was called: new calls get 503."""
        return self._executor.stopping

    def _rejection_headers(
        self, request: InboundRequest, workflow: Workflow | None, route: Route | None
    ) -> list[tuple[str, str]]:
        flavor = workflow.flavor if workflow else (route.flavor if route else self.config.flavor)
        tracking = request.headers.get(CLIENT_TRACKING_HEADER)
        return rejection_headers(workflow, flavor, self.config.region, tracking)

    def _reject(self, run: Run, workflow: Workflow | None, reply: Reply) -> Reply:
        if workflow is not None:
            run.workflow, run.workflow_ref = workflow.name, workflow
            run.trigger = workflow.trigger.name
        run.status = RunStatus.REJECTED
        run._set_reply(reply)
        run._finish(RunStatus.REJECTED)
        self.journal.add(run)
        return reply

    def _find(self, route: Route) -> Workflow | None:
        with self._lock:
            candidates = list(self._workflows.values())
        for workflow in candidates:
            if workflow.flavor is not route.flavor:
                continue
            if route.flavor is Flavor.CONSUMPTION and workflow.id == route.key.lower():
                return workflow
            if route.flavor is Flavor.STANDARD and workflow.name.lower() == route.key.lower():
                return workflow
        return None

    def _dispatch(self, request: InboundRequest, run: Run, started: float) -> Reply:
        def reject(failure: Failure, workflow: Workflow | None = None) -> Reply:
            reply = failure.reply(self._rejection_headers(request, workflow, route))
            return self._reject(run, workflow, reply)

        route = parse_route(request.path)
        workflow = self._find(route) if route is not None else None
        if self._executor.stopping:
            return reject(replies.server_stopping(), workflow)
        operation = parse_operation(request.path) if route is None else None
        if operation is not None:
            return self._firing.poll(request, run, operation, reject)
        failure: Failure | None
        if len(request.target) > self.config.max_url_length:
            failure = replies.uri_too_long(len(request.target), self.config.max_url_length)
            return reject(failure, workflow)
        if len(request.body) > self.config.max_body_size:
            failure = replies.content_too_large(len(request.body), self.config.max_body_size)
            return reject(failure, workflow)
        if route is None:
            run.near_misses = near_misses(self.workflows, request, None)
            return reject(replies.route_not_found(request.path))
        query = {k.lower(): v for k, v in request.query_pairs}
        failure = callback.check_api_version(query, route.flavor)
        if failure is not None:
            if workflow is None:
                run.near_misses = near_misses(self.workflows, request, route)
            return reject(failure, workflow)
        if workflow is None:
            run.near_misses = near_misses(self.workflows, request, route)
            return reject(replies.workflow_not_found())
        failure = callback.check_sas(
            query,
            has_authorization="Authorization" in request.headers,
            flavor=route.flavor,
            wf_id=workflow.id,
            trigger=route.trigger,
            access_key=workflow.access_key,
        )
        if failure is not None:
            return reject(failure, workflow)
        trigger = workflow.trigger
        if route.trigger.lower() != trigger.name.lower():
            return reject(replies.trigger_not_found(workflow.name, route.trigger), workflow)
        if not workflow.enabled:
            return reject(replies.trigger_disabled(workflow.name, trigger.name), workflow)
        expected = workflow.method
        if expected is not None and request.method != expected:
            return reject(replies.method_not_valid(expected, request.method), workflow)
        parameters = None
        if trigger.path is not None:
            parameters = trigger.path.match(route.rest)
        if (trigger.path is None and route.rest) or (
            trigger.path is not None and parameters is None
        ):
            run.near_misses = [explain_path(workflow, route.rest)]
            return reject(
                replies.relative_path_not_found(trigger.name, trigger.relative_path, route.rest)
            )
        outputs, failure = build_outputs(trigger, request, parameters)
        run.trigger_outputs = outputs
        if failure is not None:
            return reject(failure, workflow)
        run.reminders.extend(schema_reminders(workflow, request, outputs))
        if trigger.validator is not None and workflow.validates_schema:
            problems = validate(trigger.validator, outputs.get("body"))
            if problems:
                return reject(
                    replies.schema_mismatch(trigger.name, [m for _, m in problems]), workflow
                )
        return self._firing.begin(workflow, run, started, reject)

    def _call_workflow(self, name: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
        return self._firing.call_workflow(name, body, headers)
