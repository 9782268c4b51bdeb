"""Liquid actions (``type: Liquid``; kinds ``JsonToJson``, ``JsonToText``, ``XmlToJson``,
``XmlToText``): a map of a Standard project's ``Artifacts/Maps/*.liquid`` (or a Consumption
template's integration account map) rendered as the runtime renders it.

Evidence: "Transform JSON and XML using Liquid templates as maps"
(https://learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-liquid-transform,
MicrosoftDocs/azure-docs ``articles/logic-apps/`` of that name):
the runtime uses DotLiquid 2.0.361 with C# naming, so filters are written in sentence case
(``Upcase``, ``Append``, ``Replace``) and ``replace`` "won't work"; the input is ``content``; a
``*ToJson`` action parses the rendered text back to JSON. DotLiquid's own rules are read from
dotliquid/dotliquid at b6a7d99 (the commit the article links): ``Context.Invoke`` hands an
unknown filter's input on unchanged (so a lowercase ``default`` does nothing), ``HandleError``
writes a failing output as ``Liquid error: <message>``, ``Tags/For.cs`` names the ``forloop``
members in lower case in a case-sensitive ``Hash`` (``forloop.Last`` is nil), and
``StandardFilters.cs`` gives each filter's semantics (cited where it is implemented below).

Templates are parsed and run by python-liquid (the optional ``liquid`` extra, imported only when
a Liquid action runs), with DotLiquid's filters, output rules and errors in place of Shopify's.
DotLiquid's whitespace control (``Template.Tokenize``) is applied to the text before parsing;
``if``/``unless``/``case`` compare with ``Condition.Operators`` (type-insensitive ``==``,
``startsWith``/``endsWith``/``hasKey``/``hasValue``); a .NET exception in a filter or tag is
written as ``Liquid error: <message>`` in its place (``Block.RenderAll``). Where DotLiquid
uses the current culture (text order, ``ToUpper``, number parsing) the mock uses the invariant
culture. ``for`` over an object (``Tags/For.cs`` BuildContext) is not ported: the action fails
with ``UnsupportedMap`` naming map and line. What python-liquid cannot parse fails the action
with ``InvalidLiquidTemplate`` naming the map, the line and what to change (or to stub the
action).
"""

from __future__ import annotations

import json
import math
import re
import threading
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure
from reqres_mock.definitions.maps import find_map, xml_text
from reqres_mock.errors import ExpressionError
from reqres_mock.language.values import to_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.definitions.context import ActionContext

KINDS = ("jsontojson", "jsontotext", "xmltojson", "xmltotext")
_LOCK = threading.Lock()
_ENVIRONMENT: list[Any] = []


class LiquidError(Exception):
    """A filter failed: DotLiquid writes ``Liquid error: <message>`` in place of the output
    (``Context.HandleError``; resource ``ContextLiquidError``)."""


def _stub_hint(action: Action) -> str:
    return f"stub the action with wf.stub_action({action.name!r}, body=...)"


# -- values as DotLiquid sees and writes them ----------------------------------------------------


def _plain(value: Any) -> Any:
    """python-liquid's undefined as DotLiquid's nil."""
    from liquid import Undefined  # noqa: PLC0415 (optional extra)

    return None if isinstance(value, Undefined) else value


def _decimal_text(value: Decimal) -> str:
    # Variable.Render writes decimals with the format "0.#############################"
    # (no exponent, no trailing zeros); format "f" never raises, whatever the exponent.
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _item_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"  # .NET Boolean.ToString() inside a list
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (int, float, str)):
        return to_text(value)
    if isinstance(value, dict):
        return "DotLiquid.Hash"
    return "System.Collections.Generic.List`1[System.Object]"


