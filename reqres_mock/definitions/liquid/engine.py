"""The Liquid template engine: DotLiquid's whitespace control and tags on python-liquid, the map
rendered with ``content``, and the action's output (see :mod:`reqres_mock.definitions.liquid`)."""

from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure, stub_hint
from reqres_mock.definitions.liquid.conditions import NAMED_AT, named_operators
from reqres_mock.definitions.liquid.filters import FILTERS, DotLiquidFilters, as_dotnet_filter
from reqres_mock.definitions.liquid.forloop import private_copy
from reqres_mock.definitions.liquid.lookup import (
    bracketed_parts,
    is_value,
    variable_part,
)
from reqres_mock.definitions.liquid.source import dotliquid_source, dotnet_literals
from reqres_mock.definitions.liquid.tags import (
    COMMENT_TAG,
    DOTLIQUID_TAGS,
    dotliquid_tags,
)
from reqres_mock.definitions.liquid.values import (
    EMPTY,
    SYMBOL_VARIABLE,
    LiquidError,
    LiquidSyntaxError,
    NeedsExtra,
    TemplateSyntaxError,
    plain,
    render_value,
)
from reqres_mock.definitions.maps import find_map, xml_text
from reqres_mock.errors import ExpressionError
from reqres_mock.protocol.jsonread import JsonReadError
from reqres_mock.protocol.jsonread import loads as read_json

if TYPE_CHECKING:
    from reqres_mock.definitions.context import ActionContext


KINDS = ("jsontojson", "jsontotext", "xmltojson", "xmltotext")
_LOCK = threading.Lock()
_ENVIRONMENT: list[Any] = []


# -- the template engine ---------------------------------------------------------------------


_UNKNOWN_TAG = re.compile(r"unexpected tag '(\w+)'")


def _environment() -> Any:
    """A python-liquid environment with DotLiquid's filters and output rules.

    :raises ActionFailure: ``MissingExtra`` without python-liquid.
    """
    with _LOCK:
        if _ENVIRONMENT:
            return _ENVIRONMENT[0]
        try:
            import liquid  # noqa: PLC0415 (optional extra)
            from liquid.builtin.output import Output, OutputNode  # noqa: PLC0415
            from liquid.exceptions import LiquidInterrupt, StopRender  # noqa: PLC0415
            from liquid.undefined import UNDEFINED as UNSET  # noqa: PLC0415
        except ImportError as err:
            raise ActionFailure(
                "MissingExtra",
                "Liquid maps run in python-liquid: install it with pip install "
                "'reqres-mock[liquid]', or stub the action by name with wf.stub_action(...)",
            ) from err

        class DotLiquidOutputNode(OutputNode):
            def render_to_output(self, context: Any, buffer: Any) -> int:
                try:
                    value = self.expression.evaluate(context)
                except LiquidError as err:
                    return int(buffer.write(f"{err.prefix}: {err}"))
                return int(buffer.write(render_value(value)))

        class DotLiquidOutput(Output):
            node_class = DotLiquidOutputNode

        class DotLiquidContext(liquid.RenderContext):
            def get(self, path: list[object], *, token: Any, default: object = UNSET) -> object:
                if path and isinstance(path[0], str):
                    try:
                        held = self.scope[path[0]]
                    except KeyError:
                        held = None
                    if plain(held) is EMPTY:  # Context.Liquidize refuses a Symbol
                        raise LiquidSyntaxError(SYMBOL_VARIABLE)
                return super().get(path, token=token, default=default)

            def get_item(self, obj: Any, key: Any) -> Any:
                if is_value(obj):
                    return variable_part(obj, key)  # Context.Variable
                return super().get_item(obj, key)

        class DotLiquidTemplate(liquid.BoundTemplate):
            context_class = DotLiquidContext

            def render_with_context(
                self,
                context: Any,
                buffer: Any,
                *args: Any,
                partial: bool = False,
                block_scope: bool = False,
                **kwargs: Any,
            ) -> None:
                """python-liquid's, but as ``Document.Render``: a ``break`` or ``continue``
                outside any loop ends the rendering (what was written so far stays), where
                python-liquid would call it a syntax error."""
                namespace = self.make_partial_namespace(partial, dict(*args, **kwargs))
                with context.extend(namespace=namespace):
                    for node in self.nodes:
                        try:
                            node.render(context, buffer)
                        except LiquidInterrupt:
                            return
                        except StopRender:
                            break
                        except liquid.exceptions.LiquidError as err:
                            self.env.error(err, token=node.token)

        environment = liquid.Environment(tolerance=liquid.Mode.STRICT, strict_filters=False)
        environment.template_class = DotLiquidTemplate
        for tag in dotliquid_tags():
            environment.add_tag(tag)
        environment.filters = DotLiquidFilters(
            {name: as_dotnet_filter(name, function) for name, function in FILTERS.items()}
        )
        environment.add_tag(DotLiquidOutput)
        _ENVIRONMENT.append(environment)
        return environment


