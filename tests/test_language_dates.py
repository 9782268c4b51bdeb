"""Dates as .NET parses and formats them; every Windows time zone (the reference's examples,
issue 15's runtime suite, CLDR's windowsZones through tzlocal)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from language_support import check, check_error, evaluate
from tzlocal.windows_tz import win_tz

from reqres_mock.language.datetimes import TRIMMED_ROUND_TRIP, format_timestamp, history_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@formatDateTime('03/15/2018')", "2018-03-15T00:00:00.0000000", id="us-date"),
        pytest.param(
            "@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')",
            "2018-03-15T12:00:00",
            id="reference-example",
        ),
        # An offset is converted to local time, UTC on the runtime's machines, written
        # "+00:00"; Z and GMT stay UTC ("Z"). Measured in the cloud: tomdam/flowforger
        # packages/engine/src/expr/dotnet-date.ts and src/__tests__/expr-functions-datetime.test.ts
        # (DateTimeStyles.RoundtripKind in .NET's datetimeparse.cs). This replaces the earlier
        # expectation "…Z", which had no runtime capture behind it.
        pytest.param(
            "@formatDateTime('2018-03-15T12:00:00+02:00')",
            "2018-03-15T10:00:00.0000000+00:00",
            id="offset-to-local-utc",
        ),
        pytest.param(
            "@formatDateTime('2026-01-15T12:30:00+02:00')",
            "2026-01-15T10:30:00.0000000+00:00",
            id="offset-measured",
        ),
        pytest.param(
            "@formatDateTime('2018-03-15T12:00:00+00:00')",
            "2018-03-15T12:00:00.0000000+00:00",
            id="zero-offset-is-local",
        ),
        pytest.param(
            "@formatDateTime('2018-03-15T12:00:00Z')", "2018-03-15T12:00:00.0000000Z", id="z-utc"
        ),
        pytest.param(
            "@addDays('2018-03-15T12:00:00-05:00', 1)",
            "2018-03-16T17:00:00.0000000+00:00",
            id="addDays-offset",
        ),
        pytest.param(
            "@startOfDay('2018-03-15T01:00:00+02:00')",
            "2018-03-14T00:00:00.0000000+00:00",
            id="startOfDay-offset",
        ),
        pytest.param(
            "@parseDateTime('2018-03-15T12:00:00+02:00')",
            "2018-03-15T10:00:00.0000000+00:00",
            id="parseDateTime-offset",
        ),
        pytest.param(
            "@parseDateTime('2018-03-15 12:00 +02:00', 'en-US', 'yyyy-MM-dd HH:mm zzz')",
            "2018-03-15T10:00:00.0000000+00:00",
            id="parseDateTime-format-offset",
        ),
        pytest.param(
            "@formatDateTime('2018-03-15T12:00:00+02:00', 'yyyy-MM-dd HH:mm K')",
            "2018-03-15 10:00 +00:00",
            id="K-of-offset",
        ),
        pytest.param(
            "@formatDateTime('Thu, 15 Mar 2018 12:00:00 GMT')",
            "2018-03-15T12:00:00.0000000Z",
            id="rfc1123",
        ),
        pytest.param(
            "@formatDateTime('March 15, 2018 3:04 PM')", "2018-03-15T15:04:00.0000000", id="words"
        ),
        pytest.param("@formatDateTime('2018/03/15', 'D')", "Thursday, March 15, 2018", id="D"),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09Z', 'F')",
            "Thursday, February 29, 2024 1:05:09 PM",
            id="F",
        ),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09Z', 'U')",
            "Thursday, February 29, 2024 1:05:09 PM",
            id="U",
        ),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09Z', 'R')", "Thu, 29 Feb 2024 13:05:09 GMT", id="R"
        ),
        pytest.param("@formatDateTime('2024-02-29T13:05:09Z', 's')", "2024-02-29T13:05:09", id="s"),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09Z', 'u')", "2024-02-29 13:05:09Z", id="u"
        ),
        pytest.param("@formatDateTime('2024-02-29T13:05:09Z', '%d')", "29", id="percent-d"),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09Z', 'HH:mm:ss.FFF')",
            "13:05:09",
            id="F-drops-point",
        ),
        pytest.param(
            "@formatDateTime('2024-02-29T13:05:09.5Z', 'HH:mm:ss.FFF')", "13:05:09.5", id="F"
        ),
        pytest.param("@formatDateTime('2009-06-15', 'y yy yyy yyyyy')", "9 09 2009 02009", id="y"),
        pytest.param(
            "@formatDateTime('2009-06-15T13:45:30', 'hh:mm tt \\o\\n dddd')",
            "01:45 PM on Monday",
            id="escapes",
        ),
        pytest.param(
            "@addDays('2024-01-01', 1)", "2024-01-02T00:00:00.0000000", id="addDays-naive"
        ),
        pytest.param("@dateDifference('2015-02-08', '2018-07-30')", "1268.00:00:00", id="dd-ref"),
        pytest.param(
            "@dateDifference('2019-01-01T08:00:00', '2019-01-01T09:30:15.5')",
            "01:30:15.5000000",
            id="dateDifference-fraction",
        ),
        pytest.param(
            "@dateDifference('2019-01-02', '2019-01-01')", "-1.00:00:00", id="dateDifference-neg"
        ),
        pytest.param(
            "@parseDateTime('20141020', 'en-US', 'yyyyMMdd')",
            "2014-10-20T00:00:00.0000000",
            id="parseDateTime-format",
        ),
        pytest.param("@parseDateTime('10/20/2014')", "2014-10-20T00:00:00.0000000", id="pdt"),
        pytest.param(
            "@parseDateTime('20/10/2014', 'fr-fr')",
            "2014-10-20T00:00:00.0000000",
            id="parseDateTime-reference-fr",
        ),
        pytest.param(
            "@parseDateTime('20.10.2014 13:05', 'de-DE')",
            "2014-10-20T13:05:00.0000000",
            id="parseDateTime-de",
        ),
        pytest.param(
            "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')",
            "Monday, January 1, 2018",
            id="convertTimeZone-reference",
        ),
        pytest.param(
            "@convertTimeZone('2024-01-01T12:00:00', 'UTC', 'Nepal Standard Time')",
            "2024-01-01T17:45:00.0000000",
            id="convertTimeZone-rare-zone",
        ),
        pytest.param(
            "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')",
            "2018-01-01T00:00:00.0000000",
            id="convertFromUtc-reference",
        ),
        pytest.param(
            "@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')",
            "2018-01-01T08:00:00.0000000Z",
            id="convertToUtc-reference",
        ),
        # Converting into the UTC zone gives a UTC DateTime, written with "Z"; measured in the
        # cloud: tomdam/flowforger packages/engine/src/__tests__/expr-functions-datetime.test.ts
        pytest.param(
            "@convertFromUtc('2026-01-15T10:30:00Z', 'UTC')",
            "2026-01-15T10:30:00.0000000Z",
            id="convertFromUtc-to-utc",
        ),
        pytest.param(
            "@convertFromUtc('2026-01-15T10:30:00Z', 'W. Europe Standard Time')",
            "2026-01-15T11:30:00.0000000",
            id="convertFromUtc-measured",
        ),
        pytest.param(
            "@convertTimeZone('2026-01-15T11:30:00', 'W. Europe Standard Time', 'UTC')",
            "2026-01-15T10:30:00.0000000Z",
            id="convertTimeZone-to-utc",
        ),
        pytest.param(
            "@convertToUtc('2026-01-15T10:30:00Z', 'UTC')",
            "2026-01-15T10:30:00.0000000Z",
            id="convertToUtc-z-from-utc",
        ),
    ],
)
def test_date_values(text, expected):
    check(text, expected)


# .NET's DateTime counts 100-ns ticks (https://learn.microsoft.com/dotnet/api/system.datetime.ticks):
# the seventh fractional digit of a timestamp (as Logic Apps writes them, "…25.7020367Z" in
# JanneMattila's captured run resource) survives parsing, arithmetic and formatting; more
# digits round to the nearest tick, as DateTimeParse does it:
# time.AddTicks((long)Math.Round(fraction * TicksPerSecond)).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "@formatDateTime('2022-07-05T04:28:25.7020367Z')", "2022-07-05T04:28:25.7020367Z"
        ),
        pytest.param(
            "@addMinutes('2022-07-05T04:28:25.7020367Z', 5)", "2022-07-05T04:33:25.7020367Z"
        ),
        pytest.param(
            "@convertFromUtc('2022-07-05T04:28:25.7020367Z', 'Pacific Standard Time')",
            "2022-07-04T21:28:25.7020367",
        ),
        pytest.param("@ticks('2022-07-05T04:28:25.7020367Z')", 637925921057020367),
        pytest.param(
            "@subtractFromTime('2022-07-05T04:28:25.7020367Z', 1, 'Day')",
            "2022-07-04T04:28:25.7020367Z",
        ),
        pytest.param(
            "@dateDifference('2022-07-05T04:28:25.7020361Z', '2022-07-05T04:28:25.7020367Z')",
            "00:00:00.0000006",
        ),
        pytest.param(
            "@startOfHour('2022-07-05T04:28:25.7020367Z')", "2022-07-05T04:00:00.0000000Z"
        ),
        pytest.param(
            "@formatDateTime('2022-07-05T04:28:25.702036789Z')", "2022-07-05T04:28:25.7020368Z"
        ),
        pytest.param(
            "@formatDateTime('2022-07-05T04:28:59.99999999Z')", "2022-07-05T04:29:00.0000000Z"
        ),
        pytest.param(
            "@parseDateTime('2022-07-05 04:28:25.7020367', 'en-US', 'yyyy-MM-dd HH:mm:ss.fffffff')",
            "2022-07-05T04:28:25.7020367",
        ),
    ],
)
def test_timestamps_keep_their_hundred_nanosecond_ticks(text, expected):
    check(text, expected)


def test_utc_now_has_seven_fractional_digits():
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", evaluate("@utcNow()"))


def test_utc_now_takes_standard_formats():
    assert re.fullmatch(
        r"\w+, \w+ \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M", evaluate("@utcNow('U')")
    )
    assert evaluate("@utcNow('R')").endswith(" GMT")


@pytest.mark.parametrize("zone", sorted(win_tz))
def test_every_windows_zone_converts(zone):
    converted = evaluate(f"@convertTimeZone('2024-06-01T12:00:00', 'UTC', '{zone}', 'HH:mm')")
    assert re.fullmatch(r"\d{2}:\d{2}", converted)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "@formatDateTime('yesterday')",
            "was not valid. The datetime string must match ISO 8601 format.",
            id="not-a-date",
        ),
        pytest.param(
            "@formatDateTime('2024-02-30')",
            "was not valid. The datetime string must match ISO 8601 format.",
            id="no-such-day",
        ),
        pytest.param("@formatDateTime('2024-02-29', 'Q')", "not a valid .NET format", id="fmt"),
        pytest.param(
            "@parseDateTime('2014-10-20', 'en-US', 'yyyyMMdd')", "with the format", id="exact"
        ),
        pytest.param("@convertFromUtc('2024-01-01', 'Mars Standard Time')", "time zone", id="tz"),
        # a Z timestamp is UTC: another source zone does not match it (measured in the cloud:
        # tomdam/flowforger packages/engine/src/expr/functions/datetime.ts); nor does any zone
        # match an offset's local DateTime (TimeZoneInfo.ConvertTime's kind check; unmeasured)
        pytest.param(
            "@convertToUtc('2026-01-15T10:30:00Z', 'W. Europe Standard Time')",
            "The template language function 'convertToUtc' expects its second parameter to be a "
            "time zone matching the time zone indicated by the timestamp. The provided value "
            "'W. Europe Standard Time' does not match.",
            id="convertToUtc-z-mismatch",
        ),
        pytest.param(
            "@convertToUtc('2026-01-15T11:30:00+01:00', 'UTC')",
            "The provided value 'UTC' does not match.",
            id="convertToUtc-offset-mismatch",
        ),
        pytest.param(
            "@parseDateTime('2022-00-05', 'en-US', 'yyyy-MM-dd')", "with the format", id="month-0"
        ),
    ],
)
def test_date_errors(text, message):
    check_error(text, message)


@pytest.mark.parametrize(
    "moment",
    [
        "2024-11-18T22:48:38.412074+00:00",
        "2024-11-18T22:48:38.410000+00:00",
        "2024-11-18T22:48:38.000001+00:00",
        "2024-11-18T22:48:38+00:00",
        "2024-01-02T03:04:05.500000+05:30",  # six digits: Python 3.10 parses no fewer
        "0999-12-31T23:59:59.999999-01:00",
    ],
)
def test_history_timestamp_is_the_trimmed_round_trip_format(moment):
    """The run history's stamp (ScoreUnder/IllogicApps ``TestData/*/trace-*.txt``) made
    without parsing the format equals .NET's ``yyyy-MM-ddTHH:mm:ss.FFFFFFFK`` in UTC."""
    parsed = datetime.fromisoformat(moment)
    expected = format_timestamp(parsed.astimezone(timezone.utc), TRIMMED_ROUND_TRIP)
    assert history_timestamp(parsed) == expected


