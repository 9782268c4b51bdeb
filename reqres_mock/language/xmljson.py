"""XML values and their JSON form, by the runtime's rules (Newtonsoft's ``SerializeXmlNode`` /
``DeserializeXmlNode`` on .NET's ``XmlDocument``), parsed with lxml.

An XML value is binary content of type ``application/xml;charset=utf-8`` holding the document
as ``XmlDocument.OuterXml`` writes it (``<root />``, whitespace-only text dropped, the XML
declaration kept). JSON of XML is :mod:`reqres_mock.language.xmlread`; JSON to XML is here
(``@name`` attributes, ``#text``, ``#cdata-section``, arrays as repeated elements, null as an
empty element, names encoded as ``XmlConvert.EncodeName`` does). Expected values: IllogicApps'
``XmlConversionTests.fs`` (recorded against the runtime).

lxml is the optional ``xml`` extra (``pip install reqres-mock[xml]``): a compiled library of
several megabytes that only workflows using ``xml()``/``xpath()`` need. Without it, these
functions fail with an ``InvalidTemplate`` error that says how to install it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from reqres_mock.errors import ExpressionError
from reqres_mock.language.values import binary, to_text
from reqres_mock.protocol.jsonwire import utf8

XML_CONTENT_TYPE = "application/xml;charset=utf-8"

_DECLARATION = re.compile(r"\A\s*<\?xml(\s[^?]*)?\?>", re.DOTALL)
#: A doctype before the root element.
_DOCTYPE = re.compile(
    r"\s*(?:<!--.*?-->\s*|<\?.*?\?>\s*)*(<!DOCTYPE\b(?:[^\[>]|\[.*?\])*>)", re.DOTALL
)
_PSEUDO_ATTRIBUTE = re.compile(r"\s*([A-Za-z]+)\s*=\s*(\"[^\"]*\"|'[^']*')")


def _etree(function: str) -> Any:
    try:
        from lxml import etree  # noqa: PLC0415  (an optional extra, imported when used)
    except ImportError as err:  # pragma: no cover - exercised only without the extra
        raise ExpressionError(
            f"The template language function '{function}' needs lxml: install "
            "reqres-mock[xml] (pip install 'reqres-mock[xml]')"
        ) from err
    return etree


def _fail(function: str, message: str) -> ExpressionError:
    return ExpressionError(f"The template language function '{function}' {message}")


def _declaration(function: str, text: str) -> tuple[dict[str, str] | None, str]:
    """The XML declaration's pseudo-attributes (validated as .NET's reader does) and the rest."""
    match = _DECLARATION.match(text)
    if match is None:
        return None, text
    body = match.group(1) or ""
    pairs = _PSEUDO_ATTRIBUTE.findall(body)
    if "".join(f"{k}={v}" for k, v in pairs) != re.sub(r"\s*=\s*", "=", "".join(body.split())):
        raise _fail(function, "could not parse XML: the XML declaration is malformed")
    names = [k for k, _ in pairs]
    allowed = ["version", "encoding", "standalone"]
    if not names or names[0] != "version" or names != [n for n in allowed if n in names]:
        raise _fail(function, "could not parse XML: the XML declaration is malformed")
    values = {k: v[1:-1] for k, v in pairs}
    if values["version"] != "1.0":
        raise _fail(
            function, f"could not parse XML: version '{values['version']}' is not supported"
        )
    return values, text[match.end() :]


def _declaration_text(values: dict[str, str]) -> str:
    return "<?xml " + " ".join(f'{k}="{v}"' for k, v in values.items()) + "?>"


def _strip_blank_text(element: Any) -> None:
    """Drop whitespace-only text, as ``XmlDocument`` does without PreserveWhitespace (a leaf
    keeps its open and close tags: its text becomes empty, not absent)."""
    for node in element.iter():
        if node.text is not None and not node.text.strip():
            node.text = None if len(node) else ""
        if node.tail is not None and not node.tail.strip():
            node.tail = None


def _mark_open_close(body: str, root: Any) -> None:
    """Give every ``<e></e>`` of the source an empty text, so it is written back as
    ``<e></e>``, not ``<e/>`` (the element tree forgets the difference; the parser's events
    do not: an empty-element tag's end event comes right after its ``/>``)."""
    data = utf8(body)
    self_closing: dict[int, bool] = {}
    open_elements: list[int] = []
    parser = expat.ParserCreate()

    def start(_name: str, _attributes: Any) -> None:
        open_elements.append(len(self_closing) + len(open_elements))

    def end(_name: str) -> None:
        at = parser.CurrentByteIndex
        self_closing[open_elements.pop()] = data[max(at - 2, 0) : at] == b"/>"

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return  # lxml accepted it (an entity expat does not know): keep lxml's reading
    elements = [n for n in root.iter() if isinstance(n.tag, str)]
    if len(elements) != len(self_closing):
        return
    for index, node in enumerate(elements):
        if not self_closing[index] and node.text is None and not len(node):
            node.text = ""


@dataclass(frozen=True)
class Document:
    """A parsed XML document: its declaration's pseudo-attributes, its doctype as written
    (lxml keeps the doctype but writes it back only when asked), the lxml tree."""

    declaration: dict[str, str] | None
    doctype: str
    tree: Any


def parse_document(function: str, text: str) -> Document:
    """Parse an XML document as ``XmlDocument.LoadXml`` would.

    :raises ExpressionError: "could not parse XML: ..." for anything the runtime refuses.
    """
    etree = _etree(function)
    declaration, rest = _declaration(function, text)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, strip_cdata=False, load_dtd=False
    )
    try:
        tree = etree.parse(io.BytesIO(utf8(rest)), parser)
    except etree.XMLSyntaxError as err:
        message = str(err)
        if "Extra content at the end" in message:
            message = "More than one root element"
        elif "Document is empty" in message or "Start tag expected" in message:
            message = "Root element is missing, or data at the root level is invalid"
        raise _fail(function, f"could not parse XML: {message}") from err
    if parser.error_log.filter_from_errors():
        raise _fail(function, f"could not parse XML: {parser.error_log.filter_from_errors()[0]}")
    _mark_open_close(rest, tree.getroot())
    doctype = _DOCTYPE.match(rest)
    return Document(declaration, doctype.group(1) if doctype else "", tree)


