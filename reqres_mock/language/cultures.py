"""The .NET cultures the functions' ``locale`` arguments name, and .NET number parsing.

``float()``, ``decimal()``, ``isFloat()``, ``formatNumber()``, ``formatDateTime()`` and
``parseDateTime()`` take a culture name such as ``de-de``; the culture decides the decimal and
group separators, the symbols for NaN and infinity, month and day names and the date patterns.
The empty name is the invariant culture (``Infinity``); a named culture (ICU data on the
runtime) writes infinity as ``∞``, which is why ``float('Infinity')`` fails and
``float('Infinity', '')`` does not (IllogicApps' ``NumericConversionTests.fs``).

The invariant culture and en-US (the default) are built in; every other culture is CLDR's
(ICU's data) through Babel, the optional ``cultures`` extra (:mod:`reqres_mock.language.cldr`).

:func:`parse_number` implements .NET's ``NumberStyles`` grammar: surrounding whitespace, a
leading (and for some styles trailing) sign, group separators anywhere in the integer part, a
decimal point and an optional exponent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from reqres_mock.errors import ExpressionError

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


@dataclass(frozen=True)
class Culture:
    """What a .NET culture decides about numbers and dates (``NumberFormatInfo`` and
    ``DateTimeFormatInfo``). The defaults are en-US's; days start on Sunday."""

    name: str
    group: str
    point: str
    currency: str  # pattern with {n} for the number
    #: ``CurrencyDecimalDigits``: the currency's minor digits (0 for the yen).
    currency_digits: int = 2
    infinity: str = "∞"
    nan: str = "NaN"
    #: Whether a numeric date puts the day before the month (``20/10/2014``).
    day_first: bool = True
    minus: str = "-"
    percent: str = "{n}%"
    #: ``NumberGroupSizes``: the group next to the point, then every other group (en-IN: 3, 2).
    grouping: tuple[int, int] = (3, 3)
    months: tuple[str, ...] = _EN_MONTHS
    #: The month names next to a day number (``d MMMM``): Russian ``января``, not ``январь``.
    months_genitive: tuple[str, ...] = _EN_MONTHS
    abbreviated_months: tuple[str, ...] = tuple(m[:3] for m in _EN_MONTHS)
    abbreviated_months_genitive: tuple[str, ...] = tuple(m[:3] for m in _EN_MONTHS)
    days: tuple[str, ...] = _EN_DAYS
    abbreviated_days: tuple[str, ...] = tuple(d[:3] for d in _EN_DAYS)
    am: str = "AM"
    pm: str = "PM"
    era: str = "A.D."
    short_date: str = "M/d/yyyy"
    long_date: str = "dddd, MMMM d, yyyy"
    short_time: str = "h:mm tt"
    long_time: str = "h:mm:ss tt"
    month_day: str = "MMMM d"
    year_month: str = "MMMM yyyy"

    def standard_pattern(self, letter: str) -> str | None:
        """The custom pattern a culture-dependent standard date format letter stands for."""
        return {
            "d": self.short_date,
            "D": self.long_date,
            "t": self.short_time,
            "T": self.long_time,
            "f": f"{self.long_date} {self.short_time}",
            "F": f"{self.long_date} {self.long_time}",
            "U": f"{self.long_date} {self.long_time}",
            "g": f"{self.short_date} {self.short_time}",
            "G": f"{self.short_date} {self.long_time}",
            "m": self.month_day,
            "M": self.month_day,
            "y": self.year_month,
            "Y": self.year_month,
        }.get(letter)


#: .NET's invariant culture (``CultureInfo.InvariantCulture``, the empty name).
INVARIANT = Culture(
    "",
    ",",
    ".",
    "¤{n}",
    infinity="Infinity",
    day_first=False,
    percent="{n} %",
    short_date="MM/dd/yyyy",
    long_date="dddd, dd MMMM yyyy",
    short_time="HH:mm",
    long_time="HH:mm:ss",
    month_day="MMMM dd",
    year_month="yyyy MMMM",
)
#: en-US, the runtime's culture when a function is given none: built in, so the default needs
#: no CLDR data, with the runtime's plain spaces before AM/PM.
EN_US = Culture("en-US", ",", ".", "${n}", day_first=False)

