"""``serve --reload``: watch definition files and reload the workflows that changed.

Files are compared by modification time and size, checked twice a second in one thread. A
reload that fails (a file being saved half-way, a typo) keeps the previous definitions and says
why; run history is never dropped.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from reqres_mock.errors import DefinitionError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.engine.workflow import Workflow

#: Seconds between two looks at the files.
POLL_INTERVAL = 0.5


def _snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*.json") if p.is_file())
        elif path.exists():
            files.append(path)
    state: dict[Path, tuple[int, int]] = {}
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        state[file] = (stat.st_mtime_ns, stat.st_size)
    return state


class Reloader:
    """Keeps ``engine``'s file-defined workflows in step with ``paths``.

    :param report: called with one line after each reload (or failed reload).
    """

    def __init__(
        self,
        engine: Engine,
        paths: list[Path],
        *,
        parameters: dict[str, Any] | None = None,
        report: Callable[[str], None] = print,
        interval: float = POLL_INTERVAL,
        replace_triggers: bool = False,
    ) -> None:
        self.replace_triggers = replace_triggers
        self.engine = engine
        self.paths = paths
        self.parameters = parameters
        self.report = report
        self.interval = interval
        self._names: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = _snapshot(paths)

    def load(self) -> list[Workflow]:
        """Load every path; add or replace their workflows, remove those no longer defined.

        Workflows added by other means (the admin API) are left alone.

        :raises DefinitionError: for the first problem; then nothing is changed.
        """
        loaded: list[Workflow] = []
        for path in self.paths:
            loaded.extend(
                self.engine.read(
                    path,
                    parameters=self.parameters,
                    replace_triggers=self.replace_triggers,
                    report=self.report,
                )
            )
        names = {w.name.lower() for w in loaded}
        for stale in self._names - names:
            with contextlib.suppress(KeyError):
                self.engine.remove(stale)
        for workflow in loaded:
            self.engine.add(workflow)
        self.engine.mark_loaded(loaded)
        self._names = names
        return loaded

    def check(self) -> bool:
        """Reload when a file changed since the last look; whether it did."""
        state = _snapshot(self.paths)
        if state == self._state:
            return False
        self._state = state
        try:
            loaded = self.load()
        except DefinitionError as err:
            self.report(f"reload failed, previous definitions kept: {err}")
            return True
        self.report(f"reloaded {len(loaded)} workflow(s): {', '.join(w.name for w in loaded)}")
        return True

    def start(self) -> Reloader:
        self._thread = threading.Thread(target=self._watch, name="reqres-mock-reload", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()
