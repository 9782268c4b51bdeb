"""The expression grammar: which characters make which token, as the runtime's scanner reads
them, and the lark parser built from it.

The runtime's scanner is not public. Two readings of it agree on what is here: the designer's
TypeScript port of the Workflow Definition Language scanner and parser (Azure/LogicAppsUX
``libs/logic-apps-shared/src/parsers/lib/expression/scanner.ts`` and ``parser.ts``, with their
``__test__/scanner.spec.ts`` and ``__test__/parser.spec.ts``), and IllogicApps, an emulator
whose language tests were recorded against the runtime (ScoreUnder/IllogicApps
``IllogicApps.Expression.Parsing/Lexer.fs``, ``Parser.fs`` and
``IllogicApps.Expression.Execution.Test/BasicLanguageTests.fs``). Where they differ, the
comments say which one is followed and why.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from reqres_mock.protocol.jsontext import DOTNET_WHITESPACE, is_letter_or_digit

if TYPE_CHECKING:
    from collections.abc import Callable

    from lark import Lark


def _is_letter(char: str) -> bool:
    """.NET's ``Char.IsLetter`` on one UTF-16 unit: the Unicode letter categories, which is
    what ``str.isalpha`` tests."""
    return char.isalpha()


def _char_class(predicate: Callable[[str], bool], extra: str = "") -> str:
    """A regular-expression character class of ``extra`` and every UTF-16 code unit (U+0000 to
    U+FFFF) that ``predicate`` accepts, as ranges of ``\\uXXXX`` escapes. A character beyond
    U+FFFF is two units in .NET, neither a letter nor a digit, so no class here holds one."""
    ranges: list[tuple[int, int]] = []
    start = None
    for code, char in enumerate(map(chr, range(0x10000))):
        taken = not 0xD800 <= code <= 0xDFFF and (char in extra or predicate(char))
        if taken and start is None:
            start = code
        elif not taken and start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, 0xFFFF))
    parts = (
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges
    )
    return "[" + "".join(parts) + "]"


def grammar() -> str:
    """The lark grammar of one expression (the text after ``@``, or inside ``@{ }``).

    - White space between tokens is .NET's ``Char.IsWhiteSpace`` set: the designer's scanner
      skips ``isWhitespace`` (``common/helpers/expression.ts``, written from
      ``System.Char.IsWhiteSpace``: U+00A0, U+2000 to U+200A, U+3000... as well as space, tab
      and line ends). IllogicApps' lexer skips only space, tab, CR and LF; the designer's set
      is the runtime's own, so it is followed.
    - A name (a function, ``true``/``false``/``null``, a property after ``.``) starts with a
      letter or ``_`` and goes on with letters, decimal digits and ``_``, Unicode ones
      included: IllogicApps' ``isValidIdentifierChar`` is ``Char.IsLetterOrDigit(c) || c =
      '_'`` and a name starts at ``Char.IsLetter`` or ``_``. The designer takes any character
      but ``.,(){}@[]?'`` and white space (``_isSupportedIdentifierCharacter``), so it also
      reads ``Content-Type`` or ``a$b`` as one name; the two disagree there, no test of either
      pins such a name, and the mock keeps refusing them.
    - A number is digits with an optional sign, fraction and exponent (``e`` or ``E``); a
      fraction without integral digits only after a sign (``+.5``, ``-.5``: IllogicApps'
      ``NumericDoubleParsingTest``; the designer's ``_processAndGetTokenForNumber``). A bare
      ``.5`` is a Dot and then an integer (designer's ``scanner.spec.ts``, "treats a
      leading-dot number as a Dot token followed by an integer"; IllogicApps' lexer makes
      ``.`` a ``Dot``), which no rule accepts where a value is expected.
    - ``(`` only follows a function's name: neither parser has grouping parentheses (the
      designer's ``_parseFunctionExpression`` wants an Identifier where a value is expected;
      IllogicApps' ``collapseCall`` reduces ``( ... )`` only after an identifier, and its
      recorded ``UnparseableTest`` lists ``@()`` and ``@{()}``).
    """
    start = _char_class(_is_letter, "_")
    rest = _char_class(is_letter_or_digit, "_")
    space = "".join(f"\\u{ord(c):04x}" for c in DOTNET_WHITESPACE)
    return rf"""
?start: expr
?expr: postfix
?postfix: atom
        | postfix "[" expr "]"          -> index
        | postfix "?" "[" expr "]"      -> safe_index
        | postfix "." NAME              -> member
        | postfix "?" "." NAME          -> safe_member
?atom: call
     | NAME                            -> constant
     | STRING                          -> string
     | NUMBER                          -> number
call: NAME "(" [expr ("," expr)*] ")"
NAME: /{start}{rest}*/
STRING: /'(?:[^']|'')*'/
NUMBER: /(?:[+-]?[0-9]+(?:\.[0-9]*)?|[+-]\.[0-9]+)(?:[eE][+-]?[0-9]+)?/
WS: /[{space}]+/
%ignore WS
"""


@cache
def parser() -> Lark:
    """The parser, built on the first expression (~50 ms, most of it lark reading its own
    grammar language; the name classes ~15 ms): a workflow without expressions (a static
    Response) never loads lark. One lexer for all states (``basic``): the tokens never depend
    on where they stand, and a contextual lexer would compile the name classes once per parser
    state. Not lark's
    ``cache=True``: it unpickles a file at a predictable path in the shared temporary folder,
    which another user could plant."""
    from lark import Lark  # noqa: PLC0415

    return Lark(
        grammar(), parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=False
    )
