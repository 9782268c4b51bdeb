"""The facade: :class:`MockServer` composes an engine with a socket server and offers the
conveniences a test author uses (definitions, in-process transports, cassettes).

Nothing here decides how Logic Apps answers: that is the engine's job
(:mod:`reqres_mock.engine`). The socket (:mod:`reqres_mock.server`), the in-process transports
(:mod:`reqres_mock.transports`) and the cassettes (:mod:`reqres_mock.cassettes`) all plug into
the same engine, so a call journals the same way whichever way it came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqres_mock.config import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_RUNS,
    DEFAULT_MAX_URL_LENGTH,
    Flavor,
    ReminderMode,
    ServerConfig,
)
from reqres_mock.engine.pipeline import Engine
from reqres_mock.engine.workflow import Workflow
from reqres_mock.errors import ConfigurationError
from reqres_mock.protocol.hosts import check_base_url
from reqres_mock.protocol.trigger import RequestTrigger
from reqres_mock.server.sockets import SocketServer, make_tls

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path
    from types import TracebackType

    from reqres_mock.cassettes.session import CassetteOptions, CassetteSession, RecordMode
    from reqres_mock.definitions.httpstubs import HttpStub, Pattern
    from reqres_mock.engine.faults import Fault
    from reqres_mock.engine.pipeline import RunObserver
    from reqres_mock.engine.run import Run
    from reqres_mock.engine.workflow import ResponseSpec
    from reqres_mock.server.handshake import RejectedConnection, TlsEndpoint
    from reqres_mock.server.tls import CertificateAuthority, TlsProfile
    from reqres_mock.transports.requests_adapter import LogicAppsAdapter
    from reqres_mock.transports.respx_router import LogicAppsRouter


class MockServer:
    """A local Logic App endpoint: workflows with Request triggers, served over HTTP(S).

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with MockServer() as server:
            wf = server.add_workflow("orders", response=Response(200, body={"ok": True}))
            requests.post(wf.callback_url, json={})

    :param host: interface to bind; loopback unless you say otherwise.
    :param port: TCP port; 0 picks a free one (read it back from :attr:`port`).
    :param timeout: seconds a caller waits for the Response before 504; by default Logic Apps'
        documented deadline (120 s Consumption, 225 s Standard).
    :param https: serve HTTPS with certificates from a throw-away CA (:attr:`ca`), as Logic
        Apps accepts it: TLS 1.2 only, the article's eight cipher suites.
    :param tls: ``"logic-apps"`` (default) or ``"modern"`` (TLS 1.2 and 1.3, default suites).
    :param ca: the :class:`CertificateAuthority` to issue the server certificates from (the
        ``reqres_ca`` fixture); a new one per server when ``None``.
    :param certificate: your own certificate instead of a CA's: a PEM file with chain and key,
        or a ``(cert, key)`` pair.
    :param max_runs: the run-history cap: past it the oldest finished calls are evicted and
        counted (:attr:`evicted_runs`); see :class:`ServerConfig`.
    :param config: a full :class:`ServerConfig`; the keyword settings above override it.
    :param record_to: a cassette file to record into, forwarding every call to ``target``
        (record mode ``all`` unless ``cassette_options`` says otherwise).
    :param target: the real Logic App to record from: its callback URL, or a base URL.
    :param replay: a cassette file to answer calls from (record mode ``none``).
    :param cassette_options: a :class:`CassetteOptions` (matching, scrubbing, replay timing);
        the cassette is :attr:`interceptor`.
    :raises ConfigurationError: for TLS settings without ``https=True``, or a certificate that
        cannot be loaded.
    :raises CassetteError: for a cassette that cannot be read, or ``record_to`` without
        ``target``.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout: float | None = None,
        https: bool = False,
        tls: TlsProfile | str | None = None,
        ca: CertificateAuthority | None = None,
        certificate: str | Path | tuple[str | Path, str | Path] | None = None,
        flavor: Flavor | str = Flavor.CONSUMPTION,
        region: str = "westeurope",
        access_key: str | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        max_url_length: int = DEFAULT_MAX_URL_LENGTH,
        reminders: ReminderMode | str = ReminderMode.WARN,
        admin_token: str | None = None,
        max_runs: int = DEFAULT_MAX_RUNS,
        config: ServerConfig | None = None,
        record_to: str | Path | None = None,
        target: str | None = None,
        replay: str | Path | None = None,
        cassette_options: CassetteOptions | None = None,
    ) -> None:
        endpoint: TlsEndpoint | None = None
        if https:
            endpoint = make_tls(host=host, profile=tls, ca=ca, certificate=certificate)
        elif tls is not None or ca is not None or certificate is not None:
            raise ConfigurationError("tls=, ca= and certificate= need https=True")
        settings = config or ServerConfig(
            timeout=timeout,
            flavor=Flavor(flavor),
            region=region,
            access_key=access_key,
            max_body_size=max_body_size,
            max_url_length=max_url_length,
            reminders=ReminderMode(reminders),
            admin_token=admin_token,
            max_runs=max_runs,
        )
        #: The transport-neutral engine this server composes (the request pipeline, workflows
        #: and run history); in-process transports and cassettes plug into it.
        self.engine = Engine(settings)
        self.host = host
        self._socket = SocketServer(self.engine, host=host, port=port, tls=endpoint)
        self._cassette: CassetteSession | None = None
        self._setup_cassette(record_to, target, replay, cassette_options)

    def _setup_cassette(
        self,
        record_to: str | Path | None,
        target: str | None,
        replay: str | Path | None,
        options: CassetteOptions | None,
    ) -> None:
        if record_to is not None and replay is not None:
            raise ConfigurationError("record_to= and replay= exclude each other")
        if record_to is not None:
            if not target:
                raise ConfigurationError("record_to= needs target= (the real Logic App's URL)")
            mode = None if options is not None and options.record_mode.value != "once" else "all"
            self.use_cassette(record_to, target=target, record_mode=mode, options=options)
        elif replay is not None:
            mode = None if options is not None and options.record_mode.value != "once" else "none"
            self.use_cassette(replay, target=target, record_mode=mode, options=options)
        elif target is not None or options is not None:
            raise ConfigurationError("target= and cassette_options= need record_to= or replay=")

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> MockServer:
        """Bind and serve in a background thread; returns once the socket accepts calls.

        :raises ConfigurationError: when the address cannot be bound, or the server was stopped.
        """
        self._socket.start()
        if self._socket.base_url is not None:
            self.engine.base_url = self._socket.base_url
        return self

    def stop(self) -> None:
        """Stop serving: pending callers get 503, connections close, threads are joined.

        Idempotent; takes well under 100 ms when nothing is stuck in user code.
        """
        if self._socket.stopped:
            return
        self.engine.shutdown()
        self._socket.stop()

    @property
    def is_running(self) -> bool:
        """Whether the server is serving (started, not stopped)."""
        return self._socket.is_running

    @property
    def port(self) -> int:
        """The bound TCP port.

        :raises ConfigurationError: before :meth:`start`.
        """
        return self._socket.port

    @property
    def url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:54321`` (``https://`` with HTTPS)."""
        return self.engine.base_url

    @property
    def base_url(self) -> str:
        """Scheme and authority of callback URLs (the same as :attr:`url` once started)."""
        return self.engine.base_url

    @property
    def inspector_url(self) -> str:
        """The run-history page, e.g. ``http://127.0.0.1:54321/_reqres/``."""
        return f"{self.engine.base_url}/_reqres/"

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<MockServer {self.base_url} {state}, {len(self.workflows)} workflow(s)>"

    # -- settings -----------------------------------------------------------------------------

    @property
    def config(self) -> ServerConfig:
        """The server settings; assign a new :class:`ServerConfig` to change them."""
        return self.engine.config

    @config.setter
    def config(self, value: ServerConfig) -> None:
        self.engine.config = value

    @property
    def access_key(self) -> str:
        """The key callback URLs are signed with (unless a workflow has its own)."""
        return self.engine.access_key

    # -- HTTPS --------------------------------------------------------------------------------

    @property
    def https(self) -> bool:
        """Whether the server speaks HTTPS."""
        return self._socket.tls is not None

    @property
    def ca(self) -> CertificateAuthority | None:
        """The CA clients must trust (``ca.requests_verify``, ``ca.client_context()``...);
        ``None`` over plain HTTP or with your own ``certificate``."""
        return self._socket.tls.ca if self._socket.tls is not None else None

    @property
    def rejected_connections(self) -> list[RejectedConnection]:
        """Connections refused before any HTTP request (failed TLS handshakes, plain HTTP on
        the HTTPS port...), oldest first, with what each client offered."""
        return self._socket.rejected_connections

    def wait_for_rejected_connections(
        self, count: int = 1, timeout: float = 5.0
    ) -> list[RejectedConnection]:
        """Block until at least ``count`` connections were refused; return them all.

        A client usually sees the refusal a moment before the server journals it.

        :raises WaitTimeoutError: after ``timeout`` seconds.
        :raises ConfigurationError: on a plain HTTP server, which refuses no connection.
        """
        if self._socket.tls is None:
            raise ConfigurationError("only an HTTPS server (https=True) rejects connections")
        return self._socket.tls.wait_for_rejected(count, timeout)

    def add_rejection_observer(self, observer: Callable[[RejectedConnection], None]) -> None:
        """Call ``observer(connection)`` for each connection refused at the handshake (HTTPS
        only; a plain HTTP server refuses none), on the connection's thread."""
        if self._socket.tls is not None:
            self._socket.tls.observers.append(observer)

    # -- workflows ----------------------------------------------------------------------------

    def add_workflow(
        self,
        name: str,
        *,
        schema: Mapping[str, Any] | None = None,
        method: str | None = None,
        relative_path: str | None = None,
        response: ResponseSpec = None,
        validate_schema: bool = False,
        trigger_name: str = "manual",
        operation_options: Iterable[str] | str = (),
        flavor: Flavor | str | None = None,
        timeout: float | None = None,
        access_key: str | None = None,
        asynchronous: bool = False,
        concurrency: int | None = None,
        maximum_waiting_runs: int | None = None,
        base_url: str | None = None,
    ) -> Workflow:
        """Add (or replace) a workflow with a Request trigger.

        :param response: a :class:`Response`, a callable ``run -> Response | None``, or
            ``None`` for a workflow without Response action (callers get 202).
        :param validate_schema: mirror ``operationOptions: EnableSchemaValidation``.
        :param flavor: ``"consumption"`` or ``"standard"``; the server's default when ``None``.
        :param timeout: seconds before 504; the server's timeout when ``None``.
        :param asynchronous: the Response's ``Asynchronous`` option (202 + polling URL).
        :param concurrency: at most this many runs at once (``runtimeConfiguration``).
        :param maximum_waiting_runs: runs queued past the limit before 429 (default 10 + limit).
        :param base_url: scheme and authority of the callback URL, e.g.
            ``"https://prod-12.westeurope.logic.azure.com:443"``; the server's when ``None``.
        :raises ConfigurationError: for a ``base_url`` that is not just scheme and authority.
        :raises DefinitionError: for anything Logic Apps would refuse to save.
        """
        options = (
            [o for o in operation_options.split(",") if o.strip()]
            if isinstance(operation_options, str)
            else list(operation_options)
        )
        if validate_schema:
            options.append("EnableSchemaValidation")
        trigger = RequestTrigger(
            name=trigger_name,
            schema=schema,
            method=method,
            relative_path=relative_path,
            operation_options=frozenset(options),
            concurrency=concurrency,
            maximum_waiting_runs=maximum_waiting_runs,
        )
        workflow = Workflow(
            self.engine,
            name,
            trigger,
            response,
            flavor=flavor or self.engine.config.flavor,
            timeout=timeout,
            access_key=access_key,
            asynchronous=asynchronous,
            base_url=check_base_url(base_url) if base_url is not None else None,
        )
        return self.engine.add(workflow)

    def add(self, workflow: Workflow) -> Workflow:
        """Register ``workflow``, replacing one of the same name."""
        return self.engine.add(workflow)

    def remove(self, name: str) -> None:
        """Remove the workflow called ``name`` (its run history stays).

        :raises KeyError: when there is none.
        """
        self.engine.remove(name)

    @property
    def workflows(self) -> list[Workflow]:
        """The workflows served, in the order they were added."""
        return self.engine.workflows

    def workflow(self, name: str) -> Workflow:
        """The workflow called ``name`` (case-insensitive).

        :raises KeyError: when there is none, naming the ones there are.
        """
        return self.engine.workflow(name)

    def load(
        self,
        path: str | Path,
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
        replace_triggers: bool = False,
    ) -> list[Workflow]:
        """Load workflow definition file(s): Standard ``workflow.json``, a Standard project (or
        one of its workflow folders), a bare definition, or an ARM template. Returns the
        workflows added.

        :param parameters: definition parameters; they win over a project's parameters.json.
        :param app_settings: app settings; they win over local.settings.json ``Values``.
        :param replace_triggers: serve workflows whose trigger is not a Request trigger through
            a Request trigger of the same name (else a folder load skips them with a note on
            the ``reqres_mock`` logger).
        :raises DefinitionError: naming the file and JSON pointer of what is wrong.
        """
        return self.engine.load(
            path,
            parameters=parameters,
            app_settings=app_settings,
            replace_triggers=replace_triggers,
        )

    def add_definition(
        self,
        name: str,
        document: dict[str, Any],
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
    ) -> list[Workflow]:
        """Add workflow(s) from a definition held in memory, in any of the three shapes.

        ``name`` names a bare definition or a Standard ``{"definition": ...}`` document (ARM
        templates name their own workflows). Returns the workflows added.

        :raises DefinitionError: naming the JSON pointer of what is wrong.
        """
        return self.engine.add_definition(
            name, document, parameters=parameters, app_settings=app_settings
        )

    def stub_http(
        self, method: str | None = None, url: Pattern | None = None, **options: Any
    ) -> HttpStub:
        """Answer outbound calls of every workflow that match a request pattern, respx-style
        (a workflow's own ``wf.stub_http`` stubs are tried first; the first match answers).

        Options are those of :class:`~reqres_mock.HttpStub`: ``path``, ``query``, ``headers``,
        ``json``, ``text``; ``status``, ``body``, ``reply_headers`` or ``reply``; ``times``.

        :raises ConfigurationError: for a pattern or answer of the wrong type.
        """
        return self.engine.stub_http(method, url, **options)

    def mark_loaded(self, workflows: Iterable[Workflow]) -> None:
        """Remember ``workflows`` (those loaded from files) as the server's start-up state,
        which ``reset(keep_loaded=True)`` and ``POST /_reqres/reset?keep=loaded`` return to."""
        self.engine.mark_loaded(workflows)

    def reset(self, *, keep_loaded: bool = False) -> None:
        """Forget workflows, runs, stubs, faults, errors, reminders and rejected connections;
        with ``keep_loaded``, keep (as loaded) the workflows given to :meth:`mark_loaded`."""
        self.engine.reset(keep_loaded=keep_loaded)
        if self._socket.tls is not None:
            self._socket.tls.clear()

    # -- faults on demand (reqres_mock.engine.faults) ------------------------------------------

    def inject(
        self,
        *faults: Fault,
        times: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Fault calls to every workflow of this server (after each workflow's own faults):
        the next calls in order (``times`` times over), or with ``rate`` each later call with
        that probability (at most ``times`` of them), the same ones for the same ``seed``.

        :raises ConfigurationError: for no faults or a bad ``times``, ``rate`` or ``seed``.
        """
        self.engine.inject(*faults, times=times, rate=rate, seed=seed)

    def clear_faults(self) -> None:
        """Forget the server's pending faults (workflows keep their own)."""
        self.engine.clear_faults()

    # -- run history --------------------------------------------------------------------------

    @property
    def runs(self) -> list[Run]:
        """Runs of every workflow (calls accepted), oldest first."""
        return self.engine.runs

    @property
    def calls(self) -> list[Run]:
        """Every call journalled: accepted, rejected and unmatched, oldest first."""
        return self.engine.calls

    @property
    def unmatched(self) -> list[Run]:
        """Calls that matched no workflow, each with its ``near_misses``."""
        return self.engine.unmatched

    @property
    def evicted_runs(self) -> int:
        """Finished calls evicted from the run history to stay within ``max_runs``."""
        return self.engine.evicted_runs

    def add_observer(self, observer: RunObserver) -> None:
        """Call ``observer(run)`` once a journalled call's reply was written (or its caller was
        gone), on the connection's thread; an exception it raises is collected for
        :meth:`check`."""
        self.engine.add_observer(observer)

    # -- checks in the test thread ------------------------------------------------------------

    def check(self) -> None:
        """Surface reminders and re-raise errors collected in server threads (then forget them).

        :raises ServerThreadError: when a Response callable (or the engine) raised.
        :raises UnstubbedActionError: when a run reached an outbound call no stub answered.
        :raises UnmetStubError: when request stubs with ``times=`` were called another number
            of times.
        :raises ReminderError: when reminders are configured to fail and some were raised.
        """
        __tracebackhide__ = True
        self.engine.check()

    def assert_no_unexpected_calls(self) -> None:
        """Fail when calls matched no workflow, explaining each one's near misses.

        :raises UnexpectedCallError: listing the calls and the closest workflows.
        """
        __tracebackhide__ = True
        self.engine.assert_no_unexpected_calls()

    def rejection_report(self) -> str:
        """The calls this server rejected or could not match, for a failed test's report:
        method, path (``sig=***``), status, error code and message, near misses; ``""`` when
        every call was accepted."""
        return self.engine.rejection_report()

    # -- in-process transports (no socket; the same engine and journal) -------------------

    def respx(self, *, pass_through: bool | Iterable[str] = False) -> LogicAppsRouter:
        """A respx router that answers Logic Apps URLs with this server's engine, for httpx.

        See :class:`reqres_mock.transports.respx_router.LogicAppsRouter`; needs the ``respx``
        extra.
        """
        from reqres_mock.transports.respx_router import LogicAppsRouter  # noqa: PLC0415

        return LogicAppsRouter(self.engine, pass_through=pass_through)

    def requests_adapter(self) -> LogicAppsAdapter:
        """A ``requests`` transport adapter answering with this server's engine (mount it on a
        Session). See :class:`reqres_mock.transports.requests_adapter.LogicAppsAdapter`.
        """
        from reqres_mock.transports.requests_adapter import LogicAppsAdapter  # noqa: PLC0415

        return LogicAppsAdapter(self.engine)

    # -- record and replay (reqres_mock.cassettes) --------------------------------------------

    @property
    def interceptor(self) -> CassetteSession | None:
        """The cassette in use (see :meth:`use_cassette`), or ``None``."""
        cassette = self._cassette
        return cassette if cassette is not None and self.engine.interceptor is cassette else None

    def use_cassette(
        self,
        path: str | Path,
        *,
        target: str | None = None,
        record_mode: RecordMode | str | None = None,
        options: CassetteOptions | None = None,
    ) -> CassetteSession:
        """Record calls to ``target`` into the cassette at ``path`` and/or replay it, per the
        record mode (VCR.py's: ``once`` by default, ``new_episodes``, ``none``, ``all``).

        Returns the :class:`CassetteSession`, also a context manager that detaches it on exit.

        :raises CassetteError: when the mode needs a target that is missing, or a cassette
            that does not exist or cannot be read.
        """
        from reqres_mock.cassettes.session import CassetteSession, make_options  # noqa: PLC0415

        session = CassetteSession(
            self.engine, path, target=target, options=make_options(options, record_mode)
        )
        previous, self.engine.interceptor = self.engine.interceptor, session
        self._cassette = session
        if previous is not None:
            previous.close()
        return session
