"""DotLiquid 2.0.x's tags on python-liquid, for the Liquid action
(:mod:`reqres_mock.definitions.liquid`): ``if``/``unless``/``case`` with ``Condition.cs``'s
operators, ``for`` as ``Tags/For.cs`` (:mod:`.forloop`), ``assign``, ``include``/``extends``
without a file system, ``block``, and the tags DotLiquid 2.0.x does not have refused."""

from __future__ import annotations

import re
from typing import Any

from reqres_mock.definitions.liquid.conditions import (
    NAMED_AT,
    OPERATORS,
    type_insensitive_equal,
)
from reqres_mock.definitions.liquid.forloop import render_for, render_tablerow
from reqres_mock.definitions.liquid.values import (
    LiquidError,
    TemplateSyntaxError,
    dotnet_string,
    plain,
)


def dotliquid_tags() -> list[type[Any]]:
    """python-liquid's ``if``, ``unless``, ``case``, ``for`` and ``assign`` with DotLiquid's
    rules: conditions compare with ``Condition.Operators`` (``Tags/Case.cs`` builds
    ``Condition(left, "==", when)``), and a Liquid error inside a tag is written in place of
    it (``Block.RenderAll`` catches per node and writes ``Context.HandleError``'s text)."""
    from liquid.builtin.expressions import logical  # noqa: PLC0415 (optional extra)
    from liquid.builtin.expressions.loop import LoopExpression  # noqa: PLC0415
    from liquid.builtin.tags import (  # noqa: PLC0415
        assign_tag,
        case_tag,
        for_tag,
        if_tag,
        tablerow_tag,
        unless_tag,
    )
    from liquid.exceptions import LiquidSyntaxError as PythonLiquidSyntaxError  # noqa: PLC0415
    from liquid.expression import Expression  # noqa: PLC0415
    from liquid.parser import get_parser  # noqa: PLC0415
    from liquid.token import TOKEN_TAG  # noqa: PLC0415

    symbols = {
        logical.EqExpression: "==",
        logical.NeExpression: "!=",
        logical.LtExpression: "<",
        logical.GtExpression: ">",
        logical.LeExpression: "<=",
        logical.GeExpression: ">=",
        logical.ContainsExpression: "contains",
    }

    class Condition(Expression):
        __slots__ = ("left", "operator", "right")

        def __init__(self, token: Any, operator: str, left: Any, right: Any) -> None:
            super().__init__(token)
            self.operator, self.left, self.right = operator, left, right

        def evaluate(self, context: Any) -> object:
            left, right = self.left.evaluate(context), self.right.evaluate(context)
            return OPERATORS[self.operator](plain(left), plain(right))

        def children(self) -> list[Any]:
            return [self.left, self.right]

    class When(Expression):
        __slots__ = ("expressions", "left")

        def __init__(self, token: Any, left: Any, expressions: list[Any]) -> None:
            super().__init__(token)
            self.left, self.expressions = left, expressions

        def evaluate(self, context: Any) -> list[bool]:
            left = self.left.evaluate(context)
            return [
                type_insensitive_equal(left, item.evaluate(context)) for item in self.expressions
            ]

        def children(self) -> list[Any]:
            return self.expressions

    def dotliquid(expression: Any) -> Any:
        if isinstance(expression, logical.BooleanExpression):
            expression.expression = dotliquid(expression.expression)
        elif isinstance(expression, (logical.LogicalAndExpression, logical.LogicalOrExpression)):
            expression.left, expression.right = (
                dotliquid(expression.left),
                dotliquid(expression.right),
            )
        elif type(expression) in symbols:
            named = NAMED_AT.get().get(expression.token.start_index)
            symbol = named or symbols[type(expression)]
            if symbol == "!=" and expression.token.value == "<>":
                symbol = "<>"
            return Condition(expression.token, symbol, expression.left, expression.right)
        return expression

    def in_place(node_class: type[Any]) -> type[Any]:
        class InPlace(node_class):  # type: ignore[misc]
            def render_to_output(self, context: Any, buffer: Any) -> int:
                try:
                    return int(super().render_to_output(context, buffer))
                except LiquidError as err:
                    return int(buffer.write(f"{err.prefix}: {err}"))

        return InPlace

    def conditional(tag_class: type[Any], node_class: type[Any]) -> type[Any]:
        """``if`` or ``unless`` with DotLiquid's conditions, its errors written in place."""

        class Conditional(tag_class):  # type: ignore[misc]
            def parse(self, stream: Any) -> Any:
                node: Any = super().parse(stream)
                node.condition = dotliquid(node.condition)
                for alternative in node.alternatives:
                    alternative.expression = dotliquid(alternative.expression)
                return node

        Conditional.node_class = in_place(node_class)
        return Conditional

    IfTag = conditional(if_tag.IfTag, if_tag.IfNode)
    UnlessTag = conditional(unless_tag.UnlessTag, unless_tag.UnlessNode)

    class CaseTag(case_tag.CaseTag):
        node_class = in_place(case_tag.CaseNode)

        def parse(self, stream: Any) -> Any:
            node: Any = super().parse(stream)
            for block in node.blocks:
                choice = getattr(block, "expression", None)
                if choice is not None:
                    block.expression = When(choice.token, choice.left, choice.expressions)
            return node

    class ForNode(for_tag.ForNode):
        def render_to_output(self, context: Any, buffer: Any) -> int:
            return render_for(self, context, buffer)  # Tags/For.cs Render

    class ForTag(for_tag.ForTag):
        node_class = in_place(ForNode)

        def parse(self, stream: Any) -> Any:
            token = stream.current
            node: Any = super().parse(stream)
            if node.default is not None:  # Block.UnknownTag: For takes no else in 2.0.x
                raise TemplateSyntaxError("for tag does not expect else tag", token.start_index)
            return node

    class AssignTag(assign_tag.AssignTag):
        node_class = in_place(assign_tag.AssignNode)

    class TablerowNode(tablerow_tag.TablerowNode):
        def render_to_output(self, context: Any, buffer: Any) -> int:
            return render_tablerow(self, context, buffer)  # Tags/Html/TableRow.cs Render

    class TablerowTag(tablerow_tag.TablerowTag):
        node_class = in_place(TablerowNode)

        def parse(self, stream: Any) -> Any:
            token = stream.eat(TOKEN_TAG)
            try:
                loop = LoopExpression.parse(self.env, stream.into_inner(tag=token))
            except PythonLiquidSyntaxError as err:  # TableRow.Initialize's Syntax
                raise TemplateSyntaxError(TABLEROW_SYNTAX, token.start_index) from err
            block = get_parser(self.env).parse_block(stream, ("endtablerow",))
            stream.expect(TOKEN_TAG, value="endtablerow")
            return self.node_class(token, expression=loop, block=block)

    return [
        IfTag,
        UnlessTag,
        CaseTag,
        ForTag,
        AssignTag,
        TablerowTag,
        _cycle_tag(in_place),
        *_dotliquid_only_tags(),
    ]


