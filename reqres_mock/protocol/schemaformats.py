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

A second look ran these checks against Newtonsoft's own helpers compiled under Mono and
against .NET's tests (``UriIsWellFormedUriStringTest``): they agree but for ``uri`` (RFC 3986's
grammar with .NET Core's rules as its tests state them; IPv6 zone ids are refused), ``uuid``'s
``0x``/``+`` compatibility forms (refused), ``regex`` (.NET syntax checked by translating it for
Python's ``re``: conditionals and digit-class ranges are refused) and ``utc-millisec`` (.NET Core's
parser: ``nan``/``infinity`` in any case, overflow is a number).
"""

from __future__ import annotations

import calendar
import ipaddress
import re
import warnings
from functools import cache
from typing import Any

from reqres_mock.protocol.jsonread import DOTNET_WHITESPACE
from reqres_mock.protocol.jsontext import utf16_units

__all__ = ["newtonsoft_format_checker"]

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def _date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = map(int, match.groups())
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


class _Clock:
    """``DateTimeParser``'s time and zone rules, read over ``text`` from ``start``."""

    def __init__(self, text: str) -> None:
        self.text, self.end = text, len(text)
        self.hour = self.minute = self.second = self.zone_hour = self.zone_minute = 0
        self.east = False

    def two(self, at: int) -> int | None:
        """Two ASCII digits at ``at`` (``Parse2Digit``), or ``None``."""
        pair = self.text[at : at + 2]
        return int(pair) if len(pair) == 2 and pair.isascii() and pair.isdigit() else None

    def char(self, at: int, wanted: str) -> bool:
        return at < self.end and self.text[at] == wanted

    def time(self, at: int) -> int | None:
        """``ParseTime``: where the time ends, or ``None``."""
        hour, minute, second = self.two(at), self.two(at + 3), self.two(at + 6)
        if hour is None or hour >= 24 or not self.char(at + 2, ":"):
            return None
        if minute is None or minute >= 60 or not self.char(at + 5, ":"):
            return None
        if second is None or second > 60:  # 60: a leap second
            return None
        self.hour, self.minute, self.second = hour, minute, second
        at += 8
        if self.char(at, "."):
            digits = 0
            at += 1
            while at < self.end and digits < 256 and "0" <= self.text[at] <= "9":
                at, digits = at + 1, digits + 1
            if digits == 0:
                return None
        return at

    def zone(self, at: int) -> bool:
        """``ParseZone``: ``Z``, or an optional ``±hh`` then optional ``[:]mm``, to the end."""
        if at < self.end and self.text[at] in "Zz":
            return at + 1 == self.end
        if at < self.end:
            hour = self.two(at + 1) if at + 2 < self.end else None
            if hour is not None and hour <= 23 and self.text[at] in "+-":
                self.zone_hour, self.east = hour, self.text[at] == "+"
                at += 3
            if at < self.end:
                if self.char(at, ":"):
                    at += 1
                minute = self.two(at)
                if minute is not None and minute <= 59:
                    self.zone_minute = minute
                    at += 2
        return at == self.end

    def leap_second_fits(self) -> bool:
        """A leap second ends a UTC day (``ValidateLeapSecond``)."""
        if self.second != 60:
            return True
        zone_hour = -self.zone_hour if self.east else self.zone_hour
        return self.minute + self.zone_minute == 59 and (self.hour + zone_hour) % 23 == 0


def _time(text: str, at: int = 0) -> bool:
    clock = _Clock(text)
    end = clock.time(at)
    return end is not None and clock.zone(end) and clock.leap_second_fits()


def _date_time(text: str) -> bool:
    return len(text) > 10 and text[10] in "Tt" and _date(text[:10]) and _time(text, 11)


_ATOM = frozenset(map(ord, "!#$%&'*+-/=?^_`{|}~"))


def _alnum(unit: int) -> bool:
    return 48 <= unit <= 57 or 65 <= unit <= 90 or 97 <= unit <= 122


def _email(text: str) -> bool:
    """``EmailHelpers.Validate(value, allowInternational: true)``, over UTF-16 code units."""
    units = [ord(unit) for unit in utf16_units(text)]  # as .NET sees it
    end = len(units)
    if end == 0 or end >= 255:
        return False

    def atom(at: int) -> int:
        start = at
        while at < end and (units[at] >= 128 or _alnum(units[at]) or units[at] in _ATOM):
            at += 1
        return at if at > start else -1

    def quoted(at: int) -> int:
        at, escaped = at + 1, False
        while at < end:
            if units[at] == 92:  # backslash
                escaped = not escaped
            elif not escaped and units[at] == 34:
                return at + 1
            else:
                escaped = False
            at += 1
        return -1

    def word(at: int) -> int:
        return quoted(at) if units[at] == 34 else atom(at)

    at = word(0)
    while 0 <= at < end and units[at] == 46:  # '.'
        at = word(at + 1) if at + 1 < end else -1
    if at < 0 or at + 1 >= end or at > 64 or units[at] != 64:  # '@'
        return False
    at += 1
    if units[at] != 91:  # '['
        return _domain(units, at) == end
    return _address_literal(units, at + 1)


