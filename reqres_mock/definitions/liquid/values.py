"""Values as DotLiquid sees and writes them, and as .NET's ``Convert.ChangeType`` converts
them (invariant culture), for the Liquid action (:mod:`reqres_mock.definitions.liquid`)."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any

from reqres_mock.language.utf16 import unit_length
from reqres_mock.language.values import DECIMAL_MAX, to_text
from reqres_mock.protocol.jsonwire import format_decimal


class LiquidError(Exception):
    """A filter failed: DotLiquid writes ``Liquid error: <message>`` in place of the output
    (``Context.HandleError``; resource ``ContextLiquidError``)."""

    #: What ``Context.HandleError`` writes before the message.
    prefix = "Liquid error"


class LiquidSyntaxError(LiquidError):
    """A ``SyntaxException`` while rendering, such as a filter argument without a default that
    was not given (``Strainer.Invoke``): written ``Liquid syntax error: <message>`` (resource
    ``ContextLiquidSyntaxError``)."""

    prefix = "Liquid syntax error"


class TemplateSyntaxError(Exception):
    """A map DotLiquid's ``Template.Parse`` refuses with a ``SyntaxException`` (an unknown
    tag, ``else`` in a block that takes none): the action fails; ``index`` is where in the
    map's text the tag starts, ``line`` its line when the map's text was not yet rewritten."""

    def __init__(self, message: str, index: int, *, line: int | None = None) -> None:
        super().__init__(message)
        self.index = index
        self.line = line


class NeedsExtra(Exception):
    """A filter needs an optional extra the mock does not have (the ``cultures`` extra for a
    named culture): the action fails with ``MissingExtra`` rather than render something the
    runtime would not."""


# -- values as DotLiquid sees and writes them ----------------------------------------------------


def plain(value: Any) -> Any:
    """python-liquid's undefined as DotLiquid's nil, its ``empty`` and ``blank`` as
    DotLiquid's :data:`EMPTY`."""
    from liquid import Undefined  # noqa: PLC0415 (optional extra)
    from liquid.builtin.expressions.primitive import Blank, Empty  # noqa: PLC0415

    if isinstance(value, Undefined):
        return None
    return EMPTY if isinstance(value, (Empty, Blank)) else value


