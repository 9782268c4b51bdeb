"""``formatNumber``: .NET numeric format strings for the common cases.

Standard formats C, N, F, P, D, E, X (with precision) and custom patterns built from ``0``,
``#``, ``,`` and ``.``; the culture (:mod:`reqres_mock.language.cultures`) decides the
separators and the currency symbol.
"""

from __future__ import annotations

import math
import re

from reqres_mock.errors import ExpressionError
from reqres_mock.language.cultures import culture
from reqres_mock.language.values import format_float


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(p for p in parts if p)


def _fixed(value: float, decimals: int, group: str | None, point: str) -> str:
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if group is not None:
        whole = _group(whole, group)
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + whole + (point + fraction if fraction else "")


def format_number(value: float, form: str, locale: str = "en-us") -> str:
    """Format ``value`` like .NET's ``ToString(form, culture)``.

    :raises ExpressionError: for a format or locale this does not understand.
    """
    where = culture(locale, "formatNumber")
    group, point, currency = where.group, where.point, where.currency
    if math.isnan(value) or math.isinf(value):
        return format_float(value)
    standard = re.fullmatch(r"([CcNnFfPpDdEeXx])(\d{0,2})", form)
    if standard:
        kind, digits = standard[1].upper(), standard[2]
        precision = int(digits) if digits else None
        if kind == "C":
            body = _fixed(abs(value), 2 if precision is None else precision, group, point)
            text = currency.format(n=body)
            return f"-{text}" if value < 0 else text
        if kind == "N":
            return _fixed(value, 2 if precision is None else precision, group, point)
        if kind == "F":
            return _fixed(value, 2 if precision is None else precision, None, point)
        if kind == "P":
            return _fixed(value * 100, 2 if precision is None else precision, group, point) + "%"
        if kind in ("D", "X"):
            if not float(value).is_integer():
                raise ExpressionError(
                    f"The template language function 'formatNumber' format '{form}' needs an "
                    "integer"
                )
            number = int(value)
            digits_text = f"{abs(number):x}" if kind == "X" else str(abs(number))
            if standard[1] == "X":
                digits_text = digits_text.upper()
            padded = digits_text.rjust(precision or 0, "0")
            return ("-" if number < 0 else "") + padded
        exponent = f"{value:.{6 if precision is None else precision}E}"
        mantissa, _, power = exponent.partition("E")
        sign = power[0] if power[0] in "+-" else "+"
        return mantissa.replace(".", point) + "E" + sign + power.lstrip("+-").rjust(3, "0")
    return _custom(value, form, group, point)


def _custom(value: float, form: str, group: str, point: str) -> str:
    if not re.fullmatch(r"[#0,.]+", form):
        raise ExpressionError(
            f"The template language function 'formatNumber' does not understand the format '{form}'"
        )
    integer_part, _, fraction_part = form.partition(".")
    grouped = "," in integer_part
    required_fraction = fraction_part.count("0")
    optional_fraction = fraction_part.count("#")
    decimals = required_fraction + optional_fraction
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if optional_fraction:
        keep = len(fraction.rstrip("0"))
        fraction = fraction[: max(keep, required_fraction)]
    minimum_whole = integer_part.replace(",", "").replace("#", "").count("0")
    whole = whole.lstrip("0") or ""
    whole = whole.rjust(minimum_whole, "0")
    if grouped and whole:
        whole = _group(whole, group)
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + whole + (point + fraction if fraction else "")
