"""Liquid actions (``type: Liquid``; kinds ``JsonToJson``, ``JsonToText``, ``XmlToJson``,
``XmlToText``): a map of a Standard project's ``Artifacts/Maps/*.liquid`` (or a Consumption
template's integration account map) rendered as the runtime renders it.

Evidence: "Transform JSON and XML using Liquid templates as maps"
(https://learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-liquid-transform,
MicrosoftDocs/azure-docs ``articles/logic-apps/`` of that name):
the runtime uses DotLiquid 2.0.361 with C# naming, so filters are written in sentence case
(``Upcase``, ``Append``, ``Replace``) and ``replace`` "won't work"; the input is ``content``; a
``*ToJson`` action parses the rendered text back to JSON. DotLiquid's own rules are read from
dotliquid/dotliquid at b6a7d99 (the commit the article links): ``Context.Invoke`` hands an
unknown filter's input on unchanged (so a lowercase ``default`` does nothing), ``HandleError``
writes a failing output as ``Liquid error: <message>``, ``Tags/For.cs`` names the ``forloop``
members in lower case in a case-sensitive ``Hash`` (``forloop.Last`` is nil), and
``StandardFilters.cs`` gives each filter's semantics (cited where it is implemented below).

Templates are parsed and run by python-liquid (the optional ``liquid`` extra, imported only when
a Liquid action runs), with DotLiquid's filters, output rules and errors in place of Shopify's.
What python-liquid cannot parse fails the action with ``InvalidLiquidTemplate`` naming the map,
the line and what to change (or to stub the action).
"""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure
from reqres_mock.definitions.maps import find_map, xml_text
from reqres_mock.errors import ExpressionError
from reqres_mock.language.values import to_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from reqres_mock.definitions.context import ActionContext

KINDS = ("jsontojson", "jsontotext", "xmltojson", "xmltotext")
_LOCK = threading.Lock()
_ENVIRONMENT: list[Any] = []


class LiquidError(Exception):
    """A filter failed: DotLiquid writes ``Liquid error: <message>`` in place of the output
    (``Context.HandleError``; resource ``ContextLiquidError``)."""


def _stub_hint(action: Action) -> str:
    return f"stub the action with wf.stub_action({action.name!r}, body=...)"


# -- values as DotLiquid sees and writes them ----------------------------------------------------


def _plain(value: Any) -> Any:
    """python-liquid's undefined as DotLiquid's nil."""
    from liquid import Undefined  # noqa: PLC0415 (optional extra)

    return None if isinstance(value, Undefined) else value


def _decimal_text(value: Decimal) -> str:
    # Variable.Render writes decimals with the format "0.#############################".
    text = format(value.quantize(Decimal(1)) if value == value.to_integral() else value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _item_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"  # .NET Boolean.ToString() inside a list
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (int, float, str)):
        return to_text(value)
    if isinstance(value, dict):
        return "DotLiquid.Hash"
    return "System.Collections.Generic.List`1[System.Object]"


