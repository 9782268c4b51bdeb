"""Definition documents on disk: reading them, recognising their shape, finding them.

Five shapes are recognised: a Logic Apps Standard ``workflow.json`` (``{"definition": ...}``),
a Consumption workflow's code view (``{"definition": ..., "parameters": {"x": {"value": ...}}}``),
a bare workflow definition (``{"triggers": ..., "actions": ...}``), an ARM template holding
``Microsoft.Logic/workflows`` resources, and one such resource as ``az logic workflow show``
prints it (``{"id", "name", "type", "properties": {"definition": ...}}``), read as a template of
that one resource.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import DefinitionError
from reqres_mock.language.utf16 import fold_case

if TYPE_CHECKING:
    from pathlib import Path

#: The ARM resource type of a Consumption logic app, lower-cased.
WORKFLOW_TYPE = "microsoft.logic/workflows"


def member_key(spec: dict[str, Any], name: str) -> str | None:
    """The key of ``spec`` that Newtonsoft reads as the member ``name``: that spelling, else one
    equal to it in any case (.NET ``OrdinalIgnoreCase``); ``None`` when there is none."""
    if name in spec:
        return name
    folded = fold_case(name)
    return next((k for k in spec if isinstance(k, str) and fold_case(k) == folded), None)


def json_pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


#: A JSON string, or a comment outside one.
#: An unclosed one runs to the end in one match, so a malformed file costs one pass.
_STRING_OR_COMMENT = re.compile(
    r'"(?:\\.|[^"\\])*(?:"|\\?\Z)|//[^\n]*|/\*(?:.*?\*/|.*\Z)', re.DOTALL
)


def _blank_comments(text: str) -> str:
    # Spaces keep every line and column where it was, for the error messages.
    def blank(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith('"') or (found.startswith("/*") and not found.endswith("*/")):
            return found  # a string, or an unclosed comment that the parser then refuses
        return re.sub(r"[^\n]", " ", found)

    return _STRING_OR_COMMENT.sub(blank, text)


#: Files the Functions host and ``func`` read with Newtonsoft's ``JObject.Parse``, whose
#: ``CommentHandling`` defaults to ``Ignore``: ``//`` and ``/* */`` comments are allowed there.
COMMENTED_FILES = frozenset({"host.json", "local.settings.json"})


def read_json(path: Path) -> Any:
    """Parse a JSON file (a UTF-8 BOM is allowed; comments in :data:`COMMENTED_FILES`).

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
        commented = path.name.lower() in COMMENTED_FILES
        return json.loads(_blank_comments(text) if commented else text)
    except json.JSONDecodeError as err:
        raise DefinitionError(
            f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}", path=str(path)
        ) from err
    except RecursionError as err:
        raise DefinitionError(
            "the JSON nests too deeply to be a definition", path=str(path)
        ) from err


def is_stateless(document: Any) -> bool:
    """Whether a Standard ``workflow.json`` document declares ``"kind": "Stateless"``."""
    return str(document.get("kind", "")).lower() == "stateless"


def is_workflow_resource(document: Any) -> bool:
    """Whether ``document`` is one ``Microsoft.Logic/workflows`` resource with a definition."""
    return (
        isinstance(document, dict)
        and str(document.get("type", "")).lower() == WORKFLOW_TYPE
        and isinstance(document.get("properties"), dict)
        and isinstance(document["properties"].get("definition"), dict)
    )


#: Where :func:`as_template` puts a lone resource.
_LONE_RESOURCE = "/resources/0"


def as_template(resource: dict[str, Any]) -> dict[str, Any]:
    """A lone workflow resource as a template holding it."""
    return {"resources": [resource]}


def unwrap_error(err: DefinitionError) -> DefinitionError:
    """An error found in :func:`as_template`'s template, pointing into the resource itself."""
    pointer = err.pointer
    if pointer is not None and pointer.startswith(_LONE_RESOURCE):
        pointer = pointer[len(_LONE_RESOURCE) :]
    return DefinitionError(err.message, path=err.path, pointer=pointer)


