"""One run of a compiled definition: actions in ``runAfter`` order, and the run's expression
context (``trigger()``, ``body()``, ``variables()``, ``items()``...).

A run's (and a scope's) status follows :mod:`reqres_mock.definitions.statuses`; a Terminate
action sets it outright, and what did not run is Skipped. Actions inside loops keep one result
per iteration in ``ActionResult.repetitions``; ``trackedProperties`` are evaluated as each
action ends.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import threading
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import (
    CANCELLED,
    FAILED,
    LOOPS,
    NOT_RUN,
    RUNNING,
    SKIPPED,
    STATUS_CODED,
    SUCCEEDED,
    WAITING,
    Action,
    ActionFailure,
    ActionResult,
    CompiledWorkflow,
    Graph,
    RunEnvironment,
    RunOutcome,
    Terminated,
    container_skipped,
    expression_failure,
    find_name,
    inputs_failure,
    now,
    run_after_unmet,
)
from reqres_mock.definitions.handlers import HANDLERS
from reqres_mock.definitions.outbound import OUTBOUND_TYPES, recorded_inputs
from reqres_mock.definitions.project import connection_of, unresolved_in
from reqres_mock.definitions.sending import log_named_stub
from reqres_mock.definitions.statuses import branch_status, repeated_status
from reqres_mock.definitions.strands import (
    Baton,
    blocking,
    current_key,
    holding,
    set_key,
    start_strand,
)
from reqres_mock.errors import ExpressionError
from reqres_mock.language.formdata import form_value, form_values, multipart_body
from reqres_mock.language.functions import FUNCTIONS
from reqres_mock.language.registry import count_error, type_error
from reqres_mock.language.templates import evaluate_value
from reqres_mock.language.utf16 import fold_case
from reqres_mock.language.values import to_text
from reqres_mock.protocol.schema import json_type_name as type_name

#: The error of an action the run's end interrupted.
_CANCELLED = {"code": "Cancelled", "message": "The run was cancelled."}


class _Here(threading.local):
    """What differs between a run's strands (parallel branches): where each one is."""

    def __init__(self) -> None:
        self.loops: list[tuple[str, Any, int, bool]] = []  # (name, item, index, is Foreach)
        self.items: list[Any] = []  # item() inside Query/Select
        self.current: ActionResult | None = None  # action() while trackedProperties evaluate
        #: The results this strand sees: a Foreach iteration running beside others has its
        #: own actions' results in front of the run's (None: the run's).
        self.results: MutableMapping[str, ActionResult] | None = None
        #: listCallbackUrl() while a webhook action's inputs evaluate: its own URL.
        self.callback_url: str | None = None
        #: The Running record of the action this strand last started (outside loops).
        self.running: ActionResult | None = None


