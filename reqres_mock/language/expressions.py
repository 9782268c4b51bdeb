"""The Workflow Definition Language: parsing and evaluating one ``@`` expression.

Expressions are parsed with a real grammar (lark): function calls with case-insensitive names,
single-quoted strings with ``''`` escapes, numbers (a sign allowed, 64-bit integer literals),
``true``/``false``/``null``, ``['key']``/``[index]``/``.name`` access and their null-safe ``?``
forms. ``if``, ``coalesce``, ``and`` and ``or`` evaluate their arguments only as needed; the
other functions come from the registry (:mod:`reqres_mock.language.functions`) or, for those
that read the run, from the :class:`Context`. Definition strings (``"@expr"``, ``@{...}``
parts, escapes) are :mod:`reqres_mock.language.templates`.

Errors carry the expression and the position: a syntax error is found when a definition is
loaded; an evaluation error fails the action with ``InvalidTemplate`` as Logic Apps does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from reqres_mock.errors import ExpressionError
from reqres_mock.language.arity import count_message
from reqres_mock.language.functions import FUNCTIONS
from reqres_mock.language.grammar import parser
from reqres_mock.language.logical import not_boolean
from reqres_mock.language.registry import type_error, type_name, usage
from reqres_mock.language.utf16 import unit_length
from reqres_mock.language.values import INT64_MAX, INT64_MIN, to_text
from reqres_mock.protocol.jsontext import DOTNET_WHITESPACE

if TYPE_CHECKING:
    from lark import Tree
    from lark.exceptions import UnexpectedInput

#: Logic Apps' limit on the length of one expression, in UTF-16 units: the text after ``@``, or
#: inside one ``@{ }`` (each part of a string on its own). "Expression character limit | 8,192
#: characters" (https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config,
#: MicrosoftDocs/azure-docs articles/logic-apps/logic-apps-limits-and-config.md, a definition
#: limit of both Consumption and Standard); the designer's scanner refuses a longer one,
#: LIMIT_EXCEEDED (Azure/LogicAppsUX libs/logic-apps-shared/src/parsers/lib/expression/
#: scanner.ts, ``maxExpressionLimit: 8192`` in common/constants.ts; parser.ts hands it the text
#: after ``@``, or each ``@{ }``'s inside; scanner.spec.ts: "throws LIMIT_EXCEEDED when the
#: expression is longer than the max limit", "accepts an expression exactly at the max limit
#: boundary"). Not the "Expression evaluation limit" of 131,072 characters, which bounds what
#: concat(), base64() and string() produce.
MAX_EXPRESSION_LENGTH = 8_192
#: How deep calls and brackets may nest (evaluation is recursive; this keeps it bounded).
MAX_NESTING = 100

_CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}


class Context(Protocol):
    """What an expression can see of the run; the run engine implements it."""

    def call_workflow_function(self, name: str, args: list[Any]) -> Any:
        """Evaluate a workflow function (``trigger``, ``body``, ``variables``...)."""


#: A compiled expression (or part of one): its value in a run's context.
Evaluator = Callable[[Context], Any]


@dataclass(frozen=True)
class Expression:
    """One parsed expression, compiled once into nested closures (a run evaluates it without
    walking the parse tree again)."""

    text: str
    tree: Any
    run: Evaluator = field(compare=False, repr=False)

    def evaluate(self, context: Context) -> Any:
        return self.run(context)


def literal_calls(expression: Expression) -> Iterator[tuple[str, str]]:
    """Each call in ``expression`` whose first argument is a string literal, as the function's
    lower-case name and that string (``body('Get_user')`` gives ``("body", "Get_user")``)."""
    for node in expression.tree.iter_subtrees_topdown():
        if node.data != "call" or len(node.children) < 2:
            continue
        first = node.children[1]
        if getattr(first, "data", None) == "string":
            text = str(first.children[0])[1:-1].replace("''", "'")
            yield str(node.children[0]).lower(), text


#: Functions whose first argument names an action, loop or variable: the runtime reads that
#: name when a definition is saved, to know what an action depends on (lower case).
NAMED_REFERENCES = frozenset(
    {"variables", "body", "actionbody", "outputs", "actionoutputs", "actions", "items", "result"}
)


def unnamed_references(expression: Expression) -> Iterator[str]:
    """The runtime's save error for each call in ``expression`` that should name an action,
    loop or variable and does not: "The template language function 'body' must have at least
    one parameter." with no argument, "The provided parameters for template language function
    'body' are not valid." with a number, boolean or null (the function's name as written;
    tomdam/flowforger ``packages/expressions/src/save-checks.ts``, measured against the cloud
    in its ``conformance/save-rules/expressions.mjs``: the rest of a call's arguments is only
    checked when it runs)."""
    for node in expression.tree.iter_subtrees_topdown():
        if node.data != "call" or str(node.children[0]).lower() not in NAMED_REFERENCES:
            continue
        name = str(node.children[0])
        if len(node.children) < 2:
            yield f"The template language function '{name}' must have at least one parameter."
            continue
        first = node.children[1]
        kind = getattr(first, "data", None)
        literal = kind == "constant" and str(first.children[0]).lower() in _CONSTANTS
        if kind == "number" or literal:
            yield f"The provided parameters for template language function '{name}' are not valid."


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse an expression (without its leading ``@``).

    :raises ExpressionError: with the position of the syntax error.
    """
    if unit_length(text) > MAX_EXPRESSION_LENGTH:
        # The sentence is the mock's: no public report quotes the runtime's words.
        raise ExpressionError(
            f"The expression is longer than the limit of {MAX_EXPRESSION_LENGTH} characters",
            text[:80] + "...",
        )
    if not text.strip(DOTNET_WHITESPACE):
        raise ExpressionError("The expression is empty", text)
    depth = _nesting(text)
    if depth > MAX_NESTING:
        raise ExpressionError(
            f"The expression nests calls and brackets {depth} deep; the limit is {MAX_NESTING}",
            text[:80],
        )
    from lark.exceptions import UnexpectedInput  # noqa: PLC0415 (loaded with the parser)

    try:
        tree = parser().parse(text)
    except UnexpectedInput as err:
        column = getattr(err, "column", None)
        raise ExpressionError(
            f"The template language expression is not valid: unexpected {_describe(err, text)}",
            text,
            column if isinstance(column, int) and column > 0 else None,
        ) from err
    for token in tree.scan_values(lambda v: isinstance(v, str) and v.type == "NUMBER"):
        raw = str(token)
        if not any(c in raw for c in ".eE") and not INT64_MIN <= int(raw) <= INT64_MAX:
            raise ExpressionError(
                f"The template language expression is not valid: the number '{raw}' is outside "
                "the range of a 64-bit integer",
                text,
                token.column,
            )
    return Expression(text, tree, _compile(tree, text))


