"""The webhook pattern of an HttpWebhook action: subscribe, wait for the callback, unsubscribe.

"When the workflow runs, the webhook action pauses the workflow and waits until the service
endpoint calls the URL before the workflow resumes running the action" (Microsoft's HTTP
Webhook page). The URL is the action's own, returned by ``listCallbackUrl()`` inside its
``subscribe`` inputs: ``…/workflows/<id>/runs/<run>/actions/<action>/run?api-version=
2016-06-01&sp=%2Fruns%2F<run>%2Factions%2F<action>%2Frun%2C%2Fruns%2F<run>%2Factions%2F
<action>%2Fread&sv=1.0&sig=…`` in callback URLs passed to public scripts. A :class:`Webhook`
is one such wait; the engine makes it, serves its URL and hands it the callback.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


class StopSignal(threading.Event):
    """A run's stop event that also tells those waiting on something else (a webhook)."""

    def __init__(self) -> None:
        super().__init__()
        self._hooks: list[Callable[[], None]] = []
        self._hooks_lock = threading.Lock()

    def on_set(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` when the signal is set (at once if it is already)."""
        with self._hooks_lock:
            if not self.is_set():
                self._hooks.append(hook)
                return
        hook()

    def set(self) -> None:
        super().set()
        with self._hooks_lock:
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()


@dataclass(frozen=True)
class Callback:
    """The call a service made to a webhook's URL: its headers and body (shaped as a
    trigger's body), which become the action's outputs."""

    headers: dict[str, str]
    body: Any


class Webhook:
    """One HttpWebhook action of one run, waiting for its callback.

    :ivar action: the action's name; ``run_id`` its run's id.
    :ivar callback_url: the URL the service calls (what ``listCallbackUrl()`` returned).
    :ivar subscription: the subscribe request, once the action sent it.
    :ivar callback: the call that completed it, once made.
    """

    def __init__(
        self,
        action: str,
        run_id: str,
        callback_url: str,
        on_subscribed: Callable[[], None] | None = None,
    ) -> None:
        self.action = action
        self.run_id = run_id
        self.callback_url = callback_url
        self._on_subscribed = on_subscribed
        #: (an ``OutboundRequest``: ``.method``, ``.url``, ``.headers``, ``.json()``)
        self.subscription: Any = None
        self.callback: Callback | None = None
        self._closed = False
        self._cond = threading.Condition()

    @property
    def waiting(self) -> bool:
        """Whether it subscribed and waits for its callback now."""
        with self._cond:
            return self.subscription is not None and self.callback is None and not self._closed

    def subscribed(self, request: Any) -> None:
        with self._cond:
            self.subscription = request
            self._cond.notify_all()
        if self._on_subscribed is not None:
            self._on_subscribed()

    def deliver(self, callback: Callback) -> bool:
        """Complete the wait with ``callback``; ``False`` when it does not wait (any more)."""
        with self._cond:
            if self.subscription is None or self.callback is not None or self._closed:
                return False
            self.callback = callback
            self._cond.notify_all()
            return True

    def close(self) -> None:
        """End the wait without a callback (the run stops, or was cancelled)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self) -> Callback | None:
        """Block until the callback comes (it), or the wait is closed (``None``)."""
        with self._cond:
            self._cond.wait_for(lambda: self.callback is not None or self._closed)
            return self.callback

    def wait_subscribed(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.subscription is not None, timeout)

    def __repr__(self) -> str:
        state = "called" if self.callback else "waiting" if self.waiting else "not waiting"
        return f"<Webhook {self.action!r} of run {self.run_id} {state}>"


class Webhooks:
    """The webhook actions of a workflow's runs that have not ended."""

    def __init__(self) -> None:
        self._open: list[Webhook] = []
        self._changed = threading.Condition()

    def open(self, action: str, run_id: str, callback_url: str) -> Webhook:
        """Register the wait of webhook action ``action`` of run ``run_id``."""
        hook = Webhook(action, run_id, callback_url, self._notify)
        with self._changed:
            self._open.append(hook)
        return hook

    def close(self, hook: Webhook) -> None:
        """End ``hook``'s wait (if it still waits) and forget it."""
        hook.close()
        with self._changed:
            if hook in self._open:
                self._open.remove(hook)
            self._changed.notify_all()

    def find(self, run_id: str, action: str) -> Webhook | None:
        """Run ``run_id``'s webhook action ``action`` (any case), while it has not ended."""
        with self._changed:
            return next(
                (h for h in self._open if h.run_id == run_id and _same(h.action, action)), None
            )

    def wait_for(self, action: str, timeout: float) -> Webhook | None:
        """The oldest webhook action ``action`` that waits for its callback, once there is
        one (``None`` after ``timeout`` seconds)."""

        def waiting() -> Webhook | None:
            return next((h for h in self._open if _same(h.action, action) and h.waiting), None)

        with self._changed:
            self._changed.wait_for(lambda: waiting() is not None, timeout)
            return waiting()

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()


def _same(name: str, other: str) -> bool:
    return name.lower() == other.lower()
