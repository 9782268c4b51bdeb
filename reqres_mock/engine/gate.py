"""Gates: hold a workflow's runs before their Response until the test releases them.

A gate makes slow workflows and 504s deterministic without sleeping: runs that reach a closed
gate wait there (holding no thread), and :meth:`Gate.release` lets them all go on.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from reqres_mock.errors import WaitTimeoutError

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType


class Gate:
    """A latch in front of a workflow's Response. Closed when created.

    Use it as a context manager to release it however the block ends.
    """

    def __init__(self, name: str = "gate") -> None:
        self.name = name
        self._cond = threading.Condition()
        self._open = False
        self._held: list[Callable[[], None]] = []
        self._arrived = 0

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def held(self) -> int:
        """How many runs are waiting at the gate now."""
        with self._cond:
            return len(self._held)

    def hold(self, continuation: Callable[[], None]) -> bool:
        """Park a run's continuation; ``False`` (run it yourself) when the gate is open."""
        with self._cond:
            if self._open:
                return False
            self._held.append(continuation)
            self._arrived += 1
            self._cond.notify_all()
            return True

    def release(self) -> None:
        """Open the gate for good: held runs continue now, later runs pass straight through."""
        with self._cond:
            self._open = True
            waiting, self._held = self._held, []
            self._cond.notify_all()
        for continuation in waiting:
            continuation()

    def wait_for_held(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` runs have arrived at the gate since it was made.

        :raises WaitTimeoutError: when fewer arrive within ``timeout`` seconds.
        """
        with self._cond:
            if not self._cond.wait_for(lambda: self._arrived >= count, timeout):
                raise WaitTimeoutError(
                    f"{self.name}: expected {count} run(s) at the gate within {timeout} s, "
                    f"{self._arrived} arrived"
                )

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "open" if self._open else f"closed, {self.held} held"
        return f"<Gate {self.name} ({state})>"
