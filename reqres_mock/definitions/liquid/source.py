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
from reqres_mock.definitions.liquid.values import INT32, Long
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
#: What ``NumericRegex`` matches but ``decimal.TryParse`` does not read (``1.2.3``,
#: ``1,000``): left to python-liquid (see the README).
_NUMERIC = re.compile(r"[+-]?\d[\d.,]+")


def _number_like(match: re.Match[str]) -> str:
    fragment = match.group(2)
    if fragment is None:
        return match.group(1)
    number = _INTEGER_OR_DECIMAL.fullmatch(fragment)
    if number:
        return number.group(1)
    if _NUMERIC.fullmatch(fragment):
        return fragment
    return "nil"


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
        if match.group(2) == "{%":  # python-liquid's lexer skips a comment's body unparsed
            comment = _COMMENT_TAG.match(match.group(3))
            if comment:
                comments[0] += -1 if comment.group(1) else 1
                return "{% " + (comment.group(1) or "") + COMMENT_TAG + " %}"
        elif comments[0] > 0:
            return ""  # an output in a comment is parsed (Variable) but nothing checks it
        markup = _NUMBER_LIKE.sub(_number_like, _DOT_BRACKET.sub(part, match.group(3)))
        return match.group(2) + markup + match.group(4)

    return _MARKUP.sub(path, _TAG.sub(tag, source))


def decimal_literals(template: Any) -> None:
    """A number literal with a point is a ``decimal`` (``Context.Resolve``: ``decimal.TryParse``
    before ``double``), so it keeps its scale where .NET keeps one: ``2.50 | Append: 'x'`` is
    ``2.50x`` (``Convert.ChangeType`` to ``String``) while ``{{ 2.50 }}`` is ``2.5``
    (``Variable.Render``'s format). python-liquid reads it as a float; the parsed literals
    are given the decimal of their own text. A whole number is an ``Int32``, past its range
    an ``Int64`` (:class:`~.values.Long`)."""
    from liquid.builtin.expressions.primitive import (  # noqa: PLC0415 (optional extra)
        FloatLiteral,
        IntegerLiteral,
    )

    for expression in template_expressions(template):
        if isinstance(expression, FloatLiteral):
            literal: Any = expression
            literal.value = _decimal_or_double(expression.token.value)
        elif isinstance(expression, IntegerLiteral) and not -INT32 <= expression.value < INT32:
            expression.value = Long(expression.value)


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
