"""``formatNumber``: .NET numeric format strings.

Standard formats C, N, F, P, D, E, G, R, X (with precision) and custom patterns built from
``0``, ``#``, ``,`` and ``.``; the culture (:mod:`reqres_mock.language.cultures`) decides the
separators and the currency symbol.

A negative double that rounds to zero keeps its minus sign (``formatNumber(-0.03, 'F1')`` is
``-0.0``): .NET Core 3.0 made formatting IEEE 754 compliant, and a decimal or an integer
still drops it (dotnet/runtime#32458, #59570: ``(-0.1).ToString("0")`` is ``-0`` for a double,
``0`` for a decimal; ``Number.Formatting.cs`` ``RoundNumber`` clears the sign of a zero
unless the number is floating point).
"""

from __future__ import annotations

import math
import re
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    localcontext,
)

from reqres_mock.errors import ExpressionError
from reqres_mock.language.cultures import Culture, culture
from reqres_mock.protocol.jsonwire import DotNetDecimal, format_decimal, format_double


def _group(digits: str, separator: str, sizes: tuple[int, int] = (3, 3)) -> str:
    """``digits`` grouped as ``NumberGroupSizes`` says: ``sizes[0]`` next to the point, then
    groups of ``sizes[1]`` (en-IN's ``12,34,567``)."""
    primary, secondary = sizes
    if not primary or len(digits) <= primary:
        return digits
    parts = [digits[-primary:]]
    rest = digits[:-primary]
    step = secondary or len(rest)
    while rest:
        parts.append(rest[-step:])
        rest = rest[:-step]
    return separator.join(reversed(parts))


#: Room for every digit of a double's exact value (at most 767 significant) and 99 places.
_EXACT = Context(prec=2000, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _digits(value: float, decimals: int, *, scale: int = 0, even: bool = False) -> str:
    """``abs(value) * 10**scale`` with ``decimals`` places, rounded on the exact value: half
    away from zero (a decimal, a custom format: ``formatNumber(2.5, '0')`` is ``3``, not
    Python's ``2``), or half to even (``even``: a double in a standard format)."""
    exact = value.exact if isinstance(value, DotNetDecimal) else Decimal(value)
    with localcontext(_EXACT):
        shifted = abs(exact).scaleb(scale)
        rounded = shifted.quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN if even else ROUND_HALF_UP
        )
        return format(rounded, "f")


def _magnitude(value: float) -> float:
    """``abs(value)``, a decimal kept exact (``abs()`` of a :class:`DotNetDecimal` is a plain
    float: 6.845 would become 6.84499…, formatted ``6.84`` where .NET writes ``6.85``)."""
    if isinstance(value, DotNetDecimal):
        return DotNetDecimal(abs(value.exact))
    return abs(value)


def _is_double(value: float) -> bool:
    return isinstance(value, float) and not isinstance(value, DotNetDecimal)


def _minus(value: float, rounded_to_zero: bool, double: bool) -> bool:
    """Whether ``value``, formatted, shows a minus sign: a negative double always does (its
    sign bit, -0.0 included), a decimal or an integer unless it rounded to zero."""
    if double:
        return math.copysign(1.0, value) < 0
    return value < 0 and not rounded_to_zero


def _fixed(
    value: float, decimals: int, group: str | None, where: Culture, *, scale: int = 0
) -> str:
    """``value`` with ``decimals`` places (of ``value * 10**scale``: ``P`` shifts the digits,
    never multiplying the double). A double rounds half to even: "Standard formats (N, F, C, P)
    round half to even (2.5 → 2, 0.125 → 0.12)", measured in the cloud by tomdam/flowforger
    (packages/engine/src/expr/dotnet-number.ts), which is .NET Core 2.1+'s rule ("the runtime
    selects the result with an even least significant digit (that is, using
    MidpointRounding.ToEven)": https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings;
    Dragon4 computes the digits exactly and breaks a tie towards the even digit). A decimal's
    own digits round half away from zero (Number.Formatting's RoundNumber)."""
    text = _digits(value, decimals, scale=scale, even=_is_double(value))
    whole, _, fraction = text.partition(".")
    if group is not None:
        whole = _group(whole, group, where.grouping)
    sign = where.minus if _minus(value, float(text) == 0, _is_double(value)) else ""
    return sign + whole + (where.point + fraction if fraction else "")