class Runner:
    """One run of a compiled definition; also the expression context of that run.

    With ``branches``, parallel branches run at the same time (:mod:`.strands`); without,
    one after another in the same order (a run none of whose actions may wait).
    """

    def __init__(self, graph: Graph, env: RunEnvironment, *, branches: bool = False) -> None:
        self.graph = graph
        self.env = env
        self._results: dict[str, ActionResult] = {}
        self.variables: dict[str, Any] = {}
        self.variable_types: dict[str, str] = {}
        self.scopes: dict[str, list[str]] = {}
        #: The Foreach actions, whose ``result()`` holds each iteration.
        self.foreach_names = frozenset(a.name for a in graph.walk() if a.type == "foreach")
        #: The Until actions, whose ``result()`` holds their last iteration.
        self.until_names = frozenset(a.name for a in graph.walk() if a.type == "until")
        #: Every action's name, case-folded (a name no action has may be the trigger's).
        self.action_names = frozenset(fold_case(a.name) for a in graph.walk())
        #: Iterations so far of each loop in each pass (its name, the enclosing loops' indexes),
        #: taken when the loop ends (its ``iterations``).
        self._passes: dict[tuple[str, tuple[int, ...]], int] = {}
        #: Loops inside loops that a skip left, with why, recorded at the end if never run.
        self._pending_skips: dict[str, tuple[Action, dict[str, str]]] = {}
        #: per-iteration results of actions inside loops, and of each loop's own iterations
        self.repetitions: dict[str, list[ActionResult]] = {}
        self._here = _Here()
        self.baton = Baton() if branches else None
        #: Why the run stops early (a Terminate, an error) once one strand knows it.
        self.halt: BaseException | None = None
        #: The key of the Terminate action that ran (the scopes around it and others that
        #: were running when it ended the run are Cancelled).
        self.terminated_at: tuple[int, ...] = ()

    @property
    def loops(self) -> list[tuple[str, Any, int, bool]]:
        """The enclosing loops of this strand's action, innermost last."""
        return self._here.loops

    @property
    def results(self) -> MutableMapping[str, ActionResult]:
        """The results of the actions that ran, as this strand sees them (in a Foreach
        iteration, that iteration's own first)."""
        own = self._here.results
        return self._results if own is None else own

    def callback_url(self) -> str:
        """What ``listCallbackUrl()`` returns: a webhook action's own URL in its inputs, else
        the trigger's."""
        return self._here.callback_url or self.env.callback_url

    @property
    def items(self) -> list[Any]:
        return self._here.items

    @property
    def current(self) -> ActionResult | None:
        return self._here.current

    # -- expression context -------------------------------------------------------------------

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        method = WORKFLOW_FUNCTIONS.get(name)
        if method is None:
            raise KeyError(name)
        low, high = _arity(name)
        if not low <= len(args) <= (high if high >= 0 else len(args)):
            raise count_error(_SPELLINGS[name], low, high, len(args))
        return method(self, *args)

    def evaluate(self, compiled: Any) -> Any:
        return evaluate_value(compiled, self)

    # -- running ------------------------------------------------------------------------------

    def run(self) -> RunOutcome:
        if self.baton is None:
            return self._run()
        self.baton.acquire(())
        try:
            with holding(self.baton, ()):
                return self._run()
        finally:
            self.baton.release()

    def _run(self) -> RunOutcome:
        terminated = False
        try:
            status = self.run_graph(self.graph, None)
            error = None
            if status == FAILED:
                error = {
                    "code": "ActionFailed",
                    "message": "An action failed. No dependent actions succeeded.",
                }
        except Terminated as stop:
            status, error, terminated = stop.status, stop.error, True
            self._record_pending_skips()
            # What the Terminate kept from starting is Skipped with code Terminated and no
            # error (ScoreUnder/IllogicApps IllogicApps.Simulator/Simulator.fs
            # skippedTerminatedResult; tomdam/flowforger packages/engine/src/action-status.ts
            # SKIPPED_BY_TERMINATE)
            for action in self.graph.walk():
                if action.name not in self.results:
                    self.finish(action, SKIPPED, code="Terminated")
        self._record_pending_skips()
        self._settle_repetitions()
        return RunOutcome(status, error, self._results, self.variables, terminated)

    def _settle_repetitions(self) -> None:
        """Give each repeated action its iterations and its overall status.

        An action inside a loop shows the status :func:`.statuses.repeated_status` picks, with
        the error (and so the code) of the first iteration that ended so, in iteration order:
        a Failed record carries the failure that made it Failed, not the error (or none) of a
        later iteration that was Skipped. Its inputs and outputs stay the last iteration's.
        The first iteration is the mock's choice (no capture shows which one the runtime's
        aggregate record quotes).
        """
        loops = {a.name for a in self.graph.walk() if a.type in LOOPS}
        for name, repetitions in self.repetitions.items():
            # Iterations that ran at the same time are listed in their order, as one by one.
            repetitions.sort(key=lambda r: r.iteration_indexes)
            # A new record: the last iteration's own one stays as it was (live history).
            final = dataclasses.replace(self.results[name], repetitions=list(repetitions))
            if name not in loops:
                final.status = repeated_status([r.status for r in repetitions])
                chosen = next(r for r in repetitions if r.status == final.status)
                final.error = chosen.error
                final.iteration_indexes = ()
                final.repetition = ()
            self.results[name] = final

    def record_iteration(self, action: Action, status: str) -> None:
        """Record one iteration of loop ``action`` (its status after that iteration), and
        count it in the loop's pass (the enclosing loops' indexes), which its record shows."""
        indexes = self.iteration_indexes()
        self.repetitions.setdefault(action.name, []).append(
            ActionResult(
                name=action.name,
                type=action.type_name,
                status=status,
                iteration_indexes=indexes,
                end_time=now(),
            )
        )
        key = (action.name, indexes[:-1])
        self._passes[key] = self._passes.get(key, 0) + 1

    def iteration_indexes(self) -> tuple[int, ...]:
        return tuple(loop[2] for loop in self.loops)

    def iteration_count(self, loop: str) -> int:
        """How many iterations ``loop`` ran in its pass that this strand is in, or last ran
        when this strand is outside it."""
        for name, _, _, _ in reversed(self.loops):
            if name == loop:  # inside it: the iterations recorded so far in this pass
                outer = self.iteration_indexes()[: self._depth_of(loop)]
                return self._passes.get((loop, outer), 0)
        done = self.results.get(loop)
        return 0 if done is None or done.iterations is None else done.iterations

    def _depth_of(self, loop: str) -> int:
        """How many loops enclose ``loop`` in this strand."""
        return next(i for i, (name, _, _, _) in enumerate(self.loops) if name == loop)

    def run_graph(self, graph: Graph, scope: str | None) -> str:
        """Run every action of a scope; its status by Logic Apps' rule (an unhandled failure
        fails it). ``scope``'s ``result()`` lists them, after those it listed already (an If's
        or Switch's other branches, in the definition's order)."""
        if scope is not None:
            self.list_in(scope, graph)
        if self.baton is None:
            for action in graph.order:
                self._step(action)
        elif graph.branched:
            self._run_branches(graph, self.baton)
        else:
            base = current_key()
            try:
                for index, action in enumerate(graph.order):
                    set_key((*base, index))
                    self._step(action)
            finally:
                set_key(base)
        if self.halt is not None:  # another strand ended the run while this scope ran
            raise self.halt
        return self._status_of(graph)

    def _step(self, action: Action) -> None:
        """Run ``action``, or record why it does not run."""
        if self.halt is not None:
            return  # the run ends early: what did not start is recorded Skipped at its end
        if self.env.stopping.is_set():
            self.finish(action, CANCELLED, error=_CANCELLED)
        else:
            unmet = self._unmet(action)
            if unmet is None:
                self.run_action(action)
                return
            self.finish(action, SKIPPED, error=unmet)
            # What a skipped If, Switch, Scope or loop holds is Skipped too, as a branch not
            # taken is: the engine records it (ronaldbosma/track-availability-in-app-insights
            # ApimSslCertificateCheckAvailabilityTestWorkflowTests: actions inside a skipped
            # If are VerifyActionWasSkipped in the Automated Test SDK's real engine).
            self.skip_held(action)

    def _unmet(self, action: Action) -> dict[str, str] | None:
        """Why ``action``'s ``runAfter`` is not satisfied (its first predecessor, as written,
        that ended otherwise); ``None`` when it is."""
        for predecessor, wanted in action.run_after.items():
            actual = self.results[predecessor].status
            if actual not in wanted:
                return run_after_unmet(action, predecessor, actual)
        return None

    def skip(
        self,
        graph: Graph,
        first: Callable[[Action], dict[str, str]],
        *,
        scope: str | None = None,
    ) -> None:
        """Record every action of ``graph`` (a branch not taken, or what a skipped container
        holds) Skipped, and all they hold, each with the runtime's reason: ``first`` gives the
        reason of an action that runs after no sibling; one that runs after siblings is
        skipped by the first that it does not run after Skipped (they are all skipped in this
        pass); what a skipped container holds, by the container. ``scope`` names the action
        whose ``result()`` lists ``graph``'s actions.

        Inside a loop, a nested loop is recorded Skipped only at the run's end, and only if it
        never ran: a loop's one record is its last, and a Skipped one made now would hide the
        iterations it ran in another pass (an earlier one, or one running at the same time).
        """
        if scope is not None:
            self.list_in(scope, graph)
        for nested in graph.order:
            reason = next(
                (
                    run_after_unmet(nested, predecessor, SKIPPED)
                    for predecessor, wanted in nested.run_after.items()
                    if SKIPPED not in wanted
                ),
                None,
            ) or first(nested)
            if self.loops and nested.type in LOOPS:
                self._pending_skips.setdefault(nested.name, (nested, reason))
            else:
                self.finish(nested, SKIPPED, error=reason)
            for branch in nested.branches.values():
                self.skip(branch, functools.partial(container_skipped, container=nested.name))

    def skip_held(
        self, container: Action, status: str = SKIPPED, code: str = "ActionSkipped"
    ) -> None:
        """Record what ``container`` holds Skipped, because ``container`` ended with ``status``
        and ``code`` without running it; ``result()`` of ``container`` lists them."""
        reason = functools.partial(
            container_skipped, container=container.name, status=status, code=code
        )
        for branch in container.branches.values():
            self.skip(branch, reason, scope=container.name)

    def list_in(self, scope: str, graph: Graph) -> None:
        """``scope``'s ``result()`` lists ``graph``'s actions after those it lists already,
        each name once, however many passes of a loop run or skip them."""
        listed = self.scopes.setdefault(scope, [])
        listed.extend(name for name in graph.actions if name not in listed)

    def _record_pending_skips(self) -> None:
        """Record Skipped the loops inside loops that :meth:`skip` left and that never ran."""
        for name, (action, reason) in self._pending_skips.items():
            if name not in self._results:
                self.finish(action, SKIPPED, error=reason)

    def _run_branches(self, graph: Graph, baton: Baton) -> None:
        """Run a scope whose branches run at the same time: this thread follows the first
        ready action, a strand each of the others; then wait for them all.

        Holding the baton, each strand runs an action, then takes the actions it made ready:
        the first itself, the others on new strands. Without waits this is exactly the
        sequential order (the baton goes to the earliest waiting key). A Terminate or an error
        on one strand halts the others (their waits end; what has not started is Skipped) and
        is raised here once they have all stopped.
        """
        base = current_key()
        loops, view = list(self.loops), self._here.results
        started: set[str] = set()
        finished: set[str] = set()
        strands: list[threading.Thread] = []
        running = [0]  # strands that have not ended (changed under the baton)

        def ready() -> list[Action]:
            if self.halt is not None:
                return []
            found = [
                a
                for a in graph.order
                if a.name not in started and all(p in finished for p in a.run_after)
            ]
            started.update(a.name for a in found)
            return found

        def launch(found: list[Action]) -> list[Action]:
            """Start a strand for each ready action but the first; return what this strand
            runs next (the first, and any a strand could not be started for)."""
            mine = found[:1]
            for other in found[1:]:
                try:
                    strands.append(
                        start_strand(
                            baton,
                            (*base, graph.position[other.name]),
                            f"{threading.current_thread().name}-branch",
                            functools.partial(strand, other),
                        )
                    )
                    running[0] += 1
                except RuntimeError:  # no more threads: this one runs it, in its turn
                    mine.append(other)
            return mine

        def follow(pending: list[Action]) -> None:
            while pending:
                action = pending.pop(0)
                key = (*base, graph.position[action.name])
                baton.yield_to(key)
                set_key(key)
                self._step(action)
                finished.add(action.name)
                pending[:0] = launch(ready())
                pending.sort(key=lambda a: graph.position[a.name])

        def strand(action: Action) -> None:
            self._here.loops, self._here.results = list(loops), view
            try:
                follow([action])
            except BaseException as err:  # raised where the scope waits for its strands
                self._halt(err)
            finally:
                running[0] -= 1

        self._supervise(lambda: follow(launch(ready())), baton, base, strands, running)

    def run_iterations(self, action: Action, items: list[Any]) -> list[str]:
        """Run a Foreach's iterations, as many at the same time as its degree allows (its
        ``repetitions``, 20 by default; 1 when ``Sequential``); their statuses in order.

        Each iteration sees its own actions' results (``body('X')`` inside it is its own X),
        and hands them to the run when it ends. Without waits the order is a sequential run's.
        """
        baton, degree = self.baton, action.extra.get("degree", 1)
        if baton is None or degree <= 1 or len(items) <= 1:
            return [self.iterate(action, index, item) for index, item in enumerate(items)]
        base = current_key()
        loops, parent = list(self.loops), self.results
        statuses: dict[int, str] = {}
        strands: list[threading.Thread] = []
        running = [0]  # iterations that have not ended (changed under the baton)

        def iteration(index: int, item: Any) -> None:
            saved = self._here.loops, self._here.results
            own: dict[str, ActionResult] = {}
            outer = parent.maps if isinstance(parent, ChainMap) else [parent]
            self._here.loops, self._here.results = list(loops), ChainMap(own, *outer)
            try:
                statuses[index] = self.iterate(action, index, item)
            except BaseException as err:  # raised below once every iteration stopped
                self._halt(err)
            finally:
                parent.update(own)  # what ran is the run's, however the iteration ended
                self._here.loops, self._here.results = saved
                running[0] -= 1

        def start_all() -> None:
            for index, item in enumerate(items):
                if running[0] >= degree:
                    baton.wait_until(base, lambda: running[0] < degree)
                if self.halt is not None:
                    break
                work = functools.partial(iteration, index, item)
                running[0] += 1
                try:
                    name = f"{threading.current_thread().name}-iteration"
                    strands.append(start_strand(baton, (*base, index), name, work))
                except RuntimeError:  # no more threads: this one runs it after the others
                    running[0] -= 1
                    baton.wait_until(base, lambda: running[0] == 0)
                    running[0] += 1
                    with holding(baton, (*base, index)):
                        work()

        self._supervise(start_all, baton, base, strands, running)
        return [statuses[index] for index in sorted(statuses)]

    def _supervise(
        self,
        start: Callable[[], None],
        baton: Baton,
        key: tuple[int, ...],
        strands: list[threading.Thread],
        running: list[int],
    ) -> None:
        """Run ``start`` (it starts the scope's strands and runs its own share), then wait,
        without the baton, until no strand is ``running``; go on at ``key``, ahead of any later
        strand (the scope's place in a sequential run). An error on the way halts the run; the
        run's halt is raised here, once every strand has stopped."""
        try:
            start()
        except BaseException as err:
            self._halt(err)
        finally:
            if running[0] != 0:
                baton.wait_until(key, lambda: running[0] == 0)
            for thread in strands:  # each gave the baton back as it ended
                thread.join()
            set_key(key)
        if self.halt is not None:
            raise self.halt

    def iterate(self, action: Action, index: int, item: Any) -> str:
        """One iteration of a loop (a Foreach's with its item, an Until's with ``None``): its
        body's status, recorded."""
        self.loops.append((action.name, item, index, action.type == "foreach"))
        try:
            status = self.run_graph(action.branches["actions"], action.name)
            self.record_iteration(action, status)
        finally:
            self.loops.pop()
        return status

    def _halt(self, reason: BaseException) -> None:
        """End the run early; waits of other strands end now. The first reason wins, but an
        error (a stub's handler failing, say) wins over a Terminate: it must reach the test."""
        if self.halt is None or (
            isinstance(self.halt, Terminated) and not isinstance(reason, Terminated)
        ):
            self.halt = reason
        self.env.stopping.set()

    def _status_of(self, graph: Graph) -> str:
        return branch_status(graph, self.results)

    def finish(
        self,
        action: Action,
        status: str,
        *,
        inputs: Any = None,
        outputs: Any = None,
        error: dict[str, str] | None = None,
        start: str | None = None,
        code: str | None = None,
    ) -> ActionResult:
        ended = now()
        result = ActionResult(
            name=action.name,
            type=action.type_name,
            status=status,
            inputs=recorded_inputs(action.type, inputs),
            outputs=outputs,
            error=error,
            start_time=ended if start is None else start,
            end_time=ended,
            given_code=code,
        )
        result.repetition = tuple((loop, index) for loop, _, index, _ in self.loops)
        result.client_tracking_id = self.env.trigger.get("clientTrackingId", "")
        result.http_status = _answered(action, outputs)
        result.flavor = self.env.flavor
        if action.type in LOOPS and status != SKIPPED:
            result.iterations = self._passes.pop((action.name, self.iteration_indexes()), 0)
        if "trackedProperties" in action.extra and status != SKIPPED:
            result.tracked_properties = self._tracked(action, result)
        self.results[action.name] = result
        if self.loops and action.type not in LOOPS:
            result.iteration_indexes = self.iteration_indexes()
            self.repetitions.setdefault(action.name, []).append(dataclasses.replace(result))
        if self.env.on_action is not None:
            self.env.on_action(result)
        return result

    def _tracked(self, action: Action, result: ActionResult) -> dict[str, Any] | None:
        """Evaluate ``trackedProperties`` once the action ended, with ``action()`` its record.

        A property that cannot be evaluated is left out: tracking never fails an action.
        """
        self._here.current = result
        tracked: dict[str, Any] = {}
        try:
            for key, compiled in action.extra["trackedProperties"].items():
                try:
                    # a name starting with '@' is a template too (templates.compile_value)
                    name = key if isinstance(key, str) else to_text(self.evaluate(key))
                    tracked[name] = self.evaluate(compiled)
                except ExpressionError:
                    continue
        finally:
            self._here.current = None
        return tracked

    def _start(self, action: Action, start: str) -> None:
        """Show ``action`` in the live history as ``Running`` from ``start`` until
        :meth:`finish` replaces its record, as Azure's management API lists an action that
        started and has not ended: status ``Running``, a ``startTime``, no ``endTime``, no
        outputs (a captured Standard run with a Delay in progress, Azure/LogicAppsUX
        ``__mocks__/runs/MonitoringViewConditional/loadingState.json``; the designer shows it
        "In progress", ``e2e/designer/monitoringView/monitoringView.spec.ts``).

        Inside a loop nothing is shown: no public capture shows how a running iteration
        appears, so an action inside a loop keeps showing its iterations once they end.
        """
        if self.env.on_action is None or self.loops:
            self._here.running = None
            return
        record = ActionResult(action.name, action.type_name, RUNNING, start_time=start)
        self._here.running = record
        self.env.on_action(record)

    def waiting(self, action: Action) -> None:
        """A webhook action subscribed and waits for its callback: its Running record
        becomes ``Waiting`` until it ends."""
        running = self._here.running
        if running is None or running.name != action.name or self.env.on_action is None:
            return
        self._here.running = dataclasses.replace(running, status=WAITING)
        self.env.on_action(self._here.running)

    def run_action(self, action: Action) -> None:
        start = now()
        self._start(action, start)
        inputs: Any = None
        try:
            message = "An action failed. No dependent actions succeeded."
            if action.name in self.env.stubs:
                inputs = self.action_inputs(action)
                status, answered, outputs = _run_stub(action, self.env.stubs[action.name], inputs)
                log_named_stub(self, action, inputs, outputs)
                message = f"The stub of action '{action.name}' answered {answered}."
            else:
                handler = HANDLERS.get(action.type)
                if handler is None:
                    where = (
                        "runs inside the Logic Apps runtime, but reqres-mock does not run it"
                        if action.type in NOT_RUN
                        else "would call out of the mock"
                    )
                    raise ActionFailure(
                        "ActionNotStubbed",
                        f"Action '{action.name}' of type '{action.type_name}' {where}; stub it "
                        f"in the test with wf.stub_action('{action.name}', status=200, "
                        "body=...)",
                    )
                status, inputs, outputs = handler(self, action)
            if self.halt is not None or self.env.stopping.is_set():
                # it ran while the run ended (a Terminate, a cancel, the server stopping): "The
                # action was running but received a cancel request" (Microsoft Learn, "Monitor
                # workflow run status", action statuses: MicrosoftDocs/azure-docs
                # articles/logic-apps/monitor-logic-apps.md)
                self._cancel(action, inputs, start)
                return
            self.finish(
                action,
                status,
                inputs=inputs,
                outputs=outputs,
                start=start,
                error=None
                if status == SUCCEEDED or _answered(action, outputs)
                else _CANCELLED
                if status == CANCELLED
                else {"code": "ActionFailed", "message": message},
            )
        except ExpressionError as err:
            self.finish(
                action,
                FAILED,
                inputs=inputs,
                start=start,
                error={
                    "code": "InvalidTemplate",
                    "message": inputs_failure(action.name, err.message),
                },
            )
        except ActionFailure as failure:
            self.finish(
                action,
                FAILED,
                inputs=inputs if inputs is not None else failure.inputs,
                outputs=failure.outputs,
                start=start,
                error={"code": failure.code, "message": failure.message}
                if failure.recorded
                else None,
            )
        except Terminated:
            key = current_key()
            if action.type == "terminate":  # it recorded itself
                self.terminated_at = key
            elif self.terminated_at[: len(key)] == key:
                # a Scope, If or Switch around the Terminate: Cancelled, code Terminated
                # (tomdam/flowforger packages/engine/src/index.ts blockResult, its test
                # "cancels the blocks around it" measured against the cloud in
                # conformance/flows/control.ff.ts)
                self.finish(action, CANCELLED, inputs=inputs, start=start, code="Terminated")
            else:  # running on another branch when the Terminate ended the run
                self._cancel(action, inputs, start)
            raise

    def _cancel(self, action: Action, inputs: Any, start: str) -> None:
        """Record ``action`` Cancelled: it was running when the run ended. Ended by a
        Terminate, its code is ``Terminated`` and it has no error, as what the Terminate kept
        from starting (tomdam/flowforger ``packages/engine/src/action-status.ts``: a Cancelled
        record is ``SKIPPED_BY_TERMINATE``); ended by a cancel or the server stopping, the
        mock's ``Cancelled`` error."""
        if isinstance(self.halt, Terminated):
            self.finish(action, CANCELLED, inputs=inputs, start=start, code="Terminated")
        else:
            self.finish(action, CANCELLED, inputs=inputs, start=start, error=_CANCELLED)

    # -- helpers for handlers -----------------------------------------------------------------

    def action_inputs(self, action: Action, *, callback_url: str | None = None) -> Any:
        """The action's evaluated inputs; a connector action's (``ApiConnection``,
        ``ServiceProvider``) carry its resolved connections.json entry. ``callback_url`` is
        what ``listCallbackUrl()`` returns in them (a webhook action's own URL). The action's
        Running record shows them from now on (the captured running Delay has its
        ``inputsLink``, Azure/LogicAppsUX ``__mocks__/runs/MonitoringViewConditional/
        loadingState.json``)."""
        self._here.callback_url = callback_url
        try:
            inputs = self.evaluate(action.inputs)
        finally:
            self._here.callback_url = None
        inputs = connection_of(action.type, inputs, dict(self.env.connections))
        running = self._here.running
        if running is not None and running.name == action.name:
            # one attribute of a record readers only read
            running.inputs = recorded_inputs(action.type, inputs)
        return inputs

    def condition(self, compiled: Any, what: str, action: str) -> bool:
        # a condition object is evaluated operand by operand, so and/or can stop early
        try:
            if isinstance(compiled, dict):
                value = self.condition_object(compiled)
            else:
                value = self.evaluate(compiled)
                if isinstance(value, dict):
                    value = self.condition_object(value)
        except ExpressionError as err:
            raise ActionFailure("InvalidTemplate", expression_failure(action, err)) from err
        if not isinstance(value, bool):
            raise ActionFailure(
                "InvalidTemplate",
                f"The {what} expression must be a boolean, got '{type_name(value)}'",
            )
        return value

    def condition_object(self, value: dict[str, Any]) -> Any:
        """The designer's condition form: ``{"and": [{"equals": [a, b]}, ...]}``.

        Operators are case-insensitive; ``and``/``or`` stop at the first false/true; an
        operand that is itself a one-key object naming a function is a call of it
        (``{"equals": [{"length": ["a"]}, 1]}`` is true in Azure, issue 15).
        """
        if len(value) != 1:
            raise ActionFailure("InvalidTemplate", "A condition object has exactly one operator")
        operator, operands = next(iter(value.items()))
        name = operator.lower()
        if name in ("and", "or"):
            if not isinstance(operands, list) or not operands:
                raise ActionFailure("InvalidTemplate", f"'{operator}' expects a list of operands")
            stop = name == "or"
            for operand in operands:
                result = self._condition_operand(operand)
                if not isinstance(result, bool):
                    raise ActionFailure(
                        "InvalidTemplate",
                        f"The '{operator}' condition expects booleans, got '{type_name(result)}'",
                    )
                if result is stop:
                    return stop
            return not stop
        if name == "not":
            inner = operands[0] if isinstance(operands, list) and len(operands) == 1 else operands
            return self._call_condition("not", [self._condition_operand(inner)])
        if not isinstance(operands, list) or (
            name not in FUNCTIONS and name not in WORKFLOW_FUNCTIONS
        ):
            raise ActionFailure("InvalidTemplate", f"Unknown condition operator '{operator}'")
        return self._call_condition(name, [self._condition_operand(o) for o in operands])

    def _condition_operand(self, operand: Any) -> Any:
        if isinstance(operand, dict) and len(operand) == 1:
            key = next(iter(operand)).lower()
            if key in FUNCTIONS or key in WORKFLOW_FUNCTIONS or key in ("and", "or", "not"):
                return self.condition_object(operand)
        return self.evaluate(operand)

    def _call_condition(self, name: str, args: list[Any]) -> Any:
        try:
            function = FUNCTIONS.get(name)
            if function is not None:
                return function(*args)
            return self.call_workflow_function(name, args)
        except ExpressionError as err:
            raise ActionFailure("InvalidTemplate", err.message) from err


