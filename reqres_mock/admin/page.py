"""The run-history page at ``/_reqres/``: server-rendered HTML, no build step.

It lists the workflows with their callback URLs (with a copy button) and every call, newest
first, with a status badge; a call opens to show its trigger outputs, its actions drawn as a
timeline (an SVG bar per action, as the portal's run history draws them), each action's inputs
and outputs, and the reply. A little vanilla JavaScript copies URLs, refreshes (by hand or every
few seconds) and keeps opened runs open across refreshes. Everything shown is HTML-escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

from reqres_mock.admin.runquery import parse_since
from reqres_mock.admin.serialize import run_json, workflow_json

if TYPE_CHECKING:
    from reqres_mock.engine.pipeline import Engine

#: The page shows at most this many calls (the newest).
MAX_RUNS = 200
_TIMELINE_WIDTH = 640
_LABEL_WIDTH = 150
_ROW_HEIGHT = 22

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header{display:flex;gap:1em;align-items:center;padding:.6em 1.2em;background:#0b5cad;color:#fff}
header h1{font-size:1.2em;margin:0}header a{color:#fff}header .spacer{flex:1}
main{padding:0 1.2em 2em}h2{font-size:1.05em;margin:1.2em 0 .4em}
h3{font-size:.95em;margin:.8em 0 .3em}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #e3e5e8;padding:.3em .5em;text-align:left;vertical-align:top}
code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#fff;border:1px solid #e3e5e8;
padding:.5em;overflow:auto;max-height:24em;margin:.2em 0}
.url{word-break:break-all}.kv th{width:1%;white-space:nowrap;font-weight:500}button{cursor:pointer}
details.run{background:#fff;border:1px solid #e3e5e8;border-radius:4px;margin:.3em 0}
details.run>summary{padding:.4em .6em;display:flex;gap:.8em;align-items:center;cursor:pointer}
details.run[open]>summary{border-bottom:1px solid #e3e5e8}.detail{padding:.2em .8em .8em}
.badge{display:inline-block;min-width:3.2em;text-align:center;border-radius:3px;color:#fff;
font-weight:600;padding:0 .3em}
.b202{background:#5c6bc0}.b2xx{background:#2e7d32}.b4xx{background:#ef6c00}
.b502{background:#c62828}.b504{background:#8e24aa}.b5xx{background:#b71c1c}.bnone{background:#9e9e9e}
.muted{color:#6b7280}.reminder{color:#8a5a00}.empty{color:#6b7280;font-style:italic}
svg text{font:11px system-ui,sans-serif}
"""

_SCRIPT = """
(function () {
  const opened = JSON.parse(sessionStorage.getItem('reqres-open') || '[]');
  document.querySelectorAll('details.run').forEach(function (d) {
    if (opened.includes(d.dataset.runId)) d.open = true;
    d.addEventListener('toggle', function () {
      const ids = Array.from(document.querySelectorAll('details.run[open]'))
        .map(function (x) { return x.dataset.runId; });
      sessionStorage.setItem('reqres-open', JSON.stringify(ids));
    });
  });
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.addEventListener('click', function () {
      const text = b.dataset.url;
      const done = function () { b.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        const area = document.createElement('textarea');
        area.value = text; document.body.appendChild(area); area.select();
        document.execCommand('copy'); area.remove(); done();
      }
    });
  });
  document.getElementById('refresh').addEventListener('click', function () {
    location.reload();
  });
  const auto = document.getElementById('auto');
  auto.checked = sessionStorage.getItem('reqres-auto') === '1';
  auto.addEventListener('change', function () {
    sessionStorage.setItem('reqres-auto', auto.checked ? '1' : '0');
    if (auto.checked) location.reload();
  });
  if (auto.checked) setTimeout(function () { location.reload(); }, 3000);
})();
"""


def _badge(status: int | None) -> str:
    if status is None:
        return '<span class="badge bnone">…</span>'
    if status in (202, 502, 504):
        kind = str(status)
    elif 200 <= status < 300:
        kind = "2xx"
    elif 400 <= status < 500:
        kind = "4xx"
    else:
        kind = "5xx"
    return f'<span class="badge b{kind}">{status}</span>'


