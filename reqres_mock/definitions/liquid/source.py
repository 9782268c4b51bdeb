"""A map's text as DotLiquid reads it, rewritten for python-liquid before it parses: DotLiquid's
whitespace control, its shorthands, names and number literals as ``Liquid.VariableParser`` and
``Context.Resolve`` read them (dotliquid/dotliquid at b6a7d99); and, once parsed, number literals
given .NET's types (see :mod:`reqres_mock.definitions.liquid`)."""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Any

from reqres_mock.definitions.liquid.lookup import BRACKETED, template_expressions
from reqres_mock.definitions.liquid.tags import COMMENT_TAG, NAMELESS_TAG
from reqres_mock.definitions.liquid.tokens import check_tokens
from reqres_mock.definitions.liquid.values import (
    FORMAT_ERROR,
    INT32,
    LiquidError,
    Long,
    convert_to_int32,
)
from reqres_mock.language.values import DECIMAL_MAX

#: ``{% … %}`` and ``{{ … }}`` markup. DotLiquid's variable parser (``Liquid.VariableParser``:
#: ``\[[^\]]+\]|[\w-]+\??`` scanned over the name, Context.cs) skips what is not a name
#: part, so ``{% if {{content.x}} == "y" %}``, ``for e in content.Items.*`` and
#: ``places[0].['place name']`` read ``content.x``, ``content.Items`` and
#: ``places[0]['place name']``.
_MARKUP = re.compile(r"(\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\})|(\{%|\{\{)(.*?)(%\}|\}\})", re.DOTALL)
_TAG = re.compile(r"\{%(.*?)%\}", re.DOTALL)
_BRACES = re.compile(r"\{\{-?\s*|\s*-?\}\}")
_STAR = re.compile(r"\.\*(?=[\s%-]|$)")
#: ``.[`` is ``[``; a bracketed ``'size'``/``'first'``/``'last'`` is marked (:data:`BRACKETED`)
#: so the lookup knows it came in brackets, where ``Context.Variable`` takes it as a key only.
_DOT_BRACKET = re.compile(r"""(?:\.\s*)?\[(['"])(size|first|last)\1\]|('[^']*'|"[^"]*")|\.\s*\[""")
#: A fragment that starts like a number (``Context.Resolve``): ``IntegerRegex``
#: (``^[+-]?\d+$``) and a number with one point (``NumericRegex``, ``decimal.TryParse``) are
#: numbers (a leading ``+`` allowed, ``5.`` is 5); any other, such as ``1e3``, ``1E3``,
#: ``-1e-2``, ``1.5e3`` or ``.5``, is no literal but a variable of that name (its parts
#: ``1e3``, ``5``…), which nothing defines: nil. Strings are passed over whole.
_NUMBER_LIKE = re.compile(
    r"""('[^']*'|"[^"]*")|(?:(?<=[\s:,=])|^)([+-]?(?:\d|\.)[\w.+-]*)(?=[\s,|]|$)"""
)
_INTEGER_OR_DECIMAL = re.compile(r"\+?(-?\d+(?:\.\d*)?)")
#: ``NumericRegex``: a number literal with points or group separators.
_NUMERIC = re.compile(r"[+-]?\d[\d.,]+")
#: What of it ``decimal.TryParse`` (``NumberStyles.Number | Float``, invariant culture) reads:
#: group separators anywhere in the whole part (``1,000``, ``1,,2`` and ``1,`` are 1000, 12
#: and 1), at most one point, none after it.
_GROUPED = re.compile(r"([+-]?)(\d[\d,]*)(\.\d*)?")
#: Marks a string literal standing for a number literal ``double.Parse`` refuses (``1.2.3``,
#: ``1..2``, ``1.000,5``): its FormatException, read each time it is evaluated
#: (:func:`dotnet_literals`).
UNREADABLE = "\x1e"
#: A range (``RangeRegex``, ``^\((\S+)\.\.(\S+)\)$``) in markup, strings passed over whole.
_RANGE = re.compile(r"""('[^']*'|"[^"]*")|\(([^\s()'"]+)\.\.([^\s()'"]+)\)""")
#: An output's name (``Variable``: ``QuotedAssignFragment``, with commas) or an ``assign``'s
#: value (``Tags/Assign.cs`` makes it a ``Variable``) when it starts like a number or range.
_NAME_NUMBER = re.compile(r"""(\s*(?:assign\s+[^=]*=\s*)?)([+-]?[\d(][^\s|'"]*)""")


