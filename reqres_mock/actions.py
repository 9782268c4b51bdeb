"""Running a workflow definition's actions as Logic Apps does.

Actions run in ``runAfter`` order (one at a time; Logic Apps may run independent branches in
parallel, which only changes timing). An action runs when every predecessor ended in one of the
statuses it lists (``Succeeded`` by default), otherwise it is ``Skipped``. Supported for real:
Response, Compose, If, Switch, Scope, Foreach, Until, the variable actions, ParseJson, Query,
Select, Join, Table, Terminate, Wait/Delay and nested Workflow calls. Actions that would reach
the cloud (Http, ApiConnection, Function, ...) are stubbed by name from the test; an unstubbed
one fails with a message saying how to stub it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import DefinitionError, ExpressionError, ReqResError
from reqres_mock.expressions import compile_value, evaluate_value
from reqres_mock.functions import FUNCTIONS, to_text, type_name

if TYPE_CHECKING:
    import threading

    from reqres_mock.response import Response

SUCCEEDED, FAILED, SKIPPED, TIMED_OUT, CANCELLED = (
    "Succeeded",
    "Failed",
    "Skipped",
    "TimedOut",
    "Cancelled",
)
_STATUSES = {s.lower(): s for s in (SUCCEEDED, FAILED, SKIPPED, TIMED_OUT)}
#: Action types the mock runs itself; every other type is a cloud action that must be stubbed.
BUILT_IN = frozenset(
    {
        "response",
        "compose",
        "if",
        "switch",
        "scope",
        "foreach",
        "until",
        "initializevariable",
        "setvariable",
        "incrementvariable",
        "decrementvariable",
        "appendtoarrayvariable",
        "appendtostringvariable",
        "parsejson",
        "query",
        "select",
        "join",
        "table",
        "terminate",
        "wait",
        "workflow",
    }
)
_LOOPS = frozenset({"foreach", "until"})
_VARIABLE_TYPES = {"integer", "float", "boolean", "string", "array", "object"}
_UNTIL_DEFAULT_COUNT = 60


def _now() -> str:
    moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0Z"


# -- results -----------------------------------------------------------------------------------


@dataclass
class ActionResult:
    """What one action did in a run (``actions('name')`` in expressions)."""

    name: str
    type: str
    status: str = SKIPPED
    inputs: Any = None
    outputs: Any = None
    error: dict[str, str] | None = None
    start_time: str = field(default_factory=_now)
    end_time: str | None = None
    iterations: int | None = None

    @property
    def code(self) -> str:
        if self.status == SUCCEEDED:
            return "OK"
        if self.status == SKIPPED:
            return "ActionSkipped"
        return self.error["code"] if self.error else "NotSpecified"

    def record(self) -> dict[str, Any]:
        """The action's history record, as ``actions()`` and ``result()`` return it."""
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "startTime": self.start_time,
            "endTime": self.end_time,
            "status": self.status,
            "code": self.code,
        }
        if self.inputs is not None:
            data["inputs"] = self.inputs
        if self.outputs is not None:
            data["outputs"] = self.outputs
        if self.error is not None:
            data["error"] = self.error
        return data


