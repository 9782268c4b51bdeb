"""One log line per call, for ``reqres-mock serve``: text for people, JSON for log shippers."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any, TextIO

from reqres_mock.admin.serialize import timestamp
from reqres_mock.config import Choice
from reqres_mock.exchange import redact
from reqres_mock.protocol.jsonwire import utf8

if TYPE_CHECKING:
    from reqres_mock.engine.run import Run
    from reqres_mock.server.handshake import RejectedConnection


class LogFormat(Choice):
    """How ``serve`` writes its per-call log lines."""

    TEXT = "text"
    JSON = "json"


def _error_code(run: Run) -> str | None:
    if run.reply is None or run.reply.status < 400:
        return None
    try:
        return str(run.reply.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def _duration_ms(run: Run) -> float | None:
    """Arrival to reply decided (the caller's wait), in milliseconds."""
    if run.replied_at is None:
        return None
    return round((run.replied_at - run.started_at).total_seconds() * 1000, 1)


def call_record(run: Run) -> dict[str, Any]:
    """The fields of a call's log line; the path never carries the ``sig`` value."""
    return {
        "time": timestamp(run.started_at),
        "method": run.request.method,
        "path": redact(run.request.target),
        "status": run.reply.status if run.reply is not None else None,
        "code": _error_code(run),
        "run": run.id,
        "workflow": run.workflow,
        "durationMs": _duration_ms(run),
        "clientDisconnected": run.client_disconnected,
        "reminders": [str(r) for r in run.reminders],
        "fault": str(run.fault) if run.fault is not None else None,
    }


def format_line(run: Run, log_format: LogFormat) -> str:
    """One line describing ``run``'s call."""
    record = call_record(run)
    if log_format is LogFormat.JSON:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    status = f"{record['status']}" + (f" {record['code']}" if record["code"] else "")
    duration = f"{record['durationMs']}ms" if record["durationMs"] is not None else "-"
    line = f"{record['time']} {record['method']} {record['path']} {status} run={run.id} {duration}"
    if run.client_disconnected:
        line += " (caller gone)"
    if run.fault is not None:
        line += f" fault={run.fault}"
    reminders = record["reminders"]
    if reminders:
        line += f" reminders={len(reminders)}: " + " | ".join(reminders)
    return line


class CallLog:
    """An engine observer that writes one line per call to ``stream`` (thread-safe)."""

    def __init__(self, stream: TextIO, log_format: LogFormat | str = LogFormat.TEXT) -> None:
        self.stream = stream
        self.format = LogFormat(log_format)
        self._lock = threading.Lock()

    def __call__(self, run: Run) -> None:
        self._write(format_line(run, self.format))

    def refused(self, connection: RejectedConnection) -> None:
        """Log a connection refused at the TLS handshake (no call, so no run)."""
        record = {"time": timestamp(connection.at), "event": "connectionRefused"}
        record.update(connection.describe())
        if self.format is LogFormat.JSON:
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        else:
            line = f"{record['time']} connection refused {connection.summary()}"
        self._write(line)

    def _write(self, line: str) -> None:
        # a lone surrogate from a caller's JSON escape is U+FFFD here too: the line is written
        line = utf8(line).decode()
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()
