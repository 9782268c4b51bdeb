"""What loading the plugin adds to ``pytest --co`` on an empty test file.

Each configuration runs many times, interleaved, and the best time counts (noise only adds).
Ours: with the plugin vs ``-p no:reqres_mock``; the peer: pytest-httpserver with vs
``-p no:pytest_httpserver``; each measured with the other plugin disabled.
Target: ours <= 30 ms (pytest-httpserver's costs about 60 ms).

    python benchmarks/bench_import.py [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import machine, run_quiet, timed

CONFIGS = {
    "neither": ["-p", "no:reqres_mock", "-p", "no:pytest_httpserver"],
    "reqres-mock": ["-p", "no:pytest_httpserver"],
    "pytest-httpserver": ["-p", "no:reqres_mock"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "test_empty.py"
        empty.write_text("")
        base = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
        for _ in range(args.runs):
            for name, extra in CONFIGS.items():
                command = [*base, *extra, str(empty)]
                # exit code 5 (no tests collected) is expected here
                elapsed = timed(lambda c=command: run_quiet(c, cwd=folder, ok=(0, 5)), 1)[0]
                best[name] = min(best.get(name, elapsed), elapsed)
    print(f"machine: {machine()}; best of {args.runs} interleaved runs of pytest --co")
    for name, value in best.items():
        print(f"{name:18} {value * 1000:7.1f} ms")
    ours = (best["reqres-mock"] - best["neither"]) * 1000
    theirs = (best["pytest-httpserver"] - best["neither"]) * 1000
    print(f"reqres-mock plugin adds:       {ours:6.1f} ms (target <= 30 ms)")
    print(f"pytest-httpserver plugin adds: {theirs:6.1f} ms")


if __name__ == "__main__":
    main()
