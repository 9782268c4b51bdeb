"""demo.sh, curl only, against `reqres-mock serve examples/` as a user would run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).parent
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"


@pytest.mark.skipif(shutil.which("curl") is None, reason="the demo script needs curl")
def test_demo_script_configures_calls_reads_back_and_resets():
    server = subprocess.Popen(
        [str(EXECUTABLE), "serve", str(HERE.parent), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    try:
        # `serve examples/` serves every example workflow, this folder's orders.json included,
        # and the Standard project's Request workflow (its Recurrence one is skipped).
        served = sorted(
            [
                "approval",
                "calculator",
                "conditional",
                "echo",
                "fire-and-forget",
                "hello",
                "order-intake",
                "orders",
                "outbound",
            ]
        )
        lines = [server.stdout.readline().split(" ") for _ in served]
        assert sorted(name for name, _, _ in lines) == served
        base = "/".join(lines[0][2].split("/")[:3])
        done = subprocess.run(
            ["sh", str(HERE / "demo.sh"), base],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "received the order" in done.stdout
        assert '{"accepted":true}' in done.stdout
        assert requests.get(f"{base}/_reqres/runs", timeout=5).json() == {"value": []}
        names = [
            w["name"] for w in requests.get(f"{base}/_reqres/workflows", timeout=5).json()["value"]
        ]
        assert sorted(names) == [n for n in served if n != "orders"]
    finally:
        server.terminate()
        assert server.wait(timeout=10) == 0
        server.stdout.close()
