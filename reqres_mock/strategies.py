"""Hypothesis strategies for property-based tests against a workflow's trigger schema.

Needs the ``hypothesis`` extra (``pip install 'reqres-mock[hypothesis]'``); importing this module
does not, only calling its functions does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import FakeDataError
from reqres_mock.schema import compile_schema, validate

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from reqres_mock.workflow import Workflow

_EXTRA = (
    "reqres_mock.strategies needs Hypothesis and hypothesis-jsonschema; install them with "
    "pip install 'reqres-mock[hypothesis]'"
)


def trigger_bodies(source: Workflow | Mapping[str, Any]) -> SearchStrategy[Any]:
    """Bodies that the trigger's schema accepts, drawn by hypothesis-jsonschema.

    Every body drawn also passes the mock's own validator (the one ``validate_schema=True``
    uses), so a body the strategy yields is never answered with 400.

    :param source: a :class:`~reqres_mock.Workflow` with a trigger schema, or a schema.
    :raises ImportError: when the ``hypothesis`` extra is not installed (names the extra).
    :raises FakeDataError: when the workflow has no trigger schema.
    :raises DefinitionError: when the schema is invalid (the message names its JSON pointer).
    """
    try:
        from hypothesis_jsonschema import from_schema  # noqa: PLC0415 (optional extra)
    except ImportError as err:
        raise ImportError(_EXTRA) from err
    if isinstance(source, Mapping):
        schema: Mapping[str, Any] = source
    elif source.trigger.schema is not None:
        schema = source.trigger.schema
    else:
        raise FakeDataError(
            f"workflow {source.name!r} has no trigger schema to draw bodies from; "
            "declare one with add_workflow(schema=...)"
        )
    validator = compile_schema(schema)
    strategy: SearchStrategy[Any] = from_schema(dict(schema))
    return strategy.filter(lambda body: not validate(validator, body))