def _run_stub(action: Action, stub: Any, inputs: Any) -> tuple[str, Any, dict[str, Any]]:
    """The stub's answer: the action's status, the status code it answered, its outputs."""
    if callable(stub):
        with blocking():  # a test's handler may wait: the run's other branches go on
            produced = stub(inputs)
    else:
        produced = stub
    if not isinstance(produced, Mapping):
        raise ActionFailure(
            "InvalidStub",
            f"The stub of action '{action.name}' returned {type(produced).__name__}; return a "
            "dict with statusCode, headers and body (an inline code action's: statusCode "
            "and body)",
        )
    status = produced.get("statusCode", 200)
    result = FAILED if isinstance(status, int) and status >= 400 else SUCCEEDED
    if action.type in INLINE_CODE_TYPES:  # a script's outputs are what it returned, as body
        return result, status, {"body": produced.get("body")}
    outputs = {
        "statusCode": status,
        "headers": dict(produced.get("headers") or {}),
        "body": produced.get("body"),
    }
    return result, status, outputs


#: Inline code actions: their outputs are ``{"body": <what the script returned>}`` (JavaScript:
#: learn.microsoft.com/azure/logic-apps/add-run-javascript; C#: LogicAppUnit's
#: InlineScriptWorkflowTest, which passes on the runtime, reads
#: ``{"body": {"message": ...}}``), so a stub of one takes that shape.
INLINE_CODE_TYPES = frozenset({"javascriptcode", "csharpscriptcode"})


