"""Start/stop cycles: how long stop() takes, and that nothing is left behind.

Runs N cycles of start, one call, stop for reqres-mock's MockServer and for
pytest-httpserver's HTTPServer in the same process, and prints the mean and worst stop time of
each plus the threads and file descriptors open before and after. Target: stop well under
100 ms, no thread or descriptor growth.

    python benchmarks/bench_lifecycle.py [--cycles 100]
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
import time

import requests
from _common import machine
from pytest_httpserver import HTTPServer

from reqres_mock import MockServer, Response


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def ours() -> float:
    server = MockServer().start()
    wf = server.add_workflow("orders", response=Response(200, body="ok"))
    with requests.Session() as session:  # leaves an idle keep-alive connection open
        session.post(wf.callback_url, timeout=5)
        start = time.perf_counter()
        server.stop()
        return time.perf_counter() - start


def theirs() -> float:
    server = HTTPServer()
    server.start()
    server.expect_request("/orders").respond_with_data("ok")
    with requests.Session() as session:
        session.post(server.url_for("/orders"), timeout=5)
        start = time.perf_counter()
        server.stop()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=100)
    args = parser.parse_args()
    logging.getLogger("werkzeug").disabled = True
    print(f"machine: {machine()}; {args.cycles} start/call/stop cycles each")
    for name, cycle in (("reqres-mock", ours), ("pytest-httpserver", theirs)):
        threads, fds = threading.active_count(), open_fds()
        times = [cycle() for _ in range(args.cycles)]
        print(
            f"{name:18} stop mean {sum(times) / len(times) * 1000:6.1f} ms, "
            f"worst {max(times) * 1000:6.1f} ms; threads {threads} -> {threading.active_count()}, "
            f"fds {fds} -> {open_fds()}"
        )


if __name__ == "__main__":
    main()
