"""Mixed load from a second process: req/s and latency of the mock vs a bare Werkzeug app.

The server runs in its own process; this process drives it from N = 50, 200 and 500 threads,
each with its own keep-alive ``requests.Session``, for --duration seconds each, spreading
calls over three workflows: a static Response, an expression Response (computed from the
request), and a slow one (the Response takes 20 ms, like a workflow doing work; the bare app
sleeps as long). Prints req/s, p50 and p99 for both and their ratio, the CPU seconds the server
and the client used (a Python client on a 2-core machine is often the bottleneck: then the
ratio measures the client; ``bench_wrk.py`` drives the server from C), and checks that every
call the client made is in the mock's journal exactly once.

Bare Werkzeug answers every call with ``Connection: close``, so its client reconnects per
call; the mock keeps connections alive as Logic Apps does.

    python benchmarks/bench_load.py [--duration 30] [--levels 50,200,500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from _common import machine

MOCK = """
import json, sys
from reqres_mock import MockServer, Response
server = MockServer(timeout=60).start()
static = server.add_workflow("static", response=Response(200, headers={"Content-Type": "application/json"}, body={"ok": True}))
(echo,) = server.add_definition("echo", {"triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {"Response": {"type": "Response", "inputs": {"statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {"n": "@add(triggerBody()['n'], 1)", "id": "@{workflow()['run']['name']}"}}}}})
slow = server.add_workflow("slow", response=Response(200, body="done", delay=0.02))
print(json.dumps([static.callback_url, echo.callback_url, slow.callback_url]), flush=True)
sys.stdin.readline()
print(json.dumps({"calls": len(server.calls), "ids": len({r.id for r in server.calls})}), flush=True)
server.stop()
"""

BARE = """
import json, logging, socket, sys, threading, time
from werkzeug.serving import make_server
logging.getLogger("werkzeug").disabled = True
def app(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    path = environ["PATH_INFO"]
    if path == "/slow":
        time.sleep(0.02)
        data = b"done"
    elif path == "/echo":
        data = json.dumps({"n": json.loads(body)["n"] + 1}).encode()
    else:
        data = b'{"ok":true}'
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(1024)
server = make_server("127.0.0.1", sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.port}"
print(json.dumps([base + "/static", base + "/echo", base + "/slow"]), flush=True)
sys.stdin.readline()
print(json.dumps({"calls": None, "ids": None}), flush=True)
server.shutdown()
"""


def drive(urls: list[str], concurrency: int, duration: float) -> tuple[int, list[float], int]:
    """``concurrency`` threads, each with its own keep-alive ``requests.Session``."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + duration

    def worker(offset: int) -> None:
        nonlocal errors
        n = offset
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                url = urls[n % len(urls)]
                start = time.perf_counter()
                try:
                    reply = session.post(url, json={"n": n}, timeout=30)
                    if reply.status_code != 200:
                        errors += 1
                except requests.RequestException:
                    errors += 1
                latencies.append(time.perf_counter() - start)
                n += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, errors


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    source: str, concurrency: int, duration: float
) -> tuple[float, float, float, int, dict]:
    process = subprocess.Popen(
        [sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    urls = json.loads(process.stdout.readline())
    server_cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
    count, latencies, errors = drive(urls, concurrency, duration)
    report_cpu = (cpu_seconds(process.pid) - server_cpu, time.process_time() - client_cpu)
    process.stdin.write("report\n")
    process.stdin.flush()
    report = json.loads(process.stdout.readline())
    process.stdin.close()
    process.wait(timeout=60)
    process.stdout.close()
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    report["made"] = count
    report["cpu"] = report_cpu
    return count / duration, statistics.median(ordered), p99, errors, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--levels", default="50,200,500")
    args = parser.parse_args()
    print(f"machine: {machine()}; {args.duration:g} s per level, mixed static/expression/slow")
    for level in (int(v) for v in args.levels.split(",")):
        ours = measure(MOCK, level, args.duration)
        bare = measure(BARE, level, args.duration)
        for name, (rate, p50, p99, errors, rep) in (("reqres-mock", ours), ("bare werkzeug", bare)):
            server_cpu, client_cpu = rep["cpu"]
            print(
                f"N={level:<4} {name:14} {rate:7.0f} req/s  p50 {p50 * 1000:7.1f} ms  "
                f"p99 {p99 * 1000:7.1f} ms  errors {errors}  CPU s: server {server_cpu:.1f}, "
                f"client {client_cpu:.1f}"
            )
        report = ours[4]
        exact = report["calls"] == report["made"] == report["ids"]
        print(
            f"N={level:<4} ratio ours/bare {ours[0] / bare[0]:.2f}x req/s; journal "
            f"{report['calls']} calls for {report['made']} made "
            f"({'exactly once each' if exact else 'MISMATCH'})"
        )


if __name__ == "__main__":
    main()
