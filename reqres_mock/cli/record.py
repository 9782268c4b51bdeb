"""The ``record`` and ``verify`` verbs of the ``reqres-mock`` command, and ``serve --replay``.

``cli.py`` stays a thin adapter: it adds these parsers with :func:`add_parsers` and
:func:`add_serve_options`, builds ``serve``'s server with :func:`serve_options`, and hands the
parsed arguments of these verbs to :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock.cli.arguments import port_number
from reqres_mock.errors import ConfigurationError

if TYPE_CHECKING:
    from argparse import _SubParsersAction
    from types import FrameType

    from reqres_mock.mockserver import MockServer

#: The top-level verbs this module handles.
VERBS = ("record", "verify")

_RECORD_EXAMPLE = """\
example:
  reqres-mock record --cassette orders.yaml --port 7071 \\
      --target 'https://prod-12.westeurope.logic.azure.com:443/workflows/…/invoke?…&sig=…'
  # call the printed local URL instead of the real one; Ctrl-C stops and keeps the cassette
  reqres-mock serve --replay orders.yaml --port 7071
  reqres-mock verify --cassette orders.yaml --target '<the real callback URL>'
"""


def _scrub_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scrubbing (sig, Authorization and cookies always are)")
    group.add_argument(
        "--filter-header", action="append", default=[], metavar="NAME", help="scrub a header"
    )
    group.add_argument(
        "--filter-query", action="append", default=[], metavar="NAME", help="scrub a parameter"
    )
    group.add_argument(
        "--filter-json-path",
        action="append",
        default=[],
        metavar="PATH",
        help="scrub a JSON body field, e.g. '$.customer.ssn'",
    )


def add_parsers(verbs: _SubParsersAction[Any]) -> None:
    """Add ``record`` and ``verify`` to the command's verbs."""
    raw = argparse.RawDescriptionHelpFormatter
    record = verbs.add_parser(
        "record",
        help="proxy a real Logic App and record every exchange to a cassette",
        description="Serve a local endpoint that forwards every call to the real Logic App, "
        "answers with its reply, and appends the exchange (secrets scrubbed) to a VCR.py "
        "cassette, until Ctrl-C or SIGTERM. Prints the local URL to call.",
        epilog=_RECORD_EXAMPLE,
        formatter_class=raw,
    )
    record.add_argument("--target", required=True, help="the real callback URL (or a base URL)")
    record.add_argument("--cassette", required=True, type=Path, help="YAML (or .json) file")
    record.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    record.add_argument("--port", type=port_number, default=0, help="TCP port; 0 picks a free one")
    record.add_argument(
        "--record-mode",
        choices=["all", "new_episodes"],
        default="all",
        help="all (default): rewrite the cassette; new_episodes: replay what it has, add the rest",
    )
    record.add_argument("--ca-bundle", metavar="PEM", help="CA bundle to verify the target with")
    _scrub_options(record)
    verify = verbs.add_parser(
        "verify",
        help="replay a cassette against a live endpoint and report drift (exit 1)",
        description="Send each recorded request to the target, in order, and report per "
        "interaction the differences in status, header set and JSON body (volatile ids and "
        "dates ignored). Exit 0 without drift, 1 with drift, 2 when a request got no reply.",
        epilog=_RECORD_EXAMPLE,
        formatter_class=raw,
    )
    verify.add_argument("--cassette", required=True, type=Path, help="the recorded cassette")
    verify.add_argument(
        "--target", required=True, help="the live callback URL (its sig is used) or base URL"
    )
    verify.add_argument("--ca-bundle", metavar="PEM", help="CA bundle to verify the target with")
    verify.add_argument(
        "--timeout", type=float, default=240.0, help="seconds per request (default: 240)"
    )


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    """Add ``--replay`` and its settings to ``serve``."""
    group = serve.add_argument_group("replay", "answer calls from a recorded cassette")
    group.add_argument("--replay", type=Path, metavar="CASSETTE", help="cassette to replay")
    group.add_argument(
        "--replay-timing",
        type=float,
        nargs="?",
        const=1.0,
        metavar="SCALE",
        help="reproduce recorded latency, times SCALE (default 1.0 when given without value)",
    )
    group.add_argument(
        "--allow-playback-repeats",
        action="store_true",
        help="answer a repeated call with its last recorded reply again",
    )


def serve_options(args: argparse.Namespace) -> dict[str, Any]:
    """``MockServer`` keyword arguments for ``serve``'s replay options.

    :raises ConfigurationError: for replay settings without ``--replay``, or no PATH and no
        ``--replay``.
    """
    if args.replay is None:
        if args.replay_timing is not None or args.allow_playback_repeats:
            raise ConfigurationError("--replay-timing and --allow-playback-repeats need --replay")
        if not args.paths:
            raise ConfigurationError("serve needs workflow PATH(s), --replay CASSETTE, or both")
        return {}
    from reqres_mock.cassettes.session import CassetteOptions, RecordMode  # noqa: PLC0415

    options = CassetteOptions(
        record_mode=RecordMode.NONE,
        replay_timing=args.replay_timing,
        allow_playback_repeats=args.allow_playback_repeats,
    )
    return {"replay": args.replay, "cassette_options": options}


def print_replay(server: MockServer, *, json_lines: bool = False) -> None:
    """One line per distinct recorded endpoint: ``cassette METHOD url`` (or a JSON object)."""
    session = server.interceptor
    if session is None:
        return
    for method, url in session.endpoints():
        if json_lines:
            record = {"cassette": session.name, "method": method, "callbackUrl": url}
            print(json.dumps(record, separators=(",", ":")), flush=True)
        else:
            print(f"{session.name} {method} {url}", flush=True)


def wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _record(args: argparse.Namespace) -> int:
    from reqres_mock.cassettes.session import CassetteOptions, RecordMode  # noqa: PLC0415
    from reqres_mock.mockserver import MockServer  # noqa: PLC0415

    options = CassetteOptions(
        record_mode=RecordMode(args.record_mode),
        filter_headers=frozenset(args.filter_header),
        filter_query=frozenset(args.filter_query),
        filter_json_paths=tuple(args.filter_json_path),
        verify=args.ca_bundle or True,
    )
    server = MockServer(
        host=args.host,
        port=args.port,
        record_to=args.cassette,
        target=args.target,
        cassette_options=options,
    )
    server.start()
    try:
        session = server.interceptor
        assert session is not None
        print(f"{session.name} * {session.url}", flush=True)
        print(
            f"recording {args.target.split('?')[0]} into {args.cassette} on {server.url} "
            "(Ctrl-C to stop)",
            file=sys.stderr,
            flush=True,
        )
        wait_for_stop()
    finally:
        server.stop()
    print(
        f"recorded {session.recorded_count} interaction(s); {args.cassette} holds "
        f"{len(session.interactions)}",
        file=sys.stderr,
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from reqres_mock.cassettes.drift import verify  # noqa: PLC0415

    report = verify(
        args.cassette, args.target, tls_verify=args.ca_bundle or True, timeout=args.timeout
    )
    print(report.render())
    if report.errors:
        return 2
    return 1 if report.drifted else 0


def run(args: argparse.Namespace) -> int:
    """Carry out ``record`` or ``verify``; returns the exit status.

    :raises ReqResError: for unreadable cassettes, bad targets or settings.
    """
    if args.verb == "record":
        return _record(args)
    return _verify(args)