#: ``Tags/Cycle.cs``'s ``NamedSyntax`` and ``VariablesFromString``'s ``QuotedFragmentRegex``
#: (``Liquid.QuotedFragment``).
_QUOTED_FRAGMENT = r"""(?:"[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+)"""
_NAMED_CYCLE = re.compile(rf"({_QUOTED_FRAGMENT})\s*:\s*(.*)", re.DOTALL)
_CYCLE_FRAGMENT = re.compile(rf"\s*({_QUOTED_FRAGMENT})\s*")
#: ``CycleTagSyntaxException``.
CYCLE_SYNTAX = "Syntax Error in 'cycle' tag - Valid syntax: cycle [name :] var [, var2, var3 ...]"
#: ``IndexOutOfRangeException``: a cycle of fewer values than its group's position.
CYCLE_OUT_OF_RANGE = "Index was outside the bounds of the array."


def _cycle_tag(in_place: Any) -> type[Any]:
    """``Tags/Cycle.cs``: the values are the markup split at every comma (quotes or not),
    each read as a Liquid expression; the group is the name before a ``:`` read as an
    expression (its text: ``ToString()``, nil a NullReferenceException), or else the values'
    markup joined (so ``cycle c, 'x'`` is one group whatever ``c`` holds, and ``"a", 'b'``
    is another group than ``'a', 'b'``). The group's position (``Registers["cycle"]``,
    shared by every cycle of the group) picks the value, ``IndexOutOfRangeException`` past a
    shorter cycle's end (the position then stays); a nil value is a NullReferenceException.
    """
    from liquid.ast import Node  # noqa: PLC0415 (optional extra)
    from liquid.builtin.expressions import parse_primitive, tokenize  # noqa: PLC0415
    from liquid.stream import TokenStream  # noqa: PLC0415
    from liquid.tag import Tag  # noqa: PLC0415
    from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG  # noqa: PLC0415

    class CycleNode(Node):
        __slots__ = ("group", "key", "values")

        def __init__(self, token: Any, group: Any, key: str, values: list[Any]) -> None:
            super().__init__(token)
            self.group, self.key, self.values = group, key, values
            self.blank = False  # it writes: python-liquid may not skip it as whitespace

        def render_to_output(self, context: Any, buffer: Any) -> int:
            key = self.key if self.group is None else dotnet_string(self.group.evaluate(context))
            positions = context.tag_namespace.setdefault("dotliquid_cycle", {})
            position = positions.get(key, 0)
            if position >= len(self.values):
                raise LiquidError(CYCLE_OUT_OF_RANGE)
            value = self.values[position]
            written = dotnet_string(None if value is None else value.evaluate(context))
            positions[key] = 0 if position + 1 >= len(self.values) else position + 1
            return int(buffer.write(written))

        def expressions(self) -> list[Any]:
            return [e for e in (self.group, *self.values) if e is not None]

    class CycleTag(Tag):
        name = "cycle"
        block = False
        node_class = in_place(CycleNode)

        def parse(self, stream: Any) -> Any:
            token = stream.eat(TOKEN_TAG)
            markup = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
            parent = stream.current

            def expression(fragment: str | None) -> Any:
                if fragment is None:
                    return None
                return parse_primitive(self.env, TokenStream(tokenize(fragment, parent)))

            def values(text: str) -> list[str | None]:
                found = [_CYCLE_FRAGMENT.search(piece) for piece in text.split(",")]
                return [match.group(1) if match else None for match in found]

            named = _NAMED_CYCLE.match(markup)
            if named:
                group, texts = expression(named.group(1)), values(named.group(2))
            elif re.match(_QUOTED_FRAGMENT, markup):
                group, texts = None, values(markup)
            else:
                raise TemplateSyntaxError(CYCLE_SYNTAX, token.start_index)
            key = "".join(text or "" for text in texts)
            return self.node_class(token, group, key, [expression(text) for text in texts])

    return CycleTag


