"""pytest fixtures for reqres-mock.

Layers: ``reqres_config`` (session, overridable) -> ``reqres_session_server`` (session, one
server per process, so one per xdist worker) -> ``reqres_server`` (function: reset before the
test, checked and reset after it) -> ``reqres_respx`` / ``reqres_requests`` (function: the
same server answering in process, for httpx and requests). HTTPS has the same layers on
top of ``reqres_ca`` (session, a throw-away CA): ``reqres_https_session_server`` ->
``reqres_https_server``. reqres-mock itself, Werkzeug, jsonschema, trustme, httpx and respx
are imported only when a test asks for a fixture, so loading the plugin costs next to
nothing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reqres_mock import (
        CassetteSession,
        CertificateAuthority,
        LogicAppsAdapter,
        LogicAppsRouter,
        MockServer,
        ServerConfig,
    )

_MARKER_OPTIONS = (
    "timeout",
    "flavor",
    "reminders",
    "allow_unexpected",
    "pass_through",
    "wait_scale",
    "unstubbed",
)
#: The servers a test's ``reqres_server`` and ``reqres_https_server`` gave it, for its report.
_SERVERS = pytest.StashKey["list[MockServer]"]()
#: The title of the failed test's report section listing the calls the mock refused.
REPORT_SECTION = "reqres-mock calls"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reqres-mock", "reqres-mock (Azure Logic Apps mock)")
    group.addoption(
        "--reqres-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="seconds a call waits for the Response before 504 (default: ini reqres_timeout, "
        "else 120 for Consumption and 225 for Standard)",
    )
    parser.addini(
        "reqres_timeout",
        "reqres-mock: seconds before 504 (default 120 Consumption, 225 Standard)",
        default=None,
    )
    parser.addini(
        "reqres_flavor", "reqres-mock: consumption or standard (default consumption)", default=None
    )
    group.addoption(
        "--reqres-record-mode",
        default=None,
        choices=["once", "new_episodes", "none", "all"],
        help="record mode of every @pytest.mark.reqres_cassette (e.g. none in CI)",
    )
    parser.addini(
        "reqres_cassette_dir",
        "reqres-mock: folder of reqres_cassette cassettes, relative to the test file's "
        "(default cassettes)",
        default=None,
    )
    parser.addini(
        "reqres_reminders",
        "reqres-mock: what reminders do in tests: warn, error or ignore (default warn)",
        default=None,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "reqres(timeout=None, flavor=None, reminders=None, allow_unexpected=False, "
        "pass_through=False): per-test settings of the reqres_server fixture (pass_through: "
        "hosts reqres_respx lets reach the network, or True for all)",
    )
    config.addinivalue_line(
        "markers",
        "reqres_cassette(name=None, record_mode='once', target=None, match_on=None, "
        "filter_headers=(), filter_query=(), filter_json_paths=(), replay_timing=None, "
        "allow_playback_repeats=False): record the reqres_server's calls to target into "
        "<reqres_cassette_dir>/<name>.yaml, or replay them from it (VCR.py record modes)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test that used the fixture gets a section listing the calls the mock rejected
    or could not match, with their error codes and messages: the reason behind a client's bare
    ``401 Client Error``."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not report.failed or call.when == "teardown":
        return
    text = "\n".join(filter(None, (s.rejection_report() for s in item.stash.get(_SERVERS, []))))
    if text:
        report.sections.append((REPORT_SECTION, text))


@pytest.fixture(scope="session")
def reqres_config(pytestconfig: pytest.Config) -> ServerConfig:
    """Settings of the session's mock server; override this fixture to change them."""
    from reqres_mock import ServerConfig  # noqa: PLC0415 (lazy: plugin load stays cheap)

    settings: dict[str, Any] = {}
    timeout = pytestconfig.getoption("reqres_timeout") or pytestconfig.getini("reqres_timeout")
    if timeout:
        settings["timeout"] = float(timeout)
    flavor = pytestconfig.getini("reqres_flavor")
    if flavor:
        settings["flavor"] = flavor
    reminders = pytestconfig.getini("reqres_reminders")
    if reminders:
        settings["reminders"] = reminders
    return ServerConfig(**settings)


@pytest.fixture(scope="session")
def reqres_session_server(reqres_config: ServerConfig) -> Iterator[MockServer]:
    """One started mock server for the whole session (per xdist worker)."""
    from reqres_mock import MockServer  # noqa: PLC0415

    server = MockServer(config=reqres_config).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def reqres_server(
    reqres_session_server: MockServer, reqres_config: ServerConfig, request: pytest.FixtureRequest
) -> Iterator[MockServer]:
    """A clean mock server for this test.

    After the test it re-raises errors from server threads, surfaces reminders, and fails on
    calls that matched no workflow (unless ``@pytest.mark.reqres(allow_unexpected=True)``).
    """
    __tracebackhide__ = True
    yield from _facade(reqres_session_server, reqres_config, request)


