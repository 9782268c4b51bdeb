"""ARM template expressions: the ``[...]`` values of a template, and the template functions.

The functions a workflow resource uses are evaluated as Azure Resource Manager documents them
(https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions):
``parameters``, ``variables``, ``resourceId``, ``subscriptionResourceId``, ``tenantResourceId``,
``subscription``, ``resourceGroup``, ``tenant``, ``uniqueString`` and the string, logical and
collection functions the Workflow Definition Language shares with them. The deployment is the
mock's own: subscription and tenant ``00000000-0000-0000-0000-000000000000``, resource group
``reqres-mock`` in ``westeurope``.

Functions that read what a deployment creates (``reference``, ``list*``, ``environment``,
``deployment``...) have no value here: they raise :class:`ArmEvaluationError`, which the caller
turns into a load error naming what to supply, or keeps as an unresolved value for a workflow
parameter (see :mod:`reqres_mock.definitions.deployments`).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from reqres_mock.definitions.documents import json_pointer
from reqres_mock.errors import DefinitionError, ExpressionError
from reqres_mock.language.expressions import parse as parse_expression
from reqres_mock.protocol.headers import RESOURCE_GROUP, SUBSCRIPTION_ID

#: The mock deployment's tenant (ARM's ``subscription().tenantId``, ``tenant().tenantId``).
TENANT_ID = "00000000-0000-0000-0000-000000000000"
#: Its region (``resourceGroup().location``).
LOCATION = "westeurope"

#: Functions that read deployed resources or the deploying cloud, which the mock has not got.
_DEPLOY_TIME = frozenset(
    {"reference", "environment", "deployment", "providers", "pickzones", "managementgroup"}
)


#: The template functions Azure Resource Manager documents (lower case), by the function
#: reference's categories (learn.microsoft.com/azure/azure-resource-manager/templates/
#: template-functions, -lambda, -deployment): one of these the mock lacks has a value it can be
#: given. A name close to one of them is a misspelling, which ARM refuses; any other is taken
#: for a function newer than this list and left for the run that reads it.
ARM_FUNCTIONS = frozenset(
    {
        # array and object
        *("array", "concat", "contains", "createarray", "createobject", "empty", "first"),
        *("indexof", "intersection", "items", "json", "last", "lastindexof", "length", "max"),
        *("min", "null", "objectkeys", "range", "shallowmerge", "skip", "take", "tryget"),
        *("union",),
        # cidr, comparison, date, deployment, lambda, logical, numeric
        *("indexfromend", "tryindexfromend", "lambda", "lambdavariables", "deployer"),
        *("parsecidr", "cidrsubnet", "cidrhost", "coalesce", "equals", "greater"),
        *("greaterorequals", "less", "lessorequals", "datetimeadd", "datetimefromepoch"),
        *("datetimetoepoch", "utcnow", "deployment", "environment", "parameters", "variables"),
        *("filter", "groupby", "map", "mapvalues", "reduce", "sort", "toobject", "and", "bool"),
        *("false", "if", "not", "or", "true", "add", "copyindex", "div", "float", "int", "mod"),
        *("mul", "sub"),
        # resource and scope
        *("extensionresourceid", "managementgroup", "managementgroupresourceid", "pickzones"),
        *("providers", "reference", "references", "resourcegroup", "resourceid"),
        *("subscription", "subscriptionresourceid", "tenant", "tenantresourceid"),
        # string
        *("base64", "base64tojson", "base64tostring", "datauri", "datauritostring", "endswith"),
        *("format", "guid", "join", "newguid", "padleft", "replace", "split", "startswith"),
        *("string", "substring", "tolower", "toupper", "trim", "uniquestring", "uri"),
        *("uricomponent", "uricomponenttostring"),
    }
)
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_CALLED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def _misspelled(expression: str) -> tuple[str, str] | None:
    """The first name ``expression`` calls that is no ARM template function but close to one
    (``concatt``), with that one (``list*`` functions are all real)."""
    for called in _CALLED.finditer(_QUOTED.sub("''", expression)):
        name = called.group(1)
        lower = name.lower()
        if lower in ARM_FUNCTIONS or lower.startswith("list"):
            continue
        close = difflib.get_close_matches(lower, ARM_FUNCTIONS, n=1, cutoff=0.8)
        if close:
            return name, close[0]
    return None


class ArmEvaluationError(DefinitionError):
    """An ARM expression that parses but has no value here (a deploy-time function, a template
    parameter without a value); a value that needs it can be given with ``parameters=``."""


def unique_string(*values: str) -> str:
    """ARM's ``uniqueString``: 13 characters of base 32 (``a``-``z``, ``2``-``7``) from the
    64-bit MurmurHash of the UTF-8 of the values joined with ``-``.

    The algorithm is the one published in Microsoft's Kudu (``Kudu.Core/Helpers/HashHelper.cs``
    ``MurmurHash64``) and shown by decompilations of ARM's ``ExpressionBuiltInFunctions``
    (``ConcatStrings("-")``, ``Base32Encode``); the documented shape (13 characters, the same
    for the same arguments) is template-functions-string#uniquestring. It is not known to equal
    Azure's: the one Azure-computed value found (a test in a public Azure sample: a VM id to
    ``yeygmhukyx3qg``) is not reproduced, so treat it as a stable 13-character hash only.
    """
    return _base32(_murmur_hash64("-".join(values).encode("utf-8")))


_MASK = 0xFFFFFFFF


def _rotl(value: int, count: int) -> int:
    return ((value << count) | (value >> (32 - count))) & _MASK


def _murmur_hash64(data: bytes) -> int:
    c1, c2, c3, c4, c5, c6 = (
        0x239B961B,
        0xAB0E9789,
        0x561CCD1B,
        0x0BCAA747,
        0x85EBCA6B,
        0xC2B2AE35,
    )
    h1 = h2 = 0
    length = len(data)
    index = 0
    while index + 8 <= length:
        k1 = int.from_bytes(data[index : index + 4], "little")
        k2 = int.from_bytes(data[index + 4 : index + 8], "little")
        h1 ^= _rotl(k1 * c1 & _MASK, 15) * c2 & _MASK
        h1 = ((_rotl(h1, 19) + h2) * 5 + c3) & _MASK
        h2 ^= _rotl(k2 * c2 & _MASK, 17) * c1 & _MASK
        h2 = ((_rotl(h2, 13) + h1) * 5 + c4) & _MASK
        index += 8
    tail = length - index
    if tail > 0:
        k1 = int.from_bytes(data[index : index + min(tail, 4)], "little")
        h1 ^= _rotl(k1 * c1 & _MASK, 15) * c2 & _MASK
        if tail > 4:
            k2 = int.from_bytes(data[index + 4 : length], "little")
            h2 ^= _rotl(k2 * c2 & _MASK, 17) * c1 & _MASK
    h1 ^= length & _MASK
    h2 ^= length & _MASK
    h1 = (h1 + h2) & _MASK
    h2 = (h2 + h1) & _MASK

    def mix(h: int) -> int:
        h = (h ^ (h >> 16)) * c5 & _MASK
        h = (h ^ (h >> 13)) * c6 & _MASK
        return h ^ (h >> 16)

    h1, h2 = mix(h1), mix(h2)
    h1 = (h1 + h2) & _MASK
    h2 = (h2 + h1) & _MASK
    return (h2 << 32) | h1


def _base32(value: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    letters = []
    for _ in range(13):  # the top five bits each time: 65 bits, the last letter's low bit 0
        letters.append(alphabet[value >> 59])
        value = (value << 5) & 0xFFFFFFFFFFFFFFFF
    return "".join(letters)


def _provider_path(function: str, kind: str, names: list[str]) -> str:
    """``<namespace>/<type1>/<name1>/<type2>/<name2>...`` (template-functions-resource)."""
    namespace, _, types = kind.partition("/")
    segments = [t for t in types.split("/") if t]
    if not segments or len(segments) != len(names):
        raise ExpressionError(
            f"The template function '{function}' expects one resource name for each type "
            f"segment of '{kind}' ({len(segments)}), got {len(names)}"
        )
    pairs = "/".join(f"{t}/{n}" for t, n in zip(segments, names, strict=True))
    return f"/providers/{namespace}/{pairs}"


def _split_scope(args: list[Any], function: str, most: int) -> tuple[list[str], str, list[str]]:
    """The leading scope arguments, the resource type and the names: the type is the first
    argument with a ``/``."""
    texts = [str(a) for a in args]
    for index, text in enumerate(texts):
        if "/" in text:
            if index > most:
                break
            return texts[:index], text, texts[index + 1 :]
    raise ExpressionError(
        f"The template function '{function}' needs a resource type such as "
        "'Microsoft.Web/sites' after at most "
        f"{most} scope argument(s)"
    )


class ArmContext:
    """What ``[...]`` expressions of one template see: its parameters and variables.

    :param given: the caller's values of template parameters (``load(..., parameters=)``).
    :param base: the template's JSON pointer in the file (a nested template's is under its
        deployment resource).
    :param passed: for a nested template evaluated in its own (``inner``) scope, the
        deployment's ``properties.parameters`` and the context that evaluates them.
    """

    def __init__(
        self,
        template: dict[str, Any],
        given: dict[str, Any],
        source: str,
        *,
        base: str = "",
        passed: tuple[dict[str, Any], ArmContext, str] | None = None,
    ) -> None:
        self.template = template
        self.given = given
        self.source = source
        self.base = base
        self.passed = passed

    def parameter(self, key: str) -> Any:
        """The value of template parameter ``key``: given, passed, or its ``defaultValue``.

        :raises ArmEvaluationError: when it has none, or its default needs a deploy-time value.
        """
        pointer = self.base + json_pointer("parameters", key)
        supply = f"give it with load(..., parameters={{{key!r}: ...}}) (CLI: --param {key}=VALUE)"
        if self.passed is None and key in self.given:
            return self.given[key]
        if self.passed is not None:
            values, outer, where = self.passed
            spec = values.get(key)
            if isinstance(spec, dict) and "value" in spec:
                return resolve_arm(spec["value"], outer, where + json_pointer(key, "value"))
        spec = (self.template.get("parameters") or {}).get(key)
        if isinstance(spec, dict) and "defaultValue" in spec:
            try:
                return resolve_arm(spec["defaultValue"], self, pointer + "/defaultValue")
            except ArmEvaluationError as err:
                raise ArmEvaluationError(
                    f"ARM parameter {key!r}: {err.message}; {supply}",
                    path=err.path,
                    pointer=err.pointer,
                ) from err
        if self.passed is not None:
            supply = "the nested deployment passes it no value (properties.parameters)"
        raise ArmEvaluationError(
            f"ARM parameter {key!r} has no defaultValue; {supply}",
            path=self.source,
            pointer=pointer,
        )

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        if name == "parameters" and len(args) == 1:
            return self.parameter(str(args[0]))
        if name == "variables" and len(args) == 1:
            key = str(args[0])
            variables = self.template.get("variables") or {}
            if key not in variables:
                # ARM's sentence: "The template variable 'azuresentinel-30' is not found.
                # Please see https://aka.ms/arm-syntax-variables for usage details."
                # (InvalidTemplate; rod-trent/SentinelPlaybooks#8, a deployment that failed)
                raise DefinitionError(
                    f"The template variable '{key}' is not found. Please see "
                    "https://aka.ms/arm-syntax-variables for usage details.",
                    path=self.source,
                    pointer=self.base + "/variables",
                )
            return resolve_arm(variables[key], self, self.base + json_pointer("variables", key))
        if name == "resourceid" and len(args) >= 2:
            scope, kind, names = _split_scope(args, "resourceId", 2)
            subscription = scope[0] if len(scope) == 2 else SUBSCRIPTION_ID
            group = scope[-1] if scope else RESOURCE_GROUP
            return f"/subscriptions/{subscription}/resourceGroups/{group}" + _provider_path(
                "resourceId", kind, names
            )
        if name == "subscriptionresourceid" and len(args) >= 2:
            scope, kind, names = _split_scope(args, "subscriptionResourceId", 1)
            subscription = scope[0] if scope else SUBSCRIPTION_ID
            return f"/subscriptions/{subscription}" + _provider_path(
                "subscriptionResourceId", kind, names
            )
        if name == "tenantresourceid" and len(args) >= 2:
            _, kind, names = _split_scope(args, "tenantResourceId", 0)
            return _provider_path("tenantResourceId", kind, names)
        if name == "resourcegroup" and not args:
            return {
                "id": f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{RESOURCE_GROUP}",
                "name": RESOURCE_GROUP,
                "type": "Microsoft.Resources/resourceGroups",
                "location": LOCATION,
                "properties": {"provisioningState": "Succeeded"},
            }
        if name == "subscription" and not args:
            return {
                "id": f"/subscriptions/{SUBSCRIPTION_ID}",
                "subscriptionId": SUBSCRIPTION_ID,
                "tenantId": TENANT_ID,
                "displayName": "reqres-mock",
            }
        if name == "tenant" and not args:
            return {"tenantId": TENANT_ID, "countryCode": "US", "displayName": "reqres-mock"}
        if name == "uniquestring" and args:
            return unique_string(*(str(a) for a in args))
        if name in _DEPLOY_TIME or name.startswith("list"):
            raise ArmEvaluationError(
                f"the ARM function '{name}' reads the deployed resources or the cloud, which "
                "reqres-mock does not have",
                path=self.source,
            )
        raise KeyError(name)


def resolve_arm(value: Any, context: ArmContext, pointer: str) -> Any:
    """``value`` with ARM ``[...]`` expressions evaluated (``[[`` escapes a literal ``[``).

    :raises ArmEvaluationError: for one that needs what the mock has not got (a deploy-time
        function, a parameter without a value).
    :raises DefinitionError: for one that does not parse or evaluate.
    """
    if isinstance(value, str):
        if value.startswith("[[") or not (value.startswith("[") and value.endswith("]")):
            return value[1:] if value.startswith("[[") else value
        try:
            expression = parse_expression(value[1:-1])
        except ExpressionError as err:
            raise DefinitionError(
                f"ARM expression {value!r} is not valid: {err}",
                path=context.source,
                pointer=pointer,
            ) from err
        try:
            return expression.evaluate(context)
        except ArmEvaluationError as err:
            if err.pointer is None:  # raised by a function: point at the expression
                raise ArmEvaluationError(err.message, path=err.path, pointer=pointer) from err
            raise
        except (ExpressionError, KeyError) as err:
            mistake = _misspelled(value[1:-1])
            if mistake is not None:  # ARM refuses the template: so does the load
                raise DefinitionError(
                    f"The template function '{mistake[0]}' is not valid (ARM expression "
                    f"{value!r}; did you mean '{mistake[1]}'?); see https://aka.ms/arm-functions",
                    path=context.source,
                    pointer=pointer,
                ) from err
            # An ARM function the mock has not got: a value that needs it can be given, so a
            # workflow parameter holding it is left for the run that reads it.
            raise ArmEvaluationError(
                f"ARM expression {value!r} cannot be evaluated by reqres-mock ({err}); "
                "supported: parameters, variables, resourceId, subscriptionResourceId, "
                "tenantResourceId, subscription, resourceGroup, tenant, uniqueString, concat "
                "and the string functions",
                path=context.source,
                pointer=pointer,
            ) from err
    if isinstance(value, dict):
        return {k: resolve_arm(v, context, pointer + json_pointer(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_arm(v, context, pointer + json_pointer(i)) for i, v in enumerate(value)]
    return value