#: ``TableRow.Initialize``'s SyntaxException (resource ``TableRowTagSyntaxException``).
TABLEROW_SYNTAX = (
    "Syntax Error in 'tablerow' tag - Valid syntax: tablerow [item] in [collection] cols=[number]"
)


#: python-liquid's tags that DotLiquid 2.0.x does not register (Liquid.cs registers assign,
#: block, capture, case, comment, cycle, extends, for, break, continue, if, ifchanged,
#: include, literal, unless, raw, tablerow): ``Block.UnknownTag`` refuses them at parse.
_UNKNOWN_TAGS = ("increment", "decrement", "echo", "liquid", "render", "doc")

#: The tags DotLiquid 2.0.x registers (Liquid.cs) and their ends, and the runtime's own
#: ``JSONArrayFor`` (which the mock does not run): any other is unknown.
DOTLIQUID_TAGS = frozenset(
    [
        "JSONArrayFor",
        "endJSONArrayFor",
        "assign",
        "block",
        "capture",
        "case",
        "comment",
        "cycle",
        "extends",
        "for",
        "break",
        "continue",
        "if",
        "ifchanged",
        "include",
        "literal",
        "unless",
        "raw",
        "tablerow",
        "endblock",
        "endcapture",
        "endcase",
        "endcomment",
        "endfor",
        "endif",
        "endifchanged",
        "endliteral",
        "endunless",
        "endraw",
        "endtablerow",
        "else",
        "elsif",
        "when",
    ]
)