@pytest.fixture(scope="session")
def reqres_ca() -> Iterator[CertificateAuthority]:
    """A throw-away certificate authority for the session (per xdist worker).

    ``reqres_ca.path`` is its PEM (in a temporary directory removed after the session);
    ``requests_verify`` for requests' ``verify=``, ``client_context()`` for httpx's ``verify=``,
    ``environ()`` / ``patch_environ()`` for ``SSL_CERT_FILE`` and ``REQUESTS_CA_BUNDLE``.
    """
    from reqres_mock import CertificateAuthority  # noqa: PLC0415

    with CertificateAuthority() as ca:
        yield ca


@pytest.fixture(scope="session")
def reqres_https_session_server(
    reqres_config: ServerConfig, reqres_ca: CertificateAuthority
) -> Iterator[MockServer]:
    """One started HTTPS mock server (TLS 1.2, Logic Apps' suites) for the whole session."""
    from reqres_mock import MockServer  # noqa: PLC0415

    server = MockServer(config=reqres_config, https=True, ca=reqres_ca).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def reqres_https_server(
    reqres_https_session_server: MockServer,
    reqres_config: ServerConfig,
    request: pytest.FixtureRequest,
) -> Iterator[MockServer]:
    """Like ``reqres_server``, over HTTPS as Logic Apps accepts it: callback URLs start with
    ``https://``; clients trust ``reqres_ca``; refused handshakes are in
    ``rejected_connections``."""
    __tracebackhide__ = True
    yield from _facade(reqres_https_session_server, reqres_config, request)


def _facade(
    server: MockServer, reqres_config: ServerConfig, request: pytest.FixtureRequest
) -> Iterator[MockServer]:
    """Reset the session server for a test, apply its marker, check and reset it after."""
    __tracebackhide__ = True  # a teardown failure shows the mock's diagnosis, not this code
    from reqres_mock import ConfigurationError  # noqa: PLC0415

    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("reqres"))):
        if marker.args:
            raise ConfigurationError("@pytest.mark.reqres takes keyword arguments only")
        options.update(marker.kwargs)
    unknown = sorted(set(options) - set(_MARKER_OPTIONS))
    if unknown:
        raise ConfigurationError(
            f"@pytest.mark.reqres got unknown option(s) {unknown}; valid: {list(_MARKER_OPTIONS)}"
        )
    allow_unexpected = bool(options.pop("allow_unexpected", False))
    options.pop("pass_through", None)  # reqres_respx's
    changes = {k: v for k, v in options.items() if v is not None}
    server.reset()  # cheap when the previous test's teardown already did it
    if changes:
        server.config = dataclasses.replace(reqres_config, **changes)
    cassette = None
    if request.node.get_closest_marker("reqres_cassette") is not None:
        from pytest_reqres_mock.cassettes import use_marked_cassette  # noqa: PLC0415

        cassette = use_marked_cassette(server, request)
    servers = request.node.stash.setdefault(_SERVERS, [])
    servers.append(server)
    try:
        yield server
        server.check()
        if not allow_unexpected:
            server.assert_no_unexpected_calls()
    finally:
        if cassette is not None:
            cassette.close()
        servers.remove(server)
        server.reset()
        server.config = reqres_config


@pytest.fixture
def reqres_cassette(reqres_server: MockServer) -> CassetteSession:
    """The cassette of this test's ``@pytest.mark.reqres_cassette``: ``.url`` to call,
    ``.play_count``, ``.all_played``, ``.interactions``.

    :raises ConfigurationError: when the test has no ``reqres_cassette`` marker.
    """
    from reqres_mock import ConfigurationError  # noqa: PLC0415

    if reqres_server.interceptor is None:
        raise ConfigurationError("the reqres_cassette fixture needs @pytest.mark.reqres_cassette")
    return reqres_server.interceptor


@pytest.fixture
def reqres_respx(
    reqres_server: MockServer, request: pytest.FixtureRequest
) -> Iterator[LogicAppsRouter]:
    """``reqres_server`` answering httpx calls in process: a started respx router.

    Logic Apps URLs and the server's own URL are answered by the engine, in the same run
    history; other hosts fail as respx does, unless ``@pytest.mark.reqres(pass_through=...)``
    lets them through (``True``, or hosts / URL prefixes). Add routes to it for other APIs.
    Needs the ``respx`` extra.
    """
    pass_through: Any = False
    for marker in request.node.iter_markers("reqres"):
        if "pass_through" in marker.kwargs:
            pass_through = marker.kwargs["pass_through"]
            break
    if isinstance(pass_through, str):
        pass_through = [pass_through]
    router = reqres_server.respx(pass_through=pass_through)
    with router:
        yield router


@pytest.fixture
def reqres_requests(reqres_server: MockServer) -> Iterator[LogicAppsAdapter]:
    """``reqres_server`` answering ``requests`` calls to Logic Apps hosts in process.

    Every Session (``requests.post`` included) sends calls to ``*.logic.azure.com`` and
    Standard trigger paths on ``*.azurewebsites.net`` to the engine; other URLs, the
    server's socket URL included, go where they always go.
    """
    with reqres_server.requests_adapter().intercept() as adapter:
        yield adapter
