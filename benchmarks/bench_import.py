"""What installing reqres-mock adds to ``pytest --co`` in a user's project, every plugin counted.

A user who installs reqres-mock gets its pytest plugin and whatever pytest plugins its runtime
dependencies (without extras, transitively) register. So "reqres-mock" here loads exactly the
``pytest11`` plugins of the distributions in that closure, and "neither" loads none of the
installed plugins; the difference is the cost. The peer, pytest-httpserver, is measured the
same way. For comparison, "+ faker's plugin" adds the plugin that faker (a runtime dependency
before the ``schematools`` extra) registers, when faker is installed.

Each configuration runs many times, interleaved, and the best time counts (noise only adds).
Target: ours <= 30 ms.

    python benchmarks/bench_import.py [--runs 15]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from _common import machine, run_quiet, timed


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(name: str) -> set[str]:
    """The distributions ``name`` needs without extras, transitively."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = normalise(todo.pop())
        if current in seen:
            continue
        seen.add(current)
        try:
            requirements = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requirements:
            marker = requirement.partition(";")[2]
            if "extra ==" in marker or ("python_version" in marker and "<" in marker):
                continue
            todo.append(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0))  # type: ignore[union-attr]
    return seen


def plugins() -> dict[str, str]:
    """Every installed pytest11 plugin: entry-point name -> distribution."""
    return {
        ep.name: normalise(ep.dist.name) if ep.dist is not None else ""
        for ep in metadata.entry_points(group="pytest11")
    }


def only(installed: dict[str, str], distributions: set[str]) -> list[str]:
    """pytest options disabling every plugin not registered by ``distributions``."""
    options: list[str] = []
    for name, dist in sorted(installed.items()):
        if dist not in distributions:
            options += ["-p", f"no:{name}"]
    return options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    installed = plugins()
    ours = runtime_closure("reqres-mock")
    peer = runtime_closure("pytest-httpserver")
    configs = {
        "neither": only(installed, set()),
        "reqres-mock": only(installed, ours),
        "pytest-httpserver": only(installed, peer),
    }
    if "faker" in installed.values():
        configs["+ faker's plugin"] = only(installed, ours | {"faker"})
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "test_one.py").write_text("def test_one():\n    pass\n")
        base = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
        for _ in range(args.runs):
            for name, extra in configs.items():
                command = [*base, *extra, "test_one.py"]
                elapsed = timed(lambda c=command: run_quiet(c, cwd=folder), 1)[0]
                best[name] = min(best.get(name, elapsed), elapsed)
    print(f"machine: {machine()}; best of {args.runs} interleaved runs of pytest --co")
    loaded = {
        name: sorted(n for n, d in installed.items() if d in dists)
        for name, dists in (("reqres-mock", ours), ("pytest-httpserver", peer))
    }
    for name, value in best.items():
        shown = f"  plugins {loaded[name]}" if name in loaded else ""
        print(f"{name:18} {value * 1000:7.1f} ms{shown}")
    added = {name: (best[name] - best["neither"]) * 1000 for name in best if name != "neither"}
    print(f"installing reqres-mock adds:       {added['reqres-mock']:6.1f} ms (target <= 30 ms)")
    print(f"installing pytest-httpserver adds: {added['pytest-httpserver']:6.1f} ms")
    faker = added.get("+ faker's plugin")
    if faker is not None:
        print(f"with faker's plugin (before the extra): {faker:6.1f} ms")


if __name__ == "__main__":
    main()
