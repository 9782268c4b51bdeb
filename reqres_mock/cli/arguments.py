"""Argument types shared by the verbs: a bad value is one usage line and exit 2."""

from __future__ import annotations

import argparse
from typing import Any

MAX_PORT = 65535


def port_number(text: str) -> int:
    """A TCP port, 0 (a free one) to 65535.

    :raises argparse.ArgumentTypeError: for anything else, which argparse reports in one line.
    """
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_PORT}, got {text!r}")
    return port


class VersionAction(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        import reqres_mock  # noqa: PLC0415 (importlib.metadata only when asked)

        print(f"{parser.prog} {reqres_mock.__version__}")
        parser.exit(0)
