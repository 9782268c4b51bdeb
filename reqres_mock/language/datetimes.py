""".NET date and time text: parsing timestamps as ``DateTime.Parse`` reads them with the
invariant culture, parsing with a custom format (``DateTime.ParseExact``), and formatting with
the standard and custom .NET format strings (en-US names, as the runtime's default culture).

A timestamp without an offset stays unspecified (naive): the round-trip format ``o`` writes it
without a zone (``formatDateTime('03/15/2018')`` is ``2018-03-15T00:00:00.0000000``); ``Z`` (or
``GMT``) is UTC, written with ``Z``; an offset is converted to the machine's local time, which is
UTC on the runtime's machines, and written with ``+00:00`` (:data:`LOCAL`).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import ExpressionError
from reqres_mock.language.cultures import EN_US, INVARIANT, Culture
from reqres_mock.language.registry import type_error

if TYPE_CHECKING:
    from collections.abc import Callable

_MONTHS = {name.lower(): index for index, name in enumerate(EN_US.months, 1)}
_MONTHS.update({name.lower(): index for index, name in enumerate(EN_US.abbreviated_months, 1)})
_DAYS = "|".join(n.lower() for n in EN_US.days + EN_US.abbreviated_days)
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?)?"
    r"\s*(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    re.IGNORECASE,
)
_SLASHED = re.compile(r"([0-9]{1,4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,4})")
_WORDS = re.compile(
    rf"(?:(?:{_DAYS}),?\s+)?"
    r"(?:([0-9]{1,2})\s+([a-z]+)\.?,?\s+([0-9]{4})|([a-z]+)\.?\s+([0-9]{1,2}),?\s+([0-9]{4}))"
)
_CLOCK = re.compile(
    r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?\s*([AaPp][Mm])?\s*(Z|GMT|UTC|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    re.IGNORECASE,
)


def _fail(name: str, message: str) -> ExpressionError:
    return ExpressionError(f"The template language function '{name}' {message}")


def not_a_timestamp(name: str, value: str) -> ExpressionError:
    """The runtime's sentence for text that is no timestamp, as users quote it from failed runs
    ("In function 'addMinutes', the value provided for date time string '' was not valid. The
    datetime string must match ISO 8601 format."; MicrosoftDocs/azure-docs#68552 quotes it for
    '2018-01-01T80:00:00.0000000Z')."""
    return ExpressionError(
        f"In function '{name}', the value provided for date time string '{value}' was not "
        "valid. The datetime string must match ISO 8601 format."
    )


#: .NET's ``DateTimeKind.Local`` on the runtime's machines, whose zone is UTC. The runtime reads
#: a timestamp as ``DateTimeStyles.RoundtripKind`` does: ``Z`` or ``GMT`` gives a UTC DateTime,
#: an offset (``+00:00`` included) one converted to local time (``DateTimeParse``'s
#: ``AdjustTimeZoneToLocal``: only the ``TimeZoneUtc`` flag, set by ``Z`` and ``GMT``, keeps UTC;
#: microsoft/referencesource mscorlib/system/globalization/datetimeparse.cs), and the ``o``
#: format's ``K`` writes a local DateTime's offset. Measured in the cloud by tomdam/flowforger
#: (packages/engine/src/expr/dotnet-date.ts: "'offset' input had ±hh:mm → converted to UTC,
#: printed with '+00:00'"; src/__tests__/expr-functions-datetime.test.ts:
#: formatDateTime('2026-01-15T12:30:00+02:00') is 2026-01-15T10:30:00.0000000+00:00). Power
#: Automate is the Consumption runtime; a Standard app's zone is UTC too unless
#: WEBSITE_TIME_ZONE sets another (not modelled).
LOCAL = timezone(timedelta(0), "Local")


def _placed(moment: datetime, zone: str | None) -> datetime:
    """``moment`` read in ``zone`` (a ``Z``/``GMT``/``UTC`` marker or an offset) as the runtime
    keeps it: UTC for a marker, local time (:data:`LOCAL`) for an offset."""
    tz = _zone_of(zone)
    if tz is None or zone is None:
        return moment
    utc = moment.replace(tzinfo=tz).astimezone(timezone.utc)
    return utc if zone.upper() in ("Z", "GMT", "UTC") else utc.replace(tzinfo=LOCAL)


def _zone_of(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in ("Z", "GMT", "UTC"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


class Moment(datetime):
    """A .NET ``DateTime``, which counts 100-ns ticks: a Python datetime (microseconds) and
    :attr:`tick`, the seventh digit of the fraction, carried through arithmetic,
    ``replace()`` and ``astimezone()`` (``replace(microsecond=...)`` sets it to 0).

    Without it ``formatDateTime('…25.7020367Z')`` wrote ``…25.7020360Z`` and ``ticks()`` was
    off by up to 9 (https://learn.microsoft.com/dotnet/api/system.datetime.ticks).
    """

    tick: int = 0

    def __add__(self, other: timedelta) -> Moment:
        return with_tick(super().__add__(other), self.tick)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:  # a Moment less a timedelta, or a timedelta
        result = super().__sub__(other)
        return with_tick(result, self.tick) if isinstance(result, datetime) else result

    def replace(self, *args: Any, **kwargs: Any) -> Moment:
        tick = 0 if "microsecond" in kwargs or len(args) >= 7 else self.tick
        return with_tick(super().replace(*args, **kwargs), tick)

    def astimezone(self, tz: tzinfo | None = None) -> Moment:
        return with_tick(super().astimezone(tz), self.tick)


def with_tick(moment: datetime, tick: int) -> Moment:
    """``moment`` as a :class:`Moment` with ``tick`` (0 to 9) below its microseconds."""
    if not isinstance(moment, Moment):
        moment = Moment(
            *moment.timetuple()[:6], moment.microsecond, moment.tzinfo, fold=moment.fold
        )
    moment.tick = tick
    return moment


def tick_of(moment: datetime) -> int:
    """The seventh fractional digit of ``moment`` (0 for a plain datetime)."""
    return moment.tick if isinstance(moment, Moment) else 0


def four_digit_year(two_digits: int) -> int:
    """A two-digit year as the Gregorian calendar reads it (``TwoDigitYearMax`` 2049): 00 to
    49 are 2000 to 2049, 50 to 99 are 1950 to 1999.
    https://learn.microsoft.com/dotnet/api/system.globalization.calendar.twodigityearmax"""
    return two_digits + (2000 if two_digits <= 49 else 1900)


def _with_fraction(whole_second: datetime, digits: str | None) -> Moment:
    """``whole_second`` plus a fraction of a second written with ``digits``, to the nearest
    100-ns tick as .NET's ``DateTimeParse`` rounds it (``AddTicks((long)Math.Round(fraction *
    TicksPerSecond))``, half to even, in doubles: nine digits from a Go or Java clock round)."""
    if not digits:
        return with_tick(whole_second, 0)
    ticks = round(int(digits) / 10 ** len(digits) * 10_000_000)
    return with_tick(whole_second + timedelta(microseconds=ticks // 10), ticks % 10)


def _build(
    year: int, month: int, day: int, clock: tuple[Any, ...] | None, zone: str | None
) -> datetime:
    hour = minute = second = 0
    fraction = None
    if clock is not None:
        h, m, s, fraction, meridiem, clock_zone = clock
        hour, minute, second = int(h), int(m), int(s or 0)
        if meridiem:
            if not 1 <= hour <= 12:
                raise ValueError("hour out of range for AM/PM")
            hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
        zone = zone or clock_zone
    return _placed(_with_fraction(datetime(year, month, day, hour, minute, second), fraction), zone)


def _split_clock(text: str) -> tuple[str, tuple[Any, ...] | None]:
    match = _CLOCK.search(text)
    if match is None:
        return text.strip(), None
    rest = (text[: match.start()] + text[match.end() :]).strip().rstrip(",").strip()
    return rest, match.groups()


def parse_moment(
    name: str, value: Any, day_first: bool = False, where: Culture = EN_US, index: int = 0
) -> datetime:
    """A datetime from the text forms ``DateTime.Parse`` accepts with the invariant culture:
    ISO 8601, ``MM/dd/yyyy`` (``dd/MM/yyyy`` with ``day_first``, as most cultures read it) and
    ``yyyy/MM/dd`` with an optional time (``h:mm[:ss] [AM|PM]``), English month names
    (``March 15, 2018``, ``15 March 2018``) or the culture's (``15 juin 2009``, ``15. Juni
    2009``), RFC 1123 (``Thu, 15 Mar 2018 12:00:00 GMT``). Naive when the text names no zone;
    UTC when it does.

    :raises ExpressionError: naming the function when the text is not a timestamp.
    """
    if not isinstance(value, str):
        raise type_error(name, value, "a string", index)
    text = value.strip()
    try:
        iso = _ISO.fullmatch(text)
        if iso is not None:
            y, mo, d, h, mi, s, f, zone = iso.groups()
            clock = (h, mi, s, f, None, None) if h is not None else None
            return _build(int(y), int(mo), int(d), clock, zone)
        rest, clock = _split_clock(text)
        slashed = _SLASHED.fullmatch(rest)
        if slashed is not None:
            a, b, c = slashed.groups()
            if len(a) == 4:
                return _build(int(a), int(b), int(c), clock, None)
            month, day = (b, a) if day_first else (a, b)
            year = int(c) if len(c) == 4 else four_digit_year(int(c))
            return _build(year, int(month), int(day), clock, None)
        words = _WORDS.fullmatch(rest.lower())
        if words is not None:
            d1, month1, y1, month2, d2, y2 = words.groups()
            month = _MONTHS.get((month1 or month2)[:9])
            if month is not None:
                return _build(int(y1 or y2), month, int(d1 or d2), clock, None)
        if where is not EN_US:
            named = _culture_words(where).fullmatch(rest)
            if named is not None:
                number = _month_number(named["month"], where)
                return _build(int(named["year"]), number, int(named["day"]), clock, None)
    except ValueError as err:
        raise not_a_timestamp(name, value) from err
    raise not_a_timestamp(name, value)


def parse_timestamp(name: str, value: Any, index: int = 0) -> datetime:
    """:func:`parse_moment`, with a naive timestamp taken as UTC (an aware datetime)."""
    moment = parse_moment(name, value, index=index)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _ticks_fraction(moment: datetime) -> str:
    return f"{moment.microsecond:06d}{tick_of(moment)}"


_TOKEN = re.compile(
    r"y{5,}|yyyy|yyy|yy|y|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}"
    r"|tt|t|zzz|zz|z|K|gg?"
    r"|'[^']*'|\"[^\"]*\"|\\.|."
)
#: The standard formats that are the same in every culture (the others are the culture's).
_INVARIANT_FORMATS = {
    "o": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "O": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "s": "yyyy-MM-ddTHH:mm:ss",
    "u": "yyyy-MM-dd HH:mm:ssZ",
    "r": "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
}


def format_timestamp(moment: datetime, form: str = "o", where: Culture = EN_US) -> str:
    """Format like .NET's ``DateTime.ToString(format, culture)`` (en-US by default): a
    one-letter format is a standard one (``o``, ``s``, ``u``, ``r`` are the same everywhere;
    ``d``, ``D``, ``f``, ``F``, ``g``, ``G``, ``t``, ``T``, ``m``, ``y``, ``U`` are the
    culture's patterns), ``%x`` is the custom specifier ``x`` alone. Names (months, days,
    AM/PM) are the culture's; ``r``/``R`` always write English ones.

    :raises ExpressionError: for an unknown one-letter format, as .NET's FormatException.
    """
    if len(form) == 1:
        pattern = _INVARIANT_FORMATS.get(form) or where.standard_pattern(form)
        if pattern is None:
            raise ExpressionError(f"The date format '{form}' is not a valid .NET format string")
        if form in _INVARIANT_FORMATS:
            where = INVARIANT
    else:
        pattern = form[1:] if form.startswith("%") and len(form) == 2 else form
    if form in ("r", "R", "u", "U") and moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    minutes = _offset_minutes(moment)
    out: list[str] = []
    position = 0
    for token in _tokens(pattern):
        if token[0] == "M" and len(token) >= 3 and _genitive(pattern, position, len(token)):
            rendered = (
                where.months_genitive[moment.month - 1]
                if len(token) == 4
                else where.abbreviated_months_genitive[moment.month - 1]
            )
        else:
            rendered = _render(token, moment, minutes, where)
        position += len(token)
        if token[0] == "F" and not rendered and out and out[-1] == ".":
            out.pop()  # .NET drops the point before an all-zero F fraction
        out.append(rendered)
    return "".join(out)


def _genitive(pattern: str, index: int, length: int) -> bool:
    """.NET's ``IsUseGenitiveForm``: a month name next to a day number (``d`` or ``dd``, before
    or after it) takes the genitive form."""
    i = index - 1
    while i >= 0 and pattern[i] != "d":
        i -= 1
    if i >= 0:
        repeat = 0
        i -= 1
        while i >= 0 and pattern[i] == "d":
            repeat += 1
            i -= 1
        if repeat <= 1:
            return True
    i = index + length
    while i < len(pattern) and pattern[i] != "d":
        i += 1
    if i < len(pattern):
        repeat = 0
        i += 1
        while i < len(pattern) and pattern[i] == "d":
            repeat += 1
            i += 1
        if repeat <= 1:
            return True
    return False


#: .NET's round-trip format with trailing zeros of the fraction trimmed, as the runtime writes
#: run history timestamps (``2024-11-18T22:48:38.412074Z``).
TRIMMED_ROUND_TRIP = "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"
#: ``DateTime.UnixEpoch.Ticks``: .NET's 100-ns ticks from 0001-01-01 to 1970-01-01.
EPOCH_TICKS = 621_355_968_000_000_000


def history_timestamp(moment: datetime) -> str:
    """``moment`` in UTC formatted with :data:`TRIMMED_ROUND_TRIP`, without parsing the
    format: every run's trigger record is stamped this way."""
    utc = moment.astimezone(timezone.utc)
    fraction = f"{utc.microsecond:06d}".rstrip("0")
    seconds = utc.isoformat(timespec="seconds")[:19]
    return f"{seconds}.{fraction}Z" if fraction else f"{seconds}Z"


@functools.lru_cache(maxsize=256)
def _tokens(pattern: str) -> tuple[str, ...]:
    """A format string's specifiers and literals, split once per format (expressions format
    with the same few formats again and again)."""
    return tuple(_TOKEN.findall(pattern))


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def _sign(minutes: int) -> str:
    return "+" if minutes >= 0 else "-"


def _zone(minutes: int) -> str:
    return f"{_sign(minutes)}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


#: The custom specifiers with one fixed rendering, from the moment, its UTC offset in minutes
#: and the culture (a module-level table: it was rebuilt for every token of every call).
_FIELDS: dict[str, Callable[[datetime, int, Culture], str]] = {
    "yyyy": lambda m, n, c: f"{m.year:04d}",
    "yyy": lambda m, n, c: f"{m.year:03d}",
    "yy": lambda m, n, c: f"{m.year % 100:02d}",
    "y": lambda m, n, c: str(m.year % 100),
    "g": lambda m, n, c: c.era,
    "gg": lambda m, n, c: c.era,
    "MMMM": lambda m, n, c: c.months[m.month - 1],
    "MMM": lambda m, n, c: c.abbreviated_months[m.month - 1],
    "MM": lambda m, n, c: f"{m.month:02d}",
    "M": lambda m, n, c: str(m.month),
    "dddd": lambda m, n, c: c.days[(m.weekday() + 1) % 7],
    "ddd": lambda m, n, c: c.abbreviated_days[(m.weekday() + 1) % 7],
    "dd": lambda m, n, c: f"{m.day:02d}",
    "d": lambda m, n, c: str(m.day),
    "HH": lambda m, n, c: f"{m.hour:02d}",
    "H": lambda m, n, c: str(m.hour),
    "hh": lambda m, n, c: f"{(m.hour % 12) or 12:02d}",
    "h": lambda m, n, c: str((m.hour % 12) or 12),
    "mm": lambda m, n, c: f"{m.minute:02d}",
    "m": lambda m, n, c: str(m.minute),
    "ss": lambda m, n, c: f"{m.second:02d}",
    "s": lambda m, n, c: str(m.second),
    "tt": lambda m, n, c: c.am if m.hour < 12 else c.pm,
    "t": lambda m, n, c: (c.am if m.hour < 12 else c.pm)[:1],
    "zzz": lambda m, n, c: _zone(n),
    "zz": lambda m, n, c: f"{_sign(n)}{abs(n) // 60:02d}",
    "z": lambda m, n, c: f"{_sign(n)}{abs(n) // 60}",
    "K": lambda m, n, c: "" if m.tzinfo is None else _zone(n) if m.tzinfo is LOCAL or n else "Z",
}


def _render(token: str, m: datetime, minutes: int, where: Culture) -> str:
    field = _FIELDS.get(token)
    if field is not None:
        return field(m, minutes, where)
    if token[0] == "y":
        return str(m.year).rjust(len(token), "0")
    if token[0] == "f":
        return _ticks_fraction(m)[: len(token)]
    if token[0] == "F":
        return _ticks_fraction(m)[: len(token)].rstrip("0")
    if token[0] in "'\"" and len(token) >= 2:
        return token[1:-1]
    if token[0] == "\\" and len(token) == 2:
        return token[1]
    return token


_EXACT = {
    "yyyy": r"(?P<year>[0-9]{4})",
    "yy": r"(?P<year2>[0-9]{2})",
    "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "MMM": r"(?P<monthname>[A-Za-z]{3})",
    "MM": r"(?P<month>[0-9]{2})",
    "M": r"(?P<month>[0-9]{1,2})",
    "dddd": r"[A-Za-z]+",
    "ddd": r"[A-Za-z]{3}",
    "dd": r"(?P<day>[0-9]{2})",
    "d": r"(?P<day>[0-9]{1,2})",
    "HH": r"(?P<hour>[0-9]{2})",
    "H": r"(?P<hour>[0-9]{1,2})",
    "hh": r"(?P<hour12>[0-9]{2})",
    "h": r"(?P<hour12>[0-9]{1,2})",
    "mm": r"(?P<minute>[0-9]{2})",
    "m": r"(?P<minute>[0-9]{1,2})",
    "ss": r"(?P<second>[0-9]{2})",
    "s": r"(?P<second>[0-9]{1,2})",
    "tt": r"(?P<meridiem>[AaPp][Mm])",
    "zzz": r"(?P<zone>[+-][0-9]{2}:[0-9]{2})",
    "zz": r"(?P<zone>[+-][0-9]{2})",
    "K": r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?",
}


def _names(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)


def _culture_fields(where: Culture) -> dict[str, str]:
    if where is EN_US:
        return _EXACT
    months = _names(
        where.months
        + where.months_genitive
        + where.abbreviated_months
        + where.abbreviated_months_genitive
    )
    return {
        **_EXACT,
        "MMMM": rf"(?P<monthname>{months})",
        "MMM": rf"(?P<monthname>{months})",
        "dddd": rf"(?:{_names(where.days)})",
        "ddd": rf"(?:{_names(where.abbreviated_days)})",
        "tt": rf"(?P<meridiem>{_names((where.am, where.pm))})",
    }


def _culture_words(where: Culture) -> re.Pattern[str]:
    """A date written with the culture's month names: day, month, year (``15 juin 2009``,
    ``15. Juni 2009``), optionally after the day's name."""
    months = _names(
        where.months
        + where.months_genitive
        + where.abbreviated_months
        + where.abbreviated_months_genitive
    )
    days = _names(where.days + where.abbreviated_days)
    return re.compile(
        rf"(?:(?:{days})\.?,?\s+)?(?P<day>[0-9]{{1,2}})\.?\s+(?:de\s+)?(?P<month>{months})\.?,?"
        rf"\s+(?:de\s+)?(?P<year>[0-9]{{4}})",
        re.IGNORECASE,
    )


def _month_number(name: str, where: Culture) -> int:
    lowered = name.lower()
    for names in (
        where.months,
        where.months_genitive,
        where.abbreviated_months,
        where.abbreviated_months_genitive,
    ):
        for index, candidate in enumerate(names, 1):
            if candidate.lower() == lowered:
                return index
    return _MONTHS[lowered]


def parse_exact(name: str, value: Any, form: str, where: Culture = EN_US) -> datetime:
    """``DateTime.ParseExact(value, form, culture)`` for the custom format specifiers, with
    the culture's month and day names and AM/PM designators (case-insensitive).

    :raises ExpressionError: when ``value`` does not have the shape ``form`` describes.
    """
    if not isinstance(value, str):
        raise _fail(name, "expects a timestamp string")
    fields = _culture_fields(where)
    parts: list[str] = []
    seen: set[str] = set()
    for token in _TOKEN.findall(form):
        pattern = fields.get(token)
        if pattern is None and token[0] in "fF":
            pattern = rf"(?P<fraction>[0-9]{{{len(token)}}})"
        if pattern is not None:
            group = re.search(r"\?P<(\w+)>", pattern)
            if group is not None and group.group(1) in seen:
                pattern = re.sub(r"\?P<\w+>", "?:", pattern)
            elif group is not None:
                seen.add(group.group(1))
            parts.append(pattern)
        elif token[0] in "'\"" and len(token) >= 2:
            parts.append(re.escape(token[1:-1]))
        elif token[0] == "\\" and len(token) == 2:
            parts.append(re.escape(token[1]))
        else:
            parts.append(re.escape(token))
    match = re.fullmatch("".join(parts), value.strip(), re.IGNORECASE)
    if match is None:
        raise _fail(name, f"could not parse '{value}' with the format '{form}'")
    found = {k: v for k, v in match.groupdict().items() if v is not None}
    try:
        # What the format leaves out, as DateTimeParse.CheckDefaultDateTime fills it: no date
        # at all is today's; a year alone is its 1 January; else a missing year is this year's
        # and a missing month or day is 1.
        today = datetime.now(timezone.utc)
        year = int(found["year"]) if "year" in found else None
        if "year2" in found:
            year = four_digit_year(int(found["year2"]))
        month = int(found["month"]) if "month" in found else None
        if "monthname" in found:
            month = _month_number(found["monthname"], where)
        day = int(found["day"]) if "day" in found else None
        if year is None and month is None and day is None:
            year, month, day = today.year, today.month, today.day
        year = today.year if year is None else year
        month = 1 if month is None else month
        day = 1 if day is None else day
        hour = int(found.get("hour", 0))
        if "hour12" in found:
            hour = int(found["hour12"]) % 12
            if found.get("meridiem", "am").lower() in ("pm", where.pm.lower()):
                hour += 12
        moment = _with_fraction(
            datetime(
                year,
                month,
                day,
                hour,
                int(found.get("minute", 0)),
                int(found.get("second", 0)),
            ),
            found.get("fraction"),
        )
    except (KeyError, ValueError) as err:
        raise _fail(name, f"could not parse '{value}' with the format '{form}'") from err
    return _placed(moment, found.get("zone"))