def _general(value: float, precision: int | None, where: Culture, small_e: bool) -> str:
    """.NET's ``G``: the shortest round-trip text of a double (a decimal keeps its scale),
    or ``precision`` significant digits, in scientific notation when the exponent is below
    -5 or not below the precision (``E+XX``, trailing zeros dropped)."""
    if not precision:
        if _is_double(value):
            text = format_double(value)
        elif isinstance(value, DotNetDecimal):
            text = format_decimal(value.exact)
        else:
            text = str(value)
        text = text.replace("-", where.minus).replace(".", where.point)
        return text.replace("E", "e") if small_e else text
    exact = value.exact if isinstance(value, DotNetDecimal) else Decimal(value)
    sign = where.minus if _minus(value, exact == 0, _is_double(value)) else ""
    if exact == 0:
        return sign + "0"
    step = Decimal(1).scaleb(exact.adjusted() - precision + 1)
    rounded = abs(exact).quantize(step, rounding=ROUND_HALF_UP)
    exponent = rounded.adjusted()
    digits = "".join(map(str, rounded.as_tuple().digits)).rstrip("0")
    if -5 < exponent < precision:
        text = format(rounded.normalize(), "f").replace(".", where.point)
    else:
        text = digits[0] + (where.point + digits[1:] if len(digits) > 1 else "")
        power = (where.minus if exponent < 0 else "+") + f"{abs(exponent):02d}"
        text += ("e" if small_e else "E") + power
    return sign + text


def format_number(value: float, form: str, locale: str = "en-us") -> str:
    """Format ``value`` like .NET's ``ToString(form, culture)``.

    :raises ExpressionError: for a format or locale this does not understand.
    """
    where = culture(locale, "formatNumber")
    group, point, currency = where.group, where.point, where.currency
    if math.isnan(value):
        return where.nan
    if math.isinf(value):
        return where.infinity if value > 0 else where.minus + where.infinity
    standard = re.fullmatch(r"([CcNnFfPpDdEeGgRrXx])([0-9]{0,2})", form)
    if standard:
        kind, digits = standard[1].upper(), standard[2]
        precision = int(digits) if digits else None
        double = _is_double(value)
        if kind == "C":
            places = where.currency_digits if precision is None else precision
            body = _fixed(_magnitude(value), places, group, where)
            text = currency.format(n=body)
            zero = not body.strip("0" + point)
            return where.minus + text if _minus(value, zero, double) else text
        if kind == "N":
            return _fixed(value, 2 if precision is None else precision, group, where)
        if kind == "F":
            return _fixed(value, 2 if precision is None else precision, None, where)
        if kind == "P":
            body = _fixed(
                _magnitude(value), 2 if precision is None else precision, group, where, scale=2
            )
            text = where.percent.format(n=body)
            zero = not body.strip("0" + point)
            return where.minus + text if _minus(value, zero, double) else text
        if kind == "G":
            return _general(value, precision, where, small_e=standard[1] == "g")
        if kind == "R":
            if not double:
                raise ExpressionError(
                    f"The template language function 'formatNumber' format '{form}' needs a "
                    "floating-point number"
                )
            return _general(value, None, where, small_e=False)
        if kind in ("D", "X"):
            if not float(value).is_integer():
                raise ExpressionError(
                    f"The template language function 'formatNumber' format '{form}' needs an "
                    "integer"
                )
            number = int(value)
            digits_text = f"{abs(number):x}" if kind == "X" else str(abs(number))
            if standard[1] == "X":
                digits_text = digits_text.upper()
            padded = digits_text.rjust(precision or 0, "0")
            return (
                where.minus if number < 0 and kind == "D" else "-" if number < 0 else ""
            ) + padded
        exponent = f"{value:.{6 if precision is None else precision}E}"
        mantissa, _, power = exponent.partition("E")
        sign = power[0] if power[0] in "+-" else "+"
        mantissa = mantissa.replace(".", point).replace("-", where.minus)
        sign = where.minus if sign == "-" else sign
        letter = "e" if standard[1] == "e" else "E"
        return mantissa + letter + sign + power.lstrip("+-").rjust(3, "0")
    return _custom(value, form, where)


