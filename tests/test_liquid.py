"""Liquid actions run as the Logic Apps runtime runs them: DotLiquid's rules on python-liquid.

The article:
https://learn.microsoft.com/azure/logic-apps/logic-apps-enterprise-integration-liquid-transform
(MicrosoftDocs/azure-docs ``articles/logic-apps/`` of that name
at df9ae8bd). DotLiquid's rules: dotliquid/dotliquid at b6a7d99 (the commit the article links).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import pytest
import requests

import reqres_mock.language

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("liquid")

JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

# The article's "Step 1: Create the template", verbatim.
DOC_TEMPLATE = """{%- assign deviceList = content.devices | Split: ', ' -%}

{
   "fullName": "{{content.firstName | Append: ' ' | Append: content.lastName}}",
   "firstNameUpperCase": "{{content.firstName | Upcase}}",
   "phoneAreaCode": "{{content.phone | Slice: 1, 3}}",
   "devices" : [
      {%- for device in deviceList -%}
         {%- if forloop.Last == true -%}
         "{{device}}"
         {%- else -%}
         "{{device}}",
         {%- endif -%}
      {%- endfor -%}
   ]
}
"""
# The article's "Test your workflow" input, verbatim.
DOC_INPUT = {
    "devices": "Surface, Mobile, Desktop computer, Monitors",
    "firstName": "Dean",
    "lastName": "Ledet",
    "phone": "(111)0001111",
}


def project(tmp_path: Path, maps: dict[str, str], kind: str, name: str = "map.liquid") -> Path:
    """A Standard project: Artifacts/Maps plus one workflow whose Liquid action renders the
    trigger body and whose Response returns its body (or its error on failure)."""
    (tmp_path / "host.json").write_text("{}")
    folder = tmp_path / "Artifacts" / "Maps"
    folder.mkdir(parents=True)
    for file_name, text in maps.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    definition = {
        "definition": {
            "triggers": {"manual": {"type": "Request", "kind": "Http"}},
            "actions": {
                "Transform": {
                    "type": "Liquid",
                    "kind": kind,
                    "inputs": {
                        "content": "@triggerBody()",
                        "map": {"source": "LogicApp", "name": name},
                    },
                },
                "Ok": {
                    "type": "Response",
                    "inputs": {
                        "statusCode": 200,
                        "headers": JSON if kind.endswith("Json") else TEXT,
                        "body": "@body('Transform')",
                    },
                    "runAfter": {"Transform": ["Succeeded"]},
                },
                "Failed": {
                    "type": "Response",
                    "inputs": {
                        "statusCode": 500,
                        "headers": JSON,
                        "body": "@actions('Transform')?['error']",
                    },
                    "runAfter": {"Transform": ["Failed"]},
                },
            },
        }
    }
    (tmp_path / "wf").mkdir()
    (tmp_path / "wf" / "workflow.json").write_text(json.dumps(definition))
    return tmp_path


def transform(
    reqres_server: Any, tmp_path: Path, template: str, body: Any, kind: str = "JsonToJson"
) -> requests.Response:
    (wf,) = reqres_server.load(project(tmp_path, {"map.liquid": template}, kind))
    if isinstance(body, bytes):
        headers = {"Content-Type": "application/xml"}
        return requests.post(wf.callback_url, data=body, headers=headers, timeout=10)
    return requests.post(wf.callback_url, json=body, timeout=10)


def test_the_articles_json_to_json_example(reqres_server, tmp_path):
    """The article's template and input; ``forloop.Last`` is nil under DotLiquid's C# naming
    (Tags/For.cs names the member ``last`` in a case-sensitive Hash), so every device gets a
    comma, and the runtime's Newtonsoft parser takes the trailing one."""
    reply = transform(reqres_server, tmp_path, DOC_TEMPLATE, DOC_INPUT)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {
        "fullName": "Dean Ledet",
        "firstNameUpperCase": "DEAN",
        "phoneAreaCode": "111",
        "devices": ["Surface", "Mobile", "Desktop computer", "Monitors"],
    }
    run = reqres_server.workflow("wf").runs[-1].wait()
    assert run.actions["Transform"].inputs["content"] == DOC_INPUT
    assert run.actions["Transform"].inputs["map"]["name"] == "map.liquid"


