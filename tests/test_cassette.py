"""The cassette format: VCR.py's version 1, deterministic, readable, binary-safe, atomic."""

from __future__ import annotations

import json

import pytest
import yaml

from reqres_mock.cassettes.cassette import (
    Cassette,
    Interaction,
    RecordedRequest,
    RecordedResponse,
    dumps,
    loads,
)
from reqres_mock.cassettes.scrub import Scrubber, parse_json_path
from reqres_mock.errors import CassetteError, ConfigurationError
from reqres_mock.exchange import Headers

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff"


def interaction(request_body: bytes = b'{"a": 1}', response_body: bytes = b"ok") -> Interaction:
    return Interaction(
        RecordedRequest(
            "POST",
            "https://prod-12.westeurope.logic.azure.com:443/workflows/x/triggers/manual/paths/invoke"
            "?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=REDACTED",
            Headers([("Content-Type", "application/json"), ("X-Multi", "1"), ("x-multi", "2")]),
            request_body,
        ),
        RecordedResponse(200, "OK", Headers([("Content-Type", "text/plain")]), response_body, 0.25),
    )


def test_yaml_is_vcr_shaped_and_sorted():
    data = yaml.safe_load(dumps([interaction()], as_json=False))
    assert data["version"] == 1
    [item] = data["interactions"]
    assert item["request"]["method"] == "POST"
    assert item["request"]["body"] == '{"a": 1}'
    assert item["request"]["headers"]["X-Multi"] == ["1", "2"]
    assert item["response"]["status"] == {"code": 200, "message": "OK"}
    assert item["response"]["body"] == {"string": "ok"}
    assert item["response"]["duration"] == 0.25


def test_dumping_is_deterministic_and_round_trips():
    text = dumps([interaction(), interaction(b"", PNG)], as_json=False)
    assert dumps(loads(text), as_json=False) == text
    assert loads(text) == [interaction(), interaction(b"", PNG)]


def test_binary_bodies_are_base64_with_a_marker():
    text = dumps([interaction(PNG, PNG)], as_json=False)
    assert text.count("!!binary") == 2
    [back] = loads(text)
    assert back.request.body == PNG and back.response.body == PNG
    as_json = json.loads(dumps([interaction(PNG, PNG)], as_json=True))
    assert set(as_json["interactions"][0]["response"]["body"]) == {"base64"}
    assert loads(json.dumps(as_json))[0].response.body == PNG


def test_multiline_text_stays_readable():
    text = dumps([interaction(response_body=b"line one\nline two\n")], as_json=False)
    assert "string: |\n" in text and "      line two\n" in text


def test_json_cassettes_are_accepted_and_written_for_json_paths(tmp_path):
    path = tmp_path / "c.json"
    cassette = Cassette(path)
    cassette.append(interaction())
    data = json.loads(path.read_text())
    assert data["version"] == 1 and len(data["interactions"]) == 1
    assert Cassette(path).interactions == [interaction()]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[1, 2", "not valid YAML or JSON", id="broken"),
        pytest.param("hello: world", "no 'interactions' list", id="not-a-cassette"),
        pytest.param("version: 2\ninteractions: []", "only version 1", id="version"),
        pytest.param(
            "interactions: [{request: {}}]", r"interactions\[0\] is not a VCR", id="shape"
        ),
        pytest.param("interactions: [!!python/object:os.system {}]", "not valid YAML", id="unsafe"),
    ],
)
def test_bad_cassettes_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CassetteError, match=message):
        Cassette(path)


def test_a_failed_write_leaves_the_old_cassette_whole(tmp_path, monkeypatch):
    path = tmp_path / "c.yaml"
    cassette = Cassette(path)
    cassette.append(interaction())
    before = path.read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reqres_mock.cassettes.cassette.os.replace", broken_replace)
    with pytest.raises(CassetteError, match="No space left on device"):
        cassette.append(interaction(b"second"))
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        pytest.param("$.customer.ssn", ("customer", "ssn"), id="dotted"),
        pytest.param("items[*].token", ("items", "*", "token"), id="wildcard"),
        pytest.param("$['x-key'][0]", ("x-key", 0), id="quoted-index"),
    ],
)
def test_json_paths(path, steps):
    assert parse_json_path(path) == steps


def test_a_bad_json_path_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="is not a JSON path"):
        Scrubber(filter_json_paths=("a..[",))


def test_scrubbing_json_paths_in_arrays_and_sig_in_bodies():
    scrubber = Scrubber(filter_json_paths=("items[*].token",))
    body = json.dumps(
        {"items": [{"token": "t1"}, {"token": "t2"}], "url": "https://h/x?sp=a&sig=abc&sv=1"}
    ).encode()
    scrubbed = json.loads(scrubber.body(body))
    assert scrubbed["items"] == [{"token": "REDACTED"}, {"token": "REDACTED"}]
    assert scrubbed["url"] == "https://h/x?sp=a&sig=REDACTED&sv=1"


def test_scrubbed_headers_keep_their_shape():
    headers = Scrubber().headers(
        Headers(
            [
                ("Authorization", "Bearer eyJhbGciOi"),
                ("Set-Cookie", "ARRAffinity=abc; Path=/; HttpOnly"),
                ("Location", "https://h/runs/1?api-version=1&sig=s3cr3t"),
            ]
        )
    )
    assert headers["Authorization"] == "Bearer REDACTED"
    assert headers["Set-Cookie"] == "ARRAffinity=REDACTED; Path=/; HttpOnly"
    assert headers["Location"] == "https://h/runs/1?api-version=1&sig=REDACTED"