#: ``FileSystemException``'s message from ``BlankFileSystem.ReadTemplateFile``, the file
#: system DotLiquid has unless its host sets one (the mock assumes the runtime sets none).
NO_INCLUDES = "Error - This liquid context does not allow includes"


#: An output whose name has no part (``{{{ x }}}`` inside a map): ``Context.Variable``
#: matches its null first part (ArgumentNullException), a Liquid error in its place; the
#: engine rewrites such an output as this tag.
NAMELESS = "Value cannot be null. (Parameter 'input')"
NAMELESS_TAG = "dotliquid_nameless_output"
#: ``comment`` as the engine renames it, for python-liquid's lexer takes ``comment`` itself.
COMMENT_TAG = "dotliquid_comment"


def _dotliquid_only_tags() -> list[type[Any]]:
    """DotLiquid's ``include``/``extends`` (a Liquid error in place: no file system),
    ``block`` (``Tags/Block.cs`` outside ``extends``: its body), ``comment`` (its body parsed,
    not rendered), and the unknown tags refused.
    """
    from liquid.ast import Node  # noqa: PLC0415 (optional extra)
    from liquid.parser import get_parser  # noqa: PLC0415
    from liquid.tag import Tag  # noqa: PLC0415
    from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG  # noqa: PLC0415

    class NoFileSystem(Node):
        def render_to_output(self, _context: Any, buffer: Any) -> int:
            return int(buffer.write(f"Liquid error: {NO_INCLUDES}"))

    def include_like(tag_name: str) -> type[Any]:
        class IncludeTag(Tag):
            name = tag_name
            block = False

            def parse(self, stream: Any) -> Any:
                token = stream.eat(TOKEN_TAG)
                if stream.current.kind != TOKEN_EXPRESSION:  # Include.Initialize's Syntax
                    raise TemplateSyntaxError(
                        f"Syntax Error in '{tag_name}' tag - Valid syntax: {tag_name} [template]",
                        token.start_index,
                    )
                # the markup (left as the tag's last token) only names the file
                return NoFileSystem(token)

        return IncludeTag

    class BlockTag(Tag):
        name = "block"
        end = "endblock"

        def parse(self, stream: Any) -> Any:
            stream.eat(TOKEN_TAG)
            if stream.current.kind == TOKEN_EXPRESSION:
                next(stream)  # the block's name
            body = get_parser(self.env).parse_block(stream, ("endblock",))
            stream.expect(TOKEN_TAG, value="endblock")
            return body

    class Comment(Node):
        def render_to_output(self, _context: Any, _buffer: Any) -> int:
            return 0

    class CommentTag(Tag):
        """``Tags/Comment.cs`` is a ``Block``: its body is parsed (each tag checked) and
        not rendered."""

        name = COMMENT_TAG
        end = "end" + COMMENT_TAG

        def parse(self, stream: Any) -> Any:
            token = stream.eat(TOKEN_TAG)
            if stream.current.kind == TOKEN_EXPRESSION:
                next(stream)  # Block.Initialize ignores the markup
            get_parser(self.env).parse_block(stream, (self.end,))
            stream.expect(TOKEN_TAG, value=self.end)
            return Comment(token)

    def unknown(tag_name: str) -> type[Any]:
        class UnknownTag(Tag):
            name = tag_name

            def parse(self, stream: Any) -> Any:
                raise TemplateSyntaxError(f"Unknown tag '{tag_name}'", stream.current.start_index)

        return UnknownTag

    class NamelessOutput(Node):
        def render_to_output(self, _context: Any, buffer: Any) -> int:
            return int(buffer.write(f"Liquid error: {NAMELESS}"))

    class NamelessOutputTag(Tag):
        name = NAMELESS_TAG
        block = False

        def parse(self, stream: Any) -> Any:
            return NamelessOutput(stream.current)  # the tag is its own last token

    return [
        include_like("include"),
        include_like("extends"),
        BlockTag,
        CommentTag,
        NamelessOutputTag,
        *(unknown(name) for name in _UNKNOWN_TAGS),
    ]
