"""smv-repo: ask any SMV repository server about its datasets, from a shell or a script.

    smv-repo --address unix:/path [--token-file F] [--tls-ca PEM [--tls-cert PEM --tls-key PEM]] info
    smv-repo --address ... health | list [STAGE] | outputs STAGE | metadata URN... [--closure]

The token comes from --token-file or $SMV_REPOSITORY_TOKEN. Messages print as JSON
(proto3 JSON mapping); lists print one urn per line. A failed call prints one line
with its status, reason and message, and exits 1.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from google.protobuf.json_format import MessageToDict

from smv.repository.errors import RepositoryCallError
from smv.transport.auth import TOKEN_ENV, read_token
from smv.transport.client import RepositoryClient
from smv.transport.tls import ClientTls


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smv-repo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--address", required=True, help="unix:/path or host:port of the repository server")
    parser.add_argument("--token-file", default=None, help=f"file holding the bearer token (else ${TOKEN_ENV})")
    parser.add_argument("--tls-ca", default=None, help="PEM CA of the server's certificate (connect with TLS)")
    parser.add_argument("--tls-cert", default=None, help="PEM client certificate (mutual TLS; needs --tls-ca)")
    parser.add_argument("--tls-key", default=None, help="PEM private key of --tls-cert")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds per call (default 30)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("info", help="protocol version, implementation, capabilities, stages")
    commands.add_parser("health", help="the standard gRPC health status")
    listing = commands.add_parser("list", help="dataset urns (of one stage, or all)")
    listing.add_argument("stage", nargs="?")
    outputs = commands.add_parser("outputs", help="the SmvOutput urns of a stage")
    outputs.add_argument("stage")
    metadata = commands.add_parser("metadata", help="metadata of datasets, in one batched call")
    metadata.add_argument("urns", nargs="+")
    metadata.add_argument("--closure", action="store_true", help="also their dependencies, transitively")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, client: RepositoryClient, out: TextIO) -> None:
    if args.command == "info":
        print(json.dumps(MessageToDict(client.server_info()), indent=2), file=out)
    elif args.command == "health":
        print(client.health(), file=out)
    elif args.command in ("list", "outputs"):
        urns = client.list_data_sets(args.stage) if args.command == "list" else client.output_modules(args.stage)
        print("\n".join(urns), file=out)
    else:
        found = client.metadata(args.urns, include_dependency_closure=args.closure)
        print(json.dumps([MessageToDict(m) for m in found], indent=2), file=out)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        token = read_token(args.token_file)
        tls = _client_tls(args)
    except (OSError, ValueError) as exc:
        print(f"smv-repo: {exc}", file=err)
        return 2
    with RepositoryClient(args.address, token, deadline=args.deadline, retry_for=args.deadline, tls=tls) as client:
        try:
            run(args, client, out)
        except RepositoryCallError as exc:
            reason = f" ({exc.reason})" if exc.reason else ""
            print(f"smv-repo: {exc.code.name}{reason}: {exc.message}", file=err)
            return 1
    return 0


def _client_tls(args: argparse.Namespace) -> ClientTls | None:
    if args.tls_ca is None:
        if args.tls_cert or args.tls_key:
            raise ValueError("--tls-cert/--tls-key need --tls-ca (the CA of the server's certificate)")
        return None
    tls = ClientTls(args.tls_ca, args.tls_cert, args.tls_key)
    tls.credentials()  # reads the files now: a wrong path is one clear line
    return tls


if __name__ == "__main__":
    sys.exit(main())