def render(source: str, content: Any, map_name: str, action: Action) -> str:
    """Render a Liquid map with ``content``.

    :raises ActionFailure: ``InvalidLiquidTemplate`` when it does not parse or a tag fails,
        ``MissingExtra`` for a culture that needs the ``cultures`` extra, ``UnsupportedMap``
        for a Python failure no port foresaw (the last resort).
    """
    environment = _environment()
    import liquid  # noqa: PLC0415 (present: _environment checked it)

    try:
        text, named = named_operators(dotliquid_source(source))
    except TemplateSyntaxError as malformed:
        raise _refused(map_name, malformed, source) from malformed
    # a for over an object writes itemName into it; its integers are Int64
    content = private_copy(content)
    reset = NAMED_AT.set(named)
    try:
        template = environment.from_string(text)
        dotnet_literals(template)
        bracketed_parts(template)
        return str(template.render(content=content))
    except NeedsExtra as err:
        raise ActionFailure("MissingExtra", f"{map_name}: {err}, or {stub_hint(action)}.") from err
    except liquid.exceptions.LiquidError as err:
        refused = err.__cause__  # from_string wraps what a tag raises
        unknown = _UNKNOWN_TAG.match(str(getattr(err, "message", "")))
        if unknown and unknown.group(1) not in DOTLIQUID_TAGS and err.token is not None:
            name, start = unknown.group(1).replace(COMMENT_TAG, "comment"), err.token.start_index
            refused = TemplateSyntaxError(f"Unknown tag '{name}'", start)
        if isinstance(refused, TemplateSyntaxError):
            raise _refused(map_name, refused, text) from refused
        token = getattr(err, "token", None)
        line = text.count("\n", 0, token.start_index) + 1 if token is not None else "?"
        reason = str(getattr(err, "message", None) or err).splitlines()[0]
        raise ActionFailure(
            "InvalidLiquidTemplate",
            f"{map_name} line {line}: {reason} (python-liquid cannot run this DotLiquid "
            f"form; rewrite it or {stub_hint(action)}).",
        ) from err
    except Exception as err:
        # Last resort: a Python failure the ports above did not foresee fails the action
        # (saying so) instead of the run.
        raise ActionFailure(
            "UnsupportedMap",
            f"{map_name}: reqres-mock could not render this map ({type(err).__name__}: "
            f"{err}); {stub_hint(action)}.",
        ) from err
    finally:
        NAMED_AT.reset(reset)


def _refused(map_name: str, refused: TemplateSyntaxError, text: str) -> ActionFailure:
    """The failure for a map ``Template.Parse`` refuses with a ``SyntaxException``, on the
    line of ``text`` (the map as parsed) where the refused token starts."""
    line = refused.line or text.count("\n", 0, refused.index) + 1
    return ActionFailure(
        "InvalidLiquidTemplate",
        f"{map_name} line {line}: Liquid syntax error: {refused} (DotLiquid's "
        "Template.Parse refuses this map).",
    )


# -- JSON in and out -------------------------------------------------------------------------


def parse_output(text: str) -> Any:
    """The rendered text as JSON, read by Newtonsoft's ``JsonTextReader`` as the runtime reads
    it (:func:`reqres_mock.protocol.jsonread.loads`): a comma before ``]`` or ``}`` is allowed
    (real maps and the article's example end arrays with one), so are single quotes, bare
    names and comments; text with no value at all is null.

    :raises ActionFailure: ``IncorrectLiquidTransformOutputType`` with the runtime's sentence
        and the reader's ``JsonReaderException`` message in it, as Azure/LogicAppsUX#4614
        captured it ("… is not a valid JSON. 'Unexpected character encountered while parsing
        value: }. Path '', line 0, position 0.'").
    """
    try:
        return read_json(text)
    except JsonReadError as err:
        raise ActionFailure(
            "IncorrectLiquidTransformOutputType",
            "An error occurred while converting the transformed value to JSON. The transformed "
            f"value is not a valid JSON. '{err.reason}'",
        ) from err


def _content(value: Any, xml: bool) -> Any:
    """``content`` as the map sees it: JSON as it is (text that is JSON parsed); XML as
    Newtonsoft's XML-to-JSON conversion gives it (as ``json(xml(...))``)."""
    if xml:
        from reqres_mock.language.xmljson import xml_to_json  # noqa: PLC0415

        try:
            return xml_to_json(xml_text(value).encode("utf-8"))
        except ExpressionError as err:
            raise ActionFailure("InvalidXml", err.message) from err
    if isinstance(value, dict) and "$content" in value:
        value = xml_text(value)  # base64 content: its text
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def run_liquid(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The ``Liquid`` action: renders the map named by ``inputs.map.name`` (Standard) or
    ``inputs.integrationAccount.map.name`` (Consumption) with ``content``; a ``*ToJson`` kind
    gives the parsed JSON as ``outputs.body``, a ``*ToText`` kind the text.

    A failure keeps the evaluated inputs on the action.
    """
    inputs = runner.evaluate(action.inputs) or {}
    kind = str(action.spec.get("kind", "")).lower()
    try:
        if kind not in KINDS:
            raise ActionFailure(
                "InvalidTemplate",
                f"A Liquid action's kind must be JsonToJson, JsonToText, XmlToJson or "
                f"XmlToText, not '{action.spec.get('kind')}'.",
            )
        name, source = find_map(runner, action, inputs, "Liquid")
        content = _content(
            inputs.get("content") if isinstance(inputs, dict) else None, kind.startswith("xml")
        )
        text = render(source, content, name, action)
        body = parse_output(text) if kind.endswith("json") else text
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    return SUCCEEDED, inputs, {"body": body}
