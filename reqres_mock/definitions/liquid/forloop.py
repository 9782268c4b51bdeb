"""``for`` as DotLiquid's ``Tags/For.cs`` (b6a7d99) runs it, for the Liquid action
(:mod:`reqres_mock.definitions.liquid`).

``For.Render`` loops over anything ``IEnumerable``: a list's items, an object's key-value
pairs, text's characters (``String`` is ``IEnumerable<char>``: one UTF-16 code unit each);
a number, a boolean or nil renders nothing. ``offset`` and ``limit`` (``Convert.ToInt32`` of
their values; ``offset:continue`` goes on where the same loop stopped) cut the items before
``reversed`` turns them round; an empty cut renders nothing. DotLiquid 2.0.x has no ``else``
in ``for`` (added in 2.1, dotliquid/dotliquid#425): ``Block.UnknownTag`` refuses the map
("for tag does not expect else tag"). ``forloop`` is a ``Hash`` of ``name``, ``length``,
``index``, ``index0``, ``rindex``, ``rindex0``, ``first`` and ``last`` (no ``parentloop``,
and the names are case-sensitive: ``forloop.Last`` is nil).

Enumerating a ``Hash`` gives ``KeyValuePair<string, object>`` items, and ``For.Render`` does
not hand those to the loop variable: ``BuildContext`` does, only when the value is itself a
``Hash``. It then writes the key into that object as ``itemName`` (the object changes for the
rest of the render: ``content.a.itemName`` reads it after the loop too) and sets the loop
variable to the object; each object inside it gets its own key as ``itemName`` in the same
way, recursively. For any other value the loop variable is not set at all: it keeps what it
had (the previous object of the same loop, or the variable of that name outside the loop, or
nil). ``forloop`` counts every pair. The same holds for key-value pairs in a list (``Uniq`` or
``Compact`` of objects).

So ``{% for e in content.people %}{{ e.itemName }}: {{ e.name }}{% endfor %}`` lists an
object of objects, and ``e.Key``/``e[0]`` are nil (the variable is the value, not the pair).
"""

from __future__ import annotations

from typing import Any

from reqres_mock.definitions.liquid.listfilters import enumerate_items
from reqres_mock.definitions.liquid.values import (
    FORMAT_ERROR,
    KeyValuePair,
    LiquidError,
    Long,
    change_type,
    convert_to_int32,
    plain,
)