def _number(fragment: str) -> str | None:
    """A fragment as ``Context.Resolve`` reads it, as python-liquid text: an integer
    (``IntegerRegex``) or a ``NumericRegex`` number that ``decimal.TryParse`` reads (a
    decimal literal, :func:`dotnet_literals`), one it refuses (:data:`UNREADABLE`), nil for any
    other fragment that starts like a number (``1e3``, ``.5``: a variable nothing defines);
    ``None`` for a fragment that does not start like one."""
    if not re.match(r"[+-]?[\d.]", fragment):
        return None
    number = _INTEGER_OR_DECIMAL.fullmatch(fragment)
    if number:
        return number.group(1)
    if not _NUMERIC.fullmatch(fragment):
        return "nil"
    grouped = _GROUPED.fullmatch(fragment)
    if not grouped:
        return f"'{UNREADABLE}{fragment}'"
    sign, whole, point = grouped.groups()
    return ("-" if sign == "-" else "") + whole.replace(",", "") + (point or ".")


def _number_like(match: re.Match[str]) -> str:
    fragment = match.group(2)
    if fragment is None:
        return match.group(1)
    return _number(fragment) or fragment


def _range(match: re.Match[str], *, grouped: bool = False) -> str:
    """A range's ends read as ``Context.Resolve`` reads them; an end with a comma only where
    the range is a name (``QuotedAssignFragment``): elsewhere (``QuotedFragment``) the comma
    ends the markup, a form left to python-liquid."""
    if match.group(1):
        return match.group(1)
    ends = [match.group(2), match.group(3)]
    if not grouped and any("," in end for end in ends):
        return match.group(0)
    start, stop = ((_number(end) or end) for end in ends)
    return f"({start}..{stop})"


def _name_number(markup: str, *, assign: bool) -> str:
    """An output's (or ``assign``'s) markup with its name read as ``Context.Resolve`` reads a
    number or range there: the name runs to white space, so ``1,000`` is 1000 and
    ``(1..1,000)`` ends at 1000."""
    found = _NAME_NUMBER.match(markup)
    if not found or (assign != bool(found.group(1).strip())):
        return markup
    name = found.group(2)
    if name.startswith("("):
        name = _RANGE.sub(lambda match: _range(match, grouped=True), name)
    else:
        name = _number(name) or name
    return found.group(1) + name + markup[found.end() :]


#: ``Tags/Literal.cs`` is ``Tags/Raw.cs`` by another name: its body is text.
#: ``{% literal %}…{% endliteral %}`` (DotLiquid's ``Tags/Literal.cs``, ``raw`` by another name)
#: where it is a tag: a ``raw`` block, an output's string or another tag is passed over whole,
#: so their text is never rewritten; a ``literal`` never closed stays and fails as DotLiquid's
#: does.
_LITERAL = re.compile(
    r"(\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}|\{\{.*?\}\})"
    r"|\{%\s*literal\s*%\}(.*?)\{%\s*endliteral\s*%\}"
    r"|(\{%.*?%\})",
    re.DOTALL,
)


def _literal(match: re.Match[str]) -> str:
    if match.group(2) is None:
        return match.group(0)
    return "{% raw %}" + match.group(2) + "{% endraw %}"


#: ``Template.Tokenize``: ``{%-``/``{{-`` trims only the spaces and tabs before it on its line,
#: ``-%}``/``-}}`` one line break or one run of spaces and tabs after it (Shopify's Liquid and
#: python-liquid trim all white space, line breaks included).
_TRIM_BEFORE = re.compile(r"[ \t]*(\{\{|\{%)-")
_TRIM_AFTER = re.compile(r"-(\}\}|%\})(?:\n|\r\n|[ \t]+)?")


#: ``Liquid.LiteralShorthand`` and ``Liquid.CommentShorthand``, which ``Template.ParseInternal``
#: matches against the whole map (``^…$``, ``.`` not a line break): only a map that is one
#: ``{{{ … }}}`` or one ``{# … #}`` line is a literal or a comment.
_LITERAL_SHORTHAND = re.compile(r"\{\{\{\s?(.*?)\s*\}\}\}$")
_COMMENT_SHORTHAND = re.compile(r"\{\s?\#\s?(.*?)\s*\#\s?\}$")
#: ``comment``/``endcomment`` (``Block.FullToken``: the name, then any markup), renamed
#: :data:`~.tags.COMMENT_TAG` so that python-liquid parses the body (``Tags/Comment.cs``).
_COMMENT_TAG = re.compile(r"\s*(end)?comment(?!\w)")
#: ``Variable``'s name (``QuotedAssignFragment``) and ``Liquid.VariableParser``'s parts of it.
_VARIABLE_NAME = re.compile(r"""\s*((?:[^\s|'"]|"[^"]*"|'[^']*')+)(.*)""", re.DOTALL)
_NAME_PART = re.compile(r"\[[^\]]+\]|[\w-]+\??")


