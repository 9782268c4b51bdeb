"""Per-test overhead of the reqres_server fixture vs pytest-httpserver's httpserver.

Generates 200-test files (one POST through reqres_server; the same through httpserver;
no-op tests), runs each with pytest in a subprocess a few times, and prints the per-test cost
above the no-op baseline and the ratio (best of the rounds). Target: ours <= 0.8x theirs. Then
whole files as a user waits for them (one test, N, 2N; the median of the rounds), which add
each library's once-per-session costs: import, server start and stop, the first call.

A fourth file measures the floor: the same test posting to a canned socket that does no work
at all and answers with the exact bytes reqres-mock sends (Logic Apps' 20-odd headers, the
callback URL's query string). No server answering those bytes can cost the test less: what
it shows above 0.8x is the price of the client (``requests``) and of the wire format, not of
the mock. Beside wall time it prints CPU time per test (the pytest process's user + system:
client and server threads together), which a busy machine disturbs far less.

    python benchmarks/bench_fixture.py [--tests 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import sys
import tempfile
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

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
FLOOR = """
import socket, threading
import pytest, requests

REPLY = {reply!r}

def _serve(listener):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\\r\\n\\r\\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\\r\\n")
                          if line.lower().startswith(b"content-length:"))
            while len(body) < length:
                body += conn.recv(65536)
            conn.sendall(REPLY)

@pytest.fixture(scope="session")
def canned():
    listener = socket.create_server(("127.0.0.1", 0))
    thread = threading.Thread(target=_serve, args=(listener,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{{listener.getsockname()[1]}}"
    listener.close()

@pytest.mark.parametrize("n", range({n}))
def test_call(canned, n):
    assert requests.post(canned + {target!r}, json={{"n": n}}, timeout=5).status_code == 200
"""
NOOP = """
import pytest

@pytest.mark.parametrize("n", range({n}))
def test_call(n):
    assert n >= 0
"""


def _our_reply() -> tuple[str, bytes]:
    """The path and query a test posts to, and the exact bytes reqres-mock answers with
    (``Connection: close``, as the canned server closes)."""
    from reqres_mock import MockServer, Response

    with MockServer() as server:
        workflow = server.add_workflow(
            "orders",
            response=Response(200, headers={"Content-Type": "application/json"}, body={"ok": True}),
        )
        parts = urlsplit(workflow.callback_url)
        target = f"{parts.path}?{parts.query}"
        with socket.create_connection((parts.hostname, parts.port)) as conn:
            body = b'{"n": 0}'
            conn.sendall(
                f"POST {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                # what requests accepts: the reply comes gzipped and chunked, as to the tests
                "Accept-Encoding: gzip, deflate\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
    assert b"Connection: close" in reply, reply
    assert b"Transfer-Encoding: chunked" in reply, reply
    return target, reply


def _command(folder: str, name: str, source: str, count: int, **fields: object) -> list[str]:
    path = Path(folder) / f"test_{name}_{count}.py"
    path.write_text(source.format(n=count, **fields))
    # Only the two plugins compared: other plugins installed here (hypothesis, schemathesis...)
    # add a second of noisy start-up that hid the per-test figures.
    plugins = ["-p", "pytest_reqres_mock.plugin", "-p", "pytest_httpserver.pytest_plugin"]
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins, str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.tests
    files = {"noop": NOOP, "reqres_server": OURS, "httpserver": THEIRS, "floor": FLOOR}
    target, reply = _our_reply()
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    # Users' Python caches compiled modules; a sandbox that says not to would charge each
    # run's import of both libraries with compiling them (the first round writes the caches).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples: dict[tuple[str, int], list[float]] = {}
    cpu: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        commands = {
            (name, count): _command(folder, name, source, count, target=target, reply=reply)
            for name, source in files.items()
            for count in (1, n, 2 * n)
            if count > 1 or name != "floor"
        }
        # Interleaved rounds, best of each: this machine's noise only ever adds time. CPU time
        # (the pytest process's user + system, client and server threads together) is the
        # steadier figure on a busy machine: waiting for a core costs wall time, not CPU.
        for _ in range(args.repeat):
            for key, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                samples.setdefault(key, []).extend(
                    timed(lambda c=command: run_quiet(c, cwd=folder, env=env), 1)
                )
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                cpu.setdefault(key, []).append(used)
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
    floor = slope["floor"] - slope["noop"]
    print(f"floor (canned bytes): {floor:.2f} ms per test above a no-op test")
    print(f"ratio ours/theirs: {ours / theirs:.2f}x (target <= 0.8x)")
    print(
        f"ratio floor/theirs: {floor / theirs:.2f}x (the lowest any server sending our bytes gets)"
    )
    print(
        f"the mock's own share: {ours - floor:.2f} ms per test ({(ours - floor) / theirs:.2f}x theirs)"
    )
    cpu_slope = {name: (min(cpu[name, 2 * n]) - min(cpu[name, n])) / n * 1000 for name in files}
    cpu_ours = cpu_slope["reqres_server"] - cpu_slope["noop"]
    cpu_theirs = cpu_slope["httpserver"] - cpu_slope["noop"]
    cpu_floor = cpu_slope["floor"] - cpu_slope["noop"]
    print(
        f"CPU per test above a no-op test (user + system of the pytest process): ours "
        f"{cpu_ours:.2f} ms, theirs {cpu_theirs:.2f} ms, {cpu_ours / cpu_theirs:.2f}x; floor "
        f"{cpu_floor:.2f} ms, {cpu_floor / cpu_theirs:.2f}x"
    )
    # A whole file as a user waits for it: the median of the rounds, not the best. Best-of
    # suits the per-test slope (noise only adds time); a whole run also pays each library's
    # once-per-session costs, which vary from run to run for a reason of their own: the
    # peer's server stops when Werkzeug's accept loop next looks for a shutdown, every 0.5 s.
    print("whole file above a no-op file, median of the rounds (best of the rounds):")
    for count in (1, n, 2 * n):
        ours_med = median(samples["reqres_server", count]) - median(samples["noop", count])
        theirs_med = median(samples["httpserver", count]) - median(samples["noop", count])
        ours_best = min(samples["reqres_server", count]) - min(samples["noop", count])
        theirs_best = min(samples["httpserver", count]) - min(samples["noop", count])
        print(
            f"  {count:4} test(s): ours {ours_med * 1000:5.0f} ms vs {theirs_med * 1000:5.0f} ms, "
            f"{ours_med / theirs_med:.2f}x ({ours_best * 1000:.0f} vs {theirs_best * 1000:.0f} ms, "
            f"{ours_best / theirs_best:.2f}x)"
        )


if __name__ == "__main__":
    main()
