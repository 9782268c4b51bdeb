"""Helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence


def machine() -> str:
    cpus = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cpus} CPU(s), Python {platform.python_version()}"


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def run_quiet(
    args: Sequence[str],
    cwd: str | None = None,
    ok: Sequence[int] = (0,),
    env: Mapping[str, str] | None = None,
) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode not in ok:
        sys.exit(f"benchmark command failed: {' '.join(args)}\n{done.stdout}\n{done.stderr}")
