"""The Table action (Create CSV table, Create HTML table) as the cloud writes it.

Evidence: a public Power Automate emulator whose author measured the cloud's tables for the same
rows (tomdam/flowforger ``packages/engine/src/table.ts`` and ``__tests__/table.test.ts``, from
its ``conformance/flows/tables.ff.ts``). Power Automate runs the multi-tenant (Consumption)
runtime; that Standard writes tables alike is inferred.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

ROWS = [
    {
        "name": "A <b>&\"x\" 'y'",
        "n": 1.5,
        "flag": True,
        "none": None,
        "obj": {"k": "v", "n": 1},
        "arr": [1, "a", None],
        "comma": "a,b",
        "nl": "l1\nl2",
        "uml": "ä€😀",
    },
    {"name": "B", "n": 0, "flag": False, "extra": "only in row 2"},
]


def _tables(server, tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each Table action of ``tables`` (name: inputs) run once: name -> its result."""
    definition = {
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {name: {"type": "Table", "inputs": inputs} for name, inputs in tables.items()},
    }
    (wf,) = server.add_definition("tables", definition)
    requests.post(wf.callback_url, json={}, timeout=5)
    run = wf.wait_for_runs(1)[0].wait()
    return {name: run.actions[name] for name in tables}


def _body(result: Any) -> str:
    assert result.status == "Succeeded", result.error
    text: str = result.outputs["body"]
    return text


def test_automatic_columns_are_every_key_of_every_row(reqres_server):
    found = _tables(
        reqres_server,
        {"Csv": {"from": ROWS, "format": "CSV"}, "Html": {"from": ROWS, "format": "HTML"}},
    )
    assert _body(found["Csv"]) == (
        "name,n,flag,none,obj,arr,comma,nl,uml,extra\r\n"
        '"A <b>&""x"" \'y\'",1.5,True,,"{""k"":""v"",""n"":1}","[1,""a"",null]","a,b",'
        '"l1\nl2",ä€😀,\r\n'
        "B,0,False,,,,,,,only in row 2\r\n"
    )
    # WebUtility.HtmlEncode: ' as &#39;, U+00A0..U+00FF and astral characters as decimal
    # references, € as it is
    assert _body(found["Html"]) == (
        "<table><thead><tr><th>name</th><th>n</th><th>flag</th><th>none</th><th>obj</th>"
        "<th>arr</th><th>comma</th><th>nl</th><th>uml</th><th>extra</th></tr></thead><tbody>"
        "<tr><td>A &lt;b&gt;&amp;&quot;x&quot; &#39;y&#39;</td><td>1.5</td><td>True</td>"
        "<td></td><td>{&quot;k&quot;:&quot;v&quot;,&quot;n&quot;:1}</td>"
        "<td>[1,&quot;a&quot;,null]</td><td>a,b</td><td>l1\nl2</td>"
        "<td>&#228;€&#128512;</td><td></td></tr>"
        "<tr><td>B</td><td>0</td><td>False</td><td></td><td></td><td></td><td></td><td></td>"
        "<td></td><td>only in row 2</td></tr></tbody></table>"
    )


def test_html_encodes_as_webutility_does(reqres_server):
    found = _tables(
        reqres_server, {"Html": {"from": [{"v": "<>&\"' ä\u00a0€😀\n"}], "format": "HTML"}}
    )
    assert _body(found["Html"]) == (
        "<table><thead><tr><th>v</th></tr></thead><tbody>"
        "<tr><td>&lt;&gt;&amp;&quot;&#39; &#228;&#160;€&#128512;\n</td></tr></tbody></table>"
    )


def test_custom_columns_give_their_header_row_even_without_rows(reqres_server):
    columns = [
        {"header": 'Name, "quoted" <h>', "value": "@item()?['name']"},
        {"header": "", "value": "@item()?['missing']"},
    ]
    one = [{"header": "A", "value": 1}]
    found = _tables(
        reqres_server,
        {
            "Csv": {"from": ROWS, "format": "CSV", "columns": columns},
            "NoRowsCsv": {"from": [], "format": "CSV", "columns": one},
            "NoRowsHtml": {"from": [], "format": "HTML", "columns": one},
        },
    )
    assert _body(found["Csv"]) == '"Name, ""quoted"" <h>",\r\n"A <b>&""x"" \'y\'",\r\nB,\r\n'
    assert _body(found["NoRowsCsv"]) == "A\r\n"
    assert _body(found["NoRowsHtml"]) == (
        "<table><thead><tr><th>A</th></tr></thead><tbody></tbody></table>"
    )


def test_automatic_columns_over_no_rows(reqres_server):
    found = _tables(
        reqres_server,
        {"Csv": {"from": [], "format": "CSV"}, "Html": {"from": [], "format": "HTML"}},
    )
    assert _body(found["Csv"]) == ""
    assert _body(found["Html"]) == "<table><tbody></tbody></table>"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "@null",
            "The 'from' property value in the 'table' action inputs is of type 'Null'. The value "
            "must be of type 'Array'.",
        ),
        (
            {"a": 1},
            "The 'from' property value in the 'table' action inputs is of type 'Object'. The "
            "value must be of type 'Array'.",
        ),
        (
            ["a", "b"],
            "The property 'columns' must be specified unless the 'from' property value is an "
            "array of objects.",
        ),
        (
            [{"a": 1}, "x"],
            "The property 'columns' must be specified unless the 'from' property value is an "
            "array of objects.",
        ),
    ],
)
def test_what_the_cloud_refuses_fails_bad_request(reqres_server, source, message):
    (found,) = _tables(reqres_server, {"Html": {"from": source, "format": "HTML"}}).values()
    assert found.status == "Failed"
    assert found.code == "BadRequest"
    assert found.error == {"code": "BadRequest", "message": message}
