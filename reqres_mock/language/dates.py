"""Date and time functions of the Workflow Definition Language, with .NET format strings.

Timestamps are read as .NET reads them (:mod:`reqres_mock.language.datetimes`); results default
to the round-trip format ``o`` (``2026-11-25T17:20:55.1234567Z``, seven fractional digits) as
Logic Apps writes them. Time zone arguments are Windows zone names (every one CLDR maps).
"""

from __future__ import annotations

import calendar
import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tzlocal.windows_tz import win_tz

from reqres_mock.errors import ExpressionError
from reqres_mock.language.cultures import EN_US, culture
from reqres_mock.language.datetimes import (
    EPOCH_TICKS,
    LOCAL,
    format_timestamp,
    parse_exact,
    parse_moment,
    parse_timestamp,
    tick_of,
    with_tick,
)
from reqres_mock.language.registry import function, type_error

if TYPE_CHECKING:
    from collections.abc import Callable

_UNITS = {
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
}
#: Every Windows time zone name (what Logic Apps' zone arguments take), lowercase, to its IANA
#: zone: CLDR's windowsZones mapping as the maintained tzlocal package ships it.
WINDOWS_ZONES: dict[str, str] = {name.lower(): zone for name, zone in win_tz.items()}
WINDOWS_ZONES["coordinated universal time"] = "UTC"


def _fail(name: str, message: str) -> ExpressionError:
    return ExpressionError(f"The template language function '{name}' {message}")


def _zone(name: str, zone: Any) -> Any:
    if not isinstance(zone, str):
        raise _fail(name, "expects a time zone name")
    key = WINDOWS_ZONES.get(zone.strip().lower(), zone.strip())
    try:
        return timezone.utc if key in ("UTC", "Etc/UTC") else ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise _fail(name, f"does not know the time zone '{zone}'") from err


def _amount(name: str, amount: Any, index: int, sign: int = 1) -> int | float:
    """The number of units, checked before any arithmetic (its place in the call: second for
    ``addDays``, first for ``getFutureTime``)."""
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise type_error(name, amount, "an integer", index)
    return sign * amount


