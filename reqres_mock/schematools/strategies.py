"""Hypothesis strategies for property-based tests against a workflow's trigger schema.

Needs the ``hypothesis`` extra (``pip install 'reqres-mock[hypothesis]'``); importing this module
does not, only calling its functions does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from reqres_mock.errors import FakeDataError
from reqres_mock.protocol.schema import compile_schema, validate

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from reqres_mock.protocol.trigger import RequestTrigger


class TriggeredWorkflow(Protocol):
    """A workflow with a Request trigger (a served :class:`~reqres_mock.Workflow`)."""

    @property
    def name(self) -> str: ...
    @property
    def trigger(self) -> RequestTrigger: ...


_EXTRA = (
    "reqres_mock.schematools.strategies needs Hypothesis and hypothesis-jsonschema; "
    "install them with "
    "pip install 'reqres-mock[hypothesis]'"
)


def trigger_bodies(source: TriggeredWorkflow | Mapping[str, Any]) -> SearchStrategy[Any]:
    """Bodies that the trigger's schema accepts, drawn by hypothesis-jsonschema.

    Every body drawn also passes the mock's own validator (the one ``validate_schema=True``
    uses), so a body the strategy yields is never answered with 400.

    :param source: a :class:`~reqres_mock.Workflow` with a trigger schema, or a schema.
    :raises ImportError: when the ``hypothesis`` extra is not installed (names the extra).
    :raises FakeDataError: when the workflow has no trigger schema.
    :raises DefinitionError: when the schema is invalid (the message names its JSON pointer).
    """
    try:
        from hypothesis import strategies as st  # noqa: PLC0415 (optional extra)
        from hypothesis_jsonschema import from_schema  # noqa: PLC0415
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
    formats = {
        "uuid": st.uuids().map(str),
        _TIME: st.times().map(lambda t: t.strftime("%H:%M:%S")),
    }
    strategy: SearchStrategy[Any] = from_schema(_renamed_time(schema), custom_formats=formats)
    return strategy.filter(lambda body: not validate(validator, body))


#: hypothesis-jsonschema draws "time" as RFC 3339 (``12:00:00Z``) and will not let it be
#: replaced, but the mock checks draft-3's ``hh:mm:ss``; so "time" is drawn under this name.
_TIME = "x-reqres-mock-time"


def _renamed_time(schema: Any) -> Any:
    if isinstance(schema, Mapping):
        return {
            key: _TIME if key == "format" and value == "time" else _renamed_time(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_renamed_time(item) for item in schema]
    return schema
