"""The engine: from an :class:`InboundRequest` to a :class:`Reply`, as a Logic App answers.

It knows nothing about HTTP libraries. The Werkzeug server (and any other transport) turns its
request into an ``InboundRequest``, calls :meth:`Engine.handle` on its own thread, and writes
the ``Reply``. Checks run in Logic Apps' order: api-version, workflow, SAS, enabled, method,
relative path, body, schema; then a run starts. The run executes off the request thread; the
request thread waits (without polling) for its Response until the deadline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from reqres_mock.config import Flavor
from reqres_mock.engine.diagnostics import explain_path, near_misses, schema_reminders
from reqres_mock.engine.execution import Executor
from reqres_mock.engine.faultplan import FaultPlan, draw
from reqres_mock.engine.faults import error_reply
from reqres_mock.engine.firing import TriggerFiring
from reqres_mock.engine.registry import Registry
from reqres_mock.engine.run import Run, RunStatus, new_run_id
from reqres_mock.exchange import Reply, Writer
from reqres_mock.protocol import callback, replies
from reqres_mock.protocol.headers import CLIENT_TRACKING_HEADER, rejection_headers
from reqres_mock.protocol.routing import (
    Route,
    parse_action_callback,
    parse_content,
    parse_operation,
    parse_route,
)
from reqres_mock.protocol.schema import validate
from reqres_mock.protocol.trigger import build_outputs

if TYPE_CHECKING:
    from reqres_mock.config import ServerConfig
    from reqres_mock.engine.faults import Fault
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest
    from reqres_mock.protocol.replies import Failure

log = logging.getLogger("reqres_mock.engine")


class Interceptor(Protocol):
    """What sits before the workflows and may answer a call itself (a cassette in use)."""

    def intercept(self, request: InboundRequest, run: Run) -> Reply | None:
        """The reply for ``request`` (journalling ``run``), or ``None`` to let it through."""

    def close(self) -> None:
        """Stop intercepting; the engine is shutting down."""


#: What :meth:`Engine.handle_call` returns for a call whose fault sends nothing (reset, empty):
#: transports look at ``run.fault`` and write no reply.
NO_REPLY = Reply(0)

#: Called with each journalled call once its reply was written (see :meth:`Engine.add_observer`).
RunObserver = Callable[["Run"], None]


class Engine(Registry):
    """Workflows, run history and the request pipeline, without any transport.

    :param config: the server settings (a :class:`ServerConfig`).
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        super().__init__(config)
        # Calls in flight are a set (one add, one discard per call: each atomic) rather than a
        # counter under a lock that every connection shares: under load that lock convoyed.
        self._in_flight: set[Run] = set()
        self._observers: list[RunObserver] = []
        self._executor = Executor(
            self.journal,
            lambda: self.config,
            self.record_error,
            self._call_workflow,  # the firing object is made next; resolve the call late
            self.webhooks,
        )
        self._firing = TriggerFiring(self, self._executor)
        #: What answers calls before workflows see them (a cassette in use), or ``None``.
        self.interceptor: Interceptor | None = None
        #: Faults for calls to any workflow (after each workflow's own): see :meth:`inject`.
        self.faults = FaultPlan()

    # -- faults on demand (reqres_mock.engine.faults) ------------------------------------------

    def inject(
        self,
        *faults: Fault,
        times: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Fault calls to every workflow of this server (after each workflow's own faults).

        Without ``rate`` the next calls get ``faults`` in order (``times`` times over); with
        ``rate`` each later call gets one with that probability (at most ``times`` of them),
        the same calls for the same ``seed``. ``rate=1`` faults every call.

        :raises ConfigurationError: for no faults or a bad ``times``, ``rate`` or ``seed``.
        """
        self.faults.inject(faults, times=times, rate=rate, seed=seed)

    def clear_faults(self) -> None:
        """Forget the server's pending faults (workflows keep their own)."""
        self.faults.clear()

    def reset(self, *, keep_loaded: bool = False) -> None:
        """Forget every workflow, run, fault, collected error and reminder; release held runs
        (``keep_loaded``: see :meth:`Registry.reset`)."""
        super().reset(keep_loaded=keep_loaded)
        self.faults.clear()

    # -- observers ----------------------------------------------------------------------------

    def add_observer(self, observer: RunObserver) -> None:
        """Call ``observer(run)`` once a journalled call's reply was written (or its caller was
        gone), on the connection's thread; an exception it raises is collected for
        :meth:`check`."""
        self._observers.append(observer)

    def reply_sent(self, run: Run) -> None:
        """Transports call this after writing a journalled call's reply."""
        self.journal.tidy()  # first: observers see the history as it stays (packed, capped)
        for observer in list(self._observers):
            try:
                observer(run)
            except Exception as err:
                self.record_error(err)

    # -- the request pipeline -----------------------------------------------------------------

    def handle(self, request: InboundRequest) -> Reply:
        """Answer ``request`` as the Logic App would; blocks until the reply is decided."""
        return self.handle_call(request)[1]

    def handle_call(self, request: InboundRequest) -> tuple[Run, Reply]:
        """Like :meth:`handle`, also returning the journal entry of the call."""
        started = time.monotonic()
        route = parse_route(request.path)  # once per call: the run id, dispatch and writer
        run = Run(id=new_run_id(scale_unit=_scale_unit(route)), request=request)
        if self.arrived_before_reset(request):
            return run, self._answer_late(run, route)
        self._in_flight.add(run)
        over = len(self._in_flight) > self.config.max_concurrent_calls
        try:
            if over:
                retry = self.config.retry_after
                failure = replies.too_many_calls(self.config.max_concurrent_calls, retry)
                headers = [
                    *self.rejection_headers(request, None, None),
                    ("Retry-After", str(retry)),
                ]
                return run, self.reject(run, None, failure.reply(headers))
            interceptor = self.interceptor
            if interceptor is not None:
                intercepted = interceptor.intercept(request, run)
                if intercepted is not None:
                    return run, intercepted  # a replayed reply is written as it was recorded
            return run, self._written(self._dispatch(request, run, started, route), run, route)
        except Exception as err:  # an engine bug: never a traceback on the wire
            self.record_error(err)
            failure = replies.internal_error(run.id)
            reply = failure.reply(self.rejection_headers(request, None, None))
            if run.reply is None:
                run.error = err
                self.reject(run, None, reply)
            return run, self._written(reply, run, route)
        finally:
            self._in_flight.discard(run)

    def shutdown(self) -> None:
        """Stop taking calls: pending callers get 503, gates open, workers are joined briefly."""
        self._executor.shutdown()
        self.faults.close()
        if self.interceptor is not None:
            self.interceptor.close()
        for workflow in self.workflows:
            if workflow.current_gate is not None:
                workflow.current_gate.release()

    def reject_early(self, request: InboundRequest, failure: Failure) -> tuple[Run, Reply]:
        """Journal and answer a call the transport refused before reading it (413, 431...)."""
        route = parse_route(request.path)
        run = Run(id=new_run_id(scale_unit=_scale_unit(route)), request=request)
        if self.arrived_before_reset(request):
            return run, self._answer_late(run, route)
        workflow = self.find_workflow(route) if route is not None else None
        reply = failure.reply(self.rejection_headers(request, workflow, route))
        self.reject(run, workflow, reply)
        return run, self._written(reply, run, route)

    def _written(self, reply: Reply, run: Run, route: Route | None) -> Reply:
        """``reply`` marked with the server that writes it: the flavor of the workflow the call
        reached, else of the route it named, else the server's."""
        workflow = run.workflow_ref
        if workflow is not None:
            flavor = workflow.flavor
        else:
            flavor = route.flavor if route is not None else self.config.flavor
        writer = Writer.FRONT_END if flavor is Flavor.CONSUMPTION else Writer.KESTREL
        return replace(reply, writer=writer)

    def _answer_late(self, run: Run, route: Route | None) -> Reply:
        # The workflows it was sent to are gone with the reset; answering it from today's
        # workflows, or journalling it today, would blame the next test for it.
        log.debug("call that arrived before the last reset, not journalled: %r", run.request)
        reply = replies.workflow_not_found().reply(self.rejection_headers(run.request, None, route))
        run.status = RunStatus.REJECTED
        run.set_reply(reply)
        run.finish(RunStatus.REJECTED)
        return self._written(reply, run, route)

    @property
    def stopping(self) -> bool:
        """Whether :meth:`shutdown` was called: new calls get 503."""
        return self._executor.stopping

    def rejection_headers(
        self, request: InboundRequest, workflow: Workflow | None, route: Route | None
    ) -> list[tuple[str, str]]:
        """The ``x-ms-*`` headers of a reply that starts no run."""
        flavor = workflow.flavor if workflow else (route.flavor if route else self.config.flavor)
        tracking = request.headers.get(CLIENT_TRACKING_HEADER)
        return rejection_headers(workflow, flavor, self.config.region, tracking)

    def reject(self, run: Run, workflow: Workflow | None, reply: Reply) -> Reply:
        """Journal ``run`` as a rejected call (of ``workflow``, when it addressed one)."""
        if workflow is not None:
            run.workflow, run.workflow_ref = workflow.name, workflow
            run.trigger = workflow.trigger.name
        return self.journal.conclude(run, reply, RunStatus.REJECTED)

    def find_workflow(self, route: Route) -> Workflow | None:
        """The workflow a parsed callback route addresses, or ``None``."""
        for workflow in self.workflows:  # a copy of an immutable snapshot: no lock
            if workflow.flavor is not route.flavor:
                continue
            if route.flavor is Flavor.CONSUMPTION and workflow.id == route.key.lower():
                return workflow
            if route.flavor is Flavor.STANDARD and workflow.name.lower() == route.key.lower():
                return workflow
        return None

    def _dispatch(
        self, request: InboundRequest, run: Run, started: float, route: Route | None
    ) -> Reply:
        def reject(failure: Failure, workflow: Workflow | None = None) -> Reply:
            reply = failure.reply(self.rejection_headers(request, workflow, route))
            return self.reject(run, workflow, reply)

        workflow = self.find_workflow(route) if route is not None else None
        if self._executor.stopping:
            return reject(replies.server_stopping(), workflow)
        operation = parse_operation(request.path) if route is None else None
        if operation is not None:
            return self._firing.poll(request, run, operation, reject)
        content = parse_content(request.path) if route is None else None
        if content is not None:
            return self._firing.content(request, run, content, reject)
        failure: Failure | None
        if len(request.target) > self.config.max_url_length:
            failure = replies.uri_too_long(len(request.target), self.config.max_url_length)
            return reject(failure, workflow)
        if len(request.body) > self.config.max_body_size:
            failure = replies.content_too_large(len(request.body), self.config.max_body_size)
            return reject(failure, workflow)
        hook = parse_action_callback(request.path) if route is None else None
        if hook is not None:
            return self._firing.webhook_callback(request, run, hook, reject)
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
        fault = draw(workflow.faults, self.faults)
        if fault is not None:  # the front end fails before the workflow sees the call
            run.fault = fault
            if not fault.starts_run:
                return self._faulted(request, run, workflow, route, fault)
        failure = callback.check_sas(
            query,
            authorization=request.headers.get("Authorization"),
            flavor=route.flavor,
            wf_id=workflow.id,
            trigger=route.trigger,
            access_key=workflow.access_key,
            scope=route.scope,
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
            parameters = next(
                (p for p in map(trigger.path.match, route.rest_forms) if p is not None), None
            )
        if (trigger.path is None and route.rest) or (
            trigger.path is not None and parameters is None
        ):
            run.near_misses = [explain_path(workflow, route.rest_forms[-1])]
            return reject(
                replies.relative_path_not_found(
                    trigger.name, trigger.relative_path, route.decoded_rest
                )
            )
        outputs, failure = build_outputs(trigger, request, parameters, flavor=workflow.flavor)
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

    def _faulted(
        self, request: InboundRequest, run: Run, workflow: Workflow, route: Route, fault: Fault
    ) -> Reply:
        headers = self.rejection_headers(request, workflow, route)
        reply = error_reply(fault, workflow.name, run.id, request.method, headers)
        if reply is not None:
            return self.reject(run, workflow, reply)
        # reset / empty: nothing is sent (run.reply stays None); the transport drops the line
        run.workflow, run.workflow_ref, run.trigger = workflow.name, workflow, workflow.trigger.name
        run.status = RunStatus.REJECTED
        run.finish(RunStatus.REJECTED)
        self.journal.add(run)
        return NO_REPLY

    def _call_workflow(self, name: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
        return self._firing.call_workflow(name, body, headers)


def _scale_unit(route: Route | None) -> int | None:
    """``0`` for a call to a Standard route (its run ids end in ``CU00``), else ``None``."""
    return 0 if route is not None and route.flavor is Flavor.STANDARD else None