def render_value(value: Any) -> str:
    """``Variable.Render``: nil is empty, booleans ``true``/``false``, decimals without
    trailing zeros, a list its items' text joined without separator, an object its
    ``[key, value]`` pairs (a ``Hash`` enumerates ``KeyValuePair`` s)."""
    value = _plain(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "".join(f"[{key}, {_item_text(item)}]" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(_item_text(item) for item in value)
    return _item_text(value)


# -- DotLiquid's standard filters (StandardFilters.cs at b6a7d99) ------------------------------


def _text(value: Any) -> str | None:
    value = _plain(value)
    return None if value is None else render_value(value)


def _upcase(value: Any) -> Any:
    text = _text(value)
    return text.upper() if text else text


def _downcase(value: Any) -> Any:
    text = _text(value)
    return text.lower() if text else text


def _append(value: Any, suffix: Any = None) -> Any:
    text = _text(value)  # Append: null input stays null
    return None if text is None else text + (_text(suffix) or "")


def _prepend(value: Any, prefix: Any = None) -> Any:
    text = _text(value)
    return None if text is None else (_text(prefix) or "") + text


def _slice(value: Any, start: Any = 0, length: Any = 1) -> Any:
    """``Slice(input, start, len = 1)``: counts from the end when negative, clipped."""
    text = _text(value)
    first, count = int(_plain(start) or 0), int(_plain(length) if length is not None else 1)
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
    value = _plain(value)
    if isinstance(value, str):
        return len(value.encode("utf-16-le")) // 2
    return len(value) if isinstance(value, (list, dict)) else 0


def _strip(value: Any) -> Any:
    text = _text(value)
    return text.strip() if text else text


def _join(value: Any, glue: Any = " ") -> Any:
    value = _plain(value)
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return (_text(glue) or "").join(_item_text(item) for item in items)


def _natural_key(item: Any) -> tuple[str, str]:
    text = _item_text(item)
    return (text.casefold(), text.swapcase())  # lower case before upper case on a tie


def _sort(value: Any, prop: Any = None) -> Any:
    """``Sort``: the culture's string order, which is case-insensitive (the article: natural,
    case-insensitive, string order only); by ``property`` for a list of objects."""
    value = _plain(value)
    if value is None:
        return None
    items = list(value) if isinstance(value, list) else [value]
    name = _text(prop)
    if name and all(isinstance(item, dict) for item in items):
        return sorted(items, key=lambda item: _natural_key(item.get(name)))
    return sorted(items, key=_natural_key)


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


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        if pattern.endswith("\\") and (len(pattern) - len(pattern.rstrip("\\"))) % 2:
            reason = "Illegal \\ at end of pattern."  # .NET's RegexParser wording (the article)
        else:
            reason = f"{err.msg[:1].upper()}{err.msg[1:]}."
        raise LiquidError(f'parsing "{pattern}" - {reason}') from err


def _replace(value: Any, find: Any = None, replacement: Any = "", count: int = 0) -> Any:
    """``Replace``/``ReplaceFirst``: ``Regex.Replace`` (a .NET regular expression, not plain
    text: the article's ``Replace: '\\\\', '\\\\'`` example); empty input or pattern is
    returned as it is."""
    text, pattern = _text(value), _text(find)
    if not text or not pattern:
        return text
    return _regex(pattern).sub(_net_replacement(_text(replacement) or ""), text, count=count)


def _replace_first(value: Any, find: Any = None, replacement: Any = "") -> Any:
    return _replace(value, find, replacement, count=1)


def _remove(value: Any, find: Any = None) -> Any:
    text = _text(value)  # Remove is plain text
    return text if text is None or not text.strip() else text.replace(_text(find) or "", "")


def _default(value: Any, fallback: Any = None) -> Any:
    """``Default(string input, string defaultValue)``: blank (white space only) text too."""
    text = _text(value)
    return text if text and text.strip() else _text(fallback)


def _first(value: Any) -> Any:
    value = _plain(value)
    return value[0] if isinstance(value, list) and value else None


def _last(value: Any) -> Any:
    value = _plain(value)
    return value[-1] if isinstance(value, list) and value else None


_LONG = 2**63
#: ``ExpressionUtility``'s delegate throws inside ``DynamicInvoke``, so the filter's error is
#: the wrapping TargetInvocationException's message (Strainer.Invoke unwraps one level only).
_INVOCATION = "Exception has been thrown by the target of an invocation."


def _number(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise LiquidError(_INVOCATION)  # "Argument is not numeric"
    return value


def _maths(operation: str) -> Callable[[Any, Any], Any]:
    """``DoMathsOperation``: nil in, nil out; a real on either side computes in decimal
    (so ``0.1 | Plus: 10 | Minus: 10`` stays 0.1); integers stay integers (``DividedBy``
    truncates toward zero, ``Modulo`` takes the dividend's sign, as C#), checked for
    overflow."""

    def apply(value: Any, operand: Any = None) -> Any:
        left, right = _plain(value), _plain(operand)
        if left is None or right is None:
            return None
        if operation == "plus" and isinstance(left, str):
            return left + render_value(right)  # Plus on text concatenates
        left, right = _number(left), _number(right)
        if isinstance(left, int) and isinstance(right, int):
            if operation in ("divide", "modulo") and right == 0:
                raise LiquidError(_INVOCATION)  # DivideByZeroException
            quotient = abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1)
            result = {
                "plus": left + right,
                "minus": left - right,
                "times": left * right,
                "divide": quotient if operation == "divide" else 0,
                "modulo": left - right * quotient if operation == "modulo" else 0,
            }[operation]
            if not -_LONG <= result < _LONG:
                raise LiquidError(_INVOCATION)  # OverflowException
            return result
        try:
            a, b = (x if isinstance(x, Decimal) else Decimal(str(x)) for x in (left, right))
            return {
                "plus": lambda: a + b,
                "minus": lambda: a - b,
                "times": lambda: a * b,
                "divide": lambda: a / b,
                "modulo": lambda: a % b,
            }[operation]()
        except (ArithmeticError, InvalidOperation):
            return float("inf") if operation == "divide" else float("nan")

    return apply


def _date(value: Any, form: Any = None) -> Any:
    """``Date(input, format)``: ``now``/``today`` or text ``DateTime.TryParse`` reads,
    written with a .NET format string; text it cannot read is returned unchanged."""
    from datetime import datetime  # noqa: PLC0415

    from reqres_mock.language.datetimes import (  # noqa: PLC0415
        format_timestamp,
        parse_moment,
    )

    value = _plain(value)
    if value is None:
        return None
    text = render_value(value)
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
    "Lstrip": lambda value: (_text(value) or "").lstrip() or _text(value),
    "Rstrip": lambda value: (_text(value) or "").rstrip() or _text(value),
    "Join": _join,
    "Sort": _sort,
    "Replace": _replace,
    "ReplaceFirst": _replace_first,
    "Remove": _remove,
    "Append": _append,
    "Prepend": _prepend,
    "Date": _date,
    "First": _first,
    "Last": _last,
    "Plus": _maths("plus"),
    "Minus": _maths("minus"),
    "Times": _maths("times"),
    "DividedBy": _maths("divide"),
    "Modulo": _maths("modulo"),
    "Default": _default,
}


def _not_implemented(name: str) -> Callable[..., Any]:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise NotImplementedError(name)

    return fail


class _Filters(dict):  # type: ignore[type-arg]
    """Filters by name; a name DotLiquid does not know hands its input on unchanged
    (``Context.Invoke`` returns ``args.First()``), which is why ``upcase`` does nothing."""

    def __missing__(self, name: str) -> Callable[..., Any]:
        if name in DOTLIQUID_FILTERS:
            return _not_implemented(name)
        return lambda value, *_args, **_kwargs: value


# -- the template engine ---------------------------------------------------------------------


def _environment() -> Any:
    """A python-liquid environment with DotLiquid's filters and output rules.

    :raises ActionFailure: ``MissingExtra`` without python-liquid.
    """
    with _LOCK:
        if _ENVIRONMENT:
            return _ENVIRONMENT[0]
        try:
            import liquid  # noqa: PLC0415 (optional extra)
            from liquid.builtin.output import Output, OutputNode  # noqa: PLC0415
        except ImportError as err:
            raise ActionFailure(
                "MissingExtra",
                "Liquid maps run in python-liquid: install it with pip install "
                "'reqres-mock[liquid]', or stub the action by name with wf.stub_action(...)",
            ) from err

        class DotLiquidOutputNode(OutputNode):
            def render_to_output(self, context: Any, buffer: Any) -> int:
                try:
                    value = self.expression.evaluate(context)
                except LiquidError as err:
                    return int(buffer.write(f"Liquid error: {err}"))
                return int(buffer.write(render_value(value)))

        class DotLiquidOutput(Output):
            node_class = DotLiquidOutputNode

        environment = liquid.Environment(tolerance=liquid.Mode.STRICT, strict_filters=False)
        environment.filters = _Filters(FILTERS)
        environment.add_tag(DotLiquidOutput)
        _ENVIRONMENT.append(environment)
        return environment


#: ``{% … %}`` and ``{{ … }}`` markup. DotLiquid's variable parser (``Liquid.VariableParser``:
#: ``\[[^\]]+\]|[\w-]+\??`` scanned over the name, Context.cs) skips what is not a name
#: part, so ``{% if {{content.x}} == "y" %}``, ``for e in content.Items.*`` and
#: ``places[0].['place name']`` read ``content.x``, ``content.Items`` and
#: ``places[0]['place name']``.
_MARKUP = re.compile(r"(\{%|\{\{)(.*?)(%\}|\}\})", re.DOTALL)
_TAG = re.compile(r"\{%(.*?)%\}", re.DOTALL)
_BRACES = re.compile(r"\{\{-?\s*|\s*-?\}\}")
_STAR = re.compile(r"\.\*(?=[\s%-]|$)")
_DOT_BRACKET = re.compile(r"""('[^']*'|"[^"]*")|\.\s*\[""")


def dotliquid_source(source: str) -> str:
    """The map's text with the DotLiquid-only forms python-liquid cannot parse rewritten."""

    def tag(match: re.Match[str]) -> str:
        markup = _STAR.sub("", _BRACES.sub("", match.group(1)))
        return "{%" + markup + "%}"

    def path(match: re.Match[str]) -> str:
        markup = _DOT_BRACKET.sub(lambda m: m.group(1) or "[", match.group(2))
        return match.group(1) + markup + match.group(3)

    return _MARKUP.sub(path, _TAG.sub(tag, source))


def render(source: str, content: Any, map_name: str, action: Action) -> str:
    """Render a Liquid map with ``content``.

    :raises ActionFailure: ``InvalidLiquidTemplate`` when it does not parse or a tag fails,
        ``UnsupportedMap`` for a DotLiquid filter the mock does not implement.
    """
    environment = _environment()
    import liquid  # noqa: PLC0415 (present: _environment checked it)

    text = dotliquid_source(source)
    try:
        template = environment.from_string(text)
        return str(template.render(content=content))
    except NotImplementedError as err:
        raise ActionFailure(
            "UnsupportedMap",
            f"{map_name}: the DotLiquid filter '{err}' is not implemented by reqres-mock; "
            f"{_stub_hint(action)}.",
        ) from err
    except liquid.exceptions.LiquidError as err:
        token = getattr(err, "token", None)
        line = text.count("\n", 0, token.start_index) + 1 if token is not None else "?"
        reason = str(getattr(err, "message", None) or err).splitlines()[0]
        raise ActionFailure(
            "InvalidLiquidTemplate",
            f"{map_name} line {line}: {reason} (python-liquid cannot run this DotLiquid "
            f"form; rewrite it or {_stub_hint(action)}).",
        ) from err


# -- JSON in and out -------------------------------------------------------------------------

_TRAILING_COMMA = re.compile(r'("(?:[^"\\]|\\.)*")|,(\s*[\]}])', re.DOTALL)


def parse_output(text: str) -> Any:
    """The rendered text as JSON, read as Newtonsoft's ``JToken.Parse`` reads it: a comma
    before ``]`` or ``}`` is allowed (real maps and the article's example end arrays with one).

    :raises ActionFailure: ``IncorrectLiquidTransformOutputType`` with the runtime's sentence
        (Azure/LogicAppsUX#4614); the parser's reason in it is the mock's wording.
    """
    lenient = _TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(2), text)
    try:
        return json.loads(lenient)
    except json.JSONDecodeError as err:
        raise ActionFailure(
            "IncorrectLiquidTransformOutputType",
            "An error occurred while converting the transformed value to JSON. The transformed "
            f"value is not a valid JSON. '{err.msg}. Path '', line {err.lineno}, position "
            f"{err.colno}.'",
        ) from err