def _brace_output(markup: str) -> str:
    """An output whose markup starts with ``{`` (``{{{ x }}}`` inside a map: the output is
    ``{{{ x }}`` and the last ``}`` text): its name is the ``{`` and what follows up to white
    space, read for its name parts only, so ``{{{x}}}`` reads ``x`` and ``{{{ x }}}`` has no
    name (:data:`~.tags.NAMELESS`)."""
    found = _VARIABLE_NAME.match(markup)
    parts = _NAME_PART.findall(found.group(1)) if found else []
    if not found or not parts:
        return "{% " + NAMELESS_TAG + " %}"
    name = "".join(part if part.startswith("[") else "." + part for part in parts)[1:]
    rest = found.group(2)
    return "{{ " + name + (" " + rest[rest.index("|") :] if "|" in rest else " ") + "}}"


#: A ``[`` then white space: the fragment (``QuotedFragment``, ``QuotedAssignFragment``) ends at
#: the white space and ``Liquid.VariableParser`` finds no part in a lone ``[``, so
#: ``a[ 'size' ]`` reads ``a``; what follows up to ``]`` is text no pattern of the tag or
#: output takes (an output's up to its ``|``, a ``for``'s before ``reversed``/attributes, a
#: filter's after its argument).
_OPEN_BRACKET = re.compile(r"""('[^']*'|"[^"]*")|\[\s[^\]]*\]?""")
#: ``if``/``elsif``/``unless`` markup, its ``and``/``or`` (``ExpressionsAndOperators``).
_CONDITION_TAG = re.compile(r"(\s*(?:if|elsif|unless)\s)(.*)", re.DOTALL)
_AND_OR = re.compile(r"(\s(?:and|or)\s)")
_OPEN_LEFT = re.compile(r"\s*[^\s\[]+(?=\[\s)")
#: A ``for`` whose collection is so cut: ``For.Syntax``'s ``(reversed)?`` must follow the
#: collection, so a later ``reversed`` is no longer read.
_FOR_CUT = re.compile(r"(\s*for\s+\w+\s+in\s+[^\s\[]+\[\s)(.*)", re.DOTALL)


def _open_brackets(markup: str) -> str:
    """The markup with each ``[`` followed by white space read as DotLiquid reads it (a
    path cut at the ``[``); in a condition whose left side is so cut, ``If.Syntax`` finds
    no operator after it (the next fragment is the bracket's content) and the condition is
    the left side alone (``Condition.Evaluate`` without an operator: its truth)."""
    condition = _CONDITION_TAG.fullmatch(markup)
    if condition:
        pieces = _AND_OR.split(condition.group(2))
        for index in range(0, len(pieces), 2):
            left = _OPEN_LEFT.match(pieces[index])
            if left:
                pieces[index] = left.group(0) + " "
        markup = condition.group(1) + "".join(pieces)
    cut = _FOR_CUT.fullmatch(markup)
    if cut:
        markup = cut.group(1) + re.sub(r"\breversed\b", "", cut.group(2))
    return _OPEN_BRACKET.sub(lambda match: match.group(1) or "", markup)


#: A path part python-liquid reads as a keyword (``content.empty``): ``Context.Variable``
#: looks it up as any other key, so it is written in brackets (a key lookup alike, for
#: these names are no commands).
_KEYWORD_PART = re.compile(
    r"""('[^']*'|"[^"]*")|(?<=[\w\]])\s*\.\s*(empty|blank|nil|null|true|false)(?![\w-])"""
)


def _keyword_part(match: re.Match[str]) -> str:
    return match.group(1) or f"['{match.group(2)}']"


#: ``Variable``'s name (``\s*(QuotedAssignFragment)(.*)``, searched anywhere in the markup).
_ANY_NAME = re.compile(r"""(?:[^\s|'"]|"[^"]*"|'[^']*')+|"[^"]*"|'[^']*'""")


