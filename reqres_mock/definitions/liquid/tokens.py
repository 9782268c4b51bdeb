"""DotLiquid's tokens, for the Liquid action (:mod:`reqres_mock.definitions.liquid`): the map
cut as ``Template.Tokenize`` cuts it and each token checked as ``Block.Parse`` checks it
(dotliquid/dotliquid at b6a7d99, checked under Mono), before python-liquid, whose own lexer
reads strings and line breaks inside markup, sees the map.

``Liquid.TemplateParser`` is ``\\{%.*?%\\}|\\{\\{.*?\\}\\}?|\\{\\{|\\{%`` (inside ``(?-mix:)``, so
``.`` is no line break) and knows nothing of quotes: a tag or an output spread over several
lines is a bare ``{%`` or ``{{`` followed by text, and ``{{ '{% raw %}' }}`` is the output
``{{ '{% raw %}`` ended by the tag's ``%}``. ``Block.Parse`` then refuses a ``{%`` token that
is not ``FullToken`` (``^{%\\s*(\\w+)\\s*(.*)?%}$``) and ``CreateVariable`` a ``{{`` token that
is not ``{{…}}`` with ``SyntaxException``s; a tag name DotLiquid does not register is
``Block.UnknownTag``'s. ``raw`` and ``literal`` (``Tags/Raw.cs``, ``Tags/Literal.cs``) take
their tokens as text up to their end tag; ``comment`` is a ``Block`` and parses its body.
"""

from __future__ import annotations

import re

from reqres_mock.definitions.liquid.tags import DOTLIQUID_TAGS
from reqres_mock.definitions.liquid.values import TemplateSyntaxError

_TEMPLATE_PARSER = re.compile(r"\{%.*?%\}|\{\{.*?\}\}?|\{\{|\{%")
_FULL_TOKEN = re.compile(r"\{%\s*(\w+)\s*(.*)?%\}")
#: ``Liquid.TagEnd`` and ``Liquid.VariableEnd`` as the messages write them.
_TAG_END = r"(?-mix:\%\})"
_VARIABLE_END = r"(?-mix:\}\})"
_TEXT_BLOCKS = {"raw": "endraw", "literal": "endliteral"}


def check_tokens(source: str) -> None:
    """Refuse the map (its whitespace control applied) as ``Template.Parse`` refuses it for
    a token that is no tag or output, or a tag DotLiquid does not know.

    :raises TemplateSyntaxError: with DotLiquid's message (resources
        ``BlockTagNotTerminatedException``, ``BlockVariableNotTerminatedException``,
        ``BlockUnknownTagException``) and the line of the first such token.
    """
    text_until = ""
    for found in _TEMPLATE_PARSER.finditer(source):
        token = found.group(0)
        tag = _FULL_TOKEN.fullmatch(token)
        if text_until:
            if tag and tag.group(1) == text_until:
                text_until = ""
            continue
        if token.startswith("{%"):
            if not tag:
                message = f"Tag '{token}' was not properly terminated with regexp: {_TAG_END}"
            elif tag.group(1) not in DOTLIQUID_TAGS and tag.group(1) != "end":
                message = f"Unknown tag '{tag.group(1)}'"
            else:
                text_until = _TEXT_BLOCKS.get(tag.group(1), "")
                continue
        elif not token.endswith("}}"):
            message = f"Variable '{token}' was not properly terminated with regexp: {_VARIABLE_END}"
        else:
            continue
        line = source.count("\n", 0, found.start()) + 1
        raise TemplateSyntaxError(message, found.start(), line=line)
