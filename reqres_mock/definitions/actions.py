"""A workflow definition's actions, compiled: the graph, ``runAfter`` rules, and the records
a run leaves behind.

Compiling checks what Logic Apps checks when a workflow is saved (unknown ``runAfter`` targets
or statuses, cycles, a Response inside a loop, a literal status code outside 2xx/4xx/5xx,
expression syntax) and names the JSON pointer of the problem. Running is
:mod:`reqres_mock.definitions.runner`'s job; what each action does is in
:mod:`reqres_mock.definitions.handlers`.
Actions that would reach the cloud (Http, ApiConnection, Function, ...) are stubbed by name or,
for the outbound kinds of :mod:`reqres_mock.definitions.outbound`, by request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.settings import AppSettings
from reqres_mock.errors import DefinitionError, ExpressionError, ReqResError
from reqres_mock.language.templates import compile_value, has_templates
from reqres_mock.language.utf16 import fold_case
from reqres_mock.protocol.headers import new_guid
from reqres_mock.protocol.statuscodes import status_code_name

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from reqres_mock.definitions.webhooks import Webhook
    from reqres_mock.protocol.response import Delivery, Response

SUCCEEDED, FAILED, SKIPPED, TIMED_OUT, CANCELLED = (
    "Succeeded",
    "Failed",
    "Skipped",
    "TimedOut",
    "Cancelled",
)
_STATUSES = {s.lower(): s for s in (SUCCEEDED, FAILED, SKIPPED, TIMED_OUT)}
#: The statuses of an action that started and has not ended, in the live run history only (no
#: ``runAfter`` waits on them, no expression sees them): ``Waiting`` is "a webhook action
#: that's waiting for an inbound request from a caller", ``Running`` any other ("The action is
#: currently running"; Microsoft Learn, "Monitor workflow run status", action statuses:
#: MicrosoftDocs/azure-docs articles/logic-apps/monitor-logic-apps.md).
RUNNING, WAITING = "Running", "Waiting"
IN_PROGRESS = frozenset({RUNNING, WAITING})
#: The loop actions, the control actions (containers of others) and the variable actions.
LOOPS = frozenset({"foreach", "until"})
_CONTROL = LOOPS | {"if", "switch", "scope"}
_VARIABLE = frozenset(
    {
        "initializevariable",
        "setvariable",
        "incrementvariable",
        "decrementvariable",
        "appendtoarrayvariable",
        "appendtostringvariable",
    }
)
#: Action types the mock runs itself; every other type is a cloud action that must be stubbed.
BUILT_IN = (
    _CONTROL
    | _VARIABLE
    | {"response", "compose", "parsejson", "query", "select", "join", "table", "terminate"}
    | {"wait", "workflow", "expression"}
)
#: Built-in actions (lower case) that run inside the Logic Apps runtime and call nothing outside
#: it, but that reqres-mock does not run: a test stubs them by name. Flat files, XML validation
#: and SWIFT need BizTalk-grade schemas; ParseDocument and ChunkText
#: are the AI data operations of Microsoft's template gallery; C# scripts need .NET.
NOT_RUN = frozenset(
    {
        "flatfileencoding",
        "flatfiledecoding",
        "xmlvalidation",
        "swiftmtencode",
        "swiftmtdecode",
        "parsedocument",
        "chunktext",
        "csharpscriptcode",
    }
)
#: Built-in action types that only compute from the run's data: no Wait, no Until (its
#: ``limit.timeout`` is a time budget), no outbound or nested call, no user code. A run made of
#: them alone never waits, so the engine may run it on the caller's own thread.
COMPUTE_ONLY = BUILT_IN - {"until", "wait", "workflow"}
_UNTIL_DEFAULT_COUNT = 60
#: HTTP-based action types whose ``code`` is their reply's status (``NotFound``): Microsoft
#: Learn's ``result()`` example of a failed Http action ("code": "NotFound", no ``error``); a
#: Workflow action's too, its child's Response status (a child answering 400 gives its parent's
#: action code ``BadRequest``, 502 ``BadGateway``: tomdam/flowforger packages/engine/src/
#: child-flow.ts and __tests__/http-child-cloud.test.ts, measured against Power Automate by
#: conformance/flows/child-flow.ff.ts).
STATUS_CODED = frozenset({"http", "apiconnection", "function", "workflow"})
#: Action types the runtime records with code ``NotSpecified``, not ``OK``, when they succeed:
#: the ones the engine itself evaluates (containers, variables, Query and Select). Captured in
#: two real Standard runs saved in Azure/LogicAppsUX (``__mocks__/runs/MonitoringViewConditional/
#: normalState.json``: If, Switch, Scope, InitializeVariable, Increment/DecrementVariable,
#: Query, Select; ``LoopsPager/SuccessRun.json``: Until), which show ``OK`` for Compose,
#: ParseJson, Wait, Http and Response. Foreach, SetVariable, AppendTo*Variable and Terminate as
#: IllogicApps records them (``IllogicApps.Core/LogicAppActions.fs``); no capture shows them.
QUIET_SUCCESS = _CONTROL | _VARIABLE | {"query", "select", "terminate"}


def now() -> str:
    """The current UTC time as run history writes it: ``2024-11-18T22:48:38.4120740Z``."""
    # isoformat is C code; strftime was the costliest step of recording an action.
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")[:26] + "0Z"


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
    start_time: str = field(default_factory=now)
    #: ``None`` while the action runs (a ``Running`` record of the live history).
    end_time: str | None = None
    #: A loop's iteration count in this pass (its ``iterationCount``; ``None`` if it did not run).
    iterations: int | None = None
    #: The action's evaluated ``trackedProperties`` (``None`` when it declares none).
    tracked_properties: dict[str, Any] | None = None
    #: Inside loops: ``(loop name, iteration index)`` from the outermost loop in.
    repetition: tuple[tuple[str, int], ...] = ()
    #: Indexes of the enclosing loops' iterations (outermost first); empty outside loops.
    iteration_indexes: tuple[int, ...] = ()
    #: Inside a loop: each iteration's result; for a loop: each of its own iterations.
    repetitions: list[ActionResult] = field(default_factory=list)
    #: The reply's status of an HTTP-based action (:data:`STATUS_CODED`), which names its code.
    http_status: int | None = None
    #: The host whose .NET names that status (:func:`~reqres_mock.protocol.statuscodes.
    #: status_code_name`).
    flavor: Flavor = Flavor.CONSUMPTION
    #: The run's client tracking id (the trigger's ``clientTrackingId``).
    client_tracking_id: str = ""
    #: The record's own GUID, made when first shown.
    tracking_id: str = ""
    #: A code the run gave the action, which wins over the one its status implies: what a
    #: Terminate ended is ``Terminated``.
    given_code: str | None = None

    @property
    def code(self) -> str:
        """The code the run history shows: an HTTP-based action's reply status by .NET's name
        (``NotFound``, ``Created``), ``OK`` or ``NotSpecified`` by type when it succeeded,
        ``ActionSkipped`` when skipped, else its error's code, but ``BadRequest`` for an
        expression that could not be evaluated (its error stays ``InvalidTemplate``: a real
        run's ``actions('Compose')``, "code": "BadRequest" with "error": {"code":
        "InvalidTemplate", …}, in wyattdave's "Exception Handling in Power Automate", 2023)."""
        if self.given_code is not None:
            return self.given_code
        if self.http_status is not None and self.status in (SUCCEEDED, FAILED):
            return status_code_name(self.http_status, self.flavor)
        if self.status == SUCCEEDED:
            return "NotSpecified" if self.type.lower() in QUIET_SUCCESS else "OK"
        if self.status == SKIPPED:
            return "ActionSkipped"
        if self.error is None:
            return "NotSpecified"
        return "BadRequest" if self.error["code"] == "InvalidTemplate" else self.error["code"]

    def record(self) -> dict[str, Any]:
        """The action's history record, as ``actions()`` and ``result()`` return it: the keys
        and their order of Microsoft Learn's ``result()`` examples (the functions reference and
        "Handle errors and exceptions"): no ``type``, a ``trackingId`` and the run's
        ``clientTrackingId``; ``trackedProperties`` last (LogicAppUnit).

        As the cloud shows it to expressions (tomdam/flowforger ``packages/engine/src/
        action-status.ts``, measured against the cloud in its ``conformance/flows/
        control.ff.ts``): a Scope, If, Switch or loop has no inputs and no outputs, and a code
        ``NotSpecified`` is not shown. The run history (the management API) shows both.
        """
        if not self.tracking_id:
            self.tracking_id = new_guid()
        data: dict[str, Any] = {"name": self.name}
        if self.type.lower() not in _CONTROL:
            if self.inputs is not None:
                data["inputs"] = self.inputs
            if self.outputs is not None:
                data["outputs"] = self.outputs
        data["startTime"] = self.start_time
        data["endTime"] = self.end_time
        data["trackingId"] = self.tracking_id
        data["clientTrackingId"] = self.client_tracking_id
        code = self.code
        if code != "NotSpecified":
            data["code"] = code
        data["status"] = self.status
        if self.error is not None:
            data["error"] = self.error
        if self.tracked_properties is not None:
            data["trackedProperties"] = self.tracked_properties
        return data


