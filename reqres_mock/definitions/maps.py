"""Transform XML / Data Mapper actions (``type: Xslt``) with a Standard project's
``Artifacts/Maps/*.xslt``.

The Data Mapper writes XSLT 3.0 (``expand-text``, ``{…}`` value templates) that libxslt cannot
run, so maps run in Saxonica's official ``saxonche`` (SaxonC-HE, XSLT 3.0), an optional extra:
``pip install 'reqres-mock[xslt]'``. Without it the action fails with ``MissingExtra`` saying
so, and can still be stubbed by name (``wf.stub_action``).

The action's ``outputs.body`` is the result as ``{"$content-type": "application/xml",
"$content": <base64>}``, so a Response that returns it sends XML with that Content-Type, as the
runtime does (LogicAppUnit's CallDataMapperWorkflowTest expects ``application/xml``). A map
whose output method is ``json`` (or text that is JSON) gives the parsed JSON instead.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from typing import TYPE_CHECKING, Any

from reqres_mock.definitions.actions import SUCCEEDED, Action, ActionFailure, stub_hint

if TYPE_CHECKING:
    from pathlib import Path

    from reqres_mock.definitions.context import ActionContext

_LOCK = threading.Lock()
_PROCESSOR: list[Any] = []  # one SaxonC processor per process (creating several is unsafe)


#: The map files a Standard project's Artifacts/Maps holds for Xslt and Liquid actions.
MAP_SUFFIXES = (".xslt", ".xsl", ".liquid")


def read_maps(root: Path) -> dict[str, str]:
    """``Artifacts/Maps/*.xslt`` (and ``*.xsl``, and Liquid's ``*.liquid``) under a project
    root, by file name."""
    folder = root / "Artifacts" / "Maps"
    if not folder.is_dir():
        return {}
    return {
        path.name: path.read_text(encoding="utf-8-sig")
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in MAP_SUFFIXES
    }


def _processor() -> Any:
    try:
        from saxonche import PySaxonProcessor  # noqa: PLC0415 (optional extra)
    except ImportError as err:
        raise ActionFailure(
            "MissingExtra",
            "XSLT maps run in saxonche (XSLT 3.0, as the Data Mapper writes): install it with "
            "pip install 'reqres-mock[xslt]', or stub the action by name with "
            "wf.stub_action(...)",
        ) from err
    if not _PROCESSOR:
        _PROCESSOR.append(PySaxonProcessor(license=False))
    return _PROCESSOR[0]


def xml_text(content: Any) -> str:
    """The XML text of an action input: a string, or a ``$content`` envelope (base64).

    :raises ActionFailure: for anything else.
    """
    if isinstance(content, dict) and "$content" in content:
        try:
            return base64.b64decode(str(content["$content"]), validate=True).decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError) as err:
            raise ActionFailure("InvalidXml", f"The content is not UTF-8 XML: {err}") from err
    if isinstance(content, str):
        return content
    raise ActionFailure(
        "InvalidXml", f"The 'content' must be XML, got a JSON {type(content).__name__}."
    )


def _clark(name: str, stylesheet: str) -> str:
    """A ``prefix:local`` parameter name in Clark notation, the prefix read from the
    stylesheet's ``xmlns:prefix`` declarations (the quickstart map names ``input:X``)."""
    prefix, colon, local = name.partition(":")
    if not colon:
        return name
    found = re.search(rf"""xmlns:{re.escape(prefix)}\s*=\s*["']([^"']*)["']""", stylesheet)
    return f"{{{found.group(1)}}}{local}" if found else name


#: What a map needs that only the runtime has: another stylesheet fetched over the network,
#: or Microsoft's ``msxsl:script`` inline code (BizTalk functoids: ``userCSharp:...``).
_OUTSIDE = re.compile(
    r"""<xsl:(?:import|include)\s[^>]*href\s*=\s*["'](?:https?|ftp):|<msxsl:script\b""",
    re.IGNORECASE,
)


def transform(stylesheet: str, document: str, parameters: dict[str, Any] | None = None) -> str:
    """Run an XSLT 3.0 ``stylesheet`` on ``document``, with ``parameters`` as string values
    of its ``xsl:param`` s.

    :raises ActionFailure: ``MissingExtra`` without saxonche, ``InvalidXslt`` when either
        does not compile or parse, or the transformation fails.
    """
    with _LOCK:
        processor = _processor()
        try:
            executable = processor.new_xslt30_processor().compile_stylesheet(
                stylesheet_text=stylesheet
            )
            for name, value in (parameters or {}).items():
                executable.set_parameter(
                    _clark(str(name), stylesheet), processor.make_string_value(str(value))
                )
            node = processor.parse_xml(xml_text=document)
            result = executable.transform_to_string(xdm_node=node)
        except Exception as err:  # saxonche raises its own PySaxonApiError
            raise ActionFailure("InvalidXslt", " ".join(str(err).split())) from err
    return str(result or "")


def find_map(
    runner: ActionContext, action: Action, inputs: Any, kind: str = "Xslt"
) -> tuple[str, str]:
    """The name and text of the map an Xslt or Liquid action (``kind``) names: a Standard
    project's ``inputs.map.name`` (an Artifacts/Maps file name) or a Consumption
    ``inputs.integrationAccount.map.name`` (an integration account map of the same ARM
    template).

    :raises ActionFailure: when there is none, with the evaluated inputs.
    """
    maps = runner.env.maps
    chosen = inputs.get("map") if isinstance(inputs, dict) else None
    account = inputs.get("integrationAccount") if isinstance(inputs, dict) else None
    if chosen is None and isinstance(account, dict):
        chosen = account.get("map")
        name = chosen.get("name") if isinstance(chosen, dict) else None
        if not isinstance(name, str) or not name:
            raise ActionFailure(
                "InvalidTemplate",
                f"An {kind} action needs inputs.integrationAccount.map.name.",
                inputs=inputs,
            )
        if name.lower() not in maps:
            raise ActionFailure(
                "MapNotFound",
                f"The integration account map '{name}' is not a "
                "Microsoft.Logic/integrationAccounts/maps resource of the loaded ARM template "
                f"(the mock has no integration account); {stub_hint(action)}.",
                inputs=inputs,
            )
        return name, maps[name.lower()]
    name = chosen.get("name") if isinstance(chosen, dict) else None
    if not isinstance(name, str) or not name:
        raise ActionFailure(
            "InvalidTemplate",
            f"An {kind} action needs inputs.map.name (Standard) or "
            "inputs.integrationAccount.map.name (Consumption).",
            inputs=inputs,
        )
    if name not in maps:
        known = ", ".join(sorted(maps)) or "none"
        raise ActionFailure(
            "MapNotFound",
            f"The map '{name}' is not in the project's Artifacts/Maps (found: {known}).",
            inputs=inputs,
        )
    return name, maps[name]


def run_xslt(runner: ActionContext, action: Action) -> tuple[str, Any, Any]:
    """The ``Xslt`` action (Transform XML, Data Mapper): the map named by ``inputs.map`` (a
    Standard project's Artifacts/Maps) or ``inputs.integrationAccount.map`` (Consumption, as
    quickstart ``logic-app-xslt-with-params`` and the gallery's ``veter.json`` and
    ``x12-to-as2.json`` write it), with ``xsltParameters`` passed to its ``xsl:param`` s
    (https://learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-transform).

    A failure keeps the evaluated inputs on the action.
    """
    inputs = runner.evaluate(action.inputs) or {}
    _, stylesheet = find_map(runner, action, inputs)
    if _OUTSIDE.search(stylesheet):
        raise ActionFailure(
            "UnsupportedMap",
            "The map imports a stylesheet from the network or runs msxsl:script code "
            f"(BizTalk functoids), which only the Logic Apps runtime can; {stub_hint(action)}.",
            inputs=inputs,
        )
    parameters = inputs.get("xsltParameters") if isinstance(inputs, dict) else None
    try:
        document = xml_text(inputs.get("content"))
        result = transform(
            stylesheet, document, parameters if isinstance(parameters, dict) else None
        )
    except ActionFailure as failure:
        failure.inputs = inputs
        raise
    text = result.split("?>", 1)[1] if result.startswith("<?xml") else result
    if not text.lstrip().startswith("<"):
        try:
            return SUCCEEDED, inputs, {"body": json.loads(text)}
        except json.JSONDecodeError:
            return SUCCEEDED, inputs, {"body": text}
    content = base64.b64encode(result.encode("utf-8")).decode()
    return (
        SUCCEEDED,
        inputs,
        {"body": {"$content-type": "application/xml", "$content": content}},
    )
