"""DotLiquid's standard filters (``StandardFilters.cs`` at b6a7d99), by their C# names, for the
Liquid action (:mod:`reqres_mock.definitions.liquid`): the string, maths and date filters here,
the rest in :mod:`.textfilters`, :mod:`.numberfilters` and :mod:`.listfilters`, and how a
filter is called (``Strainer.Invoke``, :func:`as_dotnet_filter`)."""

from __future__ import annotations

import inspect
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.liquid import listfilters, numberfilters, textfilters
from reqres_mock.definitions.liquid.values import (
    FORMAT_ERROR,
    LiquidError,
    LiquidSyntaxError,
    change_type,
    dotnet_string,
    item_text,
    plain,
    strainer_arg,
)
from reqres_mock.errors import ExpressionError
from reqres_mock.language.datetimes import format_timestamp, parse_moment
from reqres_mock.language.strings import invariant_case
from reqres_mock.language.utf16 import unit_length

if TYPE_CHECKING:
    from collections.abc import Callable


# -- DotLiquid's standard filters (StandardFilters.cs at b6a7d99) ------------------------------


def _text(value: Any) -> str | None:
    """The input or an argument of a ``string`` parameter as ``Strainer.Invoke`` passes it:
    ``Convert.ChangeType`` to ``String``, so a decimal keeps its scale (``2.50 | Append: 'x'``
    is ``2.50x``), a boolean is ``True``, and a list or object is refused (not
    ``Variable.Render``'s text, which only the output gets)."""
    return textfilters.text_arg(value)


def _upcase(value: Any) -> Any:
    """``Upcase``: ``input.ToUpper()`` (StandardFilters.Upcase)."""
    text = _text(value)
    return invariant_case(text, upper=True) if text else text


def _downcase(value: Any) -> Any:
    """``Downcase``: ``input.ToLower()`` (StandardFilters.Downcase)."""
    text = _text(value)
    return invariant_case(text, upper=False) if text else text


def _lstrip(value: Any) -> Any:
    """``Lstrip``: ``input?.TrimStart()``, so blank text becomes empty (StandardFilters.Lstrip)."""
    text = _text(value)
    return None if text is None else text.lstrip()


def _rstrip(value: Any) -> Any:
    """``Rstrip``: ``input?.TrimEnd()`` (StandardFilters.Rstrip)."""
    text = _text(value)
    return None if text is None else text.rstrip()


def _append(value: Any, suffix: Any = None) -> Any:
    text = _text(value)  # Append: null input stays null
    return None if text is None else text + (_text(suffix) or "")


def _prepend(value: Any, prefix: Any = None) -> Any:
    text = _text(value)
    return None if text is None else (_text(prefix) or "") + text


def _slice(value: Any, start: Any = 0, length: Any = 1) -> Any:
    """``Slice(input, int start, int len = 1)``: counts from the end when negative, clipped;
    an argument ``Convert.ChangeType`` cannot make an ``Int32`` is a Liquid error
    (Strainer.Invoke)."""
    text = _text(value)
    first = change_type(start, "int32") if plain(start) is not None else 0
    count = change_type(length, "int32") if plain(length) is not None else 1
    if text is None or first > len(text):
        return None
    if first < 0:
        first += len(text)
        if first < 0:
            count, first = max(0, count + first), 0
    count = min(count, len(text) - first)
    return text[first : first + count]


def _split(value: Any, pattern: Any = None) -> Any:
    """``Split``: .NET ``String.Split`` with ``RemoveEmptyEntries``; blank input is itself."""
    text = _text(value)
    if text is None or not text.strip():
        return [text]
    separator = _text(pattern) or ""
    parts = text.split(separator) if separator else [text]
    return [part for part in parts if part]


def _size(value: Any) -> int:
    value = plain(value)
    if isinstance(value, str):
        return unit_length(value)  # a lone surrogate (a Truncate through a pair) counts one
    # StandardFilters.Size: any IEnumerable's count (a range's too)
    return len(value) if isinstance(value, (list, tuple, dict, range)) else 0


def _strip(value: Any) -> Any:
    text = _text(value)
    return text.strip() if text else text


def _join(value: Any, glue: Any = " ") -> Any:
    """``Join(IEnumerable input, string glue = " ")``: ``string.Join`` of the items' text (text
    is its characters, an object its ``[key, value]`` pairs)."""
    items, separator = listfilters.enumerable_arg(value), strainer_arg(glue, "string")
    if items is None:
        return None
    return (separator or "").join(item_text(item) for item in items)


def _net_replacement(replacement: str) -> Callable[[re.Match[str]], str]:
    """.NET substitutions: ``$1``, ``${name}``, ``$0``/``$&``, ``$$``; a backslash is literal."""
    token = re.compile(r"\$(?:(\d+)|\{(\w+)\}|(\$)|(&))")

    def expand(match: re.Match[str]) -> str:
        def one(sub: re.Match[str]) -> str:
            number, named, dollar, whole = sub.groups()
            if dollar:
                return "$"
            if whole:
                return match.group(0)
            try:
                return match.group(int(number) if number else named) or ""
            except IndexError:
                return sub.group(0)

        return token.sub(one, replacement)

    return expand


