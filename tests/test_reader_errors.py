"""Text that is not JSON, reported as the runtime's parser (Newtonsoft's JsonTextReader) does.

Evidence: a Parse JSON of the text ``Body`` failed with "InvalidJSON. The 'content' property of
actions of type 'ParseJson' must be valid JSON. The provided value 'Body' cannot be parsed:
'Unexpected character encountered while parsing value: B. Path '', line 0, position 0.'."
(MicrosoftDocs/azure-docs#24350). The line is 0 while the reader stands at the start of its
text (JamesNK/Newtonsoft.Json ``Src/Newtonsoft.Json/JsonTextReader.cs``, ``LineNumber``), and
``ParseValue`` names the first character that cannot start a value.
"""

from __future__ import annotations

import pytest
import requests

from reqres_mock.protocol.jsonread import JsonReadError, loads, reader_error

MOCKS = "the mock's own words"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Body",
            "Unexpected character encountered while parsing value: B. Path '', line 0, position 0.",
        ),
        (
            "<html>",
            "Unexpected character encountered while parsing value: <. Path '', line 0, position 0.",
        ),
        (
            "  hello",
            "Unexpected character encountered while parsing value: h. Path '', line 1, position 2.",
        ),
        (
            "\nhello",
            "Unexpected character encountered while parsing value: h. Path '', line 0, position 0.",
        ),
        (
            "\n  x",
            "Unexpected character encountered while parsing value: x. Path '', line 2, position 2.",
        ),
        (
            "no",
            "Unexpected character encountered while parsing value: n. Path '', line 0, position 0.",
        ),
        # inside an object: the same sentence at the value's path
        (
            '{"a": B}',
            "Unexpected character encountered while parsing value: B. Path 'a', line 1, "
            "position 6.",
        ),
        ("", MOCKS),  # no value at all: DeserializeObject<JToken> gives null, no error
    ],
)
def test_a_first_character_that_cannot_start_a_value(text, expected):
    assert reader_error(text, MOCKS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not Found", "Error parsing NaN value. Path '', line 1, position 1."),
        ("Internal Server Error", "Error parsing Infinity value. Path '', line 1, position 2."),
        ("upstream connect error", "Error parsing undefined value. Path '', line 1, position 1."),
        ("the end", "Error parsing boolean value. Path '', line 1, position 1."),
        ("\nNot Found", "Error parsing NaN value. Path '', line 2, position 1."),
        ("nul", "Unexpected end when reading JSON. Path '', line 1, position 3."),
        ("nullx", "Error parsing null value. Path '', line 1, position 4."),
        ("news", "Unexpected content while parsing JSON. Path '', line 1, position 3."),
        (
            "404 Not Found",
            "Additional text encountered after finished reading JSON content: N. Path '', "
            "line 1, position 4.",
        ),
        (
            "true story",
            "Additional text encountered after finished reading JSON content: s. Path '', "
            "line 1, position 5.",
        ),
        ("123abc", "Input string '123abc' is not a valid number. Path '', line 1, position 6."),
        (
            "123xyz",
            "Unexpected character encountered while parsing number: y. Path '', line 1, "
            "position 4.",
        ),
        ("0x", "Input string '0x' is not a valid number. Path '', line 1, position 2."),
        ('"abc', "Unterminated string. Expected delimiter: \". Path '', line 1, position 4."),
        ("'", "Unterminated string. Expected delimiter: '. Path '', line 1, position 1."),
    ],
)
def test_a_broken_root_value_is_reported_in_newtonsofts_words(text, expected):
    """Each sentence is what Newtonsoft.Json's ``JToken.Parse`` said for the text, compiled and
    run on the development machine (``JsonTextReader``: ``MatchValue``, ``ParseConstructor``,
    ``ReadNumberIntoBuffer``, ``ParseReadNumber``, ``ReadStringIntoBuffer``, ``Read`` in state
    ``Finished``): the bodies an HTTP action gets back from a failing service."""
    with pytest.raises(JsonReadError) as caught:
        loads(text)
    assert caught.value.reason == expected


def _definition(action: dict) -> dict:
    return {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {"Step": action},
    }


def _run_step(server, action: dict, **call: object):
    """The one action ``Step`` of a definition run once with ``call`` (requests' arguments)."""
    (wf,) = server.add_definition("steps", _definition(action))
    requests.post(wf.callback_url, timeout=5, **call)
    return wf.wait_for_runs(1)[0].wait().actions["Step"]


