"""The README's first screen, table of contents, tables and links hold, and CI runs exactly the
test command the README gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL)


def outside_code(text: str) -> str:
    return re.sub(r"```.*?```", "", text, flags=re.DOTALL)


def test_the_first_command_makes_a_venv_installs_only_serving_and_serves_on_7071():
    first, second = blocks(README)[0].strip().splitlines()
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install -e . && ")
    assert "reqres-mock serve examples/hello/workflow.json --port 7071" in first
    assert second == "pip install -e '.[dev]' && python -m pytest"


def test_ci_runs_exactly_the_readmes_test_command():
    second = blocks(README)[0].strip().splitlines()[1]
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert second in commands


def test_the_readmes_curl_gets_the_reply_it_shows(tmp_path):
    """The serve command of the first screen (on a free port) answers the README's curl as
    shown: the URL is stable because the access key is given."""
    serve = blocks(README)[0].strip().splitlines()[0].split(" && ")[-1]
    curl, reply = (b.strip() for b in blocks(README)[1:3])
    args = serve.split()[1:]
    args[args.index("--port") + 1] = "0"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reqres_mock", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        printed = proc.stdout.readline().split()[-1]
        shown_url = re.search(r"'(http://[^']+)'", curl)
        assert shown_url is not None, "the URL is in single quotes"
        port = re.search(r":(\d+)/", printed)
        assert port is not None
        assert shown_url.group(1) == printed.replace(f":{port.group(1)}/", ":7071/")
        body = re.search(r"-d '([^']*)'", curl)
        assert body is not None
        r = requests.post(
            printed,
            data=body.group(1),
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert r.text == reply
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_the_table_of_contents_lists_every_section():
    sections = re.findall(r"^## (.+)$", outside_code(README), flags=re.MULTILINE)
    toc = re.findall(r"^- \[(.+?)\]\(#", README, flags=re.MULTILINE)
    assert toc == sections


def test_tables_are_not_broken_by_other_lines():
    """A list item inside a table ends the table in Markdown: every table is rows to its end."""
    pattern = r"(?:^\|.*\n)+(?:^(?!\|).*\n)?(?:^\|.*\n)+"
    for table in re.findall(pattern, outside_code(README), re.MULTILINE):
        assert all(line.startswith("|") for line in table.splitlines()), table


@pytest.mark.parametrize(
    "link", sorted(set(re.findall(r"\]\(([^)#][^)]*)\)", outside_code(README))))
)
def test_links_stay_in_the_repository(link):
    if link.startswith(("http://", "https://")):
        return  # a public web page
    assert not link.startswith(("/", "..")), link
    assert (ROOT / link).resolve().is_relative_to(ROOT)
    assert (ROOT / link).exists(), link
