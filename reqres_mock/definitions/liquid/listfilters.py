"""DotLiquid's list filters ``Sort``, ``Map``, ``Uniq`` and ``Compact`` (``StandardFilters.cs`` at
b6a7d99), for the Liquid action (:mod:`reqres_mock.definitions.liquid`).

They enumerate what they are given as .NET does: text is its characters (UTF-16 code units),
an object (a ``Hash``) its ``KeyValuePair`` s, a list its items. ``Sort``, ``Uniq`` and
``Compact`` first ``Flatten`` (``Util/EnumerableExtensionMethods.cs``): every item that is
enumerable and not text is replaced by its own items, recursively, so an object in a list
becomes its key-value pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.liquid.values import (
    NET_TYPES,
    Char,
    KeyValuePair,
    LiquidError,
    equality_key,
    item_text,
    net_kind,
    plain,
    strainer_arg,
)
from reqres_mock.language.utf16 import units

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


def _is_enumerable(value: Any) -> bool:
    return isinstance(value, (str, list, tuple, dict, range))


def enumerate_items(value: Any) -> Sequence[Any]:
    """What ``foreach`` over an ``IEnumerable`` gives: text's characters (``Char``), a list's
    items, an object's key-value pairs; a range as it is (indexed, sliced and searched
    without building it: ``(1..2147483647) | First``)."""
    value = plain(value)
    if isinstance(value, str):
        return [Char(unit) for unit in units(value)]
    if isinstance(value, dict):
        return [KeyValuePair(key, item) for key, item in value.items()]
    if isinstance(value, range):
        return value
    return list(value)


def enumerable_arg(value: Any) -> Sequence[Any] | None:
    """The items of an argument for an ``IEnumerable`` parameter (``Map``, ``First``, ``Last``,
    ``Join``) as ``Strainer.Invoke`` passes it: nil stays null; text, a list or an object as
    they enumerate.

    :raises LiquidError: for a number or boolean, ``Convert.ChangeType``'s InvalidCastException;
        for a key-value pair, ``MethodInfo.Invoke``'s ArgumentException.
    """
    value = plain(value)
    if value is None:
        return None
    if _is_enumerable(value):
        return enumerate_items(value)
    kind = net_kind(value)
    source = NET_TYPES[kind or "string"]
    if kind in ("pair", "symbol"):
        raise LiquidError(
            f"Object of type '{source}' cannot be converted to type "
            "'System.Collections.IEnumerable'."
        )
    raise LiquidError(f"Invalid cast from '{source}' to 'System.Collections.IEnumerable'.")


def _flatten(items: Sequence[Any]) -> Iterator[Any]:
    for each in items:
        item = plain(each)
        if isinstance(item, str) or not _is_enumerable(item):
            yield item
        else:
            yield from _flatten(enumerate_items(item))


def _flattened(value: Any) -> list[Any] | None:
    """``Uniq``/``Compact``'s list: nil is nil, an enumerable flattened (text into its
    characters), anything else a list of itself."""
    value = plain(value)
    if value is None:
        return None
    if not _is_enumerable(value):
        return [value]
    return list(_flatten(enumerate_items(value)))


def natural_key(item: Any) -> tuple[str, str]:
    """Text in the invariant culture's order: case-insensitive, lower case first on a tie."""
    text = item_text(item)
    return (text.casefold(), text.swapcase())


#: What ``List.Sort`` throws when ``Comparer<object>.Default`` fails on two items.
COMPARE_FAILED = "Failed to compare two elements in the array."


def _sorted(items: list[Any], key: Any = lambda item: item) -> list[Any]:
    """``List<object>.Sort`` with ``Comparer<object>.Default``: nil first, then the values
    by their own ``CompareTo``, which refuses a value of another type (an Int64 and a Double
    too) and an object, list or pair (not ``IComparable``); a sort compares every pair it
    leaves side by side, so two such values always meet."""
    present = [item for item in items if key(item) is not None]
    kinds = {net_kind(key(item)) for item in present}
    if len(present) > 1 and (len(kinds) > 1 or kinds & {"list", "hash", "pair", "symbol"}):
        raise LiquidError(COMPARE_FAILED)
    nils = [item for item in items if key(item) is None]
    text = kinds == {"string"}
    return nils + sorted(present, key=lambda item: natural_key(key(item)) if text else key(item))


def sort(value: Any, name: Any = None) -> list[Any] | None:
    """``Sort(object input, string property = null)`` (StandardFilters.Sort): the input
    flattened (a list's lists and objects become their items and key-value pairs, text its
    characters; a single value a list of itself: a JSON list is a ``List<object>``, never the
    ``IEnumerable<Hash>`` that would keep objects whole), then sorted by
    ``Comparer<object>.Default`` (text in the invariant culture's order). With a property, only
    key-value pairs sort, by ``Key`` or ``Value`` (``RespondTo``/``Send``); otherwise the
    flattened list comes back unsorted.

    :raises LiquidError: ``List.Sort``'s InvalidOperationException when two items do not
        compare; ``RespondTo``'s ArgumentNullException for a nil item met with a property.
    """
    items = _flattened(value)
    prop = strainer_arg(name, "string")
    if not items:
        return items
    if not prop:
        return _sorted(items)
    for item in items:
        if item is None:
            raise LiquidError("Value cannot be null. (Parameter 'value')")
        if not (isinstance(item, KeyValuePair) and prop in ("Key", "Value")):
            return items
    return _sorted(items, lambda pair: pair.key if prop == "Key" else plain(pair.value))


def uniq(value: Any) -> list[Any] | None:
    """``Uniq(object input)``: the flattened items without repeats, first ones kept
    (``Distinct()``: ``Object.Equals``, so 1 and 1.0 differ, two equal objects are two)."""
    items = _flattened(value)
    if items is None:
        return None
    seen: set[Any] = set()
    kept = []
    for item in items:
        key = equality_key(item)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def compact(value: Any) -> list[Any] | None:
    """``Compact(object input)``: the flattened items without nils."""
    items = _flattened(value)
    return None if items is None else [item for item in items if item is not None]


def map_property(value: Any, name: Any = None) -> list[Any] | None:
    """``Map(IEnumerable input, string property)``: when every item is an object and the
    first has the property, each item's value for it (nil where one lacks it); otherwise nil
    for every item (an object among other items, a list, text: DotLiquid reads the property
    only of drops and anonymous types there, which JSON does not make). Text input is its
    characters; a number or boolean is not enumerable (``Convert.ChangeType`` throws the
    InvalidCastException).

    :raises LiquidError: for input that is not enumerable; for a nil property when every item
        is an object (``IDictionary.Contains(null)``).
    """
    items = enumerable_arg(value)
    prop = strainer_arg(name, "string")
    if items is None:
        return None
    if items and all(isinstance(plain(item), dict) for item in items):
        if prop is None:
            raise LiquidError("Value cannot be null. (Parameter 'key')")
        if prop in plain(items[0]):
            return [plain(item).get(prop) for item in items]
    return [None for _ in items]
