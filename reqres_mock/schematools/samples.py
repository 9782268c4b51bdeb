"""Sample payload → JSON schema, as the designer's "Use sample payload to generate schema" does.

genson infers the schema; this module then reshapes it to what the Logic Apps designer emits
(its generator is ``generateSchemaFromValue`` in the open-source designer):

- every object is ``{"type": "object", "properties": {...}}``, nested to any depth;
- arrays are ``{"type": "array", "items": {...}}`` (no ``items`` for an empty array);
- numbers are ``integer`` when whole, else ``number``; ``null`` gives ``{}`` (any value);
- ``required`` appears **only on the items of an array of objects**, listing the properties
  found in every item. Plain objects get no ``required``, which is why the article's schema has
  none. ``required=True`` adds it to every object, listing the properties present.
- no ``$schema`` keyword: the result is read as draft-04, the trigger's default.

Where the designer gives up (an array whose items have different types gets no ``items``),
genson's merge is kept instead (``"type": ["integer", "string"]``, or ``anyOf``): it still
accepts the sample and tells more. An empty ``required`` is left out, since draft-04 forbids it.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.errors import ConfigurationError
from reqres_mock.schematools.extra import require


def schema_from_sample(sample: object, *, required: bool = False) -> dict[str, Any]:
    """A JSON schema in the Logic Apps designer's style that ``sample`` validates against.

    :param sample: a JSON value (dicts, lists, str, int, float, bool, None).
    :param required: also list the properties present on every object in ``required``
        (the designer only does so for the items of arrays of objects).
    :raises ConfigurationError: when ``sample`` holds something that is not JSON.
    """
    genson = require("genson", "schema_from_sample")  # the schematools extra
    node = require("genson.schema.node", "schema_from_sample")
    _check_json(sample, "")
    builder = genson.SchemaBuilder()
    try:
        builder.add_object(sample)
    except node.SchemaGenerationError as err:  # pragma: no cover - _check_json catches these first
        raise ConfigurationError(f"the sample is not JSON data: {err}") from err
    schema: dict[str, Any] = builder.to_schema()
    schema.pop("$schema", None)
    return _designer_style(schema, required=required, is_items=False)


def _check_json(value: object, pointer: str) -> None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{pointer}/{index}")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigurationError(
                    f"the sample is not JSON data: key {key!r} at '{pointer or '/'}' is not a "
                    "string"
                )
            _check_json(item, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        return
    raise ConfigurationError(
        f"the sample is not JSON data: {type(value).__name__} at '{pointer or '/'}'"
    )


def _designer_style(schema: dict[str, Any], *, required: bool, is_items: bool) -> dict[str, Any]:
    if schema == {"type": "null"}:
        return {}
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            result[key] = {
                name: _designer_style(sub, required=required, is_items=False)
                for name, sub in value.items()
            }
        elif key == "items":
            result[key] = _designer_style(value, required=required, is_items=True)
        elif key == "anyOf":
            # A null branch stays {"type": "null"}: as {} it would swallow the other branches.
            result[key] = [
                sub
                if sub == {"type": "null"}
                else _designer_style(sub, required=required, is_items=is_items)
                for sub in value
            ]
        elif key != "required":
            result[key] = value
    if result.get("type") == "object":
        result.setdefault("properties", {})
        present = set(schema.get("required", ()))
        if (required or is_items) and present:
            # The designer lists them in the sample's order; genson sorts them.
            result["required"] = [name for name in result["properties"] if name in present]
    return result
