"""Binary content, base64, data URIs and URI parts (IllogicApps BinaryConversionTests.fs;
the reference's uri* examples)."""

from __future__ import annotations

import pytest
from language_support import check, check_error

OCTET = "application/octet-stream"


def blob(content: str, kind: str = OCTET) -> dict[str, str]:
    return {"$content-type": kind, "$content": content}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('@binary(json(\'{"hello": "world"}\'))', blob("eyJoZWxsbyI6IndvcmxkIn0=")),
        pytest.param("@binary(3.14)", blob("My4xNA=="), id="binary-number"),
        pytest.param("@binary(binary('123'))", blob("MTIz"), id="binary-of-binary"),
        pytest.param("@binary(true)", blob("VHJ1ZQ=="), id="binary-true"),
        pytest.param("@json(binary('[1,2,3]'))", [1, 2, 3], id="json-of-binary"),
        pytest.param("@base64ToBinary('')", blob(""), id="base64ToBinary-empty"),
        pytest.param(
            "@base64ToBinary('aGVsbG8 gd29ybGQ=')", blob("aGVsbG8 gd29ybGQ="), id="b2b-kept"
        ),
        pytest.param("@{base64ToBinary('test')}", "\ufffd\ufffd-", id="binary-as-text"),
        pytest.param("@base64ToString('aGVsbG8gd29ybGQ=')", "hello world", id="b64-to-string"),
        pytest.param("@base64(binary('test'))", "dGVzdA==", id="base64-of-binary"),
        pytest.param("@concat('x', binary('test'))", "xtest", id="concat-binary"),
        pytest.param("@uriComponentToBinary('a%20b')", blob("YSBi"), id="uriComponentToBinary"),
        # dataUri
        pytest.param("@dataUri('test')", "data:text/plain;charset=utf-8;base64,dGVzdA==", id="du"),
        pytest.param(
            "@dataUri(json('{\"a\":3}'))",
            "data:application/json;charset=utf-8;base64,eyJhIjozfQ==",
            id="dataUri-object-is-json",
        ),
        pytest.param("@{dataUri(1)}", "data:application/json;charset=utf-8;base64,MQ==", id="du1"),
        pytest.param(
            "@{dataUri(true)}", "data:application/json;charset=utf-8;base64,VHJ1ZQ==", id="duT"
        ),
        # dataUriToBinary
        pytest.param(
            "@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
            blob("aGVsbG8=", "text/plain;charset=utf-8"),
            id="dataUriToBinary-base64",
        ),
        pytest.param(
            "@dataUriToBinary('data:text/plain;charset=utf-8,aGVsbG8=')",
            blob("YUdWc2JHOD0=", "text/plain;charset=utf-8"),
            id="dataUriToBinary-text",
        ),
        pytest.param(
            "@dataUriToBinary('data:,  [ 1, 2, 3 ]  ')",
            blob("ICBbIDEsIDIsIDMgXSAg", "text/plain"),
            id="dataUriToBinary-default-type",
        ),
        pytest.param(
            "@dataUriToBinary('data:base64,dGVzdA==')",
            blob("dGVzdA==", "text/plain"),
            id="dataUriToBinary-bare-base64",
        ),
        pytest.param(
            "@dataUriToBinary('data:text/plain;base64;charset=ascii,dGVzdA==')",
            blob("ZEdWemRBPT0=", "text/plain;base64;charset=ascii"),
            id="dataUriToBinary-base64-not-last",
        ),
        pytest.param(
            "@dataUriToBinary('DATA:TEXT/PLAIN;COWS=MOO;CHARSET=UTF-8;CATS=CUTE;BASE64,dGVzdA==')",
            blob("dGVzdA==", "TEXT/PLAIN;COWS=MOO;CHARSET=UTF-8;CATS=CUTE"),
            id="dataUriToBinary-upper-case",
        ),
        # decodeDataUri reads the URI as content: text a string, JSON parsed, others binary
        # with a us-ascii charset; measured in the cloud (tomdam/flowforger
        # packages/engine/src/__tests__/binary-expressions.test.ts, conformance/flows/binary.ff.ts)
        pytest.param(
            "@decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
            "hello",
            id="decodeDataUri-text",
        ),
        pytest.param("@decodeDataUri('data:text/csv;base64,YSxi')", "a,b", id="decodeDataUri-csv"),
        pytest.param("@decodeDataUri('data:,a%20b')", "a b", id="decodeDataUri-default-text"),
        pytest.param(
            "@decodeDataUri('data:application/json;base64,eyJhIjoxfQ==')",
            {"a": 1},
            id="decodeDataUri-json",
        ),
        pytest.param(
            "@decodeDataUri('data:image/png;base64,iVBORw0KGgo=')",
            blob("iVBORw0KGgo=", "image/png;charset=us-ascii"),
            id="decodeDataUri-binary",
        ),
        pytest.param(
            "@decodeDataUri('data:image/png;charset=utf-8;base64,aGk=')",
            blob("aGk=", "image/png;charset=utf-8"),
            id="decodeDataUri-binary-named-charset",
        ),
        pytest.param(
            "@{dataUriToBinary('data:text/plain;charset=utf-8,abc+def ghi+jkl=asdf')}",
            "abc def ghi jkl=asdf",
            id="plus-is-space",
        ),
        # dataUriToString
        pytest.param(
            "@dataUriToString('data:text/plain;charset=utf-8,%22hello,%20world%22')",
            '"hello, world"',
            id="dataUriToString-escaped",
        ),
        pytest.param(
            "@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8 gd29ybGQ=')",
            "hello world",
            id="dataUriToString-whitespace-in-base64",
        ),
        pytest.param(
            "@dataUriToString('data:text/plain;base64;charset=ascii,dGVzdA==')",
            "dGVzdA==",
            id="dataUriToString-base64-not-last",
        ),
        pytest.param(
            "@dataUriToString('data:badmime;charset=utf-8,  [ 1, 2, 3 ]  ')",
            "  [ 1, 2, 3 ]  ",
            id="dataUriToString-lax-type",
        ),
        # uri parts (the reference's examples)
        pytest.param("@uriHost('https://www.localhost.com:8080')", "www.localhost.com"),
        pytest.param(
            "@uriPath('http://www.contoso.com/catalog/shownew.htm?date=today')",
            "/catalog/shownew.htm",
        ),
        pytest.param(
            "@uriPathAndQuery('http://www.contoso.com/catalog/shownew.htm?date=today')",
            "/catalog/shownew.htm?date=today",
        ),
        pytest.param("@uriPort('https://www.localhost:8080')", 8080, id="uriPort"),
        pytest.param("@uriPort('https://www.localhost')", 443, id="uriPort-default"),
        pytest.param(
            "@uriQuery('http://www.contoso.com/catalog/shownew.htm?date=today')", "?date=today"
        ),
        pytest.param("@uriScheme('http://www.contoso.com/catalog/shownew.htm?date=today')", "http"),
        pytest.param("@uriComponent('https://contoso.com')", "https%3A%2F%2Fcontoso.com"),
        pytest.param("@uriComponentToString('http%3A%2F%2Fcontoso.com')", "http://contoso.com"),
        # '+' decodes to a space, measured in the cloud: tomdam/flowforger
        # packages/engine/src/expr/functions/encoding.ts
        pytest.param("@uriComponentToString('a+b')", "a b", id="uriComponentToString-plus"),
        pytest.param("@decodeUriComponent('a+b%2Bc')", "a b+c", id="decodeUriComponent-plus"),
    ],
)
def test_binary_and_uri_values(text, expected):
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the sentences: tomdam/flowforger packages/engine/src/expr/functions/encoding.ts
        pytest.param(
            "@binary(null)",
            "'binary' was invoked with a parameter that is not valid. The value cannot be "
            "converted to the target type.",
            id="binary-null",
        ),
        pytest.param(
            "@base64ToBinary('aa')",
            "'base64ToBinary' was invoked with a parameter that is not valid. The value cannot be "
            "decoded from base64 representation.",
            id="base64ToBinary-padding",
        ),
        pytest.param(
            "@base64ToBinary('$#[<')",
            "cannot be decoded from base64 representation.",
            id="base64ToBinary-chars",
        ),
        pytest.param("@dataUri(null)", "not null", id="dataUri-null"),
        pytest.param("@dataUriToBinary('data:;;base64,dGVzdA==')", "empty parameter", id="d1"),
        pytest.param("@dataUriToBinary('data:;,test')", "empty parameter", id="d2"),
        pytest.param("@dataUriToBinary('data:badmime;charset=utf-8,x')", "media type", id="d3"),
        pytest.param("@dataUriToBinary('data:text/plain/epic;base64,aGk=')", "media type", id="d4"),
        pytest.param(
            "@dataUriToBinary('data:application/json;charset=fake-encoding,x')",
            "unknown charset",
            id="dataUriToBinary-charset",
        ),
        pytest.param(
            "@dataUriToBinary('data:text/plain;cows=moo;base64;cats=cute=very,dGVzdA==')",
            "malformed parameter",
            id="dataUriToBinary-double-equals",
        ),
        pytest.param(
            "@{dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8%20gd29ybGQ=')}",
            "not valid base64",
            id="stringified-invalid-base64",
        ),
        pytest.param(
            "@dataUriToString('data:text/plain;charset=ascii;base64,dGVzdA==')",
            "only the UTF-8 charset",
            id="dataUriToString-charset",
        ),
        pytest.param(
            "@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8%20gd29ybGQ=')",
            "cannot be decoded from base64 representation.",
            id="dataUriToString-invalid-base64",
        ),
        pytest.param(
            "@dataUriToString('hello')",
            "'dataUriToString' expects its parameter to be formatted as a valid data URI. The "
            "provided value 'hello' was not formatted correctly. Please see "
            "https://aka.ms/logicexpressions#dataUriToString for usage details.",
            id="not-a-data-uri",
        ),
        pytest.param("@uriHost('not a uri')", "expects an absolute URI", id="uriHost-relative"),
    ],
)
def test_binary_and_uri_errors(text, message):
    check_error(text, message)
