"""Which Scala jars an app loads: its own build's jar unless smv.jars or --jars name others."""
from __future__ import annotations

from pathlib import Path

from smv.app.config import app_jars, load_app_config


def _app(tmp_path: Path, conf: str = "") -> Path:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "smv-app-conf.props").write_text("smv.stages = s1\n" + conf)
    built = tmp_path / "target" / "scala-2.13"
    built.mkdir(parents=True)
    for name in ("app_2.13-0.1.0.jar", "app_2.13-0.1.0-sources.jar", "app_2.13-0.1.0-javadoc.jar"):
        (built / name).write_bytes(b"")
    return tmp_path


def test_the_apps_own_build_jar_is_found(tmp_path: Path) -> None:
    app = _app(tmp_path)
    assert app_jars(load_app_config(app)) == [app / "target" / "scala-2.13" / "app_2.13-0.1.0.jar"]


def test_jars_option_and_smv_jars_win(tmp_path: Path) -> None:
    app = _app(tmp_path, "smv.jars = lib/mine.jar\n")
    assert app_jars(load_app_config(app)) == [app / "lib" / "mine.jar"]
    assert app_jars(load_app_config(app), ["/x/other.jar"]) == [app / "lib" / "mine.jar", Path("/x/other.jar")]


def test_jars_option_replaces_the_found_jar(tmp_path: Path) -> None:
    app = _app(tmp_path)
    assert app_jars(load_app_config(app), ["/x/other.jar"]) == [Path("/x/other.jar")]


def test_an_app_without_a_build_has_no_jars(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "smv-app-conf.props").write_text("smv.stages = s1\n")
    assert app_jars(load_app_config(tmp_path)) == []
