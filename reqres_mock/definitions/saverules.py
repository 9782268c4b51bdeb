"""What the runtime checks when a definition is saved, beyond each action's own shape: what
each expression may read (an action on its ``runAfter`` path, a loop around it, the trigger, a
named reference with its name, a SetVariable not its own variable) and Responses that answer
one status with different schemas. The reader refuses a definition that breaks one, as Azure
refuses to save it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import LOOPS, response_status
from reqres_mock.errors import DefinitionError
from reqres_mock.language.expressions import literal_calls, unnamed_references
from reqres_mock.language.templates import expressions_in
from reqres_mock.language.utf16 import fold_case

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reqres_mock.definitions.actions import Action, Graph


def check_saved(graph: Graph, triggers: Iterable[str] = ()) -> None:
    """Refuse what the runtime refuses on save in the compiled definition ``graph`` (its
    ``triggers`` by name may be read too).

    :raises DefinitionError: naming the offending property's JSON pointer.
    """
    actions = {fold_case(action.name) for action in graph.walk()}
    # the trigger by name, unless an action has that name (the action's rules apply then)
    readable = frozenset(fold_case(name) for name in triggers) - actions
    names = actions | readable
    _check_references(graph, names, (), readable)
    _check_self_references(graph)
    _check_response_schemas(graph)


def _check_self_references(graph: Graph) -> None:
    """Refuse a SetVariable whose value reads the variable it sets, as the runtime refuses the
    definition when it is saved (``WorkflowRunActionInputsInvalidProperty``): "The inputs of
    workflow run action 'Set_variable_8' of type 'SetVariable' are not valid. Self reference is
    not supported when updating the value of variable 'VarConfidence'." (Power Automate users'
    notes of refused saves and tenant imports, and
    <https://qiita.com/annap_ms/items/00089fd5e8056edae689> for ``add(variables('x'), 1)``).
    The variable is named by a literal; names match in any case. The evidence covers
    SetVariable only: the other variable actions are not refused."""
    for action in graph.walk():
        inputs = action.spec.get("inputs")
        if action.type != "setvariable" or not isinstance(inputs, dict):
            continue
        name = inputs.get("name")
        value = action.inputs.get("value") if isinstance(action.inputs, dict) else None
        if not isinstance(name, str) or name.startswith("@"):
            continue
        for expression in expressions_in(value):
            for function, read in literal_calls(expression):
                if function == "variables" and fold_case(read) == fold_case(name):
                    raise DefinitionError(
                        f"The inputs of workflow run action '{action.name}' of type "
                        f"'{action.type_name}' are not valid. Self reference is not supported "
                        f"when updating the value of variable '{name}'.",
                        pointer=f"{action.pointer}/inputs/value",
                    )


def _check_response_schemas(graph: Graph) -> None:
    """Refuse Responses that answer one status code with different schemas, as the runtime
    refuses the definition when it is saved: "The schema definition for action with status code
    '200' is not valid. The schema definitions for actions with same status code must match."
    (tomdam/flowforger ``packages/validator/src/placement.ts``, measured against the cloud in
    its ``conformance/save-rules/placement.mjs``). A Response without a schema, or whose status
    is an expression, is not compared; schemas compare as JSON values (key order aside)."""
    first: dict[int, str] = {}
    for action in graph.walk():
        inputs = action.spec.get("inputs")
        if action.type != "response" or not isinstance(inputs, dict):
            continue
        schema = inputs.get("schema")
        status = response_status(inputs)
        if schema is None or not isinstance(status, int) or isinstance(status, bool):
            continue
        # as JSON values: 1, 1.0 and true differ, the order of keys does not
        written = json.dumps(schema, sort_keys=True, default=repr)
        if status in first and first[status] != written:
            raise DefinitionError(
                f"The schema definition for action with status code '{status}' is not valid. "
                "The schema definitions for actions with same status code must match.",
                pointer=f"{action.pointer}/inputs/schema",
            )
        first.setdefault(status, written)


#: Functions whose first argument names an action of the workflow.
_ACTION_FUNCTIONS = frozenset({"body", "outputs", "actions", "result"})
#: Functions whose first argument names a loop around the caller, and the loops they accept.
_LOOP_FUNCTIONS = {"items": ("foreach",), "iterationindexes": ("foreach", "until")}


def _check_references(
    graph: Graph,
    names: set[str],
    loops: tuple[Action, ...],
    visible: frozenset[str] = frozenset(),
) -> None:
    """Refuse an expression naming an action the workflow lacks, or a loop that is not around
    it, as the runtime refuses the definition when it is saved: "The template validation
    failed: 'The action(s) 'Batch_POST-groups' referenced by 'inputs' in action 'Batch_2' are
    not defined in the template'" (Microsoft's Power Automate tutorial for Graph batch requests,
    MicrosoftDocs); for ``items()`` "The repetition action(s) 'Apply_to_each' referenced by
    'inputs' in action 'Create_text_with_GPT' are not defined in the template." (a user's save
    error). Only names written as literals are checked; names match in any case.

    An action may read only what runs before it: :func:`_refuse_off_path`. ``visible`` holds
    the (case-folded) names the actions of ``graph`` may read through their enclosing actions.

    :raises DefinitionError: naming the action's property that holds the reference.
    """
    for action in graph.actions.values():
        readable = visible | _run_after_path(action, graph)
        for place, compiled in _expression_places(action):
            for expression in expressions_in(compiled):
                for refusal in unnamed_references(expression):
                    raise DefinitionError(refusal, pointer=f"{action.pointer}/{place}")
                for function, name in literal_calls(expression):
                    loop_types = _LOOP_FUNCTIONS.get(function)
                    if loop_types is not None:
                        around = {fold_case(loop.name) for loop in loops if loop.type in loop_types}
                        if fold_case(name) in around:
                            continue
                        what = "repetition action(s)"
                    elif function in _ACTION_FUNCTIONS and fold_case(name) not in names:
                        what = "action(s)"
                    else:
                        if function in _ACTION_FUNCTIONS:
                            _refuse_off_path(action, place, name, readable)
                        continue
                    raise DefinitionError(
                        f"The template validation failed: 'The {what} '{name}' referenced by "
                        f"'{place}' in action '{action.name}' are not defined in the template.'",
                        pointer=f"{action.pointer}/{place}",
                    )
        inner = (*loops, action) if action.type in LOOPS else loops
        for branch in action.branches.values():
            _check_references(branch, names, inner, readable)


def _run_after_path(action: Action, graph: Graph) -> frozenset[str]:
    """The (case-folded) names of the actions that run before ``action`` in ``graph`` (its
    ``runAfter`` predecessors, theirs, and so on) and of all they hold."""
    found: set[str] = set()
    todo = list(action.run_after)
    while todo:
        before = graph.actions.get(todo.pop())
        if before is None or fold_case(before.name) in found:
            continue
        found.add(fold_case(before.name))
        found.update(_held_by(before))
        todo.extend(before.run_after)
    return frozenset(found)


def _held_by(action: Action) -> set[str]:
    """The (case-folded) names of every action ``action`` holds, at any depth."""
    return {fold_case(nested.name) for b in action.branches.values() for nested in b.walk()}


def _refuse_off_path(action: Action, place: str, name: str, readable: frozenset[str]) -> None:
    """Refuse ``action`` reading the action ``name`` that is not on its ``runAfter`` path, as
    the runtime refuses the definition when it is saved: "The template validation failed: 'The
    inputs of template action 'Update_Projeto_Counters' at line '1 and column '6038' cannot
    reference action 'Filter_Concluidas'. Action 'Filter_Concluidas' must either be in 'runAfter'
    path or within a scope action on the 'runAfter' path of action 'Update_Projeto_Counters', or
    be a Trigger.'." (a Power Automate user's save error, 2026; the same sentence in several
    public notes). The line and column are of the saved definition, which the mock does not
    have: they are left out. What is on the path, as tomdam/flowforger measured the cloud's
    verdicts (``conformance/save-rules/runafter-path``: its validator's tests): the action's
    predecessors and what they hold, and those of every action around it; not the action
    itself, not a Scope it is in, not another branch of its If or Switch, not its own loop's
    body from a Foreach's ``foreach`` (an Until's ``expression`` reads its body). The sentence
    for an action reading itself is the mock's ("cannot reference itself", as those verdicts
    say); for a property other than ``inputs`` the sentence names that property.
    """
    folded = fold_case(name)
    if place == "trackedProperties" or folded in readable:
        return
    if place == "expression" and action.type == "until" and folded in _held_by(action):
        return
    what = "inputs" if place == "inputs" else f"'{place}'"
    if folded == fold_case(action.name):
        message = f"The {what} of template action '{action.name}' cannot reference itself."
    else:
        message = (
            f"The {what} of template action '{action.name}' cannot reference action '{name}'. "
            f"Action '{name}' must either be in 'runAfter' path or within a scope action on the "
            f"'runAfter' path of action '{action.name}', or be a Trigger."
        )
    raise DefinitionError(
        f"The template validation failed: '{message}'.", pointer=f"{action.pointer}/{place}"
    )


def _expression_places(action: Action) -> list[tuple[str, Any]]:
    """The properties of ``action`` that hold compiled expressions, by their names."""
    places = [("inputs", action.inputs)]
    for key in ("trackedProperties", "expression", "foreach"):
        if key in action.extra:
            places.append((key, action.extra[key]))
    if "count" in action.extra or "timeout" in action.extra:
        places.append(("limit", [action.extra.get("count"), action.extra.get("timeout")]))
    return places
