"""1,000 concurrent calls held past a 2 s deadline: all must get 504 at the deadline.

The mock runs in its own process with a gated workflow (its Response never comes in time);
the peer is a bare Werkzeug server in its own process whose app waits 2 s and answers 504.
An asyncio client opens all connections at once and times each reply. Prints, for both: how
many got 504, how many came early, worst latency, peak RSS; and the mock's journal count.
Targets: all 1,000 get 504, none early, our worst latency within 250 ms of the bare server's,
our RSS <= 2x its RSS, all 1,000 runs journalled. Then the asynchronous pattern: 1,000 clients
get 202 + Location and poll it every 0.5 s until the deadline turns it into 502 NoResponse;
server RSS and CPU are printed.

    python benchmarks/bench_pending.py [--calls 1000] [--deadline 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from dataclasses import dataclass

from _common import machine

MOCK = """
import json, os, sys
from reqres_mock import MockServer, Response
server = MockServer(timeout={deadline}).start()
wf = server.add_workflow("held", response=Response(200, asynchronous={asynchronous}))
gate = wf.gate()
print(wf.callback_url.split("://", 1)[1].split("/", 1)[1], server.port, flush=True)
sys.stdin.readline()
runs = server.calls
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
times = os.times()
print(json.dumps({{"runs": len(runs), "rss_kb": peak, "cpu_s": times.user + times.system}}), flush=True)
gate.release()
server.stop()
"""

BARE = """
import json, logging, socket, sys, threading, time
from werkzeug.serving import make_server
logging.getLogger("werkzeug").disabled = True
BODY = b'{{"error":{{"code":"ResponseTimeout","message":"timeout"}}}}'
def app(environ, start_response):
    time.sleep({deadline})
    start_response("504 Gateway Timeout", [("Content-Type", "application/json"),
                                           ("Content-Length", str(len(BODY)))])
    return [BODY]
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(1024)
server = make_server("127.0.0.1", sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
threading.Thread(target=server.serve_forever, daemon=True).start()
print("x", server.port, flush=True)
sys.stdin.readline()
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
print(json.dumps({{"runs": None, "rss_kb": peak}}), flush=True)
server.shutdown()
"""


@dataclass
class Result:
    statuses: list[int]
    latencies: list[float]
    runs: int | None
    rss_kb: int
    cpu_s: float | None = None
    polls: int = 0


async def call(port: int, target: str) -> tuple[int, float]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST /{target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n"
        "Content-Type: application/json\r\n\r\n{}".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    return int(data.split(b" ", 2)[1]), time.perf_counter() - start


async def storm(port: int, target: str, calls: int) -> list[tuple[int, float]]:
    return await asyncio.gather(*(call(port, target) for _ in range(calls)))


async def poll_until_done(base: str, target: str, interval: float) -> tuple[int, float, int]:
    """POST, then poll the Location (the asynchronous pattern) until it is not 202."""
    import httpx

    start = time.perf_counter()
    polls = 0
    async with httpx.AsyncClient(timeout=60) as client:
        reply = await client.post(f"{base}/{target}", json={})
        location = reply.headers.get("Location")
        while reply.status_code == 202 and location:
            await asyncio.sleep(interval)
            reply = await client.get(location)
            polls += 1
    return reply.status_code, time.perf_counter() - start, polls


async def poll_storm(
    port: int, target: str, calls: int, interval: float
) -> list[tuple[int, float, int]]:
    base = f"http://127.0.0.1:{port}"
    return await asyncio.gather(*(poll_until_done(base, target, interval) for _ in range(calls)))


def measure(source: str, calls: int, poll_interval: float | None = None) -> Result:
    process = subprocess.Popen(
        [sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    target, port = process.stdout.readline().split()
    polls = 0
    if poll_interval is None:
        outcomes = asyncio.run(storm(int(port), target, calls))
    else:
        polled = asyncio.run(poll_storm(int(port), target, calls, poll_interval))
        outcomes = [(status, elapsed) for status, elapsed, _ in polled]
        polls = sum(n for _, _, n in polled)
    process.stdin.write("report\n")
    process.stdin.flush()
    report = json.loads(process.stdout.readline())
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()
    return Result(
        [s for s, _ in outcomes],
        [t for _, t in outcomes],
        report["runs"],
        report["rss_kb"],
        report.get("cpu_s"),
        polls,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=2.0)
    parser.add_argument(
        "--no-polling", dest="polling", action="store_false", help="skip the asynchronous run"
    )
    args = parser.parse_args()
    ours = measure(MOCK.format(deadline=args.deadline, asynchronous=False), args.calls)
    bare = measure(BARE.format(deadline=args.deadline), args.calls)
    print(f"machine: {machine()}; {args.calls} concurrent calls, deadline {args.deadline} s")
    for name, result in (("reqres-mock", ours), ("bare werkzeug", bare)):
        got = sum(1 for s in result.statuses if s == 504)
        early = sum(1 for t in result.latencies if t < args.deadline)
        ordered = sorted(result.latencies)
        print(
            f"{name:14} 504s {got}/{args.calls}, early {early}, first {ordered[0]:.3f} s, "
            f"median {ordered[len(ordered) // 2]:.3f} s, worst {ordered[-1]:.3f} s, "
            f"peak RSS {result.rss_kb / 1024:.1f} MiB"
        )
    print(
        f"worst latency, ours - bare: {max(ours.latencies) - max(bare.latencies):+.3f} s "
        "(target <= +0.250 s)"
    )
    print(f"peak RSS ours / bare: {ours.rss_kb / bare.rss_kb:.2f}x (target <= 2x)")
    print(f"runs journalled: {ours.runs}/{args.calls}; mock CPU {ours.cpu_s:.2f} s")
    if args.polling:
        polled = measure(
            MOCK.format(deadline=args.deadline, asynchronous=True), args.calls, poll_interval=0.5
        )
        got = sum(1 for s in polled.statuses if s == 502)
        early = sum(1 for t in polled.latencies if t < args.deadline)
        print(
            f"asynchronous pattern: {args.calls} clients polling every 0.5 s: {got} ended in 502 "
            f"NoResponse, early {early}, {polled.polls} polls, worst {max(polled.latencies):.3f} s, "
            f"peak RSS {polled.rss_kb / 1024:.1f} MiB, mock CPU {polled.cpu_s:.2f} s, "
            f"runs journalled {polled.runs}/{args.calls}"
        )


if __name__ == "__main__":
    main()
