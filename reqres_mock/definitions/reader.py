"""One workflow definition object read into a :class:`WorkflowSpec`: its Request trigger,
compiled actions and parameters, checked and with JSON pointers on every problem.

Actions and expressions are compiled here, so a syntax error is a :class:`DefinitionError`
naming the file and JSON pointer. The spec is data: the engine turns it into a served workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import (
    DEFAULT_UNTIL,
    CompiledWorkflow,
    UntilLimit,
    compile_graph,
    response_outputs,
    response_status,
)
from reqres_mock.definitions.documents import json_pointer, member_key
from reqres_mock.definitions.members import read_members
from reqres_mock.definitions.project import REQUEST_TRIGGER_TYPES, TriggerNotServedError
from reqres_mock.definitions.saverules import check_saved
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.templates import compile_value, has_templates, is_template
from reqres_mock.protocol.concurrency import check_waiting_runs
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.trigger import RequestTrigger

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reqres_mock.definitions.project import Project
    from reqres_mock.definitions.settings import AppSettings


@dataclass(frozen=True)
class WorkflowSpec:
    """A workflow as a definition file describes it, before any engine serves it.

    :ivar response: a literal :class:`Response` (served without running actions), the
        :class:`CompiledWorkflow` to run, or ``None`` (no actions: callers get 202).
    :ivar source: the file it came from; :ivar pointer: the definition's JSON pointer in it.
    """

    name: str
    trigger: RequestTrigger
    response: Response | CompiledWorkflow | None
    flavor: Flavor
    enabled: bool
    source: str
    pointer: str


def find_expression(value: Any, pointer: str) -> tuple[str, str, bool] | None:
    """The pointer and text of the first template in ``value`` (a string or a property
    name), and whether it is a property name."""
    if isinstance(value, str):
        return (pointer, value, False) if is_template(value) else None
    if isinstance(value, dict):
        items: Iterator[tuple[Any, Any]] = iter(value.items())
    elif isinstance(value, list):
        items = iter(enumerate(value))
    else:
        return None
    for key, item in items:
        # a property name that starts with '@' is a template too (templates.compile_value)
        if isinstance(key, str) and key.startswith("@") and is_template(key):
            return pointer + json_pointer(key), key, True
        found = find_expression(item, pointer + json_pointer(key))
        if found:
            return found
    return None


def literal(value: Any, pointer: str, source: str) -> Any:
    """``value`` with ``@@`` escapes undone (in property names too).

    :raises DefinitionError: when it holds an expression (trigger inputs must be literal), or
        a property name starting with ``@`` that does not parse, in the runtime's words.
    """
    found = find_expression(value, pointer)
    if found is not None:
        where, expression, is_name = found
        try:
            compile_value({expression: None} if is_name else expression)
        except ExpressionError as err:
            raise DefinitionError(err.message, path=source, pointer=where) from err
        raise DefinitionError(
            f"expression {expression[:80]!r}: the Request trigger's inputs (method, "
            "relativePath, schema) must be literal values",
            path=source,
            pointer=where,
        )
    return compile_value(value)


class Reader:
    """Turns one definition object into a :class:`WorkflowSpec`."""

    def __init__(
        self,
        source: str,
        base: str,
        parameters: dict[str, Any],
        app_settings: AppSettings,
        *,
        project: Project | None = None,
        replace_triggers: bool = False,
    ) -> None:
        self.source = source
        self.base = base
        self.parameters = parameters
        self.app_settings = app_settings
        self.project = project
        self.replace_triggers = replace_triggers
        self.name = ""

    def fail(self, message: str, *parts: object) -> DefinitionError:
        return DefinitionError(message, path=self.source, pointer=self.base + json_pointer(*parts))

    def rebase(self, err: DefinitionError) -> DefinitionError:
        return DefinitionError(
            err.message, path=self.source, pointer=self.base + (err.pointer or "")
        )

    def workflow(
        self,
        name: str,
        definition: Any,
        flavor: Flavor,
        *,
        enabled: bool,
        until: UntilLimit = DEFAULT_UNTIL,
    ) -> WorkflowSpec:
        if not isinstance(definition, dict):
            raise self.fail("a workflow definition must be a JSON object")
        self.name = name
        try:
            definition = read_members(definition)  # into Azure's types first, as on save
        except DefinitionError as err:
            raise self.rebase(err) from err
        trigger, extras = self.trigger(definition.get("triggers"))
        try:
            triggers = definition.get("triggers")
            graph = compile_graph(definition.get("actions"), "/actions", until=until)
            check_saved(graph, triggers if isinstance(triggers, dict) else ())
        except DefinitionError as err:
            raise self.rebase(err) from err
        compiled = CompiledWorkflow(
            graph=graph,
            parameters=self.workflow_parameters(definition.get("parameters")),
            app_settings=self.app_settings,
            conditions=extras["conditions"],
            client_tracking_id=extras["tracking"],
            split_on=extras["split_on"],
            connections=self.project.connections if self.project is not None else {},
            maps=self.project.maps if self.project is not None else {},
        )
        try:
            response: Response | CompiledWorkflow | None = static_response(compiled)
        except DefinitionError as err:
            raise self.rebase(err) from err
        if response is None and (
            graph.actions or compiled.conditions or extras["tracking"] or extras["split_on"]
        ):
            response = compiled
        if not name.strip() or "/" in name:
            raise DefinitionError(
                f"workflow name {name!r} must be non-empty, without '/'",
                path=self.source,
                pointer=self.base,
            )
        try:
            check_waiting_runs(
                trigger.maximum_waiting_runs if trigger.concurrency is not None else None,
                standard=flavor is Flavor.STANDARD,
                pointer=json_pointer(
                    "triggers", trigger.name, "runtimeConfiguration", "concurrency"
                ),
            )
        except DefinitionError as err:
            raise self.rebase(err) from err
        return WorkflowSpec(
            name=name,
            trigger=trigger,
            response=response,
            flavor=flavor,
            enabled=enabled,
            source=self.source,
            pointer=self.base,
        )

    def workflow_parameters(self, declared: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        from_project = self.project.parameters if self.project is not None else {}
        if isinstance(declared, dict):
            for key, spec in declared.items():
                default = member_key(spec, "defaultValue") if isinstance(spec, dict) else None
                if default is not None:
                    values[key] = spec[default]
                if key in self.parameters:
                    values[key] = self.parameters[key]
                if key not in values and key not in from_project:
                    # refused on save (InvalidTemplate), as the resource provider's validate
                    # call answers a declared parameter left without a default or a value;
                    # MicrosoftDocs/azure-docs#28043 (a SecureString without defaultValue)
                    raise self.fail(
                        f"The value for the workflow parameter '{key}' is not provided.",
                        "parameters",
                        key,
                    )
        if self.project is not None:
            # A Standard workflow sees every parameters.json value; the caller's win.
            values.update(from_project)
            values.update(self.parameters)
        return values

    def trigger(self, triggers: Any) -> tuple[RequestTrigger, dict[str, Any]]:
        if not isinstance(triggers, dict) or not triggers:
            raise self.fail("the definition has no triggers; add a Request trigger", "triggers")
        if len(triggers) != 1:
            raise self.fail(
                f"a workflow has exactly one trigger, this one has {len(triggers)}", "triggers"
            )
        name, spec = next(iter(triggers.items()))
        if not isinstance(spec, dict) or str(spec.get("type", "")).lower() not in (
            REQUEST_TRIGGER_TYPES
        ):
            kind = spec.get("type") if isinstance(spec, dict) else spec
            if self.replace_triggers and isinstance(kind, str):
                # As LogicAppUnit does: a bare Request trigger of the same name; the caller's
                # body becomes the trigger body.
                spec = {"type": "Request", "kind": "Http", "inputs": {}}
            else:
                raise self.not_served(
                    f"trigger {name!r} has type {kind!r}; reqres-mock serves Request triggers "
                    "(type 'Request', kind 'Http'). Load with replace_triggers=True (CLI: "
                    "--replace-triggers) to start it by HTTP with the caller's body as the "
                    "trigger body",
                    name,
                    "type",
                    str(kind),
                )
        if str(spec.get("kind", "")).lower() == "agent":
            # A conversational agent workflow: its chat client starts it, and its Agent action
            # runs after the trigger by name (Azure/LogicAppsUX apps/vs-code-designer
            # src/app/utils/codeless/__test__/templates.test.ts; wsilveiranz/logicapps-labs
            # samples/transaction-repair-agent). Nothing the mock serves calls it.
            raise self.not_served(
                f"trigger {name!r} has kind 'Agent': a conversational agent workflow, started "
                "from a chat session, which reqres-mock does not serve (it serves Request "
                "triggers of kind 'Http'; autonomous agent workflows with such a trigger load)",
                name,
                "kind",
                "a conversational agent trigger (kind 'Agent')",
                replaceable=False,
            )
        inputs = spec.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise self.fail("trigger inputs must be an object", "triggers", name, "inputs")
        pointer = self.base + json_pointer("triggers", name)
        inputs = literal(inputs, pointer + "/inputs", self.source)
        extras: dict[str, Any] = {"conditions": [], "tracking": None, "split_on": None}
        if "splitOn" in spec:
            split_on = spec["splitOn"]
            if not isinstance(split_on, str) or not split_on.startswith("@"):
                raise self.fail("splitOn must be an '@' expression", "triggers", name, "splitOn")
            extras["split_on"] = self.expression(split_on, "triggers", name, "splitOn")
        conditions = spec.get("conditions") or []
        if not isinstance(conditions, list):
            raise self.fail("conditions must be an array", "triggers", name, "conditions")
        for index, condition in enumerate(conditions):
            expression = condition.get("expression") if isinstance(condition, dict) else None
            where = ("triggers", name, "conditions", index, "expression")
            if not isinstance(expression, str) or not expression.startswith("@"):
                raise self.fail("a trigger condition needs an '@' expression", *where)
            extras["conditions"].append(self.expression(expression, *where))
        correlation = spec.get("correlation") or {}
        if isinstance(correlation, dict) and "clientTrackingId" in correlation:
            extras["tracking"] = self.expression(
                correlation["clientTrackingId"],
                "triggers",
                name,
                "correlation",
                "clientTrackingId",
            )
        runtime = spec.get("runtimeConfiguration") or {}
        concurrency = runtime.get("concurrency") if isinstance(runtime, dict) else None
        concurrency = concurrency if isinstance(concurrency, dict) else {}
        try:
            trigger = RequestTrigger(
                name=name,
                schema=inputs.get("schema") or None,
                method=inputs.get("method"),
                relative_path=inputs.get("relativePath"),
                operation_options=spec.get("operationOptions"),  # type: ignore[arg-type]
                concurrency=concurrency.get("runs"),
                maximum_waiting_runs=concurrency.get("maximumWaitingRuns"),
            )
        except DefinitionError as err:
            raise self.rebase(err) from err
        return trigger, extras

    def not_served(
        self, message: str, trigger: str, field: str, kind: str, *, replaceable: bool = True
    ) -> TriggerNotServedError:
        """The error of a workflow whose trigger the mock does not serve, at its ``field``."""
        return TriggerNotServedError(
            message,
            path=self.source,
            pointer=self.base + json_pointer("triggers", trigger, field),
            workflow=self.name,
            trigger=trigger,
            kind=kind,
            replaceable=replaceable,
        )

    def expression(self, value: Any, *parts: object) -> Any:
        try:
            return compile_value(value)
        except ExpressionError as err:
            raise self.fail(str(err), *parts) from err


@dataclass(frozen=True)
class StaticResponse(Response):
    """The Response of a definition that is one literal Response action: ``action`` names it,
    so the run's history still records it (as the runtime does: every captured run lists its
    Response, e.g. Azure/LogicAppsUX ``__mocks__/runs/simpleScoped/simpleScoped.json``)."""

    action: str = "Response"
    #: The action's inputs and outputs, as its record shows them.
    inputs: Any = None
    outputs: Any = None


def static_response(compiled: CompiledWorkflow) -> Response | None:
    """A definition that is one literal Response and nothing else is served without running
    actions (same reply, no worker thread)."""
    actions = list(compiled.graph.actions.values())
    extras = compiled.conditions or compiled.client_tracking_id is not None or compiled.split_on
    if extras or len(actions) != 1:
        return None
    (action,) = actions
    if action.type != "response" or action.branches or has_templates(action.inputs):
        return None
    inputs = action.inputs or {}
    if not isinstance(inputs, dict):
        return None
    status = response_status(inputs)
    outputs = response_outputs(inputs, status)
    try:
        return StaticResponse(
            status,
            headers=outputs["headers"],
            body=outputs["body"],
            asynchronous=bool(action.extra.get("asynchronous")),
            action=action.name,
            inputs=inputs,
            outputs=outputs,
        )
    except DefinitionError as err:
        raise DefinitionError(
            err.message, pointer=f"{action.pointer}/inputs{err.pointer or ''}"
        ) from err
