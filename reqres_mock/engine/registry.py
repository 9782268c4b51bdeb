"""The engine's registry: the workflows it serves, its run history, and the errors and
reminders collected for the test thread.

:class:`~reqres_mock.engine.pipeline.Engine` builds on it with the request pipeline.
"""

from __future__ import annotations

import threading
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock.config import Flavor, ReminderMode, ServerConfig
from reqres_mock.definitions.httpstubs import HttpStub, Pattern
from reqres_mock.definitions.webhooks import Webhooks
from reqres_mock.engine.diagnostics import calls_report
from reqres_mock.engine.journal import Journal
from reqres_mock.engine.workflow import Workflow, new_access_key
from reqres_mock.errors import (
    DefinitionError,
    Reminder,
    ReminderError,
    ReqResError,
    ServerThreadError,
    UnexpectedCallError,
    UnmetStubError,
)
from reqres_mock.protocol.hosts import cloud_base_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reqres_mock.definitions.reader import WorkflowSpec
    from reqres_mock.engine.run import Run
    from reqres_mock.exchange import InboundRequest


class Registry:
    """Workflows and run history, without any request handling.

    :param config: the server settings (a :class:`ServerConfig`).
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self.access_key = self.config.access_key or new_access_key()
        self.journal = Journal(self.config.max_runs)
        self._base_url: str | None = None
        self._lock = threading.Lock()
        self._workflows: dict[str, Workflow] = {}
        # Every call looks its workflow up: it reads this immutable snapshot, replaced under the
        # lock whenever the workflows change, instead of taking a lock that all connections
        # share (under load such a lock convoyed and the threads queued on it waited seconds).
        self._snapshot: tuple[Workflow, ...] = ()
        self._errors: list[BaseException] = []
        self._surfaced: set[int] = set()
        self._reset_at = time.monotonic()
        self._loaded: list[Workflow] = []
        #: Request stubs every workflow's outbound calls may match (after the workflow's own).
        self.http_stubs: list[HttpStub] = []
        #: The webhook actions of runs that wait for their callbacks.
        self.webhooks = Webhooks()

    @property
    def base_url(self) -> str:
        """Scheme and authority of callback URLs: the socket's once a server listens; until
        then a cloud host of the default flavor, which the in-process transports answer."""
        return self.base_url_for(self.config.flavor)

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_url = value

    def base_url_for(self, flavor: Flavor) -> str:
        """The base URL of a workflow of ``flavor`` that sets none of its own."""
        return self._base_url or cloud_base_url(flavor, self.config.region)

    # -- workflows ----------------------------------------------------------------------------

    def add(self, workflow: Workflow) -> Workflow:
        """Register ``workflow``, replacing one of the same name."""
        with self._lock:
            old = self._workflows.get(workflow.name.lower())
            self._workflows[workflow.name.lower()] = workflow
            self._snapshot = tuple(self._workflows.values())
        if old is not None and old.current_gate is not None:
            old.current_gate.release()
        return workflow

    def remove(self, name: str) -> None:
        """Remove the workflow called ``name`` (its run history stays).

        :raises KeyError: when there is none.
        """
        with self._lock:
            workflow = self._workflows.pop(name.lower())
            self._snapshot = tuple(self._workflows.values())
        if workflow.current_gate is not None:
            workflow.current_gate.release()

    @property
    def workflows(self) -> list[Workflow]:
        """The workflows served, in the order they were added."""
        return list(self._snapshot)

    def workflow(self, name: str) -> Workflow:
        """The workflow called ``name`` (case-insensitive).

        :raises KeyError: when there is none, naming the ones there are.
        """
        with self._lock:
            found = self._workflows.get(name.lower())
            if found is None:
                raise KeyError(f"no workflow {name!r}; there are {sorted(self._workflows)}")
            return found

    def stub_http(
        self, method: str | None = None, url: Pattern | None = None, **options: Any
    ) -> HttpStub:
        """Answer outbound calls of every workflow that match a request pattern (tried after
        the workflow's own ``wf.stub_http`` stubs); options as :class:`HttpStub`.

        :raises ConfigurationError: for a pattern or answer of the wrong type.
        """
        stub = HttpStub(method=method, url=url, owner="the server", **options)
        with self._lock:
            self.http_stubs.append(stub)
        return stub

    def mark_loaded(self, workflows: Iterable[Workflow]) -> None:
        """Remember ``workflows`` (those a standalone server loaded from its files) as its
        start-up state, which ``reset(keep_loaded=True)`` returns to."""
        self._loaded = list(workflows)

    def reset(self, *, keep_loaded: bool = False) -> None:
        """Forget every workflow, run, stub, collected error and reminder; release held runs.

        :param keep_loaded: keep the workflows given to :meth:`mark_loaded` (as loaded: a
            workflow replaced since is loaded again), forget the others.
        """
        with self._lock:
            workflows = list(self._workflows.values())
            self.http_stubs = []
            self._workflows.clear()
            self._snapshot = ()
            self._errors.clear()
            self._surfaced.clear()
            self._reset_at = time.monotonic()
        for workflow in workflows:
            if workflow.current_gate is not None:
                workflow.current_gate.release()
        self.webhooks.close_all()  # their runs end (the action Cancelled) with the test
        self.journal.clear()
        if keep_loaded:
            for workflow in self._loaded:
                self.add(workflow)

    def arrived_before_reset(self, request: InboundRequest) -> bool:
        """Whether ``request`` arrived before the last :meth:`reset` (it belongs to the
        previous test, however late its body ended)."""
        return request.received_at is not None and request.received_at < self._reset_at

    # -- run history --------------------------------------------------------------------------

    @property
    def evicted_runs(self) -> int:
        """Finished calls evicted from the run history to stay within ``max_runs`` (counted
        since the history was last cleared)."""
        return self.journal.evicted

    @property
    def runs(self) -> list[Run]:
        """Runs of every workflow (calls accepted), oldest first."""
        return self.journal.entries(lambda r: r.accepted)

    @property
    def calls(self) -> list[Run]:
        """Every call journalled: accepted, rejected and unmatched, oldest first."""
        return self.journal.entries()

    @property
    def unmatched(self) -> list[Run]:
        """Calls that matched no workflow, each with its ``near_misses``."""
        return self.journal.entries(lambda r: r.workflow is None)

    # -- checks in the test thread ------------------------------------------------------------

    def record_error(self, error: BaseException) -> None:
        """Collect an exception raised in a server thread, to re-raise in the test thread."""
        with self._lock:
            self._errors.append(error)

    def check(self) -> None:
        """Surface reminders and re-raise errors collected in server threads (then forget them).

        :raises ServerThreadError: when a Response callable (or the engine) raised.
        :raises UnmetStubError: when request stubs with ``times=`` were called another number
            of times.
        :raises ReminderError: when reminders are configured to fail and some were raised.
        """
        __tracebackhide__ = True  # pytest shows the diagnosis, not this frame
        with self._lock:
            errors, self._errors = self._errors, []
            stubs = [*self.http_stubs, *(s for w in self._workflows.values() for s in w.http_stubs)]
        if errors:
            first = errors[0]
            if isinstance(first, ReqResError) and isinstance(first, AssertionError):
                raise first  # our own diagnosis of a test-author mistake reads best as is
            raise ServerThreadError(
                f"{len(errors)} error(s) raised inside the mock server; the first: "
                f"{type(first).__name__}: {first}",
                errors,
            ) from first
        unmet = [m for m in (stub.unmet() for stub in stubs) if m is not None]
        if unmet:
            raise UnmetStubError("\n".join(unmet))
        self.surface_reminders()

    def surface_reminders(self) -> None:
        """Warn (or fail, per the ``reminders`` setting) once for each new reminder."""
        __tracebackhide__ = True
        fresh: list[Reminder] = []
        with self._lock:
            for run in self.journal.entries():
                for reminder in run.reminders:
                    if id(reminder) not in self._surfaced:
                        self._surfaced.add(id(reminder))
                        fresh.append(reminder)
        mode = self.config.reminders
        if not fresh or mode is ReminderMode.IGNORE:
            return
        if mode is ReminderMode.ERROR:
            raise ReminderError("\n".join(str(r) for r in fresh))
        for reminder in fresh:
            warnings.warn(reminder, stacklevel=3)

    def rejection_report(self) -> str:
        """The calls this server rejected or could not match, for a failed test's report:
        method, path (``sig=***``), status, error code and message, near misses; ``""`` when
        every call was accepted."""
        return calls_report(self.journal.entries())

    def assert_no_unexpected_calls(self) -> None:
        """Fail when calls matched no workflow, explaining each one's near misses.

        :raises UnexpectedCallError: listing the calls and the closest workflows.
        """
        __tracebackhide__ = True  # pytest shows the diagnosis, not this frame
        unmatched = self.unmatched
        if not unmatched:
            return
        lines = [f"{len(unmatched)} call(s) matched no workflow:"]
        for run in unmatched:
            lines.append(f"  {run.summary()}")
            lines.extend(f"    Closest: {miss}" for miss in run.near_misses[:3])
        raise UnexpectedCallError("\n".join(lines))

    # -- definitions (reqres_mock.definitions) ----------------------------------------------

    def build(self, spec: WorkflowSpec) -> Workflow:
        """The served workflow for a loaded definition (not yet registered: see :meth:`add`).

        :raises DefinitionError: naming the spec's file and JSON pointer.
        """
        try:
            return Workflow(
                self,
                spec.name,
                spec.trigger,
                spec.response,
                flavor=spec.flavor,
                enabled=spec.enabled,
                source=spec.source,
            )
        except DefinitionError as err:
            raise DefinitionError(err.message, path=spec.source, pointer=spec.pointer) from err

    def read(
        self,
        path: str | Path,
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
        replace_triggers: bool = False,
        report: Callable[[str], None] | None = None,
    ) -> list[Workflow]:
        """The workflows defined at ``path`` (a file or a folder), built but not registered.

        :param replace_triggers: serve non-Request triggers through a Request trigger; without
            it a folder's such workflows are skipped with a note to ``report``.
        :raises DefinitionError: naming the file and JSON pointer of what is wrong.
        """
        from reqres_mock.definitions.loader import load_workflows  # noqa: PLC0415 (start-up)

        specs = load_workflows(
            Path(path),
            parameters=parameters,
            app_settings=app_settings,
            default_flavor=self.config.flavor,
            replace_triggers=replace_triggers,
            report=report,
        )
        return [self.build(spec) for spec in specs]

    def read_document(
        self,
        document: Any,
        source: Path,
        *,
        parameters: dict[str, Any] | None = None,
        app_settings: dict[str, str] | None = None,
    ) -> list[Workflow]:
        """The workflows of one parsed definition document, built but not registered.

        :raises DefinitionError: naming the JSON pointer of what is wrong.
        """
        from reqres_mock.definitions.loader import workflows_from_document  # noqa: PLC0415

        specs = workflows_from_document(
            document,
            source,
            parameters,
            app_settings=app_settings,
            default_flavor=self.config.flavor,
        )
        return [self.build(spec) for spec in specs]

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

        :raises DefinitionError: naming the file and JSON pointer of what is wrong.
        """
        found = self.read(
            path,
            parameters=parameters,
            app_settings=app_settings,
            replace_triggers=replace_triggers,
        )
        return [self.add(w) for w in found]

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
        from reqres_mock.definitions.documents import detect_shape  # noqa: PLC0415

        source = (
            Path(name) / "workflow.json"
            if detect_shape(document) == "standard"
            else Path(f"{name}.json")
        )
        found = self.read_document(
            document, source, parameters=parameters, app_settings=app_settings
        )
        return [self.add(w) for w in found]