def render_value(value: Any) -> str:
    """``Variable.Render``: nil is empty, booleans ``true``/``false``, decimals without
    trailing zeros, a list its items' text joined without separator, an object its
    ``[key, value]`` pairs (a ``Hash`` enumerates ``KeyValuePair`` s)."""
    value = _plain(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "".join(f"[{key}, {_item_text(item)}]" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(_item_text(item) for item in value)
    return _item_text(value)


# -- values as .NET's Convert.ChangeType converts them (invariant culture) ----------------------

#: .NET's exception messages for a failed conversion.
FORMAT_ERROR = "Input string was not in a correct format."
_WHITE = " \t\n\v\f\r"
_INTEGER = re.compile(r"[+-]?[0-9]+")  # NumberStyles.Integer, white space trimmed
_DECIMAL = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)")  # NumberStyles.Number
_DOUBLE = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DECIMAL_MAX = Decimal("79228162514264337593543950335")
_NET_TYPES = {
    "bool": "System.Boolean",
    "int": "System.Int64",
    "int32": "System.Int32",
    "double": "System.Double",
    "decimal": "System.Decimal",
    "string": "System.String",
    "list": "System.Collections.Generic.List`1[System.Object]",
    "hash": "DotLiquid.Hash",
}


def net_kind(value: Any) -> str | None:
    """The .NET type a value stands for: a JSON integer is ``Int64``, a real ``Double``, a
    Liquid decimal literal ``Decimal``; ``None`` is nil."""
    value = _plain(value)
    if value is None:
        return None
    for kind, types in (
        ("bool", bool),
        ("int", int),
        ("double", float),
        ("decimal", Decimal),
        ("string", str),
        ("hash", dict),
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
    value = _plain(value)
    source = net_kind(value)
    if source == kind or (source == "int" and kind == "int32" and -(2**31) <= value < 2**31):
        return value
    if source in ("list", "hash") or value is None:
        raise LiquidError("Object must implement IConvertible.")
    if kind in ("list", "hash"):
        raise LiquidError(
            f"Invalid cast from '{_NET_TYPES[source or 'string']}' to '{_NET_TYPES[kind]}'."
        )
    if kind == "string":
        if isinstance(value, Decimal):
            return format(value, "f")  # Decimal.ToString keeps its scale: 2.50 is "2.50"
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
            value = Decimal(text.replace(",", ""))
        elif kind == "double" and text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        else:
            raise LiquidError(FORMAT_ERROR)
        if kind == "double":
            return float(value)
    if kind == "double":
        return float(value)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite() or (kind == "decimal" and abs(number) > DECIMAL_MAX):
        raise _out_of_range(kind)
    return number if kind == "decimal" else _integer(number, kind)


# -- DotLiquid's standard filters (StandardFilters.cs at b6a7d99) ------------------------------


def _text(value: Any) -> str | None:
    value = _plain(value)
    return None if value is None else render_value(value)


def _net_case(text: str, upper: bool) -> str:
    """.NET ``String.ToUpper``/``ToLower`` (invariant culture: the mock assumes it for the
    runtime's culture): one character for one, so a character whose full Unicode mapping is
    longer (``ß`` -> ``SS``, ``ﬁ`` -> ``FI``) stays as it is."""

    def one(char: str) -> str:
        mapped = char.upper() if upper else char.lower()
        return mapped if len(mapped) == 1 else char

    return "".join(one(char) for char in text)


def _upcase(value: Any) -> Any:
    """``Upcase``: ``input.ToUpper()`` (StandardFilters.Upcase)."""
    text = _text(value)
    return _net_case(text, upper=True) if text else text


def _downcase(value: Any) -> Any:
    """``Downcase``: ``input.ToLower()`` (StandardFilters.Downcase)."""
    text = _text(value)
    return _net_case(text, upper=False) if text else text


def _lstrip(value: Any) -> Any:
    """``Lstrip``: ``input?.TrimStart()``, so blank text becomes empty (StandardFilters.Lstrip)."""
    text = _text(value)
    return None if text is None else text.lstrip()


def _rstrip(value: Any) -> Any:
    """``Rstrip``: ``input?.TrimEnd()`` (StandardFilters.Rstrip)."""
    text = _text(value)
    return None if text is None else text.rstrip()


def _append(value: Any, suffix: Any = None) -> Any:
    text = _text(value)  # Append: null input stays null
    return None if text is None else text + (_text(suffix) or "")


def _prepend(value: Any, prefix: Any = None) -> Any:
    text = _text(value)
    return None if text is None else (_text(prefix) or "") + text


def _slice(value: Any, start: Any = 0, length: Any = 1) -> Any:
    """``Slice(input, int start, int len = 1)``: counts from the end when negative, clipped;
    an argument ``Convert.ChangeType`` cannot make an ``Int32`` is a Liquid error
    (Strainer.Invoke)."""
    text = _text(value)
    first = change_type(start, "int32") if _plain(start) is not None else 0
    count = change_type(length, "int32") if _plain(length) is not None else 1
    if text is None or first > len(text):
        return None
    if first < 0:
        first += len(text)
        if first < 0:
            count, first = max(0, count + first), 0
    count = min(count, len(text) - first)
    return text[first : first + count]


def _split(value: Any, pattern: Any = None) -> Any:
    """``Split``: .NET ``String.Split`` with ``RemoveEmptyEntries``; blank input is itself."""
    text = _text(value)
    if text is None or not text.strip():
        return [text]
    separator = _text(pattern) or ""
    parts = text.split(separator) if separator else [text]
    return [part for part in parts if part]


def _size(value: Any) -> int:
    value = _plain(value)
    if isinstance(value, str):
        return len(value.encode("utf-16-le")) // 2
    return len(value) if isinstance(value, (list, dict)) else 0


def _strip(value: Any) -> Any:
    text = _text(value)
    return text.strip() if text else text


def _join(value: Any, glue: Any = " ") -> Any:
    value = _plain(value)
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return (_text(glue) or "").join(_item_text(item) for item in items)


def _natural_key(item: Any) -> tuple[str, str]:
    text = _item_text(item)
    return (text.casefold(), text.swapcase())  # lower case before upper case on a tie


def _sort(value: Any, prop: Any = None) -> Any:
    """``Sort``: the culture's string order, which is case-insensitive (the article: natural,
    case-insensitive, string order only); by ``property`` for a list of objects."""
    value = _plain(value)
    if value is None:
        return None
    items = list(value) if isinstance(value, list) else [value]
    name = _text(prop)
    if name and all(isinstance(item, dict) for item in items):
        return sorted(items, key=lambda item: _natural_key(item.get(name)))
    return sorted(items, key=_natural_key)


def _net_replacement(replacement: str) -> Callable[[re.Match[str]], str]:
    """.NET substitutions: ``$1``, ``${name}``, ``$0``/``$&``, ``$$``; a backslash is literal."""
    token = re.compile(r"\$(?:(\d+)|\{(\w+)\}|(\$)|(&))")

    def expand(match: re.Match[str]) -> str:
        def one(sub: re.Match[str]) -> str:
            number, named, dollar, whole = sub.groups()
            if dollar:
                return "$"
            if whole:
                return match.group(0)
            try:
                return match.group(int(number) if number else named) or ""
            except IndexError:
                return sub.group(0)

        return token.sub(one, replacement)

    return expand


#: .NET's named-group forms: ``(?<name>``, ``(?'name'``, ``\k<name>``, ``\k'name'`` (an
#: escaped character is skipped; ``(?<=``/``(?<!`` are lookbehinds and stay).
_NET_GROUP = re.compile(r"""\\k<(\w+)>|\\k'(\w+)'|\(\?<(\w+)>|\(\?'(\w+)'|(\\.)""", re.DOTALL)


def _net_pattern(pattern: str) -> str:
    """A .NET regular expression's named groups and back references in Python's spelling
    (``(?P<name>``, ``(?P=name)``); the rest of the syntax is shared."""

    def one(match: re.Match[str]) -> str:
        reference = match.group(1) or match.group(2)
        if reference:
            return f"(?P={reference})"
        group = match.group(3) or match.group(4)
        return f"(?P<{group}>" if group else match.group(0)

    return _NET_GROUP.sub(one, pattern)


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(_net_pattern(pattern))
    except re.error as err:
        if pattern.endswith("\\") and (len(pattern) - len(pattern.rstrip("\\"))) % 2:
            reason = "Illegal \\ at end of pattern."  # .NET's RegexParser wording (the article)
        else:
            reason = f"{err.msg[:1].upper()}{err.msg[1:]}."
        raise LiquidError(f'parsing "{pattern}" - {reason}') from err


def _replace(value: Any, find: Any = None, replacement: Any = "", count: int = 0) -> Any:
    """``Replace``/``ReplaceFirst``: ``Regex.Replace`` (a .NET regular expression, not plain
    text: the article's ``Replace: '\\\\', '\\\\'`` example); empty input or pattern is
    returned as it is."""
    text, pattern = _text(value), _text(find)
    if not text or not pattern:
        return text
    return _regex(pattern).sub(_net_replacement(_text(replacement) or ""), text, count=count)


def _replace_first(value: Any, find: Any = None, replacement: Any = "") -> Any:
    return _replace(value, find, replacement, count=1)


def _remove(value: Any, find: Any = None) -> Any:
    text = _text(value)  # Remove is plain text
    return text if text is None or not text.strip() else text.replace(_text(find) or "", "")


def _default(value: Any, fallback: Any = None) -> Any:
    """``Default(string input, string defaultValue)``: blank (white space only) text too."""
    text = _text(value)
    return text if text and text.strip() else _text(fallback)


def _first(value: Any) -> Any:
    value = _plain(value)
    return value[0] if isinstance(value, list) and value else None


def _last(value: Any) -> Any:
    value = _plain(value)
    return value[-1] if isinstance(value, list) and value else None


_LONG = 2**63
#: ``ExpressionUtility``'s delegate throws inside ``DynamicInvoke``, so the filter's error is
#: the wrapping TargetInvocationException's message (Strainer.Invoke unwraps one level only).
_INVOCATION = "Exception has been thrown by the target of an invocation."


def _number(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise LiquidError(_INVOCATION)  # "Argument is not numeric"
    return value


def _maths(operation: str) -> Callable[[Any, Any], Any]:
    """``DoMathsOperation``: nil in, nil out; a real on either side computes in decimal
    (so ``0.1 | Plus: 10 | Minus: 10`` stays 0.1); integers stay integers (``DividedBy``
    truncates toward zero, ``Modulo`` takes the dividend's sign, as C#), checked for
    overflow."""

    def apply(value: Any, operand: Any = None) -> Any:
        left, right = _plain(value), _plain(operand)
        if left is None or right is None:
            return None
        if operation == "plus" and isinstance(left, str):
            return left + render_value(right)  # Plus on text concatenates
        left, right = _number(left), _number(right)
        if isinstance(left, int) and isinstance(right, int):
            if operation in ("divide", "modulo") and right == 0:
                raise LiquidError(_INVOCATION)  # DivideByZeroException
            quotient = abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1)
            result = {
                "plus": left + right,
                "minus": left - right,
                "times": left * right,
                "divide": quotient if operation == "divide" else 0,
                "modulo": left - right * quotient if operation == "modulo" else 0,
            }[operation]
            if not -_LONG <= result < _LONG:
                raise LiquidError(_INVOCATION)  # OverflowException
            return result
        try:
            a, b = (change_type(x, "decimal") for x in (left, right))
            result = {
                "plus": lambda: a + b,
                "minus": lambda: a - b,
                "times": lambda: a * b,
                "divide": lambda: a / b,
                "modulo": lambda: a % b,
            }[operation]()
            if abs(result) <= DECIMAL_MAX:
                return result
        except (LiquidError, ArithmeticError, InvalidOperation):
            pass
        # Outside decimal's range, or divided by zero: DoMathsOperation catches the
        # OverflowException/DivideByZeroException and computes again in double.
        return _double_maths(operation, float(left), float(right))

    return apply


def _double_maths(operation: str, a: float, b: float) -> float:
    """IEEE arithmetic as .NET does it: no exception, infinity or NaN instead."""
    if operation in ("divide", "modulo") and b == 0:
        if operation == "modulo" or a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    return {
        "plus": lambda: a + b,
        "minus": lambda: a - b,
        "times": lambda: a * b,
        "divide": lambda: a / b,
        "modulo": lambda: math.fmod(a, b),  # C#'s % on doubles
    }[operation]()


def _times(value: Any, operand: Any = None) -> Any:
    """``Times``: text times an integer is the text repeated (``Enumerable.Repeat``, written
    as its items joined); otherwise DoMathsOperation (StandardFilters.Times)."""
    left, right = _plain(value), _plain(operand)
    if isinstance(left, str) and isinstance(right, int) and not isinstance(right, bool):
        count = change_type(right, "int32")
        if count < 0:
            raise LiquidError("Specified argument was out of the range of valid values.")
        return [left] * count
    return _maths("times")(value, operand)


def _date(value: Any, form: Any = None) -> Any:
    """``Date(input, format)``: ``now``/``today`` or text ``DateTime.TryParse`` reads,
    written with a .NET format string; text it cannot read is returned unchanged."""
    from datetime import datetime  # noqa: PLC0415

    from reqres_mock.language.datetimes import (  # noqa: PLC0415
        format_timestamp,
        parse_moment,
    )

    value = _plain(value)
    if value is None:
        return None
    text = render_value(value)
    pattern = _text(form) or ""
    if text.lower() in ("now", "today"):
        moment = datetime.now()
    else:
        try:
            moment = parse_moment("Date", text)
        except ExpressionError:
            return text
    if not pattern.strip():
        return text if text.lower() not in ("now", "today") else format_timestamp(moment, "G")
    return format_timestamp(moment, pattern)


#: The filters of DotLiquid's StandardFilters (b6a7d99), C# names.
DOTLIQUID_FILTERS = frozenset(
    (
        "Size",
        "Slice",
        "Downcase",
        "Upcase",
        "UrlEncode",
        "UrlDecode",
        "Capitalize",
        "Escape",
        "H",
        "Truncate",
        "TruncateWords",
        "Split",
        "StripHtml",
        "Strip",
        "Lstrip",
        "Rstrip",
        "Currency",
        "StripNewlines",
        "Join",
        "Sort",
        "Map",
        "Replace",
        "ReplaceFirst",
        "Remove",
        "RemoveFirst",
        "Append",
        "Prepend",
        "NewlineToBr",
        "Date",
        "First",
        "Last",
        "Plus",
        "Minus",
        "Times",
        "Round",
        "DividedBy",
        "Modulo",
        "Default",
        "Uniq",
        "Abs",
        "AtLeast",
        "AtMost",
        "Compact",
    )
)
FILTERS: dict[str, Callable[..., Any]] = {
    "Size": _size,
    "Slice": _slice,
    "Downcase": _downcase,
    "Upcase": _upcase,
    "Split": _split,
    "Strip": _strip,
    "Lstrip": _lstrip,
    "Rstrip": _rstrip,
    "Join": _join,
    "Sort": _sort,
    "Replace": _replace,
    "ReplaceFirst": _replace_first,
    "Remove": _remove,
    "Append": _append,
    "Prepend": _prepend,
    "Date": _date,
    "First": _first,
    "Last": _last,
    "Plus": _maths("plus"),
    "Minus": _maths("minus"),
    "Times": _times,
    "DividedBy": _maths("divide"),
    "Modulo": _maths("modulo"),
    "Default": _default,
}


def _as_dotnet_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose Python failure is DotLiquid's: a .NET exception thrown in a filter
    reaches ``Block.RenderAll``, which writes ``Liquid error: <message>`` in place of the
    node (``Context.HandleError``) and goes on. A .NET date format the mock's formatter
    rejects is DateTime.ToString's FormatException; any other Python error a filter raises is
    reported as the FormatException Strainer.Invoke's ``Convert.ChangeType`` throws for an
    argument of the wrong shape (the commonest cause; the wording is .NET's)."""

    def invoke(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (ExpressionError, ValueError, TypeError, ArithmeticError) as err:
            raise LiquidError(FORMAT_ERROR) from err

    return invoke


def _not_implemented(name: str) -> Callable[..., Any]:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise NotImplementedError(name)

    return fail


class _Filters(dict):  # type: ignore[type-arg]
    """Filters by name; a name DotLiquid does not know hands its input on unchanged
    (``Context.Invoke`` returns ``args.First()``), which is why ``upcase`` does nothing."""

    def __missing__(self, name: str) -> Callable[..., Any]:
        if name in DOTLIQUID_FILTERS:
            return _not_implemented(name)
        return lambda value, *_args, **_kwargs: value


# -- conditions (Condition.cs at b6a7d99) -------------------------------------------------------


def _same(left: Any, right: Any) -> bool:
    if net_kind(left) in ("list", "hash"):
        return left is right  # List/Hash Equals is reference equality
    return bool(left == right)


def type_insensitive_equal(left: Any, right: Any) -> bool:
    """``==`` (``Condition.EqualVariables`` -> ``ObjectExtensionMethods.SafeTypeInsensitiveEqual``):
    nil equals only nil; the same type compares with ``Equals``; otherwise the left value
    converted to the right's type, else the right to the left's, else not equal. So XML text
    ``"5"`` equals ``5`` and ``200`` equals ``'200'``."""
    left, right = _plain(left), _plain(right)
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
    ``Sort``), numbers and booleans by value."""
    if isinstance(left, str):
        left, right = _natural_key(left), _natural_key(right)
    elif net_kind(left) in ("list", "hash"):
        raise LiquidError("At least one object must implement IComparable.")
    return int((left > right) - (left < right))


def _as_string(value: Any) -> str:
    value = _plain(value)
    if value is None:
        raise LiquidError("Value cannot be null. (Parameter 'value')")
    if not isinstance(value, str):
        kind = net_kind(value) or "string"
        raise LiquidError(
            f"Unable to cast object of type '{_NET_TYPES[kind]}' to type 'System.String'."
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


def _relation(sign: Callable[[int], bool]) -> Callable[[Any, Any], bool]:
    """``<``, ``>``, ``<=``, ``>=``: false with nil on either side; the right value converted
    to the left's type (``Convert.ChangeType``, which may throw: a Liquid error), then
    compared. So ``"10" > 5`` compares text and is false."""

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
    "<": _relation(lambda sign: sign < 0),
    ">": _relation(lambda sign: sign > 0),
    "<=": _relation(lambda sign: sign <= 0),
    ">=": _relation(lambda sign: sign >= 0),
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
    left, right = _plain(left), _plain(right)
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
_NAMED_AT: ContextVar[dict[int, str]] = ContextVar("_NAMED_AT", default={})  # noqa: B039


def _named_operators(text: str) -> tuple[str, dict[int, str]]:
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


# -- the template engine ---------------------------------------------------------------------


class UnsupportedForm(Exception):
    """A DotLiquid form the mock does not run; carries the python-liquid token for the line."""

    def __init__(self, form: str, token: Any) -> None:
        super().__init__(form)
        self.form, self.token = form, token


def _dotliquid_tags() -> list[type[Any]]:
    """python-liquid's ``if``, ``unless``, ``case``, ``for`` and ``assign`` with DotLiquid's
    rules: conditions compare with ``Condition.Operators`` (``Tags/Case.cs`` builds
    ``Condition(left, "==", when)``), and a Liquid error inside a tag is written in place of
    it (``Block.RenderAll`` catches per node and writes ``Context.HandleError``'s text)."""
    from liquid.builtin.expressions import logical  # noqa: PLC0415 (optional extra)
    from liquid.builtin.tags import (  # noqa: PLC0415
        assign_tag,
        case_tag,
        for_tag,
        if_tag,
        unless_tag,
    )
    from liquid.expression import Expression  # noqa: PLC0415

    symbols = {
        logical.EqExpression: "==",
        logical.NeExpression: "!=",
        logical.LtExpression: "<",
        logical.GtExpression: ">",
        logical.LeExpression: "<=",
        logical.GeExpression: ">=",
    }

    class Condition(Expression):
        __slots__ = ("left", "operator", "right")

        def __init__(self, token: Any, operator: str, left: Any, right: Any) -> None:
            super().__init__(token)
            self.operator, self.left, self.right = operator, left, right

        def evaluate(self, context: Any) -> object:
            left, right = self.left.evaluate(context), self.right.evaluate(context)
            return OPERATORS[self.operator](_plain(left), _plain(right))

        def children(self) -> list[Any]:
            return [self.left, self.right]

    class When(Expression):
        __slots__ = ("expressions", "left")

        def __init__(self, token: Any, left: Any, expressions: list[Any]) -> None:
            super().__init__(token)
            self.left, self.expressions = left, expressions

        def evaluate(self, context: Any) -> list[bool]:
            left = self.left.evaluate(context)
            return [
                type_insensitive_equal(left, item.evaluate(context)) for item in self.expressions
            ]

        def children(self) -> list[Any]:
            return self.expressions

    def dotliquid(expression: Any) -> Any:
        if isinstance(expression, logical.BooleanExpression):
            expression.expression = dotliquid(expression.expression)
        elif isinstance(expression, (logical.LogicalAndExpression, logical.LogicalOrExpression)):
            expression.left, expression.right = (
                dotliquid(expression.left),
                dotliquid(expression.right),
            )
        elif type(expression) in symbols:
            named = _NAMED_AT.get().get(expression.token.start_index)
            symbol = named or symbols[type(expression)]
            if symbol == "!=" and expression.token.value == "<>":
                symbol = "<>"
            return Condition(expression.token, symbol, expression.left, expression.right)
        return expression

    def in_place(node_class: type[Any]) -> type[Any]:
        class InPlace(node_class):  # type: ignore[misc]
            def render_to_output(self, context: Any, buffer: Any) -> int:
                try:
                    return int(super().render_to_output(context, buffer))
                except LiquidError as err:
                    return int(buffer.write(f"Liquid error: {err}"))

        return InPlace

    class IfTag(if_tag.IfTag):
        node_class = in_place(if_tag.IfNode)

        def parse(self, stream: Any) -> Any:
            node: Any = super().parse(stream)
            node.condition = dotliquid(node.condition)
            for alternative in node.alternatives:
                alternative.expression = dotliquid(alternative.expression)
            return node

    class UnlessTag(unless_tag.UnlessTag):
        node_class = in_place(unless_tag.UnlessNode)

        def parse(self, stream: Any) -> Any:
            node: Any = super().parse(stream)
            node.condition = dotliquid(node.condition)
            for alternative in node.alternatives:
                alternative.expression = dotliquid(alternative.expression)
            return node

    class CaseTag(case_tag.CaseTag):
        node_class = in_place(case_tag.CaseNode)

        def parse(self, stream: Any) -> Any:
            node: Any = super().parse(stream)
            for block in node.blocks:
                choice = getattr(block, "expression", None)
                if choice is not None:
                    block.expression = When(choice.token, choice.left, choice.expressions)
            return node

    class ForNode(for_tag.ForNode):
        def render_to_output(self, context: Any, buffer: Any) -> int:
            if isinstance(_plain(self.expression.iterable.evaluate(context)), dict):
                raise UnsupportedForm("'for' over an object", self.token)
            return int(super().render_to_output(context, buffer))

    class ForTag(for_tag.ForTag):
        node_class = in_place(ForNode)

    class AssignTag(assign_tag.AssignTag):
        node_class = in_place(assign_tag.AssignNode)

    return [IfTag, UnlessTag, CaseTag, ForTag, AssignTag]


def _environment() -> Any:
    """A python-liquid environment with DotLiquid's filters and output rules.

    :raises ActionFailure: ``MissingExtra`` without python-liquid.
    """
    with _LOCK:
        if _ENVIRONMENT:
            return _ENVIRONMENT[0]
        try:
            import liquid  # noqa: PLC0415 (optional extra)
            from liquid.builtin.output import Output, OutputNode  # noqa: PLC0415
        except ImportError as err:
            raise ActionFailure(
                "MissingExtra",
                "Liquid maps run in python-liquid: install it with pip install "
                "'reqres-mock[liquid]', or stub the action by name with wf.stub_action(...)",
            ) from err

        class DotLiquidOutputNode(OutputNode):
            def render_to_output(self, context: Any, buffer: Any) -> int:
                try:
                    value = self.expression.evaluate(context)
                except LiquidError as err:
                    return int(buffer.write(f"Liquid error: {err}"))
                return int(buffer.write(render_value(value)))

        class DotLiquidOutput(Output):
            node_class = DotLiquidOutputNode

        environment = liquid.Environment(tolerance=liquid.Mode.STRICT, strict_filters=False)
        for tag in _dotliquid_tags():
            environment.add_tag(tag)
        environment.filters = _Filters(
            {name: _as_dotnet_filter(function) for name, function in FILTERS.items()}
        )
        environment.add_tag(DotLiquidOutput)
        _ENVIRONMENT.append(environment)
        return environment


#: ``{% … %}`` and ``{{ … }}`` markup. DotLiquid's variable parser (``Liquid.VariableParser``:
#: ``\[[^\]]+\]|[\w-]+\??`` scanned over the name, Context.cs) skips what is not a name
#: part, so ``{% if {{content.x}} == "y" %}``, ``for e in content.Items.*`` and
#: ``places[0].['place name']`` read ``content.x``, ``content.Items`` and
#: ``places[0]['place name']``.
_MARKUP = re.compile(r"(\{%|\{\{)(.*?)(%\}|\}\})", re.DOTALL)
_TAG = re.compile(r"\{%(.*?)%\}", re.DOTALL)
_BRACES = re.compile(r"\{\{-?\s*|\s*-?\}\}")
_STAR = re.compile(r"\.\*(?=[\s%-]|$)")
_DOT_BRACKET = re.compile(r"""('[^']*'|"[^"]*")|\.\s*\[""")


#: ``Template.Tokenize``: ``{%-``/``{{-`` trims only the spaces and tabs before it on its line,
#: ``-%}``/``-}}`` one line break or one run of spaces and tabs after it (Shopify's Liquid and
#: python-liquid trim all white space, line breaks included).
_TRIM_BEFORE = re.compile(r"[ \t]*(\{\{|\{%)-")
_TRIM_AFTER = re.compile(r"-(\}\}|%\})(?:\n|\r\n|[ \t]+)?")


def dotliquid_source(source: str) -> str:
    """The map's text with DotLiquid's whitespace control applied (``Template.Tokenize``
    trims, then drops the ``-``) and the DotLiquid-only forms python-liquid cannot parse
    rewritten."""
    source = _TRIM_AFTER.sub(r"\1", _TRIM_BEFORE.sub(r"\1", source))

    def tag(match: re.Match[str]) -> str:
        markup = _STAR.sub("", _BRACES.sub("", match.group(1)))
        return "{%" + markup + "%}"

    def path(match: re.Match[str]) -> str:
        markup = _DOT_BRACKET.sub(lambda m: m.group(1) or "[", match.group(2))
        return match.group(1) + markup + match.group(3)

    return _MARKUP.sub(path, _TAG.sub(tag, source))


def render(source: str, content: Any, map_name: str, action: Action) -> str:
    """Render a Liquid map with ``content``.

    :raises ActionFailure: ``InvalidLiquidTemplate`` when it does not parse or a tag fails,
        ``UnsupportedMap`` for a DotLiquid filter the mock does not implement.
    """
    environment = _environment()
    import liquid  # noqa: PLC0415 (present: _environment checked it)

    text, named = _named_operators(dotliquid_source(source))
    reset = _NAMED_AT.set(named)
    try:
        template = environment.from_string(text)
        return str(template.render(content=content))
    except UnsupportedForm as err:
        at = text.count("\n", 0, err.token.start_index) + 1
        raise ActionFailure(
            "UnsupportedMap",
            f"{map_name} line {at}: DotLiquid's {err.form} is not implemented by "
            f"reqres-mock; {_stub_hint(action)}.",
        ) from err
    except NotImplementedError as err:
        raise ActionFailure(
            "UnsupportedMap",
            f"{map_name}: the DotLiquid filter '{err}' is not implemented by reqres-mock; "
            f"{_stub_hint(action)}.",
        ) from err
    except liquid.exceptions.LiquidError as err:
        token = getattr(err, "token", None)
        line = text.count("\n", 0, token.start_index) + 1 if token is not None else "?"
        reason = str(getattr(err, "message", None) or err).splitlines()[0]
        raise ActionFailure(
            "InvalidLiquidTemplate",
            f"{map_name} line {line}: {reason} (python-liquid cannot run this DotLiquid "
            f"form; rewrite it or {_stub_hint(action)}).",
        ) from err
    except Exception as err:
        # Last resort: a Python failure the ports above did not foresee fails the action
        # (saying so) instead of the run.
        raise ActionFailure(
            "UnsupportedMap",
            f"{map_name}: reqres-mock could not render this map ({type(err).__name__}: "
            f"{err}); {_stub_hint(action)}.",
        ) from err
    finally:
        _NAMED_AT.reset(reset)


# -- JSON in and out -------------------------------------------------------------------------

_TRAILING_COMMA = re.compile(r'("(?:[^"\\]|\\.)*")|,(\s*[\]}])', re.DOTALL)


def parse_output(text: str) -> Any:
    """The rendered text as JSON, read as Newtonsoft's ``JToken.Parse`` reads it: a comma
    before ``]`` or ``}`` is allowed (real maps and the article's example end arrays with one).

    :raises ActionFailure: ``IncorrectLiquidTransformOutputType`` with the runtime's sentence
        (Azure/LogicAppsUX#4614); the parser's reason in it is the mock's wording.
    """
    lenient = _TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(2), text)
    try:
        return json.loads(lenient)
    except json.JSONDecodeError as err:
        raise ActionFailure(
            "IncorrectLiquidTransformOutputType",
            "An error occurred while converting the transformed value to JSON. The transformed "
            f"value is not a valid JSON. '{err.msg}. Path '', line {err.lineno}, position "
            f"{err.colno}.'",
        ) from err


def _content(value: Any, xml: bool) -> Any:
    """``content`` as the map sees it: JSON as it is (text that is JSON parsed); XML as
    Newtonsoft's XML-to-JSON conversion gives it (as ``json(xml(...))``)."""
    if xml:
        from reqres_mock.language.xmljson import xml_to_json  # noqa: PLC0415

        try:
            return xml_to_json(xml_text(value).encode("utf-8"))
        except ExpressionError as err:
            raise ActionFailure("InvalidXml", err.message) from err
    if isinstance(value, dict) and "$content" in value:
        value = xml_text(value)  # base64 content: its text
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def run_liquid(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The ``Liquid`` action: renders the map named by ``inputs.map.name`` (Standard) or
    ``inputs.integrationAccount.map.name`` (Consumption) with ``content``; a ``*ToJson`` kind
    gives the parsed JSON as ``outputs.body``, a ``*ToText`` kind the text.

    A failure keeps the evaluated inputs on the action.
    """
    inputs = runner.evaluate(action.inputs) or {}
    kind = str(action.spec.get("kind", "")).lower()
    try:
        if kind not in KINDS:
            raise ActionFailure(
                "InvalidTemplate",
                f"A Liquid action's kind must be JsonToJson, JsonToText, XmlToJson or "
                f"XmlToText, not '{action.spec.get('kind')}'.",
            )
        name, source = find_map(runner, action, inputs, "Liquid")
        content = _content(
            inputs.get("content") if isinstance(inputs, dict) else None, kind.startswith("xml")
        )
        text = render(source, content, name, action)
        body = parse_output(text) if kind.endswith("json") else text
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    return SUCCEEDED, inputs, {"body": body}
