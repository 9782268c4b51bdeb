"""What each built-in action does: ``(context, action) -> (status, inputs, outputs)``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from reqres_mock.definitions.actions import (
    CANCELLED,
    FAILED,
    SUCCEEDED,
    Action,
    ActionFailure,
    Terminated,
    branch_not_taken,
    expression_failure,
    has_pattern_keyword,
    inputs_failure,
    response_outputs,
    response_status,
    stub_hint,
)
from reqres_mock.definitions.context import ActionContext
from reqres_mock.definitions.javascript import run_javascript
from reqres_mock.definitions.liquid import run_liquid
from reqres_mock.definitions.loops import run_foreach, run_until
from reqres_mock.definitions.maps import run_xslt
from reqres_mock.definitions.outbound import OUTBOUND_TYPES
from reqres_mock.definitions.sending import pause, send
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.functions import FUNCTIONS, to_text
from reqres_mock.language.strings import html_encode
from reqres_mock.language.values import CONTENT_TYPE, is_binary
from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json
from reqres_mock.protocol.schema import json_type_name as type_name

_VARIABLE_TYPES = {"integer", "float", "boolean", "string", "array", "object"}
#: What a variable declared without ``value`` starts as (the runtime's defaults; LogicAppUnit's
#: loop-workflow appends to an array declared without a value).
_VARIABLE_DEFAULTS: dict[str, Callable[[], Any]] = {
    "integer": lambda: 0,
    "float": lambda: 0.0,
    "boolean": lambda: False,
    "string": lambda: "",
    "array": list,
    "object": dict,
}


Handler = Callable[[ActionContext, Action], tuple[str, Any, Any]]


def _response(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    from reqres_mock.protocol.response import (  # noqa: PLC0415 (avoids an import cycle)
        RESPONSE_TIMED_OUT,
        Delivery,
        Response,
        late_response_message,
    )

    inputs = runner.evaluate(action.inputs) or {}
    if not isinstance(inputs, dict):
        raise ActionFailure("InvalidTemplate", "Response inputs must be an object")
    status = response_status(inputs)
    outputs = response_outputs(inputs, status)
    try:
        response = Response(status, headers=outputs["headers"], body=outputs["body"])
    except DefinitionError as err:
        raise ActionFailure("InvalidResponse", err.message) from err
    delivery = runner.env.respond(response)
    if delivery is Delivery.ALREADY_SENT:
        raise ActionFailure(
            "ActionResponseAlreadySent",
            "The response for this request was already sent by another Response action.",
        )
    if delivery is Delivery.TOO_LATE:
        raise ActionFailure(RESPONSE_TIMED_OUT, late_response_message(action.name))
    return SUCCEEDED, inputs, outputs


def _compose(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    value = runner.evaluate(action.inputs)
    return SUCCEEDED, value, value


def _variable_inputs(runner: ActionContext, action: Action) -> dict[str, Any]:
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


def _initialize_variable(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
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
        value = variable["value"] if "value" in variable else _VARIABLE_DEFAULTS[kind]()
        runner.variables[name] = _check_type(name, kind, value)
    return SUCCEEDED, inputs, None


def _known(runner: ActionContext, name: str) -> str:
    if name not in runner.variables:
        raise ActionFailure(
            "InvalidVariable",
            f"The variable '{name}' is not initialized; add an "
            "InitializeVariable action before it.",
        )
    return runner.variable_types[name]


def _set_variable(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    inputs = _variable_inputs(runner, action)
    name = inputs["name"]
    runner.variables[name] = _check_type(name, _known(runner, name), inputs.get("value"))
    return SUCCEEDED, inputs, {"body": {"name": name, "value": runner.variables[name]}}


def _step_variable(sign: int) -> Handler:
    def step(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
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
    def append(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
        inputs = _variable_inputs(runner, action)
        name = inputs["name"]
        if _known(runner, name) != kind:
            raise ActionFailure(
                "InvalidVariable", f"The variable '{name}' must be of type '{kind}'."
            )
        value = inputs.get("value")
        if kind == "array" and isinstance(value, list):
            # an array is one value it cannot append: the runtime's sentence as three users'
            # notes quote it from failed runs (Power Automate); the code is the mock's own
            raise ActionFailure(
                "InvalidVariable",
                f"The input value is of type 'Array' which cannot be appended to the variable "
                f"'{name}' of type 'Array'. The action type 'AppendToArrayVariable' only supports "
                "values of types 'Float, Integer, String, Boolean, Object'.",
            )
        if kind == "array":
            runner.variables[name] = [*(runner.variables[name] or []), value]
        else:
            runner.variables[name] = (runner.variables[name] or "") + to_text(value)
        return SUCCEEDED, inputs, {"body": {"name": name, "value": runner.variables[name]}}

    return append


def _run_branch(runner: ActionContext, action: Action, chosen: str) -> str:
    """Run one branch of an If or Switch; every action of the others is Skipped. ``result()``
    of the If or Switch lists them all in the definition's order, the skipped ones too (an If's
    ``[['Then', 'Skipped'], ['Else', 'Succeeded']]``: tomdam/flowforger
    ``packages/engine/src/__tests__``, measured against the cloud in its
    ``conformance/flows/control.ff.ts``)."""
    keys = list(action.branches)
    at = keys.index(chosen)
    for key in keys[:at]:
        runner.skip(action.branches[key], branch_not_taken, scope=action.name)
    try:
        return runner.run_graph(action.branches[chosen], action.name)
    finally:  # also when the branch ended the run (a Terminate): the others did not run
        for key in keys[at + 1 :]:
            runner.skip(action.branches[key], branch_not_taken, scope=action.name)


def _per_item(runner: ActionContext, items: list[Any], compiled: Any) -> list[Any]:
    """Evaluate ``compiled`` once per item, with ``item()`` giving that item."""
    values = []
    for item in items:
        runner.items.append(item)
        try:
            values.append(runner.evaluate(compiled))
        finally:
            runner.items.pop()
    return values


def _if(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    result = runner.condition(action.extra["expression"], "If", action.name)
    status = _run_branch(runner, action, "actions" if result else "else")
    # inputs only, as "expressionResult" (LogicAppsUX logicAppsV2.ts TraceExpressionRecord: "for
    # If and Switch scopes … the 'expressionResult' value"; the captured If and Switch of
    # __mocks__/runs/MonitoringViewConditional/normalState.json have an inputsLink and no
    # outputsLink)
    return status, {"expressionResult": result}, None


def _switch(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    try:
        value = runner.evaluate(action.extra["expression"])
    except ExpressionError as err:
        raise ActionFailure("InvalidTemplate", expression_failure(action.name, err)) from err
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        # A Switch compares a string or an integer; anything else (a missing property's null)
        # fails it and skips every branch, naming it (a public Power Automate emulator's
        # conformance test, measured against the cloud: "… It is of type 'Null' but is
        # expected to be a value of type 'String, Integer'."; no Logic Apps capture).
        code = "ExpressionEvaluationFailed"
        runner.skip_held(action, FAILED, code)
        raise ActionFailure(
            code,
            f"The execution of template action '{action.name}' failed: The result of the "
            f"evaluation of 'scope' action expression '{action.spec.get('expression')}' is not "
            f"valid. It is of type '{type_name(value)}' but is expected to be a value of type "
            "'String, Integer'.",
        )
    inputs = {"expressionResult": value}  # as an If's
    kind = type_name(value)
    for _, case_value in action.extra["cases"]:
        if type_name(case_value) != kind:
            _fail_every_branch(runner, action, kind, type_name(case_value))
            raise ActionFailure(
                "ActionFailed", "An action failed. No dependent actions succeeded.", inputs=inputs
            )
    chosen = "default"
    for case_name, case_value in action.extra["cases"]:
        if FUNCTIONS["equals"](value, case_value):
            chosen = f"case:{case_name}"
            break
    status = _run_branch(runner, action, chosen)
    return status, inputs, None


def _fail_every_branch(runner: ActionContext, action: Action, kind: str, case_kind: str) -> None:
    """A Switch with a case of another type than its value: the runtime compares them with the
    type-strict ``strongEquals``, which throws, so every action of every branch fails (code
    ``InternalServerError``) and what they hold is skipped (tomdam/flowforger
    ``packages/engine/src/action-status.ts`` ``switchCaseTypeMismatch``, its test "fails every
    branch action when a case value has another type than the expression" measured against the
    cloud in ``conformance/flows/control.ff.ts``; no Logic Apps capture)."""
    code = "InternalServerError"
    for branch in action.branches.values():
        runner.list_in(action.name, branch)
        for nested in branch.order:
            runner.finish(
                nested,
                FAILED,
                code=code,
                error={
                    "code": "ActionConditionFailed",
                    "message": f"The execution of template action '{nested.name}' failed: an "
                    "unexpected exception encountered when evaluating branching condition. "
                    "'Template language function 'strongEquals' expects parameters of same "
                    f"type, but found '{kind},{case_kind}' distinct types.'",
                },
            )
            runner.skip_held(nested, FAILED, code)


def _scope(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    return runner.run_graph(action.branches["actions"], action.name), None, None


def _parse_json(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    content = inputs.get("content") if isinstance(inputs, dict) else None
    if content is None or content == "":
        # a real run's error (Azure/LogicAppsUX#6595: "Unable to process template language
        # expressions in action 'Parse_alert_body' inputs at line '0' and column '0':
        # 'Required property 'content' expects a value but got null. Path ''.'"); empty text
        # fails the same way (tomdam/flowforger packages/engine/src/__tests__/parse-json.test.ts,
        # measured against the cloud in its conformance/flows/parse-json.ff.ts; blank text is
        # content, read as null)
        raise ActionFailure(
            "InvalidTemplate",
            inputs_failure(
                action.name, "Required property 'content' expects a value but got null. Path ''."
            ),
        )
    schema = inputs.get("schema") if isinstance(inputs, dict) else None
    if has_pattern_keyword(schema):
        # a real Standard run (christopherhouse/Azure-Logic-Apps-X12-AS2-Demo
        # .squad/decisions.md) and the cloud as tomdam/flowforger measured it
        # (packages/engine/src/parse-json.ts): the action fails, whatever its content
        raise ActionFailure(
            "ActionSchemaNotSupported",
            "The 'schema' property of action 'ParseJson' inputs contains 'pattern' or "
            "'patternProperties' properties. 'Pattern' or 'patternProperties' properties are "
            "not supported in the action json schema.",
        )
    if is_binary(content):
        binary_type = content[CONTENT_TYPE]
        # binary content is no JSON, whatever its type, application/json included (tomdam/
        # flowforger packages/engine/src/parse-json.ts and expr/values.ts isBinaryContent,
        # measured against the cloud; real runs: microsoft/coe-starter-kit#3061, "… but was of
        # type 'application/octet-stream'.")
        raise ActionFailure(
            "BadRequest",
            "The property 'content' must be of type JSON in the 'ParseJson' action inputs, but "
            f"was of type '{binary_type}'.",
        )
    if isinstance(content, str):
        try:
            # the first value, whatever follows it ('{} x' is {}): tomdam/flowforger
            # packages/engine/src/__tests__/parse-json.test.ts, measured against the cloud
            content = read_json(content, check_additional_content=False)
        except JsonReadError as err:
            # the runtime's sentence around its parser's reason, without the value since 2022
            # at the latest (nicolonsky/AzureADGuestReview#4, a Consumption run: "InvalidJSON.
            # The 'content' property of actions of type 'ParseJson' must be valid JSON. The
            # provided value cannot be parsed: 'Unexpected character encountered while parsing
            # value: <. Path '', line 0, position 0.'."; tomdam/flowforger parse-json.ts, measured
            # against the cloud). A 2019 run quoted the value (MicrosoftDocs/azure-docs#24350:
            # "The provided value 'Body' cannot be parsed: …").
            raise ActionFailure(
                "InvalidJSON",
                "The 'content' property of actions of type 'ParseJson' must be valid JSON. The "
                f"provided value cannot be parsed: '{err.reason}'.",
            ) from err
    validator = action.extra.get("validator")
    if validator is None and isinstance(schema, dict):
        from reqres_mock.protocol.schema import compile_schema  # noqa: PLC0415

        try:  # a schema built by expressions: known only now
            validator = compile_schema(schema, pointer=f"{action.pointer}/inputs/schema")
        except DefinitionError as err:
            raise ActionFailure("InvalidTemplate", err.message, inputs=inputs) from err
    if validator is not None:
        from reqres_mock.protocol.schema import problems  # noqa: PLC0415

        found = problems(validator, content)
        if found:
            # the details are in the outputs only ("Show raw outputs": LogicAppsUX#6060); each
            # is Newtonsoft.Json.Schema's ValidationError (Azure/logicapps#817)
            raise ActionFailure(
                "ValidationFailed",
                "The schema validation failed.",
                outputs={"errors": [problem.to_json() for problem in found]},
            )
    return SUCCEEDED, inputs, {"body": content}


def _with_items(runner: ActionContext, source: Any, action: Action) -> list[Any]:
    if not isinstance(source, list):
        raise ActionFailure(
            "InvalidTemplate",
            f"The 'from' of action '{action.name}' must be an array, got '{type_name(source)}'.",
        )
    return source


def _raw_inputs(action: Action) -> dict[str, Any]:
    return action.inputs if isinstance(action.inputs, dict) else {}


def _query(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    raw = _raw_inputs(action)
    items = _with_items(runner, runner.evaluate(raw.get("from")), action)
    try:
        wheres = _per_item(runner, items, raw.get("where"))
    except ExpressionError as err:
        # microsoft/powercat-business-approvals-kit#218 (a real run): "The execution of template
        # action 'Evaluate_Each_Condition' failed: The evaluation of 'query' action 'where'
        # expression '…' failed: '<the expression's error>'."
        written = (action.spec.get("inputs") or {}).get("where")
        shown = written if isinstance(written, str) else json.dumps(written, ensure_ascii=False)
        raise ActionFailure(
            "InvalidTemplate",
            f"The execution of template action '{action.name}' failed: The evaluation of "
            f"'query' action 'where' expression '{shown}' failed: '{err.message}'.",
        ) from err
    kept = [
        item
        for item, where in zip(items, wheres, strict=True)
        if (runner.condition_object(where) if isinstance(where, dict) else where) is True
    ]
    return SUCCEEDED, {"from": items}, {"body": kept}


def _select(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    raw = _raw_inputs(action)
    items = _with_items(runner, runner.evaluate(raw.get("from")), action)
    return SUCCEEDED, {"from": items}, {"body": _per_item(runner, items, raw.get("select"))}


def _join(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    items = _with_items(runner, inputs.get("from"), action)
    joined = to_text(inputs.get("joinWith", "")).join(to_text(v) for v in items)
    return SUCCEEDED, inputs, {"body": joined}


def _csv_field(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if _CSV_QUOTED.search(text) else text


_CSV_QUOTED = re.compile('[",\r\n]')


def _table(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """Create CSV/HTML table as the cloud writes it, measured by a public Power Automate
    emulator (tomdam/flowforger ``packages/engine/src/table.ts`` and its ``__tests__/
    table.test.ts``, from ``conformance/flows/tables.ff.ts``): automatic columns are every key
    of every row in order of first appearance; CSV quotes a field only when it holds ``"``,
    ``,``, CR or LF and ends every line with CRLF; HTML encodes headers and cells with
    ``WebUtility.HtmlEncode``; automatic columns over no rows give ``""`` or
    ``<table><tbody></tbody></table>``."""
    raw = _raw_inputs(action)
    items = runner.evaluate(raw.get("from"))
    if not isinstance(items, list):
        raise ActionFailure(
            "BadRequest",
            f"The 'from' property value in the 'table' action inputs is of type "
            f"'{type_name(items)}'. The value must be of type 'Array'.",
        )
    form = str(runner.evaluate(raw.get("format", "CSV"))).upper()
    columns = raw.get("columns")
    rows: list[list[str]] = []
    if isinstance(columns, list) and not all(isinstance(c, dict) for c in columns):
        raise ActionFailure(  # the mock's words: no capture of the runtime's
            "BadRequest",
            "The 'columns' property value in the 'table' action inputs must be an array of "
            "objects with a 'header' and a 'value'.",
        )
    if isinstance(columns, list) and columns:
        headers = [to_text(runner.evaluate(c.get("header"))) for c in columns]
        cells = [c.get("value") for c in columns]
        rows = [[to_text(v) for v in row] for row in _per_item(runner, items, cells)]
    else:
        if not all(isinstance(item, dict) for item in items):
            raise ActionFailure(
                "BadRequest",
                "The property 'columns' must be specified unless the 'from' property value is "
                "an array of objects.",
            )
        headers = []
        for item in items:
            headers.extend(key for key in item if key not in headers)
        rows = [[to_text(item.get(h)) for h in headers] for item in items]
    if form == "HTML":
        if not headers:
            return SUCCEEDED, {"from": items}, {"body": "<table><tbody></tbody></table>"}
        head = "".join(f"<th>{html_encode(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html_encode(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return (
            SUCCEEDED,
            {"from": items},
            {"body": f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"},
        )
    if form != "CSV":
        raise ActionFailure("InvalidTemplate", f"Table format '{form}' is not CSV or HTML.")
    lines = [headers, *rows] if headers else []
    text = "".join(",".join(_csv_field(cell) for cell in line) + "\r\n" for line in lines)
    return SUCCEEDED, {"from": items}, {"body": text}


def _terminate(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.evaluate(action.inputs) or {}
    status = str(inputs.get("runStatus", "Succeeded")).capitalize()
    if status not in (SUCCEEDED, FAILED, CANCELLED):
        raise ActionFailure("InvalidTemplate", f"runStatus '{status}' is not valid.")
    error = inputs.get("runError") if status == FAILED else None
    runner.finish(action, SUCCEEDED, inputs=inputs)
    raise Terminated(status, error if isinstance(error, dict) else None)


_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def _wait(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    inputs = runner.action_inputs(action) or {}  # shown on the Running record while it waits
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
        from reqres_mock.language.datetimes import parse_timestamp  # noqa: PLC0415

        target = parse_timestamp("wait", until.get("timestamp"))
        seconds = max(0.0, (target - datetime.now(timezone.utc)).total_seconds())
    else:
        raise ActionFailure("InvalidTemplate", "Wait needs inputs.interval or inputs.until.")
    pause(runner.env, seconds)
    return SUCCEEDED, inputs, None


#: The Date Time built-in actions (``type: Expression``) by ``kind``: the workflow function
#: each stands for and the inputs that are its arguments, ``formatString`` last when given
#: (learn.microsoft.com/azure/connectors/built-in, "Date Time"; the definition shape and
#: ``body('Convert_time_zone')`` as the result: published workflows such as
#: ronaldbosma/track-availability-in-app-insights, whose Automated Test SDK tests run
#: ``Start_time`` (kind CurrentTime) in the real engine).
DATE_TIME_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "currenttime": ("utcnow", ()),
    "addtotime": ("addtotime", ("baseTime", "interval", "timeUnit")),
    "subtractfromtime": ("subtractfromtime", ("baseTime", "interval", "timeUnit")),
    "getfuturetime": ("getfuturetime", ("interval", "timeUnit")),
    "getpasttime": ("getpasttime", ("interval", "timeUnit")),
    "converttimezone": ("converttimezone", ("baseTime", "sourceTimeZone", "destinationTimeZone")),
}


def _date_time(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """A Date Time action: its workflow function of the evaluated inputs, as ``body``."""
    kind = str(action.spec.get("kind", ""))
    if kind.lower() not in DATE_TIME_KINDS:
        known = ", ".join(sorted(DATE_TIME_KINDS))
        raise ActionFailure(
            "InvalidTemplate",
            f"The Expression action kind '{kind}' is not one reqres-mock runs ({known}); "
            f"{stub_hint(action)}.",
        )
    inputs = runner.evaluate(action.inputs) or {}
    if not isinstance(inputs, dict):
        raise ActionFailure("InvalidTemplate", "A Date Time action's inputs must be an object.")
    function, names = DATE_TIME_KINDS[kind.lower()]
    arguments = [inputs.get(name) for name in names]
    if inputs.get("formatString") is not None:
        arguments.append(inputs["formatString"])
    try:
        body = FUNCTIONS[function](*arguments)
    except ExpressionError as err:
        raise ActionFailure("InvalidTemplate", err.message, inputs=inputs) from err
    return SUCCEEDED, inputs, {"body": body}


HANDLERS: dict[str, Handler] = {
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
    "foreach": run_foreach,
    "until": run_until,
    "parsejson": _parse_json,
    "query": _query,
    "select": _select,
    "join": _join,
    "table": _table,
    "terminate": _terminate,
    "wait": _wait,
    "expression": _date_time,
    "xslt": run_xslt,
    "liquid": run_liquid,
    "javascriptcode": run_javascript,
    **dict.fromkeys(OUTBOUND_TYPES, send),  # Http, connectors, functions, Workflow
}
