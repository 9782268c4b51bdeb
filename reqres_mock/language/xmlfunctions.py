"""XML functions: ``xml`` and ``xpath``."""

from __future__ import annotations

from typing import Any

from reqres_mock.language.registry import fail, function


@function("xml", 1)
def _xml(value: Any) -> Any:
    raise fail("xml", "is not supported by reqres-mock (XML conversion); stub the action instead")


@function("xpath", 2)
def _xpath(value: Any, path: Any) -> Any:
    raise fail("xpath", "is not supported by reqres-mock; stub the action instead")
