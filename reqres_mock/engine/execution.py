"""Executing a run: the workflow's actions off the request thread, against the deadline.

The request thread waits (on a condition, without polling) for the run's reply until the
workflow's deadline, then sends 504 and lets the run go on. A static Response with no delay is
produced on the spot, and so is a definition whose actions only compute (no Wait, Until,
outbound call or action stub: it cannot keep its caller waiting) and end with its Response,
run on the caller's thread. A gate holds the run without holding a thread; callables, delays
and other definitions run on worker threads (one per run at a time, reused from run to run
under load). A workflow without a Response action answers 202 at once and runs in the
background.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import (
    FAILED,
    SUCCEEDED,
    ActionResult,
    CompiledWorkflow,
    RunEnvironment,
    now,
)
from reqres_mock.definitions.reader import StaticResponse
from reqres_mock.definitions.runner import run_workflow
from reqres_mock.definitions.webhooks import StopSignal, Webhook, Webhooks
from reqres_mock.engine.asynchronous import (
    AsyncOperation,
    polling_url,
    run_resource,
    webhook_url,
)
from reqres_mock.engine.run import ResponseSlot, Run, RunStatus
from reqres_mock.engine.workers import RunWorkers
from reqres_mock.errors import DefinitionError, ResponseReminder, UnstubbedActionError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.protocol import replies
from reqres_mock.protocol.concurrency import Admission
from reqres_mock.protocol.headers import new_guid, outbound_headers, run_headers
from reqres_mock.protocol.response import (
    JSON_CONTENT_TYPE,
    RESPONSE_TIMED_OUT,
    Delivery,
    Response,
    late_response_message,
    render,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.config import ServerConfig
    from reqres_mock.definitions.outbound import OutboundCall
    from reqres_mock.engine.journal import Journal
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.protocol.replies import Failure


class ReplySink(Protocol):
    """Where a run delivers its reply: a waiting caller, or an asynchronous operation."""

    def offer(self, reply: Reply) -> bool: ...


class Executor:
    """Runs workflows for an engine and keeps track of what is still pending.

    :param journal: where runs are recorded before they start.
    :param config: returns the engine's current settings (read per call).
    :param record_error: collects exceptions raised by Response callables.
    :param call_workflow: runs a nested workflow (the Workflow action).
    :param webhooks: where webhook actions wait for their callbacks.
    """

    def __init__(
        self,
        journal: Journal,
        config: Callable[[], ServerConfig],
        record_error: Callable[[BaseException], None],
        call_workflow: Callable[[str, Any, dict[str, str]], dict[str, Any]],
        webhooks: Webhooks,
    ) -> None:
        self._journal = journal
        self._webhooks = webhooks
        self._config = config
        self._record_error = record_error
        self._call_workflow = call_workflow
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._workers = RunWorkers()
        self._pending: set[ResponseSlot] = set()
        #: Per-run stop events of running definitions: set by shutdown() or by a cancel.
        self._run_stops: set[threading.Event] = set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def shutdown(self) -> None:
        """Pending callers get 503; delayed runs are cancelled; workers are joined briefly."""
        self._stopping.set()
        pending = list(self._pending)
        with self._lock:
            stops = list(self._run_stops)
        for stop in stops:
            stop.set()
        for slot in pending:
            slot.offer(replies.server_stopping().reply())
        self._workers.join(timeout=1.0)

    def _headers(self, workflow: Workflow, run: Run) -> list[tuple[str, str]]:
        return run_headers(workflow, run, self._config().region)

    def start(
        self,
        workflow: Workflow,
        run: Run,
        started: float,
        refuse: Callable[[Failure, list[tuple[str, str]]], Reply],
    ) -> Reply:
        """Admit the run (trigger concurrency), journal and start it, and answer: 202 at once
        without a Response or with an asynchronous one, else the Response or 504 at the
        deadline. ``refuse`` answers 429 when the waiting queue is full."""
        config = self._config()
        spec = workflow.response
        background = spec is None or (isinstance(spec, CompiledWorkflow) and not spec.has_response)
        deadline = started + workflow.effective_timeout()
        sink: ResponseSlot | AsyncOperation | None = None
        if workflow.asynchronous and not background:
            sink = run.operation = AsyncOperation(deadline)
        elif not background:
            sink = ResponseSlot()

        # A run admitted at once may go on this thread (see _after_gate); one started later by
        # another run's release, or by a gate, never does: it would hold that thread.
        caller, admitting = threading.get_ident(), True

        def launch() -> None:
            if run.cancelled:  # cancelled while it waited for a concurrency slot
                workflow.limiter.release()
                return
            if run.status is RunStatus.WAITING:
                run.status = RunStatus.RUNNING
            run.on_finish(workflow.limiter.release)
            if sink is not None:
                here = admitting and threading.get_ident() == caller
                inline = deadline if here and isinstance(sink, ResponseSlot) else None
                self._run_until_gate(workflow, run, sink, inline)
            elif isinstance(spec, CompiledWorkflow):
                self._spawn(workflow, run, None)
            else:
                run.finish(RunStatus.SUCCEEDED)

        def record() -> None:
            self._journal.add(run)

        # _pending is a set changed by one add or discard at a time: each is atomic (under the
        # GIL, and per object in free-threaded builds), so the hot path takes no shared lock.
        if isinstance(sink, ResponseSlot):
            self._pending.add(sink)
        if sink is not None:
            run.on_cancel(lambda: self._no_response(workflow, run, sink, RunStatus.CANCELLED))
        run.status = RunStatus.WAITING if workflow.limiter.runs else RunStatus.RUNNING
        admission = workflow.limiter.admit(record, launch)
        admitting = False
        if admission is Admission.REFUSED:
            if isinstance(sink, ResponseSlot):
                self._pending.discard(sink)
            return self._throttled(workflow, config.retry_after, refuse)
        if not isinstance(sink, ResponseSlot):
            reply = self._accepted(workflow, run, sink, config.retry_after)
            run.set_reply(reply)
            return reply
        try:
            answer = sink.take(max(deadline - time.monotonic(), 0.0))
            if answer is None:
                failure = replies.response_timeout(run.client_tracking_id)
                answer = failure.reply(self._headers(workflow, run))
        finally:
            self._pending.discard(sink)
        run.set_reply(answer)
        return answer

    @staticmethod
    def _throttled(
        workflow: Workflow,
        retry_after: int,
        refuse: Callable[[Failure, list[tuple[str, str]]], Reply],
    ) -> Reply:
        """429: the trigger's concurrency limit and its waiting queue are full."""
        limiter = workflow.limiter
        failure = replies.throttled(
            workflow.name, workflow.trigger.name, limiter.runs or 0, limiter.waiting, retry_after
        )
        return refuse(failure, [("Retry-After", str(retry_after))])

    def _accepted(
        self, workflow: Workflow, run: Run, operation: AsyncOperation | None, retry_after: int
    ) -> Reply:
        """202: plain without a Response; with Location, Retry-After and the run resource
        for an asynchronous one."""
        headers = self._headers(workflow, run)
        if operation is None:
            return Reply(202, Headers(headers))
        headers += [
            ("Location", polling_url(workflow, run, operation)),
            ("Retry-After", str(retry_after)),
            ("Content-Type", JSON_CONTENT_TYPE),
        ]
        return Reply(202, Headers(headers), run_resource(workflow, run))

    def poll(self, workflow: Workflow, run: Run) -> Reply:
        """Answer a poll of an asynchronous run's Location."""
        operation = run.operation
        assert operation is not None
        if operation.reply is not None:
            reply = operation.reply
        elif operation.expired:
            failure = replies.no_response(run.client_tracking_id)
            headers = [*self._headers(workflow, run), ("x-ms-failure-cause", "Trigger")]
            reply = failure.reply(headers)
        else:
            reply = self._accepted(workflow, run, operation, self._config().retry_after)
        operation.record_poll(reply.status)
        return reply

    def _run_until_gate(
        self, workflow: Workflow, run: Run, slot: ReplySink, inline: float | None
    ) -> None:
        """``inline`` is the caller's deadline when this is the caller's thread, which waits
        for the reply anyway."""
        gate = workflow.current_gate
        if gate is not None and gate.hold(lambda: self._after_gate(workflow, run, slot, None)):
            return
        self._after_gate(workflow, run, slot, inline)

    def _after_gate(
        self, workflow: Workflow, run: Run, slot: ReplySink, inline: float | None
    ) -> None:
        """A static Response is sent on the spot. So is a definition whose actions only
        compute and end with its Response (``CompiledWorkflow.runs_inline``), run on the
        caller's thread when it is this one: handing it to a worker costs two thread
        switches per call, which under keep-alive load cost more than the run itself.
        Everything else goes to a worker, so the caller gets 504 at its deadline however long
        the run takes, and its reply as soon as the Response action runs."""
        if run.cancelled:  # cancelled at the gate: nothing more runs
            return
        spec = workflow.response
        if isinstance(spec, Response) and not spec.delay:
            self._respond_and_finish(workflow, run, slot, spec)
            return
        if (
            inline is not None
            and isinstance(spec, CompiledWorkflow)
            and spec.runs_inline(workflow.stubs)
            and time.monotonic() < inline
        ):
            self._work(workflow, run, slot, inline)
            return
        self._spawn(workflow, run, slot)

    def _respond_and_finish(
        self, workflow: Workflow, run: Run, slot: ReplySink, response: Response
    ) -> None:
        """A static or callable Response: the run succeeds, or fails with
        ``ActionResponseTimedOut`` when its caller's deadline had passed."""
        static = response if isinstance(response, StaticResponse) else None
        failure = None
        if self._respond(workflow, run, slot, response) is Delivery.TOO_LATE:
            name = "Response" if static is None else static.action
            failure = {"code": RESPONSE_TIMED_OUT, "message": late_response_message(name)}
        if static is not None:  # a definition's one Response action, as it records itself
            ended = now()
            self._record_action(
                run,
                ActionResult(
                    static.action,
                    "Response",
                    SUCCEEDED if failure is None else FAILED,
                    inputs=static.inputs,
                    outputs=static.outputs if failure is None else None,
                    error=failure,
                    start_time=ended,
                    end_time=ended,
                    client_tracking_id=run.client_tracking_id,
                ),
            )
        if failure is not None:
            run.failure = failure
            run.finish(RunStatus.FAILED)
        else:
            run.finish(RunStatus.SUCCEEDED)

    def _spawn(self, workflow: Workflow, run: Run, slot: ReplySink | None) -> None:
        """Run the workflow on a worker thread (:mod:`reqres_mock.engine.workers`)."""
        self._workers.submit(lambda: self._work(workflow, run, slot, None))

    def _work(
        self, workflow: Workflow, run: Run, slot: ReplySink | None, inline: float | None
    ) -> None:
        try:
            spec = workflow.response
            if isinstance(spec, CompiledWorkflow):
                self._run_definition(workflow, run, slot, spec, inline)
                return
            assert slot is not None  # only definitions run without a waiting caller
            produced = spec(run) if callable(spec) and not isinstance(spec, Response) else spec
            if produced is None:
                self._no_response(workflow, run, slot, RunStatus.FAILED)
                return
            if not isinstance(produced, Response):
                raise DefinitionError(
                    f"the response callable of workflow {workflow.name!r} returned "
                    f"{type(produced).__name__}; it must return a Response or None"
                )
            if produced.delay and self._stopping.wait(produced.delay):
                slot.offer(replies.server_stopping().reply())
                run.finish(RunStatus.CANCELLED)
                return
            self._respond_and_finish(workflow, run, slot, produced)
        except Exception as err:
            run.error = err
            self._record_error(err)
            if slot is not None:
                self._no_response(workflow, run, slot, RunStatus.FAILED)
            else:
                run.finish(RunStatus.FAILED)

    def _run_definition(
        self,
        workflow: Workflow,
        run: Run,
        slot: ReplySink | None,
        spec: CompiledWorkflow,
        inline: float | None,
    ) -> None:
        """Run a definition; ``inline`` is the caller's deadline when the caller's own thread
        runs it (no one waits on the slot yet, so a Response past the deadline abandons it
        first: the caller gets 504 and the action fails as too late, as on a worker)."""
        config = self._config()
        stop = StopSignal()
        with self._lock:
            self._run_stops.add(stop)
        if self._stopping.is_set():
            stop.set()
        run.on_cancel(stop.set)

        def respond(response: Response) -> Delivery:
            if slot is None or run.response is not None or run.cancelled:
                return Delivery.ALREADY_SENT  # a cancelled run's Response action never runs
            if inline is not None and time.monotonic() >= inline and isinstance(slot, ResponseSlot):
                slot.take(0.0)  # the caller's deadline passed: it gets 504
            return self._respond(workflow, run, slot, response)

        hooks: list[Webhook] = []

        def webhook(action: str, iteration: tuple[int, ...]) -> Webhook:
            repetition = "-".join(f"{index:06d}" for index in iteration) or None
            url = webhook_url(workflow, run, action, repetition)
            hook = self._webhooks.open(workflow.id, run.id, action, repetition, url)
            hooks.append(hook)
            stop.on_set(hook.close)  # a stopped or cancelled run waits no more
            return hook

        run_tracking_id = new_guid()

        def request_headers(action: str, suppressed: bool) -> list[tuple[str, str]]:
            return outbound_headers(
                workflow,
                run,
                config.region,
                action=action,
                run_tracking_id=run_tracking_id,
                action_tracking_id=new_guid(),
                suppressed=suppressed,
            )

        env = RunEnvironment(
            trigger=run.trigger_record,
            workflow=workflow.record(run, config.region),
            parameters=spec.parameters,
            app_settings=spec.app_settings,
            respond=respond,
            call_workflow=self._call_workflow,
            stubs=workflow.stubs,
            stopping=stop,
            wait_scale=config.wait_scale,
            callback_url=workflow.callback_url,
            connections=spec.connections,
            maps=spec.maps,
            flavor=workflow.flavor,
            on_action=lambda result: self._record_action(run, result),
            http_stubs=workflow.request_stubs(),
            outbound=run.outbound,
            unstubbed=str(config.unstubbed),
            region=config.region,
            webhook=webhook,
            request_headers=request_headers,
        )
        try:
            outcome = run_workflow(spec, env)
        except BaseException:
            # An error that reaches the test (a stub's handler raising) ends the run before its
            # actions end: a failed run lists only the actions that ended, none still Running.
            run.actions = {k: r for k, r in run.actions.items() if r.end_time is not None}
            raise
        finally:
            with self._lock:
                self._run_stops.discard(stop)
            for hook in hooks:
                hook.close()
        run.actions, run.variables, run.failure = outcome.actions, outcome.variables, outcome.error
        run.terminated = outcome.terminated
        flagged = set()
        for result in outcome.actions.values():
            if result.error and result.error.get("code") == "ActionNotStubbed":
                self._record_error(UnstubbedActionError(result.error["message"]))
                flagged.add(result.name)
        for call in run.outbound:  # a call no stub answered that failed no action (unsubscribe)
            unanswered = call.stub is None and call.reply is None and call.error is None
            if unanswered and call.action not in flagged:
                flagged.add(call.action)
                self._record_error(UnstubbedActionError(_unanswered(call)))
        status = RunStatus(outcome.status)
        if slot is not None and run.response is None:
            self._no_response(workflow, run, slot, status)
        else:
            run.finish(status)

    @staticmethod
    def _record_action(run: Run, result: ActionResult) -> None:
        """Show an action's record while the run goes on: ``Running`` from its start, its
        result once it ended. The dict is replaced, never changed in place, so a reader
        iterating the previous one is never disturbed."""
        run.actions = {**run.actions, result.name: result}
        if result.repetition:
            done = run.repetitions.get(result.name)
            if done is None:
                run.repetitions = {**run.repetitions, result.name: [result]}
            else:
                done.append(result)  # appending never disturbs a reader iterating the list

    def _respond(
        self, workflow: Workflow, run: Run, slot: ReplySink, response: Response
    ) -> Delivery:
        rendered = render(response)
        for name in rendered.dropped_headers:
            run.reminders.append(
                ResponseReminder(
                    f"workflow {workflow.name!r}: the Response sets header {name!r}, which "
                    "Logic Apps drops silently; the caller never sees it."
                )
            )
        if rendered.defaulted_content_type == JSON_CONTENT_TYPE:
            run.reminders.append(
                ResponseReminder(
                    f"workflow {workflow.name!r}: the Response has a JSON body but no "
                    "Content-Type header; Logic Apps sends 'application/json; charset=utf-8'. "
                    "Set it explicitly so the contract is visible in the definition."
                )
            )
        own = {name.lower() for name, _ in rendered.headers}
        fields = [f for f in self._headers(workflow, run) if f[0].lower() not in own]
        consumption = workflow.flavor is Flavor.CONSUMPTION
        reply = Reply(
            rendered.status,
            Headers(fields + rendered.headers),
            rendered.body,
            compressible=consumption,
        )
        if consumption:
            workflow.rate_limits.charge_download(len(rendered.body))
        run.response = response
        if slot.offer(reply):
            return Delivery.SENT
        run.responded_late = True
        return Delivery.TOO_LATE

    def _no_response(
        self, workflow: Workflow, run: Run, slot: ReplySink, status: RunStatus
    ) -> None:
        failure = replies.no_response(run.client_tracking_id)
        headers = [*self._headers(workflow, run), ("x-ms-failure-cause", "Trigger")]
        slot.offer(failure.reply(headers))
        run.finish(status)


def _unanswered(call: OutboundCall) -> str:
    """Why ``call``, which no stub answered and which failed no action, fails the check."""
    request = call.request
    return (
        f"Action '{call.action}' sent {request.method} {request.url} (which fails nothing when "
        f"unanswered, as an unsubscribe) and no stub matched; stub it in the test with "
        f"wf.stub_http(method='{request.method}', url='{request.url.split('?')[0]}', status=200)"
    )
