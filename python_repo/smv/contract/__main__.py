"""`python -m smv.contract`: runs the conformance suite against a repository server.

    python -m smv.contract --target unix:/path | host:port [--token-file F] --fixture cfix
                           [--junit results.xml] [--hashes-out F] [--expect-hashes F]
                           [--rule PREFIX ...] [--deadline SECONDS]

The token comes from --token-file or $SMV_REPOSITORY_TOKEN. Prints one line per rule
(failures with the request and what came back) and exits 0 when no rule failed, 1 when
one did, 2 for bad arguments or no server at the target. --hashes-out records the hashes seen; --expect-hashes
checks a later run (e.g. after restarting the server) against them.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import grpc

from smv.contract.fixture import FIXTURES
from smv.contract.report import table, write_junit
from smv.contract.suite import run_suite
from smv.contract.wire import Wire
from smv.transport.auth import TOKEN_ENV, read_token


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m smv.contract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, help="unix:/path or host:port of the server under test")
    parser.add_argument("--token-file", default=None, help=f"file holding the bearer token (else ${TOKEN_ENV})")
    parser.add_argument("--fixture", required=True, choices=sorted(FIXTURES),
                        help="the fixture app the server serves")
    parser.add_argument("--junit", default=None, help="also write the results as JUnit XML here")
    parser.add_argument("--hashes-out", default=None, help="write the hashes seen ({urn: [hash, with super]}) here")
    parser.add_argument("--expect-hashes", default=None, help="a --hashes-out file of an earlier run to compare with")
    parser.add_argument("--rule", action="append", default=[], metavar="PREFIX",
                        help="run only rules whose id starts with PREFIX (repeatable)")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds per call (default 30)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        token = read_token(args.token_file)
        expected = _read_hashes(args.expect_hashes) if args.expect_hashes else None
    except (OSError, ValueError) as exc:
        print(f"smv.contract: {exc}", file=sys.stderr)
        return 2
    reachable = _unreachable(args.target, token, args.deadline)
    if reachable:
        print(f"smv.contract: cannot reach {args.target}: {reachable}", file=sys.stderr)
        return 2
    outcomes, hashes = run_suite(args.target, token, FIXTURES[args.fixture], deadline=args.deadline,
                                 expected_hashes=expected, only=args.rule)
    print(table(outcomes, args.target))
    if args.junit:
        write_junit(outcomes, args.target, args.junit)
    if args.hashes_out:
        Path(args.hashes_out).write_text(json.dumps(hashes, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if any(o.status in ("fail", "error") for o in outcomes) else 0


def _read_hashes(path: str) -> dict[str, list[str]]:
    try:
        hashes = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"--expect-hashes {path} is not JSON ({exc}); expected a --hashes-out file") from exc
    if not isinstance(hashes, dict):
        raise ValueError(f"--expect-hashes {path} holds no {{urn: [hash, hash_with_super_class]}} object")
    return hashes


def _unreachable(target: str, token: str, deadline: float) -> str | None:
    """Why no server answers at `target` (None when one does, whatever it answers)."""
    wire = Wire(target, token, deadline)
    try:
        reply = wire.health("")
    finally:
        wire.close()
    if reply.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return reply.describe()
    return None


if __name__ == "__main__":
    sys.exit(main())
