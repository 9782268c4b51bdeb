"""The 'schema from-sample' and 'fake' verbs, in-process through main() and as installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reqres_mock.cli.main import main
from reqres_mock.protocol.schema import compile_schema, validate

SCHEMAS = Path(__file__).parent / "data" / "schemas"
ORDER = SCHEMAS / "order.json"
EXECUTABLE = Path(sys.executable).parent / "reqres-mock"
ARTICLE_SAMPLE = {"account": {"name": "Contoso", "ID": "12345", "address": {"city": "AnyTown"}}}


def test_from_sample_prints_the_designer_schema(capsys, tmp_path):
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(ARTICLE_SAMPLE))
    assert main(["schema", "from-sample", str(sample)]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["account"]["properties"]["address"] == {
        "type": "object",
        "properties": {"city": {"type": "string"}},
    }
    assert "required" not in json.dumps(schema)


def test_from_sample_required_and_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO('{"a": 1}'))
    assert main(["schema", "from-sample", "-", "--required"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "required": ["a"],
    }


def test_fake_prints_one_valid_body_per_line_reproducibly(capsys):
    assert main(["fake", "--schema", str(ORDER), "-n", "5", "--seed", "42"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    validator = compile_schema(json.loads(ORDER.read_text()))
    assert all(validate(validator, json.loads(line)) == [] for line in lines)
    assert main(["fake", "--schema", str(ORDER), "-n", "5", "--seed", "42"]) == 0
    assert capsys.readouterr().out.splitlines() == lines


def test_fake_invalid_prints_bodies_that_break_one_constraint(capsys):
    assert main(["fake", "--schema", str(ORDER), "--invalid", "pattern", "-n", "2"]) == 0
    validator = compile_schema(json.loads(ORDER.read_text()))
    for line in capsys.readouterr().out.splitlines():
        (problem,) = validate(validator, json.loads(line))
        assert "does not match regex pattern" in problem[1]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        pytest.param("{", ["schema", "from-sample"], "not valid JSON: ", id="bad-sample"),
        pytest.param(None, ["schema", "from-sample"], "cannot read the file: ", id="missing"),
        pytest.param(
            '{"properties": {"id": {"type": "integr"}}}',
            ["fake", "--schema"],
            "#/properties/id/type: invalid JSON schema: ",
            id="invalid-schema-pointer",
        ),
        pytest.param(
            '{"type": "integer", "minimum": 3, "maximum": 1}',
            ["fake", "--schema"],
            "could not generate a body that satisfies the schema",
            id="unsatisfiable",
        ),
    ],
)
def test_errors_are_one_line_on_stderr_and_exit_2(capsys, tmp_path, content, args, message):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content)
    assert main([*args, str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert lines[0].startswith("reqres-mock: error: ")
    assert message in lines[0]
    assert captured.out == ""


def test_a_count_below_one_is_exit_2(capsys):
    assert main(["fake", "--schema", str(ORDER), "-n", "0"]) == 2
    assert "-n must be 1 or more" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("verb", "example"),
    [
        pytest.param(["schema", "from-sample"], "reqres-mock schema from-sample sample.json"),
        pytest.param(["fake"], "reqres-mock fake --schema schema.json -n 5 --seed 42"),
    ],
)
def test_each_verb_has_an_example_in_its_help(capsys, verb, example):
    with pytest.raises(SystemExit) as info:
        main([*verb, "--help"])
    assert info.value.code == 0
    assert example in capsys.readouterr().out


def test_installed_command_pipes_a_sample_into_fake_bodies(tmp_path):
    """End to end: sample -> schema file -> fake bodies that validate against it."""
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(ARTICLE_SAMPLE))
    schema = subprocess.run(
        [str(EXECUTABLE), "schema", "from-sample", str(sample)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (tmp_path / "schema.json").write_text(schema)
    bodies = subprocess.run(
        [str(EXECUTABLE), "fake", "--schema", str(tmp_path / "schema.json"), "-n", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert len(bodies) == 3
    validator = compile_schema(json.loads(schema))
    assert all(validate(validator, json.loads(body)) == [] for body in bodies)
