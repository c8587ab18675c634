"""smv-init: start a new SMV app from a template.

    smv-init [-s | -e | -t | -b] NAME [DIR]

-s simple (one stage, the default), -e enterprise (two stages and a link), -t test (every
cross-language case, with Scala modules and their sbt build), -b big (many generated modules).
The app is written into DIR (default: ./NAME), which must not exist: nothing is ever overwritten.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence, TextIO

KINDS = (("-s", "--simple", "simple", "one stage (the default)"),
         ("-e", "--enterprise", "enterprise", "two stages and a link"),
         ("-t", "--test", "test", "every cross-language case, with Scala modules and their sbt build"),
         ("-b", "--big", "big", "many generated modules in several stages"))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smv-init", description="Start a new SMV app from a template.")
    kind = parser.add_mutually_exclusive_group()
    for short, long, value, text in KINDS:
        kind.add_argument(short, long, dest="kind", action="store_const", const=value, help=text)
    parser.add_argument("name", metavar="NAME", help="the app's name (its package is the name as an identifier)")
    parser.add_argument("dir", metavar="DIR", nargs="?", help="the new app folder (default: ./NAME)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from smv.spark.session import SmvSetupError
    from smv.templates.render import InitError, make_app, package_name

    args = parse_args(sys.argv[1:] if argv is None else argv)
    kind = args.kind or "simple"
    try:
        app = make_app(kind, args.name, args.dir or args.name)
    except (InitError, SmvSetupError) as exc:
        print(f"smv-init: {exc}", file=err)
        return 2
    print(f"smv-init: made the {kind} app {args.name} (package {package_name(args.name)}) in {app}", file=out)
    if kind == "test":
        print(f"  build its Scala modules first: cd {app} && /path/to/smv/bin/sbt package < /dev/null", file=out)
    print(f"  run it:  smv-run --smv-app-dir {app} --run-app", file=out)
    print(f"  test it: smv-pytest --smv-app-dir {app}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
