"""Loading the workflow definitions people export from Azure into :class:`WorkflowSpec` s.

Four shapes are recognised (see :mod:`reqres_mock.definitions.documents`). Loading needs no
engine: it returns specs, which the engine turns into served workflows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor
from reqres_mock.definitions.arm import ArmContext, resolve_arm
from reqres_mock.definitions.documents import (
    WORKFLOW_TYPE,
    as_template,
    definition_files,
    detect_shape,
    is_workflow_resource,
    json_pointer,
    local_settings,
    read_json,
    unwrap_error,
)
from reqres_mock.definitions.reader import Reader, WorkflowSpec
from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from pathlib import Path


def workflows_from_document(
    document: Any,
    source: Path,
    parameters: dict[str, Any] | None = None,
    *,
    app_settings: dict[str, str] | None = None,
    default_flavor: Flavor = Flavor.CONSUMPTION,
) -> list[WorkflowSpec]:
    """The workflows in one parsed definition document.

    :param default_flavor: the hosting model of a bare definition, which fits either.

    :param parameters: values for ARM template parameters and workflow definition parameters.
    :param app_settings: values for ``appsetting()`` (Standard), over local.settings.json.
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
        name = source.parent.name if source.name.lower() == "workflow.json" else source.stem
        settings = {**local_settings(source), **(app_settings or {})}
        reader = Reader(where, "/definition", given, settings)
        return [reader.workflow(name, document["definition"], Flavor.STANDARD, enabled=True)]
    if shape == "definition":
        reader = Reader(where, "", given, dict(app_settings or {}))
        flavor = default_flavor  # a bare definition fits either hosting model
        return [reader.workflow(source.stem, document, flavor, enabled=True)]
    if shape == "arm":
        found = []
        for index, raw in enumerate(document["resources"]):
            if not isinstance(raw, dict) or str(raw.get("type", "")).lower() != WORKFLOW_TYPE:
                continue
            context = ArmContext(document, given, where)
            resource = resolve_arm(raw, context, json_pointer("resources", index))
            name = resource.get("name")
            if not isinstance(name, str):
                raise DefinitionError(
                    "resource name must be a string",
                    path=where,
                    pointer=json_pointer("resources", index),
                )
            properties = resource.get("properties") or {}
            values = {
                key: spec["value"]
                for key, spec in (properties.get("parameters") or {}).items()
                if isinstance(spec, dict) and "value" in spec
            }
            reader = Reader(
                where,
                json_pointer("resources", index, "properties", "definition"),
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


def load_workflows(
    path: Path,
    *,
    parameters: dict[str, Any] | None = None,
    app_settings: dict[str, str] | None = None,
    default_flavor: Flavor = Flavor.CONSUMPTION,
) -> list[WorkflowSpec]:
    """Load every workflow in ``path`` (a file or a folder).

    :raises DefinitionError: for the first problem found, naming file and JSON pointer.
    """
    if not path.exists():
        raise DefinitionError("no such file or folder", path=str(path))
    workflows: list[WorkflowSpec] = []
    for file in definition_files(path):
        document = read_json(file)
        workflows.extend(
            workflows_from_document(
                document,
                file,
                parameters,
                app_settings=app_settings,
                default_flavor=default_flavor,
            )
        )
    if not workflows:
        raise DefinitionError("no workflow definitions found", path=str(path))
    return workflows