def stub_hint(action: Action) -> str:
    """The way out of an action the mock cannot run: stubbing it by name."""
    return f"stub the action with wf.stub_action({action.name!r}, body=...)"


class ActionFailure(ReqResError):
    """An action failed; the run goes on by ``runAfter`` rules."""

    def __init__(
        self,
        code: str,
        message: str,
        outputs: Any = None,
        inputs: Any = None,
        *,
        recorded: bool = True,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.outputs = outputs
        self.inputs = inputs
        #: Whether the history shows ``code`` and ``message`` as the action's ``error``; an
        #: HTTP-based action that got a failing reply has none (its code is the status).
        self.recorded = recorded


#: Where a Parse JSON schema's subschemas are (:func:`has_pattern_keyword`): under these keys
#: as a map of them, a list of them, or one.
_SUBSCHEMA_MAPS = ("properties", "definitions", "dependencies")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "items")
_SUBSCHEMAS = ("items", "additionalItems", "additionalProperties", "not")


def has_pattern_keyword(schema: Any) -> bool:
    """Whether a Parse JSON schema has ``pattern`` or ``patternProperties`` in it, which the
    runtime refuses to run. As a public Power Automate emulator finds them, measured against
    the cloud (tomdam/flowforger ``packages/engine/src/json-schema.ts``,
    ``hasUnsupportedKeyword``, and its ``parse-json.test.ts`` from
    ``conformance/flows/parse-json.ff.ts``): in the schema and every subschema under
    ``properties``, ``definitions``, ``dependencies``, ``allOf``/``anyOf``/``oneOf``,
    ``items``, ``additionalItems``, ``additionalProperties`` and ``not``; a property *named*
    ``pattern`` is no keyword. A real Standard run refused one the same way
    (christopherhouse/Azure-Logic-Apps-X12-AS2-Demo ``.squad/decisions.md``, 2026-07-20)."""
    waiting = [schema]
    while waiting:  # iterative: a schema nested past Python's stack is still only data
        found = waiting.pop()
        if not isinstance(found, dict):
            continue
        if "pattern" in found or "patternProperties" in found:
            return True
        waiting.extend(found.get(key) for key in _SUBSCHEMAS)
        for key in _SUBSCHEMA_MAPS:
            if isinstance(found.get(key), dict):
                waiting.extend(found[key].values())
        for key in _SUBSCHEMA_LISTS:
            if isinstance(found.get(key), list):
                waiting.extend(found[key])
    return False