def test_the_articles_json_to_text_example(reqres_server, tmp_path):
    template = "{{content.firstName | Append: ' ' | Append: content.lastName}}"  # verbatim
    reply = transform(reqres_server, tmp_path, template, DOC_INPUT, "JsonToText")
    assert reply.status_code == 200, reply.text
    assert reply.text == "Dean Ledet"
    run = reqres_server.workflow("wf").runs[-1].wait()
    assert run.actions["Transform"].outputs == {"body": "Dean Ledet"}


def test_replace_is_a_dotnet_regular_expression(reqres_server, tmp_path):
    """The article's working Replace example: '\\\\' is a pattern matching one backslash."""
    template = (
        '{ "SampleText": "{{ \'The quick brown fox "jumped" over the sleeping dog\\\\\' '
        "| Replace: '\\\\', '\\\\' | Replace: '\"', '\\\"'}}\"}"
    )
    reply = transform(reqres_server, tmp_path, template, {}, "JsonToText")
    assert reply.text == (
        '{ "SampleText": "The quick brown fox \\"jumped\\" over the sleeping dog\\\\\\\\"}'
    )
    assert json.loads(reply.text) == {
        "SampleText": 'The quick brown fox "jumped" over the sleeping dog\\\\'
    }


def test_a_failing_filter_writes_liquid_error_in_place_of_the_output(reqres_server, tmp_path):
    """The article's failing Replace: a lone backslash is not a pattern, and DotLiquid writes
    ``Liquid error: <message>`` for the whole output (Context.HandleError), later filters
    not applied."""
    template = (
        '{ "SampleText": "{{ \'The quick brown fox "jumped" over the sleeping dog\\\\\' '
        "| Replace: '\\', '\\\\' | Replace: '\"', '\\\"'}}\"}"
    )
    reply = transform(reqres_server, tmp_path, template, {}, "JsonToText")
    assert (
        reply.text
        == '{ "SampleText": "Liquid error: parsing "\\" - Illegal \\ at end of pattern."}'
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # The article: lowercase filter names "won't work"; Context.Invoke hands the input on.
        pytest.param("{{ content.s | upcase }}", "Dean", id="lowercase-filter-does-nothing"),
        pytest.param("{{ content.s | NoSuchFilter: 1 }}", "Dean", id="unknown-filter"),
        # The article: Sort is case-insensitive string order (StandardFilters.Sort).
        pytest.param("{{ content.list | Sort | Join: ',' }}", "a,A,b,C", id="sort"),
        # StandardFilters.DividedBy/Times: integers stay integers, truncated as C# divides.
        pytest.param("{{ content.n | DividedBy: 12 }}", "4166", id="integer-division"),
        pytest.param("{{ -7 | DividedBy: 2 }} {{ -7 | Modulo: 2 }}", "-3 -1", id="c-sharp-signs"),
        pytest.param("{{ content.n | Times: 2 }}", "100000", id="times"),
        # DoMathsOperation: a real computes in decimal, written without trailing zeros.
        pytest.param("{{ 0.1 | Plus: 10 | Minus: 10 }}", "0.1", id="decimal-maths"),
        pytest.param("{{ 2.50 | Times: 2 }}", "5", id="decimal-output"),
        pytest.param(
            "{{ content.n | DividedBy: 0 }}",
            "Liquid error: Exception has been thrown by the target of an invocation.",
            id="divide-by-zero",
        ),
        # StandardFilters.Date: DateTime.TryParse, then a .NET format string.
        pytest.param(
            "{{ '2024-03-15 10:20:30' | Date: 'dd/MM/yyyy HH:mm' }}",
            "15/03/2024 10:20",
            id="date-net-format",
        ),
        pytest.param("{{ 'not a date' | Date: 'yyyy' }}", "not a date", id="date-unreadable"),
        # Variable.Render: nil is empty, booleans lower case, lists joined without separator.
        pytest.param(
            "[{{ content.missing }}]{{ true }}{{ content.list }}", "[]truebAaC", id="render-values"
        ),
        pytest.param(
            "{{ content.s | Default: 'x' }}{{ content.missing | Default: 'x' }}",
            "Deanx",
            id="default",
        ),
        pytest.param("{{ 'a-b-c' | ReplaceFirst: '-', '+' }}", "a+b-c", id="replace-first"),
        pytest.param(
            "{{ '2024-03' | Replace: '(\\d+)-(\\d+)', '$2/$1' }}",
            "03/2024",
            id="replace-net-substitutions",
        ),
        pytest.param(
            "{{ 'Dean' | Slice: -3, 2 }}{{ 'a, ,b' | Split: ',' | Size }}", "ea3", id="slice-split"
        ),
        # StandardFilters.Upcase/Downcase: .NET ToUpper/ToLower (invariant culture), one
        # character for one, so ß stays.
        pytest.param("{{ 'Hauptstraße' | Upcase }}", "HAUPTSTRAßE", id="upcase-keeps-sharp-s"),
        # StandardFilters.Lstrip/Rstrip: TrimStart/TrimEnd; blank text becomes empty.
        pytest.param("[{{ '   ' | Lstrip }}][{{ '   ' | Rstrip }}]", "[][]", id="strip-blank"),
        # StandardFilters.Times: text times an integer is Enumerable.Repeat, rendered joined.
        pytest.param("{{ 'ab' | Times: 2 }}", "abab", id="times-repeats-text"),
        # Replace is Regex.Replace: .NET named groups, back references and ${name} (assigned
        # first: in an output, Template.Tokenize would end the output at the pattern's first })
        pytest.param(
            "{% assign p = '(?<y>\\d{4})-(?<m>\\d{2}) (?<c>x)-\\k<c>' %}"
            "{% assign r = '${m}/${y}' %}{{ '2024-03 x-x' | Replace: p, r }}",
            "03/2024",
            id="replace-net-named-groups",
        ),
        # Tags/For.cs: forloop members are lower case; forloop.First is nil.
        pytest.param(
            "{% for i in content.list %}{{ forloop.index }}{{ forloop.First }}"
            "{% unless forloop.last %},{% endunless %}{% endfor %}",
            "1,2,3,4",
            id="forloop-members",
        ),
    ],
)
def test_dotliquid_rules(reqres_server, tmp_path, template, expected):
    body = {"s": "Dean", "n": 50000, "list": ["b", "A", "a", "C"]}
    reply = transform(reqres_server, tmp_path, template, body, "JsonToText")
    assert reply.status_code == 200, reply.text
    assert reply.text == expected