# What a format leaves out, as DateTimeParse.CheckDefaultDateTime fills it (the .NET source:
# no year, month or day is today's date; a year alone is its 1 January; a missing year is this
# year), and two-digit years as Calendar.TwoDigitYearMax (2049) reads them:
# https://learn.microsoft.com/dotnet/api/system.datetime.parseexact ("If format defines a
# time with no date element, the parse operation uses the current date"),
# https://learn.microsoft.com/dotnet/api/system.globalization.calendar.twodigityearmax
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@parseDateTime('2022', 'en-US', 'yyyy')", "2022-01-01T00:00:00.0000000"),
        pytest.param(
            "@parseDateTime('07/05/99', 'en-US', 'MM/dd/yy')", "1999-07-05T00:00:00.0000000"
        ),
        pytest.param(
            "@parseDateTime('07/05/49', 'en-US', 'MM/dd/yy')", "2049-07-05T00:00:00.0000000"
        ),
        pytest.param("@formatDateTime('07/05/50')", "1950-07-05T00:00:00.0000000"),
    ],
)
def test_parse_fills_what_the_format_leaves_out(text, expected):
    check(text, expected)


def test_a_time_alone_is_on_todays_date_and_a_month_and_day_in_this_year():
    before = datetime.now(timezone.utc)
    time_only = evaluate("@parseDateTime('04:28', 'en-US', 'HH:mm')")
    month_day = evaluate("@parseDateTime('07/05', 'en-US', 'MM/dd')")
    after = datetime.now(timezone.utc)
    days = {f"{moment:%Y-%m-%d}" for moment in (before, after)}  # a run across midnight
    assert time_only[:10] in days and time_only[10:] == "T04:28:00.0000000"
    assert month_day[:4] in {str(before.year), str(after.year)}
    assert month_day[4:] == "-07-05T00:00:00.0000000"


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("@getFutureTime('x', 'Day')", "first"),  # the amount comes first here
        ("@getPastTime(true, 'Day')", "first"),  # checked before it is negated
        ("@subtractFromTime('2020-01-01', 'x', 'Day')", "second"),
        ("@addDays('2020-01-01', null)", "second"),
        ("@dateDifference('2020-01-01', null)", "second"),
        ("@dateDifference(null, 1)", "first"),
    ],
)
def test_a_date_function_names_the_parameter_that_is_wrong(text, which):
    check_error(text, f"expects its {which} parameter to be")
