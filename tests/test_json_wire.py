"""JSON bodies as the runtime writes them: Newtonsoft.Json's JsonTextWriter with its defaults.

Evidence (JamesNK/Newtonsoft.Json):
- NJ-convert: ``Src/Newtonsoft.Json/JsonConvert.cs`` — ``ToString(double)`` is
  ``EnsureDecimalPlace(value, value.ToString("R", InvariantCulture))``; ``EnsureFloatFormat``
  quotes non-finite numbers under ``FloatFormatHandling.String``; ``ToString(decimal)`` is
  ``EnsureDecimalPlace(value.ToString(null, InvariantCulture))``.
- NJ-settings: ``Src/Newtonsoft.Json/JsonSerializerSettings.cs`` —
  ``DefaultFloatFormatHandling = FloatFormatHandling.String``.
- NJ-tests: ``Src/Newtonsoft.Json.Tests/JsonTextWriterTest.cs`` (``WriteDoubles``-style test:
  ``[0.0,0.0,0.1,1.0,1.000001,1E-06,5E-324,…,1.7976931348623157E+308,…]`` on .NET Core,
  ``FloatingPointNonFiniteNumbers_String``: ``"NaN"``, ``"Infinity"``, ``"-Infinity"``) and
  ``JsonConvertTest.cs`` (``1.0``, ``-1.0``, ``1.1m`` → ``1.1``, ``1m`` → ``1.0``,
  ``Decimal.MaxValue`` → ``79228162514264337593543950335.0``; ``\\u0085``/``\\u2028`` escaped).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
import requests

from reqres_mock import Response
from reqres_mock.protocol import jsonwire
from reqres_mock.protocol.jsonwire import DotNetDecimal

if TYPE_CHECKING:
    from reqres_mock import MockServer


@pytest.mark.parametrize(
    ("value", "written"),
    [
        # NJ-tests (JsonTextWriterTest, .NET Core branch) and NJ-convert
        pytest.param([0.0, 0.1, 1.0, 1.000001, 0.000001], "[0.0,0.1,1.0,1.000001,1E-06]", id="nj"),
        pytest.param(5e-324, "5E-324", id="epsilon"),
        pytest.param(1.7976931348623157e308, "1.7976931348623157E+308", id="max"),
        pytest.param(-1.7976931348623157e308, "-1.7976931348623157E+308", id="min"),
        pytest.param(-1.0, "-1.0", id="minus-one"),
        # "R" on .NET Core 3.0+: shortest round-trip, E notation from 1E+15 and below 1E-05
        pytest.param(1e20, "1E+20", id="1e20"),
        pytest.param(1.5e-7, "1.5E-07", id="small"),
        pytest.param(1e15, "1E+15", id="1e15"),
        pytest.param(1e14, "100000000000000.0", id="1e14"),
        pytest.param(0.0001, "0.0001", id="1e-4"),
        pytest.param(-0.0, "-0.0", id="negative-zero"),
        # FloatFormatHandling.String (NJ-settings, NJ-tests FloatingPointNonFiniteNumbers_String)
        pytest.param(float("nan"), '"NaN"', id="nan"),
        pytest.param(float("inf"), '"Infinity"', id="infinity"),
        pytest.param(float("-inf"), '"-Infinity"', id="minus-infinity"),
        # decimals keep their scale, EnsureDecimalPlace adds ".0" (NJ-tests JsonConvertTest)
        pytest.param(DotNetDecimal(Decimal("1.10")), "1.10", id="decimal-scale"),
        pytest.param(DotNetDecimal(Decimal("1.1")), "1.1", id="decimal"),
        pytest.param(DotNetDecimal(Decimal("1")), "1.0", id="decimal-whole"),
        pytest.param(DotNetDecimal(Decimal("-1")), "-1.0", id="decimal-negative"),
        pytest.param(
            DotNetDecimal(Decimal("79228162514264337593543950335")),
            "79228162514264337593543950335.0",
            id="decimal-max",
        ),
        pytest.param(
            DotNetDecimal(Decimal("10000000000.00000000001234")),
            "10000000000.00000000001234",
            id="decimal-beyond-double",
        ),
        # integers, booleans, null, structure: no whitespace (Formatting.None)
        pytest.param(
            {"a": [1, True, None, -9223372036854775808]},
            '{"a":[1,true,null,-9223372036854775808]}',
            id="compact",
        ),
        # strings: StringEscapeHandling.Default (JavaScriptUtils.WriteEscapedJavaScriptString)
        pytest.param('It\'s a "day"\r\n', '"It\'s a \\"day\\"\\r\\n"', id="escapes"),
        pytest.param("\x01\x1f\b\f\t", '"\\u0001\\u001f\\b\\f\\t"', id="control"),
        pytest.param("before\u0085after", '"before\\u0085after"', id="next-line"),
        pytest.param("a\u2028b\u2029c", '"a\\u2028b\\u2029c"', id="line-separators"),
        pytest.param("é€😀<>&/", '"é€😀<>&/"', id="non-ascii-as-is"),
        pytest.param({"k\u2028": 1.5}, '{"k\\u2028":1.5}', id="key-escaped"),
    ],
)
def test_values_are_written_as_newtonsoft_writes_them(value, written):
    assert jsonwire.dumps(value) == written


@pytest.mark.parametrize("value", [{1, 2}, object(), {1: "a"}, [b"x"]])
def test_what_is_not_json_is_refused(value):
    assert not jsonwire.is_writable(value)
    with pytest.raises(TypeError):
        jsonwire.dumps(value)


JSON = {"Content-Type": "application/json; charset=utf-8"}


def run_with(server: MockServer, body: Any) -> requests.Response:
    document = {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Value": {"type": "Compose", "inputs": body},
            "Reply": {
                "type": "Response",
                "inputs": {"statusCode": 200, "headers": JSON, "body": "@outputs('Value')"},
                "runAfter": {"Value": ["Succeeded"]},
            },
        },
    }
    (wf,) = server.add_definition("wire", document)
    return requests.post(wf.callback_url, json={"n": 1.0, "big": 1e20}, timeout=10)


@pytest.mark.parametrize(
    ("body", "wire"),
    [
        pytest.param("@float('1e20')", b"1E+20", id="float-exponent"),
        pytest.param("@float('1')", b"1.0", id="whole-float"),
        pytest.param("@div(1.0, 8)", b"0.125", id="float-division"),
        pytest.param("@createArray(float('1.5e-7'), 0.1)", b"[1.5E-07,0.1]", id="in-array"),
        pytest.param("@float('NaN')", b'"NaN"', id="nan-as-string"),
        pytest.param("@float('-1e400')", b'"-Infinity"', id="overflow-as-string"),
        pytest.param("@decimal('1.10')", b"1.10", id="decimal-keeps-scale"),
        pytest.param("@decimal('5')", b"5.0", id="decimal-gets-a-point"),
        pytest.param(
            {"d": "@add(decimal('0.1'), decimal('0.2'))", "f": "@add(0.1, 0.2)"},
            b'{"d":0.3,"f":0.30000000000000004}',
            id="decimal-and-double-sums",
        ),
        pytest.param("@triggerBody()", b'{"n":1.0,"big":1E+20}', id="echoed-json"),
    ],
)
def test_run_outputs_go_on_the_wire_as_newtonsoft_writes_them(reqres_server, body, wire):
    reply = run_with(reqres_server, body)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert reply.content == wire


def test_a_response_object_body_is_written_the_same_way(reqres_server):
    wf = reqres_server.add_workflow(
        "py",
        response=Response(headers=JSON, body={"x": 1e20, "y": float("inf"), "z": "a\u2028b"}),
    )
    reply = requests.post(wf.callback_url, json={}, timeout=10)
    assert reply.content == b'{"x":1E+20,"y":"Infinity","z":"a\\u2028b"}'
