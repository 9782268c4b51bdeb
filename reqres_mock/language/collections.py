"""Collection functions on strings, arrays and objects: ``length``, ``contains``,
``empty``, ``first``/``last``, ``union``/``intersection``, ``join``, ``skip``/``take``,
``reverse``, ``sort``, ``chunk``, ``createArray`` and ``range``.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.errors import ExpressionError
from reqres_mock.language.registry import (
    array_arg,
    fail,
    function,
    integer_arg,
    text_arg,
    type_error,
    type_name,
    usage,
)
from reqres_mock.language.utf16 import from_units, unit_length, units
from reqres_mock.language.values import same, to_text

#: Logic Apps' limit on collection sizes produced by functions such as range().
MAX_COLLECTION = 100_000


@function("length", 1)
def _length(value: Any) -> int:
    # An object (binary and XML included) has no length in the runtime (IllogicApps'
    # StringFunctionsTests.fs, "length test cases").
    if isinstance(value, str):
        return unit_length(value)
    if isinstance(value, list):
        return len(value)
    raise type_error("length", value, "an array or a string")


@function("contains", 2)
def _contains(collection: Any, value: Any) -> bool:
    if isinstance(collection, str):
        return to_text(value) in collection
    if isinstance(collection, list):
        return any(same(item, value) for item in collection)
    if isinstance(collection, dict):
        return isinstance(value, str) and value in collection
    # tomdam/flowforger packages/engine/src/expr/functions/logic.ts ("verified against the cloud")
    raise fail(
        "contains",
        "expects its first argument 'collection' to be a dictionary (object), an array or a "
        f"string. The provided value is of type '{type_name(collection)}'.",
    )


@function("empty", 1)
def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    # tomdam/flowforger packages/engine/src/expr/functions/logic.ts ("verified against the cloud")
    raise type_error("empty", value, "an object, an array or a string")


@function("first", 1)
def _first(collection: Any) -> Any:
    if isinstance(collection, (str, list)):
        if not collection:
            return "" if isinstance(collection, str) else None
        # a string's first code unit is its first character's: only that one is converted
        return from_units(units(collection[0])[0]) if isinstance(collection, str) else collection[0]
    raise _not_array_or_string("first", collection)


@function("last", 1)
def _last(collection: Any) -> Any:
    if isinstance(collection, (str, list)):
        if not collection:
            return "" if isinstance(collection, str) else None
        return (
            from_units(units(collection[-1])[-1]) if isinstance(collection, str) else collection[-1]
        )
    raise _not_array_or_string("last", collection)


def _not_array_or_string(name: str, value: Any) -> ExpressionError:
    """first()'s and last()'s type error, with the runtime's missing "to" (tomdam/flowforger
    packages/engine/src/expr/functions/collections.ts, "verified against the cloud")."""
    return fail(
        name,
        f"expects its parameter be an array or a string. The provided value is of type "
        f"'{type_name(value)}'. {usage(name)}",
    )


def _same_kind(name: str, collections: tuple[Any, ...]) -> bool:
    """Whether the collections are all objects (else they are all arrays).

    :raises ExpressionError: "Template language function 'union' expects parameters of same
        type, but found 'Integer,Array' distinct types." (tomdam/flowforger
        packages/engine/src/expr/functions/collections.ts, "verified against the cloud").
    """
    if all(isinstance(c, dict) for c in collections):
        return True
    if all(isinstance(c, list) for c in collections):
        return False
    found = ",".join(dict.fromkeys(type_name(c) for c in collections))
    raise ExpressionError(
        f"Template language function '{name}' expects parameters of same type, but found "
        f"'{found}' distinct types."
    )


@function("union", 2, -1)
def _union(*collections: Any) -> Any:
    if _same_kind("union", collections):
        merged: dict[str, Any] = {}
        for c in collections:
            merged.update(c)
        return merged
    result: list[Any] = []
    for index, c in enumerate(collections):
        for item in array_arg("union", c, index):
            if not any(same(item, seen) for seen in result):
                result.append(item)
    return result


@function("intersection", 2, -1)
def _intersection(*collections: Any) -> Any:
    if _same_kind("intersection", collections):
        first, *rest = collections
        return {k: v for k, v in first.items() if all(k in o and same(o[k], v) for o in rest)}
    first_list, *others = [
        array_arg("intersection", c, index) for index, c in enumerate(collections)
    ]
    result: list[Any] = []
    for item in first_list:
        if all(any(same(item, o) for o in other) for other in others) and not any(
            same(item, r) for r in result
        ):
            result.append(item)
    return result


@function("join", 2)
def _join(collection: Any, delimiter: Any) -> str:
    items = array_arg("join", collection)
    return text_arg("join", delimiter, 1).join(to_text(v) for v in items)


def _count(name: str, count: Any) -> int:
    n = integer_arg(name, count, 1)
    if n < 0:
        # IllogicApps' "take test cases": a negative count is an error, not an empty result.
        # the words: tomdam/flowforger packages/engine/src/expr/functions/collections.ts
        raise fail(
            name,
            "parameters are out of range: 'count' must be a positive integer. The provided "
            f"value is '{n}'. {usage(name)}",
        )
    return n


@function("skip", 2)
def _skip(collection: Any, count: Any) -> Any:
    n = _count("skip", count)
    # A string skips its first n UTF-16 units, as take() keeps them: skip('notarray', 3) is
    # 'array', measured in the cloud (tomdam/flowforger packages/engine/src/expr/functions/
    # collections.ts: "take/skip work on strings", from conformance/flows/expressions.ff.ts).
    if isinstance(collection, str):
        return from_units(units(collection)[n:])
    if isinstance(collection, list):
        return collection[n:]
    raise type_error("skip", collection, "an array or a string")


@function("take", 2)
def _take(collection: Any, count: Any) -> Any:
    n = _count("take", count)
    if isinstance(collection, str):
        return from_units(units(collection[:n])[:n])  # n characters hold at least n code units
    if isinstance(collection, list):
        return collection[:n]
    raise type_error("take", collection, "an array or a string")


@function("reverse", 1)
def _reverse(collection: Any) -> list[Any]:
    return list(reversed(array_arg("reverse", collection)))


@function("sort", 1, 2)
def _sort(collection: Any, key: Any = None) -> list[Any]:
    items = array_arg("sort", collection)
    if key is None:
        values = items
    else:
        name = text_arg("sort", key, 1)
        missing = next((i for i in items if not isinstance(i, dict) or name not in i), _NONE)
        if missing is not _NONE:
            raise fail("sort", f"cannot sort by '{name}': an item has no property '{name}'")
        values = [item[name] for item in items]
    kinds = {_order_kind(value) for value in values}
    if len(kinds) > 1 or kinds & {"Object", "Array", "Null"}:
        names = " and ".join(f"'{kind}'" for kind in sorted({type_name(v) for v in values}))
        raise fail("sort", f"can only order values of one simple type, got {names}")
    order = sorted(range(len(items)), key=values.__getitem__)
    return [items[i] for i in order]


_NONE = object()


def _order_kind(value: Any) -> str:
    # Integers and floats order together; bool is not a number here.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "Number"
    return type_name(value)


@function("chunk", 2)
def _chunk(collection: Any, size: Any) -> list[Any]:
    n = integer_arg("chunk", size, 1)
    if n <= 0:
        # tomdam/flowforger packages/engine/src/expr/functions/strings.ts
        raise fail(
            "chunk",
            "expects chunk size to be a positive integer. The provided value is less than 1. "
            f"{usage('chunk')}",
        )
    if not isinstance(collection, (str, list)):
        raise type_error("chunk", collection, "an array or a string")
    if isinstance(collection, str):
        text = units(collection)
        return [from_units(text[i : i + n]) for i in range(0, len(text), n)]
    return [collection[i : i + n] for i in range(0, len(collection), n)]


# createArray() with nothing in it fails in the cloud: "... expects a comma separated list of
# parameters. The function was invoked with no parameters. ..." (tomdam/flowforger
# packages/expressions/src/arity.ts, generated from a cloud run, and
# packages/engine/src/expr/functions/collections.ts).
@function("createArray", 1, -1)
def _create_array(*items: Any) -> list[Any]:
    return list(items)


@function("range", 2)
def _range(start: Any, count: Any) -> list[int]:
    a, n = integer_arg("range", start), integer_arg("range", count, 1)
    if n < 0 or n > MAX_COLLECTION:
        raise fail("range", f"expects a count between 0 and {MAX_COLLECTION}")
    return list(range(a, a + n))
