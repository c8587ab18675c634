"""Dataset hashes: identical across processes and hash seeds; each kind of change does
(or, for a comment-only edit, does not) alter them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.repository.support import APPS, mod
from smv.app.config import AppConfig
from smv.repository.python_repository import PythonDataSetRepository

ANSWER, CHILD = mod("editable_stage.mods.Answer"), mod("editable_stage.mods.Child")
THINGS, OTHER = mod("editable_stage.mods.Things"), mod("editable_stage.mods.Other")

_HASHES_SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from smv.repository.python_repository import PythonDataSetRepository
    from smv.app.config import load_app_config
    app = Path(sys.argv[1])
    sys.path.insert(0, str(app / "src" / "main" / "python"))
    props = load_app_config(app)
    repo = PythonDataSetRepository(props.stages, str(props.input_dir), None)
    print(json.dumps({u: [repo.dataset_hash(u, False), repo.dataset_hash(u, True)] for u in repo.list_data_sets()}))
""")


def hashes_in_subprocess(app_dir: Path, seed: str) -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _HASHES_SCRIPT, str(app_dir)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_hashes_are_identical_across_processes_with_different_hash_seeds(shop: AppConfig) -> None:
    first = hashes_in_subprocess(APPS / "shop", "1")
    second = hashes_in_subprocess(APPS / "shop", "4242")
    assert first == second
    assert mod("shop_raw.audited.AuditedAccounts") in first and len(first) >= 12
    repo = PythonDataSetRepository(shop.stages, str(shop.input_dir), None)
    assert {u: [repo.dataset_hash(u, False), repo.dataset_hash(u, True)] for u in first} == first


@pytest.fixture
def repo(editable: Path) -> PythonDataSetRepository:
    return PythonDataSetRepository(["editable_stage"], str(editable / "data" / "input"), None)


def edit(path: Path, old: str, new: str) -> None:
    """Replaces the first `old` in the file (which must contain it)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def snapshot(repo: PythonDataSetRepository) -> dict[str, tuple[str, str]]:
    return {u: (repo.dataset_hash(u, False), repo.dataset_hash(u, True)) for u in repo.list_data_sets()}


def changed_after(repo: PythonDataSetRepository, change: Callable[[], object]) -> set[str]:
    """The urns whose (hash, hash_with_super_class) differ after `change` and a reload."""
    before = snapshot(repo)
    change()
    repo.reload()
    after = snapshot(repo)
    assert before.keys() == after.keys()
    return {u for u in before if before[u] != after[u]}


def test_comment_and_blank_line_edits_keep_every_hash(repo: PythonDataSetRepository, editable: Path) -> None:
    mods = editable / "src/main/python/editable_stage/mods.py"

    def comment_only() -> None:
        edit(mods, "class Answer(SmvModule):\n", "class Answer(SmvModule):\n    # The answer is fixed.\n\n")
        edit(mods, 'return i[Things].selectExpr("id", "1 as answer")',
             'return i[Things].selectExpr("id", "1 as answer")  # constant')
        edit(editable / "src/main/python/editable_stage/base.py", "class Base", "# shared base\n\n\nclass Base")

    assert changed_after(repo, comment_only) == set()


def test_a_code_change_alters_that_module_only(repo: PythonDataSetRepository, editable: Path) -> None:
    mods = editable / "src/main/python/editable_stage/mods.py"
    assert changed_after(repo, lambda: edit(mods, '"1 as answer"', '"2 as answer"')) == {ANSWER}


def test_a_requires_ds_change_alters_the_hash(repo: PythonDataSetRepository, editable: Path) -> None:
    mods = editable / "src/main/python/editable_stage/mods.py"
    assert changed_after(repo, lambda: edit(mods, "return [Things]", "return [Things, Other]")) == {ANSWER}


def test_a_base_class_change_alters_only_the_hash_with_super_classes(
        repo: PythonDataSetRepository, editable: Path) -> None:
    own_before = repo.dataset_hash(CHILD, False)
    base = editable / "src/main/python/editable_stage/base.py"
    assert changed_after(repo, lambda: edit(base, "return 10", "return 11")) == {CHILD}
    assert repo.dataset_hash(CHILD, False) == own_before


def test_touching_the_data_file_alters_the_input_hash(repo: PythonDataSetRepository, editable: Path) -> None:
    data = editable / "data/input/things.csv"
    stat = data.stat()
    assert changed_after(repo, lambda: os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))) == {
        THINGS}


def test_editing_the_schema_alters_the_input_hash(repo: PythonDataSetRepository, editable: Path) -> None:
    schema = editable / "data/input/things.schema"
    assert changed_after(repo, lambda: edit(schema, "n: Integer", "n: Long")) == {THINGS}


def test_a_version_change_alters_the_hash(repo: PythonDataSetRepository, editable: Path) -> None:
    base = editable / "src/main/python/editable_stage/base.py"
    # version() inherited from the base: the module's own code is unchanged, its hash is not
    assert changed_after(repo, lambda: edit(base, "    def offset(self):",
                                            "    def version(self):\n        return '2'\n\n    def offset(self):")) \
        == {CHILD}
    assert repo.metadata([CHILD])[0].version == "2"
