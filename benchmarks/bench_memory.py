"""Memory of the standalone server under a long stream of calls: RSS flat once the cap is hit.

Starts ``reqres-mock serve`` (the installed command) with ``--max-runs``, sends ``--calls``
calls (1,000,000 is the goal; the count is a parameter) in rounds, and after each round reads
the server's resident memory (``/proc/PID/status``) and its ``/_reqres/health`` (calls kept,
evicted). Calls go out from wrk over keep-alive connections when wrk is installed, else from
threads with ``requests`` sessions (slower). The JSON body is ``--body-size`` bytes.

Prints one line per round and, at the end, RSS growth between the first round past the cap
and the last one (the goal: flat, within noise). Without the cap (before it existed) RSS grew
with every call; ``--max-runs`` larger than ``--calls`` shows that growth for comparison.

    python benchmarks/bench_memory.py [--calls 1000000] [--max-runs 10000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import requests
from _common import machine

DEFINITION = {
    "definition": {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"method": "POST"}}},
        "actions": {
            "Response": {
                "type": "Response",
                "inputs": {
                    "statusCode": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"n": "@triggerBody()?['n']", "run": "@{workflow()['run']['name']}"},
                },
                "runAfter": {},
            }
        },
    }
}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def send_wrk(url: str, calls: int, script: Path) -> None:
    # wrk runs by duration; ask for about the calls wanted at ~1,000 req/s, at least 2 s.
    seconds = max(2, round(calls / 1000))
    subprocess.run(
        ["wrk", "-t2", "-c20", f"-d{seconds}s", "-s", str(script), url],
        capture_output=True,
        check=True,
    )


def send_threads(url: str, calls: int, body: bytes) -> None:
    def worker(count: int) -> None:
        with requests.Session() as session:
            for _ in range(count):
                session.post(url, data=body, headers={"Content-Type": "application/json"})

    threads = [threading.Thread(target=worker, args=(calls // 8,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def summarize(samples: list[tuple[int, float, int]]) -> None:
    """RSS growth past the cap: over the whole run, and over its second half."""
    past_cap = [s for s in samples if s[2] > 0]
    if len(past_cap) >= 2:
        first, last = past_cap[0], past_cap[-1]
        growth = last[1] - first[1]
        print(
            f"RSS from {first[0]:,} to {last[0]:,} calls (cap reached): {first[1]:.1f} -> "
            f"{last[1]:.1f} MB ({growth:+.1f} MB, {last[1] / first[1]:.2f}x; goal: flat)"
        )
        # The first rounds past the cap still grow the worker pool and the allocator's arenas;
        # the second half of the run shows whether anything grows per call.
        half = next(s for s in past_cap if s[0] >= last[0] / 2)
        peak = max(s[1] for s in past_cap)
        print(
            f"second half, {half[0]:,} to {last[0]:,} calls: {half[1]:.1f} -> {last[1]:.1f} MB "
            f"({last[1] - half[1]:+.1f} MB); peak past the cap {peak:.1f} MB"
        )
    else:
        print("the cap was not passed twice: send more --calls or lower --max-runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--max-runs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--body-size", type=int, default=1024)
    args = parser.parse_args()
    executable = Path(sys.executable).parent / "reqres-mock"
    body = json.dumps({"n": 41, "pad": "x" * max(0, args.body_size - 20)}).encode()
    use_wrk = shutil.which("wrk") is not None
    print(
        f"machine: {machine()}; {args.calls:,} calls in {args.rounds} rounds, --max-runs "
        f"{args.max_runs:,}, {len(body)} B JSON bodies, sent by "
        f"{'wrk (20 keep-alive connections)' if use_wrk else '8 requests sessions'}"
    )
    with tempfile.TemporaryDirectory() as folder:
        flow = Path(folder) / "memory" / "workflow.json"
        flow.parent.mkdir()
        flow.write_text(json.dumps(DEFINITION))
        script = Path(folder) / "post.lua"
        script.write_text(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body.decode())}\n"
        )
        server = subprocess.Popen(
            [str(executable), "serve", str(flow), "--port", "0", "--max-runs", str(args.max_runs)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert server.stdout is not None
        # The call log (one line per call) would fill the pipe: read and drop it.
        url = server.stdout.readline().split(" ")[2].strip()
        threading.Thread(target=server.stdout.read, daemon=True).start()
        base = url.split("/workflows/")[0].split("/api/")[0]
        samples: list[tuple[int, float, int]] = []
        try:
            print(f"{'served':>10} {'kept':>7} {'evicted':>10} {'RSS MB':>8}")
            print(f"{0:>10,} {0:>7,} {0:>10,} {rss_mb(server.pid):8.1f}")
            served = 0
            while served < args.calls:
                chunk = max(1, args.calls // args.rounds)
                if use_wrk:
                    send_wrk(url, chunk, script)
                else:
                    send_threads(url, chunk, body)
                health = requests.get(f"{base}/_reqres/health", timeout=30).json()
                served = health["calls"] + health["evictedRuns"]
                rss = rss_mb(server.pid)
                samples.append((served, rss, health["evictedRuns"]))
                print(
                    f"{served:>10,} {health['calls']:>7,} {health['evictedRuns']:>10,} {rss:8.1f}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    summarize(samples)


if __name__ == "__main__":
    main()
