"""Object functions: ``setProperty``, ``addProperty``, ``removeProperty``.

Property names match case-insensitively, an exact spelling first, as the runtime's objects
do; ``setProperty`` moves the property to the end under the name it already had, and
``addProperty`` refuses a name that exists in any case (IllogicApps'
``ManipulationFunctionsTests.fs``, checked there against the runtime). A child property is set
by nesting calls, as the reference shows:
``setProperty(obj, 'parent', setProperty(obj['parent'], 'child', value))``. Binary content is an
object too, so these work on it.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.language.registry import fail, function, text_arg, type_error
from reqres_mock.protocol.jsonwire import dumps


def _indented(value: Any, depth: int = 0) -> str:
    """``value`` as JSON indented by two spaces, as Newtonsoft's ``Formatting.Indented``."""
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict) and value:
        items = (f"{inner}{dumps(k)}: {_indented(v, depth + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list) and value:
        items = (f"{inner}{_indented(v, depth + 1)}" for v in value)
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return dumps(value)


def _object(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise type_error(name, value, "an object")
    return value


def find_key(target: dict[str, Any], key: str) -> str | None:
    """The key of ``target`` that ``key`` names: the exact spelling, else the first that
    matches ignoring case."""
    if key in target:
        return key
    lowered = key.lower()
    return next((k for k in target if k.lower() == lowered), None)


@function("setProperty", 3)
def _set_property(target: Any, key: Any, value: Any) -> dict[str, Any]:
    result = dict(_object("setProperty", target))
    name = text_arg("setProperty", key, 1)
    existing = find_key(result, name)
    if existing is not None:
        del result[existing]
        name = existing
    result[name] = value
    return result


@function("addProperty", 3)
def _add_property(target: Any, key: Any, value: Any) -> dict[str, Any]:
    result = dict(_object("addProperty", target))
    name = text_arg("addProperty", key, 1)
    if find_key(result, name) is not None:
        # tomdam/flowforger packages/engine/src/expr/functions/collections.ts ("verified against
        # the cloud"): the object written indented, as Newtonsoft's Formatting.Indented writes it
        raise fail(
            "addProperty",
            "expects the property to not exist in the object. Unable to add property "
            f"'{name}' to '{_indented(result)}' as it already exists.",
        )
    result[name] = value
    return result


@function("removeProperty", 2)
def _remove_property(target: Any, key: Any) -> dict[str, Any]:
    result = dict(_object("removeProperty", target))
    existing = find_key(result, text_arg("removeProperty", key, 1))
    if existing is not None:
        del result[existing]
    return result