def response_status(inputs: dict[str, Any]) -> Any:
    """A Response action's ``statusCode``: 200 when left out, digits written as text read as
    a number (any other value is :class:`~reqres_mock.protocol.response.Response`'s to
    refuse)."""
    status = inputs.get("statusCode", 200)
    digits = status.strip() if isinstance(status, str) else ""
    return int(digits) if digits.isascii() and digits.isdigit() else status


def response_outputs(inputs: dict[str, Any], status: Any) -> dict[str, Any]:
    """A Response action's outputs in its record: status, headers and body as given."""
    return {
        "statusCode": status,
        "headers": inputs.get("headers") or {},
        "body": inputs.get("body"),
    }


# -- why an action was skipped -----------------------------------------------------------------
# The runtime's three sentences, each captured word for word in a real Standard run saved in
# Azure/LogicAppsUX (``__mocks__/runs/MonitoringViewConditional/normalState.json``, 2025): the
# action keeps code ``ActionSkipped`` and carries one of these errors.


def run_after_unmet(action: Action, predecessor: str, actual: str) -> dict[str, str]:
    """``ActionConditionFailed``: ``predecessor`` ended with a status ``action`` does not run
    after (the statuses as its ``runAfter`` lists them). Several statuses are joined with ", "
    (a public Power Automate emulator's conformance test, "Expected status values 'Failed,
    Skipped'"; no capture of Logic Apps)."""
    expected = ", ".join(action.run_after[predecessor])
    return {
        "code": "ActionConditionFailed",
        "message": f"The execution of template action '{action.name}' is skipped: the "
        f"'runAfter' condition for action '{predecessor}' is not satisfied. Expected status "
        f"values '{expected}' and actual value '{actual}'.",
    }


def branch_not_taken(action: Action) -> dict[str, str]:
    """``ActionBranchingConditionNotSatisfied``: a first action of an If or Switch branch that
    was not taken (the runtime's sentence has no "is" before "skipped")."""
    return {
        "code": "ActionBranchingConditionNotSatisfied",
        "message": f"The execution of template action '{action.name}' skipped: the branching "
        "condition for this action is not satisfied.",
    }


def container_skipped(
    action: Action, container: str, status: str = SKIPPED, code: str = "ActionSkipped"
) -> dict[str, str]:
    """``ActionDependencyFailed``: a first action inside ``container`` (a Scope, If, Switch
    or loop), which was itself skipped (or failed before it ran what it holds)."""
    return {
        "code": "ActionDependencyFailed",
        "message": f"The execution of template action '{action.name}' is skipped: dependant "
        f"action '{container}' completed with status '{status}' and code '{code}'.",
    }


