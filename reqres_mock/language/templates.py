"""Definition strings as templates: a whole ``"@expr"`` (any JSON value) or text with
``@{...}`` parts (each written as a string: objects and arrays as compact JSON, booleans as
``True``/``False``), and the ``@`` escapes.

Compiling walks a definition's JSON once and parses every expression in it (syntax errors are
found when a definition loads); evaluating fills in the values for one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import ExpressionError
from reqres_mock.language.expressions import Context, Expression, parse
from reqres_mock.language.values import to_text

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True)
class Template:
    """A definition string: a whole expression, or text with ``@{...}`` parts."""

    source: str
    whole: Expression | None
    parts: tuple[str | Expression, ...]

    def evaluate(self, context: Context) -> Any:
        if self.whole is not None:
            return self.whole.evaluate(context)
        return "".join(
            part if isinstance(part, str) else to_text(part.evaluate(context))
            for part in self.parts
        )


def is_template(text: str) -> bool:
    """Whether a definition string holds an expression."""
    if text.startswith("@@") or text == "@":
        return False
    return text.startswith("@") or "@{" in text


def compile_template(text: str) -> Template | str:
    """The template for a definition string, or the literal string (escapes undone).

    A lone ``"@"`` is the string ``@``; a leading ``@@`` makes the whole rest literal (only that
    first ``@`` goes, ``@{`` after it stays as written); in a string with ``@{...}`` parts,
    ``@@{`` is a literal ``@{``. These are the runtime's rules (IllogicApps'
    ``BasicLanguageTests.fs``: ``StringPassthroughTest``, ``StringAtSignPassthroughTest``).

    :raises ExpressionError: when an expression in it does not parse.
    """
    if text == "@":
        return text
    if text.startswith("@@"):
        return text[1:]
    if text.startswith("@") and not text.startswith("@{"):
        return Template(text, parse(text[1:]), ())
    if "@{" not in text:
        return text
    parts: list[str | Expression] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("@@{", i):
            literal.append("@{")
            i += 3
            continue
        if text.startswith("@{", i):
            end = _closing_brace(text, i + 2)
            if end < 0:
                raise ExpressionError("The interpolation '@{' is not closed with '}'", text, i + 1)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(parse(text[i + 2 : end]))
            i = end + 1
            continue
        literal.append(text[i])
        i += 1
    if literal:
        parts.append("".join(literal))
    return Template(text, None, tuple(parts))


def _closing_brace(text: str, start: int) -> int:
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if char == "'":
            quoted = not quoted
        elif char == "}" and not quoted:
            return index
    return -1


def compile_value(value: Any) -> Any:
    """A JSON value with every template string compiled (containers copied).

    :raises ExpressionError: when an expression does not parse.
    """
    if isinstance(value, str):
        return compile_template(value) if "@" in value else value
    if isinstance(value, dict):
        return {_compile_key(key): compile_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [compile_value(item) for item in value]
    return value


def _compile_key(key: str) -> Template | str:
    """A property name that starts with ``@`` is a template too; ``@@`` writes one ``@``. The
    runtime evaluates such names: a Dataverse or Graph body written with ``"@odata.type"`` fails
    activation, "Unable to parse template language expression 'odata.type': expected token
    'LeftParenthesis' and actual 'Dot'.", and ``"@@odata.type"`` sends ``@odata.type`` (users'
    notes of failed deployments, in several public repositories). A name with an ``@`` further
    on (``app_Owner@odata.bind``) is plain text, as those notes say.

    :raises ExpressionError: when the expression in it does not parse, saying how to escape it.
    """
    if not key.startswith("@"):
        return key
    try:
        return compile_template(key)
    except ExpressionError as err:
        raise ExpressionError(
            f"{err.message} (the property name '{key}' starts with '@', so the runtime reads it "
            "as an expression; write '@@' for a literal '@')",
            err.expression,
            err.position,
        ) from err


def escaped(value: Any) -> Any:
    """A literal JSON value as a definition writes it, the inverse of :func:`compile_value` for
    values without expressions: a string or property name starting with ``@`` gets ``@@``, and
    ``@{`` in a string ``@@{`` (a trigger schema's ``"@odata.etag"`` shows as the designer saved
    it, ``"@@odata.etag"``)."""
    if isinstance(value, str):
        if value.startswith("@"):
            return "@" + value
        return value.replace("@{", "@@{")
    if isinstance(value, dict):
        return {("@" + k if k.startswith("@") else k): escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escaped(item) for item in value]
    return value


def evaluate_value(compiled: Any, context: Context) -> Any:
    """Evaluate a value made by :func:`compile_value`."""
    if isinstance(compiled, Template):
        return compiled.evaluate(context)
    if isinstance(compiled, dict):
        return {
            (to_text(key.evaluate(context)) if isinstance(key, Template) else key): evaluate_value(
                item, context
            )
            for key, item in compiled.items()
        }
    if isinstance(compiled, list):
        return [evaluate_value(item, context) for item in compiled]
    return compiled


def expressions_in(compiled: Any) -> Iterator[Expression]:
    """Every expression in a value made by :func:`compile_value`, property names included."""
    if isinstance(compiled, Template):
        if compiled.whole is not None:
            yield compiled.whole
        yield from (part for part in compiled.parts if isinstance(part, Expression))
    elif isinstance(compiled, dict):
        for key, item in compiled.items():
            yield from expressions_in(key)
            yield from expressions_in(item)
    elif isinstance(compiled, list):
        for item in compiled:
            yield from expressions_in(item)


def has_templates(compiled: Any) -> bool:
    """Whether a compiled value needs evaluating at all."""
    if isinstance(compiled, Template):
        return True
    if isinstance(compiled, dict):
        return any(isinstance(k, Template) or has_templates(v) for k, v in compiled.items())
    if isinstance(compiled, list):
        return any(has_templates(v) for v in compiled)
    return False
