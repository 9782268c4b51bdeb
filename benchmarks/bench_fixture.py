"""Per-test overhead of the reqres_server fixture vs pytest-httpserver's httpserver.

Generates three 200-test files (one POST through reqres_server; the same through httpserver;
no-op tests), runs each with pytest in a subprocess a few times, and prints the per-test cost
above the no-op baseline and the ratio. Target: ours <= 0.8x theirs.

    python benchmarks/bench_fixture.py [--tests 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import machine, run_quiet, timed

OURS = """
import pytest, requests
from reqres_mock import Response

@pytest.mark.parametrize("n", range({n}))
def test_call(reqres_server, n):
    wf = reqres_server.add_workflow(
        "orders", response=Response(200, headers={{"Content-Type": "application/json"}},
                                    body={{"ok": True}}))
    assert requests.post(wf.callback_url, json={{"n": n}}, timeout=5).status_code == 200
"""
THEIRS = """
import pytest, requests

@pytest.mark.parametrize("n", range({n}))
def test_call(httpserver, n):
    httpserver.expect_request("/orders", method="POST").respond_with_json({{"ok": True}})
    url = httpserver.url_for("/orders")
    assert requests.post(url, json={{"n": n}}, timeout=5).status_code == 200
"""
NOOP = """
import pytest

@pytest.mark.parametrize("n", range({n}))
def test_call(n):
    assert n >= 0
"""


def _command(folder: str, name: str, source: str, count: int) -> list[str]:
    path = Path(folder) / f"test_{name}_{count}.py"
    path.write_text(source.format(n=count))
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.tests
    files = {"noop": NOOP, "reqres_server": OURS, "httpserver": THEIRS}
    samples: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        commands = {
            (name, count): _command(folder, name, source, count)
            for name, source in files.items()
            for count in (n, 2 * n)
        }
        # Interleaved rounds, best of each: this machine's noise only ever adds time.
        for _ in range(args.repeat):
            for key, command in commands.items():
                samples.setdefault(key, []).extend(
                    timed(lambda c=command: run_quiet(c, cwd=folder), 1)
                )
    one = {name: min(samples[name, n]) for name in files}
    two = {name: min(samples[name, 2 * n]) for name in files}
    # Per-test cost is the slope between N and 2N tests, so one-off costs (importing the
    # library on first use, starting the session server) do not count as per-test overhead.
    slope = {name: (two[name] - one[name]) / n * 1000 for name in files}
    fixed = {name: (one[name] - slope[name] * n / 1000) for name in files}
    ours = slope["reqres_server"] - slope["noop"]
    theirs = slope["httpserver"] - slope["noop"]
    print(f"machine: {machine()}; {n} and {2 * n} tests, best of {args.repeat} interleaved runs")
    for name in files:
        print(
            f"{name:14} {one[name]:6.2f} s for {n}, {two[name]:6.2f} s for {2 * n}; "
            f"one-off {fixed[name]:.2f} s"
        )
    print(f"reqres_server:     {ours:.2f} ms per test above a no-op test")
    print(f"httpserver (peer): {theirs:.2f} ms per test above a no-op test")
    print(f"ratio ours/theirs: {ours / theirs:.2f}x (target <= 0.8x)")
    in_n = (one["reqres_server"] - one["noop"]) / (one["httpserver"] - one["noop"])
    print(f"whole {n}-test file above no-op, ours/theirs: {in_n:.2f}x")


if __name__ == "__main__":
    main()