def test_the_order_distributor_map_shape(reqres_server, tmp_path):
    """Shape of shibin ``Artifacts/Maps/order-distributor-transform.liquid``: ``forloop.last``
    with ``unless``, and a lowercase ``default`` that DotLiquid ignores."""
    template = """{
  "OrderId": "{{ content.OrderNumber }}",
  "Items": [
  {% for item in content.itemList %}
    {"ProductId": "{{ item.ProductID }}", "Quantity": {{ item.Quantity | default: 0 }}}\
{% unless forloop.last %},{% endunless %}
  {% endfor %}
  ]
}"""
    order = {"OrderNumber": "A-1", "itemList": [{"ProductID": "X", "Quantity": 2}]}
    reply = transform(reqres_server, tmp_path, template, order)
    assert reply.json() == {"OrderId": "A-1", "Items": [{"ProductId": "X", "Quantity": 2}]}


def test_an_output_that_is_not_json_fails_the_action(reqres_server, tmp_path):
    """Same map, an item without Quantity: the ignored ``default: 0`` leaves ``"Quantity": }``
    and the action fails with the runtime's code and sentence (Azure/LogicAppsUX#4614)."""
    template = '{"Quantity": {{ content.Quantity | default: 0 }}}'
    reply = transform(reqres_server, tmp_path, template, {"ProductID": "X"})
    assert reply.status_code == 500
    error = reply.json()
    assert error["code"] == "IncorrectLiquidTransformOutputType"
    assert error["message"].startswith(
        "An error occurred while converting the transformed value to JSON. The transformed "
        "value is not a valid JSON."
    )
    run = reqres_server.workflow("wf").runs[-1].wait()
    assert run.actions["Transform"].inputs["content"] == {"ProductID": "X"}


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        # Azure/LogicAppsUX#4614's map and message, verbatim (an XmlToJson there).
        pytest.param(
            '{% assign firstname = content.name %}} { "message": "Hi {{firstname}}" }',
            "Unexpected character encountered while parsing value: }. Path '', line 0, position 0.",
            id="logicappsux-4614",
        ),
        pytest.param(
            '{"Quantity": {{ content.Quantity | default: 0 }}}',
            "Unexpected character encountered while parsing value: }. Path 'Quantity', "
            "line 1, position 13.",
            id="missing-value",
        ),
        pytest.param(
            '{"a": 1}\n{"b": 2}',
            "Additional text encountered after finished reading JSON content: {. Path '', "
            "line 2, position 0.",
            id="two-values",
        ),
        pytest.param(
            '{"a": "{{ content.name }}}',
            "Unterminated string. Expected delimiter: \". Path 'a', line 1, position 11.",
            id="unterminated-string",
        ),
    ],
)
def test_a_json_output_is_read_by_newtonsofts_reader(reqres_server, tmp_path, template, reason):
    """``*ToJson`` reads the text with Newtonsoft's ``JsonTextReader`` (the mock's port,
    ``protocol/jsontext.py``), so the failure carries the reader's own message."""
    reply = transform(reqres_server, tmp_path, template, {"name": "Ada"})
    error = reply.json()
    assert (reply.status_code, error["code"]) == (500, "IncorrectLiquidTransformOutputType")
    assert error["message"] == (
        "An error occurred while converting the transformed value to JSON. The transformed "
        f"value is not a valid JSON. '{reason}'"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # JsonTextReader reads what JSON does not: a trailing comma, single quotes, bare
        # names, comments; text with no value is null (JsonConvert.DeserializeObject<JToken>).
        pytest.param("[1, 2,]", [1, 2], id="trailing-comma"),
        pytest.param("{'a': 'x', b: 1 /* note */}", {"a": "x", "b": 1}, id="lenient-forms"),
        pytest.param("{% comment %}nothing{% endcomment %}", None, id="no-value-is-null"),
    ],
)
def test_a_json_output_may_use_what_newtonsoft_reads(reqres_server, tmp_path, template, expected):
    reply = transform(reqres_server, tmp_path, template, {})
    assert reply.status_code == 200, reply.text
    run = reqres_server.workflow("wf").runs[-1].wait()
    assert run.actions["Transform"].outputs == {"body": expected}


