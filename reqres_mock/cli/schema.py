"""The ``schema from-sample`` and ``fake`` verbs of the ``reqres-mock`` command.

``cli.py`` stays a thin adapter: it adds these parsers with :func:`add_parsers` and hands the
parsed arguments of these verbs to :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import ConfigurationError, DefinitionError
from reqres_mock.schematools.violations import CONSTRAINTS

if TYPE_CHECKING:
    from argparse import _SubParsersAction

#: The top-level verbs this module handles.
VERBS = ("schema", "fake")

_FROM_SAMPLE_EXAMPLE = """\
example:
  echo '{"account": {"name": "Contoso", "ID": "12345"}}' > sample.json
  reqres-mock schema from-sample sample.json > schema.json
"""

_FAKE_EXAMPLE = """\
examples:
  reqres-mock fake --schema schema.json -n 5 --seed 42
  reqres-mock fake --schema schema.json --invalid required
"""


def add_parsers(verbs: _SubParsersAction[Any]) -> None:
    """Add ``schema from-sample`` and ``fake`` to the command's verbs."""
    raw = argparse.RawDescriptionHelpFormatter
    schema = verbs.add_parser(
        "schema",
        help="JSON schema tools (from-sample)",
        description="JSON schema tools for a Request trigger's body.",
        epilog=_FROM_SAMPLE_EXAMPLE,
        formatter_class=raw,
    )
    tools = schema.add_subparsers(dest="schema_verb", metavar="VERB", required=True)
    from_sample = tools.add_parser(
        "from-sample",
        help="print the schema of a sample payload, as the designer generates it",
        description="Print the JSON schema the Logic Apps designer's 'Use sample payload to "
        "generate schema' makes from a sample payload: type, properties, nested objects, "
        "arrays with items; 'required' only on items of arrays of objects, as the designer.",
        epilog=_FROM_SAMPLE_EXAMPLE,
        formatter_class=raw,
    )
    from_sample.add_argument("sample", metavar="SAMPLE", help="JSON file ('-' for stdin)")
    from_sample.add_argument(
        "--required",
        action="store_true",
        help="list the properties present in 'required' on every object",
    )
    fake = verbs.add_parser(
        "fake",
        help="print fake request bodies that validate against a schema",
        description="Print realistic request bodies that validate against a JSON schema, one "
        "JSON document per line (JSON Lines). The same --seed prints the same bodies.",
        epilog=_FAKE_EXAMPLE,
        formatter_class=raw,
    )
    fake.add_argument("--schema", required=True, help="JSON schema file ('-' for stdin)")
    fake.add_argument("-n", "--count", type=int, default=1, help="how many bodies (default: 1)")
    fake.add_argument("--seed", type=int, help="seed for reproducible bodies")
    fake.add_argument(
        "--invalid",
        metavar="CONSTRAINT",
        choices=CONSTRAINTS,
        help="print bodies that break exactly this one constraint instead: "
        + ", ".join(CONSTRAINTS),
    )


def _read_json(name: str) -> Any:
    try:
        if name != "-":
            data = Path(name).read_bytes()
        elif hasattr(sys.stdin, "buffer"):
            data = sys.stdin.buffer.read()
        else:  # a replaced stdin (tests)
            data = sys.stdin.read().encode()
    except OSError as err:
        raise DefinitionError(f"cannot read the file: {err.strerror}", path=name) from err
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise DefinitionError(f"the file is not UTF-8 text: {err}", path=name) from err
    except json.JSONDecodeError as err:
        raise DefinitionError(
            f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}", path=name
        ) from err
    except RecursionError as err:
        raise DefinitionError("the JSON nests too deeply", path=name) from err


def run(args: argparse.Namespace) -> int:
    """Carry out ``schema from-sample`` or ``fake``; returns the exit status.

    :raises ReqResError: for unreadable files, invalid JSON or schemas, impossible requests.
    """
    if args.verb == "schema":
        from reqres_mock.schematools.samples import schema_from_sample  # noqa: PLC0415

        schema = schema_from_sample(_read_json(args.sample), required=args.required)
        print(json.dumps(schema, indent=2))
        return 0
    from reqres_mock.schematools.fakes import fake_bodies  # noqa: PLC0415 (--help stays fast)
    from reqres_mock.schematools.violations import fake_invalid_body  # noqa: PLC0415

    if args.count < 1:
        raise ConfigurationError(f"-n must be 1 or more; got {args.count}")
    schema = _read_json(args.schema)
    try:
        if args.invalid:
            seeds = [None if args.seed is None else args.seed + i for i in range(args.count)]
            bodies = [
                fake_invalid_body(schema, args.invalid, seed=seed, pointer="") for seed in seeds
            ]
        else:
            bodies = fake_bodies(schema, args.count, seed=args.seed, pointer="")
    except DefinitionError as err:
        raise DefinitionError(err.message, path=args.schema, pointer=err.pointer or None) from err
    for body in bodies:
        print(json.dumps(body, ensure_ascii=False))
    return 0
