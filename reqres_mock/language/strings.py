"""String functions: ``concat``, ``substring``, ``slice``, ``replace``, case, ``trim``,
``split``, the ``indexOf`` family (case-insensitive, as the runtime), ``startsWith``/``endsWith``,
``guid`` and ``formatNumber``. Positions and lengths count UTF-16 code units, as .NET does
(:mod:`~reqres_mock.language.utf16`).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from reqres_mock.language.numbers import format_number
from reqres_mock.language.registry import (
    fail,
    function,
    integer_arg,
    number_arg,
    text_arg,
    usage,
)
from reqres_mock.language.utf16 import from_units, units
from reqres_mock.language.values import to_text
from reqres_mock.protocol.jsonread import DOTNET_WHITESPACE
from reqres_mock.protocol.jsonwire import repaired


@function("concat", 1, -1)
def _concat(*values: Any) -> str:
    return "".join(to_text(v) for v in values)


@function("substring", 2, 3)
def _substring(value: Any, start_at: Any, length: Any = None) -> str:
    text, start = units(text_arg("substring", value)), integer_arg("substring", start_at, 1)
    # the runtime's two sentences: tomdam/flowforger packages/engine/src/expr/functions/strings.ts
    # ("verified against the cloud"); as the first says, the start must be less than the length,
    # so a start at the end fails (substring('abc', 3), substring('', 0)), unlike .NET's own
    if start < 0 or start >= len(text):
        raise fail(
            "substring",
            "parameter is out of range: 'start index' must be non-negative integer and should be "
            f"less than the length of the string. {usage('substring')}",
        )
    end = len(text) if length is None else start + integer_arg("substring", length, 2)
    if end < start or end > len(text):
        raise fail(
            "substring",
            "parameters are out of range: 'start index' and 'length' must be non-negative "
            "integers and their sum must be no larger than the length of the string. "
            f"{usage('substring')}",
        )
    return from_units(text[start:end])


@function("slice", 2, 3)
def _slice(value: Any, start: Any, end: Any = None) -> str:
    text = units(text_arg("slice", value))
    first = integer_arg("slice", start, 1)
    stop = len(text) if end is None else integer_arg("slice", end, 2)
    return from_units(text[first:stop])


@function("replace", 3)
def _replace(text: Any, old: Any, new: Any) -> str:
    original = text_arg("replace", text)  # the parameters in order, the first first
    search = text_arg("replace", old, 1)
    if not search:
        # .NET's String.Replace: "String cannot be of zero length. (Parameter 'oldValue')"
        raise fail("replace", "expects a non-empty string to replace ('oldValue')")
    return original.replace(search, to_text(new))


def invariant_case(text: str, *, upper: bool) -> str:
    """.NET's ``ToUpperInvariant``/``ToLowerInvariant``: one character to one character, so
    the sharp s and the Turkish dotted and dotless i keep their form (IllogicApps' toLower and
    toUpper cases in ``StringFunctionsTests.fs``)."""
    out: list[str] = []
    for char in text:
        mapped = char.upper() if upper else char.lower()
        keep = len(mapped) != 1 or char in ("\u0131", "\u0130", "\u017f")
        out.append(char if keep else mapped)
    return "".join(out)


_HTML_ENTITIES = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "&": "&amp;"}


def html_encode(text: str) -> str:
    """.NET's ``WebUtility.HtmlEncode``: ``< > " ' &`` as ``&lt; &gt; &quot; &#39; &amp;``,
    U+00A0 to U+00FF and characters beyond U+FFFF as decimal references (``&#233;``,
    ``&#128512;``), a lone surrogate as U+FFFD, everything else (``€``, line breaks) as it is.
    DotLiquid's ``Escape`` and the Table action's HTML both write text so."""
    out = []
    for char in repaired(text):
        code = ord(char)
        if char in _HTML_ENTITIES:
            out.append(_HTML_ENTITIES[char])
        elif 0xA0 <= code <= 0xFF or code > 0xFFFF:
            out.append(f"&#{code};")
        else:
            out.append(char)
    return "".join(out)


@function("toLower", 1)
def _lower(text: Any) -> str:
    return invariant_case(text_arg("toLower", text), upper=False)


@function("toUpper", 1)
def _upper(text: Any) -> str:
    return invariant_case(text_arg("toUpper", text), upper=True)


@function("trim", 1)
def _trim(text: Any) -> str:
    return text_arg("trim", text).strip(DOTNET_WHITESPACE)


@function("split", 2)
def _split(value: Any, separator: Any) -> list[str]:
    text = text_arg("split", value)
    delimiter = text_arg("split", separator, 1)
    if not delimiter:
        return [text]
    return text.split(delimiter)


def _folded(name: str, value: Any, index: int = 0) -> str:
    """A string argument in code units, lower-cased one character to one character, so that
    positions found in it are the runtime's (Python's ``lower()`` makes U+0130 two)."""
    text = text_arg(name, value, index)
    if text.isascii():
        return text.lower()
    # str.lower() maps U+0130 to two characters and a word-final sigma to U+03C2; without
    # them it is .NET's one-to-one ToLowerInvariant, and much faster than a character loop
    plain = "\u0130" not in text and "\u03a3" not in text
    return units(text.lower() if plain else invariant_case(text, upper=False))


@function("indexOf", 2)
def _index_of(text: Any, search: Any) -> int:
    return _folded("indexOf", text).find(_folded("indexOf", search, 1))


@function("lastIndexOf", 2)
def _last_index_of(text: Any, search: Any) -> int:
    haystack, needle = _folded("lastIndexOf", text), _folded("lastIndexOf", search, 1)
    if not needle:
        # The runtime's .NET LastIndexOf("") is the last index (length - 1), not the length
        # (dotnet/runtime#13383 describes that .NET Framework behaviour; issue 15's suite).
        return max(len(haystack) - 1, 0)
    return haystack.rfind(needle)


@function("nthIndexOf", 3)
def _nth_index_of(text: Any, search: Any, occurrence: Any) -> int:
    haystack, needle = _folded("nthIndexOf", text), _folded("nthIndexOf", search, 1)
    n = integer_arg("nthIndexOf", occurrence, 2)
    if n == 0:
        raise fail("nthIndexOf", "expects a non-zero occurrence")
    positions = [m.start() for m in re.finditer(re.escape(needle), haystack)] if needle else []
    index = n - 1 if n > 0 else n
    return positions[index] if -len(positions) <= index < len(positions) else -1


@function("startsWith", 2)
def _starts_with(text: Any, prefix: Any) -> bool:
    return (
        text_arg("startsWith", text).lower().startswith(text_arg("startsWith", prefix, 1).lower())
    )


@function("endsWith", 2)
def _ends_with(text: Any, suffix: Any) -> bool:
    return text_arg("endsWith", text).lower().endswith(text_arg("endsWith", suffix, 1).lower())


@function("guid", 0, 1)
def _guid(form: Any = "D") -> str:
    value = uuid.uuid4()
    kind = str(form).upper()
    shapes = {
        "N": value.hex,
        "D": str(value),
        "B": "{" + str(value) + "}",
        "P": "(" + str(value) + ")",
        "X": "{{0x{},0x{},0x{},{{{}}}}}".format(
            value.hex[:8],
            value.hex[8:12],
            value.hex[12:16],
            ",".join(f"0x{value.hex[i : i + 2]}" for i in range(16, 32, 2)),
        ),
    }
    if kind not in shapes:
        raise fail("guid", f"got the format '{form}'; use N, D, B, P or X")
    return shapes[kind]


@function("formatNumber", 2, 3)
def _format_number(number: Any, form: Any, locale: Any = "en-us") -> str:
    return format_number(
        number_arg("formatNumber", number), text_arg("formatNumber", form, 1), str(locale)
    )