def _pretty(value: Any) -> str:
    if value is None:
        return '<p class="empty">none</p>'
    if isinstance(value, dict) and value.get("$truncated"):
        return (
            f'<pre>{escape(value["preview"])}</pre><p class="muted truncated">the first 4 KiB of '
            f'{value["size"]:,} bytes: <a href="{escape(value["href"])}">the whole body</a></p>'
        )
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return f"<pre>{escape(text)}</pre>"


def _headers_table(headers: dict[str, Any]) -> str:
    if not headers:
        return '<p class="empty">no headers</p>'
    rows = "".join(
        f"<tr><th>{escape(str(k))}</th><td><code>{escape(str(v))}</code></td></tr>"
        for k, v in headers.items()
    )
    return f'<table class="kv">{rows}</table>'


def _millis(text: str | None) -> float | None:
    if text is None:
        return None
    # Run history writes .NET's seven fraction digits; parse_since reads any RFC 3339 time
    # on every supported Python (3.10's fromisoformat takes at most six digits).
    return parse_since(text).timestamp() * 1000


def _ms(value: float | None) -> str:
    return "running" if value is None else f"{value:.1f} ms"


def timeline(run: dict[str, Any]) -> str:
    """An SVG with one bar for the trigger and one per action, on the run's time scale."""
    start = _millis(run["startTime"]) or 0.0
    # A call refused before any run (401, 404, 400...) did not fire the trigger.
    fired = "Failed" if run["status"] == "Rejected" else "Succeeded"
    rows: list[tuple[str, float, float | None, str]] = [("trigger", 0.0, 0.0, fired)]
    for action in run["actions"]:
        offset = (_millis(action["startTime"]) or start) - start
        rows.append((action["name"], max(offset, 0.0), action["durationMs"], action["status"]))
    ends = [o + (d or 0.0) for _, o, d, _ in rows]
    reply = run["reply"]
    if reply is not None and reply["durationMs"] is not None:
        ends.append(reply["durationMs"])
    if run["durationMs"] is not None:
        ends.append(run["durationMs"])
    total = max([*ends, 0.001])
    scale = (_TIMELINE_WIDTH - _LABEL_WIDTH - 80) / total
    colours = {"Succeeded": "#2e7d32", "Failed": "#c62828", "Skipped": "#9e9e9e"}
    parts = []
    for index, (name, offset, duration, status) in enumerate(rows):
        y = index * _ROW_HEIGHT + 4
        x = _LABEL_WIDTH + offset * scale
        width = max((duration if duration is not None else total - offset) * scale, 3.0)
        colour = colours.get(status, "#0b5cad")
        dash = (
            ' stroke="#0b5cad" stroke-dasharray="4 2" fill-opacity=".35"'
            if duration is None
            else ""
        )
        label = "" if name == "trigger" else _ms(duration)
        parts.append(
            f'<g class="bar" data-action="{escape(name)}" data-status="{escape(status)}">'
            f'<text x="0" y="{y + 12}">{escape(name[:22])}</text>'
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="14" rx="2" '
            f'fill="{colour}"{dash}>'
            f"<title>{escape(name)}: {escape(status)}, {escape(_ms(duration))}</title></rect>"
            f'<text x="{x + width + 4:.1f}" y="{y + 12}" class="muted">{escape(label)}</text></g>'
        )
    height = len(rows) * _ROW_HEIGHT + 8
    return (
        f'<svg class="timeline" width="{_TIMELINE_WIDTH}" height="{height}" role="img" '
        f'aria-label="timeline of run {escape(run["id"])}">{"".join(parts)}</svg>'
    )


