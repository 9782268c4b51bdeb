"""The run-history page at ``/_reqres/``: server-rendered HTML, no build step."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reqres_mock.engine import Engine


def render_page(engine: Engine, base_url: str) -> str:
    """The page for ``engine``'s workflows and runs, newest first."""
    return "<!doctype html><title>reqres-mock</title>"
