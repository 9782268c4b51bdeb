"""Loading the workflow definitions people export from Azure.

Three shapes are recognised: a Logic Apps Standard ``workflow.json`` (``{"definition": ...}``),
a bare workflow definition (``{"triggers": ..., "actions": ...}``), and an ARM template holding
``Microsoft.Logic/workflows`` resources. This version serves definitions whose Request trigger
and Response action use literal values; an expression (``@...``) is a :class:`DefinitionError`
that names the file and JSON pointer, never a silent literal.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.errors import DefinitionError
from reqres_mock.response import Response
from reqres_mock.trigger import RequestTrigger
from reqres_mock.workflow import Workflow

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reqres_mock.engine import Engine

_ARM_EXPRESSION = re.compile(r"^\[(parameters|variables)\('([^']+)'\)\]$", re.IGNORECASE)
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
        if (value.startswith("@") and not value.startswith("@@")) or "@{" in value:
            return pointer, value
        return None
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


def _unescape(value: Any) -> Any:
    if isinstance(value, str):
        return value[1:] if value.startswith("@@") else value
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    return value


def _literal(value: Any, pointer: str, source: str) -> Any:
    """``value`` with ``@@`` escapes undone.

    :raises DefinitionError: when it holds an expression, naming its JSON pointer.
    """
    found = _find_expression(value, pointer)
    if found is not None:
        where, expression = found
        raise DefinitionError(
            f"expression {expression[:80]!r} needs the Workflow Definition Language, which this "
            "version does not evaluate yet; use a literal value, or declare the workflow with "
            "add_workflow(response=callable)",
            path=source,
            pointer=where,
        )
    return _unescape(value)


class _Reader:
    """Turns one definition object into a :class:`Workflow`."""

    def __init__(self, engine: Engine, source: str, base: str) -> None:
        self.engine = engine
        self.source = source
        self.base = base

    def fail(self, message: str, *parts: object) -> DefinitionError:
        return DefinitionError(message, path=self.source, pointer=self.base + _pointer(*parts))

    def workflow(self, name: str, definition: Any, flavor: Flavor, *, enabled: bool) -> Workflow:
        if not isinstance(definition, dict):
            raise self.fail("a workflow definition must be a JSON object")
        trigger = self.trigger(definition.get("triggers"))
        response = self.response(definition.get("actions") or {})
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

    def trigger(self, triggers: Any) -> RequestTrigger:
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
        for key in ("conditions", "correlation", "splitOn"):
            if key in spec:
                raise self.fail(
                    f"trigger {key!r} needs the expression language, not evaluated in this version",
                    "triggers",
                    name,
                    key,
                )
        pointer = self.base + _pointer("triggers", name)
        _literal(inputs, pointer + "/inputs", self.source)
        try:
            return RequestTrigger(
                name=name,
                schema=inputs.get("schema") or None,
                method=inputs.get("method"),
                relative_path=inputs.get("relativePath"),
                operation_options=spec.get("operationOptions"),  # type: ignore[arg-type]
            )
        except DefinitionError as err:
            raise DefinitionError(
                err.message, path=self.source, pointer=self.base + (err.pointer or "")
            ) from err

    def response(self, actions: Any) -> Response | None:
        if not isinstance(actions, dict):
            raise self.fail("actions must be an object", "actions")
        found: list[tuple[str, dict[str, Any]]] = []
        for name, spec in actions.items():
            kind = str(spec.get("type", "")) if isinstance(spec, dict) else ""
            if kind.lower() != "response":
                raise self.fail(
                    f"action {name!r} of type {kind!r} is not supported in this version (only "
                    "Response); declare the workflow with add_workflow(response=callable)",
                    "actions",
                    name,
                    "type",
                )
            found.append((name, spec))
        if not found:
            return None
        if len(found) > 1:
            raise self.fail(
                f"{len(found)} Response actions; choosing between them needs conditions, which "
                "this version does not evaluate",
                "actions",
            )
        name, spec = found[0]
        pointer = self.base + _pointer("actions", name)
        if "operationOptions" in spec:
            raise self.fail(
                f"Response operationOptions {spec['operationOptions']!r} (asynchronous "
                "response) is not supported in this version",
                "actions",
                name,
                "operationOptions",
            )
        inputs = _literal(spec.get("inputs") or {}, pointer + "/inputs", self.source)
        if not isinstance(inputs, dict):
            raise self.fail("Response inputs must be an object", "actions", name, "inputs")
        status = inputs.get("statusCode", 200)
        if isinstance(status, str) and status.strip().isdigit():
            status = int(status)
        try:
            return Response(status, headers=inputs.get("headers") or {}, body=inputs.get("body"))
        except DefinitionError as err:
            raise DefinitionError(
                err.message, path=self.source, pointer=f"{pointer}/inputs{err.pointer or ''}"
            ) from err


def _arm_name(value: Any, template: dict[str, Any], given: dict[str, Any], source: str) -> str:
    if not isinstance(value, str):
        raise DefinitionError("resource name must be a string", path=source, pointer="/resources")
    match = _ARM_EXPRESSION.match(value.strip())
    if not match:
        if value.startswith("["):
            raise DefinitionError(
                f"ARM expression {value!r} in a resource name is not supported; use "
                "[parameters('x')] or [variables('x')]",
                path=source,
            )
        return value
    kind, key = match[1].lower(), match[2]
    if kind == "parameters":
        if key in given:
            return str(given[key])
        spec = (template.get("parameters") or {}).get(key)
        if isinstance(spec, dict) and "defaultValue" in spec:
            return _arm_name(spec["defaultValue"], template, given, source)
        raise DefinitionError(
            f"ARM parameter {key!r} has no defaultValue; give it with parameters={{{key!r}: ...}}"
            " (CLI: --param NAME=VALUE)",
            path=source,
            pointer=_pointer("parameters", key),
        )
    variables = template.get("variables") or {}
    if key not in variables:
        raise DefinitionError(f"ARM variable {key!r} is not defined", path=source)
    return _arm_name(variables[key], template, given, source)


def workflows_from_document(
    engine: Engine, document: Any, source: Path, parameters: dict[str, Any] | None = None
) -> list[Workflow]:
    """The workflows in one parsed definition document.

    :raises DefinitionError: when it is not a workflow definition or holds something invalid.
    """
    shape = detect_shape(document)
    where = str(source)
    if shape == "standard":
        name = source.parent.name if source.name.lower() == "workflow.json" else source.stem
        reader = _Reader(engine, where, "/definition")
        return [reader.workflow(name, document["definition"], Flavor.STANDARD, enabled=True)]
    if shape == "definition":
        reader = _Reader(engine, where, "")
        flavor = engine.config.flavor  # a bare definition fits either hosting model
        return [reader.workflow(source.stem, document, flavor, enabled=True)]
    if shape == "arm":
        found = []
        for index, resource in enumerate(document["resources"]):
            if not isinstance(resource, dict):
                continue
            if str(resource.get("type", "")).lower() != _WORKFLOW_TYPE:
                continue
            name = _arm_name(resource.get("name"), document, parameters or {}, where)
            properties = resource.get("properties") or {}
            reader = _Reader(
                engine, where, _pointer("resources", index, "properties", "definition")
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
    engine: Engine, path: Path, *, parameters: dict[str, Any] | None = None
) -> list[Workflow]:
    """Load every workflow in ``path`` (a file or a folder).

    :raises DefinitionError: for the first problem found, naming file and JSON pointer.
    """
    if not path.exists():
        raise DefinitionError("no such file or folder", path=str(path))
    workflows: list[Workflow] = []
    for file in definition_files(path):
        workflows.extend(workflows_from_document(engine, read_json(file), file, parameters))
    if not workflows:
        raise DefinitionError("no workflow definitions found", path=str(path))
    return workflows
