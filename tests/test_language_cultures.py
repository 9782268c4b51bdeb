"""Named cultures in formatDateTime, formatNumber, parseDateTime and float(): CLDR data (ICU's,
under the runtime's .NET) mapped to .NET's culture properties as dotnet/runtime maps them
(``CalendarData.Icu.cs``, ``CultureData.Icu.cs``, ``pal_calendarData.c``).

Sources of expected values, cited per row:
- STD: https://learn.microsoft.com/dotnet/standard/base-types/standard-date-and-time-format-strings
  (2009-06-15T13:45:30 in the example column; the invariant culture's patterns).
- WDL: https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference
- CLDR: the CLDR charts, https://www.unicode.org/cldr/charts/latest/by_type/ (date_&_time.gregorian,
  numbers.symbols, numbers.number_formatting_patterns), which are ICU's data: used where
  Microsoft's pages show only Windows (NLS) output, which differs from ICU's.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from language_support import check, check_error, evaluate

import reqres_mock.language
from reqres_mock.errors import ExpressionError
from reqres_mock.language import cldr

WHEN = "2009-06-15T13:45:30"


@pytest.mark.parametrize(
    ("form", "locale", "expected"),
    [
        pytest.param("d", "fr-FR", "15/06/2009", id="STD-d-fr-FR"),
        pytest.param("d", "ja-JP", "2009/06/15", id="STD-d-ja-JP"),
        pytest.param("D", "de-DE", "Montag, 15. Juni 2009", id="STD-D-de-DE"),
        pytest.param("d", "en-US", "6/15/2009", id="STD-d-en-US"),
        pytest.param("f", "en-US", "Monday, June 15, 2009 1:45 PM", id="STD-f-en-US"),
        # the invariant culture: "MM/dd/yyyy", "dddd, dd MMMM yyyy HH:mm:ss" (STD)
        pytest.param("d", "", "06/15/2009", id="STD-d-invariant"),
        pytest.param("F", "", "Monday, 15 June 2009 13:45:30", id="STD-F-invariant"),
        # CLDR patterns through .NET's mapping: short date's "yy" widened to "yyyy",
        # "EEEE" -> "dddd", ICU's "HH:mm" kept, "a" -> "tt"
        pytest.param("D", "fr-FR", "lundi 15 juin 2009", id="CLDR-D-fr-FR"),
        pytest.param("d", "de-DE", "15.06.2009", id="CLDR-d-de-DE-yy-widened"),
        pytest.param("g", "de-DE", "15.06.2009 13:45", id="CLDR-g-de-DE"),
        pytest.param("T", "ja-JP", "13:45:30", id="CLDR-T-ja-JP"),
        pytest.param("D", "ja-JP", "2009年6月15日月曜日", id="CLDR-D-ja-JP"),
        pytest.param("m", "de-DE", "15. Juni", id="CLDR-m-de-DE"),
        pytest.param("y", "fr-FR", "juin 2009", id="CLDR-y-fr-FR"),
        pytest.param("t", "ar-EG", "1:45 م", id="CLDR-t-ar-EG-pm"),
        pytest.param("hh:mm tt", "is-IS", "01:45 e.h.", id="CLDR-tt-is-IS"),
        pytest.param("ddd dd MMM", "de-DE", "Mo 15 Juni", id="CLDR-abbreviated-de-DE"),
        # a month name next to a day number is the genitive (format) name (STD's ru-RU "D"
        # example writes "15 июня"); alone it is the stand-alone name
        pytest.param("d MMMM", "ru-RU", "15 июня", id="genitive-ru-RU"),
        pytest.param("MMMM", "ru-RU", "июнь", id="stand-alone-ru-RU"),
        pytest.param("d MMMM", "pl-PL", "15 czerwca", id="genitive-pl-PL"),
        # culture names are case-insensitive; the invariant formats ignore the culture
        pytest.param("d", "FR-fr", "15/06/2009", id="case-insensitive"),
        pytest.param("s", "ja-JP", "2009-06-15T13:45:30", id="sortable-is-invariant"),
        pytest.param("R", "fr-FR", "Mon, 15 Jun 2009 13:45:30 GMT", id="rfc1123-is-english"),
    ],
)
def test_format_date_time_in_a_culture(form, locale, expected):
    check(f"@formatDateTime('{WHEN}', '{form}', '{locale}')", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # WDL: formatNumber(17.35, 'C2', 'is-IS') is "17,35 kr."
        pytest.param("@formatNumber(17.35, 'C2', 'is-IS')", "17,35 kr.", id="WDL-is-IS"),
        pytest.param(
            "@formatNumber(1234567890, '#,##0.00', 'is-IS')", "1.234.567.890,00", id="WDL-is"
        ),
        # CLDR fr: group U+202F (narrow no-break space), "#,##0.00 ¤" -> .NET "n $"
        pytest.param(
            "@formatNumber(1234567.891, 'N', 'fr-FR')", "1\u202f234\u202f567,89", id="N-fr-FR"
        ),
        pytest.param("@formatNumber(1234.5, 'C', 'fr-FR')", "1\u202f234,50 €", id="C-fr-FR"),
        pytest.param("@formatNumber(0.1234, 'P', 'fr-FR')", "12,34 %", id="P-fr-FR"),
        pytest.param("@formatNumber(1234.5, 'C2', 'de-de')", "1.234,50 €", id="C-de-DE"),
        # CLDR en-IN "#,##,##0.###": NumberGroupSizes 3, 2
        pytest.param("@formatNumber(1234567.891, 'N', 'en-IN')", "12,34,567.89", id="N-en-IN"),
        # CLDR: the yen has no minor unit (CurrencyDecimalDigits 0); a double's tie rounds to
        # even in a standard format (measured in the cloud: tomdam/flowforger
        # packages/engine/src/expr/dotnet-number.ts)
        pytest.param("@formatNumber(1234.5, 'C', 'ja-JP')", "￥1,234", id="C-ja-JP"),
        pytest.param("@formatNumber(1234.6, 'C', 'ja-JP')", "￥1,235", id="C-ja-JP-up"),
        # CLDR sv: minus sign U+2212, group U+00A0
        pytest.param("@formatNumber(-1234.5, 'N', 'sv-SE')", "\u22121\u00a0234,50", id="N-sv-SE"),
        pytest.param("@formatNumber(float('NaN'), 'N', 'fr-FR')", "NaN", id="nan-fr-FR"),
        pytest.param("@formatNumber(float('-1e400'), 'N', 'de-DE')", "-∞", id="infinity-de-DE"),
        pytest.param("@formatNumber(0.5, 'P', '')", "50.00 %", id="P-invariant"),
        # .NET's parser takes a space where the group separator is a no-break space
        pytest.param("@float('1 234,5', 'fr-FR')", 1234.5, id="float-fr-FR-space"),
        pytest.param("@float('1\u202f234,5', 'fr-FR')", 1234.5, id="float-fr-FR-nnbsp"),
        pytest.param("@float('\u22121\u00a0234,5', 'sv-SE')", -1234.5, id="float-sv-SE-minus"),
        pytest.param("@isFloat('1.234,5', 'de-DE')", True, id="isFloat-de-DE"),
    ],
)
def test_numbers_in_a_culture(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "@parseDateTime('15 juin 2009', 'fr-FR', 'dd MMMM yyyy')",
            "2009-06-15T00:00:00.0000000",
            id="fr-FR-month-name",
        ),
        pytest.param(
            "@parseDateTime('15 ИЮНЯ 2009', 'ru-RU', 'd MMMM yyyy')",
            "2009-06-15T00:00:00.0000000",
            id="ru-RU-genitive-any-case",
        ),
        pytest.param(
            "@parseDateTime('Montag, 15. Juni 2009 01:45 nachm.', 'de-DE', "
            "'dddd, d. MMMM yyyy hh:mm tt')",
            None,
            id="de-DE-day-name-and-designator",
        ),
        # DateTime.Parse with a culture reads its month and day names (CLDR names)
        pytest.param(
            "@parseDateTime('lundi 15 juin 2009 13:45', 'fr-FR')",
            "2009-06-15T13:45:00.0000000",
            id="fr-FR-parse-names",
        ),
        pytest.param(
            "@parseDateTime('Montag, 15. Juni 2009', 'de-DE')",
            "2009-06-15T00:00:00.0000000",
            id="de-DE-parse-names",
        ),
        pytest.param(
            "@parseDateTime('15 de junio de 2009', 'es-ES')",
            "2009-06-15T00:00:00.0000000",
            id="es-ES-parse-names",
        ),
        pytest.param(
            "@parseDateTime('15/06/2009', 'fr-FR')",
            "2009-06-15T00:00:00.0000000",
            id="fr-FR-day-first",
        ),
    ],
)
def test_parse_date_time_in_a_culture(text, expected):
    if expected is None:
        # CLDR de has no "nachm." designator any more (it is "PM"): a mismatch is an error
        check_error(text, "could not parse")
    else:
        check(text, expected)


def test_an_unknown_culture_is_an_error():
    check_error("@formatNumber(1, 'N', 'xx-QQ-zz')", "not a known culture name")


def test_without_babel_a_named_culture_says_which_extra_to_install(monkeypatch):
    monkeypatch.delattr(reqres_mock.language, "cldr", raising=False)
    monkeypatch.setitem(sys.modules, "reqres_mock.language.cldr", None)
    check("@formatNumber(1234.5, 'N', 'en-us')", "1,234.50")  # built in
    with pytest.raises(ExpressionError) as caught:
        evaluate("@formatDateTime('2009-06-15', 'D', 'fr-FR')")
    message = str(caught.value)
    assert "\n" not in message
    assert "pip install 'reqres-mock[cultures]'" in message
    assert caught.value.code == "InvalidTemplate"


def test_importing_the_package_does_not_import_babel():
    code = "import sys, reqres_mock; print('babel' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("icu", "dotnet"),
    [
        # CalendarData.Icu.cs NormalizeDatePattern and FixDefaultShortDatePattern
        pytest.param("EEEE, d. MMMM y", "dddd, d. MMMM yyyy", id="E-and-lone-y"),
        pytest.param("EEE d LLLLL y G", "ddd d MMM yyyy g", id="E-L5-G"),
        pytest.param("y'年'M'月'd'日'", "yyyy'年'M'月'd'日'", id="quoted"),
    ],
)
def test_icu_date_patterns_become_dotnet_patterns(icu, dotnet):
    assert cldr.normalize_date_pattern(icu) == dotnet


def test_the_short_date_year_is_widened_and_time_patterns_converted():
    assert cldr.widen_short_year("dd.MM.yy") == "dd.MM.yyyy"
    assert cldr.widen_short_year("d/M/yyyy") == "d/M/yyyy"
    # CultureData.Icu.cs ConvertIcuTimeFormatString: only H h m s : . spaces, quotes, a -> tt
    assert cldr.convert_time_pattern("h:mm\u202fa") == "h:mm\u202ftt"
    assert cldr.convert_time_pattern("HH:mm:ss zzzz") == "HH:mm:ss "
    assert cldr.convert_time_pattern("H 'h' mm") == "H 'h' mm"
