"""A variable's parts looked up as DotLiquid's ``Context.Variable`` (b6a7d99) looks them up,
for the Liquid action (:mod:`reqres_mock.definitions.liquid`).

For each part after the first: a key-value pair answers ``Key``/``0``, ``Value``/``1`` and
its own key (:class:`~.values.KeyValuePair`); an object (``Hash``) answers the keys it has;
a list answers an integer index, and one outside the list is ``List[int]``'s
ArgumentOutOfRangeException (``LookupAndEvaluate``), written as a Liquid error (a negative
index counts nothing from the end); otherwise anything enumerable answers ``size`` (its
count: a list's items, an object's pairs, text's UTF-16 units), ``first`` and ``last`` (its
first and last item: an object's first pair is written ``[key, value]``, text's first item
is its first character); any other part is nil. An object's own ``size``, ``first`` or
``last`` key comes first. A part in brackets (``a['first']``, ``a[name]``) is a key or index
only: ``size``/``first``/``last`` there are an object's keys or nil (``!partResolved``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.liquid.listfilters import enumerate_items
from reqres_mock.definitions.liquid.values import Char, KeyValuePair, LiquidError, plain

if TYPE_CHECKING:
    from collections.abc import Iterator

#: ``ArgumentOutOfRangeException``'s message for ``List<object>[index]`` (.NET's wording).
OUT_OF_RANGE = (
    "Index was out of range. Must be non-negative and less than the size of the collection. "
    "(Parameter 'index')"
)
_COMMANDS = ("size", "first", "last")
#: Marks a quoted ``'size'``/``'first'``/``'last'`` written in brackets (the engine's rewrite
#: of the map's text), which python-liquid's path does not tell from the dotted form.
BRACKETED = "\x1f"


class Bracketed(str):
    """A path part written in brackets."""

    __slots__ = ()


def template_expressions(template: Any) -> Iterator[Any]:
    """Every expression of a parsed template, nested ones too; what an expression holds is
    read after the caller has seen it, so the caller may replace its parts."""
    from liquid import RenderContext  # noqa: PLC0415 (optional extra)

    static = RenderContext(template)
    expressions: list[Any] = []
    nodes = list(template.nodes)
    while nodes:
        node = nodes.pop()
        expressions.extend(node.expressions())
        nodes.extend(node.children(static, include_partials=False))
    while expressions:
        expression = expressions.pop()
        yield expression
        expressions.extend(expression.children())


def bracketed_parts(template: Any) -> None:
    """Mark the parts of the parsed template's paths that were written in brackets: a marked
    string (:data:`BRACKETED`) and the value of a path in brackets (``a[name]``)."""
    from liquid.builtin.expressions.path import Path  # noqa: PLC0415 (optional extra)

    class BracketedPath(Path):
        __slots__ = ()

        def evaluate(self, context: Any) -> object:
            value = super().evaluate(context)
            return Bracketed(value) if isinstance(value, str) else value

    for expression in template_expressions(template):
        if isinstance(expression, Path):
            for index, part in enumerate(expression.path):
                if isinstance(part, str) and part.startswith(BRACKETED):
                    expression.path[index] = Bracketed(part[len(BRACKETED) :])
                elif type(part) is Path:
                    expression.path[index] = BracketedPath(part.token, part.path)


def is_value(obj: Any) -> bool:
    """Whether ``obj`` is one of the values a map's data holds (not python-liquid's own
    objects, such as ``tablerowloop``, which keep python-liquid's lookup)."""
    obj = plain(obj)
    return obj is None or isinstance(
        obj, (str, list, tuple, dict, KeyValuePair, Char, int, float, Decimal, range)
    )


def variable_part(obj: Any, part: Any) -> Any:
    """``obj``'s ``part`` as ``Context.Variable`` finds it.

    :raises KeyError: where DotLiquid finds nothing (nil).
    :raises LiquidError: for an index outside a list.
    """
    obj, part = plain(obj), plain(part)
    if isinstance(obj, KeyValuePair):
        return obj[part]
    if isinstance(obj, dict) and isinstance(part, str) and part in obj:
        return obj[part]
    if isinstance(obj, (list, tuple)) and isinstance(part, int) and not isinstance(part, bool):
        if not 0 <= part < len(obj):
            raise LiquidError(OUT_OF_RANGE)
        return obj[part]
    bracketed = isinstance(part, Bracketed)
    if isinstance(obj, (str, list, tuple, dict)) and part in _COMMANDS and not bracketed:
        items = enumerate_items(obj)
        if part == "size":
            return len(items)
        if not items:
            return None
        return items[0] if part == "first" else items[-1]
    raise KeyError(part)