# -- workflow functions (trigger(), body(), variables()...) ---------------------------------------


@functools.cache
def _arity(name: str) -> tuple[int, int]:
    """How many parameters workflow function ``name`` takes, at least and at most (``-1``: any
    number; its implementation's signature, the runner aside), so that a wrong count fails in
    the language's words, not Python's."""
    parameters = list(inspect.signature(WORKFLOW_FUNCTIONS[name]).parameters.values())[1:]
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return 0, -1  # any number
    required = [p for p in parameters if p.default is p.empty]
    return len(required), len(parameters)


def _answered(action: Action, outputs: Any) -> int | None:
    """The reply status of an HTTP-based action (a stub's too), which is its code; a failing
    one has no error (:data:`.actions.STATUS_CODED`)."""
    if action.type not in STATUS_CODED or not isinstance(outputs, dict):
        return None
    status = outputs.get("statusCode")
    return status if isinstance(status, int) and not isinstance(status, bool) else None


def _trigger_named(runner: Runner, name: Any) -> dict[str, Any] | None:
    """The trigger's record when ``name`` names the trigger (in any case) and no action: an
    expression may read the trigger by name, as the runtime's save error says ("… must either
    be in 'runAfter' path …, or be a Trigger."; users write
    ``body('When_a_HTTP_request_is_received')``). An action of that name comes first."""
    if not isinstance(name, str) or fold_case(name) in runner.action_names:
        return None
    trigger = runner.env.trigger
    return trigger if fold_case(name) == fold_case(str(trigger.get("name", ""))) else None


