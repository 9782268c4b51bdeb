"""Loading the workflow definitions people export from Azure.

Three shapes are recognised: a Logic Apps Standard ``workflow.json`` (``{"definition": ...}``),
a bare workflow definition (``{"triggers": ..., "actions": ...}``), and an ARM template holding
``Microsoft.Logic/workflows`` resources. Actions and expressions are compiled when the file is
loaded, so a syntax error is a :class:`DefinitionError` naming the file and JSON pointer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import CompiledWorkflow, compile_graph
from reqres_mock.engine.workflow import Workflow
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.expressions import parse as parse_expression
from reqres_mock.language.templates import compile_value, has_templates, is_template
from reqres_mock.protocol.response import Response
from reqres_mock.protocol.trigger import RequestTrigger

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reqres_mock.engine.pipeline import Engine

_WORKFLOW_TYPE = "microsoft.logic/workflows"


def _pointer(*parts: object) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def read_json(path: Path) -> Any:
    """Parse a JSON file (a UTF-8 BOM is allowed).

    :raises DefinitionError: when the file is missing or is not JSON, with line and column.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise DefinitionError(
            f"cannot read the file: {err.strerror or err}", path=str(path)
        ) from err
    except UnicodeDecodeError as err:
        raise DefinitionError(f"the file is not UTF-8 text: {err}", path=str(path)) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DefinitionError(
            f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}", path=str(path)
        ) from err
    except RecursionError as err:
        raise DefinitionError(
            "the JSON nests too deeply to be a definition", path=str(path)
        ) from err


def detect_shape(document: Any) -> str | None:
    """``"arm"``, ``"standard"``, ``"definition"``, or ``None`` when it is not a workflow."""
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("resources"), list) and any(
        isinstance(r, dict) and str(r.get("type", "")).lower() == _WORKFLOW_TYPE
        for r in document["resources"]
    ):
        return "arm"
    if isinstance(document.get("definition"), dict):
        return "standard"
    if isinstance(document.get("triggers"), dict):
        return "definition"
    return None