def deploys_workflow(template: Any, depth: int = 0) -> bool:
    """Whether an ARM template has a ``Microsoft.Logic/workflows`` resource, also in the
    template of a nested ``Microsoft.Resources/deployments`` resource."""
    resources = template.get("resources") if isinstance(template, dict) else None
    if not isinstance(resources, list) or depth > 10:
        return False
    for resource in resources:
        if not isinstance(resource, dict):
            continue
        kind = str(resource.get("type", "")).lower()
        if kind == WORKFLOW_TYPE:
            return True
        properties = resource.get("properties")
        nested = properties.get("template") if isinstance(properties, dict) else None
        if kind == "microsoft.resources/deployments" and deploys_workflow(nested, depth + 1):
            return True
    return False


def is_code_view(document: dict[str, Any]) -> bool:
    """Whether ``{"definition": ..., "parameters": {"<x>": {"value": ...}}}`` is a Consumption
    workflow's properties as the portal's code view and the REST API show them
    (https://learn.microsoft.com/rest/api/logic/workflows/create-or-update: ``properties.
    definition``, ``properties.parameters``), not a Standard ``workflow.json``, which has a
    ``kind`` and keeps its parameters in the project's parameters.json."""
    parameters = document.get("parameters")
    return (
        "kind" not in document
        and isinstance(parameters, dict)
        and bool(parameters)
        and all(isinstance(p, dict) and member_key(p, "value") for p in parameters.values())
    )


def detect_shape(document: Any) -> str | None:
    """``"arm"``, ``"standard"``, ``"codeview"``, ``"definition"``, or ``None`` when it is not
    a workflow.

    A lone workflow resource (``az logic workflow show``) counts as ``"arm"``; a definition
    with workflow parameter values beside it (:func:`is_code_view`) as ``"codeview"``.
    """
    if not isinstance(document, dict):
        return None
    if is_workflow_resource(document):
        return "arm"
    if deploys_workflow(document):
        return "arm"
    if isinstance(document.get("definition"), dict):
        return "codeview" if is_code_view(document) else "standard"
    if isinstance(document.get("triggers"), dict):
        return "definition"
    return None


#: The files that make a folder a Standard project's root: the Functions host reads them there.
PROJECT_FILES = ("host.json", "local.settings.json", "parameters.json", "connections.json")


def is_project_root(folder: Path) -> bool:
    """Whether ``folder`` holds one of a Standard project's own files."""
    return any((folder / name).is_file() for name in PROJECT_FILES)


def definition_files(path: Path) -> list[Path]:
    """The files to load for ``path``: itself, or for a folder every workflow file below it.

    Inside a Standard app (below a folder holding ``host.json``, which makes a Functions app's
    root) only ``<root>/<name>/workflow.json`` is a workflow, as the runtime reads one workflow
    per sub-folder of the app (ScoreUnder/IllogicApps ``IllogicApps.Console/Program.fs``,
    LogicAppUnit ``src/LogicAppUnit/Constants.cs``): a backup copy or an ARM template kept
    in the project is not served.
    """
    if not path.is_dir():
        return [path]
    roots: dict[Path, bool] = {}

    def project_of(file: Path) -> Path | None:
        for folder in file.parents:
            if folder not in roots:
                roots[folder] = (folder / "host.json").is_file()
            if roots[folder]:
                return folder
            if folder == path:
                return None
        return None

    found = []
    for file in sorted(path.rglob("*.json")):
        if not file.is_file():
            continue
        root = project_of(file)
        if root is not None:
            if file.name.lower() == "workflow.json" and file.parent.parent == root:
                found.append(file)
        elif file.name.lower() == "workflow.json" or detect_shape(peek(file)) is not None:
            found.append(file)
    return found


def none_found(path: Path) -> str:
    """Why a folder that holds no workflow file to serve holds none, when a reason is known."""
    if (path / "host.json").is_file() and (path / "workflow.json").is_file():
        return (
            "; a Standard app serves <root>/<name>/workflow.json, and its own folder's "
            "workflow.json is not one of its workflows (load that file by its path to serve it)"
        )
    return ""


def peek(path: Path) -> Any:
    """The parsed document at ``path``, or ``None`` when it cannot be read."""
    try:
        return read_json(path)
    except DefinitionError:
        return None
