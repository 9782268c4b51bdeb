"""The Workflow Definition Language's pure functions, one module per family, in one registry.

Importing this module registers every family (strings, collections, logical, conversion, math,
uri, binary, objects, xml, dates) in :data:`~reqres_mock.language.registry.FUNCTIONS`.
Functions that read the run
(``trigger()``, ``body()``, ``variables()``...) are the run's own
(:mod:`reqres_mock.definitions.runner`); ``if``, ``coalesce``, ``and`` and ``or`` are evaluated
lazily by :mod:`reqres_mock.language.expressions`.
"""

from __future__ import annotations

from reqres_mock.language import (  # noqa: F401  (importing a family registers its functions)
    binary,
    collections,
    conversion,
    dates,
    logical,
    math,
    objects,
    strings,
    uri,
    xmlfunctions,
)
from reqres_mock.language.registry import FAMILIES, FUNCTIONS, SPELLINGS, Function
from reqres_mock.language.values import to_text

__all__ = ["FAMILIES", "FUNCTIONS", "SPELLINGS", "Function", "to_text"]
