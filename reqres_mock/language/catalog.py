"""The catalogue of the language's functions, generated from the registry for the README.

``python -m reqres_mock.language.catalog`` prints the Markdown table that the README holds
between its ``functions:start``/``functions:end`` markers; a test fails when the two differ,
so the README's list cannot drift from what the evaluator knows.
"""

from __future__ import annotations

from reqres_mock.language.expressions import LAZY_FUNCTIONS
from reqres_mock.language.functions import FAMILIES, SPELLINGS

#: README wording of each family module, in the order the README lists them.
FAMILY_TITLES = {
    "strings": "string",
    "collections": "collection",
    "logical": "logical comparison",
    "conversion": "conversion",
    "binary": "binary and data URI",
    "uri": "URI",
    "objects": "object",
    "xmlfunctions": "XML (needs the `xml` extra)",
    "math": "math",
    "dates": "date and time",
}
#: Lazily evaluated functions belong to the logical family.
_LAZY_FAMILY = "logical"


def catalog() -> dict[str, list[str]]:
    """Family title -> the documented spellings of its functions, sorted case-insensitively."""
    names: dict[str, list[str]] = {title: [] for title in FAMILY_TITLES.values()}
    for key, family in FAMILIES.items():
        names[FAMILY_TITLES[family]].append(SPELLINGS[key])
    for key in LAZY_FUNCTIONS - set(FAMILIES):
        names[FAMILY_TITLES[_LAZY_FAMILY]].append(key)
    return {title: sorted(set(found), key=str.lower) for title, found in names.items()}


def markdown() -> str:
    """The README's table of functions."""
    lines = ["| family | functions |", "|---|---|"]
    for title, found in catalog().items():
        lines.append(f"| {title} | {', '.join(f'`{n}`' for n in found)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    print(markdown(), end="")
