"""How Workflow Definition Language values print and compare.

:func:`to_text` is how the runtime writes a value into a string (interpolation, ``string()``,
``concat()``); :func:`same` is the equality of ``equals()``, ``contains()`` and ``union()``.
"""

from __future__ import annotations

import json
from typing import Any


def to_text(value: Any) -> str:
    """How Logic Apps writes a value into a string (interpolation and ``string()``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def same(left: Any, right: Any) -> bool:
    """Whether two values are equal as the runtime compares them."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)
