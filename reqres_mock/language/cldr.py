"""Named cultures from CLDR (through Babel), mapped to .NET's culture properties as .NET reads
them from ICU.

The runtime is .NET on ICU, and ICU's locale data is CLDR. .NET does not use ICU's patterns as
they are: dotnet/runtime maps them, and so does this module, rule for rule:

- ``CalendarData.Icu.cs``: ``ShortDatePattern`` is ICU's short date pattern, ``LongDatePattern``
  its full one, ``MonthDayPattern`` and ``YearMonthPattern`` the best patterns for the
  skeletons ``MMMMd`` and ``yMMMM``; all through ``NormalizeDatePattern`` (``E``/``c``/``e`` →
  ``ddd``/``dddd``, ``L`` → ``M``, five ``M`` → ``MMM``, ``G`` → ``g``, a lone ``y`` →
  ``yyyy``), and ``FixDefaultShortDatePattern`` widens the short date's ``yy`` to ``yyyy``;
- ``CultureData.Icu.cs`` ``ConvertIcuTimeFormatString``: ``ShortTimePattern`` and
  ``LongTimePattern`` are ICU's short and medium time patterns keeping only ``H h m s : .``,
  spaces and quoted text, with the first ``a`` as ``tt``;
- ``pal_calendarData.c``: month and day names are the stand-alone ones, genitive month names
  (used next to a day number) the format ones.

Babel is an optional dependency (the ``cultures`` extra, several megabytes of CLDR data): this
module is imported only when a culture other than the invariant one or en-US is named.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import match_skeleton
from babel.numbers import get_currency_precision, get_territory_currencies

from reqres_mock.language.cultures import Culture

_WEEK = (6, 0, 1, 2, 3, 4, 5)  # Babel's days start on Monday, .NET's on Sunday


def _counted(pattern: str, index: int) -> int:
    end = index
    while end < len(pattern) and pattern[end] == pattern[index]:
        end += 1
    return end - index


def _quoted(pattern: str, index: int) -> int:
    """The index after the quoted literal starting at ``index``."""
    end = pattern.find("'", index + 1)
    return len(pattern) if end < 0 else end + 1


def normalize_date_pattern(pattern: str) -> str:
    """An ICU date pattern as .NET's ``NormalizeDatePattern`` rewrites it."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = _quoted(pattern, index)
            out.append(pattern[index:end])
            index = end
            continue
        count = _counted(pattern, index) if char in "EecLMGy" else 1
        if char in "Eec":
            width = max(count, 3)
            out.append("d" * (3 if width > 4 else width))
        elif char in "LM":
            out.append("M" * (3 if count > 4 else count))
        elif char == "G":
            out.append("g")
        elif char == "y":
            out.append("y" * (4 if count == 1 else count))
        else:
            out.append(char)
        index += count
    return "".join(out)


def widen_short_year(pattern: str) -> str:
    """.NET's ``FixDefaultShortDatePattern``: the first ``yy`` (not ``yyy``) becomes ``yyyy``."""
    index = 0
    while index < len(pattern):
        if pattern[index] == "'":
            index = _quoted(pattern, index)
            continue
        if pattern[index] == "y":
            if _counted(pattern, index) == 2:
                return pattern[:index] + "yyyy" + pattern[index + 2 :]
            return pattern
        index += 1
    return pattern


def convert_time_pattern(pattern: str) -> str:
    """An ICU time pattern as .NET's ``ConvertIcuTimeFormatString`` rewrites it."""
    out: list[str] = []
    index, meridiem = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = _quoted(pattern, index)
            out.append(pattern[index:end])
            index = end
            continue
        if char in ":.Hhms \u00a0\u202f":
            out.append(char)
        elif char == "a" and not meridiem:
            meridiem = True
            out.append("tt")
        index += 1
    return "".join(out)


def _best(locale: Locale, skeleton: str) -> str:
    skeletons = locale.datetime_skeletons
    found = skeletons.get(skeleton)
    if found is None:
        key = match_skeleton(skeleton, skeletons)
        found = skeletons[key] if key else None
    return str(found.pattern) if found is not None else skeleton


_NUMBER = re.compile(r"[#0,.]+")
_SPACES = " \u00a0\u202f"


