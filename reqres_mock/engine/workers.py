"""Worker threads for runs that may wait (delays, Wait actions, outbound calls, stubs...).

Workers take tasks in order from one queue and end as soon as it is empty, so no idle thread
outlives the traffic. Under load a worker goes from task to task instead of a thread being
created per task, whose ``start()`` waits for the new thread to be scheduled.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: The name of every run worker thread (tests join them by name).
WORKER_NAME = "reqres-mock-run"


class RunWorkers:
    """A pool of run worker threads that grows with the queue and drains to none."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._workers: set[threading.Thread] = set()
        self._tasks: deque[Callable[[], None]] = deque()
        self._running = 0  # worker threads in their loop
        self._busy = 0  # of which running a task

    def submit(self, task: Callable[[], None]) -> None:
        """Run ``task`` on a worker thread: an idle one, else a new one. ``task`` catches
        what it raises: an escaped exception ends that worker (the next task starts one)."""
        with self._lock:  # short: never held across start() or a task
            self._tasks.append(task)
            spawn = self._running - self._busy < len(self._tasks)
            if spawn:
                self._running += 1
        if spawn:
            worker = threading.Thread(target=self._worker, name=WORKER_NAME, daemon=True)
            self._workers.add(worker)  # before start(), so join() sees it
            worker.start()

    def join(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for each current worker to end."""
        for worker in list(self._workers):
            # One registered but not started yet raises RuntimeError; it starts, finds the
            # queue as it is and ends by itself.
            with contextlib.suppress(RuntimeError):
                worker.join(timeout=timeout)

    def _worker(self) -> None:
        counted = True
        try:
            while True:
                with self._lock:
                    if not self._tasks:
                        # Decided under the lock that submit() reads: a task queued after this
                        # line never counts on this worker.
                        self._running -= 1
                        counted = False
                        return
                    task = self._tasks.popleft()
                    self._busy += 1
                try:
                    task()
                finally:
                    with self._lock:
                        self._busy -= 1
        finally:
            if counted:  # left by an exception the task did not catch
                with self._lock:
                    self._running -= 1
            self._workers.discard(threading.current_thread())