def inputs_failure(action: str, reason: str) -> str:
    """The runtime's sentence for an action's inputs that cannot be evaluated, at line '0' and
    column '0' as every run since 2021 reports them (pnp/provision-assist-m365#50,
    microsoft/powercat-business-approvals-kit#280, Azure/LogicAppsUX#6595); older Consumption
    runs gave the expression's offset in the saved definition, which the mock does not have."""
    return (
        f"Unable to process template language expressions in action '{action}' inputs at line "
        f"'0' and column '0': '{reason}'."
    )


def expression_failure(action: str, err: ExpressionError) -> str:
    """The runtime's sentence for a condition or Switch expression that cannot be evaluated:
    "Unable to process template language expressions for action 'Condition_3' at line '1' and
    column '3448': 'The template language function 'length' expects its parameter to be an array
    or a string. …'." (Azure/Azure-Sentinel#759; microsoft/coe-starter-kit#10911 in 2026). Those
    runs give the expression's place in the saved definition, which the mock does not have:
    line '0' and column '0' here, as an action's inputs report."""
    return (
        f"Unable to process template language expressions for action '{action}' at line '0' and "
        f"column '0': '{err.message}'."
    )


class Terminated(Exception):
    def __init__(self, status: str, error: dict[str, str] | None) -> None:
        super().__init__(status)
        self.status = status
        self.error = error


# -- what a run needs from outside -------------------------------------------------------------


@dataclass
class RunEnvironment:
    """What the engine gives a running definition.

    :ivar respond: delivers a Response to the caller; says whether it was sent, another one
        was sent already, or the caller's deadline had passed.
    :ivar call_workflow: runs a nested workflow by name: ``(name, body, headers) -> outputs``.
    :ivar stubs: action stubs by name (``wf.stub_action``).
    :ivar stopping: set when the server stops or the run is cancelled (waits end early).
    :ivar wait_scale: multiplies Wait durations and retry intervals (0 skips them).
    :ivar http_stubs: request-matching stubs, the workflow's then the server's, in order.
    :ivar outbound: the run's log of outbound call attempts (``run.outbound``).
    :ivar unstubbed: what answers a call no stub matches: ``"fail"`` or ``"200"``.
    :ivar region: the Azure region in connector URLs.
    :ivar connections: a Standard project's connections.json, resolved.
    :ivar maps: a Standard project's Artifacts/Maps (XSLT, Liquid) texts by file name.
    :ivar flavor: the hosting model the run imitates (which .NET names an HTTP status;
        ``appsetting()`` is Standard's alone).
    """

    trigger: dict[str, Any]
    workflow: dict[str, Any]
    parameters: dict[str, Any]
    app_settings: AppSettings
    respond: Callable[[Response], Delivery]
    call_workflow: Callable[[str, Any, dict[str, str]], dict[str, Any]]
    stubs: Mapping[str, Any]
    stopping: threading.Event
    wait_scale: float = 1.0
    callback_url: str = ""
    connections: Mapping[str, Any] = field(default_factory=dict)
    maps: Mapping[str, str] = field(default_factory=dict)
    flavor: Flavor = Flavor.CONSUMPTION
    #: Called with each action's result as soon as it is known (a live run history): a
    #: ``Running`` record when an action outside loops starts (``Waiting`` once a webhook
    #: action waits for its callback), then the result that replaces it when it ends.
    on_action: Callable[[ActionResult], None] | None = None
    http_stubs: Sequence[Any] = ()
    outbound: list[Any] = field(default_factory=list)
    unstubbed: str = "fail"
    region: str = "westeurope"
    #: Makes the wait of a webhook action (its name, the loop iteration's indexes), with its
    #: callback URL; ``None``: the subscribe call's reply stands for the callback.
    webhook: Callable[[str, tuple[int, ...]], Webhook] | None = None
    #: The headers the runtime adds to an HTTP request of the action named (``x-ms-workflow-*``,
    #: tracking ids; only the non-``x-ms-*`` ones when the flag says the action suppresses
    #: workflow headers); ``None``: none.
    request_headers: Callable[[str, bool], list[tuple[str, str]]] | None = None


@dataclass
class RunOutcome:
    """The end of a run: its status, error, action results and variables."""

    status: str
    error: dict[str, str] | None
    actions: dict[str, ActionResult]
    variables: dict[str, Any]
    #: Whether a Terminate action ended it.
    terminated: bool = False


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
    #: Each predecessor's wanted statuses, as written (in their spelling, each once).
    run_after: dict[str, tuple[str, ...]]
    inputs: Any
    spec: dict[str, Any]
    branches: dict[str, Graph] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def has_option(self, option: str) -> bool:
        """Whether its ``operationOptions`` list ``option`` (in any case)."""
        return option.lower() in _operation_options(self.spec)


