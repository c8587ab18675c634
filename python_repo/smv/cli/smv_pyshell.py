"""smv-pyshell: an interactive Python shell on an SMV app, with SMV's shell functions.

    smv-pyshell [--smv-app-dir DIR] [--smv-props k=v ...] [--jars a.jar] [--verbose] [-- spark-submit options]

IPython when it is installed, Python's own console otherwise. In the shell: `app` (the SmvApp),
`spark`, the functions of smv.shell (`df`, `ls`, `ancestors`, ... `help()`), and the public names of
the app's conf/smv_shell_app_init.py, imported at start.
"""
from __future__ import annotations

import argparse
import code
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from smv.cli.smv_run import add_app_options, configure_spark_submit, create_app, split_spark_opts

if TYPE_CHECKING:
    from smv.app.smv_app import SmvApp

APP_INIT = Path("conf") / "smv_shell_app_init.py"


def shell_namespace(app: "SmvApp", err: TextIO = sys.stderr) -> dict[str, Any]:
    """What the shell starts with: the app, its session, the shell functions (bound to the app) and
    the public names of the app's conf/smv_shell_app_init.py."""
    import smv.shell as shell

    shell.bind(app)
    namespace: dict[str, Any] = {"app": app, "spark": app.spark, **{n: getattr(shell, n) for n in shell.__all__}}
    init = app.config.app_dir / APP_INIT
    if init.is_file():
        try:
            spec = importlib.util.spec_from_file_location("smv_shell_app_init", init)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            namespace.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
        except Exception as exc:  # noqa: BLE001 - the shell still starts; the person sees why it lacks the names
            print(f"smv-pyshell: {init} failed, its names are missing: {type(exc).__name__}: {exc}", file=err)
    return namespace


def banner(app: "SmvApp") -> str:
    return (f"SMV shell on {app.config.app_name} ({app.config.app_dir}), stages {', '.join(app.config.stages)}.\n"
            "help() lists the shell functions; df(\"Name\") runs or reuses a dataset.")


def interact(namespace: dict[str, Any], text: str) -> None:
    """IPython when installed, else Python's console."""
    try:
        from IPython import start_ipython
    except ImportError:
        code.interact(banner=text, local=namespace, exitmsg="")
        return
    print(text)
    start_ipython(argv=["--no-banner"], user_ns=namespace)


def main(argv: Sequence[str] | None = None, err: TextIO = sys.stderr) -> int:
    from smv.app.config import AppConfigError
    from smv.spark.session import SmvSetupError

    own, spark_opts = split_spark_opts(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="smv-pyshell", description="A Python shell on an SMV app.")
    add_app_options(parser)
    args = parser.parse_args(own)
    configure_spark_submit(spark_opts, args.verbose)
    try:
        app = create_app(args)
    except (AppConfigError, SmvSetupError) as exc:
        print(f"smv-pyshell: {exc}", file=err)
        return 2
    try:
        interact(shell_namespace(app, err), banner(app))
    finally:
        app.close()
        app.spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
