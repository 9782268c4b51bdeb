"""DotLiquid's condition operators (``Condition.cs`` at b6a7d99): type-insensitive equality,
ordering after ``Convert.ChangeType``, ``startsWith``/``endsWith``/``hasKey``/``hasValue``."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.liquid.listfilters import enumerate_items, natural_key
from reqres_mock.definitions.liquid.values import (
    NET_TYPES,
    Char,
    LiquidError,
    Symbol,
    change_type,
    net_kind,
    plain,
)

if TYPE_CHECKING:
    from collections.abc import Callable


# -- conditions (Condition.cs at b6a7d99) -------------------------------------------------------


def _same(left: Any, right: Any) -> bool:
    if net_kind(left) in ("list", "hash"):
        return left is right  # List/Hash Equals is reference equality
    return bool(left == right)


def type_insensitive_equal(left: Any, right: Any) -> bool:
    """``==`` (``Condition.EqualVariables`` -> ``ObjectExtensionMethods.SafeTypeInsensitiveEqual``):
    nil equals only nil; the same type compares with ``Equals``; otherwise the left value
    converted to the right's type, else the right to the left's, else not equal. So XML text
    ``"5"`` equals ``5`` and ``200`` equals ``'200'``. ``empty``/``blank`` (:class:`Symbol`)
    on either side is its test of the other side."""
    left, right = plain(left), plain(right)
    if isinstance(left, Symbol):
        return left.holds_for(right)
    if isinstance(right, Symbol):
        return right.holds_for(left)
    if left is None or right is None:
        return left is None and right is None
    left_kind, right_kind = net_kind(left), net_kind(right)
    if left_kind == right_kind:
        return _same(left, right)
    if left_kind is None or right_kind is None:
        return False  # unreachable: nil is handled above
    for value, kind, other in ((left, right_kind, right), (right, left_kind, left)):
        try:
            return _same(change_type(value, kind), other)
        except LiquidError:
            continue
    return False


def _order(left: Any, right: Any) -> int:
    """``Comparer<object>.Default.Compare`` of two values of one type: text in the culture's
    order (the invariant culture assumed: case-insensitive, lower case first on a tie, as
    ``Sort``), numbers and booleans by value (-1, 0 or 1), characters by the difference of
    their codes (``Char.CompareTo``)."""
    if isinstance(left, str):
        left, right = natural_key(left), natural_key(right)
    elif isinstance(left, Char):
        return int(left.code - right.code)  # Char.CompareTo: the difference of the codes
    elif net_kind(left) in ("list", "hash", "pair", "symbol"):
        raise LiquidError("At least one object must implement IComparable.")
    return int((left > right) - (left < right))


def _as_string(value: Any) -> str:
    value = plain(value)
    if value is None:
        raise LiquidError("Value cannot be null. (Parameter 'value')")
    if not isinstance(value, str):
        kind = net_kind(value) or "string"
        raise LiquidError(
            f"Unable to cast object of type '{NET_TYPES[kind]}' to type 'System.String'."
        )
    return value


def _ends(left: Any, right: Any, *, first: bool) -> bool:
    """``startsWith``/``endsWith``: a list's first/last item ``==`` the right value, text's
    ``StartsWith``/``EndsWith`` (ordinal here), anything else false."""
    if isinstance(left, list):
        return type_insensitive_equal((left[0] if first else left[-1]) if left else None, right)
    if isinstance(left, str):
        text = _as_string(right)
        return left.startswith(text) if first else left.endswith(text)
    return False


def _back_compat_equal(item: Any, right: Any) -> bool:
    """``ObjectExtensionMethods.BackCompatSafeTypeInsensitiveEqual``: never equal when one side
    is text and the other not a character, so text never equals text here; otherwise
    ``SafeTypeInsensitiveEqual`` (``==``)."""
    if (isinstance(item, str) and not isinstance(right, Char)) or (
        isinstance(right, str) and not isinstance(item, Char)
    ):
        return False
    return type_insensitive_equal(item, right)


def _contains(left: Any, right: Any) -> bool:
    """``contains``: text ``String.Contains`` the right value (cast to ``String``: nil or
    another type is a Liquid error); a list, object or range: any item (an object's
    key-value pairs) equal by ``BackCompatSafeTypeInsensitiveEqual`` (so a list of text never
    contains text, DotLiquid 2.0.x's quirk, but does contain a character or number);
    anything else false."""
    if isinstance(left, str):
        return _as_string(right) in left  # ordinal
    if isinstance(left, (list, tuple, dict, range)):
        return any(_back_compat_equal(plain(item), right) for item in enumerate_items(left))
    return False


def _relation(sign: Callable[[int], bool]) -> Callable[[Any, Any], bool]:
    """``<``, ``>``, ``<=``, ``>=``: false with nil on either side; the right value converted
    to the left's type (``Convert.ChangeType``, which may throw: a Liquid error), then
    compared: ``<`` is ``Compare(...) == -1`` and ``>`` ``== 1``. So ``"10" > 5`` compares
    text and is false, and ``c > 'a'`` holds for the character ``b`` only."""

    def compare(left: Any, right: Any) -> bool:
        if left is None or right is None:
            return False
        kind = net_kind(left) or "string"
        return sign(_order(left, change_type(right, kind)))

    return compare


#: ``Condition.Operators``: DotLiquid's comparison operators.
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": type_insensitive_equal,
    "!=": lambda left, right: not type_insensitive_equal(left, right),
    "<>": lambda left, right: not type_insensitive_equal(left, right),
    "<": _relation(lambda sign: sign == -1),
    ">": _relation(lambda sign: sign == 1),
    "<=": _relation(lambda sign: sign <= 0),
    ">=": _relation(lambda sign: sign >= 0),
    "contains": _contains,
    "startsWith": lambda left, right: _ends(left, right, first=True),
    "endsWith": lambda left, right: _ends(left, right, first=False),
    "hasKey": lambda left, right: (
        isinstance(left, dict) and isinstance(right, str) and right in left
    ),
    "hasValue": lambda left, right: (
        isinstance(left, dict) and any(_strict_equal(item, right) for item in left.values())
    ),
}


def _strict_equal(left: Any, right: Any) -> bool:
    """``Values.Contains``: ``Equals`` of one type (no conversion across types)."""
    left, right = plain(left), plain(right)
    return net_kind(left) == net_kind(right) and (left is None or _same(left, right))


def _spellings() -> dict[str, str]:
    """Operator spellings DotLiquid accepts for its named operators (InterpretCondition: the
    name, its lower case, or either first-letter case under the C# naming convention)."""
    names = ("startsWith", "endsWith", "hasKey", "hasValue")
    return {
        spelling: name
        for name in names
        for spelling in (name, name.lower(), name[0].upper() + name[1:])
    }


_NAMED_OPERATORS = _spellings()
_CONDITION_TAG = re.compile(r"\{%\s*(?:if|elsif|unless)\s(.*?)%\}", re.DOTALL)
_CONDITION_WORD = re.compile(r"""'[^']*'|"[^"]*"|(?<=\s)([A-Za-z]+)(?=\s)""")
#: Positions (in the text python-liquid parses) of DotLiquid's named operators, which
#: python-liquid cannot parse: the text has ``==`` there, padded to the same length.
NAMED_AT: ContextVar[dict[int, str]] = ContextVar("NAMED_AT", default={})  # noqa: B039


def named_operators(text: str) -> tuple[str, dict[int, str]]:
    found: dict[int, str] = {}

    def markup(match: re.Match[str]) -> str:
        def word(inner: re.Match[str]) -> str:
            name = _NAMED_OPERATORS.get(inner.group(1) or "")
            if name is None:
                return inner.group(0)
            found[match.start(1) + inner.start(1)] = name
            return "==".ljust(len(inner.group(1)))

        start, end = match.start(1) - match.start(), match.end(1) - match.start()
        whole = match.group(0)
        return whole[:start] + _CONDITION_WORD.sub(word, match.group(1)) + whole[end:]

    return _CONDITION_TAG.sub(markup, text), found
