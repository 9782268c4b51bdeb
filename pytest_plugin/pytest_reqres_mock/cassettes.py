"""The ``reqres_cassette`` marker: a test's calls to the mock recorded to / replayed from a
cassette. Imported by the plugin only when a test carries the marker."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

    from reqres_mock import CassetteSession, MockServer

#: Keyword arguments the marker takes (besides the cassette name).
MARKER_OPTIONS = (
    "record_mode",
    "target",
    "match_on",
    "filter_headers",
    "filter_query",
    "filter_json_paths",
    "replay_timing",
    "allow_playback_repeats",
)
#: Where the target comes from when the marker names none (a secret: keep it out of code).
TARGET_ENVIRONMENT = "REQRES_RECORD_TARGET"


def cassette_path(request: pytest.FixtureRequest, name: str | None) -> Path:
    """``<reqres_cassette_dir>/<name>.yaml``; the folder is relative to the test file's, the
    name defaults to ``<module>.<test>``."""
    folder = Path(request.config.getini("reqres_cassette_dir") or "cassettes")
    if not folder.is_absolute():
        folder = Path(request.node.path).parent / folder
    if not name:
        test = re.sub(r"[^\w.-]+", "_", request.node.name)
        name = f"{request.node.path.stem}.{test}"
    path = folder / name
    return path if path.suffix in (".yaml", ".yml", ".json") else path.with_name(f"{name}.yaml")


def use_marked_cassette(
    server: MockServer, request: pytest.FixtureRequest
) -> CassetteSession | None:
    """Attach the cassette the test's ``reqres_cassette`` marker names, or do nothing.

    :raises ConfigurationError: for unknown marker options or values.
    :raises CassetteError: when the record mode needs a target and none is given, or the
        cassette cannot be read.
    """
    from reqres_mock import CassetteError, CassetteOptions, ConfigurationError  # noqa: PLC0415

    marker = request.node.get_closest_marker("reqres_cassette")
    if marker is None:
        return None
    if len(marker.args) > 1:
        raise ConfigurationError("@pytest.mark.reqres_cassette takes one name at most")
    kwargs: dict[str, Any] = dict(marker.kwargs)
    unknown = sorted(set(kwargs) - set(MARKER_OPTIONS))
    if unknown:
        raise ConfigurationError(
            f"@pytest.mark.reqres_cassette got unknown option(s) {unknown}; "
            f"valid: {list(MARKER_OPTIONS)}"
        )
    forced = request.config.getoption("reqres_record_mode")
    if forced:
        kwargs["record_mode"] = forced
    target = kwargs.pop("target", None) or os.environ.get(TARGET_ENVIRONMENT) or None
    for name in ("filter_headers", "filter_query"):
        if name in kwargs:
            kwargs[name] = frozenset(kwargs[name])
    for name in ("match_on", "filter_json_paths"):
        if name in kwargs:
            kwargs[name] = tuple(kwargs[name])
    options = CassetteOptions(**kwargs)
    path = cassette_path(request, marker.args[0] if marker.args else None)
    try:
        return server.use_cassette(path, target=target, options=options)
    except CassetteError as err:
        raise err.advise(
            f"set {TARGET_ENVIRONMENT}=<the real callback URL> (or target= in the marker) to "
            "record it, then run the test once"
        ) from err
