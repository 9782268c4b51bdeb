"""The architecture is enforced, not described: layers, private names, the public API."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import reqres_mock
from reqres_mock import InboundRequest, MockServer, Run

ROOT = Path(__file__).parent.parent
PACKAGES = [ROOT / "reqres_mock", ROOT / "pytest_plugin" / "pytest_reqres_mock"]
OURS = ("reqres_mock", "pytest_reqres_mock")


def test_import_contracts_hold():
    """lint-imports: the layers, the engine without I/O libraries, the plugin via the facade."""
    command = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(command), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


def test_no_contract_has_exceptions():
    """The contracts hold without ignore_imports entries."""
    assert "ignore_imports" not in (ROOT / "pyproject.toml").read_text()


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0 and not (node.module or "").startswith(OURS):
            continue  # another library's internals are its business
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}")
    return found


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, id=str(p.relative_to(ROOT)))
        for d in PACKAGES
        for p in sorted(d.rglob("*.py"))
    ],
)
def test_no_private_name_crosses_a_module(path):
    assert _private_imports(path) == []


def _documented() -> dict[str, list[str]]:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Public API") :]
    block = re.search(r"```text\n(.*?)```", section, re.S)
    assert block is not None, "README's Public API section lost its name list"
    listed = {}
    for line in block.group(1).splitlines():
        owner, _, names = line.partition(":")
        listed[owner.strip()] = sorted(n.strip() for n in names.split(","))
    return listed


def _public(obj: object) -> list[str]:
    return sorted(n for n in dir(obj) if not n.startswith("_"))


def test_all_is_what_the_readme_documents():
    assert sorted(reqres_mock.__all__) == _documented()["reqres_mock"]


def test_every_exported_name_resolves():
    for name in reqres_mock.__all__:
        if name in {"LogicAppsRouter", "trigger_bodies"}:
            continue  # optional extras (respx, hypothesis): covered by their own tests
        assert getattr(reqres_mock, name) is not None, name


def test_mockserver_workflow_and_run_expose_exactly_the_documented_names():
    documented = _documented()
    server = MockServer()
    try:
        workflow = server.add_workflow("orders")
        run = Run(id="x", request=InboundRequest("POST", "/", ""))
        assert _public(server) == documented["MockServer"]
        assert _public(workflow) == documented["Workflow"]
        assert _public(run) == documented["Run"]
    finally:
        server.stop()


def test_mockserver_composes_the_engine_instead_of_inheriting_it():
    assert not issubclass(MockServer, reqres_mock.Engine)
    assert isinstance(MockServer().engine, reqres_mock.Engine)
