"""Executing a run: the Response action off the request thread, against the deadline.

The request thread waits (on a condition, without polling) for the run's reply until the
workflow's deadline, then sends 504 and lets the run go on. A static Response with no delay is
produced on the spot; a gate holds the run without holding a thread; callables and delays run
in a worker thread of their own.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import TYPE_CHECKING

from reqres_mock import replies
from reqres_mock.errors import DefinitionError, ResponseReminder
from reqres_mock.exchange import Headers, Reply
from reqres_mock.headers import CLIENT_TRACKING_HEADER, run_headers
from reqres_mock.response import JSON_CONTENT_TYPE, Response, render
from reqres_mock.run import ResponseSlot, Run, RunStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.journal import Journal
    from reqres_mock.workflow import Workflow


class Executor:
    """Runs workflows for an engine and keeps track of what is still pending.

    :param journal: where runs are recorded before they start.
    :param region: returns the Azure region named in reply headers (read per call).
    :param record_error: collects exceptions raised by Response callables.
    """

    def __init__(
        self,
        journal: Journal,
        region: Callable[[], str],
        record_error: Callable[[BaseException], None],
    ) -> None:
        self._journal = journal
        self._region = region
        self._record_error = record_error
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._workers: set[threading.Thread] = set()
        self._pending: set[ResponseSlot] = set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def shutdown(self) -> None:
        """Pending callers get 503; delayed runs are cancelled; workers are joined briefly."""
        self._stopping.set()
        with self._lock:
            pending, workers = list(self._pending), list(self._workers)
        for slot in pending:
            slot.offer(replies.server_stopping().reply())
        for worker in workers:
            worker.join(timeout=1.0)

    def start(self, workflow: Workflow, run: Run, started: float) -> Reply:
        run.workflow, run.workflow_ref, run.trigger = workflow.name, workflow, workflow.trigger.name
        run.correlation_id = str(uuid.uuid4())
        run.client_tracking_id = run.request.headers.get(CLIENT_TRACKING_HEADER) or run.id
        if workflow.response is None:
            reply = Reply(202, Headers(run_headers(workflow, run, self._region())))
            run._set_reply(reply)
            run._finish(RunStatus.SUCCEEDED)
            self._journal.add(run)
            return reply
        slot = ResponseSlot()
        with self._lock:
            self._pending.add(slot)
        self._journal.add(run)
        try:
            self._run_until_gate(workflow, run, slot)
            remaining = workflow.effective_timeout() - (time.monotonic() - started)
            answer = slot.take(max(remaining, 0.0))
            if answer is None:
                failure = replies.response_timeout(run.client_tracking_id)
                answer = failure.reply(run_headers(workflow, run, self._region()))
        finally:
            with self._lock:
                self._pending.discard(slot)
        run._set_reply(answer)
        return answer

    def _run_until_gate(self, workflow: Workflow, run: Run, slot: ResponseSlot) -> None:
        def proceed() -> None:
            self._after_gate(workflow, run, slot)

        gate = workflow.current_gate
        if gate is not None and gate.hold(proceed):
            return
        proceed()

    def _after_gate(self, workflow: Workflow, run: Run, slot: ResponseSlot) -> None:
        spec = workflow.response
        if isinstance(spec, Response) and not spec.delay:
            self._respond(workflow, run, slot, spec)
            return
        worker = threading.Thread(
            target=self._work, args=(workflow, run, slot), name=f"reqres-run-{run.id}", daemon=True
        )
        with self._lock:  # started under the lock so shutdown() never joins an unstarted one
            self._workers.add(worker)
            worker.start()

    def _work(self, workflow: Workflow, run: Run, slot: ResponseSlot) -> None:
        try:
            spec = workflow.response
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
                run._finish(RunStatus.CANCELLED)
                return
            self._respond(workflow, run, slot, produced)
        except Exception as err:
            run.error = err
            self._record_error(err)
            self._no_response(workflow, run, slot, RunStatus.FAILED)
        finally:
            with self._lock:
                self._workers.discard(threading.current_thread())

    def _respond(
        self, workflow: Workflow, run: Run, slot: ResponseSlot, response: Response
    ) -> None:
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
        fields = [f for f in run_headers(workflow, run, self._region()) if f[0].lower() not in own]
        reply = Reply(rendered.status, Headers(fields + rendered.headers), rendered.body)
        run.response = response
        if not slot.offer(reply):
            run.responded_late = True
        run._finish(RunStatus.SUCCEEDED)

    def _no_response(
        self, workflow: Workflow, run: Run, slot: ResponseSlot, status: RunStatus
    ) -> None:
        failure = replies.no_response(run.client_tracking_id)
        headers = [
            *run_headers(workflow, run, self._region()),
            ("x-ms-failure-cause", "Trigger"),
        ]
        slot.offer(failure.reply(headers))
        run._finish(status)
