"""DotLiquid 2.0.x's tags, loops, variable lookups and filter arguments as the Liquid action
renders them, table by table.

Each expectation follows dotliquid/dotliquid at b6a7d99 (the commit the Logic Apps article
links; ``for``'s ``else`` and the ``increment``/``decrement`` tags came later, in 2.1 and 2.2),
at the file and method named in each comment, with C# (sentence-case) filter names and the
invariant culture as the mock assumes for the runtime, and was checked against that commit
compiled from source and run under Mono (``content`` given as a ``Hash`` of ``Hash``,
``List<object>``, ``long``, ``double``, ``string`` and ``bool``, as the mock models the
runtime's JSON).
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("liquid")

from reqres_mock.definitions.actions import Action
from reqres_mock.definitions.liquid.engine import render
from reqres_mock.definitions.liquid.listfilters import COMPARE_FAILED

ACTION = Action(
    name="Transform",
    type="liquid",
    type_name="Liquid",
    pointer="/actions/Transform",
    run_after={},
    inputs={},
    spec={},
)
CONTENT = {
    "s": "abc",
    "e": "",
    "l": [],
    "a": [3, 1, 2],
    "h": {"x": 1, "y": {"z": 2}},
    "d": 2.5,
    "n": 5,
    "t": True,
    "people": [{"name": "b"}, {"name": "a"}],
    "words": ["b", "A", "a", "C"],
    "nested": [[3, 1], [2, ["b", "a"]]],
    "mixed": [1, "a"],
    "own": {"size": 9, "first": "F"},
    "inner": [[3, 1], [[4], 2]],
    "reals": [1, 2.5],
    "nils": ["b", None, "a", None],
    "nilfirst": [None, "a"],
}


def rendered(template: str) -> str:
    return render(template, CONTENT, "map.liquid", ACTION)


def table(*rows: tuple[str, str, str]) -> Any:
    """``pytest.param(template, expected, id=...)`` for each row."""
    return pytest.mark.parametrize(
        ("template", "expected"),
        [pytest.param(template, expected, id=name) for template, expected, name in rows],
    )


@table(
    # Context.Resolve: a number with a point is a decimal (decimal.TryParse first), and
    # Strainer.Invoke hands a string parameter Convert.ChangeType's text: the decimal with its
    # scale, a boolean True/False; Variable.Render alone writes "0.####…" and true/false.
    ("{{ 2.50 | Append: 'x' }}|{{ 2.50 | Prepend: 'x' }}|{{ 2.50 }}", "2.50x|x2.50|2.5", "decimal"),
    ("{{ content.d | Append: 'x' }}|{{ content.d }}", "2.5x|2.5", "json-real-is-a-double"),
    (
        "{{ 1.0 | Append: '' }}|{{ 2.50 | Upcase }}|{{ 2.50 | Default: 'x' }}",
        "1.0|2.50|2.50",
        "scale",
    ),
    ("{{ 2.50 | Replace: '0', '9' }}|{{ 2.50 | Remove: '5' }}", "2.59|2.0", "replace-remove"),
    ("{{ 2.50 | Split: '.' | Join: '-' }}|{{ 2.50 | Slice: 0, 4 }}", "2-50|2.50", "split-slice"),
    ("{{ true | Upcase }}|{{ true | Strip }}|{{ false | Lstrip }}", "TRUE|True|False", "boolean"),
    ("{{ content.t | Downcase }}|{{ content.t | Rstrip }}", "true|True", "json-boolean"),
    # StandardFilters.Date(object input, …): input.ToString()
    ("{{ 2.50 | Date: 'yyyy' }}", "2.50", "date-input-text"),
    # Tags/Assign.cs keeps the value (Variable.Render's object, not its text).
    ("{% assign v = 2.50 %}{{ v }}|{{ v | Append: '' }}", "2.5|2.50", "assign-keeps-decimal"),
    (
        "{{ content.a | Append: 'x' }}",
        "Liquid error: Object of type 'System.Collections.Generic.List`1[System.Object]' "
        "cannot be converted to type 'System.String'.",
        "list-is-not-text",
    ),
    (
        "{{ content.h | Upcase }}",
        "Liquid error: Object of type 'DotLiquid.Hash' cannot be converted to type "
        "'System.String'.",
        "object-is-not-text",
    ),
)
def test_filter_text_arguments(template, expected):
    """A filter's ``string`` input and arguments as Strainer.Invoke converts them."""
    assert rendered(template) == expected


@table(
    # StandardFilters.Sort: Flatten (Util/EnumerableExtensionMethods.cs) first, then
    # List.Sort with Comparer<object>.Default.
    ("{{ content.words | Sort | Join: ',' }}", "a,A,b,C", "text-invariant-order"),
    ("{{ content.a | Sort | Join: ',' }}", "1,2,3", "numbers"),
    ("{{ content.nested | Sort | Join: ',' }}", "Liquid error: " + COMPARE_FAILED, "nested-mixed"),
    ("{{ content.inner | Sort | Join: ',' }}", "1,2,3,4", "nested-lists-flatten"),
    ("{{ content.mixed | Sort | Join: ',' }}", "Liquid error: " + COMPARE_FAILED, "long-and-text"),
    (
        "{{ content.reals | Sort | Join: ',' }}",
        "Liquid error: " + COMPARE_FAILED,
        "long-and-double",
    ),
    ("{{ content.nils | Sort | Join: ',' }}", ",,a,b", "nil-first"),
    ("{{ content.h | Sort | Size }}", "Liquid error: " + COMPARE_FAILED, "object-pairs"),
    ("{{ content.people | Sort | Size }}", "Liquid error: " + COMPARE_FAILED, "objects"),
    ("{{ 'cba' | Sort | Join: ',' }}", "a,b,c", "text-is-its-characters"),
    ("{{ 5 | Sort | Join: ',' }}", "5", "single-value"),
    ("[{{ content.missing | Sort }}]", "[]", "nil"),
    # A JSON list is a List<object>, not IEnumerable<Hash>: objects flatten to pairs, which
    # respond to Key and Value only (ObjectExtensionMethods.RespondTo); else unsorted.
    ("{{ content.people | Sort: 'name' | Join: ',' }}", "[name, b],[name, a]", "by-property"),
    ("{{ content.people | Sort: 'Value' | Join: ',' }}", "[name, a],[name, b]", "pairs-by-value"),
    ("{{ content.h | Sort: 'Key' | First }}", "[x, 1]", "pairs-by-key"),
    (
        "{{ content.nilfirst | Sort: 'Key' }}",
        "Liquid error: Value cannot be null. (Parameter 'value')",
        "nil-with-property",
    ),
)
def test_sort(template, expected):
    assert rendered(template) == expected
