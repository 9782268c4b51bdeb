""".NET strings are UTF-16: lengths and positions count code units, not characters.

A character beyond U+FFFF (most emoji, some CJK) is two ``char`` in .NET, so the runtime's
``length('😀')`` is 2 and ``substring``, ``indexOf`` and the rest count it twice ("The Length
property returns the number of Char objects in this instance, not the number of Unicode
characters": https://learn.microsoft.com/dotnet/api/system.string.length). Python counts it
once. The string functions work on :func:`units`, a string with each such character written
as its surrogate pair, and turn their result back with :func:`from_units`. A lone half of a
pair is a character of its own, as in .NET: every UTF-8 output writes it as U+FFFD.
"""

from __future__ import annotations

import re

from reqres_mock.protocol.jsontext import utf16_units

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def units(text: str) -> str:
    """``text`` as .NET holds it: one Python character per UTF-16 code unit (a lone half in the
    input stays one); the JSON reader's conversion, which the protocol layer shares."""
    return utf16_units(text)


def from_units(text: str) -> str:
    """A string of code units back as characters: surrogate pairs joined again; a lone half (a
    cut through a pair) stays, as in .NET, and is written as U+FFFD in UTF-8
    (:func:`~reqres_mock.protocol.jsonwire.utf8`)."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def unit_length(text: str) -> int:
    """``text``'s length in UTF-16 code units (.NET's ``String.Length``)."""
    if text.isascii():
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


def fold_case(text: str) -> str:
    """``text`` for a comparison without case, one character to one, as .NET's
    ``StringComparer.OrdinalIgnoreCase`` compares (Python's ``upper()`` makes ``ß`` two
    characters; .NET leaves it as it is)."""
    if text.isascii():
        return text.upper()
    return "".join(upper if len(upper := char.upper()) == 1 else char for char in text)