class ActionFailure(ReqResError):
    """An action failed; the run goes on by ``runAfter`` rules."""

    def __init__(self, code: str, message: str, outputs: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.outputs = outputs


class _Terminated(Exception):
    def __init__(self, status: str, error: dict[str, str] | None) -> None:
        super().__init__(status)
        self.status = status
        self.error = error


# -- what a run needs from outside -------------------------------------------------------------


@dataclass
class RunEnvironment:
    """What the engine gives a running definition.

    :ivar respond: delivers a Response to the caller; ``False`` when one was already sent.
    :ivar call_workflow: runs a nested workflow by name: ``(name, body, headers) -> outputs``.
    :ivar stubs: action stubs by name (``wf.stub_action``).
    :ivar stopping: set when the server stops (waits end early).
    :ivar wait_scale: multiplies Wait durations (0 skips them).
    """

    trigger: dict[str, Any]
    workflow: dict[str, Any]
    parameters: dict[str, Any]
    app_settings: Mapping[str, str]
    respond: Callable[[Response], bool]
    call_workflow: Callable[[str, Any, dict[str, str]], dict[str, Any]]
    stubs: Mapping[str, Any]
    stopping: threading.Event
    wait_scale: float = 1.0
    callback_url: str = ""


@dataclass
class RunOutcome:
    """The end of a run: its status, error, action results and variables."""

    status: str
    error: dict[str, str] | None
    actions: dict[str, ActionResult]
    variables: dict[str, Any]


# -- compiled definitions ----------------------------------------------------------------------


def _pointer(*parts: object) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass
class Action:
    """One compiled action of a definition."""

    name: str
    type: str  # lower case
    type_name: str  # as written
    pointer: str
    run_after: dict[str, frozenset[str]]
    inputs: Any
    spec: dict[str, Any]
    branches: dict[str, Graph] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class Graph:
    """The actions of one scope (the workflow, a Scope, a branch, a loop body)."""

    def __init__(self, actions: dict[str, Action]) -> None:
        self.actions = actions
        self.order = self._order()

    def _order(self) -> list[Action]:
        done: list[Action] = []
        placed: set[str] = set()
        pending = dict(self.actions)
        while pending:
            ready = [a for a in pending.values() if set(a.run_after) <= placed]
            if not ready:
                cycle = ", ".join(sorted(pending))
                first = next(iter(pending.values()))
                raise DefinitionError(
                    f"runAfter forms a cycle between actions {cycle}", pointer=first.pointer
                )
            for action in ready:
                done.append(action)
                placed.add(action.name)
                del pending[action.name]
        return done

    def walk(self) -> list[Action]:
        """Every action in this graph and below it."""
        found: list[Action] = []
        for action in self.actions.values():
            found.append(action)
            for branch in action.branches.values():
                found.extend(branch.walk())
        return found


def compile_graph(actions: Any, pointer: str, *, inside_loop: bool = False) -> Graph:
    """Compile an ``actions`` object.

    :raises DefinitionError: for unknown runAfter targets or statuses, cycles, invalid
        expressions, or a Response inside a loop — naming the JSON pointer.
    """
    if actions is None:
        return Graph({})
    if not isinstance(actions, dict):
        raise DefinitionError("actions must be an object", pointer=pointer)
    compiled: dict[str, Action] = {}
    for name, spec in actions.items():
        compiled[name] = _compile_action(name, spec, f"{pointer}{_pointer(name)}", inside_loop)
    for action in compiled.values():
        for predecessor in action.run_after:
            if predecessor not in compiled:
                raise DefinitionError(
                    f"action {action.name!r} runs after {predecessor!r}, which is not an action "
                    "of the same scope",
                    pointer=f"{action.pointer}/runAfter",
                )
    return Graph(compiled)


def _compile(value: Any, pointer: str) -> Any:
    try:
        return compile_value(value)
    except ExpressionError as err:
        raise DefinitionError(str(err), pointer=_locate(value, pointer)) from err


def _locate(value: Any, pointer: str) -> str:
    """The JSON pointer of the first string in ``value`` whose expression does not parse."""
    if isinstance(value, str):
        return pointer
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        try:
            compile_value(item)
        except ExpressionError:
            return _locate(item, pointer + _pointer(key))
    return pointer


def _compile_action(name: str, spec: Any, pointer: str, inside_loop: bool) -> Action:
    if not isinstance(spec, dict):
        raise DefinitionError(f"action {name!r} must be an object", pointer=pointer)
    type_name = str(spec.get("type", ""))
    kind = type_name.lower()
    if not kind:
        raise DefinitionError(f"action {name!r} has no type", pointer=f"{pointer}/type")
    run_after: dict[str, frozenset[str]] = {}
    raw_after = spec.get("runAfter") or {}
    if not isinstance(raw_after, dict):
        raise DefinitionError("runAfter must be an object", pointer=f"{pointer}/runAfter")
    for predecessor, statuses in raw_after.items():
        wanted = statuses if isinstance(statuses, list) and statuses else [SUCCEEDED]
        normalised = set()
        for status in wanted:
            if str(status).lower() not in _STATUSES:
                raise DefinitionError(
                    f"runAfter status {status!r} is not one of Succeeded, Failed, Skipped, "
                    "TimedOut",
                    pointer=f"{pointer}/runAfter{_pointer(predecessor)}",
                )
            normalised.add(_STATUSES[str(status).lower()])
        run_after[predecessor] = frozenset(normalised)
    if kind == "response" and inside_loop:
        raise DefinitionError(
            f"Response action {name!r} is inside a Foreach or Until loop; Logic Apps does not "
            "allow that",
            pointer=pointer,
        )
    action = Action(
        name=name,
        type=kind,
        type_name=type_name,
        pointer=pointer,
        run_after=run_after,
        inputs=_compile(spec.get("inputs"), f"{pointer}/inputs"),
        spec=spec,
    )
    _compile_children(action, inside_loop or kind in _LOOPS)
    if kind == "response":
        _check_literal_status(action)
    if kind == "response" and "operationOptions" in spec:
        option = str(spec["operationOptions"])
        if option.lower() == "asynchronous":
            raise DefinitionError(
                "the asynchronous Response (operationOptions 'Asynchronous') is not supported "
                "in this version",
                pointer=f"{pointer}/operationOptions",
            )
    return action


def _check_literal_status(action: Action) -> None:
    inputs = action.inputs if isinstance(action.inputs, dict) else {}
    status = inputs.get("statusCode", 200)
    if isinstance(status, str) and status.strip().isdigit():
        status = int(status)
    if isinstance(status, int) and not isinstance(status, bool):
        from reqres_mock.response import Response  # noqa: PLC0415 (avoids an import cycle)

        try:
            Response(status)
        except DefinitionError as err:
            raise DefinitionError(
                err.message, pointer=f"{action.pointer}/inputs/statusCode"
            ) from err


def _compile_children(action: Action, loop: bool) -> None:
    """Compile the branches and expressions that compound actions carry."""
    if action.type in ("scope", "foreach", "until"):
        action.branches["actions"] = compile_graph(
            action.spec.get("actions"), f"{action.pointer}/actions", inside_loop=loop
        )
    if action.type == "if":
        action.branches["actions"] = compile_graph(
            action.spec.get("actions"), f"{action.pointer}/actions", inside_loop=loop
        )
        otherwise = action.spec.get("else") or {}
        action.branches["else"] = compile_graph(
            otherwise.get("actions") if isinstance(otherwise, dict) else None,
            f"{action.pointer}/else/actions",
            inside_loop=loop,
        )
        action.extra["expression"] = _compile(
            action.spec.get("expression"), f"{action.pointer}/expression"
        )
    if action.type == "switch":
        cases = action.spec.get("cases") or {}
        if not isinstance(cases, dict):
            raise DefinitionError("cases must be an object", pointer=f"{action.pointer}/cases")
        action.extra["cases"] = []
        for case_name, case in cases.items():
            where = f"{action.pointer}/cases{_pointer(case_name)}"
            if not isinstance(case, dict) or "case" not in case:
                raise DefinitionError("a switch case needs a 'case' value", pointer=where)
            action.branches[f"case:{case_name}"] = compile_graph(
                case.get("actions"), f"{where}/actions", inside_loop=loop
            )
            action.extra["cases"].append((case_name, case["case"]))
        default = action.spec.get("default") or {}
        action.branches["default"] = compile_graph(
            default.get("actions") if isinstance(default, dict) else None,
            f"{action.pointer}/default/actions",
            inside_loop=loop,
        )
        action.extra["expression"] = _compile(
            action.spec.get("expression"), f"{action.pointer}/expression"
        )
    if action.type == "foreach":
        action.extra["foreach"] = _compile(action.spec.get("foreach"), f"{action.pointer}/foreach")
    if action.type == "until":
        action.extra["expression"] = _compile(
            action.spec.get("expression"), f"{action.pointer}/expression"
        )
        limit = action.spec.get("limit") or {}
        action.extra["count"] = int(limit.get("count", _UNTIL_DEFAULT_COUNT))
    if action.type == "parsejson":
        schema = (action.spec.get("inputs") or {}).get("schema")
        if isinstance(schema, dict):
            from reqres_mock.schema import compile_schema  # noqa: PLC0415 (jsonschema is heavy)

            action.extra["validator"] = compile_schema(
                schema, pointer=f"{action.pointer}/inputs/schema"
            )


# -- running -----------------------------------------------------------------------------------


class Runner:
    """One run of a compiled definition; also the expression context of that run."""

    def __init__(self, graph: Graph, env: RunEnvironment) -> None:
        self.graph = graph
        self.env = env
        self.results: dict[str, ActionResult] = {}
        self.variables: dict[str, Any] = {}
        self.variable_types: dict[str, str] = {}
        self.loops: list[tuple[str, Any, int, bool]] = []  # (name, item, index, is Foreach)
        self.items: list[Any] = []  # item() inside Query/Select
        self.scopes: dict[str, list[str]] = {}

    # -- expression context -------------------------------------------------------------------

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        method = _WORKFLOW_FUNCTIONS.get(name)
        if method is None:
            raise KeyError(name)
        return method(self, *args)

    def evaluate(self, compiled: Any) -> Any:
        return evaluate_value(compiled, self)

    # -- running ------------------------------------------------------------------------------

    def run(self) -> RunOutcome:
        try:
            status = self.run_graph(self.graph, None)
            error = None
            if status == FAILED:
                error = {
                    "code": "ActionFailed",
                    "message": "An action failed. No dependent actions succeeded.",
                }
        except _Terminated as stop:
            status, error = stop.status, stop.error
        return RunOutcome(status, error, self.results, self.variables)

    def run_graph(self, graph: Graph, scope: str | None) -> str:
        """Run every action of a scope; its status by Logic Apps' rule (an unhandled failure
        fails it)."""
        if scope is not None:
            self.scopes[scope] = list(graph.actions)
        for action in graph.order:
            if self.env.stopping.is_set():
                self._finish(
                    action,
                    CANCELLED,
                    error={"code": "Cancelled", "message": "The mock server stopped."},
                )
                continue
            if all(self.results[p].status in wanted for p, wanted in action.run_after.items()):
                self.run_action(action)
            else:
                self._finish(action, SKIPPED)
        return self._status_of(graph)

    def _status_of(self, graph: Graph) -> str:
        ran = {n for n in graph.actions if self.results[n].status != SKIPPED}
        for action in graph.actions.values():
            if self.results[action.name].status not in (FAILED, TIMED_OUT):
                continue
            handled = any(
                action.name in other.run_after and other.name in ran
                for other in graph.actions.values()
            )
            if not handled:
                return FAILED
        return SUCCEEDED

    def _finish(
        self,
        action: Action,
        status: str,
        *,
        inputs: Any = None,
        outputs: Any = None,
        error: dict[str, str] | None = None,
        start: str | None = None,
    ) -> ActionResult:
        result = ActionResult(
            name=action.name,
            type=action.type_name,
            status=status,
            inputs=inputs,
            outputs=outputs,
            error=error,
        )
        if start is not None:
            result.start_time = start
        result.end_time = _now()
        self.results[action.name] = result
        return result

    def run_action(self, action: Action) -> None:
        start = _now()
        inputs: Any = None
        try:
            if action.name in self.env.stubs:
                inputs = self.evaluate(action.inputs)
                status, outputs = _run_stub(action, self.env.stubs[action.name], inputs)
                self._finish(
                    action,
                    status,
                    inputs=inputs,
                    outputs=outputs,
                    start=start,
                    error=None
                    if status == SUCCEEDED
                    else {
                        "code": "ActionFailed",
                        "message": f"The stub of action '{action.name}' answered "
                        f"{outputs.get('statusCode')}.",
                    },
                )
                return
            handler = _HANDLERS.get(action.type)
            if handler is None:
                raise ActionFailure(
                    "ActionNotStubbed",
                    f"Action '{action.name}' of type '{action.type_name}' would call out of the "
                    f"mock; stub it in the test with wf.stub_action('{action.name}', "
                    "status=200, body=...)",
                )
            status, inputs, outputs = handler(self, action)
            self._finish(
                action,
                status,
                inputs=inputs,
                outputs=outputs,
                start=start,
                error=None
                if status == SUCCEEDED
                else {
                    "code": "ActionFailed",
                    "message": "An action failed. No dependent actions succeeded.",
                },
            )
        except ExpressionError as err:
            self._finish(
                action,
                FAILED,
                inputs=inputs,
                start=start,
                error={
                    "code": "InvalidTemplate",
                    "message": f"Unable to process template language expressions in action "
                    f"'{action.name}' inputs at line '1' and column '{err.position or 0}': "
                    f"'{err.message}'.",
                },
            )
        except ActionFailure as failure:
            self._finish(
                action,
                FAILED,
                inputs=inputs,
                outputs=failure.outputs,
                start=start,
                error={"code": failure.code, "message": failure.message},
            )
        except _Terminated:
            self._finish(action, SUCCEEDED, inputs=inputs, start=start)
            raise

    # -- helpers for handlers -----------------------------------------------------------------

    def condition(self, compiled: Any, what: str) -> bool:
        value = self.evaluate(compiled)
        if isinstance(value, dict):
            value = self.condition_object(value)
        if not isinstance(value, bool):
            raise ActionFailure(
                "InvalidTemplate",
                f"The {what} expression must be a boolean, got '{type_name(value)}'",
            )
        return value

    def condition_object(self, value: dict[str, Any]) -> Any:
        """The designer's condition form: ``{"and": [{"equals": [a, b]}, ...]}``."""
        if len(value) != 1:
            raise ActionFailure("InvalidTemplate", "A condition object has exactly one operator")
        operator, operands = next(iter(value.items()))
        name = operator.lower()
        if name in ("and", "or"):
            parts = [self.condition_object(p) if isinstance(p, dict) else p for p in operands]
            return FUNCTIONS[name](*parts)
        if name == "not":
            inner = self.condition_object(operands) if isinstance(operands, dict) else operands
            return FUNCTIONS["not"](inner)
        function = FUNCTIONS.get(name)
        if function is None or not isinstance(operands, list):
            raise ActionFailure("InvalidTemplate", f"Unknown condition operator '{operator}'")
        try:
            return function(*operands)
        except ExpressionError as err:
            raise ActionFailure("InvalidTemplate", err.message) from err


def _run_stub(action: Action, stub: Any, inputs: Any) -> tuple[str, dict[str, Any]]:
    produced = stub(inputs) if callable(stub) else stub
    if not isinstance(produced, Mapping):
        raise ActionFailure(
            "InvalidStub",
            f"The stub of action '{action.name}' returned {type(produced).__name__}; return a "
            "dict with statusCode, headers and body",
        )
    outputs = {
        "statusCode": produced.get("statusCode", 200),
        "headers": dict(produced.get("headers") or {}),
        "body": produced.get("body"),
    }
    status = outputs["statusCode"]
    failed = isinstance(status, int) and status >= 400
    return (FAILED if failed else SUCCEEDED), outputs


# -- action handlers: (runner, action) -> (status, inputs, outputs) ------------------------------

Handler = Callable[[Runner, Action], tuple[str, Any, Any]]


def _response(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    from reqres_mock.response import Response  # noqa: PLC0415 (avoids an import cycle)

    inputs = runner.evaluate(action.inputs) or {}
    if not isinstance(inputs, dict):
        raise ActionFailure("InvalidTemplate", "Response inputs must be an object")
    status = inputs.get("statusCode", 200)
    if isinstance(status, str) and status.strip().isdigit():
        status = int(status)
    headers = inputs.get("headers") or {}
    try:
        response = Response(status, headers=headers, body=inputs.get("body"))
    except DefinitionError as err:
        raise ActionFailure("InvalidResponse", err.message) from err
    if not runner.env.respond(response):
        raise ActionFailure(
            "ActionResponseAlreadySent",
            "The response for this request was already sent by another Response action.",
        )
    outputs = {"statusCode": status, "headers": headers, "body": inputs.get("body")}
    return SUCCEEDED, inputs, outputs


def _compose(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    value = runner.evaluate(action.inputs)
    return SUCCEEDED, value, value


def _variable_inputs(runner: Runner, action: Action) -> dict[str, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    if not isinstance(inputs, dict) or not isinstance(inputs.get("name"), str):
        raise ActionFailure("InvalidTemplate", "A variable action needs inputs.name")
    return inputs


def _check_type(name: str, kind: str, value: Any) -> Any:
    checks: dict[str, Callable[[Any], bool]] = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    if value is not None and not checks[kind](value):
        raise ActionFailure(
            "InvalidVariableValue",
            f"The variable '{name}' of type '{kind.capitalize()}' cannot be set to a value of "
            f"type '{type_name(value)}'.",
        )
    return float(value) if kind == "float" and value is not None else value


def _initialize_variable(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    declared = inputs.get("variables") if isinstance(inputs, dict) else None
    if not isinstance(declared, list) or not declared:
        raise ActionFailure("InvalidTemplate", "InitializeVariable needs inputs.variables")
    for variable in declared:
        name, kind = str(variable.get("name")), str(variable.get("type", "")).lower()
        if kind not in _VARIABLE_TYPES:
            raise ActionFailure(
                "InvalidVariableType", f"The variable type '{variable.get('type')}' is not valid."
            )
        if name in runner.variables:
            raise ActionFailure("InvalidVariable", f"The variable '{name}' is already initialized.")
        runner.variable_types[name] = kind
        runner.variables[name] = _check_type(name, kind, variable.get("value"))
    return SUCCEEDED, inputs, None


def _known(runner: Runner, name: str) -> str:
    if name not in runner.variables:
        raise ActionFailure(
            "InvalidVariable",
            f"The variable '{name}' is not initialized; add an "
            "InitializeVariable action before it.",
        )
    return runner.variable_types[name]


def _set_variable(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = _variable_inputs(runner, action)
    name = inputs["name"]
    runner.variables[name] = _check_type(name, _known(runner, name), inputs.get("value"))
    return SUCCEEDED, inputs, {"body": {"name": name, "value": runner.variables[name]}}


def _step_variable(sign: int) -> Handler:
    def step(runner: Runner, action: Action) -> tuple[str, Any, Any]:
        inputs = _variable_inputs(runner, action)
        name = inputs["name"]
        kind = _known(runner, name)
        amount = inputs.get("value", 1)
        if (
            kind not in ("integer", "float")
            or isinstance(amount, bool)
            or not isinstance(amount, (int, float))
        ):
            raise ActionFailure(
                "InvalidVariable",
                f"The variable '{name}' must be an integer or float, and the value a number.",
            )
        runner.variables[name] = _check_type(
            name, kind, (runner.variables[name] or 0) + sign * amount
        )
        return SUCCEEDED, inputs, {"body": {"name": name, "value": runner.variables[name]}}

    return step


def _append(kind: str) -> Handler:
    def append(runner: Runner, action: Action) -> tuple[str, Any, Any]:
        inputs = _variable_inputs(runner, action)
        name = inputs["name"]
        if _known(runner, name) != kind:
            raise ActionFailure(
                "InvalidVariable", f"The variable '{name}' must be of type '{kind}'."
            )
        value = inputs.get("value")
        if kind == "array":
            runner.variables[name] = [*(runner.variables[name] or []), value]
        else:
            runner.variables[name] = (runner.variables[name] or "") + to_text(value)
        return SUCCEEDED, inputs, {"body": {"name": name, "value": runner.variables[name]}}

    return append


def _if(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    result = runner.condition(action.extra["expression"], "If")
    chosen, other = ("actions", "else") if result else ("else", "actions")
    for skipped in action.branches[other].walk():
        runner._finish(skipped, SKIPPED)
    status = runner.run_graph(action.branches[chosen], action.name)
    return status, {"expression": result}, {"expression": result}


def _switch(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    value = runner.evaluate(action.extra["expression"])
    chosen = "default"
    for case_name, case_value in action.extra["cases"]:
        if FUNCTIONS["equals"](value, case_value):
            chosen = f"case:{case_name}"
            break
    for key, branch in action.branches.items():
        if key != chosen:
            for skipped in branch.walk():
                runner._finish(skipped, SKIPPED)
    status = runner.run_graph(action.branches[chosen], action.name)
    return status, {"expression": value}, {"expression": value}


def _scope(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    return runner.run_graph(action.branches["actions"], action.name), None, None


def _foreach(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    items = runner.evaluate(action.extra["foreach"])
    if not isinstance(items, list):
        raise ActionFailure(
            "InvalidTemplate",
            f"The 'foreach' of action '{action.name}' must be an array, got '{type_name(items)}'.",
        )
    status = SUCCEEDED
    for index, item in enumerate(items):
        runner.loops.append((action.name, item, index, True))
        try:
            if runner.run_graph(action.branches["actions"], action.name) == FAILED:
                status = FAILED
        finally:
            runner.loops.pop()
    return status, {"foreach": items}, {"iterations": len(items)}


def _until(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    status, count = SUCCEEDED, 0
    limit = max(0, action.extra["count"])
    while count < limit:
        runner.loops.append((action.name, None, count, False))
        try:
            branch = runner.run_graph(action.branches["actions"], action.name)
        finally:
            runner.loops.pop()
        count += 1
        if branch == FAILED:
            status = FAILED
        if runner.condition(action.extra["expression"], "Until"):
            break
    return status, None, {"iterations": count}


def _parse_json(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    content = inputs.get("content") if isinstance(inputs, dict) else None
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except json.JSONDecodeError as err:
            raise ActionFailure(
                "InvalidJSON", f"The content is not valid JSON: {err.msg}."
            ) from err
    validator = action.extra.get("validator")
    if validator is not None:
        from reqres_mock.schema import validate  # noqa: PLC0415

        problems = validate(validator, content)
        if problems:
            raise ActionFailure(
                "ValidationFailed",
                "The schema validation failed. " + " ".join(m for _, m in problems),
                outputs={"errors": [{"path": p, "message": m} for p, m in problems]},
            )
    return SUCCEEDED, inputs, {"body": content}


def _with_items(runner: Runner, source: Any, action: Action) -> list[Any]:
    if not isinstance(source, list):
        raise ActionFailure(
            "InvalidTemplate",
            f"The 'from' of action '{action.name}' must be an array, got '{type_name(source)}'.",
        )
    return source


def _raw_inputs(action: Action) -> dict[str, Any]:
    return action.inputs if isinstance(action.inputs, dict) else {}


def _query(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    raw = _raw_inputs(action)
    items = _with_items(runner, runner.evaluate(raw.get("from")), action)
    kept = []
    for item in items:
        runner.items.append(item)
        try:
            where = runner.evaluate(raw.get("where"))
            if isinstance(where, dict):
                where = runner.condition_object(where)
        finally:
            runner.items.pop()
        if where is True:
            kept.append(item)
    return SUCCEEDED, {"from": items}, {"body": kept}


def _select(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    raw = _raw_inputs(action)
    items = _with_items(runner, runner.evaluate(raw.get("from")), action)
    mapped = []
    for item in items:
        runner.items.append(item)
        try:
            mapped.append(runner.evaluate(raw.get("select")))
        finally:
            runner.items.pop()
    return SUCCEEDED, {"from": items}, {"body": mapped}


def _join(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    items = _with_items(runner, inputs.get("from"), action)
    joined = to_text(inputs.get("joinWith", "")).join(to_text(v) for v in items)
    return SUCCEEDED, inputs, {"body": joined}


def _table(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    raw = _raw_inputs(action)
    items = _with_items(runner, runner.evaluate(raw.get("from")), action)
    form = str(runner.evaluate(raw.get("format", "CSV"))).upper()
    columns = raw.get("columns")
    rows: list[list[str]] = []
    if isinstance(columns, list) and columns:
        headers = [to_text(runner.evaluate(c.get("header"))) for c in columns]
        for item in items:
            runner.items.append(item)
            try:
                rows.append([to_text(runner.evaluate(c.get("value"))) for c in columns])
            finally:
                runner.items.pop()
    else:
        headers = []
        for item in items:
            for key in item if isinstance(item, dict) else []:
                if key not in headers:
                    headers.append(key)
        rows = [[to_text(item.get(h)) for h in headers] for item in items if isinstance(item, dict)]
    if form == "HTML":
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return (
            SUCCEEDED,
            {"from": items},
            {"body": f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"},
        )
    if form != "CSV":
        raise ActionFailure("InvalidTemplate", f"Table format '{form}' is not CSV or HTML.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return SUCCEEDED, {"from": items}, {"body": buffer.getvalue()}


def _terminate(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    status = str(inputs.get("runStatus", "Succeeded")).capitalize()
    if status not in (SUCCEEDED, FAILED, CANCELLED):
        raise ActionFailure("InvalidTemplate", f"runStatus '{status}' is not valid.")
    error = inputs.get("runError") if status == FAILED else None
    runner._finish(action, SUCCEEDED, inputs=inputs)
    raise _Terminated(status, error if isinstance(error, dict) else None)


_ISO_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>[\d.]+)S)?)?"
)
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def _wait(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    seconds = 0.0
    interval = inputs.get("interval") if isinstance(inputs, dict) else None
    until = inputs.get("until") if isinstance(inputs, dict) else None
    if isinstance(interval, dict):
        unit = str(interval.get("unit", "second")).lower().rstrip("s")
        if unit not in _UNIT_SECONDS:
            raise ActionFailure(
                "InvalidTemplate", f"Wait unit '{interval.get('unit')}' is not valid."
            )
        seconds = float(interval.get("count", 0)) * _UNIT_SECONDS[unit]
    elif isinstance(until, dict):
        from reqres_mock.dates import parse_timestamp  # noqa: PLC0415

        target = parse_timestamp("wait", until.get("timestamp"))
        seconds = max(0.0, (target - datetime.now(timezone.utc)).total_seconds())
    else:
        raise ActionFailure("InvalidTemplate", "Wait needs inputs.interval or inputs.until.")
    runner.env.stopping.wait(seconds * runner.env.wait_scale)
    return SUCCEEDED, inputs, None


def _workflow(runner: Runner, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    host = inputs.get("host") if isinstance(inputs, dict) else None
    target = (host or {}).get("workflow", {}).get("id") if isinstance(host, dict) else None
    if not isinstance(target, str) or not target:
        raise ActionFailure("InvalidTemplate", "A Workflow action needs inputs.host.workflow.id.")
    name = target.rstrip("/").split("/")[-1]
    outputs = runner.env.call_workflow(name, inputs.get("body"), dict(inputs.get("headers") or {}))
    failed = int(outputs.get("statusCode", 200)) >= 400
    return (FAILED if failed else SUCCEEDED), inputs, outputs


_HANDLERS: dict[str, Handler] = {
    "response": _response,
    "compose": _compose,
    "initializevariable": _initialize_variable,
    "setvariable": _set_variable,
    "incrementvariable": _step_variable(1),
    "decrementvariable": _step_variable(-1),
    "appendtoarrayvariable": _append("array"),
    "appendtostringvariable": _append("string"),
    "if": _if,
    "switch": _switch,
    "scope": _scope,
    "foreach": _foreach,
    "until": _until,
    "parsejson": _parse_json,
    "query": _query,
    "select": _select,
    "join": _join,
    "table": _table,
    "terminate": _terminate,
    "wait": _wait,
    "workflow": _workflow,
}


# -- workflow functions (trigger(), body(), variables()...) ---------------------------------------


def _result_of(runner: Runner, name: Any) -> ActionResult:
    if not isinstance(name, str) or name not in runner.results:
        raise ExpressionError(
            f"The action '{name}' is referenced but has not run (or does not exist)"
        )
    return runner.results[name]


def _body(runner: Runner, name: Any) -> Any:
    outputs = _result_of(runner, name).outputs
    return outputs.get("body") if isinstance(outputs, dict) and "body" in outputs else outputs


def _form_values(runner: Runner, key: Any) -> list[str]:
    body = runner.env.trigger.get("outputs", {}).get("body")
    pairs = body.get("$formdata", []) if isinstance(body, dict) else []
    return [p["value"] for p in pairs if p.get("key") == key]


def _form_value(runner: Runner, key: Any) -> str:
    values = _form_values(runner, key)
    if len(values) != 1:
        raise ExpressionError(
            f"The template language function 'triggerFormDataValue' expects one value for key "
            f"'{key}', found {len(values)}"
        )
    return values[0]


def _loop(runner: Runner, name: Any, what: str) -> tuple[str, Any, int, bool]:
    for loop in reversed(runner.loops):
        if loop[0] == name:
            found: tuple[str, Any, int, bool] = loop
            return found
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
        raise ExpressionError(f"The variable '{name}' is not initialized")
    return runner.variables[name]


def _parameters(runner: Runner, name: Any) -> Any:
    if name not in runner.env.parameters:
        raise ExpressionError(f"The workflow parameter '{name}' is not found")
    return runner.env.parameters[name]


def _result(runner: Runner, scope: Any) -> list[dict[str, Any]]:
    names = runner.scopes.get(str(scope))
    if names is None:
        raise ExpressionError(f"The scope '{scope}' has not run")
    return [runner.results[n].record() for n in names if n in runner.results]


def _appsetting(runner: Runner, name: Any) -> str:
    if name not in runner.env.app_settings:
        raise ExpressionError(f"The app setting '{name}' is not defined")
    return runner.env.app_settings[name]


def _trigger_outputs(runner: Runner) -> Any:
    return runner.env.trigger.get("outputs")


_WORKFLOW_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "trigger": lambda r: r.env.trigger,
    "triggeroutputs": _trigger_outputs,
    "triggerbody": lambda r: (_trigger_outputs(r) or {}).get("body"),
    "triggerformdatavalue": _form_value,
    "triggerformdatamultivalues": _form_values,
    "triggermultipartbody": lambda r, i: (
        ((_trigger_outputs(r) or {}).get("body") or {}).get("$multipart", [])[i].get("body")
    ),
    "body": _body,
    "actionbody": _body,
    "outputs": lambda r, n: _result_of(r, n).outputs,
    "actionoutputs": lambda r, n: _result_of(r, n).outputs,
    "actions": lambda r, n: _result_of(r, n).record(),
    "variables": _variables,
    "parameters": _parameters,
    "items": lambda r, n: _loop(r, n, "items")[1],
    "item": _item,
    "iterationindexes": lambda r, n: _loop(r, n, "iterationIndexes")[2],
    "result": _result,
    "workflow": lambda r: r.env.workflow,
    "appsetting": _appsetting,
    "listcallbackurl": lambda r: r.env.callback_url,
}


# -- a compiled workflow -----------------------------------------------------------------------


@dataclass
class CompiledWorkflow:
    """A workflow definition ready to run: its action graph and trigger extras.

    :ivar conditions: the trigger's compiled ``conditions`` expressions.
    :ivar client_tracking_id: the trigger's compiled ``correlation.clientTrackingId``.
    """

    graph: Graph
    parameters: dict[str, Any] = field(default_factory=dict)
    app_settings: dict[str, str] = field(default_factory=dict)
    conditions: list[Any] = field(default_factory=list)
    client_tracking_id: Any = None

    @property
    def has_response(self) -> bool:
        return any(a.type == "response" for a in self.graph.walk())

    def run(self, env: RunEnvironment) -> RunOutcome:
        """Run the actions (blocking; the engine calls it in a worker thread)."""
        return Runner(self.graph, env).run()

    def on_trigger(self, compiled: Any, env: RunEnvironment) -> Any:
        """Evaluate a trigger-level expression (conditions, tracking id) before the run."""
        return Runner(Graph({}), env).evaluate(compiled)