def _domain(units: list[int], at: int) -> int:
    """``SkipDomain``: labels of letters, digits, hyphens and any non-ASCII, under 64 units."""
    end = len(units)
    while True:
        start = at
        if at >= end or units[at] == 45 or not (units[at] >= 128 or _alnum(units[at])):
            return -1
        while at < end and (units[at] >= 128 or _alnum(units[at]) or units[at] == 45):
            at += 1
        if at - start >= 64 or units[at - 1] == 45:
            return -1
        if at < end and units[at] == 46:
            at += 1
            if at == end:
                return -1
            continue
        return at


def _ipv4_literal(units: list[int], at: int) -> int:
    """``SkipIPv4Literal``: four groups of one to three digits, each at most 255."""
    groups, end = 0, len(units)
    while at < end and groups < 4:
        start, value = at, 0
        while at < end and 48 <= units[at] <= 57:
            value, at = value * 10 + units[at] - 48, at + 1
        if at == start or at - start > 3 or value > 255:
            return -1
        groups += 1
        if groups < 4 and at < end and units[at] == 46:
            at += 1
    return at if groups == 4 else -1


def _ipv6_literal(units: list[int], at: int) -> int:
    """``SkipIPv6Literal``: hex groups and colons (``::`` once), or an IPv4 tail."""
    compact, colons, end = False, 0, len(units)
    hexes = set(map(ord, "0123456789abcdefABCDEF"))
    while at < end:
        start = at
        while at < end and units[at] in hexes:
            at += 1
        if at >= end:
            break
        if at > start and colons > 2 and units[at] == 46:
            at = _ipv4_literal(units, start)
            if at < 0:
                return -1
            break
        if at - start > 4 or units[at] != 58:
            if at - start > 4:
                return -1
            break
        start = at
        while at < end and units[at] == 58:
            at += 1
        if at - start > 2 or (at - start == 2 and compact):
            return -1
        if at - start == 2:
            compact, colons = True, colons + 2
        else:
            colons += 1
    if colons < 2:
        return -1
    return at if colons < (6 if compact else 7) else -1


def _address_literal(units: list[int], at: int) -> bool:
    end = len(units)
    if at + 8 >= end:
        return False
    if "".join(map(chr, units[at : at + 5])).upper() == "IPV6:":
        at = _ipv6_literal(units, at + 5)
    else:
        at = _ipv4_literal(units, at)
    return at >= 0 and at < end and units[at] == 93 and at + 1 == end


#: .NET's ``int.TryParse`` with ``NumberStyles.Integer``: blanks (tab to CR, space) around, one
#: leading sign, ASCII digits, and trailing NULs.
_INTEGER = re.compile(r"[\t\n\v\f\r ]*[+-]?([0-9]+)[\t\n\v\f\r ]*\x00*", re.ASCII)


def _ipv4(text: str) -> bool:
    """``FormatHelpers.ValidateIPv4``: four parts, none with a leading zero, each an integer
    0-255 as ``int.TryParse`` reads it."""
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not part or (len(part) >= 2 and part[0] == "0"):
            return False
        match = _INTEGER.fullmatch(part)
        if (
            match is None
            or int(match.group(1)) > 255
            or (part.lstrip()[:1] == "-" and int(match.group(1)))
        ):
            return False
    return True


def _ipv6_plus_ipv4(text: str) -> bool:
    """``Ipv6PlusIpv4Regex``: up to six groups of 0-4 hex digits and colons before an IPv4
    address that :func:`_ipv4` accepts."""
    match = re.fullmatch(r"(?:[0-9A-Fa-f]{0,4}:){1,6}([0-9.]+)", text)
    return match is not None and _ipv4(match.group(1))


def _ipv6(text: str) -> bool:
    """The ``Ipv6Regex`` forms (an embedded IPv4 octet may be ``0d``), else
    ``Ipv6PlusIpv4Regex``: up to six groups of 0-4 hex digits and colons before an IPv4
    address that :func:`_ipv4` accepts. A final line feed is allowed, as .NET's ``$`` allows."""
    text = text.removesuffix("\n")
    if not text or not all(c in "0123456789abcdefABCDEF:." for c in text):
        return False
    head, dot, tail = text.rpartition(":")
    if dot and "." in tail:  # an embedded IPv4 address: octets may be written 0d
        octets = tail.split(".")
        if len(octets) != 4 or not all(
            re.fullmatch(r"25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9]", o) for o in octets
        ):
            return _ipv6_plus_ipv4(text)
        text = head + ":" + ".".join(str(int(o)) for o in octets)
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return _ipv6_plus_ipv4(text)
    return True