def test_parse_json_of_text_fails_as_captured(reqres_server):
    """The sentence without the value, as a Consumption run gave it in 2022
    (nicolonsky/AzureADGuestReview#4: "The provided value cannot be parsed: 'Unexpected
    character encountered while parsing value: <. …'.") and a public Power Automate emulator
    measured it against the cloud (tomdam/flowforger
    ``packages/engine/src/__tests__/parse-json.test.ts``); a 2019 run quoted the value
    (MicrosoftDocs/azure-docs#24350), which the mock used to do."""
    action = {
        "type": "ParseJson",
        "inputs": {"content": "@{triggerBody()?['text']}", "schema": {}},
    }
    step = _run_step(reqres_server, action, json={"text": "Body"})
    assert step.error == {
        "code": "InvalidJSON",
        "message": "The 'content' property of actions of type 'ParseJson' must be valid JSON. "
        "The provided value cannot be parsed: 'Unexpected character encountered while "
        "parsing value: B. Path '', line 0, position 0.'.",
    }
    assert step.outputs is None


@pytest.mark.parametrize(
    ("text", "value"), [("{} x", {}), ("{}{}", {}), ('{"a":1}}', {"a": 1}), ("1 x", 1)]
)
def test_parse_json_reads_the_first_value_whatever_follows_it(reqres_server, text, value):
    """Parse JSON's reader does not check for more content after its value (tomdam/flowforger
    ``packages/engine/src/__tests__/parse-json.test.ts``, measured against the cloud);
    ``json()`` does ("Additional text encountered after finished reading JSON content")."""
    action = {"type": "ParseJson", "inputs": {"content": text, "schema": {}}}
    step = _run_step(reqres_server, action)
    assert step.status == "Succeeded"
    assert step.outputs == {"body": value}
    assert loads(text, check_additional_content=False) == value
    with pytest.raises(JsonReadError) as caught:
        loads(text)
    assert caught.value.reason.startswith("Additional text encountered after finished reading")


def test_parse_json_content_cut_short_still_fails_as_the_serializer_fails_it(reqres_server):
    action = {"type": "ParseJson", "inputs": {"content": '{"a":[1,{"b":', "schema": {}}}
    step = _run_step(reqres_server, action)
    assert step.error["message"].endswith(
        "cannot be parsed: 'Unexpected end when reading token. Path 'a[1]'.'."
    )


def test_json_of_html_names_the_first_character(reqres_server):
    step = _run_step(reqres_server, {"type": "Compose", "inputs": "@json('<p>hi</p>')"})
    assert step.error["code"] == "InvalidTemplate"
    assert (
        "The template language function 'json' parameter is not valid. The provided value "
        "'<p>hi</p>' cannot be parsed: 'Unexpected character encountered while parsing value: <. "
        "Path '', line 0, position 0.'" in step.error["message"]
    )


def test_a_request_body_of_text_sent_as_json_is_400(reqres_server):
    from reqres_mock import Response

    wf = reqres_server.add_workflow("orders", response=Response(200))
    reply = requests.post(
        wf.callback_url, data=b"Body", headers={"Content-Type": "application/json"}, timeout=5
    )
    assert reply.status_code == 400
    assert reply.json()["error"] == {
        "code": "InvalidRequestContent",
        "message": "The request content is not valid and could not be deserialized: "
        "'Unexpected character encountered while parsing value: B. Path '', line 0, "
        "position 0.'.",
    }


@pytest.mark.parametrize("content", ["@triggerBody()", ""])
def test_parse_json_of_null_or_empty_content_fails_its_template(reqres_server, content):
    """Azure/LogicAppsUX#6595, a Consumption run whose trigger body was null: "InvalidTemplate.
    Unable to process template language expressions in action 'Parse_alert_body' inputs at line
    '0' and column '0': 'Required property 'content' expects a value but got null. Path ''.'".
    Empty text fails the same way, code BadRequest (tomdam/flowforger
    ``packages/engine/src/__tests__/parse-json.test.ts``, measured against the cloud)."""
    action = {"type": "ParseJson", "inputs": {"content": content, "schema": {}}}
    step = _run_step(reqres_server, action)  # no body: triggerBody() is null
    assert step.code == "BadRequest"
    assert step.error == {
        "code": "InvalidTemplate",
        "message": "Unable to process template language expressions in action 'Step' inputs at "
        "line '0' and column '0': 'Required property 'content' expects a value but got null. "
        "Path ''.'.",
    }


