"""The app folder: props precedence, defaults, and errors (the props format itself: test_props.py)."""
from pathlib import Path

import pytest

from smv.app.config import AppConfigError, load_app_config, parse_prop_overrides


def make_app(root: Path, app_props: str, user_props: str | None = None) -> Path:
    (root / "conf").mkdir(parents=True)
    (root / "conf" / "smv-app-conf.props").write_text(app_props)
    if user_props is not None:
        (root / "conf" / "smv-user-conf.props").write_text(user_props)
    return root


def test_defaults_are_relative_to_the_data_dir(tmp_path: Path) -> None:
    app = make_app(tmp_path / "app", "smv.appName = Demo\nsmv.stages = a.b, c\nsmv.dataDir = d\n")
    config = load_app_config(app)
    assert config.app_name == "Demo"
    assert config.stages == ("a.b", "c")
    assert config.input_dir == str(app.resolve() / "d" / "input")
    assert config.output_dir == str(app.resolve() / "d" / "output")
    assert config.python_dir == app.resolve() / "src" / "main" / "python"


def test_user_conf_overrides_app_conf_and_command_line_overrides_both(tmp_path: Path) -> None:
    app = make_app(tmp_path / "app",
                   "smv.stages = s\nsmv.config.region = east\nsmv.config.year = 2020\n",
                   "# mine\nsmv.config.region: west\n")
    config = load_app_config(app, parse_prop_overrides(["smv.config.year=2024", "smv.outputDir=out"]))
    assert config.run_config == {"region": "west", "year": "2024"}
    assert config.output_dir == str(app.resolve() / "out")


def test_missing_conf_names_the_path_looked_for(tmp_path: Path) -> None:
    with pytest.raises(AppConfigError, match=r"no SMV app at .*expected its configuration at .*conf/smv-app-conf\.props"):
        load_app_config(tmp_path)


def test_missing_stages_is_an_error(tmp_path: Path) -> None:
    app = make_app(tmp_path / "app", "smv.appName = x\n")
    with pytest.raises(AppConfigError, match=r"smv\.stages is empty"):
        load_app_config(app)


def test_bad_override_names_it() -> None:
    with pytest.raises(AppConfigError, match=r"--smv-props 'novalue': expected key=value"):
        parse_prop_overrides(["novalue"])
