"""The ``format`` values Newtonsoft.Json.Schema checks, and how it checks them.

``PrimitiveScope.ValidateFormat`` (JamesNK/Newtonsoft.Json.Schema
``Src/Newtonsoft.Json.Schema/Infrastructure/Validation/PrimitiveScope.cs``) knows these
formats and takes any other value as valid; it checks them itself, with no optional package, so
the Logic App refuses ``"yesterday"`` for a ``date-time`` whatever is installed. Each check
below follows the rule that method applies:

- ``date-time``, ``time``: its ``DateTimeParser`` — ``yyyy-MM-ddTHH:mm:ss``, an optional
  fraction of at least one digit, an optional zone (``Z``, ``±hh``, ``±hh:mm``, ``±hhmm``;
  none is allowed), a leap second only at 23:59:60 UTC;
- ``date``: ``DateTime.TryParseExact(value, "yyyy-MM-dd")``;
- ``email``: ``EmailHelpers.Validate`` with international characters allowed (a dot-atom or
  quoted local part of at most 64 characters, ``@``, a domain or an address literal, under 255
  characters);
- ``uuid``: ``Guid.TryParseExact(value, "D")``; ``ipv4``: four decimal parts 0-255 without
  leading zeros (``FormatHelpers.ValidateIPv4``); ``ipv6``; ``hostname`` (and draft 3's
  ``host-name``, ``ip-address``); ``uri``: an absolute, well-formed URI
  (``Uri.IsWellFormedUriString``); ``uri-reference``; ``uri-template``; ``json-pointer``;
  ``duration`` (``P``, then ``nW`` or ``nYnMnD``, then ``T`` and ``nHnMnS``); ``color`` (a
  CSS colour name, ``#rgb`` or ``#rrggbb``); ``utc-millisec`` (a number); ``regex``.

The URI checks approximate .NET's ``Uri`` with RFC 3986's grammar; the rest follow the
library's rules exactly.
"""

from __future__ import annotations

import calendar
import ipaddress
import re
from functools import cache
from typing import Any

__all__ = ["newtonsoft_format_checker"]

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?", re.ASCII)
_ZONE = re.compile(r"(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?", re.ASCII)


def _date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = map(int, match.groups())
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _time(text: str) -> bool:
    match = _TIME.match(text)
    if match is None:
        return False
    zone = _ZONE.fullmatch(text, match.end())
    if zone is None:
        return False
    hour, minute, second = (int(g) for g in match.groups()[:3])
    fraction = match.group(4)
    if hour > 24 or minute > 59 or second > 60:
        return False
    if hour == 24 and (minute or second or (fraction and int(fraction))):
        return False
    zone_hour, zone_minute = int(zone.group(2) or 0), int(zone.group(3) or 0)
    if zone_hour > 23 or zone_minute > 59:
        return False
    if second == 60:  # a leap second ends a UTC day
        east = zone.group(1) == "+"
        if minute + zone_minute != 59 or (hour + (-zone_hour if east else zone_hour)) % 23:
            return False
    return True


def _date_time(text: str) -> bool:
    return len(text) > 10 and text[10] in "Tt" and _date(text[:10]) and _time(text[11:])


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]"
_LOCAL = re.compile(rf'(?:{_ATEXT}+(?:\.{_ATEXT}+)*|"(?:[^"\\\r\n]|\\.)*")')
_LABEL = (
    r"[A-Za-z0-9\u0080-\U0010ffff](?:[A-Za-z0-9\-\u0080-\U0010ffff]*[A-Za-z0-9\u0080-\U0010ffff])?"
)
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")


def _email(text: str) -> bool:
    if not text or len(text) >= 255:
        return False
    local = _LOCAL.match(text)
    if local is None or local.end() > 64 or text[local.end() : local.end() + 1] != "@":
        return False
    domain = text[local.end() + 1 :]
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal.lower().startswith("ipv6:"):
            return _ipv6(literal[5:])
        return _ipv4(literal)
    return _DOMAIN.fullmatch(domain) is not None


def _ipv4(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(
        p.isascii() and p.isdigit() and not (len(p) > 1 and p[0] == "0") and int(p) <= 255
        for p in parts
    )


def _ipv6(text: str) -> bool:
    if "%" in text or not text or not all(c in "0123456789abcdefABCDEF:." for c in text):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


_HOSTNAME = re.compile(
    r"(?=.{1,255}$)[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?"
    r"(?:\.[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?)*\.?",
    re.ASCII,
)
_UUID = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}", re.ASCII)