def _content(value: Any, xml: bool) -> Any:
    """``content`` as the map sees it: JSON as it is (text that is JSON parsed); XML as
    Newtonsoft's XML-to-JSON conversion gives it (as ``json(xml(...))``)."""
    if xml:
        from reqres_mock.language.xmljson import xml_to_json  # noqa: PLC0415

        try:
            return xml_to_json(xml_text(value).encode("utf-8"))
        except ExpressionError as err:
            raise ActionFailure("InvalidXml", err.message) from err
    if isinstance(value, dict) and "$content" in value:
        value = xml_text(value)  # base64 content: its text
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def run_liquid(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The ``Liquid`` action: renders the map named by ``inputs.map.name`` (Standard) or
    ``inputs.integrationAccount.map.name`` (Consumption) with ``content``; a ``*ToJson`` kind
    gives the parsed JSON as ``outputs.body``, a ``*ToText`` kind the text.

    A failure keeps the evaluated inputs on the action.
    """
    inputs = runner.evaluate(action.inputs) or {}
    kind = str(action.spec.get("kind", "")).lower()
    try:
        if kind not in KINDS:
            raise ActionFailure(
                "InvalidTemplate",
                f"A Liquid action's kind must be JsonToJson, JsonToText, XmlToJson or "
                f"XmlToText, not '{action.spec.get('kind')}'.",
            )
        name, source = find_map(runner, action, inputs, "Liquid")
        content = _content(
            inputs.get("content") if isinstance(inputs, dict) else None, kind.startswith("xml")
        )
        text = render(source, content, name, action)
        body = parse_output(text) if kind.endswith("json") else text
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    return SUCCEEDED, inputs, {"body": body}
