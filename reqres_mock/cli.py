"""The ``reqres-mock`` command: a thin adapter over :class:`~reqres_mock.MockServer`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reqres_mock import record_cli, schema_cli
from reqres_mock.config import Flavor
from reqres_mock.errors import ConfigurationError, ReqResError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

_SERVE_EXAMPLE = """\
example:
  reqres-mock serve examples/hello/workflow.json --port 7071
  curl -X POST -H 'Content-Type: application/json' -d '{"name": "Ada"}' '<printed URL>'

  reqres-mock serve examples/hello/workflow.json --https --ca-cert ca.pem
  curl --cacert ca.pem -X POST -d '{}' '<printed https URL>'
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reqres-mock",
        description="A local Azure Logic Apps Request trigger + Response action.",
    )
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
    serve.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one")
    serve.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before 504 (default: 60)"
    )
    serve.add_argument(
        "--flavor",
        choices=[f.value for f in Flavor],
        default=Flavor.CONSUMPTION.value,
        help="default flavour for definitions that do not imply one",
    )
    serve.add_argument(
        "--access-key", help="key that signs callback URLs (stable URLs across restarts)"
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


def _serve(args: argparse.Namespace) -> int:
    from reqres_mock.server import MockServer  # noqa: PLC0415 (--help stays fast)

    server = MockServer(
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        flavor=args.flavor,
        access_key=args.access_key,
        **_https_options(args),
        **record_cli.serve_options(args),
    )
    server.start()
    try:
        for path in args.paths:
            server.load(path)
        if server.ca is not None:
            ca_path = server.ca.write(args.ca_cert) if args.ca_cert else server.ca.path
            print(
                f"CA certificate: {ca_path} (trust it: curl --cacert {ca_path}, "
                f"SSL_CERT_FILE={ca_path}, REQUESTS_CA_BUNDLE={ca_path})",
                file=sys.stderr,
                flush=True,
            )
        for workflow in server.workflows:
            print(f"{workflow.name} {workflow.method or '*'} {workflow.callback_url}", flush=True)
        record_cli.print_replay(server)
        print(f"serving on {server.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
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
    finally:
        server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a usage or definition error)."""
    args = _parser().parse_args(argv)
    try:
        if args.verb == "serve":
            return _serve(args)
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
