"""Keep-alive connections served in arrival order: one poller, a pool of workers.

A thread per keep-alive connection, blocked in ``recv`` for the next request, is unfair under
load: when requests arrive, a thread coming back from the system call takes the free GIL ahead
of those already waiting, so some connections are served again and again while others (and
the accept loop) wait seconds. Here idle connections are parked in one ``epoll`` set with
``EPOLLONESHOT``; the poller thread queues those that become readable, oldest first, and a
pool of workers serves one request each (Werkzeug still parses it), then re-arms the
connection, or closes it. The poller also accepts new connections (the listening socket is in
the same set), so a new connection's first request is one thread hand-off from being served,
not two.

The pool is small while workers make progress and grows when they do not: a worker waiting
for a held run (a gate, a slow Response, a slow fault) is blocked, and the poller adds
workers whenever ready connections waited a tick while no worker started one. Workers past
the base count leave after a while idle.
"""

from __future__ import annotations

import contextlib
import queue
import select
import socket
import threading
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

#: Whether this platform has epoll; elsewhere the server keeps a thread per connection.
AVAILABLE = hasattr(select, "epoll")
#: Workers always present.
BASE_WORKERS = 4
#: More than Logic Apps' 1,000 concurrent calls, each of which may hold a worker.
MAX_WORKERS = 2048
#: Seconds ready connections may wait while no worker starts one before the pool grows.
_STARVED_TICK = 0.05
#: Seconds an extra worker stays without work before it leaves.
_IDLE_WORKER_SECONDS = 10.0
#: Milliseconds a worker that just answered the server's only connection waits on it for the
#: next request (or its close) before parking it.
LINGER_MS = 2
#: Seconds the poller stops watching the listening socket when accepting fails (out of file
#: descriptors or memory): callers wait in the kernel's backlog instead of the poller retrying
#: on every wake-up.
ACCEPT_PAUSE = 0.1
_ARM = (select.EPOLLIN | select.EPOLLONESHOT) if AVAILABLE else 0


class Connection(Protocol):
    """What the dispatcher needs from a connection's handler."""

    connection: socket.socket

    def serve_one(self) -> bool:
        """Answer one request; whether the connection stays open."""

    def has_buffered_input(self) -> bool:
        """Whether bytes of a next request were already read from the socket."""

    def mark_idle(self) -> None:
        """Record that the connection now waits for a next request."""

    def close(self) -> None:
        """Finish the handler and close the socket."""


class _Parked:
    __slots__ = ("fd", "handler", "parked", "since")

    def __init__(self, fd: int, handler: Connection) -> None:
        self.fd = fd
        self.handler = handler
        self.parked = False
        self.since = 0.0