def _nesting(text: str) -> int:
    depth = deepest = 0
    quoted = False
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and char in ")]":
            depth -= 1
    return deepest


def _describe(err: UnexpectedInput, text: str) -> str:
    token = getattr(err, "token", None)
    if token is not None and getattr(token, "type", "") == "$END":
        return "end of expression"
    pos = getattr(err, "pos_in_stream", None)
    if isinstance(pos, int) and 0 <= pos < len(text):
        return f"character {text[pos]!r}"
    return "input"


# -- evaluation --------------------------------------------------------------------------------


def _fail(text: str, message: str, node: Any = None) -> ExpressionError:
    column = getattr(getattr(node, "meta", None), "column", None)
    return ExpressionError(message, text, column if isinstance(column, int) else None)


def _constant(value: Any) -> Evaluator:
    return lambda context: value


def _failing(text: str, message: str, node: Any = None) -> Evaluator:
    """A part that fails when evaluated (as the tree walk did), not when parsed."""

    def fails(context: Context) -> Any:
        raise _fail(text, message, node)

    return fails


def _compile(node: Any, text: str) -> Evaluator:
    """The closure that evaluates ``node`` of expression ``text``; literals are decoded here,
    once."""
    if isinstance(node, str):  # a leaf: lark's Token is a str
        return _failing(text, f"unexpected token {node!s}")
    kind = node.data
    if kind == "string":
        return _constant(str(node.children[0])[1:-1].replace("''", "'"))
    if kind == "number":
        raw = str(node.children[0])
        return _constant(float(raw) if any(c in raw for c in ".eE") else int(raw))
    if kind == "call":
        return _compile_call(node, text)
    if kind == "constant":
        name = str(node.children[0])
        if name.lower() in _CONSTANTS:
            return _constant(_CONSTANTS[name.lower()])
        raise _bare_name(text, node)
    if kind in ("index", "safe_index", "member", "safe_member"):
        return _compile_access(node, kind, text)
    return _failing(text, f"unsupported syntax {kind}", node)


