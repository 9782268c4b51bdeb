"""DotLiquid's number filters (``StandardFilters.cs`` at b6a7d99): the arithmetic of
``DoMathsOperation`` and the filters that round, clamp and format, for the Liquid action
(:mod:`reqres_mock.definitions.liquid`).

Their parameters are ``object``, so ``Strainer.Invoke`` converts nothing: each filter reads
its input itself, with ``ToString()`` and a parse in the current culture (the invariant one
in the mock), or with ``Convert``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.liquid.values import (
    INT32,
    NET_TYPES,
    Char,
    LiquidError,
    Long,
    NeedsExtra,
    change_type,
    decimal_from_double,
    dotnet_string,
    net_kind,
    plain,
    render_value,
    strainer_arg,
)
from reqres_mock.errors import ExpressionError
from reqres_mock.language.cultures import CULTURES_EXTRA, INVARIANT, culture, parse_number
from reqres_mock.language.numbers import format_number
from reqres_mock.language.values import DECIMAL_MAX
from reqres_mock.protocol.jsonread import DOTNET_WHITESPACE
from reqres_mock.protocol.jsonwire import DotNetDecimal

if TYPE_CHECKING:
    from collections.abc import Callable


# -- maths (DoMathsOperation) -----------------------------------------------------------------

_LONG = 2**63
#: ``ExpressionUtility``'s delegate throws inside ``DynamicInvoke``, so the filter's error is
#: the wrapping TargetInvocationException's message (Strainer.Invoke unwraps one level only).
_INVOCATION = "Exception has been thrown by the target of an invocation."
#: ``ExpressionUtility.CreateExpression`` for a type that is not numeric (text, a boolean, a
#: list) or two characters (no ``Char`` operator) returns a delegate without parameters, and
#: ``DynamicInvoke(input, operand)`` on it throws TargetParameterCountException (.NET's
#: wording; Mono's is "Number of parameters specified does not match the expected number.").
PARAMETER_COUNT = "Parameter count mismatch."
#: An OverflowException of checked integer maths reaches the filter's error unwrapped
#: (checked under Mono at b6a7d99; dotliquid/dotliquid#483 reports it from DotLiquid 2.2 for
#: ``int.MaxValue | plus: 1``), unlike DivideByZeroException (:data:`_INVOCATION`).
OVERFLOW = "Arithmetic operation resulted in an overflow."


def _integral(value: Any) -> int | Char:
    value = plain(value)
    if isinstance(value, Char) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise LiquidError(PARAMETER_COUNT)  # "Argument is not numeric"


def _to_decimal(value: Any) -> Decimal:
    """``Convert.ToDecimal(object)``: text parsed, a boolean 1 or 0, a character refused
    (InvalidCastException), a list or object not ``IConvertible``."""
    kind = net_kind(value)
    if kind in ("list", "hash", "pair", "symbol"):
        raise LiquidError(
            f"Unable to cast object of type '{NET_TYPES[kind]}' to type 'System.IConvertible'."
        )
    return Decimal(change_type(value, "decimal"))


def maths(operation: str) -> Callable[[Any, Any], Any]:
    """``DoMathsOperation``: nil in, nil out; a real on either side computes in decimal
    (``Convert.ToDecimal`` of both, whose InvalidCastException or FormatException is the
    filter's error; so ``0.1 | Plus: 10 | Minus: 10`` stays 0.1 and ``'5' | Minus: 2.5`` is
    2.5); otherwise integers (a character by its code: ``'a'`` plus 1 is 98) stay integers
    (``DividedBy`` truncates toward zero, ``Modulo`` takes the dividend's sign, as C#),
    checked for overflow, in 64 bits when both are ``Int64`` and otherwise in 32 (an
    ``Int64`` beside an ``Int32`` keeps its low 32 bits), an overflow :data:`OVERFLOW`;
    anything else (text, a boolean, two characters) is :data:`PARAMETER_COUNT`."""

    def apply(value: Any, operand: Any = None) -> Any:
        left, right = plain(value), plain(operand)
        if left is None or right is None:
            return None
        if operation == "plus" and isinstance(left, str):
            return left + render_value(right)  # Plus on text concatenates
        if isinstance(left, (float, Decimal)) or isinstance(right, (float, Decimal)):
            return _real_maths(operation, left, right)
        a, b = _integral(left), _integral(right)
        if isinstance(a, Char) and isinstance(b, Char):
            raise LiquidError(PARAMETER_COUNT)  # no operator on two Chars
        # ExpressionUtility.BinaryNumericResultType: a Char takes the other side's type (no
        # Char operator: CreateExpression falls back to it); two Int64 stay Int64, but Int32
        # with Int64 is Int32 (Int32's promotions list Int64, so the left type is taken),
        # the Int64 cast unchecked, keeping its low 32 bits.
        wide = isinstance(a, (Long, Char)) and isinstance(b, (Long, Char))
        bound = _LONG if wide else INT32
        left = _low_bits(a.code if isinstance(a, Char) else a, bound)
        right = _low_bits(b.code if isinstance(b, Char) else b, bound)
        if operation in ("divide", "modulo"):
            if right == 0:
                raise LiquidError(_INVOCATION)  # DivideByZeroException
            quotient = abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1)
            result = quotient if operation == "divide" else left - right * quotient
            if not -bound <= quotient < bound:  # MinValue / -1
                raise LiquidError(OVERFLOW)
        else:
            result = {"plus": left + right, "minus": left - right, "times": left * right}[operation]
        if not -bound <= result < bound:
            raise LiquidError(OVERFLOW)  # Expression.AddChecked, SubtractChecked, MultiplyChecked
        return Long(result) if wide else result

    return apply


def _low_bits(value: int, bound: int) -> int:
    """An integer cast to the type of range ``[-bound, bound)`` as ``Expression.Convert``
    casts, unchecked: its low bits, two's complement."""
    return (value + bound) % (2 * bound) - bound


def _real_maths(operation: str, left: Any, right: Any) -> Any:
    try:
        a, b = _to_decimal(left), _to_decimal(right)
    except LiquidError as err:
        if "too large or too small" not in str(err):
            raise
        return _double_maths(operation, float(left), float(right))  # OverflowException
    try:
        result = {
            "plus": lambda: a + b,
            "minus": lambda: a - b,
            "times": lambda: a * b,
            "divide": lambda: a / b,
            "modulo": lambda: a % b,
        }[operation]()
        if abs(result) <= DECIMAL_MAX:
            return result
    except (ArithmeticError, InvalidOperation):
        pass
    # Outside decimal's range, or divided by zero: DoMathsOperation catches the
    # OverflowException/DivideByZeroException and computes again in double.
    return _double_maths(operation, float(a), float(b))


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


def times(value: Any, operand: Any = None) -> Any:
    """``Times``: text times an integer is the text repeated (``Enumerable.Repeat``, written
    as its items joined); otherwise DoMathsOperation (StandardFilters.Times)."""
    left, right = plain(value), plain(operand)
    if isinstance(left, str) and isinstance(right, int) and not isinstance(right, bool):
        count = change_type(right, "int32")
        if count < 0:
            raise LiquidError("Specified argument was out of the range of valid values.")
        return [left] * count
    return maths("times")(value, operand)


# -- reading a number from its text ----------------------------------------------------------


def _double(value: Any) -> float | None:
    """``Double.TryParse(input.ToString(), NumberStyles.Number, CurrentCulture, out n)``:
    signs before or after, group separators and a point, no exponent (so a double that
    prints as ``1E+20`` is not a number); the culture's NaN and infinity symbols in any case
    (.NET Core 3.0+, which also reads a number beyond double's range as infinity).

    :raises LiquidError: the NullReferenceException for nil.
    """
    number = parse_number(dotnet_string(value), INVARIANT, exponent=False)
    return None if number is None else float(number)


def absolute(value: Any) -> float:
    """``Abs(object input)``: ``Math.Abs`` of the input read as a double, else 0 (a double)."""
    number = _double(value)
    return 0.0 if number is None else abs(number)


def at_least(value: Any, minimum: Any = None) -> Any:
    """``AtLeast(object input, object atLeast)``: the larger of the two read as doubles (the
    input when neither is larger, NaN included); the input unchanged when either is not a
    number."""
    number, bound = _double(value), _double(minimum)
    if number is None or bound is None:
        return value
    return bound if bound > number else number


def at_most(value: Any, maximum: Any = None) -> Any:
    """``AtMost(object input, object atMost)``: the smaller of the two read as doubles; the
    input unchanged when either is not a number."""
    number, bound = _double(value), _double(maximum)
    if number is None or bound is None:
        return value
    return bound if bound < number else number


def to_decimal(value: Any) -> Decimal:
    """``Convert.ToDecimal(object)``: nil is 0, a double keeps 15 significant digits, text is
    read in the current culture (``Decimal.Parse``).

    :raises LiquidError: for what does not convert.
    """
    value = plain(value)
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return decimal_from_double(value)
    number: Decimal = change_type(value, "decimal")
    return number


def round_number(value: Any, places: Any = None) -> Decimal | None:
    """``Round(object input, object places = null)``: ``Math.Round(Convert.ToDecimal(input),
    Convert.ToInt32(places))``, which rounds half to even (``2.5`` is 2, ``1.245`` to two
    places 1.24) and never adds decimal places; any exception (text that is not a number,
    places outside 0 to 28) gives nil."""
    try:
        digits = 0 if plain(places) is None else change_type(places, "int32")
        number = to_decimal(value)
    except LiquidError:
        return None
    if not 0 <= digits <= 28:
        return None  # ArgumentOutOfRangeException
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent <= digits:
        return number
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


def _culture_name(name: str) -> str:
    """The culture for ``new CultureInfo(name)``, checked here so that an unknown name is
    .NET's CultureNotFoundException and a missing extra fails the action.

    :raises NeedsExtra: for a culture other than en-US and the invariant one without Babel.
    :raises LiquidError: for a name CLDR does not know.
    """
    try:
        culture(name, "Currency")
    except ExpressionError as err:
        if CULTURES_EXTRA in err.message:
            raise NeedsExtra(
                f"the Currency filter's culture '{name}' needs CLDR data: {CULTURES_EXTRA}"
            ) from err
        raise LiquidError(
            f"Culture is not supported. (Parameter 'name')\n{name} is an invalid culture "
            "identifier."
        ) from err
    return name


def currency(value: Any, culture_name: Any = None) -> str:
    """``Currency(object input, string cultureInfo = null)``: ``input.ToString()`` read by
    ``decimal.TryParse`` (the current culture's ``NumberStyles.Number``: no exponent), then
    ``amount.ToString("C", culture)`` with the named culture or the current one (the
    invariant culture here: ``¤1,234.57``, a negative amount in parentheses as its
    ``CurrencyNegativePattern`` 0 writes it); text that is not a number comes back as it is.
    The midpoint rounds away from zero (decimal formatting).

    :raises LiquidError: the NullReferenceException for a nil input (the null check came
        after b6a7d99); .NET's CultureNotFoundException for an unknown culture name.
    :raises NeedsExtra: for a named culture without the ``cultures`` extra.
    """
    name = strainer_arg(culture_name, "string") or ""
    text = dotnet_string(value)
    amount = parse_number(text, INVARIANT, exponent=False, symbols=False)
    if not isinstance(amount, Decimal) or abs(amount) > DECIMAL_MAX:
        return text
    if name.strip(DOTNET_WHITESPACE):
        return format_number(DotNetDecimal(amount), "C", _culture_name(name))
    body = format_number(DotNetDecimal(abs(amount)), "C", "")
    negative = amount < 0 and body.strip("¤0,.")  # a decimal that rounds to 0 has no sign
    return f"({body})" if negative else body