def test_the_prepare_person_map_shape(reqres_server, tmp_path):
    """Shape of mschellig ``Artifacts/Maps/PREPAREPERSON.liquid``: ``DividedBy`` on an integer
    and ``places[0].['place name']``."""
    template = """{
"fullname": "{{ content.request.name1 }} {{ content.request.name2 }}",
"salary_month": {{ content.request.salary_year | DividedBy: 12 }},
"city": "{{ content.cityinformation.places[0].['place name'] }}"
}"""
    body = {
        "request": {"name1": "Ada", "name2": "Lovelace", "salary_year": 60006},
        "cityinformation": {"places": [{"place name": "Stuttgart"}]},
    }
    reply = transform(reqres_server, tmp_path, template, body)
    assert reply.json() == {"fullname": "Ada Lovelace", "salary_month": 5000, "city": "Stuttgart"}


def test_the_live_demo_map_shape(reqres_server, tmp_path):
    """Shape of mschellig ``Artifacts/Maps/LIVEDEMO.liquid``: ``{% if {{content.x}} == "y" %}``
    (DotLiquid's variable parser skips the braces) and a trailing comma before ``}``."""
    template = """{
    {% if {{content.world.city}} == "Stuttgart" %}
        "result": "You are done",
    {% elsif {{content.world.continent}} == "" %}
    "result": "Luckyly ocean!",
    {% else %}
    "result": "Poor {{ content.world.continent }}",
    {% endif %}
}"""
    reply = transform(reqres_server, tmp_path, template, {"world": {"city": "Stuttgart"}})
    assert reply.json() == {"result": "You are done"}