class Symbol:
    """DotLiquid's ``Util.Symbol``: what ``Context.Resolve`` gives for the keywords ``empty`` and
    ``blank`` (both the same test, ``o is IEnumerable && !o.Any()``). ``==`` (and ``!=``,
    ``<>``, ``when``) with a symbol on either side is that test of the other side
    (``Condition.EqualVariables``), so ``"" == empty``, ``[] == blank`` and ``{} == empty``
    hold, while nil, a number, ``" "`` and ``empty`` itself are not empty. Anything else
    sees an object of no known type: written ``DotLiquid.Util.Symbol``, not ``IConvertible``,
    and a variable holding it (``assign e = empty``) fails each time it is read
    (``Context.Liquidize``'s SyntaxException, :data:`SYMBOL_VARIABLE`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY"

    @staticmethod
    def holds_for(value: Any) -> bool:
        value = plain(value)
        return isinstance(value, (str, list, tuple, dict, range)) and len(value) == 0


EMPTY = Symbol()
#: ``Context.Liquidize``'s SyntaxException for a variable holding :data:`EMPTY`.
SYMBOL_VARIABLE = (
    "Object 'DotLiquid.Util.Symbol' is invalid because it is neither a built-in type nor "
    "implements ILiquidizable"
)


class Long(int):
    """A ``System.Int64``: an integer of ``content`` (the mock models the runtime's JSON
    integers as ``long``), a whole-number literal past ``Int32``'s range
    (``Context.Resolve``: ``Convert.ToInt32``, on OverflowException ``Convert.ToInt64``), or
    the sum, difference, product or quotient of two of them. The mock's other integers
    (literals, sizes, ``forloop`` members, ranges) are ``System.Int32``; the two differ in
    ``DoMathsOperation`` (:func:`~.numberfilters.maths`)."""

    __slots__ = ()


#: ``Int32``'s range, ``[-INT32, INT32)``.
INT32 = 2**31


class Char:
    """A .NET ``System.Char`` (one UTF-16 code unit): what enumerating text gives (``for c in
    "abc"``, ``.first``/``.last`` of text, ``First``/``Last``/``Sort`` of text). Not text: it
    writes as its character (``Object.ToString``) and converts to ``String`` (so ``Upcase``
    and ``Append`` take it), but ``Size`` of it is 0, it is not enumerable, it converts to and
    from integers by its code (``c == 97``, ``c | Plus: 1`` is 98), not to or from
    ``Double``/``Decimal``/``Boolean`` (InvalidCastException), and ``Char.CompareTo`` is the
    difference of the codes, so ``<``/``>`` (``Compare(...) == -1``/``== 1``) hold only
    for neighbouring characters."""

    __slots__ = ("unit",)

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __repr__(self) -> str:
        return f"Char({self.unit!r})"

    def __str__(self) -> str:
        return self.unit

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Char) and other.unit == self.unit

    def __hash__(self) -> int:
        return hash(("char", self.unit))

    def __lt__(self, other: Char) -> bool:
        return self.unit < other.unit

    @property
    def code(self) -> int:
        return ord(self.unit)


class KeyValuePair:
    """A .NET ``KeyValuePair<string, object>``: what enumerating a ``Hash`` gives (``Flatten``
    in ``Uniq``/``Compact``). Written ``[key, value]`` (``KeyValuePair.ToString``); ``.Key``
    or ``[0]`` is the key, ``.Value`` or ``[1]`` the value, ``.<key>`` the value too
    (``Context.Variable``); equal when key and value are (``ValueType.Equals``)."""

    __slots__ = ("key", "value")

    def __init__(self, key: str, value: Any) -> None:
        self.key, self.value = key, value

    def __repr__(self) -> str:
        return f"KeyValuePair({self.key!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyValuePair) and equality_key(self) == equality_key(other)

    def __hash__(self) -> int:
        return hash(equality_key(self))

    def __getitem__(self, part: Any) -> Any:
        """``Context.Variable``: a part type-insensitively equal to 0 or ``Key`` is the key, to 1
        or ``Value`` the value; text equal to the key is the value; anything else is nil
        (python-liquid's undefined, through ``KeyError``)."""
        part = plain(part)
        for index, name, found in ((0, "Key", self.key), (1, "Value", self.value)):
            if part == name or _converts_to(part, index):
                return found
        if isinstance(part, str) and part == self.key:
            return self.value
        if part is not None and not isinstance(part, str):
            kind = NET_TYPES[net_kind(part) or "string"]
            raise LiquidError(f"Unable to cast object of type '{kind}' to type 'System.String'.")
        raise KeyError(part)


def _converts_to(part: Any, index: int) -> bool:
    """``part.SafeTypeInsensitiveEqual((long)index)``: ``Convert.ChangeType`` to Int64."""
    if part is None or isinstance(part, KeyValuePair):
        return False
    try:
        return bool(change_type(part, "int") == index)
    except LiquidError:
        return False


def equality_key(value: Any) -> Any:
    """A key equal for two values exactly when .NET's ``Object.Equals`` says they are equal:
    values of one type by value (a double's NaN equals NaN), an object or list only itself,
    a ``KeyValuePair`` by its key and value; values of different types never (a long 1 is not
    a double 1.0 nor a boolean true)."""
    value = plain(value)
    if isinstance(value, KeyValuePair):
        return ("pair", value.key, equality_key(value.value))
    kind = net_kind(value)
    if kind in ("list", "hash", "symbol"):
        return (kind, id(value))
    if kind == "double" and math.isnan(value):
        return (kind, "NaN")
    return (kind, value)


def _decimal_text(value: Decimal) -> str:
    # Variable.Render writes decimals with the format "0.#############################"
    # (no exponent, no trailing zeros, no sign on a zero); format "f" never raises.
    text = format(value.copy_abs() if value.is_zero() else value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def item_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"  # .NET Boolean.ToString() inside a list
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (int, float, str)):
        return to_text(value)
    if isinstance(value, Char):
        return value.unit
    if isinstance(value, Symbol):
        return "DotLiquid.Util.Symbol"
    if isinstance(value, dict):
        return "DotLiquid.Hash"
    if isinstance(value, KeyValuePair):
        return f"[{value.key}, {item_text(value.value)}]"
    return "System.Collections.Generic.List`1[System.Object]"


def render_value(value: Any) -> str:
    """``Variable.Render``: nil is empty, booleans ``true``/``false``, decimals without
    trailing zeros, a list its items' text joined without separator, an object its
    ``[key, value]`` pairs (a ``Hash`` enumerates ``KeyValuePair`` s)."""
    value = plain(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "".join(f"[{key}, {item_text(item)}]" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(item_text(item) for item in value)
    return item_text(value)


# -- values as .NET's Convert.ChangeType converts them (invariant culture) ----------------------

#: .NET's exception messages for a failed conversion.
FORMAT_ERROR = "Input string was not in a correct format."
_WHITE = " \t\n\v\f\r"
_INTEGER = re.compile(r"[+-]?[0-9]+")  # NumberStyles.Integer, white space trimmed
#: NumberStyles.Number: a sign before or after, group separators, a point
_DECIMAL = re.compile(
    r"([+-]?)([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)|([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)([+-])"
)
_DOUBLE = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NET_TYPES = {
    "bool": "System.Boolean",
    "int": "System.Int64",
    "int32": "System.Int32",
    "double": "System.Double",
    "decimal": "System.Decimal",
    "string": "System.String",
    "char": "System.Char",
    "list": "System.Collections.Generic.List`1[System.Object]",
    "hash": "DotLiquid.Hash",
    "pair": "System.Collections.Generic.KeyValuePair`2[System.String,System.Object]",
    "symbol": "DotLiquid.Util.Symbol",
}


def net_kind(value: Any) -> str | None:
    """The .NET type a value stands for: a JSON integer is ``Int64``, a real ``Double``, a
    Liquid decimal literal ``Decimal``; ``None`` is nil."""
    value = plain(value)
    if value is None:
        return None
    for kind, types in (
        ("bool", bool),
        ("int", int),
        ("double", float),
        ("decimal", Decimal),
        ("string", str),
        ("char", Char),
        ("hash", dict),
        ("pair", KeyValuePair),
        ("symbol", Symbol),
    ):
        if isinstance(value, types):
            return kind
    return "list"


_RANGE_NAMES = {"int": "an Int64", "int32": "an Int32", "decimal": "a Decimal"}


def _out_of_range(kind: str) -> LiquidError:
    return LiquidError(f"Value was either too large or too small for {_RANGE_NAMES[kind]}.")


def _integer(number: Decimal, kind: str) -> int:
    bits = 31 if kind == "int32" else 63
    # Convert.ToInt64(double/decimal) rounds half to even, then checks the range.
    whole = int(number.to_integral_value(rounding="ROUND_HALF_EVEN"))
    if not -(2**bits) <= whole < 2**bits:
        raise _out_of_range(kind)
    return whole


def change_type(value: Any, kind: str) -> Any:
    """``Convert.ChangeType(value, type)`` for the JSON-shaped values a map sees, with the
    invariant culture's number format (the mock's assumption for the runtime's culture).

    :raises LiquidError: with .NET's message where the conversion throws (FormatException,
        OverflowException, InvalidCastException).
    """
    value = plain(value)
    source = net_kind(value)
    if source == kind or (source == "int" and kind == "int32" and -(2**31) <= value < 2**31):
        return value
    if source in ("list", "hash", "pair", "symbol") or value is None:
        raise LiquidError("Object must implement IConvertible.")
    if kind in ("list", "hash", "symbol"):
        raise LiquidError(
            f"Invalid cast from '{NET_TYPES[source or 'string']}' to '{NET_TYPES[kind]}'."
        )
    if source == "char" or kind == "char":
        return _char_change(value, source or "string", kind)
    if kind == "string":
        if isinstance(value, Decimal):
            return format_decimal(value)  # keeps its scale (2.50 is "2.50"), no -0
        return "True" if value is True else "False" if value is False else to_text(value)
    if kind == "bool":
        if isinstance(value, str):
            if value.strip(_WHITE).lower() in ("true", "false"):
                return value.strip(_WHITE).lower() == "true"
            raise LiquidError(f"String '{value}' was not recognized as a valid Boolean.")
        return value != 0
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        text = value.strip(_WHITE)
        shape = {"double": _DOUBLE, "decimal": _DECIMAL}.get(kind, _INTEGER)
        if shape.fullmatch(text):
            if kind == "decimal" and text[-1] in "+-":
                text = text[-1] + text[:-1]  # the trailing sign NumberStyles.Number allows
            value = Decimal(text.replace(",", ""))
        elif kind == "double" and text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        else:
            raise LiquidError(FORMAT_ERROR)
        if kind == "double":
            return float(value)
    if kind == "double":
        return float(value)
    if kind == "decimal" and isinstance(value, float):
        return decimal_from_double(value)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite() or (kind == "decimal" and abs(number) > DECIMAL_MAX):
        raise _out_of_range(kind)
    return number if kind == "decimal" else _integer(number, kind)


def convert_to_int32(value: Any) -> int:
    """``Convert.ToInt32(object)``: nil is 0; a list or an object is no ``IConvertible``.

    :raises LiquidError: the cast's InvalidCastException (.NET's wording) or
        ``Convert.ChangeType``'s exceptions.
    """
    value = plain(value)
    if value is None:
        return 0
    kind = net_kind(value)
    if kind in ("list", "hash", "pair", "symbol"):
        raise LiquidError(
            f"Unable to cast object of type '{NET_TYPES[kind]}' to type 'System.IConvertible'."
        )
    return int(change_type(value, "int32"))


#: The type names ``IConvertible``'s InvalidCastException gives (``Invalid cast from 'Char' to
#: 'Double'.``).
_SHORT_NAMES = {
    "bool": "Boolean",
    "int": "Int64",
    "int32": "Int32",
    "double": "Double",
    "decimal": "Decimal",
    "string": "String",
    "char": "Char",
}


def _char_change(value: Any, source: str, kind: str) -> Any:
    """``Convert.ChangeType`` from or to ``Char``: text of exactly one UTF-16 unit and
    integers 0 to 65535 become a character, a character becomes its text or its code; a
    ``Boolean``, ``Double`` or ``Decimal`` on either side is an InvalidCastException."""
    if source == "char" and kind == "string":
        return value.unit
    if source == "char" and kind in ("int", "int32"):
        return value.code
    if source == "string":
        if unit_length(value) != 1:
            raise LiquidError("String must be exactly one character long.")
        return Char(value)
    if source == "int":
        if not 0 <= value <= 0xFFFF:
            raise LiquidError("Value was either too large or too small for a character.")
        return Char(chr(value))
    raise LiquidError(f"Invalid cast from '{_SHORT_NAMES[source]}' to '{_SHORT_NAMES[kind]}'.")


#: Above this a double does not fit a decimal (``DecCalc.VarDecFromR8`` throws).
_DECIMAL_CEILING = float(DECIMAL_MAX)
_WIDE = Context(prec=80)


def decimal_from_double(value: float) -> Decimal:
    """``Convert.ToDecimal(double)`` (``DecCalc.VarDecFromR8``): "a maximum of 15 significant
    digits", rounded half to even, at most 28 decimal places (smaller magnitudes round to 0),
    trailing zeros dropped, so ``0.1 + 0.2`` is ``0.3``.

    :raises LiquidError: the OverflowException for NaN, infinities and magnitudes beyond
        decimal's range.
    """
    if math.isnan(value) or math.isinf(value) or abs(value) >= _DECIMAL_CEILING:
        raise _out_of_range("decimal")
    exact = Decimal(value)
    if not exact:
        return Decimal(0)
    with localcontext(_WIDE):
        places = min(14 - exact.adjusted(), 28)
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if not rounded:
            return Decimal(0)
        rounded = rounded.normalize()  # trailing zeros dropped, but never an exponent above 0
        exponent = rounded.as_tuple().exponent
        return (
            rounded.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else rounded
        )


# -- a filter's arguments as Strainer.Invoke passes them ---------------------------------------


def strainer_arg(value: Any, kind: str) -> Any:
    """An argument for a ``string`` or ``int`` parameter (``kind`` ``string``/``int32``) as
    ``Strainer.Invoke`` passes it: nil stays null (``default(int)``, 0, for an ``int``), a
    value of another type goes through ``Convert.ChangeType``, and a list or object, not
    ``IConvertible``, reaches ``MethodInfo.Invoke`` as it is, which refuses it.

    :raises LiquidError: the conversion's exception, or the ArgumentException.
    """
    value = plain(value)
    if value is None:
        return 0 if kind == "int32" else None
    source = net_kind(value)
    if source in ("list", "hash", "pair", "symbol"):
        raise LiquidError(
            f"Object of type '{NET_TYPES[source]}' cannot be converted to type '{NET_TYPES[kind]}'."
        )
    return change_type(value, kind)


#: ``NullReferenceException``'s message: a filter called a method on a null input.
NULL_REFERENCE = "Object reference not set to an instance of an object."


def dotnet_string(value: Any) -> str:
    """``value.ToString()`` (the invariant culture's numbers; a decimal keeps its scale).

    :raises LiquidError: the NullReferenceException for nil.
    """
    value = plain(value)
    if value is None:
        raise LiquidError(NULL_REFERENCE)
    kind = net_kind(value)
    if kind in ("list", "hash", "symbol"):
        return NET_TYPES[kind]
    if kind == "pair":
        return item_text(value)
    return str(change_type(value, "string"))