def _affixes(pattern: str, symbol: str) -> str:
    """A positive number pattern (``#,##0.00 ¤``) as a ``{n}`` template around ``symbol``,
    with .NET's spacing: ICU's no-break spaces between number and symbol become the plain
    space of .NET's pattern strings (``"# $"``, ``"n %"``)."""
    positive = pattern.split(";", maxsplit=1)[0].replace("\u200f", "").replace("\u200e", "")
    match = _NUMBER.search(positive)
    if match is None:
        return "{n}"
    before, after = positive[: match.start()], positive[match.end() :]
    marker = "¤" if symbol != "%" else "%"
    if marker in before:
        spaced = any(c in _SPACES for c in before[before.index(marker) + 1 :])
        return symbol + (" " if spaced else "") + "{n}"
    if marker in after:
        spaced = any(c in _SPACES for c in after[: after.index(marker)])
        return "{n}" + (" " if spaced else "") + symbol
    return "{n}"


def _grouping(pattern: str) -> tuple[int, int]:
    integer = _NUMBER.search(pattern.split(";", maxsplit=1)[0])
    digits = (integer.group(0) if integer else "#,##0").split(".")[0]
    parts = digits.split(",")
    primary = len(parts[-1]) if len(parts) > 1 else 0
    secondary = len(parts[-2]) if len(parts) > 2 else primary
    return primary, secondary


def _currency(locale: Locale) -> tuple[str | None, str]:
    """The culture's currency code and symbol (a neutral culture has none: ``¤``)."""
    codes = get_territory_currencies(locale.territory) if locale.territory else []
    if not codes:
        return None, "¤"
    return codes[0], str(locale.currency_symbols.get(codes[0], codes[0]))


@lru_cache(maxsize=64)
def load(name: str) -> Culture | None:
    """The culture ``name`` (``fr-FR``, ``de``, ``zh-Hans-CN``) from CLDR, or None when CLDR
    does not know it."""
    try:
        locale = Locale.parse(name.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    symbols = locale.number_symbols.get("latn") or locale.number_symbols
    months = locale.months
    days = locale.days
    periods = locale.day_periods.get("format", {})
    # ICU's AmPmMarkers: the wide names, which CLDR mostly aliases to the abbreviated ones
    wide, abbreviated = periods.get("wide", {}), periods.get("abbreviated", {})
    short_date = widen_short_year(normalize_date_pattern(str(locale.date_formats["short"].pattern)))
    eras = locale.eras.get("abbreviated", {})
    code, symbol = _currency(locale)
    return Culture(
        name=str(locale).replace("_", "-"),
        group=str(symbols.get("group", ",")),
        point=str(symbols.get("decimal", ".")),
        currency=_affixes(str(locale.currency_formats["standard"].pattern), symbol),
        currency_digits=get_currency_precision(code) if code else 2,
        infinity=str(symbols.get("infinity", "∞")),
        nan=str(symbols.get("nan", "NaN")),
        minus=str(symbols.get("minusSign", "-")).replace("\u200e", "").replace("\u200f", ""),
        percent=_affixes(str(locale.percent_formats[None].pattern), "%"),
        grouping=_grouping(str(locale.decimal_formats[None].pattern)),
        day_first=short_date.find("d") < short_date.find("M"),
        months=tuple(str(months["stand-alone"]["wide"][i]) for i in range(1, 13)),
        months_genitive=tuple(str(months["format"]["wide"][i]) for i in range(1, 13)),
        abbreviated_months=tuple(
            str(months["stand-alone"]["abbreviated"][i]) for i in range(1, 13)
        ),
        abbreviated_months_genitive=tuple(
            str(months["format"]["abbreviated"][i]) for i in range(1, 13)
        ),
        days=tuple(str(days["stand-alone"]["wide"][i]) for i in _WEEK),
        abbreviated_days=tuple(str(days["stand-alone"]["abbreviated"][i]) for i in _WEEK),
        am=str(wide.get("am") or abbreviated.get("am") or "AM"),
        pm=str(wide.get("pm") or abbreviated.get("pm") or "PM"),
        era=str(eras.get(1, "A.D.")),
        short_date=short_date,
        long_date=normalize_date_pattern(str(locale.date_formats["full"].pattern)),
        short_time=convert_time_pattern(str(locale.time_formats["short"].pattern)),
        long_time=convert_time_pattern(str(locale.time_formats["medium"].pattern)),
        month_day=normalize_date_pattern(_best(locale, "MMMMd")),
        year_month=normalize_date_pattern(_best(locale, "yMMMM")),
    )
