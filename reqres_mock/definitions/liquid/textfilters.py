"""DotLiquid's text filters that escape, encode, cut or capitalize (``StandardFilters.cs`` at
b6a7d99), for the Liquid action (:mod:`reqres_mock.definitions.liquid`).

Each takes its input as a ``string`` parameter: ``Strainer.Invoke`` converts a number or a
boolean with ``Convert.ChangeType`` (``True``, not ``true``) and a list or object reaches
``MethodInfo.Invoke``, which refuses it (``Liquid error: Object of type '…' cannot be
converted to type 'System.String'.``). Lengths and positions count UTF-16 code units, as .NET
strings do.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reqres_mock.definitions.liquid.values import (
    NULL_REFERENCE,
    LiquidError,
    strainer_arg,
)
from reqres_mock.language.strings import html_encode, invariant_case
from reqres_mock.language.utf16 import from_units, units
from reqres_mock.protocol.jsonread import DOTNET_WHITESPACE
from reqres_mock.protocol.jsonwire import repaired


def text_arg(value: Any) -> str | None:
    """The input or an argument of a ``string`` parameter (:func:`strainer_arg`)."""
    text: str | None = strainer_arg(value, "string")
    return text


def is_blank(text: str | None) -> bool:
    """DotLiquid's ``StringExtensions.IsNullOrWhiteSpace``: null, empty or ``Trim()`` empty."""
    return not text or not text.strip(DOTNET_WHITESPACE)


# -- URLs and HTML (System.Net.WebUtility) -----------------------------------------------------

#: ``WebUtility.IsUrlSafeChar``: ASCII letters and digits and ``-_.!*()`` (RFC 1738 minus +).
_URL_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!*()")


def url_encode(value: Any) -> str | None:
    """``UrlEncode``: ``WebUtility.UrlEncode``: the UTF-8 bytes, a space as ``+``, every byte
    but ``IsUrlSafeChar``'s as ``%XX`` in upper-case hex; a lone surrogate is U+FFFD's bytes."""
    text = text_arg(value)
    if not text:
        return text
    out = []
    for byte in repaired(text).encode("utf-8"):
        if byte in _URL_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


_HEX = frozenset("0123456789abcdefABCDEF")


def url_decode(value: Any) -> str | None:
    """``UrlDecode``: ``WebUtility.UrlDecode``: ``+`` is a space, ``%XX`` (either case) a byte,
    a ``%`` not followed by two hex digits stays; runs of bytes are read as UTF-8 (an invalid
    sequence is U+FFFD), other characters pass as they are."""
    text = text_arg(value)
    if not text:
        return text
    code_units = units(text)
    out: list[str] = []
    pending = bytearray()
    position, count = 0, len(code_units)
    while position < count:
        char = code_units[position]
        if char == "+":
            char = " "
        elif (
            char == "%"
            and position < count - 2
            and code_units[position + 1] in _HEX
            and code_units[position + 2] in _HEX
        ):
            pending.append(int(code_units[position + 1 : position + 3], 16))
            position += 3
            continue
        if ord(char) < 0x80:
            pending.append(ord(char))
        else:
            out.append(pending.decode("utf-8", "replace"))
            pending.clear()
            out.append(char)
        position += 1
    out.append(pending.decode("utf-8", "replace"))
    return from_units("".join(out))


def escape(value: Any) -> str | None:
    """``Escape`` and ``H``: ``WebUtility.HtmlEncode`` (:func:`html_encode`); empty or null
    input as it is."""
    text = text_arg(value)
    return html_encode(text) if text else text


_TAG = re.compile(r"<.*?>")  # '.' is any character but \n, in .NET as in Python
_NEWLINE = re.compile(r"(\r?\n)")


def strip_html(value: Any) -> str | None:
    """``StripHtml``: ``Regex.Replace(input, "<.*?>", "")``; blank input as it is."""
    text = text_arg(value)
    return text if is_blank(text) else _TAG.sub("", text or "")


def strip_newlines(value: Any) -> str | None:
    """``StripNewlines``: ``\\r\\n`` and ``\\n`` removed (a lone ``\\r`` stays); blank input as
    it is."""
    text = text_arg(value)
    return text if is_blank(text) else _NEWLINE.sub("", text or "")


def newline_to_br(value: Any) -> str | None:
    """``NewlineToBr``: ``<br />`` before each ``\\r\\n`` or ``\\n``; blank input as it is."""
    text = text_arg(value)
    return text if is_blank(text) else _NEWLINE.sub(r"<br />\1", text or "")


# -- cutting -------------------------------------------------------------------------------------


def truncate(value: Any, length: Any = 50, ellipsis: Any = "...") -> str | None:
    """``Truncate(input, int length = 50, string truncateString = "...")``: text longer than
    ``length`` is cut to ``length`` minus the ellipsis's length (at least 0) and the ellipsis
    appended; a negative length gives the ellipsis alone; empty or null input as it is. A nil
    length is 0 (``default(int)``); a nil ellipsis is a NullReferenceException."""
    text = text_arg(value)
    size = strainer_arg(length, "int32")
    tail = text_arg(ellipsis)
    if not text:
        return text
    if size < 0:
        return tail
    if tail is None:
        raise LiquidError(NULL_REFERENCE)
    code_units = units(text)
    if len(code_units) <= size:
        return text
    keep = max(size - len(units(tail)), 0)
    return from_units(code_units[:keep]) + tail


def truncate_words(value: Any, words: Any = 15, ellipsis: Any = "...") -> str | None:
    """``TruncateWords(input, int words = 15, string truncateString = "...")``: split at each
    single space (``Split(' ')``: two spaces make an empty word); more than ``words`` words
    are cut to the first ``words`` joined by spaces, the ellipsis appended; ``words`` of 0 or
    less gives the ellipsis alone; empty or null input as it is."""
    text = text_arg(value)
    count = strainer_arg(words, "int32")
    tail = text_arg(ellipsis)
    if not text:
        return text
    if count <= 0:
        return tail
    parts = text.split(" ")
    return " ".join(parts[:count]) + (tail or "") if len(parts) > count else text


# -- case ----------------------------------------------------------------------------------------

#: .NET's ``\w``: ``[\p{L}\p{Mn}\p{Nd}\p{Pc}]`` (Python's ``\w`` differs: ``No``, ``Nl``).
_WORD_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Nd", "Pc"))


def _is_word(char: str) -> bool:
    return unicodedata.category(char) in _WORD_CATEGORIES


def capitalize(value: Any) -> str | None:
    """``Capitalize``: the first character of each word upper-cased, the rest left as they are
    (netstandard build, ``#if CORE``: ``Regex.Replace(input, @"\\b(\\w)", m =>
    m.Value.ToUpper())``, ToUpper in the invariant culture); blank input as it is. A
    character beyond U+FFFF is two surrogates to .NET, neither a word character."""
    text = text_arg(value)
    if is_blank(text):
        return text
    code_units = units(text or "")
    out = []
    previous_is_word = False
    for char in code_units:
        word = _is_word(char)
        out.append(invariant_case(char, upper=True) if word and not previous_is_word else char)
        previous_is_word = word
    return from_units("".join(out))
