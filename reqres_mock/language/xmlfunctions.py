"""XML functions: ``xml`` (a string, a JSON object or binary content to an XML value) and
``xpath`` (XPath 1.0 by lxml, with the runtime's result shapes: a node set is an array of XML
values, text nodes as strings; numbers are floats; strings and booleans as they are). The
JSON <-> XML rules are in :mod:`reqres_mock.language.xmljson`.
"""

from __future__ import annotations

from typing import Any

from reqres_mock.language.registry import fail, function, text_arg
from reqres_mock.language.values import CONTENT_TYPE, binary_bytes, is_binary


@function("xml", 1)
def _xml(value: Any) -> Any:
    from reqres_mock.language.xmljson import xml_value  # noqa: PLC0415  (lxml is optional)

    return xml_value("xml", value)


@function("xpath", 2)
def _xpath(value: Any, path: Any) -> Any:
    from lxml import etree  # noqa: PLC0415  (lxml is optional; xmljson explains its absence)

    from reqres_mock.language.xmljson import node_text, parse_document  # noqa: PLC0415

    expression = text_arg("xpath", path, 1)
    if not is_binary(value) or "xml" not in str(value[CONTENT_TYPE]).lower():
        raise fail("xpath", "expects its first parameter to be XML (use xml() first)")
    tree = parse_document("xpath", binary_bytes(value).decode("utf-8", "replace")).tree
    try:
        result = tree.xpath(expression)
    except etree.XPathError as err:
        raise fail("xpath", f"could not evaluate the XPath '{expression}': {err}") from err
    if isinstance(result, list):
        return [node_text(node) for node in result]
    if isinstance(result, bool):
        return result
    if isinstance(result, float):
        return result
    return str(result)
