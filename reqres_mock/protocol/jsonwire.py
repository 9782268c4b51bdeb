"""JSON as the Logic Apps runtime writes it: Newtonsoft.Json over .NET values.

Everything the runtime sends as JSON (Response bodies, the bodies of Http and Workflow actions,
objects written into strings) goes through Newtonsoft's ``JsonTextWriter`` with its default
settings, so the mock writes:

- doubles as ``double.ToString("R", InvariantCulture)`` (.NET Core: the shortest round-trip
  digits, ``E+XX`` notation outside 1e-5..1e15) with ``.0`` added when the text has neither a
  point nor an exponent (``EnsureDecimalPlace``): ``1.0``, ``0.1``, ``1E+20``, ``1.5E-07``;
- infinities and NaN as the strings ``"Infinity"``, ``"-Infinity"``, ``"NaN"``
  (``FloatFormatHandling.String``, Newtonsoft's default);
- ``decimal`` values exactly, with their scale, and ``.0`` when they have no point
  (``JsonConvert.ToString(decimal)``): ``decimal('1.10')`` is ``1.10``, ``decimal('5')`` ``5.0``;
- strings escaped as Newtonsoft escapes them (``StringEscapeHandling.Default``): control
  characters (``\\b \\t \\n \\f \\r`` by name, the rest ``\\u00xx``), ``"``, ``\\``, and also
  U+0085, U+2028 and U+2029; everything else, non-ASCII included, as is;
- no whitespace between tokens (``Formatting.None``).

Sources: JamesNK/Newtonsoft.Json ``Src/Newtonsoft.Json/JsonConvert.cs`` (``ToString(double)``,
``EnsureDecimalPlace``, ``EnsureFloatFormat``, ``ToString(decimal)``),
``JsonSerializerSettings.cs`` (``DefaultFloatFormatHandling = FloatFormatHandling.String``) and
``Utilities/JavaScriptUtils.cs`` (``WriteEscapedJavaScriptString``).
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "DotNetDecimal",
    "dumps",
    "encode",
    "format_decimal",
    "format_double",
    "is_writable",
    "repaired",
]


class DotNetDecimal(float):
    """A .NET ``decimal`` (the value of the language's ``decimal()``): a float for everything
    that only knows JSON numbers, with the exact :class:`~decimal.Decimal` (scale included,
    ``5.0`` stays ``5.0``) in :attr:`exact`, which :func:`dumps` writes."""

    exact: Decimal

    def __new__(cls, exact: Decimal) -> DotNetDecimal:
        made = super().__new__(cls, float(exact))
        made.exact = exact
        return made

    def __repr__(self) -> str:
        return f"DotNetDecimal('{self.exact}')"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DotNetDecimal):
            return self.exact == other.exact
        return float.__eq__(self, other)

    __hash__ = float.__hash__


def format_double(value: float) -> str:
    """A double as .NET Core prints it (``ToString()``, ``"R"``): the shortest round-trip
    digits, scientific notation (``E+XX``, at least two exponent digits) when the exponent is
    below -5 or above 14; ``Infinity``, ``-Infinity``, ``NaN``, ``-0``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    digits, _, exp_part = repr(value).lower().partition("e")
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    whole, _, fraction = digits.partition(".")
    significant = (whole + fraction).lstrip("0")
    # the decimal exponent of the first significant digit
    if whole.strip("0"):
        exponent = len(whole.lstrip("0")) - 1
    else:
        exponent = -(len(fraction) - len(fraction.lstrip("0")) + 1)
    exponent += int(exp_part or 0)
    significant = significant.rstrip("0") or "0"
    if -5 < exponent < 15:
        if exponent >= 0:
            head = significant[: exponent + 1].ljust(exponent + 1, "0")
            tail = significant[exponent + 1 :]
        else:
            head, tail = "0", "0" * (-exponent - 1) + significant
        return sign + head + ("." + tail if tail else "")
    body = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
    return f"{sign}{body}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"


def format_decimal(value: Decimal) -> str:
    """A .NET decimal as it prints: fixed notation with its scale (``5.0`` stays ``5.0``), and
    never a negative zero (``-0.00`` prints ``0.00``: .NET's ``Number.Formatting.cs``, "-0
    should be formatted as 0 for decimal")."""
    text = format(value.copy_abs() if value.is_zero() else value, "f")
    return text or "0"


#: What Newtonsoft escapes beyond what ``json.dumps(ensure_ascii=False)`` escapes.
_EXTRA_ESCAPES = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _string(text: str) -> str:
    written = encode_basestring(text)
    if "\u0085" in text or "\u2028" in text or "\u2029" in text:
        written = written.translate(_EXTRA_ESCAPES)
    return written


def _number(value: float) -> str:
    if isinstance(value, DotNetDecimal):
        text = format_decimal(value.exact)
        return text if "." in text else text + ".0"
    if type(value) is float and _same_as_python(value):
        return repr(value)
    if not math.isfinite(value):
        return '"' + format_double(value) + '"'
    text = format_double(value)
    return text if "." in text or "E" in text else text + ".0"


_LITERALS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _write(value: Any, out: list[str]) -> None:
    kind = type(value)
    # the common exact types first, then subclasses (bool is an int, DotNetDecimal a float)
    if kind is str:
        out.append(_string(value))
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float and _same_as_python(value):
        out.append(repr(value))
    elif value is None or kind is bool:
        out.append(_LITERALS[value])
    elif isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, float):
        out.append(_number(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not first:
                out.append(",")
            first = False
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            out.append(_string(key))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _same_as_python(number: float) -> bool:
    """Whether Python's ``repr`` of a double is Newtonsoft's text: between 1e-4 and 1e15 both
    write the shortest round-trip digits in fixed notation with at least ``.0``."""
    magnitude = abs(number)
    return 1e-4 <= magnitude < 1e15 or magnitude == 0


def _plain(value: Any) -> bool:
    """Whether the standard library writes ``value`` exactly as Newtonsoft does (the fast
    path): no decimal, no double outside 1e-4..1e15 or non-finite, no string that Newtonsoft
    escapes differently, no tuple or subclass."""
    kind = type(value)
    if kind is str:
        return not ("\u0085" in value or "\u2028" in value or "\u2029" in value)
    if kind is dict:
        return all(type(k) is str and _plain(k) and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is float:
        return _same_as_python(value)
    return kind is int or kind is bool or value is None


def dumps(value: Any) -> str:
    """``value`` as compact JSON, written as Newtonsoft writes it.

    :raises TypeError: for a value that is not JSON (a set, an object, a non-string key).
    """
    if _plain(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def encode(value: Any) -> bytes:
    """:func:`dumps` as UTF-8 bytes (what goes on the wire)."""
    return utf8(dumps(value))


def utf8(text: str) -> bytes:
    """``text`` in UTF-8 as .NET's ``Encoding.UTF8`` writes it: a lone surrogate (from a JSON
    escape such as ``"\\ud83d"``, or a cut through a pair) becomes U+FFFD, where Python's
    codec would raise. https://learn.microsoft.com/dotnet/api/system.text.encoding.utf8
    ("replaces each [invalid surrogate] with U+FFFD REPLACEMENT CHARACTER")."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return repaired(text).encode()


def repaired(text: str) -> str:
    """``text`` with its surrogates as .NET decodes UTF-16: a pair is one character, a lone
    half becomes U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def is_writable(value: Any) -> bool:
    """Whether :func:`dumps` can write ``value``."""
    try:
        if _plain(value):
            return True
        _write(value, [])
    except (TypeError, RecursionError):
        return False
    return True