def _line(pattern: re.Pattern[str], text: str) -> bool:
    """A .NET ``^…$`` match: ``$`` also matches before a final line feed (as Python's)."""
    return pattern.fullmatch(text.removesuffix("\n")) is not None


_HOSTNAME = re.compile(
    r"(?=.{1,255}$)[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?"
    r"(?:\.[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?)*\.?",
    re.ASCII,
)
_UUID = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}", re.ASCII)


def _uuid(text: str) -> bool:
    return _UUID.fullmatch(text.strip(DOTNET_WHITESPACE)) is not None


# RFC 3986's pieces (RFC 3987's non-ASCII characters allowed where .NET's Uri allows them)
_UNRESERVED = r"A-Za-z0-9\-._~\u00a0-\U0010ffff"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_QUERY = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@/?]|{_PCT})*"
_USERINFO = rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"
_PATH = rf"(?:/{_PCHAR}*)*"
_URI = re.compile(
    rf"(?P<scheme>[A-Za-z][A-Za-z0-9+\-.]+):"
    rf"(?://(?P<userinfo>{_USERINFO})(?P<host>\[[^\]]*\]|[^/?#:@]*)(?::(?P<port>[0-9]*))?"
    rf"(?P<abspath>{_PATH})|(?P<path>/?(?:{_PCHAR}+{_PATH})?))"
    rf"(?:\?{_QUERY})?(?:#{_QUERY})?"
)
#: Schemes .NET's ``Uri`` knows to need an authority (``//host``).
_AUTHORITY_SCHEMES = frozenset(
    {"http", "https", "ftp", "ws", "wss", "file", "ldap", "telnet", "gopher", "nntp"}
    | {"net.tcp", "net.pipe"}
)
_LABEL_CHAR = rf"[A-Za-z0-9\-_~\u00a0-\U0010ffff{_SUB_DELIMS}]"
_REG_NAME = re.compile(rf"{_LABEL_CHAR}+(?:\.{_LABEL_CHAR}+)*\.?")


def _uri(text: str) -> bool:
    """``Uri.IsWellFormedUriString(value, UriKind.Absolute)``, after the ``Uri`` trims blanks:
    RFC 3986's characters (non-ASCII ones allowed, spaces not), a scheme of two characters or
    more, and for the schemes with an authority a host (a name without empty labels or escapes,
    or a bracketed IPv6 address; empty only for ``file``, which takes no drive letter there) and
    a port up to 65535."""
    match = _URI.fullmatch(text.strip(" \t\r\n"))
    if match is None:
        return False
    scheme = match.group("scheme").lower()
    if match.group("path") is not None:  # no authority
        return scheme not in _AUTHORITY_SCHEMES
    host, port = match.group("host"), match.group("port")
    if port is not None and port and int(port) > 65535:
        return False
    if host.startswith("["):
        return host.endswith("]") and _ipv6(host[1:-1])
    if scheme == "file":  # no drive letter as the host: file://c:/x is not well formed
        drive = len(host) == 1 and host.isalpha() and port is not None
        return host == "" or (_REG_NAME.fullmatch(host) is not None and not drive)
    return _REG_NAME.fullmatch(host) is not None


_DIGITS = r"\d"  # .NET's \d: any Unicode decimal digit
#: ``FormatHelpers``' uri-reference pattern takes ``"`` too (a doubled quote in C#).
_REF_CHAR = rf"(?:[a-z0-9\-._~!$&'()*+,;=\"]|{_PCT})"
_REF_PCHAR = rf"(?:[a-z0-9\-._~!$&'()*+,;=:@\"]|{_PCT})"
_REF_HOST = rf"(?:\[(?P<ip>[0-9a-f:.]+|v[0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|{_REF_CHAR}*)"
_URI_REFERENCE = re.compile(
    rf"(?:[a-z][a-z0-9+\-.]*:)?"
    rf"(?:/?/(?:(?:{_REF_CHAR}|:)*@)?{_REF_HOST}(?::{_DIGITS}*)?(?:/{_REF_PCHAR}*)*"
    rf"|/(?:{_REF_PCHAR}+(?:/{_REF_PCHAR}*)*)?"
    rf"|{_REF_PCHAR}+(?:/{_REF_PCHAR}*)*)?"
    rf"(?:\?(?:{_REF_PCHAR}|[/?])*)?(?:#(?:{_REF_PCHAR}|[/?])*)?",
    re.IGNORECASE,
)


def _uri_reference(text: str) -> bool:
    """A URI reference by RFC 3986's grammar (``FormatHelpers.ValidateUriReference``), a
    bracketed host being an IPv6 address or an IPvFuture."""
    match = _URI_REFERENCE.fullmatch(text.removesuffix("\n"))
    if match is None:
        return False
    address = match.group("ip")
    return address is None or address[:1] in "vV" or _ipv6(address)