#: The cultures known without the ``cultures`` extra; every other name is looked up in CLDR.
CULTURES: dict[str, Culture] = {"": INVARIANT, "invariant": INVARIANT, "en-us": EN_US}

#: What to install for the other cultures.
CULTURES_EXTRA = "pip install 'reqres-mock[cultures]'"


def culture(name: str, function: str) -> Culture:
    """The culture called ``name`` (case-insensitive): the invariant culture and en-US are
    built in, every other one comes from CLDR (the ``cultures`` extra, Babel).

    :raises ExpressionError: naming the function, for a culture CLDR does not know, or any
        other culture when Babel is not installed.
    """
    key = name.strip().lower()
    found = CULTURES.get(key)
    if found is not None:
        return found
    try:
        from reqres_mock.language import cldr  # noqa: PLC0415  (Babel is optional and large)
    except ImportError:
        raise ExpressionError(
            f"The template language function '{function}' got the culture '{name}': cultures "
            f"other than en-US and the invariant one need CLDR data: {CULTURES_EXTRA}"
        ) from None
    found = cldr.load(key)
    if found is None:
        raise ExpressionError(
            f"The template language function '{function}' got the culture '{name}', which is "
            "not a known culture name"
        )
    return found


_NO_BREAK_SPACES = ("\u00a0", "\u202f")


#: What .NET's number parsing takes as white space (``NumberStyles.AllowLeadingWhite``).
_WHITE = " \t\n\v\f\r"


@lru_cache(maxsize=256)
def _grammar(
    where: Culture, trailing_sign: bool, exponent: bool, fraction: bool
) -> re.Pattern[str]:
    group, minus = where.group, where.minus
    g, p = re.escape(group), re.escape(where.point)
    if group in _NO_BREAK_SPACES:
        g += " "  # .NET's parser takes a space for a no-break-space group separator
    sign = "[+-]" if minus == "-" else f"[+\\-{re.escape(minus)}]"
    # ASCII digits and .NET's white space only (NumberStyles: "U+0009, U+000A, U+000B,
    # U+000C, U+000D, and U+0020"; digits "0 through 9"), where Python's \d and \s take
    # any script's digits and any Unicode space
    integer = rf"[0-9][0-9{g}]*" if group else r"[0-9]+"
    number = rf"(?:{integer}(?:{p}[0-9]*)?|{p}[0-9]+)" if fraction else integer
    exp = r"(?:[eE][+-]?[0-9]+)?" if exponent else ""
    tail = rf"({sign})?" if trailing_sign else "()"
    w = f"[{_WHITE}]*"
    return re.compile(rf"{w}({sign})?{w}({number}{exp}){w}{tail}{w}")


def parse_number(
    text: str,
    where: Culture,
    *,
    trailing_sign: bool = True,
    exponent: bool = True,
    fraction: bool = True,
    symbols: bool = True,
) -> Decimal | float | None:
    """The number ``text`` spells in culture ``where``, or None when it is not a number.

    NaN and infinity (the culture's symbols, case-insensitive) come back as floats; every
    other number as an exact :class:`~decimal.Decimal` (callers round to double or check the
    range of long/decimal).
    """
    stripped = text.strip(_WHITE)
    if symbols:
        lowered = stripped.lower()
        if lowered == where.nan.lower():
            return float("nan")
        for sign, unit in (("", 1.0), ("+", 1.0), ("-", -1.0)):
            if lowered == sign + where.infinity.lower():
                return unit * float("inf")
    match = _grammar(where, trailing_sign, exponent, fraction).fullmatch(text)
    if match is None:
        return None
    lead, body, trail = match.groups()
    if lead and trail:
        return None
    digits = body.replace(where.group, "") if where.group else body
    if where.group in _NO_BREAK_SPACES:
        digits = digits.replace(" ", "")
    digits = digits.replace(where.point, ".")
    if digits.startswith("."):
        digits = "0" + digits
    try:
        value = Decimal(digits.rstrip(".") if digits.endswith(".") else digits)
    except InvalidOperation:
        return None
    negative = lead not in (None, "+") or trail not in (None, "", "+")
    # copy_negate(), not -value: Decimal negation makes -0 a 0, and .NET Core 3.0+ parses
    # "-0" as the double -0.0 (IEEE 754 parsing: dotnet/docs#14350, dotnet/coreclr#19802)
    return value.copy_negate() if negative else value