def test_parse_json_of_blank_content_reads_null(reqres_server):
    step = _run_step(
        reqres_server, {"type": "ParseJson", "inputs": {"content": "  ", "schema": {}}}
    )
    assert step.status == "Succeeded"
    assert step.outputs == {"body": None}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ({"$content-type": "application/json", "$content": "eyJhIjogMX0="}, "application/json"),
        ("@base64ToBinary('eyJhIjogMX0=')", "application/octet-stream"),
        ("@triggerBody()", "application/x-www-form-urlencoded"),  # a form post, $formdata too
    ],
)
def test_parse_json_of_binary_content_fails_whatever_its_type(reqres_server, content, content_type):
    """tomdam/flowforger ``packages/engine/src/parse-json.ts`` (binary content as its
    ``expr/values.ts`` ``isBinaryContent`` has it), measured against the cloud; real runs:
    microsoft/coe-starter-kit#3061 ("… but was of type 'application/octet-stream'.")."""
    action = {"type": "ParseJson", "inputs": {"content": content, "schema": {}}}
    step = _run_step(reqres_server, action, data={"a": "1"})
    assert step.status == "Failed"
    assert step.code == "BadRequest"
    assert step.error == {
        "code": "BadRequest",
        "message": "The property 'content' must be of type JSON in the 'ParseJson' action "
        f"inputs, but was of type '{content_type}'.",
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{'name': 'Ada', 'tags': ['a', 'b',],}", {"name": "Ada", "tags": ["a", "b"]}),
        ("{name: 1, $ref: 2, _x: 3}", {"name": 1, "$ref": 2, "_x": 3}),
        ('{"a": 1 /* one */, // end\n "b": "line\nbreak"}', {"a": 1, "b": "line\nbreak"}),
        ("[0x1F, 010, -010, 0.5, NaN, undefined]", [31, 8, -10, 0.5, None, None]),
        ("'it\\'s'", "it's"),
    ],
)
def test_text_is_read_as_newtonsofts_reader_reads_it(text, value):
    """JsonTextReader has no strict mode: single quotes, bare names, comments, trailing commas,
    hexadecimal and octal integers, NaN and undefined are read whatever the caller's settings
    (JamesNK/Newtonsoft.Json ``JsonTextReader.cs``: ``ParseString``, ``ParseUnquotedProperty``,
    ``ParseComment``, ``ParseValue``, ``ParseReadNumber``)."""
    read = loads(text)
    if isinstance(value, list) and isinstance(read, list) and len(read) > 4:
        assert read[4] != read[4]  # NaN
        read[4] = None
    assert read == value


@pytest.mark.parametrize(
    "text", ["{'a': 1,", "[1 2]", "{a b: 1}", "'bad \\q'", "1 2", "0x", "09", "-0x10"]
)
def test_what_the_reader_refuses_is_still_refused(text):
    with pytest.raises(JsonReadError):
        loads(text)


def test_json_reads_single_quotes_and_comments_in_a_run(reqres_server):
    action = {"type": "Compose", "inputs": "@json('{name: /* who */ ''Ada'', }')"}
    assert _run_step(reqres_server, action).outputs == {"name": "Ada"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[,1]", [None, 1]),  # ParseValue reads a lone comma as undefined
        ('{"a":,"b":1}', {"a": None, "b": 1}),
        ("0xFFFFFFFFFFFFFFFF", -1),  # Convert.ToInt64(text, 16): 64 bits, signed
        ("['\\ud83d\\ude00',]", ["\U0001f600"]),  # ReadStringIntoBuffer pairs surrogates
        ('["\\ud800x"]', ["\ufffdx"]),  # and replaces a lone half
        ("{a:1 // c\r}", {"a": 1}),  # a comment ends at a carriage return too
        ("1" * 380, int("1" * 380)),
    ],
)
def test_the_readers_edges(text, value):
    """A second look compiled Newtonsoft.Json and ran these through it."""
    assert loads(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("E11000 duplicate key error", "Unexpected character encountered while parsing value: E."),
        ("1" * 381, "JSON integer " + "1" * 381 + " is too large to parse."),
        ("1" * 5000, "is too large to parse."),
        ("0x10000000000000000", ""),
        ("{\u00bd:1}", ""),  # char.IsLetterOrDigit: no number forms in a bare name
        ("[1]\x1c", ""),  # U+001C is no .NET white space
    ],
)
def test_what_the_reader_refuses_never_escapes_as_another_error(text, reason):
    with pytest.raises(JsonReadError) as caught:
        loads(text)
    assert reason in caught.value.reason


