"""Loading the workflow definitions people export from Azure into :class:`WorkflowSpec` s.

Five shapes are recognised (see :mod:`reqres_mock.definitions.documents`). Loading needs no
engine: it returns specs, which the engine turns into served workflows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.actions import CompiledWorkflow
from reqres_mock.definitions.deployments import read_deployment
from reqres_mock.definitions.documents import (
    as_template,
    definition_files,
    detect_shape,
    is_stateless,
    is_workflow_resource,
    member_key,
    none_found,
    read_json,
    unwrap_error,
)
from reqres_mock.definitions.project import (
    TriggerNotServedError,
    is_enabled,
    load_project,
    until_limit,
)
from reqres_mock.definitions.reader import Reader, WorkflowSpec
from reqres_mock.definitions.settings import AppSettings
from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def workflows_from_document(
    document: Any,
    source: Path,
    parameters: dict[str, Any] | None = None,
    *,
    app_settings: dict[str, str] | None = None,
    default_flavor: Flavor = Flavor.CONSUMPTION,
    replace_triggers: bool = False,
) -> list[WorkflowSpec]:
    """The workflows in one parsed definition document.

    :param default_flavor: the hosting model of a bare definition, which fits either.

    :param parameters: values for ARM template parameters and workflow definition parameters
        (over a Standard project's parameters.json).
    :param app_settings: values for ``appsetting()`` (Standard), over local.settings.json.
    :param replace_triggers: serve a workflow whose trigger is not a Request trigger
        (Recurrence, Service Bus...) through a Request trigger of the same name.
    :raises TriggerNotServedError: for such a workflow without ``replace_triggers``.
    :raises DefinitionError: when it is not a workflow definition or holds something invalid.
    """
    if is_workflow_resource(document):
        try:
            return workflows_from_document(
                as_template(document), source, parameters, app_settings=app_settings
            )
        except DefinitionError as err:
            raise unwrap_error(err) from err
    shape = detect_shape(document)
    where = str(source)
    given = dict(parameters or {})
    if shape == "standard":
        name = file_name(source)
        project = load_project(source, app_settings, given)
        reader = Reader(
            where,
            "/definition",
            given,
            project.app_settings,
            project=project,
            replace_triggers=replace_triggers,
        )
        stateless = is_stateless(document)
        spec = reader.workflow(
            name,
            document["definition"],
            Flavor.STANDARD,
            enabled=is_enabled(project, name),
            until=until_limit(project, stateless=stateless),
        )
        if stateless:
            # Stateless runs keep no tracked properties (LogicAppUnit StatelessWorkflowTest).
            untrack(spec.response)
        return [spec]
    if shape == "codeview":
        # A Consumption workflow's properties, as the code view and the REST API show them:
        # its parameter values are read as an ARM template's properties.parameters are.
        values = {
            key: spec[member_key(spec, "value")] for key, spec in document["parameters"].items()
        }
        reader = Reader(
            where,
            "/definition",
            {**values, **given},
            AppSettings(app_settings or {}),
            replace_triggers=replace_triggers,
        )
        return [
            reader.workflow(
                file_name(source), document["definition"], Flavor.CONSUMPTION, enabled=True
            )
        ]
    if shape == "definition":
        reader = Reader(
            where, "", given, AppSettings(app_settings or {}), replace_triggers=replace_triggers
        )
        flavor = default_flavor  # a bare definition fits either hosting model
        return [reader.workflow(file_name(source), document, flavor, enabled=True)]
    if shape == "arm":
        deployment = read_deployment(document, given, where)
        found = []
        for resource in deployment.workflows:
            reader = Reader(
                where,
                resource.pointer + "/properties/definition",
                {**resource.parameters, **given},
                AppSettings(app_settings or {}),
                replace_triggers=replace_triggers,
            )
            spec = reader.workflow(
                resource.name, resource.definition, Flavor.CONSUMPTION, enabled=resource.enabled
            )
            if deployment.maps and isinstance(spec.response, CompiledWorkflow):
                spec.response.maps.update(deployment.maps)
            found.append(spec)
        return found
    raise DefinitionError(
        'not a workflow definition: expected a Standard workflow.json ({"definition": ...}), '
        'a bare definition ({"triggers": ...}) or an ARM template with '
        "Microsoft.Logic/workflows resources",
        path=where,
    )


def file_name(source: Path) -> str:
    """The name of the workflow a file defines: a ``workflow.json`` is named after its folder
    (as the Standard runtime names a project's workflows, and Microsoft's template gallery
    keeps each definition in a folder of its own as ``workflow.json``), another file after
    itself."""
    return source.parent.name if source.name.lower() == "workflow.json" else source.stem


def untrack(response: Any) -> None:
    """Drop the ``trackedProperties`` of a compiled workflow's actions."""
    if isinstance(response, CompiledWorkflow):
        for action in response.graph.walk():
            action.extra.pop("trackedProperties", None)


def check_unique(workflows: list[WorkflowSpec]) -> None:
    """Refuse two workflows of the same name (in any case, as the server looks them up): the
    second would replace the first.

    :raises DefinitionError: naming both files.
    """
    seen: dict[str, WorkflowSpec] = {}
    for spec in workflows:
        first = seen.setdefault(spec.name.lower(), spec)
        if first is not spec:
            raise DefinitionError(
                f"workflow {spec.name!r} is also defined in {first.source}; one load() cannot "
                "serve two workflows of one name (a workflow.json is named after its folder): "
                "rename one, or load them one at a time",
                path=spec.source,
                pointer=spec.pointer or None,
            )


def load_workflows(
    path: Path,
    *,
    parameters: dict[str, Any] | None = None,
    app_settings: dict[str, str] | None = None,
    default_flavor: Flavor = Flavor.CONSUMPTION,
    replace_triggers: bool = False,
    report: Callable[[str], None] | None = None,
) -> list[WorkflowSpec]:
    """Load every workflow in ``path`` (a file or a folder; a Standard project folder, one of
    its workflow folders or a ``workflow.json`` find the project files in the project root).

    In a folder, a workflow whose trigger is not a Request trigger is skipped with a one-line
    note to ``report`` (default: the ``reqres_mock`` logger), unless ``replace_triggers``.

    :raises DefinitionError: for the first problem found, naming file and JSON pointer.
    """
    if not path.exists():
        raise DefinitionError("no such file or folder", path=str(path))
    note = report or logging.getLogger("reqres_mock").warning
    workflows: list[WorkflowSpec] = []
    skipped: list[str] = []
    for file in definition_files(path):
        document = read_json(file)
        try:
            found = workflows_from_document(
                document,
                file,
                parameters,
                app_settings=app_settings,
                default_flavor=default_flavor,
                replace_triggers=replace_triggers,
            )
        except TriggerNotServedError as err:
            if not path.is_dir():
                raise
            skipped.append(err.workflow)
            note(err.note)
            continue
        workflows.extend(found)
    check_unique(workflows)
    if not workflows:
        more = f" (skipped, trigger not a Request: {', '.join(skipped)})" if skipped else ""
        more += none_found(path) if path.is_dir() else ""
        raise DefinitionError(f"no workflow definitions found{more}", path=str(path))
    return workflows