def _run(run: dict[str, Any]) -> str:
    reply = run["reply"]
    outputs = run["triggerOutputs"]
    summary = (
        f"{_badge(reply['status'] if reply else None)}"
        f'<span class="status">{escape(run["status"])}</span>'
        + (f'<code class="code">{escape(reply["code"])}</code>' if reply and reply["code"] else "")
        + f"<strong>{escape(run['workflow'] or '(no workflow)')}</strong>"
        f"<code>{escape(run['request']['method'])} {escape(run['request']['path'])}</code>"
        f'<span class="muted">{escape(_ms(reply["durationMs"] if reply else None))}</span>'
    )
    if run["reminders"]:
        summary += f'<span class="reminder">{len(run["reminders"])} reminder(s)</span>'
    fault = run.get("fault")
    if fault:
        summary += f'<span class="reminder fault">fault: {escape(fault["kind"])}</span>'
    summary += f'<span class="muted">{escape(run["startTime"] or "")}</span>'
    detail = [
        f'<p class="muted">run <code>{escape(run["id"])}</code></p>',
        *(["<h3>Injected fault</h3>", _pretty(fault)] if fault else []),
        "<h3>Timeline</h3>",
        timeline(run),
    ]
    if outputs and run["status"] != "Rejected":
        detail += ["<h3>Trigger outputs</h3>", _headers_table(outputs.get("headers") or {})]
        for key in ("queries", "relativePathParameters"):
            if key in outputs:
                detail += [f"<h3>{key}</h3>", _pretty(outputs[key])]
        detail += ["<h3>Body</h3>", _pretty(outputs.get("body"))]
    else:  # refused: no trigger fired; what the client sent, as sent
        request = run["request"]
        detail += ["<h3>Request</h3>", _headers_table(request["headers"])]
        detail += ["<h3>Body</h3>", _pretty(request["body"])]
    for action in run["actions"]:
        detail += [
            f"<h3>Action {escape(action['name'])}: {escape(action['status'])}</h3>",
            "<p>inputs</p>",
            _pretty(action["inputs"]),
            "<p>outputs</p>",
            _pretty(action["outputs"]),
        ]
        if action.get("error"):
            detail.append(_pretty(action["error"]))
    if reply is not None:
        detail += [
            f"<h3>Reply {_badge(reply['status'])}</h3>",
            _headers_table(reply["headers"]),
            _pretty(reply["body"]),
        ]
    for title, items in (("Reminders", run["reminders"]), ("Near misses", run["nearMisses"])):
        if items:
            listed = "".join(f"<li>{escape(item)}</li>" for item in items)
            detail.append(f"<h3>{title}</h3><ul>{listed}</ul>")
    if run["error"]:
        detail += ["<h3>Error</h3>", _pretty(run["error"])]
    return (
        f'<details class="run" id="run-{escape(run["id"])}" data-run-id="{escape(run["id"])}">'
        f'<summary>{summary}</summary><div class="detail">{"".join(detail)}</div></details>'
    )


def render_page(engine: Engine, base_url: str) -> str:
    """The page for ``engine``'s workflows and calls (newest first), for ``base_url``."""
    workflows = [workflow_json(w, base_url) for w in engine.workflows]
    calls = engine.calls
    shown = [run_json(r) for r in reversed(calls[-MAX_RUNS:])]
    rows = "".join(
        f'<tr data-workflow="{escape(w["name"])}"><td><strong>{escape(w["name"])}</strong></td>'
        f"<td>{escape(w['method'] or '*')}</td>"
        f'<td class="url"><code>{escape(w["callbackUrl"])}</code></td>'
        f'<td><button class="copy" data-url="{escape(w["callbackUrl"])}">Copy</button></td></tr>'
        for w in workflows
    )
    workflow_part = (
        f"<table><tr><th>workflow</th><th>method</th><th>callback URL</th><th></th></tr>"
        f"{rows}</table>"
        if workflows
        else '<p class="empty">No workflows. Load definitions or PUT /_reqres/workflows/{name}.</p>'
    )
    more = f" (newest {MAX_RUNS} shown)" if len(calls) > MAX_RUNS else ""
    runs_part = "".join(_run(r) for r in shown) or '<p class="empty">No calls yet.</p>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No favicon request: it would be journalled as a call that matched no workflow.
        '<link rel="icon" href="data:,">'
        f"<title>reqres-mock run history</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>reqres-mock</h1><span>{escape(base_url)}</span>"
        '<span class="spacer"></span><button id="refresh">Refresh</button>'
        '<label><input type="checkbox" id="auto"> auto-refresh</label>'
        '<a href="/_reqres/openapi.json">admin API</a></header><main>'
        f'<section id="workflows"><h2>Workflows ({len(workflows)})</h2>{workflow_part}</section>'
        f'<section id="runs"><h2>Calls ({len(calls)}){more}</h2>{runs_part}</section>'
        f"</main><script>{_SCRIPT}</script></body></html>"
    )