def _outputs_of(runner: Runner, name: Any, function: str) -> Any:
    trigger = _trigger_named(runner, name)
    return (
        trigger.get("outputs")
        if trigger is not None
        else _result_of(runner, name, function).outputs
    )


def _result_of(runner: Runner, name: Any, function: str = "actions") -> ActionResult:
    if not isinstance(name, str):
        raise type_error(function, name, "a string", None)
    found = find_name(runner.results, name)
    if found is None:
        raise ExpressionError(
            f"The action '{name}' is referenced but has not run (or does not exist)"
        )
    return runner.results[found]


def _body(runner: Runner, name: Any) -> Any:
    trigger = _trigger_named(runner, name)
    if trigger is not None:
        return (trigger.get("outputs") or {}).get("body")
    result = _result_of(runner, name, "body")
    outputs = result.outputs
    if isinstance(outputs, dict) and "body" in outputs:
        return outputs["body"]
    if result.type.lower() == "parsejson":
        # a Parse JSON that failed its schema has outputs {"errors": [...]} and no body: null
        # (tomdam/flowforger packages/engine/src/__tests__/parse-json.test.ts, "typedBody: null",
        # measured against the cloud in its conformance/flows/parse-json.ff.ts)
        return None
    if result.type.lower() in OUTBOUND_TYPES:
        return None  # an empty reply, whose outputs have no body (protocol.httpclient)
    return outputs


