"""Sequential calls per second: a trigger with a static Response vs bare Werkzeug vs
pytest-httpserver, all measured in this run with one requests.Session as the client.

Werkzeug's development server closes every connection after one reply, so "keep-alive" here
means the same client session; each call still opens a connection, on all three servers.
Targets: ours >= 0.9x bare Werkzeug and >= 1.0x pytest-httpserver.

    python benchmarks/bench_throughput.py [--calls 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import logging
import threading
import time

import requests
from _common import machine
from pytest_httpserver import HTTPServer
from werkzeug.serving import make_server

from reqres_mock import MockServer, Response

BODY = b'{"ok":true}'


def bare_app(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def rate(url: str, calls: int) -> float:
    with requests.Session() as session:
        for _ in range(50):  # warm-up
            session.post(url, json={"n": 0}, timeout=5)
        start = time.perf_counter()
        for n in range(calls):
            reply = session.post(url, json={"n": n}, timeout=5)
            assert reply.status_code == 200, reply.text
    return calls / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("werkzeug").disabled = True

    mock = MockServer().start()
    wf = mock.add_workflow(
        "orders",
        response=Response(200, headers={"Content-Type": "application/json"}, body={"ok": True}),
    )
    bare = make_server("127.0.0.1", 0, bare_app, threaded=True)
    bare_thread = threading.Thread(target=bare.serve_forever, daemon=True)
    bare_thread.start()
    peer = HTTPServer()
    peer.start()
    peer.expect_request("/orders", method="POST").respond_with_data(
        BODY, content_type="application/json"
    )
    urls = {
        "reqres-mock": wf.callback_url,
        "bare werkzeug": f"http://127.0.0.1:{bare.server_port}/orders",
        "pytest-httpserver": peer.url_for("/orders"),
    }
    best: dict[str, float] = {}
    try:
        for _ in range(args.rounds):  # interleaved rounds, best of each
            for name, url in urls.items():
                best[name] = max(best.get(name, 0.0), rate(url, args.calls))
                peer.log.clear()  # the mock's history is capped (and packed): left as it is
    finally:
        mock.stop()
        bare.shutdown()
        bare_thread.join()
        peer.stop()
    print(f"machine: {machine()}; {args.calls} sequential POSTs, best of {args.rounds} rounds")
    for name, value in best.items():
        print(f"{name:18} {value:8.0f} calls/s")
    ours = best["reqres-mock"]
    print(f"ours / bare werkzeug:     {ours / best['bare werkzeug']:.2f}x (target >= 0.9x)")
    print(f"ours / pytest-httpserver: {ours / best['pytest-httpserver']:.2f}x (target >= 1.0x)")


if __name__ == "__main__":
    main()