def private_copy(value: Any) -> Any:
    """A copy of the map's ``content`` that a ``for`` over an object may change
    (``itemName``) without touching the action's recorded inputs; no two places share an
    object, as in the runtime's own copy of the JSON. Its integers are ``Int64``
    (:class:`~.values.Long`)."""
    if isinstance(value, dict):
        return {key: private_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [private_copy(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return Long(value)
    return value


def _build_context(scope: dict[str, Any], parent: str, key: str, value: Any) -> None:
    """``For.BuildContext``: for an object value, ``itemName`` set and the variable bound;
    then each object inside it, bound to ``parent.key`` (a name no path reaches)."""
    if not isinstance(value, dict):
        return
    value["itemName"] = key
    scope[parent] = value
    for child_key, child in list(value.items()):
        if isinstance(child, dict):
            _build_context(scope, f"{parent}.{key}", child_key, child)


def _count(context: Any, expression: Any) -> int:
    """``Convert.ToInt32(context[markup])``: nil is 0."""
    return convert_to_int32(expression.evaluate(context))


def render_for(node: Any, context: Any, buffer: Any) -> int:
    """Render python-liquid's ``ForNode`` ``node`` as ``For.Render`` does.

    :raises LiquidError: a ``limit`` or ``offset`` ``Convert.ToInt32`` refuses.
    """
    from liquid.builtin.expressions.primitive import StringLiteral  # noqa: PLC0415 (extra)
    from liquid.exceptions import BreakLoop, ContinueLoop  # noqa: PLC0415

    loop = node.expression
    collection = plain(loop.iterable.evaluate(context))
    if not isinstance(collection, (str, list, tuple, dict, range)):
        return 0  # not IEnumerable
    name = f"{loop.identifier}-{loop.iterable}"
    if loop.offset is None:
        start = 0
    elif isinstance(loop.offset, StringLiteral) and loop.offset.value == "continue":
        start = context.stopindex(name)
    else:
        start = _count(context, loop.offset)
    stop = start + _count(context, loop.limit) if loop.limit is not None else None
    # the items from offset to offset + limit (a negative bound counts from the start, not the
    # end); a range is sliced, not built: (1..2000000000) limit:2 is two items
    lo, hi = max(start, 0), None if stop is None else max(stop, 0)
    segment = list(enumerate_items(collection)[lo:hi])
    if not segment:
        return 0
    if loop.reversed:
        segment.reverse()
    length = len(segment)
    context.stopindex(key=name, index=start + length)
    variable = loop.identifier
    scope: dict[str, Any] = {}
    written = 0
    with context.extend(scope):
        for index, item in enumerate(segment):
            if isinstance(item, KeyValuePair):
                _build_context(scope, variable, item.key, plain(item.value))
            else:
                scope[variable] = item
            scope["forloop"] = {
                "name": name,
                "length": length,
                "index": index + 1,
                "index0": index,
                "rindex": length - index,
                "rindex0": length - index - 1,
                "first": index == 0,
                "last": index == length - 1,
            }
            try:
                written += int(node.block.render(context, buffer))
            except ContinueLoop:
                continue
            except BreakLoop:
                break
    return written


#: ``Tags/Html/TableRow.cs`` reads ``_attributes["cols"]`` unconditionally: without ``cols``
#: the Dictionary's KeyNotFoundException (.NET's wording).
NO_COLS = "The given key 'cols' was not present in the dictionary."


def _markup_count(expression: Any) -> int:
    """``Convert.ToInt32(_attributes[...])``: TableRow converts ``offset``/``limit``'s markup
    text, not its value, so only an integer literal reads (else the FormatException)."""
    from liquid.builtin.expressions.primitive import IntegerLiteral  # noqa: PLC0415 (extra)

    if not isinstance(expression, IntegerLiteral):
        raise LiquidError(FORMAT_ERROR)
    return int(change_type(expression.value, "int32"))


def render_tablerow(node: Any, context: Any, buffer: Any) -> int:
    """Render python-liquid's ``TablerowNode`` ``node`` as ``TableRow.Render`` (b6a7d99) does:
    nothing for what is not ``IEnumerable`` (nil, a number); else the items (text's
    characters, an object's key-value pairs, as they are: no ``BuildContext``) after
    ``offset`` then ``limit`` (their markup read as integers), ``cols`` required (else a
    Liquid error, before anything is written), ``reversed`` ignored; ``<tr class="row1">``
    and a line break even for no items; each cell rendered apart and written
    ``<td class="colN">…</td>``, a new row after ``cols`` cells (``cols`` 0 or more than the
    items: one row); ``tablerowloop`` a ``Hash`` of ``length``, ``index``, ``index0``,
    ``col``, ``col0``, ``rindex``, ``rindex0``, ``first``, ``last``, ``col_first`` and
    ``col_last`` (no ``row``). A ``break`` or ``continue`` inside is not TableRow's: it
    leaves the table (its cell unwritten) for the enclosing ``for`` or the document.

    :raises LiquidError: the conversions' exceptions, or :data:`NO_COLS`.
    """
    from io import StringIO  # noqa: PLC0415

    loop = node.expression
    collection = plain(loop.iterable.evaluate(context))
    if not isinstance(collection, (str, list, tuple, dict, range)):
        return 0
    items = enumerate_items(collection)
    if loop.offset is not None:
        items = items[max(0, _markup_count(loop.offset)) :]
    if loop.limit is not None:
        items = items[: max(0, _markup_count(loop.limit))]
    if loop.cols is None:
        raise LiquidError(NO_COLS)
    cols = convert_to_int32(loop.cols.evaluate(context))
    length, row, col = len(items), 1, 0
    written = buffer.write('<tr class="row1">\n')
    scope: dict[str, Any] = {}
    with context.extend(scope):
        for index, item in enumerate(items):
            scope[loop.identifier] = item
            scope["tablerowloop"] = {
                "length": length,
                "index": index + 1,
                "index0": index,
                "col": col + 1,
                "col0": col,
                "rindex": length - index,
                "rindex0": length - index - 1,
                "first": index == 0,
                "last": index == length - 1,
                "col_first": col == 0,
                "col_last": col == cols - 1,
            }
            col += 1
            cell = StringIO()
            node.block.render(context, cell)
            written += buffer.write(f'<td class="col{col}">{cell.getvalue()}</td>')
            if col == cols and index != length - 1:
                col, row = 0, row + 1
                written += buffer.write(f'</tr>\n<tr class="row{row}">')
    return int(written + buffer.write("</tr>\n"))
