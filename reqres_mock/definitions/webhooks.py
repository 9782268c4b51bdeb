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
    """One HttpWebhook action (one iteration of it, in a loop) of one run, waiting for its
    callback.

    :ivar action: the action's name; ``run_id`` its run's id; ``repetition`` the loop
        iteration's name (``000001``; ``None`` outside loops).
    :ivar callback_url: the URL the service calls (what ``listCallbackUrl()`` returned).
    :ivar subscription: the subscribe request, once the action sent it.
    :ivar callback: the call that completed it, once made.
    """

    def __init__(
        self,
        workflow_id: str,
        run_id: str,
        action: str,
        *,
        repetition: str | None,
        callback_url: str,
        registry: Webhooks,
    ) -> None:
        self.workflow_id = workflow_id
        self.run_id = run_id
        self.action = action
        self.repetition = repetition
        self.callback_url = callback_url
        self.subscription: Any = None  # an OutboundRequest: .method, .url, .headers, .json()
        self.callback: Callback | None = None
        self._closed = False
        self._cond = threading.Condition()
        self._registry = registry

    @property
    def waiting(self) -> bool:
        """Whether it subscribed and waits for its callback now."""
        with self._cond:
            return self.subscription is not None and self.callback is None and not self._closed

    def subscribed(self, request: Any) -> None:
        with self._cond:
            self.subscription = request
        self._registry.changed()

    def deliver(self, callback: Callback) -> bool:
        """Complete the wait with ``callback`` (kept until the action waits, if the service
        calls back before the subscribe call returned); ``False`` when the wait is over."""
        with self._cond:
            if self.callback is not None or self._closed:
                return False
            self.callback = callback
            self._cond.notify_all()
        self._registry.changed()
        return True

    def close(self) -> None:
        """End the wait (the action ended, or its run stops) and leave the registry."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._registry.forget(self)

    def wait(self) -> Callback | None:
        """Block until the callback comes (it), or the wait is closed (``None``)."""
        with self._cond:
            self._cond.wait_for(lambda: self.callback is not None or self._closed)
            return self.callback

    def __repr__(self) -> str:
        state = "called" if self.callback else "waiting" if self.waiting else "not waiting"
        return f"<Webhook {self.action!r} of run {self.run_id} {state}>"


class Webhooks:
    """The webhook actions of a server's runs that wait (or are about to)."""

    def __init__(self) -> None:
        self._open: list[Webhook] = []
        self._changed = threading.Condition()

    def open(
        self,
        workflow_id: str,
        run_id: str,
        action: str,
        repetition: str | None,
        callback_url: str,
    ) -> Webhook:
        """Register the wait of a webhook action of a run."""
        hook = Webhook(
            workflow_id,
            run_id,
            action,
            repetition=repetition,
            callback_url=callback_url,
            registry=self,
        )
        with self._changed:
            self._open.append(hook)
        return hook

    def find(
        self, workflow_id: str, run_id: str, action: str, repetition: str | None
    ) -> Webhook | None:
        """The open wait a callback URL names (the action's name in any case)."""
        with self._changed:
            return next(
                (
                    h
                    for h in self._open
                    if h.workflow_id == workflow_id
                    and h.run_id == run_id
                    and h.action.lower() == action.lower()
                    and h.repetition == repetition
                ),
                None,
            )

    def wait_for(self, workflow_id: str, action: str, timeout: float) -> Webhook | None:
        """The oldest wait of webhook action ``action`` of a workflow's runs that subscribed
        and waits for its callback, once there is one (``None`` after ``timeout`` seconds)."""

        def waiting() -> Webhook | None:
            return next(
                (
                    h
                    for h in self._open
                    if h.workflow_id == workflow_id
                    and h.action.lower() == action.lower()
                    and h.waiting
                ),
                None,
            )

        with self._changed:
            self._changed.wait_for(lambda: waiting() is not None, timeout)
            return waiting()

    def close_all(self) -> None:
        """End every wait (a reset: the runs waiting go on, cancelled, and end)."""
        with self._changed:
            hooks = list(self._open)
        for hook in hooks:
            hook.close()

    def forget(self, hook: Webhook) -> None:
        with self._changed:
            if hook in self._open:
                self._open.remove(hook)
            self._changed.notify_all()

    def changed(self) -> None:
        with self._changed:
            self._changed.notify_all()
