"""Date and time functions of the Workflow Definition Language, with .NET format strings.

Timestamps are ISO 8601 strings; results default to the round-trip format ``o``
(``2026-11-25T17:20:55.1234567Z``, seven fractional digits) as Logic Apps writes them.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reqres_mock.errors import ExpressionError

if TYPE_CHECKING:
    from collections.abc import Callable

_EPOCH_TICKS = 621_355_968_000_000_000  # .NET ticks at 1970-01-01
_UNITS = {
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
}
#: Windows time zone names Logic Apps uses, for the common zones.
WINDOWS_ZONES = {
    "utc": "UTC",
    "coordinated universal time": "UTC",
    "pacific standard time": "America/Los_Angeles",
    "mountain standard time": "America/Denver",
    "central standard time": "America/Chicago",
    "eastern standard time": "America/New_York",
    "gmt standard time": "Europe/London",
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "central europe standard time": "Europe/Budapest",
    "central european standard time": "Europe/Warsaw",
    "e. europe standard time": "Europe/Chisinau",
    "fle standard time": "Europe/Kiev",
    "india standard time": "Asia/Kolkata",
    "china standard time": "Asia/Shanghai",
    "tokyo standard time": "Asia/Tokyo",
    "singapore standard time": "Asia/Singapore",
    "aus eastern standard time": "Australia/Sydney",
    "new zealand standard time": "Pacific/Auckland",
    "e. south america standard time": "America/Sao_Paulo",
}


def _fail(name: str, message: str) -> ExpressionError:
    return ExpressionError(f"The template language function '{name}' {message}")


def parse_timestamp(name: str, value: Any) -> datetime:
    """An aware datetime from an ISO 8601 string (UTC when it has no offset)."""
    if not isinstance(value, str):
        raise _fail(name, "expects a timestamp string")
    text = value.strip()
    match = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?",
        text,
        re.IGNORECASE,
    )
    if match is None:
        raise _fail(name, f"could not parse '{value}' as a timestamp")
    date, clock, fraction, zone = match.groups()
    iso = f"{date}T{clock or '00:00'}"
    if clock and clock.count(":") == 1:
        iso += ":00"
    if fraction:
        iso += "." + (fraction + "000000")[:6]
    if zone and zone.upper() != "Z":
        iso += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError as err:
        raise _fail(name, f"could not parse '{value}' as a timestamp") from err
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _ticks_fraction(moment: datetime) -> str:
    return f"{moment.microsecond:06d}0"


_TOKEN = re.compile(
    r"yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt|t|zzz|zz|z|K"
    r"|'[^']*'|\"[^\"]*\"|\\.|."
)
_STANDARD = {
    "o": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "O": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "s": "yyyy-MM-ddTHH:mm:ss",
    "u": "yyyy-MM-dd HH:mm:ssZ",
    "d": "M/d/yyyy",
    "D": "dddd, MMMM d, yyyy",
    "t": "h:mm tt",
    "T": "h:mm:ss tt",
    "g": "M/d/yyyy h:mm tt",
    "G": "M/d/yyyy h:mm:ss tt",
    "f": "dddd, MMMM d, yyyy h:mm tt",
    "F": "dddd, MMMM d, yyyy h:mm:ss tt",
    "r": "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
    "m": "MMMM d",
    "M": "MMMM d",
    "y": "MMMM yyyy",
    "Y": "MMMM yyyy",
}


def format_timestamp(moment: datetime, form: str = "o") -> str:
    """Format like .NET's ``DateTime.ToString(format)`` (invariant/en-US names)."""
    pattern = _STANDARD.get(form, form) if len(form) == 1 else form
    if form in ("r", "R", "u"):
        moment = moment.astimezone(timezone.utc)
    out: list[str] = []
    for token in _TOKEN.findall(pattern):
        rendered = _render(token, moment)
        if token[0] == "F" and not rendered and out and out[-1] == ".":
            out.pop()  # .NET drops the separator of an all-zero F fraction: "38Z", not "38.Z"
        out.append(rendered)
    return "".join(out)


def _render(token: str, m: datetime) -> str:
    offset = m.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"

    def _offset() -> str:
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    simple: dict[str, Callable[[], str]] = {
        "yyyy": lambda: f"{m.year:04d}",
        "yy": lambda: f"{m.year % 100:02d}",
        "MMMM": lambda: calendar.month_name[m.month],
        "MMM": lambda: calendar.month_abbr[m.month],
        "MM": lambda: f"{m.month:02d}",
        "M": lambda: str(m.month),
        "dddd": lambda: calendar.day_name[m.weekday()],
        "ddd": lambda: calendar.day_abbr[m.weekday()],
        "dd": lambda: f"{m.day:02d}",
        "d": lambda: str(m.day),
        "HH": lambda: f"{m.hour:02d}",
        "H": lambda: str(m.hour),
        "hh": lambda: f"{(m.hour % 12) or 12:02d}",
        "h": lambda: str((m.hour % 12) or 12),
        "mm": lambda: f"{m.minute:02d}",
        "m": lambda: str(m.minute),
        "ss": lambda: f"{m.second:02d}",
        "s": lambda: str(m.second),
        "tt": lambda: "AM" if m.hour < 12 else "PM",
        "t": lambda: "A" if m.hour < 12 else "P",
        "zzz": _offset,
        "zz": lambda: f"{sign}{abs(minutes) // 60:02d}",
        "z": lambda: f"{sign}{abs(minutes) // 60}",
        "K": lambda: (
            "Z" if minutes == 0 else f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        ),
    }
    if token in simple:
        return simple[token]()
    if token[0] == "f":
        return _ticks_fraction(m)[: len(token)]
    if token[0] == "F":
        return _ticks_fraction(m)[: len(token)].rstrip("0")
    if token[0] in "'\"" and len(token) >= 2:
        return token[1:-1]
    if token[0] == "\\" and len(token) == 2:
        return token[1]
    return token


