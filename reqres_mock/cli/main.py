"""The ``reqres-mock`` command: a thin adapter over :class:`~reqres_mock.MockServer`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reqres_mock.cli import faults as faults_cli
from reqres_mock.cli import record as record_cli
from reqres_mock.cli import schema as schema_cli
from reqres_mock.cli.arguments import VersionAction, port_number
from reqres_mock.config import DEFAULT_MAX_RUNS, Flavor
from reqres_mock.errors import CassetteError, ConfigurationError, DefinitionError, ReqResError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

    from reqres_mock.engine.pipeline import Engine
    from reqres_mock.mockserver import MockServer

_SERVE_EXAMPLE = """\
example:
  reqres-mock serve examples/hello/workflow.json --port 7071
  curl -X POST -H 'Content-Type: application/json' -d '{"name": "Ada"}' '<printed URL>'
  reqres-mock serve logicapps/ --port 7071 --access-key test-key --param env=test --reload
  (run history: http://127.0.0.1:7071/_reqres/, admin API: /_reqres/openapi.json)
  reqres-mock serve logicapps/ --fault 'reset@rate=0.1,seed=7' \
      --fault 'orders/throttled:retry_after=2@times=2'
  reqres-mock serve examples/hello/workflow.json --https --ca-cert ca.pem
  curl --cacert ca.pem -X POST -d '{}' '<printed https URL>'
"""
_URLS_EXAMPLE = """\
example:
  reqres-mock urls logicapps/ --port 7071 --access-key test-key
  reqres-mock urls logicapps/ --base-url http://mock:7071 --access-key test-key
"""
_VALIDATE_EXAMPLE = """\
example:
  reqres-mock validate logicapps/ examples/hello/workflow.json
  (prints 'file#/json/pointer: message' per problem; exit status 1 if there is any)
"""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line (exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _param(text: str) -> tuple[str, str]:
    name, eq, value = text.partition("=")
    if not eq or not name.strip():
        raise argparse.ArgumentTypeError(f"--param expects NAME=VALUE, got {text!r}")
    return name.strip(), value


def _add_flavor(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--flavor",
        choices=[f.value for f in Flavor],
        default=Flavor.CONSUMPTION.value,
        help="default flavour for definitions that do not imply one",
    )


def _add_definition_options(verb: argparse.ArgumentParser) -> None:
    verb.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="file or folder")
    _add_flavor(verb)
    _add_param(verb)
    _add_replace_triggers(verb)


def _add_param(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--param",
        type=_param,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a workflow/ARM template parameter (repeatable)",
    )


def _add_replace_triggers(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--replace-triggers",
        action="store_true",
        help="serve workflows whose trigger is not a Request trigger (Recurrence, Service Bus...) "
        "through a Request trigger of the same name; without it they are skipped with a note",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reqres-mock",
        description="A local Azure Logic Apps Request trigger + Response action.",
    )
    parser.add_argument("--version", action=VersionAction)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    serve = verbs.add_parser(
        "serve",
        help="serve workflow definition files until Ctrl-C",
        description="Load workflow definitions (Standard workflow.json, bare definitions, ARM "
        "templates, or folders of them), print one line per trigger "
        "'name METHOD callback-url', and serve until Ctrl-C or SIGTERM.",
        epilog=_SERVE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("paths", nargs="*", metavar="PATH", type=Path, help="file or folder")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=0, help="TCP port; 0 picks a free one")
    serve.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds before 504 (default: 120 for Consumption, 225 for Standard workflows)",
    )
    _add_flavor(serve)
    serve.add_argument(
        "--max-runs",
        type=int,
        default=DEFAULT_MAX_RUNS,
        metavar="N",
        help="keep at most N calls in the run history; older finished ones are evicted and "
        f"counted (default: {DEFAULT_MAX_RUNS:,})",
    )
    serve.add_argument(
        "--access-key", help="key that signs callback URLs (stable URLs across restarts)"
    )
    serve.add_argument(
        "--admin-token", help="require 'Authorization: Bearer TOKEN' on the admin API (/_reqres/)"
    )
    _add_param(serve)
    _add_replace_triggers(serve)
    serve.add_argument(
        "--log-format",
        choices=["text", "json"],
        default="text",
        help="one line per call on stdout: text (default) or json",
    )
    serve.add_argument(
        "--reload", action="store_true", help="reload definitions when their files change"
    )
    serve.add_argument(
        "--unstubbed",
        choices=["fail", "200"],
        default="fail",
        help="what answers an outbound call (Http, connectors...) of a definition: fail the "
        "action (default) or an empty 200",
    )
    serve.add_argument(
        "--wait-scale",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help="multiply Wait actions and retry-policy intervals (0 skips them; default 1)",
    )
    serve.add_argument(
        "--fault",
        type=faults_cli.argument,
        action="append",
        default=[],
        metavar="SPEC",
        help="inject faults (repeatable): [WORKFLOW/]KIND[:NAME=VALUE,...][+KIND...]"
        "[@times=N,rate=P,seed=S], e.g. 'reset@rate=0.1,seed=7' or "
        "'orders/throttled:retry_after=2@times=2'",
    )
    https = serve.add_argument_group(
        "HTTPS", "TLS 1.2 with Logic Apps' eight cipher suites, from a throw-away CA"
    )
    https.add_argument("--https", action="store_true", help="serve HTTPS instead of HTTP")
    https.add_argument(
        "--tls",
        choices=["logic-apps", "modern"],
        help="logic-apps (default): TLS 1.2 only, the article's suites; modern: TLS 1.2 and 1.3",
    )
    https.add_argument(
        "--ca-cert",
        type=Path,
        metavar="PATH",
        help="write the CA certificate (PEM) here; default: a temporary file, printed on stderr",
    )
    https.add_argument("--cert", type=Path, metavar="PEM", help="your own certificate (chain)")
    https.add_argument("--key", type=Path, metavar="PEM", help="its private key")
    record_cli.add_serve_options(serve)
    _add_other_verbs(verbs)
    schema_cli.add_parsers(verbs)
    record_cli.add_parsers(verbs)
    return parser


def _https_options(args: argparse.Namespace) -> dict[str, Any]:
    if not args.https:
        given = [
            f"--{n.replace('_', '-')}"
            for n in ("tls", "ca_cert", "cert", "key")
            if getattr(args, n)
        ]
        if given:
            raise ConfigurationError(f"{', '.join(given)} need(s) --https")
        return {}
    if args.key and not args.cert:
        raise ConfigurationError("--key needs --cert")
    if args.cert and args.ca_cert:
        raise ConfigurationError("--ca-cert writes the throw-away CA; with --cert there is none")
    certificate = (args.cert, args.key) if args.key else args.cert
    return {"https": True, "tls": args.tls, "certificate": certificate}


def _add_other_verbs(verbs: Any) -> None:
    urls = verbs.add_parser(
        "urls",
        help="print the callback URLs without serving",
        description="Load workflow definitions and print 'name METHOD callback-url' per "
        "trigger, as 'serve' would with the same address and --access-key.",
        epilog=_URLS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_definition_options(urls)
    urls.add_argument("--host", default="127.0.0.1", help="host in the URLs (default: 127.0.0.1)")
    urls.add_argument(
        "--port", type=port_number, default=7071, help="port in the URLs (default: 7071)"
    )
    urls.add_argument("--base-url", help="scheme://host:port in the URLs (overrides --host/--port)")
    urls.add_argument("--access-key", help="the key serve will sign with (else URLs are random)")
    validate = verbs.add_parser(
        "validate",
        help="check definition files and report every problem",
        description="Load workflow definitions and print every problem found, one per line "
        "as 'file#/json/pointer: message'. Exit status 1 if there is any, 0 otherwise.",
        epilog=_VALIDATE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_definition_options(validate)


def _serve(args: argparse.Namespace) -> int:
    from reqres_mock.mockserver import MockServer  # noqa: PLC0415 (--help stays fast)

    try:
        server = MockServer(
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            flavor=args.flavor,
            access_key=args.access_key,
            admin_token=args.admin_token,
            max_runs=args.max_runs,
            **_https_options(args),
            **record_cli.serve_options(args),
        )
    except CassetteError as err:
        raise err.advise(
            f"record it first: reqres-mock record --cassette {args.replay} --target "
            "'<the real callback URL>'"
        ) from err
    server.config = dataclasses.replace(
        server.config, unstubbed=args.unstubbed, wait_scale=args.wait_scale
    )
    from reqres_mock.cli.calllog import CallLog  # noqa: PLC0415
    from reqres_mock.cli.reload import Reloader  # noqa: PLC0415

    server.start()
    reloader = Reloader(
        server.engine,
        args.paths,
        parameters=dict(args.param),
        report=_note,
        replace_triggers=args.replace_triggers,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Both signals just set the event, so one arriving while the URLs are printed still ends
    # in a clean stop (a KeyboardInterrupt there would escape as a traceback).
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        reloader.load()
        for fault in args.fault:
            fault.apply(server)
        if server.ca is not None:
            ca_path = server.ca.write(args.ca_cert) if args.ca_cert else server.ca.path
            print(
                f"CA certificate: {ca_path} (trust it: curl --cacert {ca_path}, "
                f"SSL_CERT_FILE={ca_path}, REQUESTS_CA_BUNDLE={ca_path})",
                file=sys.stderr,
                flush=True,
            )
        call_log = CallLog(sys.stdout, args.log_format)
        server.add_observer(call_log)
        server.add_observer(_EvictionNote(server, args.max_runs))
        server.add_rejection_observer(call_log.refused)
        if args.reload:
            reloader.start()
        # Printed once everything is ready: a script that read the URLs may signal at once.
        for workflow in server.workflows:
            _print_url(workflow.name, workflow.method or "*", workflow.callback_url, args)
        record_cli.print_replay(server, json_lines=args.log_format == "json")
        print(f"serving on {server.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        _note(f"run history: {server.inspector_url}, admin API: {server.url}/_reqres/openapi.json")
        stop.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        reloader.stop()
        server.stop()
        if server.evicted_runs:
            _note(f"{server.evicted_runs} older run(s) were evicted (--max-runs {args.max_runs})")
    return 0


class _EvictionNote:
    """Says once, on stderr, that the run history reached its cap and evicts old runs."""

    def __init__(self, server: MockServer, cap: int) -> None:
        self._server = server
        self._cap = cap
        self._said = False

    def __call__(self, run: object) -> None:
        if not self._said and self._server.evicted_runs:
            self._said = True
            _note(
                f"the run history reached --max-runs {self._cap}: older finished runs are "
                "evicted from now on (counted in /_reqres/health)"
            )


def _print_url(name: str, method: str, url: str, args: argparse.Namespace) -> None:
    """A trigger's line: ``name METHOD url``, or a JSON object with ``--log-format json``."""
    if args.log_format == "json":
        record = {"workflow": name, "method": method, "callbackUrl": url}
        print(json.dumps(record, separators=(",", ":")), flush=True)
    else:
        print(f"{name} {method} {url}", flush=True)


def _note(message: str) -> None:
    print(f"reqres-mock: {message}", file=sys.stderr, flush=True)


def _definitions_engine(args: argparse.Namespace) -> Engine:
    from reqres_mock.config import ServerConfig  # noqa: PLC0415
    from reqres_mock.engine.pipeline import Engine  # noqa: PLC0415

    return Engine(ServerConfig(flavor=args.flavor, access_key=getattr(args, "access_key", None)))


def _urls(args: argparse.Namespace) -> int:
    engine = _definitions_engine(args)
    engine.base_url = (args.base_url or f"http://{args.host}:{args.port}").rstrip("/")
    if not args.access_key:
        _note("no --access-key: these signatures are random and will not match a later serve")
    for path in args.paths:
        for workflow in engine.read(
            path,
            parameters=dict(args.param),
            replace_triggers=args.replace_triggers,
            report=_note,
        ):
            print(f"{workflow.name} {workflow.method or '*'} {workflow.callback_url}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from reqres_mock.definitions import documents, loader, validate  # noqa: PLC0415
    from reqres_mock.definitions.project import TriggerNotServedError  # noqa: PLC0415

    flavor = Flavor(args.flavor)
    problems: list[str] = []
    seen: dict[str, Path] = {}
    files = 0
    for path in args.paths:
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
            continue
        found = documents.definition_files(path)
        if path.is_dir():  # a folder's JSON files that do not parse are problems, not skipped
            for other in sorted(set(path.rglob("*.json")) - set(found)):
                try:
                    documents.read_json(other)
                except DefinitionError as err:
                    problems.append(str(err))
        if not found:
            problems.append(f"{path}: no workflow definitions found{documents.none_found(path)}")
        for file in found:
            files += 1
            try:
                document = documents.read_json(file)
            except DefinitionError as err:
                problems.append(str(err))
                continue
            try:
                loader.workflows_from_document(
                    document,
                    file,
                    dict(args.param),
                    default_flavor=flavor,
                    replace_triggers=args.replace_triggers,
                )
            except TriggerNotServedError as err:
                _note(err.note)  # serve would skip it: not a problem of the definition
                if not err.replaceable:
                    continue
            except DefinitionError:
                pass  # reported below, with every other problem of the file
            found_here = validate.problems(
                document, file, dict(args.param), default_flavor=flavor, replace_triggers=True
            )
            if found_here:
                problems.extend(str(err) for err in found_here)
                continue
            workflows = loader.workflows_from_document(
                document, file, dict(args.param), default_flavor=flavor, replace_triggers=True
            )
            for workflow in workflows:
                key = workflow.name.lower()
                if key in seen and seen[key] != file:
                    problems.append(
                        f"{file}: workflow {workflow.name!r} is also defined in {seen[key]}; "
                        "the one loaded last would replace the other"
                    )
                seen.setdefault(key, file)
    # A project file's problem (parameters.json...) comes once per workflow that reads it.
    problems = list(dict.fromkeys(problems))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(seen)} workflow(s) in {files} file(s)", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a usage or definition error)."""
    args = _parser().parse_args(argv)
    try:
        if args.verb == "serve":
            return _serve(args)
        if args.verb == "urls":
            return _urls(args)
        if args.verb == "validate":
            return _validate(args)
        if args.verb in schema_cli.VERBS:
            return schema_cli.run(args)
        if args.verb in record_cli.VERBS:
            return record_cli.run(args)
    except ReqResError as err:
        print(f"reqres-mock: error: {err}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse rejects unknown verbs


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
