"""One run of a compiled definition: actions in ``runAfter`` order, and the run's expression
context (``trigger()``, ``body()``, ``variables()``, ``items()``...).

A run's status follows Logic Apps' rule: it fails when an action failed and no action that runs
after it (``runAfter`` on ``Failed``) handled it; a Terminate action sets it outright.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reqres_mock.definitions.actions import (
    CANCELLED,
    FAILED,
    SKIPPED,
    SUCCEEDED,
    TIMED_OUT,
    Action,
    ActionFailure,
    ActionResult,
    CompiledWorkflow,
    Graph,
    RunEnvironment,
    RunOutcome,
    Terminated,
    now,
)
from reqres_mock.definitions.handlers import HANDLERS
from reqres_mock.errors import ExpressionError
from reqres_mock.language.expressions import evaluate_value
from reqres_mock.language.functions import FUNCTIONS
from reqres_mock.protocol.schema import json_type_name as type_name


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
        except Terminated as stop:
            status, error = stop.status, stop.error
        return RunOutcome(status, error, self.results, self.variables)

    def run_graph(self, graph: Graph, scope: str | None) -> str:
        """Run every action of a scope; its status by Logic Apps' rule (an unhandled failure
        fails it)."""
        if scope is not None:
            self.scopes[scope] = list(graph.actions)
        for action in graph.order:
            if self.env.stopping.is_set():
                self.finish(
                    action,
                    CANCELLED,
                    error={"code": "Cancelled", "message": "The mock server stopped."},
                )
                continue
            if all(self.results[p].status in wanted for p, wanted in action.run_after.items()):
                self.run_action(action)
            else:
                self.finish(action, SKIPPED)
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

    def finish(
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
        result.end_time = now()
        self.results[action.name] = result
        return result

    def run_action(self, action: Action) -> None:
        start = now()
        inputs: Any = None
        try:
            message = "An action failed. No dependent actions succeeded."
            if action.name in self.env.stubs:
                inputs = self.evaluate(action.inputs)
                status, outputs = _run_stub(action, self.env.stubs[action.name], inputs)
                message = (
                    f"The stub of action '{action.name}' answered {outputs.get('statusCode')}."
                )
            else:
                handler = HANDLERS.get(action.type)
                if handler is None:
                    raise ActionFailure(
                        "ActionNotStubbed",
                        f"Action '{action.name}' of type '{action.type_name}' would call out of "
                        f"the mock; stub it in the test with wf.stub_action('{action.name}', "
                        "status=200, body=...)",
                    )
                status, inputs, outputs = handler(self, action)
            self.finish(
                action,
                status,
                inputs=inputs,
                outputs=outputs,
                start=start,
                error=None if status == SUCCEEDED else {"code": "ActionFailed", "message": message},
            )
        except ExpressionError as err:
            self.finish(
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
            self.finish(
                action,
                FAILED,
                inputs=inputs,
                outputs=failure.outputs,
                start=start,
                error={"code": failure.code, "message": failure.message},
            )
        except Terminated:
            self.finish(action, SUCCEEDED, inputs=inputs, start=start)
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


def run_workflow(compiled: CompiledWorkflow, env: RunEnvironment) -> RunOutcome:
    """Run a compiled definition's actions (blocking; the engine calls it in a worker thread)."""
    return Runner(compiled.graph, env).run()


def evaluate_on_trigger(compiled: Any, env: RunEnvironment) -> Any:
    """Evaluate a trigger-level expression (conditions, tracking id, splitOn) before the run."""
    return Runner(Graph({}), env).evaluate(compiled)