class Dispatcher:
    """Serves keep-alive connections fairly; :meth:`close` ends it and joins its threads."""

    def __init__(self, name: str, read_timeout: float, on_error: Callable[[], None]) -> None:
        self._name = name
        self._read_timeout = read_timeout
        self._on_error = on_error
        self._epoll = select.epoll()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._epoll.register(self._wake_r.fileno(), select.EPOLLIN)
        self._listener: int | None = None
        self._accept: Callable[[], None] | None = None
        # Held while accepting and while the listener is watched, paused or dropped, so that
        # once begin_closing() returns no accept is running and none will start.
        self._accepting = threading.Lock()
        self._listener_paused_until: float | None = None
        self._entries: dict[int, _Parked] = {}
        self._ready: queue.SimpleQueue[_Parked | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._all_closed = threading.Condition(self._lock)
        self._workers: list[threading.Thread] = []
        self._alive = 0
        self._started = 0
        self._closing = False
        self._done = False
        self._poller = threading.Thread(target=self._poll, name=f"{name}-poller", daemon=True)
        try:
            for _ in range(BASE_WORKERS):
                self._add_worker()
            self._poller.start()
        except BaseException:  # no more threads: end those started, close what was opened
            self._end()
            raise

    # -- connections --------------------------------------------------------------------------

    def accept_from(self, listener: int, accept: Callable[[], None]) -> None:
        """Watch a listening socket (its descriptor, non-blocking): when it is readable, the
        poller calls ``accept``, which takes the waiting connections and passes each to
        :meth:`add`."""
        with self._accepting:
            if self._closing:
                return
            self._listener, self._accept = listener, accept
            self._epoll.register(listener, select.EPOLLIN)

    @property
    def closing(self) -> bool:
        """Whether :meth:`begin_closing` (or :meth:`close`) was called: accept no more."""
        return self._closing

    def _accept_waiting(self) -> None:
        with self._accepting:
            if self._closing or self._accept is None or self._listener_paused_until is not None:
                return
            try:
                self._accept()
            except OSError:  # out of descriptors or memory: let the backlog hold the callers
                self._on_error()
                if self._listener is not None:
                    with contextlib.suppress(OSError, ValueError):
                        self._epoll.unregister(self._listener)
                    self._listener_paused_until = time.monotonic() + ACCEPT_PAUSE
            except Exception:  # never let the poller die
                self._on_error()

    def _resume_accepting(self, now: float) -> None:
        with self._accepting:
            until = self._listener_paused_until
            if until is None or now < until:
                return
            self._listener_paused_until = None
            if not self._closing and self._listener is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._epoll.register(self._listener, select.EPOLLIN)

    def add(self, handler: Connection) -> None:
        """Take a new connection (already set up); it is served once it sends something."""
        entry = _Parked(handler.connection.fileno(), handler)
        with self._lock:
            self._entries[entry.fd] = entry
        self._park(entry, first=True)

    def _park(self, entry: _Parked, *, first: bool = False) -> None:
        entry.handler.mark_idle()
        if self._closing:  # checked after marking idle: stop() closes what it saw idle
            self._close(entry)
            return
        entry.since = time.monotonic()
        entry.parked = True
        try:
            if first:
                self._epoll.register(entry.fd, _ARM)
            else:
                self._epoll.modify(entry.fd, _ARM)
        except OSError:
            entry.parked = False
            self._close(entry)

    def _close(self, entry: _Parked) -> None:
        with self._lock:
            if self._entries.get(entry.fd) is entry:
                del self._entries[entry.fd]
        if entry.handler.connection.fileno() != -1:  # a reset fault closes it itself
            with contextlib.suppress(OSError, ValueError):
                self._epoll.unregister(entry.fd)
        try:
            entry.handler.close()
        except Exception:
            self._on_error()
        finally:
            with self._lock:
                if not self._entries:
                    self._all_closed.notify_all()

    def shut_idle(self, *, older_than: float | None = None) -> None:
        """Shut parked connections down (those idle longer than ``older_than`` seconds);
        the poller then sees them readable and a worker closes them."""
        now = time.monotonic()
        with self._lock:
            chosen = [
                e
                for e in self._entries.values()
                if e.parked and (older_than is None or now - e.since > older_than)
            ]
        for entry in chosen:
            with contextlib.suppress(OSError):
                entry.handler.connection.shutdown(socket.SHUT_RDWR)

    # -- threads ------------------------------------------------------------------------------

    def _add_worker(self) -> None:
        with self._lock:
            self._alive += 1
        thread = threading.Thread(target=self._work, name=f"{self._name}-connection", daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no more threads: serve with those there are
            with self._lock:
                self._alive -= 1
            raise
        self._workers.append(thread)

    def _poll(self) -> None:
        last_started, progress_at = -1, time.monotonic()
        next_scan = time.monotonic()
        scan_every = min(self._read_timeout / 4, 0.5)
        wake = self._wake_r.fileno()
        while not self._done:
            waiting = not self._ready.empty()
            timeout = _STARVED_TICK / 2 if waiting else scan_every
            paused_until = self._listener_paused_until
            if paused_until is not None:
                timeout = max(0.0, min(timeout, paused_until - time.monotonic()))
            try:
                events = self._epoll.poll(timeout)
            except OSError:
                break
            for fd, _ in events:
                if fd == wake:
                    with contextlib.suppress(OSError):
                        self._wake_r.recv(64)
                    continue
                if fd == self._listener:
                    self._accept_waiting()
                    continue
                entry = self._entries.get(fd)
                if entry is not None and entry.parked:
                    entry.parked = False
                    self._ready.put(entry)
            try:
                last_started, progress_at, next_scan = self._supervise(
                    last_started, progress_at, next_scan, scan_every
                )
            except Exception:  # never let the poller die: connections would hang
                self._on_error()

    def _supervise(
        self, last_started: int, progress_at: float, next_scan: float, scan_every: float
    ) -> tuple[int, float, float]:
        """Grow the pool when queued connections wait and no worker starts one; close
        connections idle past the read timeout."""
        now = time.monotonic()
        if self._listener_paused_until is not None:
            self._resume_accepting(now)
        if self._ready.empty() or self._started != last_started:
            last_started, progress_at = self._started, now
        elif now - progress_at > _STARVED_TICK:  # queued work, and no worker took any
            for _ in range(min(self._ready.qsize(), MAX_WORKERS - self._alive)):
                self._add_worker()
            progress_at = now
        if now >= next_scan:
            next_scan = now + scan_every
            self._workers = [t for t in self._workers if t.is_alive()]
            self.shut_idle(older_than=self._read_timeout)
        return last_started, progress_at, next_scan

    def _work(self) -> None:
        while True:
            try:
                entry = self._ready.get(timeout=_IDLE_WORKER_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._alive <= BASE_WORKERS:
                        continue
                    self._alive -= 1
                return
            if entry is None:
                with self._lock:
                    self._alive -= 1
                return
            self._started += 1
            self._serve(entry)

    def _serve(self, entry: _Parked) -> None:
        handler = entry.handler
        try:
            while handler.serve_one():
                if self._closing or not (handler.has_buffered_input() or self._linger(entry)):
                    self._park(entry)
                    return
        except Exception:
            self._on_error()
        self._close(entry)

    def _linger(self, entry: _Parked) -> bool:
        """Whether the server's only connection sends again (or closes) within
        :data:`LINGER_MS`, waiting on this thread: a test's client that calls again at once
        (a ``Session``) or closes after its reply (``requests.post``) is then served without a
        hop through the poller and the ready queue. With other connections open the worker
        parks this one at once: they may be waiting for it."""
        if LINGER_MS <= 0 or len(self._entries) != 1:
            return False
        waiter = select.poll()
        waiter.register(entry.fd, select.POLLIN)
        try:
            return bool(waiter.poll(LINGER_MS))
        except OSError:
            return False

    # -- shutting down ------------------------------------------------------------------------

    def begin_closing(self) -> None:
        """Accept no more connections (once this returns, no accept is running); connections
        that finish a request close instead of waiting for another."""
        self._closing = True  # first: an accept loop running now stops at its next connection
        with self._accepting:
            if self._listener is not None and self._listener_paused_until is None:
                with contextlib.suppress(OSError, ValueError):
                    self._epoll.unregister(self._listener)
            self._listener = self._accept = None  # its socket may be closed now

    def close(self) -> None:
        """Close idle connections, wait for the busy ones to end, join every thread."""
        self.begin_closing()
        while True:
            self.shut_idle()
            with self._lock:
                if not self._entries:
                    break
                self._all_closed.wait(0.05)
        self._end()

    def _end(self) -> None:
        """Stop the poller (when it was started) and the workers; close the descriptors."""
        self._done = True
        if self._poller.ident is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")
            self._poller.join()
        workers = list(self._workers)
        for _ in workers:
            self._ready.put(None)
        for thread in workers:
            thread.join()
        self._epoll.close()
        self._wake_r.close()
        self._wake_w.close()
