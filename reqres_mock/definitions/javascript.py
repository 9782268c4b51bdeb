"""Inline code actions (``type: JavaScriptCode``) run in an embedded V8 (``mini-racer``), an
optional extra: ``pip install 'reqres-mock[javascript]'``.

The code sees the object the runtime provides, ``workflowContext``: ``workflow.name``,
``trigger`` (``name``, ``outputs``) and ``actions`` (each action that ran: ``name``, ``status``,
``inputs``, ``outputs``), and what it returns is the action's ``outputs.body``
(learn.microsoft.com/azure/logic-apps/add-run-javascript). A thrown error, or a script that
runs longer than the runtime's limit, fails the action. Without the extra the action fails with
``MissingExtra`` and can be stubbed by name (``wf.stub_action``); C# script actions
(``CSharpScriptCode``) are always stubbed by name.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure

if TYPE_CHECKING:
    from reqres_mock.definitions.context import ActionContext

#: Seconds a script may run (the documented limit for inline code).
SCRIPT_TIMEOUT = 5.0


def workflow_context(runner: ActionContext) -> dict[str, Any]:
    """The ``workflowContext`` object of the run so far."""
    trigger = runner.env.trigger
    return {
        "workflow": {"name": runner.env.workflow.get("name")},
        "trigger": {"name": trigger.get("name"), "outputs": trigger.get("outputs")},
        "actions": {
            name: {
                "name": name,
                "status": result.status,
                "inputs": result.inputs,
                "outputs": result.outputs,
            }
            for name, result in runner.results.items()
        },
    }


def run_javascript(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The ``JavaScriptCode`` action."""
    inputs = runner.evaluate(action.inputs) or {}
    code = inputs.get("code") if isinstance(inputs, dict) else None
    if not isinstance(code, str):
        raise ActionFailure("InvalidTemplate", "A JavaScriptCode action needs inputs.code.")
    try:
        from py_mini_racer import MiniRacer  # noqa: PLC0415 (optional extra)
    except ImportError as err:
        raise ActionFailure(
            "MissingExtra",
            "Inline JavaScript runs in mini-racer: install it with pip install "
            "'reqres-mock[javascript]', or stub the action by name with wf.stub_action(...)",
        ) from err
    context = json.dumps(workflow_context(runner))
    script = (
        "(function () { const __r = (function (workflowContext) {\n"
        f"{code}\n"
        f"}})({context}); return __r === undefined ? 'null' : JSON.stringify(__r); }})()"
    )
    engine = MiniRacer()
    try:
        result = engine.eval(script, timeout_sec=SCRIPT_TIMEOUT)
    except Exception as err:  # mini-racer raises JSEvalException, JSTimeoutException...
        message = str(err).strip().splitlines()
        raise ActionFailure(
            "InlineCodeScriptRuntimeFailure",
            f"The inline code failed: {message[0] if message else type(err).__name__}",
        ) from err
    finally:
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    return SUCCEEDED, inputs, {"body": json.loads(str(result))}