_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|\\.|[^#0,.%\u2030'\"\\]+|[%\u2030]")


def _sections(form: str) -> list[str]:
    """The ``;``-separated sections of a custom format (quotes and escapes respected)."""
    sections, current, quote, escaped = [], [], "", False
    for char in form:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif quote:
            current.append(char)
            quote = "" if char == quote else quote
        elif char in "'\"":
            current.append(char)
            quote = char
        elif char == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _custom(value: float, form: str, where: Culture) -> str:
    """.NET custom numeric formats: ``0``/``#`` placeholders, ``.``, grouping and scaling
    commas, ``%``/``\u2030``, literal text before and after (quoted, escaped or plain), and
    ``positive;negative;zero`` sections."""
    sections = _sections(form)
    chosen, negative_section = sections[0], False
    if value < 0 and len(sections) > 1 and sections[1]:
        chosen, negative_section = sections[1], True
    elif value == 0 and len(sections) > 2 and sections[2]:
        chosen = sections[2]
    if not re.search(r"[#0]", _strip_literals(chosen)):
        return _literal(chosen)  # a section of text only ("zero")
    match = re.fullmatch(r"((?:'[^']*'|\"[^\"]*\"|\\.|[^#0,.'\"\\])*)([#0,.]+)(.*)", chosen)
    if match is None:
        raise ExpressionError(
            f"The template language function 'formatNumber' does not understand the format '{form}'"
        )
    prefix, core, suffix = match.groups()
    if re.search(r"[#0]", _strip_literals(suffix)):
        raise ExpressionError(
            f"The template language function 'formatNumber' does not understand the format "
            f"'{form}' (placeholders split by text)"
        )
    scaled = value
    for marker in _strip_literals(prefix + suffix):
        scaled *= 100 if marker == "%" else 1000 if marker == "\u2030" else 1
    integer_part, _, fraction_part = core.partition(".")
    while integer_part.endswith(","):
        integer_part = integer_part[:-1]
        scaled /= 1000
    body = _core(scaled, integer_part, fraction_part, where)
    zero = body.strip("0" + where.point) == ""
    negative = not negative_section and _minus(scaled, zero, _is_double(value))
    return (where.minus if negative else "") + _literal(prefix) + body + _literal(suffix)


def _strip_literals(text: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"|\\.", "", text)


def _literal(text: str) -> str:
    out = []
    for token in _LITERAL.findall(text):
        if token[0] in "'\"":
            out.append(token[1:-1])
        elif token[0] == "\\":
            out.append(token[1:])
        else:
            out.append(token)
    return "".join(out)


def _core(value: float, integer_part: str, fraction_part: str, where: Culture) -> str:
    grouped = "," in integer_part
    required_fraction = fraction_part.count("0")
    optional_fraction = fraction_part.count("#")
    decimals = required_fraction + optional_fraction
    text = _digits(value, decimals)
    whole, _, fraction = text.partition(".")
    if optional_fraction:
        keep = len(fraction.rstrip("0"))
        fraction = fraction[: max(keep, required_fraction)]
    minimum_whole = integer_part.replace(",", "").replace("#", "").count("0")
    whole = whole.lstrip("0") or ""
    whole = whole.rjust(minimum_whole, "0")
    if grouped and whole:
        whole = _group(whole, where.group, where.grouping)
    return whole + (where.point + fraction if fraction else "")