#: .NET's named-group forms: ``(?<name>``, ``(?'name'``, ``\k<name>``, ``\k'name'`` (an
#: escaped character is skipped; ``(?<=``/``(?<!`` are lookbehinds and stay).
_NET_GROUP = re.compile(r"""\\k<(\w+)>|\\k'(\w+)'|\(\?<(\w+)>|\(\?'(\w+)'|(\\.)""", re.DOTALL)


def _net_pattern(pattern: str) -> str:
    """A .NET regular expression's named groups and back references in Python's spelling
    (``(?P<name>``, ``(?P=name)``); the rest of the syntax is shared."""

    def one(match: re.Match[str]) -> str:
        reference = match.group(1) or match.group(2)
        if reference:
            return f"(?P={reference})"
        group = match.group(3) or match.group(4)
        return f"(?P<{group}>" if group else match.group(0)

    return _NET_GROUP.sub(one, pattern)


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(_net_pattern(pattern))
    except re.error as err:
        if pattern.endswith("\\") and (len(pattern) - len(pattern.rstrip("\\"))) % 2:
            reason = "Illegal \\ at end of pattern."  # .NET's RegexParser wording (the article)
        else:
            reason = f"{err.msg[:1].upper()}{err.msg[1:]}."
        raise LiquidError(f'parsing "{pattern}" - {reason}') from err


def _replace(value: Any, find: Any = None, replacement: Any = "") -> Any:
    """``Replace``: ``Regex.Replace`` (a .NET regular expression, not plain text: the article's
    ``Replace: '\\\\', '\\\\'`` example), ``$1``/``${name}`` substitutions in the replacement;
    empty input or pattern is returned as it is."""
    text, pattern = _text(value), _text(find)
    if not text or not pattern:
        return text
    return _regex(pattern).sub(_net_replacement(_text(replacement) or ""), text)


def _replace_first(value: Any, find: Any = None, replacement: Any = "") -> Any:
    """``ReplaceFirst``: the first match of the .NET regular expression replaced through a
    ``MatchEvaluator`` that returns the replacement as it is, so ``$1`` stays ``$1``."""
    text, pattern = _text(value), _text(find)
    if not text or not pattern:
        return text
    literal = _text(replacement) or ""
    return _regex(pattern).sub(lambda _match: literal, text, count=1)


def _remove_first(value: Any, find: Any = None) -> Any:
    """``RemoveFirst``: ``ReplaceFirst(input, string, "")``, so the text to remove is a .NET
    regular expression (``'.'`` removes the first character); blank input as it is
    (StandardFilters.RemoveFirst)."""
    text, pattern = textfilters.text_arg(value), strainer_arg(find, "string")
    return text if textfilters.is_blank(text) else _replace_first(text, pattern, "")


def _remove(value: Any, find: Any = None) -> Any:
    text = _text(value)  # Remove is plain text
    return text if text is None or not text.strip() else text.replace(_text(find) or "", "")


def _default(value: Any, fallback: Any = None) -> Any:
    """``Default(string input, string defaultValue)``: blank (white space only) text too."""
    text = _text(value)
    return text if text and text.strip() else _text(fallback)


def _first(value: Any) -> Any:
    """``First(IEnumerable array)``: the first item, character or key-value pair, or nil."""
    items = listfilters.enumerable_arg(value)
    return items[0] if items else None


def _last(value: Any) -> Any:
    """``Last(IEnumerable array)``: the last item, character or key-value pair, or nil."""
    items = listfilters.enumerable_arg(value)
    return items[-1] if items else None


def _date(value: Any, form: Any = None) -> Any:
    """``Date(input, format)``: ``now``/``today`` or text ``DateTime.TryParse`` reads,
    written with a .NET format string; text it cannot read is returned unchanged."""
    value = plain(value)
    if value is None:
        return None
    text = dotnet_string(value)  # Date(object input, …): input.ToString()
    pattern = _text(form) or ""
    if text.lower() in ("now", "today"):
        moment = datetime.now()
    else:
        try:
            moment = parse_moment("Date", text)
        except ExpressionError:
            return text
    if not pattern.strip():
        return text if text.lower() not in ("now", "today") else format_timestamp(moment, "G")
    return format_timestamp(moment, pattern)


