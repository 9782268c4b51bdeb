"""Mixed load from a second process: req/s and latency of the mock vs a bare Werkzeug app.

The server runs in its own process; this process drives it with httpx's async client at
N = 50, 200 and 500 concurrent callers for --duration seconds each, spreading calls over
three workflows: a static Response, an expression Response (computed from the request), and a
slow one (the Response takes 20 ms, like a workflow doing work; the bare app sleeps as long).
Prints req/s, p50 and p99 for both and their ratio, and checks that every call the client
made is in the mock's journal exactly once.

    python benchmarks/bench_load.py [--duration 30] [--levels 50,200,500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time

import httpx
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


async def drive(urls: list[str], concurrency: int, duration: float) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker(offset: int) -> None:
            nonlocal errors
            n = offset
            while time.monotonic() < stop_at:
                url = urls[n % len(urls)]
                start = time.perf_counter()
                try:
                    reply = await client.post(url, json={"n": n})
                    if reply.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)
                n += 1

        await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return len(latencies), latencies, errors


def measure(
    source: str, concurrency: int, duration: float
) -> tuple[float, float, float, int, dict]:
    process = subprocess.Popen(
        [sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    urls = json.loads(process.stdout.readline())
    count, latencies, errors = asyncio.run(drive(urls, concurrency, duration))
    process.stdin.write("report\n")
    process.stdin.flush()
    report = json.loads(process.stdout.readline())
    process.stdin.close()
    process.wait(timeout=60)
    process.stdout.close()
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    report["made"] = count
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
        for name, (rate, p50, p99, errors, _) in (("reqres-mock", ours), ("bare werkzeug", bare)):
            print(
                f"N={level:<4} {name:14} {rate:7.0f} req/s  p50 {p50 * 1000:7.1f} ms  "
                f"p99 {p99 * 1000:7.1f} ms  errors {errors}"
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
