"""From an accepted trigger call to started runs: the run's names and trigger record, trigger
conditions and correlation, ``splitOn``, polls of asynchronous runs, and nested Workflow calls.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import ActionFailure, CompiledWorkflow
from reqres_mock.definitions.runner import evaluate_on_trigger
from reqres_mock.definitions.webhooks import Callback
from reqres_mock.engine.asynchronous import (
    content_permissions,
    operation_permissions,
    run_content,
    webhook_permissions,
)
from reqres_mock.engine.diagnostics import near_misses
from reqres_mock.engine.nesting import (
    minimal_environment,
    nested_request,
    reply_outputs,
    trigger_record,
)
from reqres_mock.engine.run import Run, RunStatus, new_run_id
from reqres_mock.errors import ExpressionError
from reqres_mock.exchange import Headers, Reply
from reqres_mock.language.functions import to_text
from reqres_mock.protocol import callback, replies
from reqres_mock.protocol.headers import CLIENT_TRACKING_HEADER, new_guid
from reqres_mock.protocol.response import JSON_CONTENT_TYPE
from reqres_mock.protocol.trigger import read_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.engine.execution import Executor
    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.workflow import Workflow
    from reqres_mock.exchange import InboundRequest
    from reqres_mock.protocol.replies import Failure
    from reqres_mock.protocol.routing import ActionCallbackRoute, ContentRoute, OperationRoute


class TriggerFiring:
    """What an engine does once a trigger call has passed its checks.

    :param engine: the engine (journal, workflows, settings, rejections).
    :param executor: runs what is started.
    """

    def __init__(self, engine: Engine, executor: Executor) -> None:
        self._engine = engine
        self._executor = executor

    def begin(
        self,
        workflow: Workflow,
        run: Run,
        started: float,
        reject: Callable[[Failure, Workflow | None], Reply],
    ) -> Reply:
        """Start the run, or with ``splitOn`` one run per item of the split array."""
        spec = workflow.response
        if isinstance(spec, CompiledWorkflow) and spec.split_on is not None:
            return self._split(workflow, run, started, reject, spec)
        return self._start_one(workflow, run, started, reject)

    def _name_run(self, workflow: Workflow, run: Run) -> None:
        run.workflow, run.workflow_ref, run.trigger = workflow.name, workflow, workflow.trigger.name
        run.correlation_id = new_guid()
        run.client_tracking_id = run.request.headers.get(CLIENT_TRACKING_HEADER) or run.id
        if workflow.flavor is Flavor.CONSUMPTION:
            elapsed = datetime.now(timezone.utc) - run.started_at
            run.rate_limit_headers = workflow.rate_limits.charge(
                run.request.method,
                uploaded=len(run.request.body),
                elapsed_us=elapsed // timedelta(microseconds=1),
            )
        run.trigger_record = trigger_record(workflow, run)

    def _start_one(
        self,
        workflow: Workflow,
        run: Run,
        started: float,
        reject: Callable[[Failure, Workflow | None], Reply],
    ) -> Reply:
        """Name the run, build the trigger record, apply the trigger's conditions and
        correlation, then start the run."""
        self._name_run(workflow, run)
        spec = workflow.response
        if isinstance(spec, CompiledWorkflow) and (spec.conditions or spec.client_tracking_id):
            env = minimal_environment(workflow, run, spec, self._engine.config.region)
            try:
                if spec.client_tracking_id is not None:
                    tracking = evaluate_on_trigger(spec.client_tracking_id, env)
                    run.client_tracking_id = to_text(tracking) or run.client_tracking_id
                    run.trigger_record["clientTrackingId"] = run.client_tracking_id
                for condition in spec.conditions:
                    if evaluate_on_trigger(condition, env) is not True:
                        return self._skip(workflow, run)
            except ExpressionError as err:
                return reject(
                    replies.invalid_trigger_template(workflow.trigger.name, err), workflow
                )

        def refuse(failure: Failure, extra: list[tuple[str, str]]) -> Reply:
            headers = [*self._engine.rejection_headers(run.request, workflow, None), *extra]
            return self._engine.reject(run, workflow, failure.reply(headers))

        return self._executor.start(workflow, run, started, refuse)

    def _split(
        self,
        workflow: Workflow,
        run: Run,
        started: float,
        reject: Callable[[Failure, Workflow | None], Reply],
        spec: CompiledWorkflow,
    ) -> Reply:
        """``splitOn``: one run per item (its ``triggerBody()``); the caller gets 202 listing
        the runs (with a polling ``location`` each when the workflow has a Response)."""
        self._name_run(workflow, run)
        try:
            items = evaluate_on_trigger(
                spec.split_on, minimal_environment(workflow, run, spec, self._engine.config.region)
            )
        except ExpressionError as err:
            return reject(replies.invalid_trigger_template(workflow.trigger.name, err), workflow)
        if not isinstance(items, list):
            return reject(replies.split_on_not_array(workflow.trigger.name, items), workflow)
        if not items:
            return self._skip(workflow, run)
        started_runs: list[dict[str, Any]] = []
        first_headers: list[tuple[str, str]] = []
        for index, item in enumerate(items):
            # Every run of the batch comes from the same scale unit (Standard's: CU00).
            unit = int(run.id[-2:])
            child = run if index == 0 else Run(id=new_run_id(scale_unit=unit), request=run.request)
            child.trigger_outputs = {**run.trigger_outputs, "body": item}
            child.reminders = list(run.reminders) if index == 0 else []
            reply = self._start_one(workflow, child, started, reject)
            if index == 0:
                first_headers = [
                    (k, v) for k, v in reply.headers.items_list() if k.lower().startswith("x-ms-")
                ]
            started_runs.append(
                {
                    "name": child.id,
                    "status": reply.status,
                    "location": reply.headers.get("Location"),
                }
            )
        body = json.dumps({"value": started_runs}, separators=(",", ":")).encode()
        return Reply(202, Headers([*first_headers, ("Content-Type", JSON_CONTENT_TYPE)]), body)

    def _run_link(
        self,
        request: InboundRequest,
        run: Run,
        workflow_id: str,
        resource: str,
        reject: Callable[[Failure, Workflow | None], Reply],
        *,
        required: str | None = None,
    ) -> Workflow | Reply:
        """The workflow of a run-scoped link once its api-version and SAS (``sp``
        ``<resource>/read``, or ``required``) hold, else the rejection sent."""
        workflow = next((w for w in self._engine.workflows if w.id == workflow_id), None)
        if workflow is None:
            run.near_misses = near_misses(self._engine.workflows, request, None)
            return reject(replies.workflow_not_found(), None)
        query = {k.lower(): v for k, v in request.query_pairs}
        failure = callback.check_api_version(query, workflow.flavor)
        if failure is None:
            failure = callback.check_sas(
                query,
                authorization=request.headers.get("Authorization"),
                flavor=workflow.flavor,
                wf_id=workflow.id,
                trigger=resource,
                access_key=workflow.access_key,
                required=required or f"{resource}/read",
                scope=resource,
            )
        if failure is not None:
            return reject(failure, workflow)
        return workflow

    def content(
        self,
        request: InboundRequest,
        run: Run,
        link: ContentRoute,
        reject: Callable[[Failure, Workflow | None], Reply],
    ) -> Reply:
        """A run's ``inputsLink``/``outputsLink`` (from an asynchronous 202): the trigger's
        inputs or outputs as JSON."""
        resource = content_permissions(link.run_id, link.kind).removesuffix("/read")
        workflow = self._run_link(request, run, link.workflow_id, resource, reject)
        if isinstance(workflow, Reply):
            return workflow
        target = self._engine.journal.find(link.run_id)
        if target is None or target.workflow_ref is not workflow:
            return reject(replies.run_not_found(link.run_id), workflow)
        # A read of run history, like a poll: not journalled as a call.
        body = run_content(workflow, target, link.kind)
        return Reply(200, Headers([("Content-Type", JSON_CONTENT_TYPE)]), body)

    def poll(
        self,
        request: InboundRequest,
        run: Run,
        operation: OperationRoute,
        reject: Callable[[Failure, Workflow | None], Reply],
    ) -> Reply:
        """A poll of an asynchronous run's Location: recorded on that run, not as a call."""
        resource = operation_permissions(operation.run_id, operation.operation_id)
        workflow = self._run_link(
            request, run, operation.workflow_id, resource.removesuffix("/read"), reject
        )
        if isinstance(workflow, Reply):
            return workflow
        target = self._engine.journal.find(operation.run_id)
        if (
            target is None
            or target.operation is None
            or target.operation.id != operation.operation_id
        ):
            return reject(replies.run_not_found(operation.run_id), workflow)
        return self._executor.poll(workflow, target)

    def webhook_callback(
        self,
        request: InboundRequest,
        run: Run,
        route: ActionCallbackRoute,
        reject: Callable[[Failure, Workflow | None], Reply],
    ) -> Reply:
        """A call to a webhook action's URL: its headers and body become the action's outputs
        and the run goes on (200, no body: the mock's choice). Not journalled as a call."""
        resource = f"/runs/{route.run_id}/actions/{route.action}"
        workflow = self._run_link(
            request,
            run,
            route.workflow_id,
            resource,
            reject,
            required=webhook_permissions(route.run_id, route.action, route.repetition),
        )
        if isinstance(workflow, Reply):
            return workflow
        hook = self._engine.webhooks.find(workflow.id, route.run_id, route.action, route.repetition)
        body, failure = read_body(request)  # as a trigger reads it
        if failure is not None:
            return reject(failure, workflow)
        headers = dict(request.headers.items())
        if hook is None or not hook.deliver(Callback(headers, body)):
            return reject(replies.action_not_waiting(route.run_id, route.action), workflow)
        return Reply(200, Headers(self._engine.rejection_headers(request, workflow, None)))

    def _skip(self, workflow: Workflow, run: Run) -> Reply:
        """Trigger conditions were false: no run; the caller still gets 202."""
        reply = Reply(202, Headers(self._engine.rejection_headers(run.request, workflow, None)))
        return self._engine.journal.conclude(run, reply, RunStatus.SKIPPED)

    def call_workflow(self, name: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
        """Run another workflow of this server for a Workflow action; its reply as outputs."""
        try:
            child = self._engine.workflow(name)
        except KeyError as err:
            raise ActionFailure(
                "WorkflowNotFound",
                f"The workflow '{name}' called by a Workflow action is not loaded in the mock.",
            ) from err
        request = nested_request(child, body, headers)
        _, reply = self._engine.handle_call(request)
        return reply_outputs(reply)