class Graph:
    """The actions of one scope (the workflow, a Scope, a branch, a loop body)."""

    def __init__(self, actions: dict[str, Action]) -> None:
        self.actions = actions
        #: Whether two actions may be ready at once (parallel branches).
        self.branched = False
        self.order = self._order()
        #: Each action's index in :attr:`order` (its place in a sequential run).
        self.position = {action.name: index for index, action in enumerate(self.order)}

    def _order(self) -> list[Action]:
        """The actions level by level (those ready together in definition order): the
        order of a run in which no branch waits."""
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
            self.branched = self.branched or len(ready) > 1
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


@dataclass(frozen=True)
class UntilLimit:
    """The largest ``limit.count`` an Until may have, and where that bound comes from."""

    count: int = 5000
    source: str = "Logic Apps' limit"


#: Logic Apps' own bound (the limits page), for a definition outside a Standard project.
DEFAULT_UNTIL = UntilLimit()


def until_count_fits(count: Any, until: UntilLimit) -> bool:
    """Whether ``count`` is an Until ``limit.count`` the bound allows: an integer from 0 to
    ``until.count``."""
    return not isinstance(count, bool) and isinstance(count, int) and 0 <= count <= until.count


#: The deepest level of nesting the runtime accepts; the actions of ``actions`` are level 0
#: ("Allowed nesting depth for actions": 8, Microsoft Learn's Logic Apps limits; the level is
#: counted as the save error counts it, below).
MAX_NESTING_LEVEL = 8


@dataclass(frozen=True)
class _Place:
    """Where the actions being compiled sit: ``level`` blocks deep (0: the definition's own
    ``actions``), directly in the action ``container``, inside the loop ``loop`` (its type,
    lower case) when any."""

    level: int = 0
    loop: str | None = None
    container: str = ""

    def inside(self, action: Action) -> _Place:
        loop = action.type if action.type in LOOPS else self.loop
        return _Place(self.level + 1, loop, action.name)


def compile_graph(
    actions: Any,
    pointer: str,
    *,
    until: UntilLimit = DEFAULT_UNTIL,
    nested: bool = False,
    place: _Place = _Place(),
) -> Graph:
    """Compile an ``actions`` object (``nested``: a branch of a compound action, whose names
    the outermost call checks once, with everything else below it).

    :raises DefinitionError: for unknown runAfter targets or statuses, cycles, invalid
        expressions, an action the runtime refuses where it sits (a Response or Terminate
        inside a loop, nesting past :data:`MAX_NESTING_LEVEL`), or names differing only in
        case — naming the JSON pointer. What the expressions may read is
        :func:`reqres_mock.definitions.saverules.check_saved`'s to check.
    """
    if actions is None:
        return Graph({})
    if not isinstance(actions, dict):
        raise DefinitionError("actions must be an object", pointer=pointer)
    compiled: dict[str, Action] = {}
    for name, spec in actions.items():
        compiled[name] = _compile_action(name, spec, f"{pointer}{_pointer(name)}", place, until)
    for action in compiled.values():
        for predecessor in action.run_after:
            if predecessor not in compiled:
                raise DefinitionError(
                    f"action {action.name!r} runs after {predecessor!r}, which is not an action "
                    f"of the same scope{_case_hint(predecessor, compiled)}",
                    pointer=f"{action.pointer}/runAfter",
                )
    graph = Graph(compiled)
    if not nested:
        _check_names(graph)
    return graph


def _case_hint(name: str, names: Mapping[str, Any]) -> str:
    """A hint naming the action of ``names`` that ``name`` misses by case alone: ``runAfter``
    names its actions exactly (the designer's team: "The actions id's in a workflow are case
    sensitive", Azure/LogicAppsUX issue 7023), unlike an expression's ``body('x')``."""
    near = find_name(names, name)
    return "" if near is None else f" (did you mean {near!r}? runAfter names match exactly)"


def find_name(names: Iterable[str], name: str) -> str | None:
    """The name among ``names`` that a workflow expression's ``name`` means: itself, else the
    one equal to it in any case (``None``: none).

    The runtime looks actions and loops up without case (its dictionaries compare with .NET's
    ``OrdinalIgnoreCase``): Microsoft's own template gallery ships ``items('For_Each')`` inside
    a Foreach named ``For_each`` (Azure/LogicAppsTemplates
    ``vectorize-azurefile-aisearch-request/default/workflow.json``, and the dropbox and sftp
    ``vectorize-*`` templates), and IllogicApps looks action results up lower-cased
    (ScoreUnder/IllogicApps ``IllogicApps.Simulator/Simulator.fs``, ``GetActionResult``).
    Loading refuses two actions whose names differ only in case, so at most one matches.
    """
    if name in names:
        return name
    folded = fold_case(name)
    return next((known for known in names if fold_case(known) == folded), None)


