"""The run-history page at /_reqres/: over HTTP, and in headless Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from reqres_mock import Response

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_inspector_url_points_at_the_page(server):
    assert server.inspector_url == f"{server.url}/_reqres/"
    page = requests.get(server.inspector_url, timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "No calls yet." in page.text
    assert requests.get(server.url + "/_reqres", timeout=5).status_code == 200


def test_page_escapes_what_callers_sent_and_hides_signatures(server):
    wf = server.add_workflow("orders", response=Response(200, body="<b>ok</b>"))
    requests.post(
        wf.callback_url,
        data="<script>alert(1)</script>",
        headers={"Content-Type": "text/plain"},
        timeout=5,
    )
    page = requests.get(server.inspector_url, timeout=5).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;ok&lt;/b&gt;" in page
    signature = wf.callback_url.split("sig=")[1]
    assert page.count(signature) == 2  # the workflow's URL and its copy button, not the run


def test_page_lists_runs_newest_first_with_badges(server):
    accepted = server.add_workflow("accepted")
    answered = server.add_workflow("answered", response=Response(201))
    requests.post(accepted.callback_url, timeout=5)
    requests.post(answered.callback_url, timeout=5)
    requests.post(answered.callback_url + "x", timeout=5)
    page = requests.get(server.inspector_url, timeout=5).text
    badges = [
        page.index(f'<span class="badge b{kind}">{status}</span>')
        for kind, status in (("4xx", 401), ("2xx", 201), ("202", 202))
    ]
    assert badges == sorted(badges)
    assert "Calls (3)" in page


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        message = "Chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_call_appears_on_the_page_and_opens(browser, server, tmp_path):
    wf = server.add_workflow(
        "orders",
        relative_path="/orders/{id}",
        schema={"type": "object"},
        response=Response(201, headers={"Content-Type": "application/json"}, body={"ok": True}),
    )
    requests.post(wf.url(id=1), json={"item": "first"}, timeout=5)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(server.inspector_url)
        assert page.locator("#workflows tr[data-workflow=orders] code").inner_text() == (
            wf.callback_url
        )

        requests.post(wf.url(id=2), json={"item": "second"}, timeout=5)
        page.click("#refresh")
        run = wf.wait_for_runs(2)[1]
        details = page.locator(f'details[data-run-id="{run.id}"]')
        details.wait_for()
        assert page.locator("details.run").first.get_attribute("data-run-id") == run.id
        assert "201" in details.locator("summary .badge").inner_text()

        details.locator("summary").click()
        body = details.locator(".detail")
        body.wait_for(state="visible")
        assert '"item": "second"' in body.inner_text()
        bar = details.locator('svg.timeline g[data-action="Response"]')
        assert bar.get_attribute("data-status") == "Succeeded"
        page.screenshot(path=str(tmp_path / "run-history.png"), full_page=True)

        page.click("#refresh")  # an opened run stays open across refreshes
        page.locator(f'details[data-run-id="{run.id}"][open]').wait_for()
    finally:
        page.close()
    assert server.unmatched == []  # the browser asked for nothing the mock would journal
    assert (tmp_path / "run-history.png").stat().st_size > 0


def test_a_rejected_call_shows_its_code_closed_and_is_not_drawn_as_succeeded(browser, server):
    wf = server.add_workflow("orders")
    requests.post(wf.callback_url.split("&sig=")[0], data="sent", timeout=5)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(server.inspector_url)
        details = page.locator("details.run").first
        assert details.locator("summary code.code").inner_text() == "DirectApiAuthorizationRequired"
        assert details.locator("summary code.code").is_visible()  # without expanding
        details.locator("summary").click()
        bar = details.locator('svg.timeline g[data-action="trigger"]')
        assert bar.get_attribute("data-status") == "Failed"
        assert "sent" in details.locator(".detail").inner_text()
    finally:
        page.close()