def _zone(name: str, zone: Any) -> Any:
    if not isinstance(zone, str):
        raise _fail(name, "expects a time zone name")
    key = WINDOWS_ZONES.get(zone.strip().lower(), zone.strip())
    try:
        return timezone.utc if key == "UTC" else ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise _fail(name, f"does not know the time zone '{zone}'") from err


def _add(name: str, timestamp: Any, amount: Any, unit: str, form: Any) -> str:
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise _fail(name, "expects a number of units")
    moment = parse_timestamp(name, timestamp)
    if unit == "month":
        moment = _add_months(moment, int(amount))
    elif unit == "year":
        moment = _add_months(moment, int(amount) * 12)
    else:
        moment = moment + timedelta(**{_UNITS[unit]: amount})
    return format_timestamp(moment, str(form))


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _unit(name: str, unit: Any) -> str:
    lowered = str(unit).lower().rstrip("s")
    if lowered not in (*_UNITS, "month", "year"):
        raise _fail(name, f"does not know the time unit '{unit}'")
    return lowered


def _now() -> datetime:
    return datetime.now(timezone.utc)


DATE_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _register(name: str, minimum: int, maximum: int, impl: Callable[..., Any]) -> None:
    def checked(*args: Any) -> Any:
        if not minimum <= len(args) <= maximum:
            raise _fail(name, f"expects {minimum} to {maximum} parameter(s) but got {len(args)}")
        return impl(*args)

    DATE_FUNCTIONS[name.lower()] = checked


_register("utcNow", 0, 1, lambda form="o": format_timestamp(_now(), str(form)))
for _name, _unit_name in (
    ("addSeconds", "second"),
    ("addMinutes", "minute"),
    ("addHours", "hour"),
    ("addDays", "day"),
):
    _register(
        _name,
        2,
        3,
        lambda ts, n, form="o", _n=_name, _u=_unit_name: _add(_n, ts, n, _u, form),
    )
_register(
    "addToTime",
    3,
    4,
    lambda ts, n, unit, form="o": _add("addToTime", ts, n, _unit("addToTime", unit), form),
)
_register(
    "subtractFromTime",
    3,
    4,
    lambda ts, n, unit, form="o": _add(
        "subtractFromTime", ts, -n, _unit("subtractFromTime", unit), form
    ),
)
_register(
    "getFutureTime",
    2,
    3,
    lambda n, unit, form="o": _add(
        "getFutureTime", format_timestamp(_now()), n, _unit("getFutureTime", unit), form
    ),
)
_register(
    "getPastTime",
    2,
    3,
    lambda n, unit, form="o": _add(
        "getPastTime", format_timestamp(_now()), -n, _unit("getPastTime", unit), form
    ),
)
_register(
    "formatDateTime",
    1,
    3,
    lambda ts, form="o", locale=None: format_timestamp(
        parse_timestamp("formatDateTime", ts), str(form)
    ),
)
_register(
    "startOfDay",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_timestamp("startOfDay", ts).replace(hour=0, minute=0, second=0, microsecond=0),
        str(form),
    ),
)
_register(
    "startOfHour",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_timestamp("startOfHour", ts).replace(minute=0, second=0, microsecond=0), str(form)
    ),
)
_register(
    "startOfMonth",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_timestamp("startOfMonth", ts).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        ),
        str(form),
    ),
)
_register("dayOfWeek", 1, 1, lambda ts: (parse_timestamp("dayOfWeek", ts).weekday() + 1) % 7)
_register("dayOfMonth", 1, 1, lambda ts: parse_timestamp("dayOfMonth", ts).day)
_register("dayOfYear", 1, 1, lambda ts: parse_timestamp("dayOfYear", ts).timetuple().tm_yday)


def _ticks(ts: Any) -> int:
    moment = parse_timestamp("ticks", ts).astimezone(timezone.utc)
    delta = moment - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (
        _EPOCH_TICKS
        + (delta.days * 86_400 + delta.seconds) * 10_000_000
        + (delta.microseconds * 10)
    )


_register("ticks", 1, 1, _ticks)
_LOCAL_ROUND_TRIP = "yyyy-MM-ddTHH:mm:ss.fffffff"  # converted local times carry no offset


def _local(moment: datetime, form: Any) -> str:
    text = str(form)
    return format_timestamp(moment, _LOCAL_ROUND_TRIP if text in ("o", "O") else text)


def _convert_from_utc(ts: Any, zone: Any, form: Any = "o") -> str:
    moment = parse_timestamp("convertFromUtc", ts).astimezone(timezone.utc)
    return _local(moment.astimezone(_zone("convertFromUtc", zone)), form)


def _naive(name: str, ts: Any) -> datetime:
    return parse_timestamp(name, ts.rstrip("Zz") if isinstance(ts, str) else ts).replace(
        tzinfo=None
    )


def _convert_to_utc(ts: Any, zone: Any, form: Any = "o") -> str:
    local = _naive("convertToUtc", ts).replace(tzinfo=_zone("convertToUtc", zone))
    return format_timestamp(local.astimezone(timezone.utc), str(form))


def _convert_time_zone(ts: Any, source: Any, target: Any, form: Any = "o") -> str:
    local = _naive("convertTimeZone", ts).replace(tzinfo=_zone("convertTimeZone", source))
    return _local(local.astimezone(_zone("convertTimeZone", target)), form)


_register("convertFromUtc", 2, 3, _convert_from_utc)
_register("convertToUtc", 2, 3, _convert_to_utc)
_register("convertTimeZone", 3, 4, _convert_time_zone)
