"""Keep-alive load from wrk: req/s, p50/p99 and socket errors of the mock vs bare Werkzeug.

wrk (a C load generator: the client is never the bottleneck) posts a small JSON body over N
keep-alive connections to one workflow: a static Response, or an expression Response computed
from the request. The peer is bare Werkzeug (threaded ``make_server``) answering the same
bytes; Werkzeug sends ``Connection: close`` after every reply, so wrk reconnects per call and
the kernel's FIFO accept queue orders its calls, while the mock keeps connections alive. Each server runs in its own process; the two are measured
interleaved, ``--repeat`` times per case, and the median of each figure is reported with the
ratio mock/bare. wrk's own timeout (2 s) counts as a socket error.

Goals: p99 <= 1.5x bare, zero socket errors, req/s >= 1.0x bare.

Needs the ``wrk`` program (Debian/Ubuntu: ``apt-get install wrk``); without it the benchmark
says so and exits 0 (``.ci/run`` does not run benchmarks).

    python benchmarks/bench_wrk.py [--duration 10] [--levels 50,200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import machine

MOCK = """
import json, sys
from reqres_mock import MockServer, Response
server = MockServer(timeout=60).start()
static = server.add_workflow("static", response=Response(200, headers={"Content-Type": "application/json"}, body={"ok": True}))
(echo,) = server.add_definition("echo", {"triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {"Response": {"type": "Response", "inputs": {"statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {"n": "@add(triggerBody()['n'], 1)"}}}}})
print(json.dumps({"static": static.callback_url, "expression": echo.callback_url}), flush=True)
sys.stdin.readline()
print(json.dumps({"calls": len(server.calls)}), flush=True)
server.stop()
"""

BARE = """
import json, logging, socket, sys, threading
from werkzeug.serving import make_server
logging.getLogger("werkzeug").disabled = True
def app(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    if environ["PATH_INFO"] == "/expression":
        data = json.dumps({"n": json.loads(body)["n"] + 1}).encode()
    else:
        data = b'{"ok":true}'
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(1024)
server = make_server("127.0.0.1", sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.port}"
print(json.dumps({"static": base + "/static", "expression": base + "/expression"}), flush=True)
sys.stdin.readline()
print(json.dumps({"calls": None}), flush=True)
server.shutdown()
"""

SCRIPT = """
wrk.method = "POST"
wrk.body = '{"n": 41}'
wrk.headers["Content-Type"] = "application/json"
"""

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse(output: str) -> dict[str, float]:
    """req/s, p50, p99 (ms), socket errors and non-2xx replies from wrk --latency's output."""
    figures = {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "errors": 0.0,
        "non2xx": 0.0,
    }
    found = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if found:
        figures["errors"] = float(sum(int(n) for n in found.groups()))
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if found:
        figures["non2xx"] = float(found.group(1))
    return figures


def measure(source: str, case: str, connections: int, duration: float, script: Path) -> dict:
    process = subprocess.Popen(
        [sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        url = json.loads(process.stdout.readline())[case]
        done = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{duration:g}s",
                "--latency",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        process.stdin.write("report\n")
        process.stdin.flush()
        json.loads(process.stdout.readline())
    finally:
        process.stdin.close()
        process.wait(timeout=60)
        process.stdout.close()
    return parse(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--levels", default="50,200")
    parser.add_argument("--cases", default="static,expression")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench_wrk: skipped, the wrk program is not installed (apt-get install wrk)")
        return
    print(
        f"machine: {machine()}; wrk -t2, {args.duration:g} s per run, {args.repeat} interleaved "
        "runs per case, medians"
    )
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(SCRIPT)
        for case in args.cases.split(","):
            for level in (int(v) for v in args.levels.split(",")):
                runs: dict[str, list[dict]] = {"reqres-mock": [], "bare werkzeug": []}
                for _ in range(args.repeat):
                    runs["reqres-mock"].append(measure(MOCK, case, level, args.duration, script))
                    runs["bare werkzeug"].append(measure(BARE, case, level, args.duration, script))
                medians = {
                    name: {k: statistics.median(r[k] for r in results) for k in results[0]}
                    for name, results in runs.items()
                }
                for name, m in medians.items():
                    p99s = ", ".join(f"{r['p99']:.0f}" for r in runs[name])
                    errors = sum(int(r["errors"]) for r in runs[name])
                    print(
                        f"{case:10} c={level:<4} {name:14} {m['rate']:7.0f} req/s  "
                        f"p50 {m['p50']:7.1f} ms  p99 {m['p99']:7.1f} ms ({p99s})  "
                        f"socket errors {errors}  non-2xx {int(sum(r['non2xx'] for r in runs[name]))}"
                    )
                ours, bare = medians["reqres-mock"], medians["bare werkzeug"]
                print(
                    f"{case:10} c={level:<4} ratio mock/bare: req/s {ours['rate'] / bare['rate']:.2f}x"
                    f"  p99 {ours['p99'] / bare['p99']:.2f}x  (goals >= 1.0x, <= 1.5x, 0 errors)"
                )


if __name__ == "__main__":
    main()
