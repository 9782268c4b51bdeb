"""``reqres-mock validate``: every problem of a definition document, not only the first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import DEFAULT_UNTIL, UntilLimit, compile_graph
from reqres_mock.definitions.deployments import read_deployment
from reqres_mock.definitions.documents import (
    as_template,
    detect_shape,
    is_stateless,
    is_workflow_resource,
    unwrap_error,
)
from reqres_mock.definitions.loader import workflows_from_document
from reqres_mock.definitions.members import read_members
from reqres_mock.definitions.project import load_project, until_limit
from reqres_mock.definitions.reader import Reader
from reqres_mock.definitions.saverules import check_saved
from reqres_mock.definitions.settings import AppSettings
from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from pathlib import Path


def problems(
    document: Any,
    source: Path,
    parameters: dict[str, Any] | None = None,
    *,
    default_flavor: Flavor = Flavor.CONSUMPTION,
    replace_triggers: bool = False,
) -> list[DefinitionError]:
    """Every problem in one definition document (``validate``), not only the first.

    The trigger, each action (with everything nested in it) and the ``runAfter`` graph are
    checked separately, so one mistake does not hide the others.
    """
    try:
        workflows_from_document(
            document,
            source,
            parameters,
            default_flavor=default_flavor,
            replace_triggers=replace_triggers,
        )
    except DefinitionError as first:
        found = _each_problem(
            document, source, dict(parameters or {}), replace_triggers=replace_triggers
        )
        return found or [first]
    return []


def _each_problem(
    document: Any, source: Path, given: dict[str, Any], *, replace_triggers: bool = False
) -> list[DefinitionError]:
    if is_workflow_resource(document):
        return [
            unwrap_error(e)
            for e in _each_problem(
                as_template(document), source, given, replace_triggers=replace_triggers
            )
        ]
    shape = detect_shape(document)
    where = str(source)
    targets: list[tuple[str, Any]] = []
    found: list[DefinitionError] = []
    until = DEFAULT_UNTIL
    if shape == "standard":
        targets.append(("/definition", document["definition"]))
        try:  # the project's files are the workflow's too: their problems count
            project = load_project(source)
            until = until_limit(project, stateless=is_stateless(document))
        except DefinitionError as err:
            found.append(err)
    elif shape == "definition":
        targets.append(("", document))
    elif shape == "codeview":
        targets.append(("/definition", document["definition"]))
    elif shape == "arm":
        try:
            deployment = read_deployment(document, given, where)
        except DefinitionError as err:
            return [err]
        for resource in deployment.workflows:
            targets.append((resource.pointer + "/properties/definition", resource.definition))
    for base, definition in targets:
        if isinstance(definition, dict):
            reader = Reader(where, base, given, AppSettings(), replace_triggers=replace_triggers)
            found.extend(_problems_of(reader, definition, until))
    return found


def _problems_of(
    reader: Reader, written: dict[str, Any], until: UntilLimit
) -> list[DefinitionError]:
    """What is wrong with one workflow's definition, each action on its own where it can."""
    refused: list[DefinitionError] = []
    definition = read_members(written, refused)  # each one, the rest read as the runtime does
    found = [reader.rebase(err) for err in refused]
    try:
        reader.trigger(definition.get("triggers"))
    except DefinitionError as err:
        found.append(err)
    actions = definition.get("actions") or {}
    if not isinstance(actions, dict):
        found.append(reader.fail("actions must be an object", "actions"))
        return found
    for name, spec in actions.items():
        alone = dict(spec, runAfter={}) if isinstance(spec, dict) else spec
        try:
            compile_graph({name: alone}, "/actions", until=until)
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
    if not found:  # each action compiles: what the expressions read, as a whole
        triggers = definition.get("triggers")
        try:
            check_saved(
                compile_graph(actions, "/actions", until=until),
                triggers if isinstance(triggers, dict) else (),
            )
        except DefinitionError as err:
            found.append(reader.rebase(err))
    return found
