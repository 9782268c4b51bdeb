"""A Standard project's app settings (``local.settings.json``) and ``parameters.json``, read as
the runtime reads them.

**App settings.** ``func`` reads ``Values`` into a ``Dictionary<string, string>`` with
Newtonsoft (Azure/azure-functions-core-tools ``src/Cli/func/Common/AppSettingsFile.cs``): a
number or boolean becomes its .NET text (``true`` is ``True``, ``1.0`` is ``1``), ``null`` sets
nothing, and an object or array fails the whole file. The host hands the values to the runtime
as environment variables, which .NET configuration reads with ``__`` as the ``:`` separator and
keys compared without case (<https://learn.microsoft.com/aspnet/core/fundamentals/configuration>,
"Environment variables" and "Configuration keys and values"); ScoreUnder/IllogicApps
``IllogicApps.Simulator.Test/SettingsFilesTests.fs`` reads ``test___trunder`` back as
``appsetting('test:_trunder')``. :class:`AppSettings` is that view.

**Parameters.** Each entry of ``parameters.json`` is ``{"type": ..., "value": ...}``, both
required (<https://learn.microsoft.com/azure/logic-apps/create-parameters-workflows>, Visual
Studio Code tab), the type one of Array, Bool, Float, Int, Object, String in any case (secure
types are not supported in Standard, same page). IllogicApps ``SettingsFilesTests.fs`` records
the rest: member names in any case, ``Integer`` refused, a ``null`` or missing value refused, an
integer refused for ``Float``. A name is letters, digits and ``-.()_`` (Azure/logicapps#471: the
runtime logs "The provided parameter name ' test' has these invalid characters ' '. The name
can only be a letter, digit, '-', '.', '(', ')' or '_'." and serves no workflow of the app).
:func:`read_parameters` refuses those with the file, the JSON pointer and the fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from reqres_mock.definitions.documents import json_pointer, read_json
from reqres_mock.errors import DefinitionError
from reqres_mock.language.utf16 import fold_case
from reqres_mock.language.values import to_text
from reqres_mock.protocol.routing import invalid_characters
from reqres_mock.protocol.schema import json_type_name as type_name

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "CALLER",
    "PARAMETER_TYPES",
    "AppSettings",
    "host_setting",
    "read_host_settings",
    "read_parameters",
    "read_settings",
]

#: The JSON type each ``parameters.json`` type takes, by lowercase type name.
PARAMETER_TYPES: dict[str, tuple[str, type | tuple[type, ...]]] = {
    "array": ("Array", list),
    "bool": ("Bool", bool),
    "float": ("Float", float),
    "int": ("Int", int),
    "object": ("Object", dict),
    "string": ("String", str),
}
_TYPE_NAMES = ", ".join(spelling for spelling, _ in PARAMETER_TYPES.values())
#: Names a user may reach for that the runtime does not take, and what to write instead.
_NEAR_MISSES = {
    "integer": "Int",
    "boolean": "Bool",
    "number": "Float",
    "double": "Float",
    "securestring": "String with @appsetting('…') (secure types aren't supported in Standard)",
    "secureobject": "Object with @appsetting('…') (secure types aren't supported in Standard)",
}


#: Where a setting the caller passed (``load(..., app_settings=...)``) comes from.
CALLER = "app_settings"


class _Setting(NamedTuple):
    key: str  # as configuration reads it ("a:b")
    value: str
    written: str  # as it was written ("a__b")
    source: str  # the file it was read from, or CALLER


class AppSettings(Mapping[str, str]):
    """App settings as ``appsetting()`` sees them: ``__`` in a name is ``:``, and names match
    in any case. Later layers win; ``sources`` names each layer's file (:data:`CALLER` for
    the caller's, the default).

    A caller's value that is a number or a boolean becomes its .NET text, and ``None`` sets
    nothing, as in ``local.settings.json``. ``appsetting('a__b')`` does not find a setting
    written ``a__b``: configuration stores it as ``a:b`` (:meth:`hint` says so).

    :raises DefinitionError: for a caller's value that is an object, a list or another type.
    """

    def __init__(self, *layers: Mapping[str, Any], sources: Sequence[str] = ()) -> None:
        self._values: dict[str, _Setting] = {}
        for index, layer in enumerate(layers):
            source = sources[index] if index < len(sources) else CALLER
            for name, value in layer.items():
                if value is None:
                    continue
                key = str(name).replace("__", ":")
                text = _caller_text(str(name), value)
                self._values[fold_case(key)] = _Setting(key, text, str(name), source)

    def __getitem__(self, name: str) -> str:
        return self._values[fold_case(name)].value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and fold_case(name) in self._values

    def __iter__(self) -> Iterator[str]:
        return (setting.key for setting in self._values.values())

    def origin(self, name: str) -> tuple[str, str]:
        """The file (or :data:`CALLER`) the setting ``name`` came from and how it was written
        there.

        :raises KeyError: when there is no such setting.
        """
        setting = self._values[fold_case(name)]
        return setting.source, setting.written

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        # Values are often secrets (connection strings, keys): only the names.
        return f"AppSettings({sorted(self)!r})"

    def hint(self, name: str) -> str:
        """A sentence for a missing ``name`` that a ``__`` spelling explains, else ``""``."""
        if "__" in name and name.replace("__", ":") in self:
            return f"; a setting written {name!r} is read as {name.replace('__', ':')!r}"
        return ""


def read_settings(root: Path) -> dict[str, str]:
    """``Values`` of ``local.settings.json`` at ``root`` (empty when there is none), each value
    the text ``func`` gives it.

    :raises DefinitionError: when the file is not JSON, ``Values`` is not an object, a value is
        an object or an array, or the values are encrypted.
    """
    file = root / "local.settings.json"
    if not file.is_file():
        return {}
    document = read_json(file)
    if not isinstance(document, dict):
        raise DefinitionError("local.settings.json must be a JSON object", path=str(file))
    if document.get("IsEncrypted") is True and document.get("Values"):
        raise DefinitionError(
            "the app settings are encrypted (func settings encrypt); decrypt them with "
            "'func settings decrypt' so they can be read",
            path=str(file),
            pointer="/IsEncrypted",
        )
    values = document.get("Values")
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise DefinitionError(
            "Values must be an object of app setting names and strings",
            path=str(file),
            pointer="/Values",
        )
    settings: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, (dict, list)):
            raise DefinitionError(
                f"app setting {name!r} is {'an object' if isinstance(value, dict) else 'an array'}"
                "; an app setting is a string (func ignores the whole file otherwise). Put "
                "structured values in parameters.json",
                path=str(file),
                pointer=json_pointer("Values", name),
            )
        if value is not None:
            settings[name] = to_text(value)
    return settings


def read_host_settings(root: Path) -> dict[str, str]:
    """The runtime's host settings: ``extensions.workflow.settings`` of ``host.json`` at
    ``root``, a flat object of names and values
    (<https://learn.microsoft.com/azure/logic-apps/edit-app-settings-host-settings>, "Manage
    host settings").

    :raises DefinitionError: when the file is not JSON (comments allowed), has no ``version``
        ``2.0``, or the settings are not a flat object.
    """
    file = root / "host.json"
    if not file.is_file():
        return {}
    document = read_json(file)
    if not isinstance(document, dict):
        raise DefinitionError("host.json must be a JSON object", path=str(file))
    version = document.get("version")
    if document and version != "2.0":
        # The Functions host refuses to start, in these words (azure-functions-host
        # HostJsonFileConfigurationSource.InitializeHostConfig); an empty file it fills in.
        if version in (None, ""):
            message = (
                "The host.json file is missing the required 'version' property. See "
                "https://aka.ms/functions-hostjson for steps to migrate the configuration file."
            )
        else:
            shown = version if isinstance(version, str) else to_text(version)
            message = (
                f"'{shown}' is an invalid value for host.json 'version' property. We recommend "
                "you set the 'version' property to '2.0'. See https://aka.ms/functions-hostjson "
                "for more information on this configuration file."
            )
            if not isinstance(version, str):
                message += ' (It is a JSON number here: write the string "2.0".)'
        raise DefinitionError(message, path=str(file), pointer="/version")
    extensions = document.get("extensions")
    workflow = extensions.get("workflow") if isinstance(extensions, dict) else None
    found = workflow.get("settings") if isinstance(workflow, dict) else None
    if found is None:
        return {}
    pointer = json_pointer("extensions", "workflow", "settings")
    if not isinstance(found, dict):
        raise DefinitionError(
            "the host settings must be an object", path=str(file), pointer=pointer
        )
    settings: dict[str, str] = {}
    for name, value in found.items():
        if isinstance(value, (dict, list)) or value is None:
            raise DefinitionError(
                f"host setting {name!r} must be a string or a number (a flat list of settings)",
                path=str(file),
                pointer=json_pointer("extensions", "workflow", "settings", name),
            )
        settings[name] = to_text(value)
    return settings


#: The app setting that overrides a host.json value (Azure Functions' ``AzureFunctionsJobHost``
#: prefix, https://learn.microsoft.com/azure/azure-functions/functions-host-json#override-hostjson-values).
_HOST_OVERRIDE = "AzureFunctionsJobHost:extensions:workflow:settings:"


def host_setting(name: str, default: int, host: AppSettings, app: AppSettings) -> int:
    """A count a host setting gives: an app setting ``AzureFunctionsJobHost__extensions__
    workflow__settings__<name>`` over ``host.json``, over ``default``.

    :raises DefinitionError: when the value is not a whole number from 0 up, naming the file
        and JSON pointer it was read from.
    """
    override = _HOST_OVERRIDE + name
    holder: tuple[str, ...]
    if override in app:
        settings, lookup, holder = app, override, ("Values",)
    elif name in host:
        settings, lookup, holder = host, name, ("extensions", "workflow", "settings")
    else:
        return default
    value = settings[lookup].strip()
    if value.isascii() and value.isdigit():
        return int(value)
    source, written = settings.origin(lookup)
    caller = source == CALLER
    raise DefinitionError(
        f"host setting {name!r} must be a whole number from 0 up, got {settings[lookup]!r}"
        + (" (given in app_settings)" if caller else ""),
        path=None if caller else source,
        pointer=None if caller else json_pointer(*holder, written),
    )


def _caller_text(name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return to_text(value)
    raise DefinitionError(
        f"app setting {name!r} is {type(value).__name__}; an app setting is a string "
        "(a number or boolean is taken as its text)"
    )


def read_parameters(file: Path) -> dict[str, Any]:
    """The raw values of ``parameters.json`` by name, each checked against its type.

    :raises DefinitionError: for a file that is not an object of ``{"type", "value"}`` entries,
        a type the runtime does not know, or a value of another JSON type than its type.
    """
    document = read_json(file)
    if not isinstance(document, dict):
        raise DefinitionError("parameters.json must be a JSON object", path=str(file))
    values: dict[str, Any] = {}
    for name, spec in document.items():
        pointer = json_pointer(name)
        invalid = invalid_characters(name, "-.()_")
        if invalid:
            raise DefinitionError(
                f"The provided parameter name '{name}' has these invalid characters '{invalid}'. "
                "The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
                path=str(file),
                pointer=pointer,
            )
        if not isinstance(spec, dict):
            raise DefinitionError(
                f"parameter {name!r} must be an object with 'type' and 'value'",
                path=str(file),
                pointer=pointer,
            )
        members = {str(key).lower(): key for key in spec}
        for member in ("type", "value"):
            if member not in members:
                raise DefinitionError(
                    f"parameter {name!r} has no {member!r}; each parameter needs both 'type' "
                    "and 'value'",
                    path=str(file),
                    pointer=pointer,
                )
        kind, value = spec[members["type"]], spec[members["value"]]
        expected = PARAMETER_TYPES.get(kind.lower()) if isinstance(kind, str) else None
        if expected is None:
            near = _NEAR_MISSES.get(kind.lower()) if isinstance(kind, str) else None
            raise DefinitionError(
                f"parameter {name!r} has type {kind!r}"
                + (f"; write {near}" if near else "")
                + f" (the types are {_TYPE_NAMES})",
                path=str(file),
                pointer=json_pointer(name, members["type"]),
            )
        spelling, json_types = expected
        if _is_expression(value):
            # "@appsetting('n')" under an Int: its type is known only once resolved, and no
            # public source says what the runtime makes of it; taken, as the setting's text.
            values[name] = value
            continue
        if value is None or not isinstance(value, json_types) or _is_bool_for_number(value, kind):
            fix = ""
            if spelling == "Float" and _is_integer(value):
                fix = f"; write it with a decimal point ({value}.0)"
            # the runtime's sentence: "The provided value for the workflow parameter
            # 'IsSoftDeleted' is not valid" (a Bool written "true" in a Standard project's
            # parameters.json; a public deployment guide's notes of the runtime error)
            raise DefinitionError(
                f"The provided value for the workflow parameter '{name}' is not valid: it is "
                f"{spelling} but its value is {_json_kind(value)}{fix}",
                path=str(file),
                pointer=json_pointer(name, members["value"]),
            )
        values[name] = value
    return values


def _is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("@") and not value.startswith("@@")


def _is_bool_for_number(value: Any, kind: str) -> bool:
    # In Python a bool is an int; JSON's true is not a number.
    return isinstance(value, bool) and kind.lower() != "bool"


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_kind(value: Any) -> str:
    name = type_name(value)
    if name == "Null":
        return "null"
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name.lower()}"
