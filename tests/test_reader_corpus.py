# ruff: noqa: E501  (recorded messages, one a row, kept whole)
"""Broken JSON text and what Newtonsoft.Json says of it, at every depth.

Each row is a text and the message of the exception ``JsonConvert.DeserializeObject<JToken>``
threw for it (``None``: it read the text without complaint), recorded from Newtonsoft.Json
13.0.4 compiled from source (JamesNK/Newtonsoft.Json, tag 13.0.4; its reader, writer and
serializer are unchanged at 09bb545d) and run under Mono 6.8: truncations of realistic bodies
(every sixth position), wrong separators, bad escapes, literals and numbers inside containers,
comments, bare names with bad characters, paths through odd property names, CR/LF line
counting, NUL characters and characters beyond U+FFFF. The mock gives the same message for
every row; the texts where it knowingly differs are in test_reader_errors.py.
"""

from __future__ import annotations

import pytest

from reqres_mock.protocol.jsonread import JsonReadError, loads

NEWTONSOFT: list[tuple[str, str | None]] = [
    ("{", "Unexpected end when reading token. Path ''."),
    ('{"order', "Unterminated string. Expected delimiter: \". Path '', line 1, position 7."),
    (
        '{"order": {"i',
        "Unterminated string. Expected delimiter: \". Path 'order', line 1, position 13.",
    ),
    ('{"order": {"id": 42', None),
    (
        '{"order": {"id": 42, "ite',
        "Unterminated string. Expected delimiter: \". Path 'order.id', line 1, position 25.",
    ),
    ('{"order": {"id": 42, "items": [', "Unexpected end when reading token. Path 'order.items'."),
    (
        '{"order": {"id": 42, "items": [{"sku"',
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path 'order.items[0]', line 1, position 37.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1',
        "Unterminated string. Expected delimiter: \". Path 'order.items[0].sku', line 1, position 43.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qt',
        "Unterminated string. Expected delimiter: \". Path 'order.items[0].sku', line 1, position 49.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2,',
        "Unexpected end when reading token. Path 'order.items[0]'.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "pric',
        "Unterminated string. Expected delimiter: \". Path 'order.items[0].qty', line 1, position 61.",
    ),
    ('{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.', None),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {',
        "Unexpected end when reading token. Path 'order.items[1]'.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku":',
        "Unexpected end when reading token. Path 'order.items[1]'.",
    ),
    ('{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2"', None),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty',
        "Unterminated string. Expected delimiter: \". Path 'order.items[1].sku', line 1, position 91.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}]',
        None,
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "not',
        "Unterminated string. Expected delimiter: \". Path 'order.items', line 1, position 103.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "r',
        "Unterminated string. Expected delimiter: \". Path 'order.note', line 1, position 109.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n"',
        None,
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n", "pai',
        "Unterminated string. Expected delimiter: \". Path 'order.note', line 1, position 121.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n", "paid": tr',
        "Unexpected end when reading JSON. Path 'order.paid', line 1, position 127.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n", "paid": true, "c',
        "Unterminated string. Expected delimiter: \". Path 'order.paid', line 1, position 133.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n", "paid": true, "coupon"',
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path 'order.paid', line 1, position 139.",
    ),
    (
        '{"order": {"id": 42, "items": [{"sku": "A-1", "qty": 2, "price": 9.99}, {"sku": "B 2", "qty": 1}], "note": "rush\\n", "paid": true, "coupon": null',
        None,
    ),
    ("{\r\n  ", "Unexpected end when reading token. Path ''."),
    (
        '{\r\n  "name"',
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path '', line 2, position 8.",
    ),
    (
        '{\r\n  "name": "Ada',
        "Unterminated string. Expected delimiter: \". Path 'name', line 2, position 14.",
    ),
    ('{\r\n  "name": "Ada",\r\n  ', "Unexpected end when reading token. Path ''."),
    (
        '{\r\n  "name": "Ada",\r\n  "tags"',
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path 'name', line 3, position 8.",
    ),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n ',
        "Unexpected end when reading token. Path 'tags'.",
    ),
    ('{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x"', None),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n   ',
        "Unexpected end when reading token. Path 'tags'.",
    ),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n    -1.5e',
        "Input string '-1.5e' is not a valid number. Path 'tags[1]', line 5, position 9.",
    ),
    ('{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n    -1.5e3\r\n  ]', None),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n    -1.5e3\r\n  ],\r\n  "',
        "Unterminated string. Expected delimiter: \". Path 'tags', line 7, position 3.",
    ),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n    -1.5e3\r\n  ],\r\n  "ok": f',
        "Unexpected end when reading JSON. Path 'ok', line 7, position 9.",
    ),
    (
        '{\r\n  "name": "Ada",\r\n  "tags": [\r\n    "x",\r\n    -1.5e3\r\n  ],\r\n  "ok": false\r\n',
        None,
    ),
    ("{name:", "Unexpected end when reading token. Path ''."),
    ("{name: 'Ada'", None),
    (
        "{name: 'Ada', tags",
        "Unexpected end while parsing unquoted property name. Path 'name', line 1, position 18.",
    ),
    ("{name: 'Ada', tags: ['x'", None),
    ("{name: 'Ada', tags: ['x', 0x1F", None),
    (
        "{name: 'Ada', tags: ['x', 0x1F,], /*",
        "Unexpected end while parsing comment. Path 'tags', line 1, position 35.",
    ),
    ("{name: 'Ada', tags: ['x', 0x1F,], /* c */ ", "Unexpected end when reading token. Path ''."),
    (
        "{name: 'Ada', tags: ['x', 0x1F,], /* c */ 'it''s",
        "Invalid character after parsing property name. Expected ':' but got: '. Path 'tags', line 1, position 46.",
    ),
    (
        "{name: 'Ada', tags: ['x', 0x1F,], /* c */ 'it''s': und",
        "Invalid character after parsing property name. Expected ':' but got: '. Path 'tags', line 1, position 46.",
    ),
    (
        "{name: 'Ada', tags: ['x', 0x1F,], /* c */ 'it''s': undefined",
        "Invalid character after parsing property name. Expected ':' but got: '. Path 'tags', line 1, position 46.",
    ),
    (
        "{name: 'Ada', tags: ['x', 0x1F,], /* c */ 'it''s': undefined, n: N",
        "Invalid character after parsing property name. Expected ':' but got: '. Path 'tags', line 1, position 46.",
    ),
    ('[{"a', "Unterminated string. Expected delimiter: \". Path '[0]', line 1, position 4."),
    ('[{"a.b": {', "Unexpected end when reading token. Path '[0]['a.b']'."),
    ('[{"a.b": {"c d":', "Unexpected end when reading token. Path '[0]['a.b']'."),
    ('[{"a.b": {"c d": [1, {', "Unexpected end when reading token. Path '[0]['a.b']['c d'][1]'."),
    (
        '[{"a.b": {"c d": [1, {"[x]":',
        "Unexpected end when reading token. Path '[0]['a.b']['c d'][1]'.",
    ),
    ('[{"a.b": {"c d": [1, {"[x]": [true', None),
    ('[{"a.b": {"c d": [1, {"[x]": [true, null', None),
    (
        '[{"a.b": {"c d": [1, {"[x]": [true, null, "\\u0',
        "Unexpected end while parsing Unicode escape sequence. Path '[0]['a.b']['c d'][1]['[x]'][1]', line 1, position 45.",
    ),
    ('[{"a.b": {"c d": [1, {"[x]": [true, null, "\\u00e9"]}', None),
    (
        '{"a" 1}',
        "Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5.",
    ),
    (
        '{"a":1 "b":2}',
        "After parsing a value an unexpected character was encountered: \". Path 'a', line 1, position 7.",
    ),
    (
        "[1 2]",
        "After parsing a value an unexpected character was encountered: 2. Path '[0]', line 1, position 3.",
    ),
    (
        '{"a";1}',
        "Invalid character after parsing property name. Expected ':' but got: ;. Path '', line 1, position 4.",
    ),
    (
        '{"a":1;"b":2}',
        "Unexpected character encountered while parsing number: ;. Path 'a', line 1, position 6.",
    ),
    (
        "[1:2]",
        "Unexpected character encountered while parsing number: :. Path '', line 1, position 2.",
    ),
    (
        '{"a":1]',
        "JsonToken EndArray is not valid for closing JsonType Object. Path '', line 1, position 7.",
    ),
    (
        "[1}",
        "JsonToken EndObject is not valid for closing JsonType Array. Path '', line 1, position 3.",
    ),
    (
        '{"a"=1}',
        "Invalid character after parsing property name. Expected ':' but got: =. Path '', line 1, position 4.",
    ),
    (
        '{"a":{"b":1]}',
        "JsonToken EndArray is not valid for closing JsonType Object. Path 'a', line 1, position 12.",
    ),
    (
        '[{"a":1]]',
        "JsonToken EndArray is not valid for closing JsonType Object. Path '[0]', line 1, position 8.",
    ),
    (
        '{"a":[1}',
        "JsonToken EndObject is not valid for closing JsonType Array. Path 'a', line 1, position 8.",
    ),
    (
        "[1,2]]",
        "Additional text encountered after finished reading JSON content: ]. Path '', line 1, position 5.",
    ),
    (
        '{"a":1}}',
        "Additional text encountered after finished reading JSON content: }. Path '', line 1, position 7.",
    ),
    (
        "]",
        "JsonToken EndArray is not valid for closing JsonType None. Path '', line 1, position 1.",
    ),
    ("}", "Unexpected character encountered while parsing value: }. Path '', line 0, position 0."),
    (
        '{"a":1}x',
        "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 7.",
    ),
    (
        "[1] [2]",
        "Additional text encountered after finished reading JSON content: [. Path '', line 1, position 4.",
    ),
    ("{,}", "Invalid property identifier character: ,. Path '', line 1, position 1."),
    ("[,", "Unexpected end when reading token. Path ''."),
    ('{"a":1,,"b":2}', "Invalid property identifier character: ,. Path 'a', line 1, position 7."),
    (
        '{"a":}',
        "Unexpected character encountered while parsing value: }. Path 'a', line 1, position 5.",
    ),
    (
        "[1,]x",
        "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 4.",
    ),
    (":", "Unexpected character encountered while parsing value: :. Path '', line 0, position 0."),
    (
        '{"a"::1}',
        "Unexpected character encountered while parsing value: :. Path 'a', line 1, position 5.",
    ),
    ('{"a":"\\q"}', "Bad JSON escape sequence: \\q. Path 'a', line 1, position 8."),
    ('{"a":"\\u12G4"}', "Invalid Unicode escape sequence: \\u12G4. Path 'a', line 1, position 8."),
    (
        '{"a":"\\u12"}',
        "Unexpected end while parsing Unicode escape sequence. Path 'a', line 1, position 8.",
    ),
    ('["\\x41"]', "Bad JSON escape sequence: \\x. Path '', line 1, position 4."),
    ("{'a':'\\\n'}", "Bad JSON escape sequence: \\\n. Path 'a', line 1, position 8."),
    ('["\\', "Unterminated string. Expected delimiter: \". Path '', line 1, position 3."),
    ('["\\u', "Unexpected end while parsing Unicode escape sequence. Path '', line 1, position 4."),
    (
        '["\\u00e',
        "Unexpected end while parsing Unicode escape sequence. Path '', line 1, position 4.",
    ),
    ('["abc\\"]', "Unterminated string. Expected delimiter: \". Path '', line 1, position 8."),
    ('{"k\\z": 1}', "Bad JSON escape sequence: \\z. Path '', line 1, position 5."),
    ("[tru]", "Error parsing boolean value. Path '', line 1, position 4."),
    ("[trux]", "Error parsing boolean value. Path '', line 1, position 4."),
    ('{"a":nul}', "Error parsing null value. Path 'a', line 1, position 8."),
    ('{"a":nulx}', "Error parsing null value. Path 'a', line 1, position 8."),
    ("[NaNa]", "Error parsing NaN value. Path '', line 1, position 4."),
    ("[Infinit]", "Error parsing Infinity value. Path '', line 1, position 8."),
    ("[-Infinityx]", "Error parsing -Infinity value. Path '', line 1, position 10."),
    ("[undefinedd]", "Error parsing undefined value. Path '', line 1, position 10."),
    ('{"a": falsey}', "Error parsing boolean value. Path 'a', line 1, position 11."),
    ("[t]", "Unexpected end when reading JSON. Path '', line 1, position 3."),
    (
        "[n]",
        "Unexpected character encountered while parsing value: n. Path '', line 1, position 1.",
    ),
    (
        "[nope]",
        "Unexpected character encountered while parsing value: n. Path '', line 1, position 1.",
    ),
    (
        "[nan]",
        "Unexpected character encountered while parsing value: n. Path '', line 1, position 1.",
    ),
    (
        "[True]",
        "Unexpected character encountered while parsing value: T. Path '', line 1, position 1.",
    ),
    ("[None]", "Error parsing NaN value. Path '', line 1, position 2."),
    ('{"a": -Inf}', "Unexpected end when reading JSON. Path 'a', line 1, position 11."),
    ("[new]", "Unexpected character while parsing constructor: ]. Path '', line 1, position 4."),
    ("[ne", "Unexpected end when reading JSON. Path '', line 1, position 3."),
    ('{"a": tru', "Unexpected end when reading JSON. Path 'a', line 1, position 9."),
    ("[fals", "Unexpected end when reading JSON. Path '', line 1, position 5."),
    ("[true/]", "Error parsing boolean value. Path '', line 1, position 5."),
    ("[true/x]", "Error parsing boolean value. Path '', line 1, position 5."),
    ("[1.2.3]", "Input string '1.2.3' is not a valid number. Path '[0]', line 1, position 6."),
    ("[1e]", "Input string '1e' is not a valid number. Path '[0]', line 1, position 3."),
    ("[0x]", "Input string '0x' is not a valid number. Path '[0]', line 1, position 3."),
    ("[08]", "Input string '08' is not a valid number. Path '[0]', line 1, position 3."),
    ("[-]", "Input string '-' is not a valid number. Path '[0]', line 1, position 2."),
    ("[1-2]", "Input string '1-2' is not a valid number. Path '[0]', line 1, position 4."),
    ("[.]", "Input string '.' is not a valid number. Path '[0]', line 1, position 2."),
    ('{"a": 12abc}', "Input string '12abc' is not a valid number. Path 'a', line 1, position 11."),
    ('{"a": 1x}', "Input string '1x' is not a valid number. Path 'a', line 1, position 8."),
    (
        "[0xFFFFFFFFFFFFFFFFF]",
        "Input string '0xFFFFFFFFFFFFFFFFF' is not a valid number. Path '[0]', line 1, position 20.",
    ),
    ("[-0x1]", "Input string '-0x1' is not a valid number. Path '[0]', line 1, position 5."),
    (
        "[0x1G]",
        "Unexpected character encountered while parsing number: G. Path '', line 1, position 4.",
    ),
    ("[1e+]", "Input string '1e+' is not a valid number. Path '[0]', line 1, position 4."),
    ("[--1]", "Input string '--1' is not a valid number. Path '[0]', line 1, position 4."),
    ('{"a": 1.}', None),
    ("[-.5]", None),
    (
        "[+1]",
        "Unexpected character encountered while parsing value: +. Path '', line 1, position 1.",
    ),
    (
        "[1 .5]",
        "After parsing a value an unexpected character was encountered: .. Path '[0]', line 1, position 3.",
    ),
    ("[0.5e]", "Input string '0.5e' is not a valid number. Path '[0]', line 1, position 5."),
    ("[1,-]", "Input string '-' is not a valid number. Path '[1]', line 1, position 4."),
    (
        "[٣]",
        "Unexpected character encountered while parsing number: ٣. Path '', line 1, position 1.",
    ),
    (
        "[½]",
        "Unexpected character encountered while parsing number: ½. Path '', line 1, position 1.",
    ),
    ("[1 /* x", "Unexpected end while parsing comment. Path '[0]', line 1, position 7."),
    ("[1 /x]", "Error parsing comment. Expected: *, got x. Path '[0]', line 1, position 4."),
    ('{"a":1 // c', None),
    (
        '{"a"/**/:1}',
        "Invalid character after parsing property name. Expected ':' but got: /. Path '', line 1, position 4.",
    ),
    ("[1]/", "Unexpected end while parsing comment. Path '', line 1, position 4."),
    ("[1]//", "Unexpected end while parsing comment. Path '', line 1, position 4."),
    ("[1]/*", "Unexpected end while parsing comment. Path '', line 1, position 4."),
    ("/*", "Unexpected end while parsing comment. Path '', line 1, position 1."),
    ("//", "Unexpected end while parsing comment. Path '', line 1, position 1."),
    ("/x", "Unexpected end while parsing comment. Path '', line 1, position 1."),
    ("[/]", "Unexpected end while parsing comment. Path '', line 1, position 2."),
    ('{"a":/x}', "Error parsing comment. Expected: *, got x. Path 'a', line 1, position 6."),
    ("{/ }", "Error parsing comment. Expected: *, got  . Path '', line 1, position 2."),
    (
        "[1]/* c */ x",
        "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 11.",
    ),
    ("/* c */", None),
    ("// only\n", None),
    (
        "{a-b: 1}",
        "Invalid JavaScript property identifier character: -. Path '', line 1, position 2.",
    ),
    (
        "{a.b: 1}",
        "Invalid JavaScript property identifier character: .. Path '', line 1, position 2.",
    ),
    (
        "{a b: 1}",
        "Invalid character after parsing property name. Expected ':' but got: b. Path '', line 1, position 3.",
    ),
    (
        "{1a: 2, b@: 1}",
        "Invalid JavaScript property identifier character: @. Path '1a', line 1, position 9.",
    ),
    ("{-a: 1}", "Invalid property identifier character: -. Path '', line 1, position 1."),
    ("{a", "Unexpected end while parsing unquoted property name. Path '', line 1, position 2."),
    ("{ab", "Unexpected end while parsing unquoted property name. Path '', line 1, position 3."),
    ("{@: 1}", "Invalid property identifier character: @. Path '', line 1, position 1."),
    (
        "{a:1, b c: 2}",
        "Invalid character after parsing property name. Expected ':' but got: c. Path 'a', line 1, position 8.",
    ),
    (
        "{a\n:1, b+: 2}",
        "Invalid JavaScript property identifier character: +. Path 'a', line 2, position 5.",
    ),
    (
        "{été: x}",
        "Unexpected character encountered while parsing value: x. Path 'été', line 1, position 6.",
    ),
    (
        "{a\t",
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path '', line 1, position 3.",
    ),
    (
        "{a½: 1}",
        "Invalid JavaScript property identifier character: ½. Path '', line 1, position 2.",
    ),
    ('{"a b": {"x": tru}}', "Error parsing boolean value. Path '['a b'].x', line 1, position 17."),
    ('{"a.b": [nul]}', "Error parsing null value. Path '['a.b']', line 1, position 12."),
    (
        '{"[x]": {"y": 1 2}}',
        "After parsing a value an unexpected character was encountered: 2. Path '['[x]'].y', line 1, position 16.",
    ),
    (
        '{"": {"": x}}',
        "Unexpected character encountered while parsing value: x. Path '', line 1, position 10.",
    ),
    (
        '{"it\'s": [1, x]}',
        "Unexpected character encountered while parsing value: x. Path '['it\\'s'][0]', line 1, position 13.",
    ),
    (
        '{"a\\\\b": x}',
        "Unexpected character encountered while parsing value: x. Path '['a\\\\b']', line 1, position 9.",
    ),
    (
        '{"tab\\there": x}',
        "Unexpected character encountered while parsing value: x. Path '['tab\\there']', line 1, position 14.",
    ),
    (
        '{"a/b": x}',
        "Unexpected character encountered while parsing value: x. Path '['a/b']', line 1, position 8.",
    ),
    (
        '{"(p)": x}',
        "Unexpected character encountered while parsing value: x. Path '['(p)']', line 1, position 8.",
    ),
    (
        '{"é": x}',
        "Unexpected character encountered while parsing value: x. Path 'é', line 1, position 6.",
    ),
    (
        '{"quote\\"d": x}',
        "Unexpected character encountered while parsing value: x. Path '['quote\"d']', line 1, position 13.",
    ),
    (
        '{"nl\\nname": x}',
        "Unexpected character encountered while parsing value: x. Path '['nl\\nname']', line 1, position 13.",
    ),
    (
        '{"ctl\\u0001": x}',
        "Unexpected character encountered while parsing value: x. Path 'ctl\x01', line 1, position 14.",
    ),
    (
        '{"u\\u2028": x}',
        "Unexpected character encountered while parsing value: x. Path '['u\\u2028']', line 1, position 12.",
    ),
    (
        "{'sq': {'a b': [1, 2, {'c': x}]}}",
        "Unexpected character encountered while parsing value: x. Path 'sq['a b'][2].c', line 1, position 28.",
    ),
    (
        '{"a": {"b": {"c": [[1, [2, x]]]}}}',
        "Unexpected character encountered while parsing value: x. Path 'a.b.c[0][1][0]', line 1, position 27.",
    ),
    (
        '{"a": 1, "a": x}',
        "Unexpected character encountered while parsing value: x. Path 'a', line 1, position 14.",
    ),
    (
        '{"x": [1, 2, 3, {"y": [4, 5, {"z": "unterminated',
        "Unterminated string. Expected delimiter: \". Path 'x[3].y[2].z', line 1, position 48.",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "The reader's MaxDepth of 64 has been exceeded. Path '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', line 1, position 65.",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x",
        "The reader's MaxDepth of 64 has been exceeded. Path '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', line 1, position 65.",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x",
        "Unexpected character encountered while parsing value: x. Path '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', line 1, position 64.",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x",
        "The reader's MaxDepth of 64 has been exceeded. Path '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', line 1, position 65.",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x",
        "Unexpected character encountered while parsing value: x. Path '[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', line 1, position 63.",
    ),
    (
        "Body",
        "Unexpected character encountered while parsing value: B. Path '', line 0, position 0.",
    ),
    ("Not Found", "Error parsing NaN value. Path '', line 1, position 1."),
    ("nul", "Unexpected end when reading JSON. Path '', line 1, position 3."),
    ("nullx", "Error parsing null value. Path '', line 1, position 4."),
    ("news", "Unexpected content while parsing JSON. Path '', line 1, position 3."),
    (
        "404 Not Found",
        "Additional text encountered after finished reading JSON content: N. Path '', line 1, position 4.",
    ),
    (
        "true story",
        "Additional text encountered after finished reading JSON content: s. Path '', line 1, position 5.",
    ),
    ("123abc", "Input string '123abc' is not a valid number. Path '', line 1, position 6."),
    (
        "123xyz",
        "Unexpected character encountered while parsing number: y. Path '', line 1, position 4.",
    ),
    ("0x", "Input string '0x' is not a valid number. Path '', line 1, position 2."),
    ('"abc', "Unterminated string. Expected delimiter: \". Path '', line 1, position 4."),
    ("'", "Unterminated string. Expected delimiter: '. Path '', line 1, position 1."),
    ("", None),
    (" ", None),
    ("\n", None),
    ("\r\n", None),
    (
        "<html>",
        "Unexpected character encountered while parsing value: <. Path '', line 0, position 0.",
    ),
    (
        "E11000 duplicate key",
        "Unexpected character encountered while parsing value: E. Path '', line 0, position 0.",
    ),
    ("[1\x00,2]", None),
    ('{"a"\x00:1}', None),
    ("\x00", None),
    (
        "\x00x",
        "Unexpected character encountered while parsing value: x. Path '', line 1, position 1.",
    ),
    ("new", "Unexpected end while parsing constructor. Path '', line 1, position 3."),
    (
        '{"a":new}',
        "Unexpected character while parsing constructor: }. Path 'a', line 1, position 8.",
    ),
    ("new ", "Unexpected end while parsing constructor. Path '', line 1, position 4."),
    ("new (", "Empty constructor name. Path '', line 1, position 4."),
    ("new Foo", "Unexpected end while parsing constructor. Path '', line 1, position 7."),
    (
        "[new Foo(1,]",
        "JsonToken EndArray is not valid for closing JsonType Constructor. Path '[0]', line 1, position 12.",
    ),
    (
        '{\r\n"a":\r\n x}',
        "Unexpected character encountered while parsing value: x. Path 'a', line 3, position 1.",
    ),
    (
        '{\r"a": x}',
        "Unexpected character encountered while parsing value: x. Path 'a', line 2, position 5.",
    ),
    (
        '{\n\n  "a": x}',
        "Unexpected character encountered while parsing value: x. Path 'a', line 3, position 7.",
    ),
    ("[\r\n", "Unexpected end when reading token. Path ''."),
    ("[\r", "Unexpected end when reading token. Path ''."),
    (
        '["😀", x]',
        "Unexpected character encountered while parsing value: x. Path '[0]', line 1, position 7.",
    ),
    (
        '{"😀": x}',
        "Unexpected character encountered while parsing value: x. Path '😀', line 1, position 7.",
    ),
    (
        '["\\ud83d"x]',
        "After parsing a value an unexpected character was encountered: x. Path '[0]', line 1, position 9.",
    ),
    ('"\\ud83d"x', None),
    (
        "[\xa01, \u2028 x]",
        "Unexpected character encountered while parsing value: x. Path '[0]', line 1, position 7.",
    ),
    (
        "[1\u3000]x",
        "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 4.",
    ),
    (
        '{"a":1\x1c}',
        "Unexpected character encountered while parsing number: \x1c. Path 'a', line 1, position 6.",
    ),
    (
        '{"order": {"id": 42, "paid": tru}}',
        "Error parsing boolean value. Path 'order.paid', line 1, position 32.",
    ),
    (
        '{"a b": [1, x]}',
        "Unexpected character encountered while parsing value: x. Path '['a b'][0]', line 1, position 12.",
    ),
    ('{"order": {"id": 42,', "Unexpected end when reading token. Path 'order'."),
    ('{"order": {"id": 42}', None),
    (
        '{"items": [{"sku": "A-1"}, {"sku": "B\\q"}]}',
        "Bad JSON escape sequence: \\q. Path 'items[1].sku', line 1, position 39.",
    ),
    ('{"a":1,"b":-1,"a":2}', None),
    ('{"a":1,"b":-1,"a":2', None),
    ("{'a': 1", None),
    ("[1, [2", None),
    ("[1, [2,", "Unexpected end when reading token. Path '[1]'."),
    ('{"a": [1, 2', None),
    ('{"a": {"b": [1, {"c": 2', None),
    ('{"a": {"b": [1, {"c":', "Unexpected end when reading token. Path 'a.b[1]'."),
    ('{"a": {"b": [1, {', "Unexpected end when reading token. Path 'a.b[1]'."),
    ('{"a": {"b": [1, [', "Unexpected end when reading token. Path 'a.b[1]'."),
    ('{"a" : 1 /* c */', None),
    ('{"a" : 1, /* c */', "Unexpected end when reading token. Path ''."),
    ("[1 // c\n", None),
    ("/* only */ 1", None),
    (
        "{'x': [1, 2, 3], 'y'",
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path 'x', line 1, position 20.",
    ),
    ("{'x': [1, 2, 3], 'y':", "Unexpected end when reading token. Path ''."),
    (
        "{'x': [1, 2, 3], 'y' ",
        "Invalid character after parsing property name. Expected ':' but got: \x00. Path 'x', line 1, position 21.",
    ),
    ("[{}, {}, {", "Unexpected end when reading token. Path '[2]'."),
    ('{"a": "\\u00e9"', None),
    ('{"a": "x"   ', None),
    ('{"a": "x"\r\n', None),
    ('{"a": 1}//', "Unexpected end while parsing comment. Path '', line 1, position 9."),
    ('{"a": 1}/', "Unexpected end while parsing comment. Path '', line 1, position 9."),
    ('{"a": "\\ud83d"', None),
    (
        '{"s": "\\ud83d\\ude00" x}',
        "After parsing a value an unexpected character was encountered: x. Path 's', line 1, position 21.",
    ),
    ("[1,,2", None),
    ("[,", "Unexpected end when reading token. Path ''."),
    ('{"a":,', "Unexpected end when reading token. Path ''."),
    # BuildPath writes "." after anything already written, even before an empty name
    (
        '{"a": {"": x}}',
        "Unexpected character encountered while parsing value: x. Path 'a.', line 1, position 11.",
    ),
    (
        '{"": {"b": x}}',
        "Unexpected character encountered while parsing value: x. Path 'b', line 1, position 11.",
    ),
    (
        '[{"": [x]}]',
        "Unexpected character encountered while parsing value: x. Path '[0].', line 1, position 7.",
    ),
]


@pytest.mark.parametrize(("text", "message"), NEWTONSOFT)
def test_the_mock_says_what_newtonsoft_says(text, message):
    if message is None:
        loads(text)
        return
    with pytest.raises(JsonReadError) as caught:
        loads(text)
    assert caught.value.reason == message
