"""`smv-repository-server`: the Python repository of one app as its own process.

    smv-repository-server --app-dir APP [--listen unix:/path | 127.0.0.1:PORT]
                          [--token-file FILE] [--address-file FILE] [--spark none|local|attach]
                          [--stop-on-stdin-eof] [--smv-props K=V ...]
                          [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]] [--insecure]

The bearer token comes from $SMV_REPOSITORY_TOKEN or --token-file (never the
command line). When serving, the process prints `SMV_REPOSITORY_ADDRESS=<address>`
on stdout and, with --address-file, writes the address there (atomically). It
stops on SIGTERM or SIGINT. `--spark none` (default) serves metadata only.
A --listen host beyond loopback needs TLS (--tls-cert/--tls-key; --tls-client-ca for
mutual TLS) or --insecure (warned about at start and on every connection).
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from smv.app.config import load_app_config, parse_prop_overrides
from smv.transport.auth import TOKEN_ENV, read_token
from smv.transport.tls import check_listen_address, server_tls_from_options

if TYPE_CHECKING:
    from smv.transport.server import RepositoryServer

ADDRESS_LINE_PREFIX = "SMV_REPOSITORY_ADDRESS="


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app_dir = Path(args.app_dir).resolve()
    try:
        token = read_token(args.token_file)
        config = load_app_config(app_dir, parse_prop_overrides(args.smv_props))
        tls = server_tls_from_options(args.tls_cert, args.tls_key, args.tls_client_ca, "--tls-client-ca")
        check_listen_address(args.listen or "unix:default", tls, args.insecure)
    except (OSError, ValueError) as exc:
        print(f"smv-repository-server: {exc}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(config.python_dir))

    from smv.repository.python_repository import PythonDataSetRepository
    from smv.transport.server import RepositoryServer

    spark = None
    if args.spark != "none":  # pyspark (and numpy) only in a process that runs datasets: ~20 MB
        from smv.spark.session import attach_to_driver, create_spark_session
        spark = create_spark_session(f"smv-repository-{app_dir.name}") if args.spark == "local" else attach_to_driver()
    code_dir = str(config.python_dir) if spark is not None else None  # shipped to the executors
    server = RepositoryServer(PythonDataSetRepository(config.stages, str(config.input_dir), spark, code_dir),
                              address=args.listen, token=token, tls=tls, insecure=args.insecure)
    try:
        server.start()
        _announce(server.address, args.address_file)
    except (OSError, RuntimeError) as exc:  # grpcio raises RuntimeError when it cannot bind
        server.stop(grace=None)
        print(f"smv-repository-server: cannot serve on {args.listen or server.address}: {exc}", file=sys.stderr)
        return 1

    def stop(signum: int, _frame: FrameType | None) -> None:
        logging.getLogger(__name__).info("signal %d: stopping", signum)
        server.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.stop_on_stdin_eof:
        _exit_when_stdin_closes(server, args.parent_dir)
    server.wait_for_termination()
    return 0


def _exit_when_stdin_closes(server: "RepositoryServer", parent_dir: str | None) -> None:
    """The parent (smv.driver.PythonRepositoryProcess) holds our stdin's pipe open and never writes: end
    of file means it is gone, even killed by SIGKILL, so this process must not outlive it, nor leave
    the folder the parent made for it (which a killed parent cannot remove). The exit is immediate:
    an attached session's clean-up would wait on a JVM that no longer answers."""
    def watch() -> None:
        while sys.stdin.buffer.read(65536):
            pass
        logging.getLogger(__name__).info("stdin closed: the parent process is gone; exiting")
        server.stop(grace=1.0)
        if parent_dir is not None:
            shutil.rmtree(parent_dir, ignore_errors=True)
        os._exit(0)

    threading.Thread(target=watch, name="smv-parent-watch", daemon=True).start()


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smv-repository-server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", required=True, help="the app folder (conf/smv-app-conf.props, src/main/python)")
    parser.add_argument("--listen", default=None,
                        help="unix:/path or 127.0.0.1:PORT (0 picks a port); default: a private Unix socket")
    parser.add_argument("--token-file", default=None, help=f"file holding the bearer token (else ${TOKEN_ENV})")
    parser.add_argument("--address-file", default=None, help="write the bound address here once serving")
    parser.add_argument("--stop-on-stdin-eof", action="store_true",
                        help="exit when stdin reaches end of file (the parent holding its pipe has gone)")
    parser.add_argument("--parent-dir", default=None,
                        help="with --stop-on-stdin-eof: the folder the parent made for this server (socket, "
                             "address file, log), removed on that exit")
    parser.add_argument("--smv-props", nargs="+", default=[], metavar="K=V",
                        help="override app props (e.g. smv.inputDir=/data/in, as the driver resolved it)")
    parser.add_argument("--spark", choices=("none", "local", "attach"), default="none",
                        help="none: metadata only (default); local: start a local SparkSession with the SMV jar; "
                             "attach: use the session of the driver JVM that started this process "
                             "(PYSPARK_GATEWAY_PORT/SECRET)")
    parser.add_argument("--tls-cert", default=None, help="PEM certificate chain of this server (enables TLS)")
    parser.add_argument("--tls-key", default=None, help="PEM private key of --tls-cert")
    parser.add_argument("--tls-client-ca", default=None,
                        help="PEM CA: require client certificates it signed (mutual TLS)")
    parser.add_argument("--insecure", action="store_true",
                        help="allow plaintext on an address beyond loopback (warned about; prefer TLS)")
    return parser.parse_args(argv)


def _announce(address: str, address_file: str | None) -> None:
    if address_file:
        target = Path(address_file)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(address + "\n", encoding="utf-8")
        partial.replace(target)
    print(ADDRESS_LINE_PREFIX + address, flush=True)


if __name__ == "__main__":
    sys.exit(main())