def _check_names(graph: Graph) -> None:
    """Refuse two actions whose names differ only in case, anywhere below ``graph``.

    The runtime looks actions and loops up without case (``items('For_Each')`` finds the
    Foreach ``For_each`` in Microsoft's template gallery, Azure/LogicAppsTemplates
    ``vectorize-azurefile-aisearch-request/default/workflow.json``), so such names are one key
    to it and ``body('x')`` could not tell them apart; saving a definition with a duplicate
    action name fails (Azure/LogicAppsUX issue 2305: the save call answers 400). That the
    runtime refuses names differing only in case is inferred from both; no capture shows it.

    :raises DefinitionError: naming the second action's JSON pointer and the first one.
    """
    seen: dict[str, Action] = {}
    for action in graph.walk():
        first = seen.setdefault(fold_case(action.name), action)
        if first.name != action.name:
            raise DefinitionError(
                f"actions {first.name!r} and {action.name!r} differ only in case; Logic Apps "
                f"matches action names in any case, so rename one (the other is at "
                f"{first.pointer})",
                pointer=action.pointer,
            )


def _compile(value: Any, pointer: str) -> Any:
    try:
        return compile_value(value)
    except ExpressionError as err:
        # the runtime's sentences that quote the expression need no second copy of it
        quoted = bool(err.expression) and f"'{err.expression}'" in err.message
        message = err.message if quoted else str(err)
        raise DefinitionError(message, pointer=_locate(value, pointer)) from err


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
            compile_value({key: None} if isinstance(key, str) else None)
        except ExpressionError:
            return pointer + _pointer(key)  # a property name that is an expression
        try:
            compile_value(item)
        except ExpressionError:
            return _locate(item, pointer + _pointer(key))
    return pointer