# RFC 3986's pieces, for the URI forms
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_QUERY = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@/?]|{_PCT})*"
_USERINFO = rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"
_HOST = rf"(?:\[[0-9A-Fa-f:.vV]+\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"
_AUTHORITY = rf"{_USERINFO}{_HOST}(?::\d*)?"
_PATH = rf"(?:/{_PCHAR}*)*"
_RELATIVE = rf"(?://{_AUTHORITY}{_PATH}|/(?:{_PCHAR}+{_PATH})?|{_PCHAR}+{_PATH}|)"
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+\-.]*:{_RELATIVE}(?:\?{_QUERY})?(?:#{_QUERY})?", re.ASCII)
_URI_REFERENCE = re.compile(
    rf"(?:[A-Za-z][A-Za-z0-9+\-.]*:)?{_RELATIVE}(?:\?{_QUERY})?(?:#{_QUERY})?", re.ASCII
)
_VARIABLE = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?::[1-9][0-9]{0,3}|\*)?"
_URI_TEMPLATE = re.compile(
    rf"(?:[^\x00-\x20\"'<>%\\^`{{|}}]|{_PCT}|\{{[+#./;?&=,!@|]?{_VARIABLE}(?:,{_VARIABLE})*\}})*"
)
_JSON_POINTER = re.compile(
    rf"(?:/(?:[^~/]|~[01])*)*|#(?:/(?:[A-Za-z0-9_\-.!$&'()*+,;:=@]|{_PCT}|~[01])+)+"
)


def _uri(text: str) -> bool:
    """An absolute URI .NET calls well formed: RFC 3986 characters only (no spaces, no raw
    non-ASCII), a scheme, and an authority for the hierarchical web schemes."""
    if _URI.fullmatch(text) is None:
        return False
    scheme, _, rest = text.partition(":")
    return scheme.lower() not in {"http", "https", "ftp", "ws", "wss"} or rest.startswith("//")


def _duration(text: str) -> bool:
    match = re.fullmatch(r"P(?:(\d+W)|(\d+Y)?(\d+M)?(\d+D)?)(?:T(\d+H)?(\d+M)?(\d+S)?)?", text)
    if match is None:
        return False
    has_days = any(match.group(i) for i in range(1, 5))
    has_time = any(match.group(i) for i in range(5, 8))
    if "T" in text:
        return has_time
    return has_days


_NAMED_COLORS = frozenset(
    {
        "aqua", "black", "blue", "fuchsia", "gray", "green", "lime", "maroon", "navy", "olive",
        "orange", "purple", "red", "silver", "teal", "white", "yellow",
    }
)  # fmt: skip


def _color(text: str) -> bool:
    if text in _NAMED_COLORS:
        return True
    return re.fullmatch(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})", text) is not None


def _number(text: str) -> bool:
    """``double.TryParse(value, NumberStyles.Number, InvariantCulture)``: a sign, thousands
    separators and a point, with blanks around."""
    shape = r"\s*[+-]?(?:\d[\d,]*)?(?:\.\d*)?\s*[+-]?\s*"
    return re.fullmatch(shape, text) is not None and any(c.isdigit() for c in text)


def _regex(text: str) -> bool:
    try:
        re.compile(text)
    except re.error:
        return False
    return True


_CHECKS = {
    "date-time": _date_time,
    "date": _date,
    "time": _time,
    "email": _email,
    "uuid": lambda t: _UUID.fullmatch(t) is not None,
    "ipv4": _ipv4,
    "ip-address": _ipv4,
    "ipv6": _ipv6,
    "hostname": lambda t: _HOSTNAME.fullmatch(t) is not None,
    "host-name": lambda t: _HOSTNAME.fullmatch(t) is not None,
    "uri": _uri,
    "uri-reference": lambda t: _URI_REFERENCE.fullmatch(t) is not None,
    "uri-template": lambda t: _URI_TEMPLATE.fullmatch(t) is not None,
    "json-pointer": lambda t: _JSON_POINTER.fullmatch(t) is not None,
    "duration": _duration,
    "color": _color,
    "utc-millisec": _number,
    "regex": _regex,
}


@cache
def newtonsoft_format_checker() -> Any:
    """A jsonschema ``FormatChecker`` that knows exactly Newtonsoft's formats."""
    from jsonschema import FormatChecker  # noqa: PLC0415 (heavy: only when a schema is used)

    checker = FormatChecker(formats=())
    for name, check in _CHECKS.items():
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker
