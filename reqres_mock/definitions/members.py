"""The members a definition, its triggers and its actions may have, as the runtime reads them.

Azure reads a saved definition into its own types (``FlowTemplate``, ``FlowTemplateTrigger``,
``FlowTemplateAction``) with Newtonsoft.Json set to refuse a member the type lacks, and refuses
the save with ``InvalidRequestContent``:

- "The request content is not valid and could not be deserialized: 'Could not find member
  'retryPolicy' on object of type 'FlowTemplateAction'. …'" (a retry policy beside ``inputs``
  rather than in it; Azure/LogicAppsUX#5824, Consumption, 2024);
- "… 'Could not find member 'recurrence' on object of type 'FlowTemplateAction'. Path
  'properties.definition.actions.Recurrence.recurrence', line 1, position 583.'" (a Recurrence
  trigger added as an action; Azure/logicapps#41, MicrosoftDocs/power-automate-docs#29);
- "… 'Could not find member 'timeZone' on object of type 'FlowTemplateTrigger'"
  (``timeZone`` beside ``recurrence`` rather than in it; an ARM deployment error quoted in a
  public deployment script), and ``trackedProperties`` on a trigger (Azure/LogicAppsUX#2135,
  a Standard ServiceProvider trigger);
- "… 'Could not find member 'variables' on object of type 'FlowTemplate'. Path
  'properties.definition.variables', …'" (Azure/azure-sdk-for-net#2979), ``definition`` inside
  the definition (Azure/azure-powershell#22447).

The members accepted are those of the designer's model of the definition (Azure/LogicAppsUX
``libs/logic-apps-shared/src/utils/src/lib/models/logicAppsV2.ts``: ``WorkflowDefinition``,
``Operation``, ``Action``, ``Trigger`` and the control actions), with ``evaluatedRecurrence``
(which Azure adds to a recurrence and takes back on save: "deploys as pasted (accepted by the
resource provider, proven against the ARM validate endpoint)", a public deployment tool's notes)
and the members of Standard's agent workflows (``tools``, ``channels``, ``transitions``:
Azure/LogicAppsUX ``__mocks__`` runs). Newtonsoft matches a member's name in any case when no
spelling matches exactly, so case is ignored. The error's ``line`` and ``position`` count in
the request Azure received, which a definition file does not show; they are left out.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.definitions.actions import MAX_NESTING_LEVEL
from reqres_mock.definitions.documents import json_pointer
from reqres_mock.errors import DefinitionError
from reqres_mock.language.utf16 import fold_case
from reqres_mock.protocol.schema import json_path


def _spellings(*members: str) -> dict[str, str]:
    return {fold_case(member): member for member in members}


_DEFINITION = _spellings(
    "$schema",
    "contentVersion",
    "description",
    "metadata",
    "parameters",
    "triggers",
    "actions",
    "outputs",
    "staticResults",
)
#: ``Operation`` in the designer's model, with the agent workflows' ``transitions``.
_OPERATION = (
    "type",
    "kind",
    "description",
    "metadata",
    "operationOptions",
    "runtimeConfiguration",
    "inputs",
    "transitions",
)
_TRIGGER = _spellings(
    *_OPERATION,
    "conditions",
    "splitOn",
    "splitOnConfiguration",
    "correlation",
    "recurrence",
    "evaluatedRecurrence",
)
_ACTION = _spellings(
    *_OPERATION,
    "runAfter",
    "trackedProperties",
    "limit",
    "expression",
    "actions",
    "else",
    "foreach",
    "cases",
    "default",
    "tools",
    "channels",
)


def read_members(
    definition: dict[str, Any], problems: list[DefinitionError] | None = None
) -> dict[str, Any]:
    """``definition`` as the runtime reads it: a member of the definition, of a trigger or of
    an action (at any depth) it cannot have is refused, in document order, as Azure refuses to
    save the definition; a member spelled in another case is read as the member (.NET's
    ``OrdinalIgnoreCase``; copies are made where a name changes, ``definition`` is left as it
    is).

    :param problems: when given, every member refused is added to it and kept as written, and
        the reading goes on (``validate`` reports them all); else the first one is raised.
    :raises DefinitionError: the runtime's message, with the member's JSON pointer.
    """
    return _Reading(problems).definition(definition)


_ACTIONS = fold_case("actions")


class _Reading:
    def __init__(self, problems: list[DefinitionError] | None) -> None:
        self.problems = problems

    def definition(self, definition: dict[str, Any]) -> dict[str, Any]:
        read: dict[str, Any] = {}
        for member, value in definition.items():
            path: list[str | int] = ["properties", "definition", member]
            name = self.member(member, _DEFINITION, "FlowTemplate", path)
            read[name] = self.definition_member(name, value, path)
        return read

    def definition_member(self, name: Any, value: Any, path: list[str | int]) -> Any:
        if name == "actions":
            return self.actions(value, path, 0)
        if name != "triggers" or not isinstance(value, dict):
            return value
        return {
            trigger: self.operation(spec, _TRIGGER, "FlowTemplateTrigger", [*path, trigger])
            for trigger, spec in value.items()
        }

    def actions(self, actions: Any, path: list[str | int], level: int) -> Any:
        """The actions at nesting ``level`` (the definition's own are level 0), read. Past the
        deepest level the runtime saves they are left as they are: the nesting limit refuses
        them (``actions.MAX_NESTING_LEVEL``), and a definition nested a thousand deep stays a
        DefinitionError rather than a RecursionError."""
        if not isinstance(actions, dict) or level > MAX_NESTING_LEVEL + 1:
            return actions
        return {
            name: self.operation(spec, _ACTION, "FlowTemplateAction", [*path, name], level)
            for name, spec in actions.items()
        }

    def operation(
        self,
        spec: Any,
        members: dict[str, str],
        owner: str,
        path: list[str | int],
        level: int = 0,
    ) -> Any:
        if not isinstance(spec, dict):
            return spec
        read: dict[str, Any] = {}
        for key, value in spec.items():
            where = [*path, key]
            name = self.member(key, members, owner, where)
            read[name] = self.held(name, value, where, level) if members is _ACTION else value
        return read

    def held(self, name: str, value: Any, path: list[str | int], level: int) -> Any:
        """A member of an action at ``level``, the actions it holds read too."""
        if name == "actions":
            return self.actions(value, path, level + 1)
        if name in ("else", "default"):
            return self.branch(value, path, level + 1)
        if name == "cases" and isinstance(value, dict):
            return {
                case: self.branch(body, [*path, case], level + 1) for case, body in value.items()
            }
        return value

    def branch(self, branch: Any, path: list[str | int], level: int) -> Any:
        """An If's ``else``, a Switch's ``default`` or one of its cases: its ``actions`` read,
        also when written in another case (``"Actions"``, which Newtonsoft reads as them).
        Other members of a branch are left as they are: no public error names its type."""
        if not isinstance(branch, dict):
            return branch
        read: dict[Any, Any] = {}
        for key, value in branch.items():
            if isinstance(key, str) and fold_case(key) == _ACTIONS:
                read["actions"] = self.actions(value, [*path, key], level)
            else:
                read[key] = value
        return read

    def member(self, key: Any, members: dict[str, str], owner: str, path: list[str | int]) -> Any:
        """The member ``key`` names (``key`` itself, refused, when it names none)."""
        name = members.get(fold_case(key)) if isinstance(key, str) else None
        if name is not None:
            return name
        refusal = DefinitionError(
            "The request content is not valid and could not be deserialized: 'Could not find "
            f"member '{key}' on object of type '{owner}'. Path "
            f"'{json_path(str(p) for p in path)}'.'.",
            pointer=json_pointer(*path[2:]),
        )
        if self.problems is None:
            raise refusal
        self.problems.append(refusal)
        return key