def _compile_action(name: str, spec: Any, pointer: str, place: _Place, until: UntilLimit) -> Action:
    if not isinstance(spec, dict):
        raise DefinitionError(f"action {name!r} must be an object", pointer=pointer)
    type_name = str(spec.get("type", ""))
    kind = type_name.lower()
    if not kind:
        raise DefinitionError(f"action {name!r} has no type", pointer=f"{pointer}/type")
    run_after: dict[str, tuple[str, ...]] = {}
    raw_after = spec.get("runAfter") or {}
    if not isinstance(raw_after, dict):
        raise DefinitionError("runAfter must be an object", pointer=f"{pointer}/runAfter")
    for predecessor, statuses in raw_after.items():
        wanted = statuses if isinstance(statuses, list) and statuses else [SUCCEEDED]
        normalised: dict[str, None] = {}
        for status in wanted:
            if str(status).lower() not in _STATUSES:
                raise DefinitionError(
                    f"runAfter status {status!r} is not one of Succeeded, Failed, Skipped, "
                    "TimedOut",
                    pointer=f"{pointer}/runAfter{_pointer(predecessor)}",
                )
            normalised[_STATUSES[str(status).lower()]] = None
        run_after[predecessor] = tuple(normalised)
    if kind in ("response", "terminate") and place.loop is not None:
        # "can't appear inside Foreach and Until loops, including sequential loops" (Microsoft
        # Learn, the workflow actions and triggers reference); refused on save in these words
        # (tomdam/flowforger packages/validator/src/placement.ts, measured against the cloud in
        # conformance/save-rules/placement.mjs)
        raise DefinitionError(
            f"The workflow run action '{name}' has type '{type_name}' that could not be nested "
            f"under an action of type '{place.loop}'.",
            pointer=pointer,
        )
    if kind == "initializevariable" and place.level > 0:
        # refused on save: "Flow save failed with code 'InvalidVariableInitialization' and
        # message 'The variable action 'Initialize_Var_X' of type 'InitializeVariable' cannot be
        # nested in an action of type 'Main_Flow'.'" (a Power Automate user's notes of the
        # refusal, where Main_Flow is the Scope's name); the designer refuses it too
        # (Azure/logicapps#1211)
        raise DefinitionError(
            f"The variable action '{name}' of type '{type_name}' cannot be nested in an action "
            f"of type '{place.container}'.",
            pointer=pointer,
        )
    if place.level > MAX_NESTING_LEVEL:
        # refused on save, naming the outermost action past the limit (the same source)
        raise DefinitionError(
            f"The template actions '{name}' are nested at level '{place.level}' which exceeds "
            f"the maximum nesting limit of '{MAX_NESTING_LEVEL}'",
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
    _compile_children(action, place.inside(action), until)
    if "trackedProperties" in spec:
        tracked = spec["trackedProperties"]
        if not isinstance(tracked, dict):
            raise DefinitionError(
                f"trackedProperties of action {name!r} must be an object",
                pointer=f"{pointer}/trackedProperties",
            )
        action.extra["trackedProperties"] = _compile(tracked, f"{pointer}/trackedProperties")
    if kind == "response":
        _check_literal_status(action)
    if kind == "response" and "operationOptions" in spec:
        options = _operation_options(spec)
        # DisableAsyncPattern is valid on a Response (the schema reference lists it); it
        # changes nothing the caller sees, so it is accepted and has no effect.
        if options - {"asynchronous", "disableasyncpattern", ""}:
            raise DefinitionError(
                f"Response operationOptions {spec['operationOptions']!r}: only 'Asynchronous' "
                "and 'DisableAsyncPattern' exist",
                pointer=f"{pointer}/operationOptions",
            )
        action.extra["asynchronous"] = "asynchronous" in options
    return action


def _check_literal_status(action: Action) -> None:
    status = response_status(action.inputs if isinstance(action.inputs, dict) else {})
    if isinstance(status, int) and not isinstance(status, bool):
        from reqres_mock.protocol.response import Response  # noqa: PLC0415 (avoids an import cycle)

        try:
            Response(status)
        except DefinitionError as err:
            raise DefinitionError(
                err.message, pointer=f"{action.pointer}/inputs/statusCode"
            ) from err


def _compile_children(action: Action, place: _Place, until: UntilLimit) -> None:
    """Compile the branches and expressions that compound actions carry (what they hold sits
    at ``place``)."""
    pointer, spec = action.pointer, action.spec

    def nested(holder: Any, where: str) -> Graph:
        actions = holder.get("actions") if isinstance(holder, dict) else None
        return compile_graph(actions, f"{where}/actions", until=until, nested=True, place=place)

    if action.type in ("scope", "foreach", "until", "if"):
        action.branches["actions"] = nested(spec, pointer)
    if action.type in ("if", "switch", "until"):
        action.extra["expression"] = _compile(spec.get("expression"), f"{pointer}/expression")
    if action.type == "if":
        action.branches["else"] = nested(spec.get("else"), f"{pointer}/else")
    if action.type == "switch":
        cases = spec.get("cases") or {}
        if not isinstance(cases, dict):
            raise DefinitionError("cases must be an object", pointer=f"{pointer}/cases")
        action.extra["cases"] = []
        for case_name, case in cases.items():
            where = f"{pointer}/cases{_pointer(case_name)}"
            if not isinstance(case, dict) or "case" not in case:
                raise DefinitionError("a switch case needs a 'case' value", pointer=where)
            action.branches[f"case:{case_name}"] = nested(case, where)
            action.extra["cases"].append((case_name, case["case"]))
        action.branches["default"] = nested(spec.get("default"), f"{pointer}/default")
    if action.type == "foreach":
        action.extra["foreach"] = _compile(action.spec.get("foreach"), f"{action.pointer}/foreach")
        action.extra["degree"] = _foreach_degree(action)
    if action.type == "until":
        limit = action.spec.get("limit") or {}
        count = limit.get("count", _UNTIL_DEFAULT_COUNT) if isinstance(limit, dict) else None
        if isinstance(limit, dict) and "count" not in limit and until.count < _UNTIL_DEFAULT_COUNT:
            raise DefinitionError(
                f"an Until without limit.count counts to {_UNTIL_DEFAULT_COUNT}, above "
                f"{until.count} ({until.source}); set limit.count",
                pointer=f"{action.pointer}/limit",
            )
        # An expression is the runtime's to evaluate when the Until starts (Microsoft's
        # template gallery ships "count": "@parameters('loopLimit_…')" in
        # Azure/LogicAppsTemplates sync-business-partner-sap-sharepoint-odata and
        # sync-sales-order-sap-blob-storage-odata; the runtime's stack in Azure/logicapps issue
        # 553 checks the limit in FlowRunActionJobCallback.EvaluateActionUntilLimit at run
        # time): loops.run_until checks its value against the same bound.
        compiled = _compile(count, f"{action.pointer}/limit/count")
        if not has_templates(compiled) and not until_count_fits(count, until):
            raise DefinitionError(
                f"Until limit.count must be an integer from 0 to {until.count} ({until.source}), "
                f"got {count!r}",
                pointer=f"{action.pointer}/limit/count",
            )
        action.extra["count"] = compiled
        action.extra["count_bound"] = until
        timeout = limit.get("timeout") if isinstance(limit, dict) else None
        action.extra["timeout"] = _compile(timeout, f"{action.pointer}/limit/timeout")
    if action.type == "parsejson":
        inputs = action.spec.get("inputs")
        schema = inputs.get("schema") if isinstance(inputs, dict) else None
        if isinstance(schema, dict):
            from reqres_mock.protocol.schema import compile_schema  # noqa: PLC0415 (jsonschema is heavy)

            # The schema is an input like any other: the runtime reads it as a template, so the
            # designer writes "@@odata.etag" for a property named @odata.etag (exported
            # definitions in many public repositories). A schema with expressions in it is
            # compiled when the action runs, from its evaluated inputs.
            literal_schema = _compile(schema, f"{action.pointer}/inputs/schema")
            # one with `pattern` anywhere fails when the action runs (ActionSchemaNotSupported):
            # its regular expressions are never compiled, so never refused at load
            if not has_templates(literal_schema) and not has_pattern_keyword(literal_schema):
                action.extra["validator"] = compile_schema(
                    literal_schema, pointer=f"{action.pointer}/inputs/schema"
                )


# -- a compiled workflow -----------------------------------------------------------------------


@dataclass
class CompiledWorkflow:
    """A workflow definition ready to run: its action graph and trigger extras.

    :ivar conditions: the trigger's compiled ``conditions`` expressions.
    :ivar client_tracking_id: the trigger's compiled ``correlation.clientTrackingId``.
    """

    graph: Graph
    parameters: dict[str, Any] = field(default_factory=dict)
    app_settings: AppSettings = field(default_factory=AppSettings)
    conditions: list[Any] = field(default_factory=list)
    client_tracking_id: Any = None
    split_on: Any = None
    connections: dict[str, Any] = field(default_factory=dict)
    maps: dict[str, str] = field(default_factory=dict)

    _has_response: bool = field(init=False, repr=False, compare=False)
    _asynchronous: bool = field(init=False, repr=False, compare=False)
    _inline_names: frozenset[str] | None = field(init=False, repr=False, compare=False)
    _computing_names: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The graph never changes once compiled: what every call asks of it is worked out
        # here, once (not with functools.cached_property: see tests/test_history_cap.py).
        actions = self.graph.walk()
        self._has_response = any(a.type == "response" for a in actions)
        self._asynchronous = (self.split_on is not None and self._has_response) or any(
            a.extra.get("asynchronous") for a in actions
        )
        computing = all(a.type in COMPUTE_ONLY for a in actions)
        self._computing_names = frozenset(a.name for a in actions) if computing else None
        inline = computing and _response_last(self.graph)
        self._inline_names = self._computing_names if inline else None

    @property
    def has_response(self) -> bool:
        return self._has_response

    @property
    def asynchronous(self) -> bool:
        """Whether callers get 202 and poll: a Response with the ``Asynchronous`` option, or
        a ``splitOn`` trigger with a Response (always asynchronous in Logic Apps)."""
        return self._asynchronous

    def runs_inline(self, stubs: Mapping[str, Any]) -> bool:
        """Whether a run can never keep its caller waiting, so it may run on the caller's
        thread: every action is :data:`COMPUTE_ONLY`, none is answered by an action stub (a
        stub callable may block, as tests' stubs do), and no action comes after a Response
        (the reply is not held back by work after it)."""
        names = self._inline_names
        return names is not None and (not stubs or names.isdisjoint(stubs))

    def may_wait(self, stubs: Mapping[str, Any]) -> bool:
        """Whether an action of a run may wait (a Wait, a call, a stub, a nested workflow):
        only then do parallel branches run as strands (:mod:`.strands`)."""
        names = self._computing_names
        return names is None or bool(stubs and not names.isdisjoint(stubs))


#: Iterations of a Foreach that run at the same time by default, and the most it may set
#: (Microsoft's loops article and its limits page: "For each concurrency", 20, 1 to 50).
FOREACH_DEGREE, FOREACH_MAX_DEGREE = 20, 50


def _foreach_degree(action: Action) -> int:
    """How many of a Foreach's iterations run at once: 1 with ``operationOptions``
    ``Sequential``, else ``runtimeConfiguration.concurrency.repetitions`` (default 20)."""
    runtime = action.spec.get("runtimeConfiguration")
    concurrency = runtime.get("concurrency") if isinstance(runtime, dict) else None
    degree = FOREACH_DEGREE
    if isinstance(concurrency, dict) and "repetitions" in concurrency:
        degree = concurrency["repetitions"]
        if isinstance(degree, bool) or not isinstance(degree, int):
            degree = 0  # refused below, with the value as written
        if not 1 <= degree <= FOREACH_MAX_DEGREE:
            raise DefinitionError(
                f"Foreach {action.name!r}: repetitions must be an integer from 1 to "
                f"{FOREACH_MAX_DEGREE}, got {json.dumps(concurrency['repetitions'])}",
                pointer=f"{action.pointer}/runtimeConfiguration/concurrency/repetitions",
            )
    return 1 if "sequential" in _operation_options(action.spec) else degree


def _operation_options(spec: Mapping[str, Any]) -> set[str]:
    """An action's ``operationOptions``, lower case (a comma-separated list)."""
    return {o.strip().lower() for o in str(spec.get("operationOptions") or "").split(",")}


def _response_last(graph: Graph) -> bool:
    """Whether no action runs after a Response of ``graph`` (nor inside the scope, branch or
    case holding one); actions run one at a time in ``graph.order``."""
    answered = False
    for action in graph.order:
        if answered:
            return False
        if action.type == "response":
            answered = True
        elif any(
            a.type == "response" for branch in action.branches.values() for a in branch.walk()
        ):
            if not all(_response_last(branch) for branch in action.branches.values()):
                return False
            answered = True
    return True