def serialize(document: Document) -> str:
    """``XmlDocument.OuterXml``: no whitespace-only text, ``<empty />``, the declaration and
    the doctype as written."""
    etree = _etree("xml")
    _strip_blank_text(document.tree.getroot())
    root = document.tree.getroot()
    nodes = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    body = document.doctype + "".join(
        str(etree.tostring(node, encoding="unicode", with_tail=False)) for node in nodes
    )
    body = re.sub(r"(?<=[^\s/])/>", " />", body)
    declaration = document.declaration
    return (_declaration_text(declaration) if declaration else "") + body


def xml_value(function: str, value: Any) -> dict[str, str]:
    """The XML value of a string, a JSON object or binary content (``xml()``)."""
    from reqres_mock.language.values import binary_bytes, is_binary  # noqa: PLC0415

    if is_binary(value):
        return {**binary(binary_bytes(value), XML_CONTENT_TYPE)}
    if isinstance(value, dict):
        return binary(utf8(json_to_xml(value)), XML_CONTENT_TYPE)
    if not isinstance(value, str):
        raise _fail(function, f"expects a string or an object, got '{to_text(value)}'")
    return binary(utf8(serialize(parse_document(function, value))), XML_CONTENT_TYPE)


# -- XML -> JSON -------------------------------------------------------------------------------


def _qualified(node: Any, name: str) -> str:
    etree = _etree("json")
    qname = etree.QName(name)
    if qname.namespace is None:
        return str(qname.localname)
    prefix = next(
        (p for p, uri in (node.nsmap or {}).items() if uri == qname.namespace and p), None
    )
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def xml_to_json(content: bytes) -> Any:
    """``json()`` of an XML value: checked by lxml, converted from the parser's events
    (:mod:`reqres_mock.language.xmlread`)."""
    from reqres_mock.language.xmlread import xml_events_to_json  # noqa: PLC0415

    text = content.decode("utf-8", "replace")
    declaration = parse_document("json", text).declaration
    body = text[_DECLARATION.match(text).end() :] if declaration else text  # type: ignore[union-attr]
    return xml_events_to_json(body, declaration)


# -- JSON -> XML -------------------------------------------------------------------------------


def encode_name(name: str) -> str:
    """``XmlConvert.EncodeName``: characters not allowed in an XML name become ``_xHHHH_``."""
    out: list[str] = []
    for index, char in enumerate(name):
        allowed = char.isalpha() or char == "_" or (index > 0 and (char.isdigit() or char in "-."))
        out.append(char if allowed else f"_x{ord(char):04X}_")
    return "".join(out)


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return to_text(value)


def _write(name: str, value: Any, out: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _write(name, item, out)
        return
    local = name.split(":", 1)[-1] if ":" in name else name
    tag = encode_name(local)
    if value is None:
        out.append(f"<{tag} />")
        return
    if not isinstance(value, dict):
        text = _scalar(value)
        out.append(f"<{tag}>{_escape(text)}</{tag}>" if text else f"<{tag}></{tag}>")
        return
    attributes = []
    children: list[str] = []
    for key, item in value.items():
        if key.startswith("@"):
            attributes.append(f' {key[1:]}="{_escape(_scalar(item), attribute=True)}"')
        elif key == "#text":
            for text in item if isinstance(item, list) else [item]:
                children.append(_escape(_scalar(text)))
        elif key == "#cdata-section":
            for text in item if isinstance(item, list) else [item]:
                data = _scalar(text)
                if "]]>" in data:
                    raise _fail("xml", "cannot write ']]>' inside a CDATA section")
                children.append(f"<![CDATA[{data}]]>")
        else:
            _write(key, item, children)
    head = f"<{tag}{''.join(attributes)}"
    out.append(f"{head}>{''.join(children)}</{tag}>" if children else f"{head} />")


def json_to_xml(value: dict[str, Any]) -> str:
    """``xml()`` of a JSON object: its properties are the root element(s)."""
    out: list[str] = []
    declaration = value.get("?xml")
    if isinstance(declaration, dict):
        out.append(_declaration_text({k.lstrip("@"): _scalar(v) for k, v in declaration.items()}))
    for key, item in value.items():
        if key in ("?xml", "!DOCTYPE"):
            continue
        _write(key, item, out)
    return "".join(out)


def node_text(node: Any) -> Any:
    """An XPath result item as the runtime returns it: text as a string, nodes as XML."""
    etree = _etree("xpath")
    if isinstance(node, str):
        smart: Any = node
        if getattr(smart, "is_attribute", False):
            name = _qualified(smart.getparent(), str(smart.attrname))
            return binary(utf8(f'{name}="{_escape(node, attribute=True)}"'), XML_CONTENT_TYPE)
        return str(node)
    text = etree.tostring(node, encoding="unicode", with_tail=False)
    return binary(utf8(re.sub(r"(?<=[^\s/])/>", " />", text)), XML_CONTENT_TYPE)


__all__ = [
    "XML_CONTENT_TYPE",
    "Document",
    "encode_name",
    "json_to_xml",
    "node_text",
    "parse_document",
    "serialize",
    "xml_to_json",
    "xml_value",
]