def dotliquid_source(source: str) -> str:
    """The map's text with DotLiquid's whitespace control applied (``Template.Tokenize``
    trims, then drops the ``-``) and the DotLiquid-only forms python-liquid cannot parse
    rewritten.

    :raises TemplateSyntaxError: for a token ``Template.Parse`` refuses (:mod:`.tokens`).
    """
    shorthand = _LITERAL_SHORTHAND.match(source)
    if shorthand:
        source = "{% literal %}" + shorthand.group(1) + "{% endliteral %}"
    shorthand = _COMMENT_SHORTHAND.match(source)
    if shorthand:
        source = "{% comment %}" + shorthand.group(1) + "{% endcomment %}"
    source = _TRIM_AFTER.sub(r"\1", _TRIM_BEFORE.sub(r"\1", source))
    check_tokens(source)
    source = _LITERAL.sub(_literal, source)

    def tag(match: re.Match[str]) -> str:
        markup = _STAR.sub("", _BRACES.sub("", match.group(1)))
        return "{%" + markup + "%}"

    comments = [0]  # how deep in comment blocks

    def path(match: re.Match[str]) -> str:
        def part(found: re.Match[str]) -> str:
            if found.group(2):
                return f"[{found.group(1)}{BRACKETED}{found.group(2)}{found.group(1)}]"
            return found.group(3) or "["

        if match.group(1):
            return match.group(1)  # a raw block's text stays as written
        if match.group(2) == "{{" and match.group(3).lstrip().startswith("{"):
            return _brace_output(match.group(3))
        if match.group(2) == "{{" and not _ANY_NAME.search(match.group(3)):
            return ""  # no name (``{{ }}``, ``{{ '}}``): Variable.RenderInternal writes nothing
        if match.group(2) == "{%":  # python-liquid's lexer skips a comment's body unparsed
            comment = _COMMENT_TAG.match(match.group(3))
            if comment:
                comments[0] += -1 if comment.group(1) else 1
                return "{% " + (comment.group(1) or "") + COMMENT_TAG + " %}"
        elif comments[0] > 0:
            return ""  # an output in a comment is parsed (Variable) but nothing checks it
        markup = _KEYWORD_PART.sub(_keyword_part, _open_brackets(match.group(3)))
        markup = _DOT_BRACKET.sub(part, markup)
        markup = _RANGE.sub(_range, _name_number(markup, assign=match.group(2) == "{%"))
        markup = _NUMBER_LIKE.sub(_number_like, markup)
        return match.group(2) + markup + match.group(4)

    return _MARKUP.sub(path, _TAG.sub(tag, source))


def dotnet_literals(template: Any) -> None:
    """Give the parsed template's literals ``Context.Resolve``'s readings (b6a7d99).

    A number literal with a point is a ``decimal`` (``decimal.TryParse`` before ``double``),
    so it keeps its scale where .NET keeps one: ``2.50 | Append: 'x'`` is ``2.50x``
    (``Convert.ChangeType`` to ``String``) while ``{{ 2.50 }}`` is ``2.5``
    (``Variable.Render``'s format). python-liquid reads it as a float; the parsed literals
    are given the decimal of their own text. A whole number is an ``Int32``, past its range
    an ``Int64`` (:class:`~.values.Long`). A literal ``double.Parse`` refuses
    (:data:`UNREADABLE`) is its FormatException, a Liquid error where it is read. A range's
    ends are ``Convert.ToInt32``'s (``DotLiquid.Util.Range.Inclusive``): a decimal or double
    rounded half to even (``(1..1.5)`` is 1, 2), nil 0, text parsed as an ``Int32``.
    """
    from liquid.builtin.expressions.primitive import (  # noqa: PLC0415 (optional extra)
        FloatLiteral,
        IntegerLiteral,
        RangeLiteral,
        StringLiteral,
    )

    class Unreadable(StringLiteral):
        __slots__ = ()

        def evaluate(self, context: Any) -> str:
            raise LiquidError(FORMAT_ERROR)

    class TooLarge(IntegerLiteral):
        """Past Int64: ``Convert.ToInt64``'s OverflowException, uncaught in
        ``Context.Resolve`` (b6a7d99 Context.cs, IntegerRegex), a Liquid error where it is read
        (inferred from the source, not run under Mono)."""

        __slots__ = ()

        def evaluate(self, context: Any) -> int:
            raise LiquidError("Value was either too large or too small for an Int64.")

    class InclusiveRange(RangeLiteral):
        __slots__ = ()

        def evaluate(self, context: Any) -> range:
            start = convert_to_int32(self.start.evaluate(context))
            stop = convert_to_int32(self.stop.evaluate(context))
            return range(start, stop + 1) if start <= stop else range(0)

    for expression in template_expressions(template):
        literal: Any = expression
        if isinstance(expression, FloatLiteral):
            literal.value = _decimal_or_double(expression.token.value)
        elif isinstance(expression, IntegerLiteral) and not -INT32 <= expression.value < INT32:
            if -(2**63) <= expression.value < 2**63:
                expression.value = Long(expression.value)
            else:
                literal.__class__ = TooLarge
        elif type(expression) is StringLiteral and expression.value.startswith(UNREADABLE):
            literal.__class__ = Unreadable
        elif type(expression) is RangeLiteral:
            literal.__class__ = InclusiveRange


def _decimal_or_double(text: str) -> Decimal | float:
    """``Context.Resolve``'s reading of a number literal with a point: ``decimal.TryParse``
    (at most 29 significant digits and 28 after the point, rounded), else ``double``'s."""
    exact = Decimal(text)
    if abs(exact) > DECIMAL_MAX:
        return float(text)
    with localcontext() as context:
        context.prec = 29
        exact = +exact
        if exact.as_tuple().exponent < -28:  # type: ignore[operator]
            exact = exact.quantize(Decimal("1e-28"))
    return exact