#: The filters of DotLiquid's StandardFilters (b6a7d99), C# names.
DOTLIQUID_FILTERS = frozenset(
    (
        "Size",
        "Slice",
        "Downcase",
        "Upcase",
        "UrlEncode",
        "UrlDecode",
        "Capitalize",
        "Escape",
        "H",
        "Truncate",
        "TruncateWords",
        "Split",
        "StripHtml",
        "Strip",
        "Lstrip",
        "Rstrip",
        "Currency",
        "StripNewlines",
        "Join",
        "Sort",
        "Map",
        "Replace",
        "ReplaceFirst",
        "Remove",
        "RemoveFirst",
        "Append",
        "Prepend",
        "NewlineToBr",
        "Date",
        "First",
        "Last",
        "Plus",
        "Minus",
        "Times",
        "Round",
        "DividedBy",
        "Modulo",
        "Default",
        "Uniq",
        "Abs",
        "AtLeast",
        "AtMost",
        "Compact",
    )
)
FILTERS: dict[str, Callable[..., Any]] = {
    "Size": _size,
    "Slice": _slice,
    "Downcase": _downcase,
    "Upcase": _upcase,
    "Split": _split,
    "Strip": _strip,
    "Lstrip": _lstrip,
    "Rstrip": _rstrip,
    "Join": _join,
    "Sort": listfilters.sort,
    "Replace": _replace,
    "ReplaceFirst": _replace_first,
    "Remove": _remove,
    "Append": _append,
    "Prepend": _prepend,
    "Date": _date,
    "First": _first,
    "Last": _last,
    "Plus": numberfilters.maths("plus"),
    "Minus": numberfilters.maths("minus"),
    "Times": numberfilters.times,
    "DividedBy": numberfilters.maths("divide"),
    "Modulo": numberfilters.maths("modulo"),
    "Default": _default,
    "UrlEncode": textfilters.url_encode,
    "UrlDecode": textfilters.url_decode,
    "Capitalize": textfilters.capitalize,
    "Escape": textfilters.escape,
    "H": textfilters.escape,
    "Truncate": textfilters.truncate,
    "TruncateWords": textfilters.truncate_words,
    "StripHtml": textfilters.strip_html,
    "StripNewlines": textfilters.strip_newlines,
    "NewlineToBr": textfilters.newline_to_br,
    "RemoveFirst": _remove_first,
    "Currency": numberfilters.currency,
    "Round": numberfilters.round_number,
    "Abs": numberfilters.absolute,
    "AtLeast": numberfilters.at_least,
    "AtMost": numberfilters.at_most,
    "Map": listfilters.map_property,
    "Uniq": listfilters.uniq,
    "Compact": listfilters.compact,
}


#: The filters with a parameter that has no default in C#, always the one after the input, by
#: its C# name: ``Strainer.Invoke`` throws a SyntaxException when the template gives none.
REQUIRED = {
    "Slice": "start",
    "Split": "pattern",
    "Map": "property",
    "Replace": "string",
    "ReplaceFirst": "string",
    "Remove": "string",
    "RemoveFirst": "string",
    "Append": "string",
    "Prepend": "string",
    "Date": "format",
    "Plus": "operand",
    "Minus": "operand",
    "Times": "operand",
    "DividedBy": "operand",
    "Modulo": "operand",
    "Default": "defaultValue",
    "AtLeast": "atLeast",
    "AtMost": "atMost",
}


def as_dotnet_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose Python failure is DotLiquid's: a .NET exception thrown in a filter
    reaches ``Block.RenderAll``, which writes ``Liquid error: <message>`` in place of the
    node (``Context.HandleError``) and goes on. A .NET date format the mock's formatter
    rejects is DateTime.ToString's FormatException; any other Python error a filter raises is
    reported as the FormatException Strainer.Invoke's ``Convert.ChangeType`` throws for an
    argument of the wrong shape (the commonest cause; the wording is .NET's). More arguments
    than the filter has parameters is ``MethodInfo.Invoke``'s TargetParameterCountException
    (Strainer.Invoke passes them all); fewer than the C# parameters without a default
    (:data:`REQUIRED`) is Strainer.Invoke's SyntaxException, written ``Liquid syntax error:``.
    """
    parameters = inspect.signature(function).parameters.values()
    most = sum(1 for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD)
    needed = REQUIRED.get(name)

    def invoke(*args: Any, **kwargs: Any) -> Any:
        if needed and len(args) < 2:
            raise LiquidSyntaxError(
                f"Error - Filter '{name}' does not have a default value for '{needed}' and no "
                "value was supplied"
            )
        if len(args) > most:
            raise LiquidError("Parameter count mismatch.")
        try:
            return function(*args, **kwargs)
        except (ExpressionError, ValueError, TypeError, ArithmeticError) as err:
            raise LiquidError(FORMAT_ERROR) from err

    return invoke


class DotLiquidFilters(dict):  # type: ignore[type-arg]
    """Filters by name; a name DotLiquid does not know hands its input on unchanged
    (``Context.Invoke`` returns ``args.First()``), which is why ``upcase`` does nothing."""

    def __missing__(self, name: str) -> Callable[..., Any]:
        return lambda value, *_args, **_kwargs: value
