"""smv-ui: the app's dependency graph and its runs, live in the browser.

    smv-ui [--smv-app-dir DIR] [--listen HOST:PORT] [--tls-cert PEM --tls-key PEM [--tls-ca PEM]]
           [--insecure] [--log-only]

Serves on loopback by default with a random token in the URL it prints (as Jupyter does);
any other address needs TLS or --insecure (warned about). See docs/ui.md.
"""
from __future__ import annotations

import argparse
import secrets
import socket
import ssl
import sys
from pathlib import Path
from typing import Sequence

from smv.transport.tls import check_listen_address, is_local, server_tls_from_options

DEFAULT_LISTEN = "127.0.0.1:8765"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smv-ui", description="The app's graph and runs, live in the browser.")
    parser.add_argument("--smv-app-dir", default=".", help="the app folder (default: .)")
    parser.add_argument("--listen", default=DEFAULT_LISTEN, help=f"HOST:PORT (default {DEFAULT_LISTEN}; port 0: any)")
    parser.add_argument("--tls-cert", default=None, help="PEM certificate chain of this server (enables HTTPS)")
    parser.add_argument("--tls-key", default=None, help="PEM private key of --tls-cert")
    parser.add_argument("--tls-ca", default=None, help="PEM CA: require browser certificates it signed (mutual TLS)")
    parser.add_argument("--insecure", action="store_true", help="plain HTTP beyond loopback (warned about)")
    parser.add_argument("--log-only", action="store_true",
                        help="show the run log without loading the app (no Spark: no graph, no samples)")
    return parser.parse_args(argv)


def _bind(address: str) -> socket.socket:
    host, port = address.rsplit(":", 1)
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, int(port)))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    return sock


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app_dir = Path(args.smv_app_dir).resolve()
    if not (app_dir / "conf" / "smv-app-conf.props").is_file():
        print(f"smv-ui: {app_dir} is not an SMV app folder (expected conf/smv-app-conf.props in it)", file=sys.stderr)
        return 1
    try:
        tls = server_tls_from_options(args.tls_cert, args.tls_key, args.tls_ca, "--tls-ca")
        check_listen_address(args.listen, tls, args.insecure)
        if args.listen.startswith("unix:"):
            raise ValueError("smv-ui serves on HOST:PORT, not a Unix socket")
        sock = _bind(args.listen)
    except ValueError as exc:
        print(f"smv-ui: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"smv-ui: cannot listen on {args.listen}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not is_local(args.listen) and tls is None:
        print(f"smv-ui: WARNING: serving plain HTTP on {args.listen} (--insecure): the token and the app's data "
              "travel in clear; use --tls-cert/--tls-key", file=sys.stderr)
    import uvicorn

    from smv.cli.smv_run import configure_spark_submit
    from smv.ui.server import create_app

    configure_spark_submit([], verbose=False)  # the app's Spark session: quiet, as smv-run's

    token = secrets.token_urlsafe(24)
    host, port = sock.getsockname()[:2]
    shown = args.listen.rsplit(":", 1)[0] if not args.listen.rsplit(":", 1)[0] in ("0.0.0.0", "[::]") else socket.gethostname()
    scheme = "https" if tls else "http"
    config = uvicorn.Config(create_app(app_dir, token, load_app=not args.log_only), log_level="warning",
                            ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key, ssl_ca_certs=args.tls_ca,
                            ssl_cert_reqs=ssl.CERT_REQUIRED if args.tls_ca else ssl.CERT_NONE, timeout_graceful_shutdown=2)
    print(f"smv-ui: serving {app_dir.name} at {scheme}://{shown}:{port}/?token={token}", flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
