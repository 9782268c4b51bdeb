"""JSON of an XML value by Newtonsoft's ``SerializeXmlNode`` rules, built from the XML
parser's events (the document was already checked by lxml in :mod:`~reqres_mock.language.xmljson`).

The events keep what an element tree forgets and the runtime shows: a CDATA section is
``#cdata-section`` (not text), ``<e/>`` is null while ``<e></e>`` is ``""``, names and
``xmlns`` declarations are written as in the document. The rest: attributes ``@name``, text
``#text`` (an array when an element has several text runs; whitespace-only runs dropped),
repeated child elements one array at the first one's place, two or more comments in an element
leave ``"#comment": []``, an element holding only comments is ``{}``, the XML declaration
``?xml`` and a doctype ``!DOCTYPE`` (expected values: IllogicApps' ``XmlConversionTests.fs``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from reqres_mock.errors import ExpressionError
from reqres_mock.protocol.jsonwire import utf8

_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.DOTALL)


@dataclass
class _Element:
    name: str
    start: int
    members: list[tuple[str, list[Any]]] = field(default_factory=list)
    attributes: int = 0
    comments: int = 0
    text: list[str] = field(default_factory=list)
    cdata: list[str] | None = None
    whitespace: bool = False

    def add(self, key: str, value: Any) -> None:
        for name, values in self.members:
            if name == key:
                values.append(value)
                return
        self.members.append((key, [value]))

    def end_text(self) -> None:
        run = "".join(self.text)
        self.text = []
        if run.strip():
            self.add("#text", run)
        elif run:
            self.whitespace = True

    def value(self, self_closing: bool) -> Any:
        if self.comments == 1:
            self.members = [m for m in self.members if m[0] != "#comment"]
        if not self.members:
            if self.comments:
                return {}
            return None if self_closing else ""
        if self.attributes == 0 and len(self.members) == 1 and self.members[0][0] == "#text":
            texts = self.members[0][1]
            if len(texts) == 1:
                return texts[0]
        result: dict[str, Any] = {}
        for name, values in self.members:
            result[name] = [] if name == "#comment" else values[0] if len(values) == 1 else values
        return result


class _Builder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.stack: list[_Element] = []
        self.document: dict[str, Any] = {}
        parser = expat.ParserCreate()
        parser.ordered_attributes = True
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.StartCdataSectionHandler = self.start_cdata
        parser.EndCdataSectionHandler = self.end_cdata
        parser.CommentHandler = self.comment
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartDoctypeDeclHandler = self.doctype
        self.parser = parser

    def run(self) -> dict[str, Any]:
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as err:
            raise ExpressionError(
                f"The template language function 'json' could not parse XML: {err}"
            ) from err
        return self.document

    def doctype(self, name: str, system: str | None, public: str | None, internal: int) -> None:
        doctype = {"@name": name}
        if public:
            doctype["@public"] = public
        if system:
            doctype["@system"] = system
        if internal:
            found = _INTERNAL_SUBSET.search(self.data.decode("utf-8", "replace"))
            if found and found.group(1):
                doctype["@internalSubset"] = found.group(1)
        self.document["!DOCTYPE"] = doctype

    def start(self, name: str, attributes: list[str]) -> None:
        if self.stack:
            self.stack[-1].end_text()
        element = _Element(name, self.parser.CurrentByteIndex)
        for index in range(0, len(attributes), 2):
            element.add("@" + attributes[index], attributes[index + 1])
        element.attributes = len(attributes) // 2
        self.stack.append(element)

    def end(self, name: str) -> None:
        element = self.stack.pop()
        element.end_text()
        at = self.parser.CurrentByteIndex
        self_closing = self.data[max(at - 2, 0) : at] == b"/>"
        value = element.value(self_closing)
        if self.stack:
            self.stack[-1].add(name, value)
        else:
            self.document[name] = value

    def characters(self, data: str) -> None:
        if not self.stack:
            return
        element = self.stack[-1]
        if element.cdata is not None:
            element.cdata.append(data)
        else:
            element.text.append(data)

    def start_cdata(self) -> None:
        if self.stack:
            self.stack[-1].end_text()
            self.stack[-1].cdata = []

    def end_cdata(self) -> None:
        if self.stack and self.stack[-1].cdata is not None:
            element = self.stack[-1]
            element.add("#cdata-section", "".join(element.cdata or []))
            element.cdata = None

    def comment(self, _data: str) -> None:
        if self.stack:
            element = self.stack[-1]
            element.end_text()
            element.comments += 1
            if element.comments == 1:
                element.add("#comment", None)  # its place; kept only if a second one comes

    def instruction(self, target: str, data: str) -> None:
        if self.stack:
            self.stack[-1].end_text()
            self.stack[-1].add("?" + target, data)


def xml_events_to_json(body: str, declaration: dict[str, str] | None) -> dict[str, Any]:
    """The JSON of an XML document (``body`` without its XML declaration)."""
    document: dict[str, Any] = {}
    if declaration:
        document["?xml"] = {f"@{k}": v for k, v in declaration.items()}
    document.update(_Builder(utf8(body)).run())
    return document
