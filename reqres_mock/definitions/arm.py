"""ARM templates: the ``[...]`` template expressions in a template's workflow resources."""

from __future__ import annotations

from typing import Any

from reqres_mock.definitions.documents import json_pointer
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.expressions import parse as parse_expression
from reqres_mock.protocol.headers import RESOURCE_GROUP, SUBSCRIPTION_ID


class ArmContext:
    """ARM template functions for ``[...]`` expressions in a template's resources."""

    def __init__(self, template: dict[str, Any], given: dict[str, Any], source: str) -> None:
        self.template = template
        self.given = given
        self.source = source

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        if name == "parameters" and len(args) == 1:
            key = str(args[0])
            if key in self.given:
                return self.given[key]
            spec = (self.template.get("parameters") or {}).get(key)
            if isinstance(spec, dict) and "defaultValue" in spec:
                return resolve_arm(spec["defaultValue"], self, json_pointer("parameters", key))
            raise DefinitionError(
                f"ARM parameter {key!r} has no defaultValue; give it with "
                f"parameters={{{key!r}: ...}} (CLI: --param NAME=VALUE)",
                path=self.source,
                pointer=json_pointer("parameters", key),
            )
        if name == "variables" and len(args) == 1:
            key = str(args[0])
            variables = self.template.get("variables") or {}
            if key not in variables:
                raise DefinitionError(f"ARM variable {key!r} is not defined", path=self.source)
            return resolve_arm(variables[key], self, json_pointer("variables", key))
        if name == "resourceid" and len(args) >= 2:
            kind, *names = (str(a) for a in args)
            return (
                f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{RESOURCE_GROUP}"
                f"/providers/{kind}/{'/'.join(names)}"
            )
        if name == "resourcegroup" and not args:
            return {
                "name": RESOURCE_GROUP,
                "location": "westeurope",
                "id": f"/resourceGroups/{RESOURCE_GROUP}",
            }
        if name == "subscription" and not args:
            return {"subscriptionId": SUBSCRIPTION_ID}
        raise KeyError(name)


def resolve_arm(value: Any, context: ArmContext, pointer: str) -> Any:
    """``value`` with ARM ``[...]`` expressions evaluated (``[[`` escapes a literal ``[``).

    :raises DefinitionError: for an ARM expression that cannot be evaluated.
    """
    if isinstance(value, str):
        if value.startswith("[[") or not (value.startswith("[") and value.endswith("]")):
            return value[1:] if value.startswith("[[") else value
        try:
            return parse_expression(value[1:-1]).evaluate(context)
        except (ExpressionError, KeyError) as err:
            raise DefinitionError(
                f"ARM expression {value!r} cannot be evaluated by reqres-mock ({err}); "
                "supported: parameters, variables, resourceId, concat and the string functions",
                path=context.source,
                pointer=pointer,
            ) from err
    if isinstance(value, dict):
        return {k: resolve_arm(v, context, pointer + json_pointer(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_arm(v, context, pointer + json_pointer(i)) for i, v in enumerate(value)]
    return value
