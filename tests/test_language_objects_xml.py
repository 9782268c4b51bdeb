"""Object functions and XML (IllogicApps ManipulationFunctionsTests.fs and
XmlConversionTests.fs; the reference's xpath examples)."""

from __future__ import annotations

import pytest
from language_support import check, check_error

XML = "application/xml;charset=utf-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@setProperty(json('{}'),'a','')", {"a": ""}, id="set-new"),
        pytest.param(
            '@setProperty(json(\'{"a":1,"b":2,"c":3,"d":4}\'),\'c\',999)',
            {"a": 1, "b": 2, "d": 4, "c": 999},
            id="set-moves-to-end",
        ),
        pytest.param("@setProperty(json('{\"a\": 1}'), 'A', 2)", {"a": 2}, id="set-keeps-name"),
        pytest.param(
            "@setProperty(json('{\"a\": 1, \"A\": 5}'), 'A', 2)",
            {"a": 1, "A": 2},
            id="set-exact-name-first",
        ),
        pytest.param(
            "@setProperty(json('{\"c\":{\"d\":1}}'), 'c', "
            "setProperty(json('{\"c\":{\"d\":1}}')['c'], 'e', 2))",
            {"c": {"d": 1, "e": 2}},
            id="set-nested-as-the-reference-shows",
        ),
        pytest.param(
            "@setProperty(binary('test'),'x',1)",
            {"$content-type": "application/octet-stream", "$content": "dGVzdA==", "x": 1},
            id="set-on-binary",
        ),
        pytest.param(
            '@addProperty(json(\'{"a":1,"b":2,"d":4}\'),\'c\',3)',
            {"a": 1, "b": 2, "d": 4, "c": 3},
            id="add",
        ),
        pytest.param(
            "@addProperty(json('{\"a\":1}'),'',null)", {"a": 1, "": None}, id="add-empty-name"
        ),
        pytest.param("@removeProperty(json('{\"a\":1,\"b\":2}'),'A')", {"b": 2}, id="remove"),
        pytest.param("@removeProperty(json('{\"a\":1}'),'zz')", {"a": 1}, id="remove-missing"),
        # XML
        pytest.param("@xml('<root/>')", {"$content-type": XML, "$content": "PHJvb3QgLz4="}),
        pytest.param("@{xml('<root/>')}", "<root />", id="xml-outer-xml"),
        pytest.param(
            "@{xml('<root> <!-- a --> b <!-- c --> </root>')}",
            "<root><!-- a --> b <!-- c --></root>",
            id="xml-drops-whitespace-text",
        ),
        pytest.param("@{xml('<root>&#65;</root>')}", "<root>A</root>", id="xml-char-ref"),
        pytest.param(
            '@{xml(\'<?xml version="1.0" encoding="utf-8"?><root/>\')}',
            '<?xml version="1.0" encoding="utf-8"?><root />',
            id="xml-declaration-kept",
        ),
        pytest.param('@{xml(json(\'{"ro ot": "text"}\'))}', "<ro_x0020_ot>text</ro_x0020_ot>"),
        pytest.param(
            '@{xml(json(\'{"root": {"@attr": "te\\">xt"}}\'))}',
            '<root attr="te&quot;&gt;xt" />',
            id="xml-of-json-attribute",
        ),
        pytest.param(
            '@xml(json(\'{"cow":"moo"}\'))',
            {"$content-type": XML, "$content": "PGNvdz5tb288L2Nvdz4="},
        ),
        pytest.param("@json(xml('<root>Testing</root>'))", {"root": "Testing"}, id="json-text"),
        pytest.param(
            "@json(xml('<a><a/>t<a/></a>'))", {"a": {"a": [None, None], "#text": "t"}}, id="nulls"
        ),
        pytest.param(
            "@json(xml('<r xmlns:mmm=\"zzz\"><z/><mmm:x/>c<v/>n</r>'))",
            {"r": {"@xmlns:mmm": "zzz", "z": None, "mmm:x": None, "#text": ["c", "n"], "v": None}},
            id="json-namespaces-and-text-runs",
        ),
        pytest.param(
            "@json(xml('<root>a<!--b-->c<!--d--><e/>f</root>'))",
            {"root": {"#text": ["a", "c", "f"], "#comment": [], "e": None}},
            id="json-two-comments",
        ),
        pytest.param(
            '@json(xml(\'<?xml version="1.0" encoding="utf-8"?><root/>\'))',
            {"?xml": {"@version": "1.0", "@encoding": "utf-8"}, "root": None},
            id="json-declaration",
        ),
        pytest.param(
            "@json(xml('<root><![CDATA[testing]]><![CDATA[testing2]]></root>'))",
            {"root": {"#cdata-section": ["testing", "testing2"]}},
            id="json-cdata-sections",
        ),
        pytest.param(
            "@json(xml('<root>a<!--b-->c<!--d--><e></e>f</root>'))",
            {"root": {"#text": ["a", "c", "f"], "#comment": [], "e": ""}},
            id="json-open-close-is-empty-string",
        ),
        pytest.param(
            "@json(xml('<root><!--b-->c<!--d--></root>'))",
            {"root": {"#comment": [], "#text": "c"}},
            id="json-comment-placeholder-at-first-comment",
        ),
        pytest.param(
            "@json(xml('<root>ac<!--big comment--><e><!-- one big comment --></e>f</root>'))",
            {"root": {"#text": ["ac", "f"], "e": {}}},
            id="json-only-a-comment-is-empty-object",
        ),
        pytest.param(
            """@json(xml('<!DOCTYPE testing PUBLIC "id-of-dtd" "uri-of-dtd"><root> </root>'))""",
            {
                "!DOCTYPE": {"@name": "testing", "@public": "id-of-dtd", "@system": "uri-of-dtd"},
                "root": "",
            },
            id="json-doctype",
        ),
        pytest.param(
            "@{xml(json(xml('<root><![CDATA[<!--]]>testing<![CDATA[-->]]></root>')))}",
            "<root><![CDATA[<!--]]><![CDATA[-->]]>testing</root>",
            id="xml-json-xml-cdata",
        ),
        pytest.param(
            "@{xml(json(xml('<root> a <!-- b --> c </root>')))}",
            "<root> a  c </root>",
            id="xml-json-xml-drops-comments",
        ),
        pytest.param("@{xml('<root></root>')}", "<root></root>", id="xml-keeps-open-close"),
        pytest.param(
            "@{xml('<!DOCTYPE a><!--x--><a><b/></a>')}",
            "<!DOCTYPE a><!--x--><a><b /></a>",
            id="xml-keeps-doctype-and-top-comments",
        ),
        pytest.param(
            '@json(xml(json(\'{"animals":{"cow":"moo","birds":["cheep","tweet"]}}\')))',
            {"animals": {"cow": "moo", "birds": ["cheep", "tweet"]}},
            id="json-xml-round-trip",
        ),
        pytest.param(
            "@xpath(xml('<produce><item><name>Gala</name></item><item><name>Fuji</name></item>"
            "</produce>'), '/produce/item/name')",
            [
                {"$content-type": XML, "$content": "PG5hbWU+R2FsYTwvbmFtZT4="},
                {"$content-type": XML, "$content": "PG5hbWU+RnVqaTwvbmFtZT4="},
            ],
            id="xpath-node-set",
        ),
        pytest.param(
            "@xpath(xml('<p><i><c>10</c></i><i><c>20</c></i></p>'), 'sum(/p/i/c)')",
            30.0,
            id="xpath-number",
        ),
        pytest.param("@xpath(xml('<p><n>Gala</n></p>'), 'string(/p/n)')", "Gala", id="xp-str"),
        pytest.param("@xpath(xml('<p><n>Gala</n></p>'), '/p/n/text()')", ["Gala"], id="xp-text"),
        pytest.param("@xpath(xml('<p/>'), 'count(/p) = 1')", True, id="xpath-boolean"),
    ],
)
def test_object_and_xml_values(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # tomdam/flowforger packages/engine/src/expr/functions/collections.ts ("verified against
        # the cloud"): the object indented as Newtonsoft writes it
        pytest.param(
            "@addProperty(json('{\"a\":1}'),'A',2)",
            "'addProperty' expects the property to not exist in the object. Unable to add "
            "property 'A' to '{\n  \"a\": 1\n}' as it already exists.",
            id="add-exists",
        ),
        pytest.param(
            '@addProperty(json(\'{"a":[1,{}],"b":{"c":[]}}\'),\'b\',2)',
            'to \'{\n  "a": [\n    1,\n    {}\n  ],\n  "b": {\n    "c": []\n  }\n}\' as',
            id="add-exists-nested",
        ),
        pytest.param(
            "@setProperty(json('{}'),null,'')",
            "to be a string. The provided value is of type",
            id="set-null-key",
        ),
        pytest.param("@setProperty('{}','x',1)", "to be an object", id="set-on-string"),
        pytest.param(
            "@setProperty(json('{}'),'value')",
            "'setProperty' expects three parameters: the object as the first parameter, the name "
            "of the property to set as the second parameter, and the value as the third "
            "parameter. The function was invoked with '2' parameter(s).",
            id="set-arity",  # tomdam/flowforger packages/expressions/src/arity.ts
        ),
        pytest.param("@removeProperty(createArray(1),'x')", "to be an object", id="remove-array"),
        pytest.param("@xml('some text')", "could not parse XML", id="xml-text"),
        pytest.param("@xml('<one/><two/>')", "More than one root element", id="xml-two-roots"),
        pytest.param("@xml('<aaa:root />')", "could not parse XML", id="xml-unbound-prefix"),
        pytest.param("@xml('<?xml version=\"1.1\"?><root/>')", "not supported", id="xml-1.1"),
        pytest.param(
            "@xml('<?xml encoding=\"ascii\"?><root/>')", "declaration is malformed", id="xml-decl"
        ),
        pytest.param("@xpath('<a/>', '/a')", "expects its first parameter to be XML", id="xp"),
        pytest.param("@xpath(xml('<a/>'), '///')", "could not evaluate the XPath", id="xp-bad"),
    ],
)
def test_object_and_xml_errors(text, message):
    check_error(text, message)