#: The runtime's names for the token after a bare name (its enum's own spelling, typo and all:
#: "expected token 'RightPerenthesis' and actual 'Identifier'", MicrosoftDocs/dynamics-365-
#: unified-operations-public#2188). 'Dot' and 'EndOfData' are quoted from failed deployments;
#: the others follow the same enum's style (inferred).
_TOKEN_NAMES = {
    ".": "Dot",
    "[": "LeftSquareBracket",
    "]": "RightSquareBracket",
    ",": "Comma",
    ")": "RightPerenthesis",
    "?": "QuestionMark",
    "'": "StringLiteral",
}


def _bare_name(text: str, node: Tree[Any]) -> ExpressionError:
    """A name that is no function call and no ``true``/``false``/``null`` does not parse: the
    runtime refuses the definition when it is saved or activated, "Unable to parse template
    language expression 'odata.type': expected token 'LeftParenthesis' and actual 'Dot'." (users'
    notes of a body written with an ``"@odata.type"`` property)."""
    token = node.children[0]
    end = getattr(token, "end_pos", None)
    rest = text[end:].lstrip(DOTNET_WHITESPACE) if isinstance(end, int) else ""
    if not rest:
        actual = "EndOfData"
    elif rest[0] in _TOKEN_NAMES:
        actual = _TOKEN_NAMES[rest[0]]
    elif rest[0].isdigit() or rest[0] == "-":
        actual = "IntegerLiteral"
    else:
        actual = "Identifier"
    return _fail(
        text,
        f"Unable to parse template language expression '{text}': expected token "
        f"'LeftParenthesis' and actual '{actual}'.",
        node,
    )


def _compile_call(node: Tree[Any], text: str) -> Evaluator:
    name_token, *arg_nodes = node.children
    name = str(name_token)
    lowered = name.lower()
    args = [_compile(arg, text) for arg in arg_nodes]
    wrong_count = count_message(name, len(args))
    if wrong_count is not None:
        # A call with a number of arguments its function does not take fails when it is
        # evaluated, before any of its arguments is, in the cloud's words with the name as
        # written (tomdam/flowforger packages/expressions/src/arity.ts, generated from a cloud
        # run; packages/engine/src/expr/evaluator.ts checks it first).
        return _failing(text, wrong_count, node)
    lazy = _LAZY.get(lowered)
    if lazy is not None:
        return lambda context: lazy(context, args, text, node)

    def call(context: Context) -> Any:
        values = [arg(context) for arg in args]
        function = FUNCTIONS.get(lowered)
        try:
            if function is not None:
                return function(*values)
            return context.call_workflow_function(lowered, values)
        except ExpressionError as err:
            if err.expression:
                raise
            raise _fail(text, err.message, node) from err
        except KeyError as err:
            # "template function", not "template language function", and a full stop: the
            # cloud's words for @abs(-3) (tomdam/flowforger packages/engine/src/expr/evaluator.ts
            # and its __tests__/expr-corpus.test.ts, measured against Power Automate, i.e. the
            # multi-tenant runtime; IllogicApps' LanguageEvaluator.fs words it the same)
            raise _fail(
                text, f"The template function '{name}' is not defined or not valid.", node
            ) from err
        except (TypeError, ValueError, ArithmeticError, IndexError, OverflowError) as err:
            raise _fail(
                text, f"The template language function '{name}' could not be evaluated: {err}", node
            ) from err

    return call