def test_xml_to_json_sees_newtonsofts_json_of_the_xml(reqres_server, tmp_path):
    """XmlToJson: ``content`` is the XML as Newtonsoft converts it (``json(xml(...))``); shape
    of msteph ``Artifacts/Maps/ShipInstructionMap.liquid`` (``['#text']``)."""
    pytest.importorskip("lxml")
    template = (
        '{"no": "{{ content.Doc.Row.order_no[\'#text\'] }}", '
        '"id": "{{ content.Doc.Row[\'@id\'] }}",'
        ' "names": [{% for n in content.Doc.Name %}"{{ n }}",{% endfor %}]}'
    )
    xml = b'<Doc><Row id="7"><order_no a="1">A-1</order_no></Row><Name>x</Name><Name>y</Name></Doc>'
    reply = transform(reqres_server, tmp_path, template, xml, "XmlToJson")
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"no": "A-1", "id": "7", "names": ["x", "y"]}


def test_xml_to_text(reqres_server, tmp_path):
    pytest.importorskip("lxml")
    template = "{{content.person.firstName | Append: ' ' | Append: content.person.lastName}}"
    xml = b"<person><firstName>Dean</firstName><lastName>Ledet</lastName></person>"
    reply = transform(reqres_server, tmp_path, template, xml, "XmlToText")
    assert reply.text == "Dean Ledet"


def test_a_missing_map_names_the_maps_found(reqres_server, tmp_path):
    maps = {"a.liquid": "x", "b.xslt": "<x/>"}
    (wf,) = reqres_server.load(project(tmp_path, maps, "JsonToText", name="nope.liquid"))
    error = requests.post(wf.callback_url, json={}, timeout=10).json()
    assert error["code"] == "MapNotFound"
    assert "'nope.liquid'" in error["message"]
    assert "found: a.liquid, b.xslt" in error["message"]


def test_a_template_python_liquid_cannot_parse_names_map_and_line(reqres_server, tmp_path):
    reply = transform(reqres_server, tmp_path, "ok\n{% JSONArrayFor i in content %}", {})
    error = reply.json()
    assert error["code"] == "InvalidLiquidTemplate"
    assert error["message"].startswith("map.liquid line 2: ")
    assert "wf.stub_action('Transform'" in error["message"]


def test_without_python_liquid_the_action_says_which_extra(reqres_server, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "liquid", None)  # import liquid -> ImportError
    monkeypatch.setattr("reqres_mock.definitions.liquid.engine._ENVIRONMENT", [])
    reply = transform(reqres_server, tmp_path, "{{ content }}", {}, "JsonToText")
    error = reply.json()
    assert error["code"] == "MissingExtra"
    assert "pip install 'reqres-mock[liquid]'" in error["message"]
    assert "wf.stub_action" in error["message"]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # A Python failure in a filter is DotLiquid's Liquid error (Strainer.Invoke's
        # Convert.ChangeType FormatException; Block.RenderAll writes Context.HandleError's
        # text and goes on), not a failed run.
        pytest.param(
            "{{ 'abc' | Slice: 'x' }}|",
            "Liquid error: Input string was not in a correct format.|",
            id="slice-text-start",
        ),
        pytest.param(
            "{{ '2024-03-15' | Date: 'Q' }}|",
            "Liquid error: Input string was not in a correct format.|",
            id="date-unknown-format",
        ),
        # DoMathsOperation: beyond decimal's range it computes again in double.
        pytest.param("{{ content.f | Times: 10000000000 }}", "1E+30", id="decimal-overflow"),
    ],
)
def test_a_failing_filter_does_not_fail_the_run(reqres_server, tmp_path, template, expected):
    reply = transform(reqres_server, tmp_path, template, {"f": 1e20}, "JsonToText")
    assert (reply.status_code, reply.text) == (200, expected)


