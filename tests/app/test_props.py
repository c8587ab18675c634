"""Conf files are Java .properties: Python (javaproperties) and the JVM (java.util.Properties,
smv.driver.PropsFile) read every tricky file to the same values, and fail on the same file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from smv.app.config import AppConfigError, load_app_config
from smv.app.props import PropsFormatError, read_props_file

CASES: dict[str, tuple[str, dict[str, str]]] = {
    "separators": ("a=1\nb:2\nc 3\nd = 4\ne\t:\t5\nf\f=6\n   g  =  7\n",
                   {"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7"}),
    "trailing blanks stay, leading go": ("k =   v  \n", {"k": "v  "}),
    "value holds separators": ("url = jdbc:h2:mem=x\nk==v\n", {"url": "jdbc:h2:mem=x", "k": "=v"}),
    "comments": ("# one\n! two\n  # indented\nk = v # not a comment\n# continued? \\\nnext = n\n",
                 {"k": "v # not a comment", "next": "n"}),
    "continuation (SMV's stages)": ("smv.stages = a.b.test1, \\\n             a.b.test2, \\\n\ta.b.test3\n",
                                    {"smv.stages": "a.b.test1, a.b.test2, a.b.test3"}),
    "continuation at end of file": ("k = a\\\n", {"k": "a"}),
    "even backslashes do not continue": ("k = a\\\\\nj = b\n", {"k": "a\\", "j": "b"}),
    "continuation into a blank line": ("k = a\\\n\nj = b\n", {"k": "a", "j": "b"}),
    "escapes": ("k = tab\\tnl\\nret\\rff\\fq\\q\\\\end\n", {"k": "tab\tnl\nret\rff\fqq\\end"}),
    "escaped separators in keys": ("a\\=b = 1\nc\\:d : 2\ne\\ f 3\n\\#g = 4\n",
                                   {"a=b": "1", "c:d": "2", "e f": "3", "#g": "4"}),
    "unicode escapes": ("k = caf\\u00e9 \\u00E9\\u4e2d\nsmile = \\uD83D\\uDE00\n",
                        {"k": "café é中", "smile": "\U0001F600"}),
    "unicode escape split by a continuation": ("k = \\u00\\\n   e9\n", {"k": "é"}),
    "utf-8 text": ("name = Zoë — ünïcode\n", {"name": "Zoë — ünïcode"}),
    "key only and empty values": ("alone\nempty =\nspaced =   \n", {"alone": "", "empty": "", "spaced": ""}),
    "later key wins": ("k = 1\nk = 2\n", {"k": "2"}),
    "line endings": ("a = 1\r\nb = 2\rc = 3\n", {"a": "1", "b": "2", "c": "3"}),
    "crlf continuation": ("k = x, \\\r\n    y\r\n", {"k": "x, y"}),
    "no final newline": ("k = v", {"k": "v"}),
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{abs(hash(name))}.props"
    path.write_bytes(text.encode("utf-8"))
    return path


def jvm_read(spark: SparkSession, path: Path) -> dict[str, str]:
    return dict(spark._jvm.smv.driver.PropsFile.readJava(str(path)))  # type: ignore[union-attr]


@pytest.mark.parametrize("name", CASES)
def test_python_and_jvm_read_the_same_values(name: str, spark: SparkSession, tmp_path: Path) -> None:
    text, expected = CASES[name]
    path = write(tmp_path, name, text)
    assert read_props_file(path) == expected
    assert jvm_read(spark, path) == expected


@pytest.mark.parametrize("text, line, shown", [
    ("a = 1\n# fine\nb = x\\u12zz\nc = 3\n", 3, r"'\\u12zz'"),
    ("a = 1\nb = ok, \\\n  bad\\u00\n", 3, r"'\\u00'"),
    ("a = 1\r\nb = 2\r\nc = \\uXYZW\r\n", 3, r"'\\uXYZW'"),
])
def test_a_bad_unicode_escape_names_file_and_line_on_both_sides(text: str, line: int, shown: str,
                                                                 spark: SparkSession, tmp_path: Path) -> None:
    path = write(tmp_path, text, text)
    with pytest.raises(PropsFormatError, match=rf"{path}:{line}: cannot read {shown}: expected a unicode escape"):
        read_props_file(path)
    with pytest.raises(Py4JJavaError) as jvm_error:
        jvm_read(spark, path)
    assert f"{path}:{line}: cannot read it" in str(jvm_error.value.java_exception.getMessage())


def test_text_that_is_not_utf8_names_file_and_line_on_both_sides(spark: SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "latin1.props"
    path.write_bytes("a = 1\nname = caf\u00e9\n".encode("latin-1"))
    with pytest.raises(PropsFormatError, match=rf"{path}:2: cannot read byte 0xe9: expected UTF-8 text"):
        read_props_file(path)
    with pytest.raises(Py4JJavaError) as jvm_error:
        jvm_read(spark, path)
    assert f"{path}:2: cannot read byte 0xe9: expected UTF-8 text" in str(jvm_error.value.java_exception.getMessage())


def test_an_app_conf_with_continued_stages_loads(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "smv-app-conf.props").write_text(
        "smv.appName = Continued  \nsmv.stages = com.acme.stage1, \\\n    com.acme.stage2\nsmv.config.k = v  \n")
    config = load_app_config(tmp_path)
    assert config.stages == ("com.acme.stage1", "com.acme.stage2")
    assert config.app_name == "Continued"
    assert config.run_config == {"k": "v"}


def test_an_unreadable_app_conf_is_an_app_config_error_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "smv-app-conf.props").write_text("smv.stages = s\nsmv.config.k = \\u0\n")
    with pytest.raises(AppConfigError, match=r"smv-app-conf\.props:2: cannot read '\\u0'"):
        load_app_config(tmp_path)
