"""A Logic Apps Standard project: the files beside the workflow folders.

A project root holds ``host.json``, ``local.settings.json`` (app settings in ``Values``),
``parameters.json`` (``{"name": {"type": ..., "value": ...}}``), ``connections.json``
(``serviceProviderConnections``, ``managedApiConnections``) and ``Artifacts/``; each workflow is
``<root>/<name>/workflow.json``. The runtime resolves ``@appsetting('x')`` inside
``parameters.json`` from the app settings, and ``@appsetting``/``@parameters`` inside
``connections.json``; this module does the same when a workflow of the project is loaded.

A value that names an app setting the project does not define is kept as an
:class:`Unresolved` marker: the workflow still loads, and the run that uses the value fails with
``InvalidTemplate`` naming the setting (``local.settings.json`` is often kept out of source
control, so a missing one must not refuse the whole folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import UntilLimit
from reqres_mock.definitions.documents import is_project_root, json_pointer, read_json
from reqres_mock.definitions.maps import read_maps
from reqres_mock.definitions.settings import (
    CALLER,
    AppSettings,
    host_setting,
    read_host_settings,
    read_parameters,
    read_settings,
)
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.templates import compile_value, evaluate_value

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: Trigger types the mock serves; any other trigger is replaced or the workflow is skipped.
REQUEST_TRIGGER_TYPES = frozenset({"request"})


class TriggerNotServedError(DefinitionError):
    """A workflow whose trigger is not a Request trigger, loaded without ``replace_triggers``.

    :ivar workflow: the workflow's name; :ivar trigger: the trigger's name and ``kind`` its type.
    :ivar replaceable: whether ``replace_triggers`` serves it (a conversational agent workflow's
        is not).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str,
        pointer: str,
        workflow: str,
        trigger: str,
        kind: str,
        replaceable: bool = True,
    ) -> None:
        super().__init__(message, path=path, pointer=pointer)
        self.workflow = workflow
        self.trigger = trigger
        self.kind = kind
        self.replaceable = replaceable

    @property
    def note(self) -> str:
        """One line for a folder load that skips the workflow."""
        if not self.replaceable:
            return (
                f"skipped workflow {self.workflow!r}: trigger {self.trigger!r} is {self.kind}, "
                "which reqres-mock does not serve"
            )
        return (
            f"skipped workflow {self.workflow!r}: trigger {self.trigger!r} is {self.kind}, not "
            "a Request trigger (load with replace_triggers=True / --replace-triggers to serve it)"
        )


@dataclass(frozen=True)
class Unresolved:
    """A project value that could not be resolved when it was loaded (a missing app setting).

    :ivar message: why, naming the file and the setting.
    """

    message: str

    def fail(self) -> ExpressionError:
        return ExpressionError(self.message)


@dataclass
class Project:
    """The project-level files of a Standard project, resolved.

    :ivar root: the project folder, or ``None`` when the workflow sits in no project.
    :ivar app_settings: ``Values`` of ``local.settings.json`` (then the caller's overrides).
    :ivar parameters: ``parameters.json`` values with ``@appsetting`` resolved, the caller's
        over them.
    :ivar connections: ``connections.json`` with ``@appsetting``/``@parameters`` resolved.
    :ivar maps: ``Artifacts/Maps`` XSLT texts by file name.
    :ivar host_settings: ``host.json``'s ``extensions.workflow.settings``.
    """

    root: Path | None = None
    app_settings: AppSettings = field(default_factory=AppSettings)
    parameters: dict[str, Any] = field(default_factory=dict)
    connections: dict[str, Any] = field(default_factory=dict)
    maps: dict[str, str] = field(default_factory=dict)
    host_settings: AppSettings = field(default_factory=AppSettings)


def find_root(source: Path) -> Path | None:
    """The project root of a workflow file: its folder's parent (``<root>/<name>/workflow.json``)
    or its own folder, whichever holds a project file; ``None`` outside a project."""
    for folder in (source.parent.parent, source.parent):
        if is_project_root(folder):
            return folder
    return None


class _Resolver:
    """The expression context of project files: ``appsetting()`` and ``parameters()`` only."""

    def __init__(
        self, source: Path, settings: AppSettings, parameters: dict[str, Any] | None
    ) -> None:
        self.source = source
        self.settings = settings
        self.parameters = parameters

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        key = str(args[0]) if len(args) == 1 else None
        if name == "appsetting" and key is not None:
            if key not in self.settings:
                raise _Missing(
                    f"The app setting '{key}' used in {self.source.name} is not defined"
                    f"{self.settings.hint(key)}; add it to Values in local.settings.json or give "
                    f"it with load(..., app_settings={{'{key}': ...}})"
                )
            return self.settings[key]
        if name == "parameters" and key is not None and self.parameters is not None:
            if key not in self.parameters:
                raise _Missing(
                    f"The parameter '{key}' used in {self.source.name} is not defined; add it "
                    f"to parameters.json or give it with load(..., parameters={{'{key}': ...}})"
                )
            value = self.parameters[key]
            if isinstance(value, Unresolved):
                raise _Missing(value.message)
            return value
        raise KeyError(name)

    def resolve(self, value: Any, pointer: str) -> Any:
        """``value`` with its expressions evaluated; an unresolvable one becomes
        :class:`Unresolved`.

        :raises DefinitionError: for an expression that is not valid, or uses a function the
            runtime does not allow in project files.
        """
        if isinstance(value, dict):
            return {k: self.resolve(v, f"{pointer}/{k}") for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, f"{pointer}/{i}") for i, v in enumerate(value)]
        if not isinstance(value, str) or "@" not in value:
            return value
        try:
            return evaluate_value(compile_value(value), self)
        except _Missing as missing:
            return Unresolved(str(missing))
        except (ExpressionError, KeyError) as err:
            raise DefinitionError(
                f"expression {value!r} cannot be resolved ({err}); project files may use "
                "appsetting() (and parameters() in connections.json)",
                path=str(self.source),
                pointer=pointer,
            ) from err


