"""1,000 concurrent calls held past a 2 s deadline: all must get 504 at the deadline.

The mock runs in its own process with a gated workflow (its Response never comes in time);
the peer is a bare Werkzeug server in its own process whose app waits 2 s and answers 504.
An asyncio client opens all connections at once and times each reply. Prints, for both: how
many got 504, how many came early, worst latency, peak RSS; and the mock's journal count.
Targets: all 1,000 get 504, none early, our worst latency within 250 ms of the bare server's,
our RSS <= 2x its RSS, all 1,000 runs journalled.

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
import json, sys
from reqres_mock import MockServer, Response
server = MockServer(timeout={deadline}).start()
wf = server.add_workflow("held", response=Response(200))
gate = wf.gate()
print(wf.callback_url.split("://", 1)[1].split("/", 1)[1], server.port, flush=True)
sys.stdin.readline()
runs = server.journal.entries()
status = open("/proc/self/status").read()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
print(json.dumps({{"runs": len(runs), "rss_kb": peak}}), flush=True)
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


def measure(source: str, calls: int) -> Result:
    process = subprocess.Popen(
        [sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    target, port = process.stdout.readline().split()
    outcomes = asyncio.run(storm(int(port), target, calls))
    process.stdin.write("report\n")
    process.stdin.flush()
    report = json.loads(process.stdout.readline())
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()
    return Result(
        [s for s, _ in outcomes], [t for _, t in outcomes], report["runs"], report["rss_kb"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=2.0)
    args = parser.parse_args()
    ours = measure(MOCK.format(deadline=args.deadline), args.calls)
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
    print(f"runs journalled: {ours.runs}/{args.calls}")


if __name__ == "__main__":
    main()