def _find_expression(value: Any, pointer: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        return (pointer, value) if is_template(value) else None
    if isinstance(value, dict):
        items: Iterator[tuple[Any, Any]] = iter(value.items())
    elif isinstance(value, list):
        items = iter(enumerate(value))
    else:
        return None
    for key, item in items:
        found = _find_expression(item, pointer + _pointer(key))
        if found:
            return found
    return None


def _literal(value: Any, pointer: str, source: str) -> Any:
    """``value`` with ``@@`` escapes undone.

    :raises DefinitionError: when it holds an expression (trigger inputs must be literal).
    """
    found = _find_expression(value, pointer)
    if found is not None:
        where, expression = found
        raise DefinitionError(
            f"expression {expression[:80]!r}: the Request trigger's inputs (method, "
            "relativePath, schema) must be literal values",
            path=source,
            pointer=where,
        )
    return compile_value(value)


class _Reader:
    """Turns one definition object into a :class:`Workflow`."""

    def __init__(
        self,
        engine: Engine,
        source: str,
        base: str,
        parameters: dict[str, Any],
        app_settings: dict[str, str],
    ) -> None:
        self.engine = engine
        self.source = source
        self.base = base
        self.parameters = parameters
        self.app_settings = app_settings

    def fail(self, message: str, *parts: object) -> DefinitionError:
        return DefinitionError(message, path=self.source, pointer=self.base + _pointer(*parts))

    def rebase(self, err: DefinitionError) -> DefinitionError:
        return DefinitionError(
            err.message, path=self.source, pointer=self.base + (err.pointer or "")
        )

    def workflow(self, name: str, definition: Any, flavor: Flavor, *, enabled: bool) -> Workflow:
        if not isinstance(definition, dict):
            raise self.fail("a workflow definition must be a JSON object")
        trigger, extras = self.trigger(definition.get("triggers"))
        try:
            graph = compile_graph(definition.get("actions"), "/actions")
        except DefinitionError as err:
            raise self.rebase(err) from err
        compiled = CompiledWorkflow(
            graph=graph,
            parameters=self.workflow_parameters(definition.get("parameters")),
            app_settings=dict(self.app_settings),
            conditions=extras["conditions"],
            client_tracking_id=extras["tracking"],
            split_on=extras["split_on"],
        )
        try:
            response: Response | CompiledWorkflow | None = _static_response(compiled)
        except DefinitionError as err:
            raise self.rebase(err) from err
        if response is None and (
            graph.actions or compiled.conditions or extras["tracking"] or extras["split_on"]
        ):
            response = compiled
        try:
            return Workflow(
                self.engine,
                name,
                trigger,
                response,
                flavor=flavor,
                enabled=enabled,
                source=self.source,
            )
        except DefinitionError as err:
            raise DefinitionError(err.message, path=self.source, pointer=self.base) from err

    def workflow_parameters(self, declared: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if isinstance(declared, dict):
            for key, spec in declared.items():
                if isinstance(spec, dict) and "defaultValue" in spec:
                    values[key] = spec["defaultValue"]
                if key in self.parameters:
                    values[key] = self.parameters[key]
        return values

    def trigger(self, triggers: Any) -> tuple[RequestTrigger, dict[str, Any]]:
        if not isinstance(triggers, dict) or not triggers:
            raise self.fail("the definition has no triggers; add a Request trigger", "triggers")
        if len(triggers) != 1:
            raise self.fail(
                f"a workflow has exactly one trigger, this one has {len(triggers)}", "triggers"
            )
        name, spec = next(iter(triggers.items()))
        if not isinstance(spec, dict) or str(spec.get("type", "")).lower() != "request":
            kind = spec.get("type") if isinstance(spec, dict) else spec
            raise self.fail(
                f"trigger {name!r} has type {kind!r}; reqres-mock serves Request triggers "
                "(type 'Request', kind 'Http')",
                "triggers",
                name,
                "type",
            )
        inputs = spec.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise self.fail("trigger inputs must be an object", "triggers", name, "inputs")
        pointer = self.base + _pointer("triggers", name)
        inputs = _literal(inputs, pointer + "/inputs", self.source)
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

    def expression(self, value: Any, *parts: object) -> Any:
        try:
            return compile_value(value)
        except ExpressionError as err:
            raise self.fail(str(err), *parts) from err


def _static_response(compiled: CompiledWorkflow) -> Response | None:
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
    status = inputs.get("statusCode", 200)
    if isinstance(status, str) and status.strip().isdigit():
        status = int(status)
    try:
        return Response(
            status,
            headers=inputs.get("headers") or {},
            body=inputs.get("body"),
            asynchronous=bool(action.extra.get("asynchronous")),
        )
    except DefinitionError as err:
        raise DefinitionError(
            err.message, pointer=f"{action.pointer}/inputs{err.pointer or ''}"
        ) from err


class _ArmContext:
    """ARM template functions for ``[...]`` expressions in a template's resources."""

    def __init__(self, template: dict[str, Any], given: dict[str, Any], source: str) -> None:
        self.template = template
        self.given = given
        self.source = source

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        if name == "parameters" and len(args) == 1:
            key = str(args[0])
            if key in self.given:
                return self.given[key]
            spec = (self.template.get("parameters") or {}).get(key)
            if isinstance(spec, dict) and "defaultValue" in spec:
                return resolve_arm(spec["defaultValue"], self, _pointer("parameters", key))
            raise DefinitionError(
                f"ARM parameter {key!r} has no defaultValue; give it with "
                f"parameters={{{key!r}: ...}} (CLI: --param NAME=VALUE)",
                path=self.source,
                pointer=_pointer("parameters", key),
            )
        if name == "variables" and len(args) == 1:
            key = str(args[0])
            variables = self.template.get("variables") or {}
            if key not in variables:
                raise DefinitionError(f"ARM variable {key!r} is not defined", path=self.source)
            return resolve_arm(variables[key], self, _pointer("variables", key))
        if name == "resourceid" and len(args) >= 2:
            kind, *names = (str(a) for a in args)
            return (
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/reqres-mock"
                f"/providers/{kind}/{'/'.join(names)}"
            )
        if name == "resourcegroup" and not args:
            return {
                "name": "reqres-mock",
                "location": "westeurope",
                "id": "/resourceGroups/reqres-mock",
            }
        if name == "subscription" and not args:
            return {"subscriptionId": "00000000-0000-0000-0000-000000000000"}
        raise KeyError(name)


def resolve_arm(value: Any, context: _ArmContext, pointer: str) -> Any:
    """``value`` with ARM ``[...]`` expressions evaluated (``[[`` escapes a literal ``[``).

    :raises DefinitionError: for an ARM expression that cannot be evaluated.
    """
    if isinstance(value, str):
        if value.startswith("[[") or not (value.startswith("[") and value.endswith("]")):
            return value[1:] if value.startswith("[[") else value
        try:
            return parse_expression(value[1:-1]).evaluate(context)
        except (ExpressionError, KeyError) as err:
            raise DefinitionError(
                f"ARM expression {value!r} cannot be evaluated by reqres-mock ({err}); "
                "supported: parameters, variables, resourceId, concat and the string functions",
                path=context.source,
                pointer=pointer,
            ) from err
    if isinstance(value, dict):
        return {k: resolve_arm(v, context, pointer + _pointer(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_arm(v, context, pointer + _pointer(i)) for i, v in enumerate(value)]
    return value


def _local_settings(source: Path) -> dict[str, str]:
    """A Standard project's app settings: ``Values`` of ``local.settings.json`` beside the
    workflow folders, when there is one."""
    settings = source.parent.parent / "local.settings.json"
    if not settings.is_file():
        return {}
    document = read_json(settings)
    values = document.get("Values") if isinstance(document, dict) else None
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def workflows_from_document(
    engine: Engine,
    document: Any,
    source: Path,
    parameters: dict[str, Any] | None = None,
    *,
    app_settings: dict[str, str] | None = None,
) -> list[Workflow]:
    """The workflows in one parsed definition document.

    :param parameters: values for ARM template parameters and workflow definition parameters.
    :param app_settings: values for ``appsetting()`` (Standard), over local.settings.json.
    :raises DefinitionError: when it is not a workflow definition or holds something invalid.
    """
    shape = detect_shape(document)
    where = str(source)
    given = dict(parameters or {})
    if shape == "standard":
        name = source.parent.name if source.name.lower() == "workflow.json" else source.stem
        settings = {**_local_settings(source), **(app_settings or {})}
        reader = _Reader(engine, where, "/definition", given, settings)
        return [reader.workflow(name, document["definition"], Flavor.STANDARD, enabled=True)]
    if shape == "definition":
        reader = _Reader(engine, where, "", given, dict(app_settings or {}))
        flavor = engine.config.flavor  # a bare definition fits either hosting model
        return [reader.workflow(source.stem, document, flavor, enabled=True)]
    if shape == "arm":
        found = []
        for index, raw in enumerate(document["resources"]):
            if not isinstance(raw, dict) or str(raw.get("type", "")).lower() != _WORKFLOW_TYPE:
                continue
            context = _ArmContext(document, given, where)
            resource = resolve_arm(raw, context, _pointer("resources", index))
            name = resource.get("name")
            if not isinstance(name, str):
                raise DefinitionError(
                    "resource name must be a string",
                    path=where,
                    pointer=_pointer("resources", index),
                )
            properties = resource.get("properties") or {}
            values = {
                key: spec["value"]
                for key, spec in (properties.get("parameters") or {}).items()
                if isinstance(spec, dict) and "value" in spec
            }
            reader = _Reader(
                engine,
                where,
                _pointer("resources", index, "properties", "definition"),
                {**values, **given},
                dict(app_settings or {}),
            )
            state = str(properties.get("state", "Enabled")).lower()
            found.append(
                reader.workflow(
                    name.split("/")[-1],
                    properties.get("definition"),
                    Flavor.CONSUMPTION,
                    enabled=state != "disabled",
                )
            )
        return found
    raise DefinitionError(
        'not a workflow definition: expected a Standard workflow.json ({"definition": ...}), '
        'a bare definition ({"triggers": ...}) or an ARM template with '
        "Microsoft.Logic/workflows resources",
        path=where,
    )


def definition_files(path: Path) -> list[Path]:
    """The files to load for ``path``: itself, or for a folder every workflow file below it."""
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.rglob("*.json")
        if p.is_file() and (p.name.lower() == "workflow.json" or detect_shape(_peek(p)) is not None)
    )


def _peek(path: Path) -> Any:
    try:
        return read_json(path)
    except DefinitionError:
        return None


def load_workflows(
    engine: Engine,
    path: Path,
    *,
    parameters: dict[str, Any] | None = None,
    app_settings: dict[str, str] | None = None,
) -> list[Workflow]:
    """Load every workflow in ``path`` (a file or a folder).

    :raises DefinitionError: for the first problem found, naming file and JSON pointer.
    """
    if not path.exists():
        raise DefinitionError("no such file or folder", path=str(path))
    workflows: list[Workflow] = []
    for file in definition_files(path):
        document = read_json(file)
        workflows.extend(
            workflows_from_document(engine, document, file, parameters, app_settings=app_settings)
        )
    if not workflows:
        raise DefinitionError("no workflow definitions found", path=str(path))
    return workflows


def problems(
    engine: Engine, document: Any, source: Path, parameters: dict[str, Any] | None = None
) -> list[DefinitionError]:
    """Every problem in one definition document (``validate``), not only the first.

    The trigger, each action (with everything nested in it) and the ``runAfter`` graph are
    checked separately, so one mistake does not hide the others.
    """
    try:
        workflows_from_document(engine, document, source, parameters)
    except DefinitionError as first:
        found = _each_problem(engine, document, source, dict(parameters or {}))
        return found or [first]
    return []


def _each_problem(
    engine: Engine, document: Any, source: Path, given: dict[str, Any]
) -> list[DefinitionError]:
    shape = detect_shape(document)
    where = str(source)
    targets: list[tuple[str, Any]] = []
    if shape == "standard":
        targets.append(("/definition", document["definition"]))
    elif shape == "definition":
        targets.append(("", document))
    elif shape == "arm":
        for index, raw in enumerate(document["resources"]):
            if isinstance(raw, dict) and str(raw.get("type", "")).lower() == _WORKFLOW_TYPE:
                base = _pointer("resources", index, "properties", "definition")
                try:
                    resolved = resolve_arm(raw, _ArmContext(document, given, where), base)
                except DefinitionError as err:
                    return [err]
                targets.append((base, (resolved.get("properties") or {}).get("definition")))
    found: list[DefinitionError] = []
    for base, definition in targets:
        if not isinstance(definition, dict):
            continue
        reader = _Reader(engine, where, base, given, {})
        try:
            reader.trigger(definition.get("triggers"))
        except DefinitionError as err:
            found.append(err)
        actions = definition.get("actions") or {}
        if not isinstance(actions, dict):
            found.append(reader.fail("actions must be an object", "actions"))
            continue
        for name, spec in actions.items():
            alone = dict(spec, runAfter={}) if isinstance(spec, dict) else spec
            try:
                compile_graph({name: alone}, "/actions")
            except DefinitionError as err:
                found.append(reader.rebase(err))
        skeleton = {
            name: {"type": "Compose", "runAfter": spec.get("runAfter") or {}}
            for name, spec in actions.items()
            if isinstance(spec, dict)
        }
        try:
            compile_graph(skeleton, "/actions")
        except DefinitionError as err:
            found.append(reader.rebase(err))
    return found