def test_whitespace_control_trims_as_dotliquid_tokenize(reqres_server, tmp_path):
    """Template.Tokenize: ``{%-`` trims spaces and tabs before it on its line only, ``-%}``
    one line break after it, so a CSV map keeps its line breaks (python-liquid's own trimming
    would join the rows)."""
    template = (
        "Id,Name\n{%- for r in content.rows -%}\n{{ r.id }},{{ r.name }}\n{%- endfor -%}\nEND"
    )
    body = {"rows": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}
    reply = transform(reqres_server, tmp_path, template, body, "JsonToText")
    assert reply.text == "Id,Name\n1,a\n2,b\nEND"


def test_equality_converts_across_types(reqres_server, tmp_path):
    """Condition.EqualVariables -> ObjectExtensionMethods.SafeTypeInsensitiveEqual: values of
    different types compare after Convert.ChangeType, in ``if`` and in ``case``/``when``
    (Tags/Case.cs builds ``Condition(left, "==", when)``)."""
    template = (
        "{% if content.code == '200' %}eq{% endif %}"
        "{% if content.code != '200' %}ne{% endif %}|"
        "{% case content.code %}{% when '200' %}ok{% else %}other{% endcase %}|"
        "{% if content.qty == 5 %}five{% endif %}{% if content.flag == 'True' %}T{% endif %}"
    )
    body = {"code": 200, "qty": "5", "flag": True}
    reply = transform(reqres_server, tmp_path, template, body, "JsonToText")
    assert reply.text == "eq|ok|fiveT"


def test_xml_text_compares_with_a_number(reqres_server, tmp_path):
    """XML leaves are text: ``Qty == 5`` and ``Qty > 0`` hold (Condition.Operators)."""
    pytest.importorskip("lxml")
    template = (
        "{% if content.Order.Qty == 5 %}five{% endif %}{% if content.Order.Qty > 0 %}+{% endif %}"
    )
    reply = transform(
        reqres_server, tmp_path, template, b"<Order><Qty>5</Qty></Order>", "XmlToText"
    )
    assert (reply.status_code, reply.text) == (200, "five+")


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # Condition.Operators: the right value converted to the left's type, then compared.
        pytest.param("content.n > '4'", "yes", id="number-left"),
        pytest.param("content.t > 5", "no", id="text-left-compares-text"),  # "10" < "5"
        pytest.param("content.t >= '10'", "yes", id="text-equal"),
        pytest.param("content.missing < 5", "no", id="nil-is-false"),
        pytest.param(
            "content.n < 'x'",
            "Liquid error: Input string was not in a correct format.",
            id="unconvertible-is-a-liquid-error",
        ),
        # The named operators of Condition.Operators.
        pytest.param("content.t startsWith '1'", "yes", id="startsWith-text"),
        pytest.param("content.list endsWith 3", "yes", id="endsWith-list-last-item"),
        pytest.param("content hasKey 'list'", "yes", id="hasKey"),
        pytest.param("content hasValue 5", "yes", id="hasValue"),
        pytest.param("content.t StartsWith '0'", "no", id="naming-convention-spelling"),
    ],
)
def test_conditions_follow_dotliquid(reqres_server, tmp_path, condition, expected):
    template = "{% if " + condition + " %}yes{% else %}no{% endif %}"
    body = {"n": 5, "t": "10", "list": ["1", "2", "3"]}
    reply = transform(reqres_server, tmp_path, template, body, "JsonToText")
    assert (reply.status_code, reply.text) == (200, expected)