def _add(name: str, timestamp: Any, amount: Any, unit: str, form: Any) -> str:
    amount = _amount(name, amount, 1)
    moment = parse_moment(name, timestamp)
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
    # to the 100 ns, as .NET's DateTime.UtcNow (utcNow() writes seven fractional digits)
    seconds, nanoseconds = divmod(time.time_ns(), 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, timezone.utc) + timedelta(
        microseconds=nanoseconds // 1000
    )
    return with_tick(moment, nanoseconds // 100 % 10)


def _register(name: str, minimum: int, maximum: int, impl: Callable[..., Any]) -> None:
    function(name, minimum, maximum)(impl)


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
        "subtractFromTime",
        ts,
        _amount("subtractFromTime", n, 1, -1),
        _unit("subtractFromTime", unit),
        form,
    ),
)
_register(
    "getFutureTime",
    2,
    3,
    lambda n, unit, form="o": _add(
        "getFutureTime",
        format_timestamp(_now()),
        _amount("getFutureTime", n, 0),
        _unit("getFutureTime", unit),
        form,
    ),
)
_register(
    "getPastTime",
    2,
    3,
    lambda n, unit, form="o": _add(
        "getPastTime",
        format_timestamp(_now()),
        _amount("getPastTime", n, 0, -1),
        _unit("getPastTime", unit),
        form,
    ),
)
_register(
    "formatDateTime",
    1,
    3,
    lambda ts, form="o", locale=None: format_timestamp(
        parse_moment("formatDateTime", ts),
        str(form),
        EN_US if locale is None else culture(str(locale), "formatDateTime"),
    ),
)
_register(
    "startOfDay",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_moment("startOfDay", ts).replace(hour=0, minute=0, second=0, microsecond=0),
        str(form),
    ),
)
_register(
    "startOfHour",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_moment("startOfHour", ts).replace(minute=0, second=0, microsecond=0), str(form)
    ),
)
_register(
    "startOfMonth",
    1,
    2,
    lambda ts, form="o": format_timestamp(
        parse_moment("startOfMonth", ts).replace(day=1, hour=0, minute=0, second=0, microsecond=0),
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
        EPOCH_TICKS
        + (delta.days * 86_400 + delta.seconds) * 10_000_000
        + (delta.microseconds * 10)
        + tick_of(moment)
    )


_register("ticks", 1, 1, _ticks)


def _is_utc(zone: Any) -> bool:
    """Whether ``zone`` names UTC itself: ``TimeZoneInfo.FindSystemTimeZoneById("UTC")`` returns
    ``TimeZoneInfo.Utc``, and ``TimeZoneInfo.ConvertTime`` gives a DateTime of kind Utc (written
    with ``Z``) only for that instance (microsoft/referencesource
    mscorlib/system/timezoneinfo.cs: ``FindSystemTimeZoneById``, ``GetCorrespondingKind``)."""
    return isinstance(zone, str) and zone.strip().lower() == "utc"


def _in_zone(moment: datetime, name: str, zone: Any, form: Any) -> str:
    """``moment`` (aware) in ``zone``: UTC (``Z``) for the UTC zone, else unspecified (no zone
    written), as ``TimeZoneInfo.ConvertTime`` sets the kind. convertFromUtc(…Z, 'UTC') is
    ``…0000000Z``, measured in the cloud by tomdam/flowforger
    (packages/engine/src/__tests__/expr-functions-datetime.test.ts)."""
    converted = moment.astimezone(_zone(name, zone))
    if _is_utc(zone):
        return format_timestamp(converted.astimezone(timezone.utc), str(form))
    return format_timestamp(converted.replace(tzinfo=None), str(form))


def _convert_from_utc(ts: Any, zone: Any, form: Any = "o") -> str:
    moment = parse_timestamp("convertFromUtc", ts).astimezone(timezone.utc)
    return _in_zone(moment, "convertFromUtc", zone, form)


def _naive(name: str, ts: Any) -> datetime:
    return parse_moment(name, ts.rstrip("Zz") if isinstance(ts, str) else ts).replace(tzinfo=None)


def _convert_to_utc(ts: Any, zone: Any, form: Any = "o") -> str:
    source = _zone("convertToUtc", zone)
    moment = parse_moment("convertToUtc", ts)
    # TimeZoneInfo.ConvertTimeToUtc refuses a DateTime whose kind is not the source zone's
    # (Argument_ConvertMismatch): a Z timestamp with any zone but UTC, measured in the cloud by
    # tomdam/flowforger (packages/engine/src/expr/functions/datetime.ts and
    # src/__tests__/expr-functions-datetime.test.ts); a timestamp with an offset (kind Local,
    # see datetimes.LOCAL) with any zone, by the same check (microsoft/referencesource
    # mscorlib/system/timezoneinfo.cs ConvertTime; not measured).
    if moment.tzinfo is not None and (moment.tzinfo is LOCAL or not _is_utc(zone)):
        raise _fail(
            "convertToUtc",
            "expects its second parameter to be a time zone matching the time zone indicated by "
            f"the timestamp. The provided value '{zone}' does not match.",
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=source)
    return format_timestamp(moment.astimezone(timezone.utc), str(form))


def _convert_time_zone(ts: Any, source: Any, target: Any, form: Any = "o") -> str:
    local = _naive("convertTimeZone", ts).replace(tzinfo=_zone("convertTimeZone", source))
    return _in_zone(local, "convertTimeZone", target, form)


_register("convertFromUtc", 2, 3, _convert_from_utc)
_register("convertToUtc", 2, 3, _convert_to_utc)
_register("convertTimeZone", 3, 4, _convert_time_zone)


def _date_difference(start: Any, end: Any) -> str:
    """``dateDifference``: ``end - start`` as .NET's TimeSpan writes it (``[-][d.]hh:mm:ss
    [.fffffff]``, the reference's example ``dateDifference('2015-02-08', '2018-07-30')`` is
    ``1268.00:00:00``)."""
    earlier = parse_timestamp("dateDifference", start)
    later = parse_timestamp("dateDifference", end, 1)
    delta = later - earlier
    ticks = (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10
    ticks += tick_of(later) - tick_of(earlier)
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    seconds, fraction = divmod(ticks, 10_000_000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    text = f"{sign}{f'{days}.' if days else ''}{hour:02d}:{minute:02d}:{second:02d}"
    return text + (f".{fraction:07d}" if fraction else "")


def _parse_date_time(ts: Any, locale: Any = "en-us", form: Any = None) -> str:
    """``parseDateTime``: a timestamp in the round-trip format ``o``, read by ``DateTime.Parse``
    or, with a format, ``DateTime.ParseExact``."""
    where = EN_US if locale is None else culture(str(locale), "parseDateTime")
    if form is None:
        moment = parse_moment("parseDateTime", ts, day_first=where.day_first, where=where)
    else:
        moment = parse_exact("parseDateTime", ts, str(form), where)
    return format_timestamp(moment, "o")


_register("dateDifference", 2, 2, _date_difference)
_register("parseDateTime", 1, 3, _parse_date_time)