def _loop(runner: Runner, name: Any, what: str) -> tuple[str, Any, int, bool]:
    """The enclosing loop ``name`` means (innermost first; in any case, as
    :func:`.actions.find_name` finds names)."""
    found = find_name([loop[0] for loop in runner.loops], name) if isinstance(name, str) else None
    for loop in reversed(runner.loops):
        if found is not None and loop[0] == found:
            enclosing: tuple[str, Any, int, bool] = loop
            return enclosing
    raise ExpressionError(
        f"The template language function '{what}' must be called from within the loop '{name}'"
    )


def _item(runner: Runner) -> Any:
    if runner.items:
        return runner.items[-1]
    for _, item, _, is_foreach in reversed(runner.loops):
        if is_foreach:
            return item
    raise ExpressionError(
        "The template language function 'item' must be called inside a Foreach loop, or in a "
        "Query or Select"
    )


def _variables(runner: Runner, name: Any) -> Any:
    if name not in runner.variables:
        # "Template language expression cannot be evaluated: the template variable
        # 'alert-resource-name' cannot be found." (Azure/logicapps#1447, Consumption: one
        # variable of an InitializeVariable read by the next one in the same action)
        raise ExpressionError(
            "Template language expression cannot be evaluated: the template variable "
            f"'{name}' cannot be found."
        )
    return runner.variables[name]