def _compile_access(node: Tree[Any], kind: str, text: str) -> Evaluator:
    target_node, key_node = node.children
    target_of = _compile(target_node, text)
    key_of = _constant(str(key_node)) if kind.endswith("member") else _compile(key_node, text)
    safe = kind.startswith("safe")

    def access(context: Context) -> Any:
        target = target_of(context)
        key = key_of(context)
        if target is None:
            if safe:
                return None
            # microsoft/coe-starter-kit#10911 (2026): "… 'equals(outputs('AuditLogRecords')
            # ['statusCode'], 200)' cannot be evaluated because property 'statusCode' cannot be
            # selected. Please see …": nothing follows for a null (a string adds its type)
            raise _fail(text, _cannot(text, f"property '{to_text(key)}' cannot be selected"), node)
        if isinstance(target, Mapping):
            if isinstance(key, str):
                for candidate in (key, *(k for k in target if k.lower() == key.lower())):
                    if candidate in target:
                        return target[candidate]
            if safe:
                return None
            available = ", ".join(str(k) for k in target)
            reason = (
                f"property '{to_text(key)}' doesn't exist, available properties are '{available}'"
            )
            raise _fail(text, _cannot(text, reason), node)
        if isinstance(target, list):
            if isinstance(key, str):
                # Not even '?' selects a named property of an array: a production run quoted
                # in a public Power Automate operations log ("body('List_to-do''s_by_folder_
                # (V2)_9')?['value']' cannot be evaluated because property 'value' cannot be
                # selected. Array elements can only be selected using an integer index.");
                # IllogicApps' Evaluator.fs (accessMember) makes it an error under '?' too.
                reason = (
                    f"property '{to_text(key)}' cannot be selected. Array elements can only be "
                    "selected using an integer index"
                )
                raise _fail(text, _cannot(text, reason), node)
            # A negative index is out of bounds, as .NET's JArray indexer and IllogicApps'
            # accessMember have it (Python's list would count from the end).
            if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(target):
                return target[key]
            if safe:
                return None
            reason = (
                f"array index '{to_text(key)}' is outside bounds (0, {len(target) - 1}) of array"
            )
            raise _fail(text, _cannot(text, reason), node)
        # Not even '?' selects from a string, number or boolean: the runtime's words, as users
        # quote them (`triggerBody()?['x']` of a text/plain body, `body('Get_file')?['$content']`
        # of a decoded file: "... Property selection is not supported on values of type
        # 'String'.").
        reason = (
            f"property '{to_text(key)}' cannot be selected. Property selection is not supported "
            f"on values of type '{type_name(target)}'"
        )
        raise _fail(text, _cannot(text, reason), node)

    return access


def _cannot(text: str, reason: str) -> str:
    """The runtime's sentence for an expression that parsed but cannot be evaluated: it quotes
    the whole expression and ends with the usage link, as users quote failed runs ("The template
    language expression 'outputs('Compose')['name']' cannot be evaluated because property
    'name' cannot be selected. Property selection is not supported on values of type 'String'.
    Please see https://aka.ms/logicexpressions for usage details.";
    microsoft/powercat-business-approvals-kit#280 for "doesn't exist, available properties
    are '…'")."""
    return (
        f"The template language expression '{text}' cannot be evaluated because {reason}. {usage()}"
    )


#: A function the evaluator runs itself: ``(context, argument evaluators, text, call node)``;
#: the evaluator has checked the number of arguments against ``ARITY`` before it runs.
LazyFunction = Callable[[Context, list[Evaluator], str, "Tree[Any]"], Any]


def _lazy_if(context: Context, args: list[Evaluator], text: str, node: Tree[Any]) -> Any:
    condition = args[0](context)
    if not isinstance(condition, bool):
        raise _fail(
            text,
            # "of type boolean": tomdam/flowforger packages/engine/src/expr/functions/logic.ts
            type_error("if", condition, "of type boolean").message,
            node,
        )
    return (args[1] if condition else args[2])(context)


def _lazy_coalesce(context: Context, args: list[Evaluator], text: str, node: Tree[Any]) -> Any:
    for arg in args:
        value = arg(context)
        if value is not None:
            return value
    return None


def _lazy_junction(name: str, stop: bool) -> LazyFunction:
    """``and``/``or``: left to right, stopping at the first ``stop`` value (the runtime
    short-circuits: ``and(false, int('x'))`` is false, IllogicApps' ``LogicTests.fs``)."""

    def junction(context: Context, args: list[Evaluator], text: str, node: Tree[Any]) -> Any:
        for arg in args:
            value = arg(context)
            if not isinstance(value, bool):
                raise _fail(text, not_boolean(name, value).message, node)
            if value is stop:
                return stop
        return not stop

    return junction


_LAZY: dict[str, LazyFunction] = {
    "if": _lazy_if,
    "coalesce": _lazy_coalesce,
    "and": _lazy_junction("and", False),
    "or": _lazy_junction("or", True),
}
#: The functions the evaluator itself runs, evaluating their arguments only as needed.
LAZY_FUNCTIONS: frozenset[str] = frozenset(_LAZY)