def test_parse_json_of_a_mongo_error_fails_cleanly(reqres_server):
    """Text starting with E and digits crashed the lenient reader (a float() ValueError)."""
    action = {"type": "ParseJson", "inputs": {"content": "@{triggerBody()?['text']}", "schema": {}}}
    step = _run_step(reqres_server, action, json={"text": "E11000 duplicate key"})
    assert step.error["code"] == "InvalidJSON"
    assert "Unexpected character encountered while parsing value: E." in step.error["message"]


# -- failures inside an object or array, through the interfaces that show them ----------------
# Each reason is what Newtonsoft.Json 13.0.4, compiled from source at JamesNK/Newtonsoft.Json
# 09bb545d (the reader is unchanged since the tag) and run under Mono, said for the same text
# through JsonConvert.DeserializeObject<JToken> (see reqres_mock.protocol.jsonread).


def test_a_request_body_broken_inside_an_object_is_400_with_the_path(reqres_server):
    from reqres_mock import Response

    wf = reqres_server.add_workflow("orders", response=Response(200))
    reply = requests.post(
        wf.callback_url,
        data=b'{"order": {"id": 42, "paid": tru}}',
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert reply.status_code == 400
    assert reply.json()["error"] == {
        "code": "InvalidRequestContent",
        "message": "The request content is not valid and could not be deserialized: "
        "'Error parsing boolean value. Path 'order.paid', line 1, position 32.'.",
    }


def test_json_of_text_broken_inside_an_array_names_the_path(reqres_server):
    step = _run_step(reqres_server, {"type": "Compose", "inputs": "@json('{\"a b\": [1, x]}')"})
    assert step.error["code"] == "InvalidTemplate"
    assert (
        "cannot be parsed: 'Unexpected character encountered while parsing value: x. "
        "Path '['a b'][0]', line 1, position 12.'" in step.error["message"]
    )


def test_parse_json_of_text_cut_after_a_comma_fails_at_the_writers_path(reqres_server):
    action = {
        "type": "ParseJson",
        "inputs": {"content": "@{triggerBody()?['text']}", "schema": {}},
    }
    text = '{"order": {"id": 42,'
    step = _run_step(reqres_server, action, json={"text": text})
    assert step.error == {
        "code": "InvalidJSON",
        "message": "The 'content' property of actions of type 'ParseJson' must be valid JSON. "
        "The provided value cannot be parsed: 'Unexpected end when reading token. "
        "Path 'order'.'.",
    }


def test_parse_json_of_text_cut_after_a_value_reads_what_there_is(reqres_server):
    """JsonWriter.WriteToken stops when the reader runs out; the JTokenWriter holds the
    unclosed containers and DeserializeObject<JToken> returns them."""
    action = {
        "type": "ParseJson",
        "inputs": {"content": "@{triggerBody()?['text']}", "schema": {}},
    }
    step = _run_step(reqres_server, action, json={"text": '{"order": {"id": 42}'})
    assert step.status == "Succeeded"
    assert step.outputs["body"] == {"order": {"id": 42}}


_NESTED: list = []
for _ in range(64):
    _NESTED = [_NESTED]


@pytest.mark.parametrize(
    ("text", "mock", "newtonsoft"),
    [
        # MaxDepth 64 refuses JSON nested deeper; the mock keeps reading what Python's parser reads
        ("[" * 65 + "]" * 65, _NESTED, "The reader's MaxDepth of 64 has been exceeded."),
        # constructors: a date ("1970-01-01T00:00:00.001Z") or a JConstructor to Newtonsoft
        ("new Date(1)", JsonReadError, "1970-01-01T00:00:00.001Z"),
        ("[new Foo(1)]", JsonReadError, "[new Foo(1)]"),
        # JTokenWriter keeps a comment inside an array as an item: [1/* c */,2]
        ("[1 /* c */, 2]", [1, 2], "[1/* c */,2]"),
    ],
)
def test_where_the_mock_knowingly_differs(text, mock, newtonsoft):
    """What Newtonsoft.Json 13.0.4 (run under Mono) gave is in the third column."""
    if mock is JsonReadError:
        with pytest.raises(JsonReadError, match="constructors"):
            loads(text)
    else:
        assert loads(text) == mock
