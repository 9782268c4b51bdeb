"""Per-call cost in process vs over the socket vs plain respx, all measured in this run.

Sequential POSTs with a JSON body to a trigger with a static Response:

- httpx.Client through reqres_server.respx() (in process) vs the same client over the socket
  (keep-alive) vs a plain respx route returning a static httpx.Response (no engine at all);
- requests.Session with the LogicAppsAdapter mounted (in process) vs over the socket.

Targets: in process cheaper than the socket (< 1.0x: no socket, no HTTP parsing on either
side; the engine's own work is paid both ways), and within 3x of plain respx (what the engine
adds: signature checks, a journalled run, Logic Apps' headers).

    python benchmarks/bench_inprocess.py [--calls 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time

import httpx
import requests
import respx
from _common import machine

from reqres_mock import MockServer, Response, cloud_base_url

CLOUD = cloud_base_url(region="westeurope", scale_unit="prod-12")
BODY = {"id": 7, "items": ["a", "b"]}


def per_call(send, calls: int) -> float:
    """Mean seconds per call after a warm-up."""
    for _ in range(50):
        send()
    start = time.perf_counter()
    for _ in range(calls):
        send()
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    server = MockServer().start()
    response = Response(200, headers={"Content-Type": "application/json"}, body={"ok": True})
    local = server.add_workflow("local", response=response)
    cloud = server.add_workflow("cloud", base_url=CLOUD, response=response)
    static = httpx.Response(200, json={"ok": True})
    client = httpx.Client(timeout=5)
    session = requests.Session()
    mounted = requests.Session()
    mounted.mount(CLOUD.removesuffix(":443"), server.requests_adapter())

    def expect_ok(reply) -> None:
        assert reply.status_code == 200, reply.text

    def httpx_socket() -> None:
        expect_ok(client.post(local.callback_url, json=BODY))

    def httpx_cloud() -> None:
        expect_ok(client.post(cloud.callback_url, json=BODY))

    def requests_socket() -> None:
        expect_ok(session.post(local.callback_url, json=BODY, timeout=5))

    def requests_inprocess() -> None:
        expect_ok(mounted.post(cloud.callback_url, json=BODY, timeout=5))

    def plain_respx() -> respx.MockRouter:
        router = respx.mock(assert_all_called=False)
        router.post(url__startswith=CLOUD.removesuffix(":443")).mock(return_value=static)
        return router

    def within(router: respx.MockRouter) -> float:
        with router:  # started once around the loop, as a test does
            return per_call(httpx_cloud, args.calls)

    best: dict[str, float] = {}
    try:
        for _ in range(args.rounds):  # interleaved rounds, best of each
            measured = {
                "httpx, socket": per_call(httpx_socket, args.calls),
                "httpx, respx in process": within(server.respx()),
                "httpx, plain respx": within(plain_respx()),
                "requests, socket": per_call(requests_socket, args.calls),
                "requests, adapter": per_call(requests_inprocess, args.calls),
            }
            for name, value in measured.items():
                best[name] = min(best.get(name, value), value)
            server.engine.journal.clear()
    finally:
        client.close()
        session.close()
        mounted.close()
        server.stop()

    print(f"machine: {machine()}; {args.calls} sequential POSTs, best of {args.rounds} rounds")
    for name, value in best.items():
        print(f"{name:26} {value * 1e6:8.0f} us/call")
    respx_ours = best["httpx, respx in process"]
    print(
        f"respx in process / httpx socket:   {respx_ours / best['httpx, socket']:.2f}x "
        "(target < 1.0x)"
    )
    print(
        f"adapter / requests socket:         "
        f"{best['requests, adapter'] / best['requests, socket']:.2f}x (target < 1.0x)"
    )
    print(
        f"respx in process / plain respx:    {respx_ours / best['httpx, plain respx']:.2f}x "
        "(target <= 3x)"
    )


if __name__ == "__main__":
    main()