def test_for_over_an_object_binds_each_object_value_with_its_key_as_item_name(
    reqres_server, tmp_path
):
    """Tags/For.cs BuildContext (dotliquid/dotliquid ``src/DotLiquid.Tests/Tags/
    StandardTagTests.cs`` TestForWithNestedDictionary): the loop variable is each value that is
    an object, its key written into it as ``itemName``; a value that is not an object leaves
    the variable as it was. The run's recorded inputs keep the content as it came."""
    template = (
        '[{% for p in content.people %}{"id": "{{ p.itemName }}", "name": "{{ p.name }}"}, '
        "{% endfor %}]"
    )
    body = {"people": {"ID1": {"name": "Jane"}, "count": 2, "ID2": {"name": "Mike"}}}
    reply = transform(reqres_server, tmp_path, template, body)
    assert reply.status_code == 200, reply.text
    assert reply.json() == [
        {"id": "ID1", "name": "Jane"},
        {"id": "ID1", "name": "Jane"},
        {"id": "ID2", "name": "Mike"},
    ]
    run = reqres_server.workflow("wf").runs[-1].wait()
    assert run.actions["Transform"].inputs["content"] == body


def test_the_rarer_filters_through_a_map(reqres_server, tmp_path):
    """StandardFilters.cs's Truncate, TruncateWords, Capitalize, Escape, UrlEncode,
    UrlDecode, StripHtml, StripNewlines, NewlineToBr, RemoveFirst, Round, Abs, AtLeast,
    AtMost, Currency, Map, Uniq and Compact in one JsonToText map."""
    template = (
        "{{ content.title | StripHtml | Truncate: 12 }}|{{ content.title | TruncateWords: 2, '' }}"
        "|{{ 'big deal' | Capitalize }}|{{ content.q | UrlEncode }}|{{ 'a+b%21' | UrlDecode }}"
        "|{{ content.q | H }}|{{ content.lines | StripNewlines }}|{{ content.nl | NewlineToBr }}"
        "|{{ 'a-b-c' | RemoveFirst: '-' }}|{{ content.price | Round: 1 }}|{{ -3 | Abs }}"
        "|{{ 7 | AtMost: 5 | AtLeast: 6 }}|{{ content.price | Currency }}"
        "|{{ content.items | Map: 'sku' | Uniq | Join: ',' }}|{{ content.tags | Compact | Size }}"
    )
    body = {
        "title": "<b>Ground control</b> to Major Tom",
        "q": "a&b <c>",
        "lines": "1\r\n2\n3",
        "nl": "x\ny",  # a line break inside an output is DotLiquid's SyntaxException
        "price": 1234.45,
        "items": [{"sku": "A"}, {"sku": "B"}, {"sku": "A"}],
        "tags": ["x", None, "y"],
    }
    reply = transform(reqres_server, tmp_path, template, body, "JsonToText")
    assert reply.status_code == 200, reply.text
    assert reply.text == (
        "Ground co...|<b>Ground control</b>|Big Deal|a%26b+%3Cc%3E|a b!|a&amp;b &lt;c&gt;|123"
        "|x<br />\ny|ab-c|1234.4|3|6|¤1,234.45|A,B|2"
    )


def test_a_named_currency_culture_without_babel_says_which_extra(
    reqres_server, tmp_path, monkeypatch
):
    """Currency's culture argument needs CLDR data beyond en-US and the invariant culture; the
    action fails saying so rather than writing a currency the runtime would not."""
    monkeypatch.delattr(reqres_mock.language, "cldr", raising=False)
    monkeypatch.setitem(sys.modules, "reqres_mock.language.cldr", None)
    template = "{{ 7000 | Currency: 'en-US' }} {{ 7000 | Currency: 'de-DE' }}"
    reply = transform(reqres_server, tmp_path, template, {}, "JsonToText")
    error = reply.json()
    assert error["code"] == "MissingExtra"
    assert "'de-DE'" in error["message"]
    assert "pip install 'reqres-mock[cultures]'" in error["message"]
    assert "wf.stub_action('Transform'" in error["message"]