def _parameters(runner: Runner, name: Any) -> Any:
    if name not in runner.env.parameters:
        raise ExpressionError(f"The workflow parameter '{name}' is not found")
    value = runner.env.parameters[name]
    unresolved = unresolved_in(value)
    if unresolved is not None:
        raise unresolved.fail()
    return value


def _result(runner: Runner, scope: Any) -> list[dict[str, Any]]:
    """The records of the first-level actions of ``scope``. Of a Foreach, each action's record
    holds every iteration's in its ``outputs`` (Microsoft Learn's ``result('For_each')``
    example, the functions reference), with the iterations' status as a repeated action's and
    their count as ``repetitionCount`` (a public Power Automate emulator's conformance test;
    LogicAppsUX ``__mocks__/runs/LoopsPager/SuccessRun.json`` shows a repeated action's
    ``repetitionCount``); of an Until, its last iteration's (Azure/logicapps#1271)."""
    found = find_name(runner.scopes, str(scope))
    names = None if found is None else runner.scopes[found]
    if names is None:
        raise ExpressionError(f"The scope '{scope}' has not run")
    loop = found in runner.foreach_names
    # an Until's last iteration's records, each with the Until's iteration count so far
    # (tomdam/flowforger packages/engine/src/index.ts, its test reading
    # last(result('Loop'))['repetitionCount'], measured in conformance/flows/control.ff.ts)
    count = runner.iteration_count(found) if found in runner.until_names else None
    records = []
    for name in names:
        if name not in runner.results:
            continue
        passes = runner.repetitions.get(name) if loop else None
        record = _repeated_record(runner, name, passes) if passes else runner.results[name].record()
        if count is not None:
            record["repetitionCount"] = count
        records.append(record)
    return records