class _Missing(Exception):
    pass


def load_project(
    source: Path,
    app_settings: Mapping[str, str] | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Project:
    """The project around the workflow file ``source`` (an empty one outside a project).

    :param app_settings: the caller's app settings; they win over ``local.settings.json``.
    :param parameters: the caller's parameter values; they win over ``parameters.json`` in
        the workflows and in ``connections.json`` alike, as the runtime gives both one set.
    :raises DefinitionError: when a project file is not JSON or holds an invalid expression.
    """
    # A definition held in memory (add_definition) has no file, so no project around it.
    root = find_root(source) if source.is_file() else None
    if root is None:
        return Project(app_settings=AppSettings(app_settings or {}))
    settings = AppSettings(
        read_settings(root),
        app_settings or {},
        sources=(str(root / "local.settings.json"), CALLER),
    )
    values: dict[str, Any] = {}
    file = root / "parameters.json"
    if file.is_file():
        resolver = _Resolver(file, settings, None)
        for name, value in read_parameters(file).items():
            values[name] = resolver.resolve(value, json_pointer(name, "value"))
    values.update(parameters or {})
    connections: dict[str, Any] = {}
    file = root / "connections.json"
    if file.is_file():
        document = read_json(file)
        if not isinstance(document, dict):
            raise DefinitionError("connections.json must be a JSON object", path=str(file))
        connections = _Resolver(file, settings, values).resolve(document, "")
    host = AppSettings(read_host_settings(root), sources=(str(root / "host.json"),))
    return Project(root, settings, values, connections, read_maps(root), host)


def is_enabled(project: Project, workflow: str) -> bool:
    """Whether the app setting ``Workflows.<workflow>.FlowState`` leaves the workflow enabled
    (<https://learn.microsoft.com/azure/logic-apps/edit-app-settings-host-settings>, app
    settings: ``"Workflows.WorkflowName1.FlowState": "Disabled"``)."""
    state = project.app_settings.get(f"Workflows.{workflow}.FlowState", "Enabled")
    return state.strip().lower() != "disabled"


def until_limit(project: Project, *, stateless: bool) -> UntilLimit:
    """The largest Until ``limit.count``: 5000 for a stateful workflow, 100 for a stateless
    one, or the host setting that changes it (same page, "Until loops")."""
    name = "Runtime.Backend.{}MaximumUntilLimitCount".format("Stateless." if stateless else "")
    default = 100 if stateless else 5000
    count = host_setting(name, default, project.host_settings, project.app_settings)
    if count == default:
        kind = "a stateless" if stateless else "a stateful"
        return UntilLimit(count, f"Logic Apps' limit for {kind} workflow, host setting {name}")
    return UntilLimit(count, f"host setting {name}")


def connection_of(action_type: str, inputs: Any, connections: dict[str, Any]) -> Any:
    """``inputs`` of an ``ApiConnection``/``ServiceProvider`` action with the resolved
    connection from ``connections.json`` added, as the runtime resolves it before the call.

    ``ApiConnection``: ``inputs.host.connection`` gains the managed connection
    (``connectionRuntimeUrl``, ``authentication``, ``api``...); ``ServiceProvider``:
    ``inputs.serviceProviderConfiguration`` gains ``connection`` (``parameterValues``...).
    Other actions and unknown references are returned unchanged.

    :raises ExpressionError: when the connection uses an app setting that is not defined.
    """
    resolved = _with_connection(action_type, inputs, connections)
    if resolved is not inputs:
        unresolved = unresolved_in(resolved)
        if unresolved is not None:
            raise unresolved.fail()
    return resolved


def _with_connection(action_type: str, inputs: Any, connections: dict[str, Any]) -> Any:
    kind = action_type.lower()
    if not isinstance(inputs, dict):
        return inputs
    if kind in ("apiconnection", "apiconnectionwebhook"):
        host = inputs.get("host")
        reference = host.get("connection") if isinstance(host, dict) else None
        name = reference.get("referenceName") if isinstance(reference, dict) else None
        found = (connections.get("managedApiConnections") or {}).get(name)
        if isinstance(found, dict) and isinstance(host, dict) and isinstance(reference, dict):
            return {**inputs, "host": {**host, "connection": {**found, **reference}}}
    if kind == "serviceprovider":
        config = inputs.get("serviceProviderConfiguration")
        name = config.get("connectionName") if isinstance(config, dict) else None
        found = (connections.get("serviceProviderConnections") or {}).get(name)
        if isinstance(found, dict) and isinstance(config, dict):
            return {**inputs, "serviceProviderConfiguration": {**config, "connection": found}}
    return inputs


def unresolved_in(value: Any) -> Unresolved | None:
    """The first :class:`Unresolved` marker inside ``value``, if any."""
    if isinstance(value, Unresolved):
        return value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        found = unresolved_in(item)
        if found is not None:
            return found
    return None