_VARIABLE = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?::[1-9][0-9]{0,3}|\*)?"
_URI_TEMPLATE = re.compile(
    rf"(?:[^\x00-\x20\"'<>%\\^`{{|}}]|{_PCT}|\{{[+#./;?&=,!@|]?{_VARIABLE}(?:,{_VARIABLE})*\}})*"
)
_JSON_POINTER = re.compile(
    rf"(?:/(?:[^~/]|~[01])*)*|#(?:/(?:[A-Za-z0-9_\-.!$&'()*+,;:=@]|{_PCT}|~[01])+)+"
)


def _duration(text: str) -> bool:
    """``FormatHelpers.ValidateDuration``: ``P``, then ``nW`` or ``nYnMnD``, then ``T`` and
    ``nHnMnS``, with ASCII digits."""
    match = re.fullmatch(
        r"P(?:([0-9]+W)|([0-9]+Y)?([0-9]+M)?([0-9]+D)?)(?:(T)([0-9]+H)?([0-9]+M)?([0-9]+S)?)?",
        text,
    )
    if match is None:
        return False
    if match.group(5):
        return any(match.group(i) for i in (6, 7, 8))
    return any(match.group(i) for i in (1, 2, 3, 4))


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


_BLANK = "\t\n\v\f\r "


def _number(text: str) -> bool:
    """``double.TryParse(value, NumberStyles.Number, InvariantCulture)`` (.NET Core): blanks
    around, one sign (leading, or trailing with blanks around it), ASCII digits with ``,``
    group separators after the first digit, a point, trailing NULs; else the invariant
    symbols, in any case."""
    body = text.rstrip("\x00")
    at, end = 0, len(body)
    while at < end and body[at] in _BLANK:
        at += 1
    signed = at < end and body[at] in "+-"
    at += signed
    digits = 0
    while at < end and ("0" <= body[at] <= "9" or (body[at] == "," and digits)):
        digits += body[at] != ","
        at += 1
    if at < end and body[at] == ".":
        at += 1
        while at < end and "0" <= body[at] <= "9":
            at, digits = at + 1, digits + 1
    if not digits:
        return body.strip(_BLANK).lower() in {"nan", "infinity", "-infinity", "+infinity"}
    while at < end and body[at] in _BLANK:
        at += 1
    if at < end and body[at] in "+-" and not signed:
        at += 1
        while at < end and body[at] in _BLANK:
            at += 1
    return at == end


#: .NET constructs Python's ``re`` spells otherwise, for checking that a pattern compiles.
_DOTNET_SYNTAX = (
    (re.compile(r"\(\?<(?![=!])(\w+)>"), r"(?P<\1>"),  # (?<name>
    (re.compile(r"\(\?'(\w+)'"), r"(?P<\1>"),  # (?'name'
    (re.compile(r"\\k<(\w+)>"), r"(?P=\1)"),  # \k<name>
    (re.compile(r"\\[pP]\{[\w-]+\}"), r"\\w"),  # \p{L}: any category stands in
    (re.compile(r"\\z"), r"\\Z"),
    (re.compile(r"\\[Ge]"), ""),
    (re.compile(r"\\c[A-Za-z]"), "x"),
    (re.compile(r"\(\?[imnsx]*(?:-[imnsx]+)?\)"), ""),  # inline options anywhere
)
#: Python-only constructs .NET refuses.
_PYTHON_ONLY = re.compile(r"\(\?P|\\[UN]|[*+?}]\+")


def _regex(text: str) -> bool:
    """``new Regex(value)`` succeeds: .NET's syntax, checked by translating what Python spells
    differently and compiling (an approximation of .NET's parser)."""
    if _PYTHON_ONLY.search(re.sub(r"\\[pP]\{[\w-]+\}", "x", text)):
        return False
    for pattern, spelled in _DOTNET_SYNTAX:
        text = pattern.sub(spelled, text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(text)
    except (re.error, OverflowError, ValueError):
        return False
    except RecursionError:
        return True  # deeper than Python's parser follows; .NET's takes it
    return True


_CHECKS = {
    "date-time": _date_time,
    "date": _date,
    "time": _time,
    "email": _email,
    "uuid": _uuid,
    "ipv4": _ipv4,
    "ip-address": _ipv4,
    "ipv6": _ipv6,
    "hostname": lambda t: _line(_HOSTNAME, t),
    "host-name": lambda t: _line(_HOSTNAME, t),
    "uri": _uri,
    "uri-reference": _uri_reference,
    "uri-template": lambda t: _line(_URI_TEMPLATE, t),
    "json-pointer": lambda t: _line(_JSON_POINTER, t),
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