def _repeated_record(runner: Runner, name: str, passes: list[ActionResult]) -> dict[str, Any]:
    """One record for an action's iterations in a Foreach: those of the enclosing loops' pass
    this expression runs in (the last pass when it runs outside them)."""
    depth = len(passes[-1].iteration_indexes) - 1
    here = runner.iteration_indexes()
    outer = here[:depth] if len(here) >= depth else max(p.iteration_indexes[:depth] for p in passes)
    mine = sorted(
        (p for p in passes if p.iteration_indexes[:depth] == outer),
        key=lambda p: p.iteration_indexes,
    )
    last = runner.results[name].record()
    return {
        "name": name,
        "outputs": [p.record() for p in mine],
        "startTime": mine[0].start_time if mine else last["startTime"],
        "endTime": max((p.end_time or "" for p in mine), default=last["endTime"]),
        "trackingId": last["trackingId"],
        "clientTrackingId": last["clientTrackingId"],
        "code": "NotSpecified",
        "status": repeated_status([p.status for p in mine]),
        "repetitionCount": len(mine),
    }


def _appsetting(runner: Runner, name: Any) -> str:
    if runner.env.flavor is Flavor.CONSUMPTION:
        # app settings are a Standard app's; a Consumption workflow (Power Automate runs on that
        # runtime) fails the call, measured in the cloud by tomdam/flowforger
        # (packages/engine/src/expr/functions/references.ts)
        raise ExpressionError(
            "The template function 'appsetting' is not expected at this location."
        )
    settings = runner.env.app_settings
    if name not in settings:
        raise ExpressionError(f"The app setting '{name}' is not defined{settings.hint(str(name))}")
    return runner.env.app_settings[name]


def _trigger_outputs(runner: Runner) -> Any:
    return runner.env.trigger.get("outputs")


def _action(runner: Runner) -> dict[str, Any]:
    if runner.current is None:
        # anywhere but trackedProperties (tomdam/flowforger packages/engine/src/expr/functions/
        # references.ts, measured against the cloud in conformance/flows/expr-errors.ff.ts)
        raise ExpressionError("The template function 'action' is not expected at this location.")
    return runner.current.record()


#: The functions that read the run, beside the language's pure ones, as documented.
_BY_SPELLING: dict[str, Callable[..., Any]] = {
    "action": _action,
    "trigger": lambda r: r.env.trigger,
    "triggerOutputs": _trigger_outputs,
    "triggerBody": lambda r: (_trigger_outputs(r) or {}).get("body"),
    "triggerFormDataValue": lambda r, k: form_value("triggerFormDataValue", _trigger_outputs(r), k),
    "triggerFormDataMultiValues": lambda r, k: form_values(
        "triggerFormDataMultiValues", _trigger_outputs(r), k
    ),
    "triggerMultipartBody": lambda r, i: multipart_body(
        "triggerMultipartBody", _trigger_outputs(r), i
    ),
    "formDataValue": lambda r, a, k: form_value(
        "formDataValue", _outputs_of(r, a, "formDataValue"), k
    ),
    "formDataMultiValues": lambda r, a, k: form_values(
        "formDataMultiValues", _outputs_of(r, a, "formDataMultiValues"), k
    ),
    "multipartBody": lambda r, a, i: multipart_body(
        "multipartBody", _outputs_of(r, a, "multipartBody"), i, 1
    ),
    "body": _body,
    "actionBody": _body,
    "outputs": lambda r, n: _outputs_of(r, n, "outputs"),
    "actionOutputs": lambda r, n: _outputs_of(r, n, "actionOutputs"),
    "actions": lambda r, n: _trigger_named(r, n) or _result_of(r, n).record(),
    "variables": _variables,
    "parameters": _parameters,
    "items": lambda r, n: _loop(r, n, "items")[1],
    "item": _item,
    "iterationIndexes": lambda r, n: _loop(r, n, "iterationIndexes")[2],
    "result": _result,
    "workflow": lambda r: r.env.workflow,
    "appsetting": _appsetting,
    "listCallbackUrl": lambda r: r.callback_url(),
}

#: The same by lowercase name (names match in any case), and each one's documented spelling.
WORKFLOW_FUNCTIONS = {name.lower(): function for name, function in _BY_SPELLING.items()}
_SPELLINGS = {name.lower(): name for name in _BY_SPELLING}


def run_workflow(compiled: CompiledWorkflow, env: RunEnvironment) -> RunOutcome:
    """Run a compiled definition's actions (blocking; the engine calls it in a worker thread).
    Its parallel branches run at the same time when an action may wait."""
    return Runner(compiled.graph, env, branches=compiled.may_wait(env.stubs)).run()


def evaluate_on_trigger(compiled: Any, env: RunEnvironment) -> Any:
    """Evaluate a trigger-level expression (conditions, tracking id, splitOn) before the run."""
    return Runner(Graph({}), env).evaluate(compiled)
