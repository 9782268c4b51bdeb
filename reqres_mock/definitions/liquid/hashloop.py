"""``for`` over an object, as DotLiquid's ``Tags/For.cs`` (b6a7d99) runs it, for the Liquid
action (:mod:`reqres_mock.definitions.liquid`).

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

from reqres_mock.definitions.liquid.values import KeyValuePair, plain


def loops_over_pairs(collection: Any) -> bool:
    """Whether ``for`` over ``collection`` meets key-value pairs: an object, or a list with a
    pair in it."""
    collection = plain(collection)
    if isinstance(collection, dict):
        return True
    return isinstance(collection, list) and any(isinstance(i, KeyValuePair) for i in collection)


def private_copy(value: Any) -> Any:
    """A copy of the map's ``content`` that a ``for`` over an object may change
    (``itemName``) without touching the action's recorded inputs; no two places share an
    object, as in the runtime's own copy of the JSON."""
    if isinstance(value, dict):
        return {key: private_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [private_copy(item) for item in value]
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


def render_pairs(node: Any, context: Any, buffer: Any) -> int:
    """Render python-liquid's ``ForNode`` ``node`` over a collection of key-value pairs the
    way ``For.Render`` does (``limit``, ``offset``, ``reversed`` and ``forloop`` as
    python-liquid has them for any loop)."""
    from liquid.builtin.tags.for_tag import ForLoop  # noqa: PLC0415 (optional extra)
    from liquid.exceptions import BreakLoop, ContinueLoop  # noqa: PLC0415

    iterator, length = node.expression.evaluate(context)
    if not length:
        return int(node.default.render(context, buffer)) if node.default else 0
    items = [KeyValuePair(*item) if isinstance(item, tuple) else item for item in iterator]
    name = node.expression.identifier
    forloop = ForLoop(
        name=f"{name}-{node.expression.iterable}",
        it=iter(items),
        length=length,
        parentloop=context.parentloop(),
    )
    scope: dict[str, Any] = {"forloop": forloop}
    written = 0
    with context.loop(scope, forloop):
        for item in forloop:
            if isinstance(item, KeyValuePair):
                _build_context(scope, name, item.key, plain(item.value))
            else:
                scope[name] = item
            try:
                written += int(node.block.render(context, buffer))
            except ContinueLoop:
                continue
            except BreakLoop:
                break
    return written
