"""The reliability checks at full size, with the figures the README quotes.

Runs the trigger fuzzer (tests/test_reliability.py's strategies) for --examples cases in
process, --cycles start/call/stop cycles, and a stop with --pending held calls; prints cases
tried, calls journalled, peak RSS, and threads and file descriptors before and after.

    python benchmarks/bench_reliability.py [--examples 2000] [--cycles 100] [--pending 500]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from _common import machine
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from test_reliability import fuzz_server, requests_to

from reqres_mock import MockServer, Response, ServerConfig


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def fuzz(examples: int) -> tuple[int, int, int]:
    server = fuzz_server()
    statuses: list[int] = []

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(request=requests_to(server))
    def check(request: object) -> None:
        _, reply = server.handle_call(request)  # type: ignore[arg-type]
        statuses.append(reply.status)
        assert reply.status < 500 or reply.status in (502, 504)
        server.check()

    check()
    journalled = len(server.calls)
    server.stop()
    return len(statuses), journalled, sum(1 for s in statuses if s >= 500)


def cycles(count: int) -> None:
    for _ in range(count):
        with MockServer() as server:
            wf = server.add_workflow("orders", response=Response(200))
            with requests.Session() as session:
                session.post(wf.callback_url, timeout=5)


def pending(count: int) -> list[int]:
    server = MockServer(config=ServerConfig(timeout=60)).start()
    wf = server.add_workflow("held", response=Response(200))
    gate = wf.gate()
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(requests.post, wf.callback_url, timeout=60) for _ in range(count)]
        gate.wait_for_held(count, timeout=60)
        server.stop()
        return [f.result(timeout=60).status_code for f in futures]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--pending", type=int, default=500)
    args = parser.parse_args()
    threads_before, fds_before = threading.active_count(), fds()
    tried, journalled, server_errors = fuzz(args.examples)
    cycles(args.cycles)
    statuses = pending(args.pending)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {machine()}")
    print(
        f"fuzz: {tried} cases, {journalled} calls journalled, {server_errors} 5xx other than 502/504"
    )
    print(f"start/stop: {args.cycles} cycles")
    print(
        f"stop with {args.pending} held calls: {statuses.count(503)} got 503, "
        f"{statuses.count(200)} got 200, {len(statuses) - statuses.count(503) - statuses.count(200)} other"
    )
    print(
        f"threads {threads_before} -> {threading.active_count()}, fds {fds_before} -> {fds()}, "
        f"peak RSS {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
