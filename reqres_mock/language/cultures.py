"""The .NET cultures the functions' ``locale`` arguments name, and .NET number parsing.

``float()``, ``decimal()``, ``isFloat()``, ``formatNumber()`` take a culture name such as
``de-de``; the culture decides the decimal and group separators and the symbols for NaN and
infinity. The empty name is the invariant culture (``Infinity``); a named culture (ICU data on
the runtime) writes infinity as ``∞``, which is why ``float('Infinity')`` fails and
``float('Infinity', '')`` does not (IllogicApps' ``NumericConversionTests.fs``).

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


@dataclass(frozen=True)
class Culture:
    """What a .NET culture decides about numbers."""

    name: str
    group: str
    point: str
    currency: str  # pattern with {n} for the number
    infinity: str = "∞"
    nan: str = "NaN"
    #: Whether a numeric date puts the day before the month (``20/10/2014``).
    day_first: bool = True


_COMMA_POINT = (".", ",")
CULTURES: dict[str, Culture] = {
    "": Culture("", ",", ".", "¤{n}", infinity="Infinity", day_first=False),
    "invariant": Culture("", ",", ".", "¤{n}", infinity="Infinity", day_first=False),
    "en-us": Culture("en-US", ",", ".", "${n}", day_first=False),
    "en-gb": Culture("en-GB", ",", ".", "£{n}"),
    "en-au": Culture("en-AU", ",", ".", "${n}"),
    "en-ca": Culture("en-CA", ",", ".", "${n}"),
    "en-in": Culture("en-IN", ",", ".", "₹{n}"),
    "en-ie": Culture("en-IE", ",", ".", "€{n}"),
    "ja-jp": Culture("ja-JP", ",", ".", "¥{n}"),
    "zh-cn": Culture("zh-CN", ",", ".", "¥{n}"),
    "ko-kr": Culture("ko-KR", ",", ".", "₩{n}"),
    "de-de": Culture("de-DE", ".", ",", "{n} €"),
    "de-at": Culture("de-AT", "\u00a0", ",", "€ {n}"),
    "de-ch": Culture("de-CH", "\u2019", ".", "CHF {n}"),
    "nl-nl": Culture("nl-NL", ".", ",", "€ {n}"),
    "nl-be": Culture("nl-BE", ".", ",", "€ {n}"),
    "fr-fr": Culture("fr-FR", "\u202f", ",", "{n} €"),
    "fr-be": Culture("fr-BE", "\u202f", ",", "{n} €"),
    "fr-ca": Culture("fr-CA", "\u00a0", ",", "{n} $"),
    "es-es": Culture("es-ES", ".", ",", "{n} €"),
    "es-mx": Culture("es-MX", ",", ".", "${n}"),
    "it-it": Culture("it-IT", ".", ",", "{n} €"),
    "pt-br": Culture("pt-BR", ".", ",", "R$\u00a0{n}"),
    "pt-pt": Culture("pt-PT", "\u00a0", ",", "{n} €"),
    "sv-se": Culture("sv-SE", "\u00a0", ",", "{n} kr"),
    "da-dk": Culture("da-DK", ".", ",", "{n} kr."),
    "nb-no": Culture("nb-NO", "\u00a0", ",", "{n} kr"),
    "fi-fi": Culture("fi-FI", "\u00a0", ",", "{n} €"),
    "pl-pl": Culture("pl-PL", "\u00a0", ",", "{n} zł"),
    "cs-cz": Culture("cs-CZ", "\u00a0", ",", "{n} Kč"),
    "ru-ru": Culture("ru-RU", "\u00a0", ",", "{n} ₽"),
    "tr-tr": Culture("tr-TR", ".", ",", "₺{n}"),
    "is-is": Culture("is-IS", ".", ",", "{n} kr."),
}


def culture(name: str, function: str) -> Culture:
    """The culture called ``name`` (case-insensitive).

    :raises ExpressionError: naming the function, for a culture this mock does not know.
    """
    found = CULTURES.get(name.strip().lower())
    if found is None:
        known = ", ".join(sorted(k for k in CULTURES if k))
        raise ExpressionError(
            f"The template language function '{function}' got the culture '{name}', which "
            f"reqres-mock does not know; known: {known}"
        )
    return found


@lru_cache(maxsize=256)
def _grammar(
    group: str, point: str, trailing_sign: bool, exponent: bool, fraction: bool
) -> re.Pattern[str]:
    g, p = re.escape(group), re.escape(point)
    integer = rf"\d[\d{g}]*" if group else r"\d+"
    number = rf"(?:{integer}(?:{p}\d*)?|{p}\d+)" if fraction else integer
    exp = r"(?:[eE][+-]?\d+)?" if exponent else ""
    tail = r"([+-])?" if trailing_sign else "()"
    return re.compile(rf"\s*([+-])?\s*({number}{exp})\s*{tail}\s*")


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
    stripped = text.strip()
    if symbols:
        lowered = stripped.lower()
        if lowered == where.nan.lower():
            return float("nan")
        for sign, unit in (("", 1.0), ("+", 1.0), ("-", -1.0)):
            if lowered == sign + where.infinity.lower():
                return unit * float("inf")
    match = _grammar(where.group, where.point, trailing_sign, exponent, fraction).fullmatch(text)
    if match is None:
        return None
    lead, body, trail = match.groups()
    if lead and trail:
        return None
    digits = body.replace(where.group, "") if where.group else body
    digits = digits.replace(where.point, ".")
    if digits.startswith("."):
        digits = "0" + digits
    try:
        value = Decimal(digits.rstrip(".") if digits.endswith(".") else digits)
    except InvalidOperation:
        return None
    return -value if "-" in (lead, trail) else value
