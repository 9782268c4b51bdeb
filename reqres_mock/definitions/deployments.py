"""The Logic Apps resources an ARM template deploys: its ``Microsoft.Logic/workflows`` (also
those of nested ``Microsoft.Resources/deployments``) and its integration account maps.

Only what the mock uses of a workflow resource is evaluated: ``name``, ``properties.state``,
``properties.definition`` and ``properties.parameters``; the rest (``location``, ``identity``,
``tags``, ``dependsOn``, other resources) may use any ARM function. A workflow parameter's value
(``properties.parameters.<x>.value``, or the definition's ``parameters.<x>.defaultValue``) is not
evaluated when the caller gives ``<x>``, and one that cannot be evaluated here (``reference()``,
``listKeys()``, a template parameter without a value) is kept as an
:class:`~reqres_mock.definitions.project.Unresolved` value: the run that reads it fails with
``InvalidTemplate`` saying which parameter to give with ``load(..., parameters={...})``.

Nested templates (``properties.template`` of a deployment resource) are read with the outer
template's parameters and variables, or with their own when
``properties.expressionEvaluationOptions.scope`` is ``inner``
(https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates#expression-evaluation-scope-in-nested-templates).
Resources are taken in document order, a nested deployment's where the deployment stands; a
workflow defined again later (quickstart ``logicapps-jobscheduler`` redeploys ``TimerJob`` in
a nested deployment) replaces the earlier one. ARM deploys in ``dependsOn`` order, which the
mock does not work out: a template that lists the later deployment first gets the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reqres_mock.definitions.arm import ArmContext, ArmEvaluationError, resolve_arm
from reqres_mock.definitions.documents import WORKFLOW_TYPE, json_pointer, member_key
from reqres_mock.definitions.project import Unresolved
from reqres_mock.errors import DefinitionError

DEPLOYMENT_TYPE = "microsoft.resources/deployments"
MAP_TYPE = "microsoft.logic/integrationaccounts/maps"
ACCOUNT_TYPE = "microsoft.logic/integrationaccounts"


@dataclass
class WorkflowResource:
    """One ``Microsoft.Logic/workflows`` resource, evaluated as far as the mock needs it.

    :ivar parameters: ``properties.parameters`` values (an :class:`Unresolved` for one that
        cannot be evaluated here); the caller's are not among them.
    :ivar pointer: the resource's JSON pointer in the file.
    """

    name: str
    enabled: bool
    definition: Any
    parameters: dict[str, Any]
    pointer: str


@dataclass
class Deployment:
    """What a template deploys that the mock serves or uses."""

    workflows: list[WorkflowResource] = field(default_factory=list)
    #: Integration account maps (``properties.content``) by map name, lower-cased.
    maps: dict[str, str] = field(default_factory=dict)


def read_deployment(template: dict[str, Any], given: dict[str, Any], source: str) -> Deployment:
    """The workflows and maps of ``template`` and of its nested deployments.

    :raises DefinitionError: when a workflow's name, state or definition cannot be evaluated,
        naming the file, the JSON pointer and the parameter to give.
    """
    walker = _Walker(given)
    walker.walk(template, ArmContext(template, given, source), "")
    walker.found.workflows = list(walker.by_name.values())
    return walker.found


class _Walker:
    """Collects the resources of a template and of the templates nested in it."""

    def __init__(self, given: dict[str, Any]) -> None:
        self.given = given
        self.found = Deployment()
        self.by_name: dict[str, WorkflowResource] = {}

    def walk(self, template: dict[str, Any], context: ArmContext, base: str) -> None:
        resources = template.get("resources")
        if not isinstance(resources, list):
            return
        for index, raw in enumerate(resources):
            if not isinstance(raw, dict):
                continue
            pointer = base + json_pointer("resources", index)
            kind = str(raw.get("type", "")).lower()
            if kind == WORKFLOW_TYPE:
                workflow = _workflow(raw, context, self.given, pointer)
                self.by_name[workflow.name.lower()] = workflow  # a later one wins
            elif kind == MAP_TYPE:
                _map(raw, context, pointer, self.found)
            elif kind == ACCOUNT_TYPE:
                for child, sub in enumerate(raw.get("resources") or []):
                    if isinstance(sub, dict) and str(sub.get("type", "")).lower() == "maps":
                        where = pointer + json_pointer("resources", child)
                        _map(sub, context, where, self.found)
            elif kind == DEPLOYMENT_TYPE:
                self.nested(raw, context, pointer)

    def nested(self, raw: dict[str, Any], context: ArmContext, pointer: str) -> None:
        properties = raw.get("properties")
        nested = properties.get("template") if isinstance(properties, dict) else None
        if not isinstance(properties, dict) or not isinstance(nested, dict):
            return  # a linked template (templateLink) is not in the file
        base = pointer + "/properties/template"
        options = properties.get("expressionEvaluationOptions")
        scope = options.get("scope") if isinstance(options, dict) else None
        if str(scope).lower() != "inner":
            self.walk(nested, context, base)
            return
        passed = properties.get("parameters")
        inner = ArmContext(
            nested,
            self.given,
            context.source,
            base=base,
            passed=(
                passed if isinstance(passed, dict) else {},
                context,
                pointer + "/properties/parameters",
            ),
        )
        self.walk(nested, inner, base)


def _map(raw: dict[str, Any], context: ArmContext, pointer: str, found: Deployment) -> None:
    try:
        name = resolve_arm(raw.get("name"), context, pointer + "/name")
        content = resolve_arm(
            (raw.get("properties") or {}).get("content"), context, pointer + "/properties/content"
        )
    except DefinitionError:
        return  # a map the mock cannot read: an action that uses it says it is missing
    if isinstance(name, str) and isinstance(content, str):
        found.maps[name.split("/")[-1].lower()] = content


def _workflow(
    raw: dict[str, Any], context: ArmContext, given: dict[str, Any], pointer: str
) -> WorkflowResource:
    name = resolve_arm(raw.get("name"), context, pointer + "/name")
    if not isinstance(name, str):
        raise DefinitionError(
            "resource name must be a string", path=context.source, pointer=pointer
        )
    name = name.split("/")[-1]
    properties = raw.get("properties") or {}
    whole = isinstance(properties, str)  # "[...]": the whole of it is one expression
    if whole:
        properties = resolve_arm(properties, context, pointer + "/properties")
    if not isinstance(properties, dict):
        raise DefinitionError(
            "properties must be an object", path=context.source, pointer=pointer + "/properties"
        )
    state = resolve_arm(properties.get("state", "Enabled"), context, pointer + "/properties/state")
    where = pointer + "/properties/definition"
    definition = properties.get("definition")
    if isinstance(definition, str) and not whole:
        # "[json(parameters('definition'))]" (the portal's blank template) or Bicep's
        # json(loadTextContent(...)) as "[json(variables('$fxv#0'))]": the value is the
        # definition, and ARM evaluates no expression inside what an expression gave.
        definition = resolve_arm(definition, context, where)
    elif isinstance(definition, dict) and not whole:
        declared = definition.get("parameters")
        definition = {
            key: resolve_arm(value, context, where + json_pointer(key))
            for key, value in definition.items()
            if key != "parameters"
        }
        if declared is not None:
            definition["parameters"] = _declared(
                declared, context, given, name, where + "/parameters"
            )
    values: dict[str, Any] = {}
    given_parameters = properties.get("parameters") or {}
    computed = whole or isinstance(given_parameters, str)  # "[parameters('parameters')]"
    if isinstance(given_parameters, str) and not whole:
        given_parameters = resolve_arm(
            given_parameters, context, pointer + "/properties/parameters"
        )
    if not isinstance(given_parameters, dict):
        raise DefinitionError(
            'the workflow\'s parameters must be an object of {"value": ...} entries',
            path=context.source,
            pointer=pointer + "/properties/parameters",
        )
    for key, spec in given_parameters.items():
        written = member_key(spec, "value") if isinstance(spec, dict) else None
        if key in given or written is None:
            continue
        place = pointer + json_pointer("properties", "parameters", key, written)
        value = spec[written]
        values[key] = value if computed else _lazy(value, context, key, name, place)
    return WorkflowResource(
        name=name,
        enabled=str(state).lower() != "disabled",
        definition=definition,
        parameters=values,
        pointer=pointer,
    )


def _declared(
    declared: Any, context: ArmContext, given: dict[str, Any], workflow: str, where: str
) -> Any:
    """The definition's ``parameters`` with each ``defaultValue`` evaluated only when the
    caller does not give that parameter."""
    if not isinstance(declared, dict):
        return resolve_arm(declared, context, where)
    resolved: dict[str, Any] = {}
    for key, spec in declared.items():
        place = where + json_pointer(key)
        if not isinstance(spec, dict):
            resolved[key] = resolve_arm(spec, context, place)
            continue
        entry = {
            k: resolve_arm(v, context, place + json_pointer(k))
            for k, v in spec.items()
            if k != "defaultValue"
        }
        if "defaultValue" in spec and key not in given:
            entry["defaultValue"] = _lazy(
                spec["defaultValue"], context, key, workflow, place + "/defaultValue"
            )
        resolved[key] = entry
    return resolved


def _lazy(value: Any, context: ArmContext, key: str, workflow: str, pointer: str) -> Any:
    """``value`` evaluated, or an :class:`Unresolved` naming the parameter to give."""
    try:
        return resolve_arm(value, context, pointer)
    except ArmEvaluationError as err:
        return Unresolved(
            f"The workflow parameter '{key}' of '{workflow}' has no value in reqres-mock: "
            f"{err}. Give it with load(..., parameters={{'{key}': ...}}) "
            f"(CLI: --param {key}=VALUE)"
        )
