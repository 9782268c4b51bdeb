"""The schema tools' dependencies are an extra: without them each tool says how to get them."""

from __future__ import annotations

import re
import sys
from importlib import metadata

import pytest

from reqres_mock import MissingExtraError, schema_from_sample
from reqres_mock.cli.main import main

INSTALL = "pip install 'reqres-mock[schematools]'"


@pytest.fixture
def without(monkeypatch):
    """Make the named modules unimportable, as when the extra is not installed."""

    def hide(*modules: str) -> None:
        for name in modules:
            monkeypatch.setitem(sys.modules, name, None)

    return hide


def test_fake_body_without_faker_names_the_extra(reqres_server, without):
    without("faker")
    wf = reqres_server.add_workflow("orders", schema={"type": "object"})
    with pytest.raises(MissingExtraError, match=r"needs faker.*reqres-mock\[schematools\]"):
        wf.fake_body(seed=1)


def test_schema_from_sample_without_genson_names_the_extra(without):
    without("genson", "genson.schema.node")
    with pytest.raises(ImportError, match=r"needs genson.*reqres-mock\[schematools\]"):
        schema_from_sample({"id": 1})


def test_the_schema_verb_without_the_extra_is_one_line_and_exit_2(tmp_path, capsys, without):
    without("faker")
    schema = tmp_path / "schema.json"
    schema.write_text('{"type": "object"}')
    assert main(["fake", "--schema", str(schema)]) == 2
    err = capsys.readouterr().err
    assert INSTALL in err
    assert len(err.strip().splitlines()) == 1


def runtime_closure(name: str) -> set[str]:
    """The distributions ``name`` needs without extras, transitively (normalised names)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if current in seen:
            continue
        seen.add(current)
        try:
            requirements = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requirements:
            if "extra ==" in requirement:
                continue
            marker = requirement.partition(";")[2].strip()
            if marker and "python_version" in marker and "<" in marker:
                continue  # backports for older Pythons
            todo.append(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0))
    return seen


def test_no_runtime_dependency_registers_a_pytest_plugin():
    """Installing reqres-mock without extras adds no pytest plugin but its own: faker's would
    cost every pytest start about a second."""
    closure = runtime_closure("reqres-mock")
    plugins = {
        re.sub(r"[-_.]+", "-", ep.dist.name).lower()
        for ep in metadata.entry_points(group="pytest11")
        if ep.dist is not None
    }
    assert plugins & closure == {"reqres-mock"}
