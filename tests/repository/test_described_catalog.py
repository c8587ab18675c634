"""A catalog is described once: a run's BatchGetMetadata is answered from the declarations
evaluated when the stages were discovered, inputs' hashes are taken afresh on every request,
and a reload describes the new code."""
from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer
from tests.repository.support import call_error, mod

# The counter lives outside the stage, so rediscovery (which re-imports the stage) keeps it.
_COUNTER = """
calls = []
"""

_MODS = """
import smv
from smv import SmvDQM, DQMRule
from dcount_calls import calls


class Source(smv.SmvCsvFile):
    def path(self):
        return "source.csv"


class Counted(smv.SmvModule, smv.SmvOutput):
    \"\"\"Counts the declarations SMV asks it for.\"\"\"

    def requiresDS(self):
        calls.append("requiresDS")
        return [Source]

    def isEphemeral(self):
        calls.append("isEphemeral")
        return False

    def version(self):
        calls.append("version")
        return "1"

    def dqm(self):
        calls.append("dqm")
        return SmvDQM().add(DQMRule("n >= 0", "non_negative"))

    def run(self, i):
        return i[Source]


class Broken(smv.SmvModule):
    def dqm(self):
        raise RuntimeError("dqm is broken here")

    def run(self, i):
        return None


class WrongType(smv.SmvModule):
    def description(self):
        return 42

    def run(self, i):
        return None
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    python = tmp_path / "src" / "main" / "python"
    (python / "dcount_stage").mkdir(parents=True)
    (python / "dcount_stage" / "__init__.py").write_text("")
    (python / "dcount_stage" / "mods.py").write_text(textwrap.dedent(_MODS))
    (python / "dcount_calls.py").write_text(_COUNTER)
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "source.csv").write_text("n\n1\n")
    (tmp_path / "input" / "source.schema").write_text("n: Integer\n")
    monkeypatch.syspath_prepend(str(python))
    monkeypatch.delitem(__import__("sys").modules, "dcount_calls", raising=False)
    return tmp_path


@pytest.fixture
def served(app: Path) -> Iterator[tuple[PythonDataSetRepository, RepositoryClient]]:
    repo = PythonDataSetRepository(["dcount_stage"], str(app / "input"), None)
    with RepositoryServer(repo) as server, RepositoryClient(server.address, server.token, deadline=60) as client:
        yield repo, client


COUNTED, SOURCE = mod("dcount_stage.mods.Counted"), mod("dcount_stage.mods.Source")
BROKEN, WRONG_TYPE = mod("dcount_stage.mods.Broken"), mod("dcount_stage.mods.WrongType")
DECLARATIONS = ["requiresDS", "version", "isEphemeral", "dqm"]


def calls() -> list[str]:
    import dcount_calls

    return list(dcount_calls.calls)


def test_declarations_are_evaluated_once_when_the_catalog_is_discovered(
        served: tuple[PythonDataSetRepository, RepositoryClient]) -> None:
    repo, client = served
    assert client.list_data_sets() == [BROKEN, COUNTED, SOURCE, WRONG_TYPE]
    described = calls()
    assert set(described) == set(DECLARATIONS)  # discovery described the module
    for _ in range(3):  # three runs' metadata: answered from that description
        meta = {m.urn: m for m in client.metadata([COUNTED], include_dependency_closure=True)}
        assert list(meta) == [COUNTED, SOURCE]
        assert meta[COUNTED].dependency_urns == [SOURCE] and meta[COUNTED].version == "1"
        assert [r.name for r in meta[COUNTED].dqm.rules] == ["non_negative"]
    assert calls() == described
    repo.reload()  # a rerun's reload: the new code is described again, once
    assert calls() == described * 2


def test_a_reload_describes_edited_code(served: tuple[PythonDataSetRepository, RepositoryClient], app: Path) -> None:
    repo, client = served
    before = client.metadata([COUNTED])[0]
    mods = app / "src" / "main" / "python" / "dcount_stage" / "mods.py"
    mods.write_text(mods.read_text().replace('return "1"', 'return "2"').replace('"n >= 0"', '"n > 0"'))
    repo.reload()
    after = client.metadata([COUNTED])[0]
    assert (before.version, after.version) == ("1", "2")
    assert [r.expression for r in after.dqm.rules] == ["n > 0"] and after.hash != before.hash


def test_an_input_hash_is_taken_afresh_on_every_request(
        served: tuple[PythonDataSetRepository, RepositoryClient], app: Path) -> None:
    _, client = served
    data, schema = app / "input" / "source.csv", app / "input" / "source.schema"
    first = client.metadata([SOURCE])[0]
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    touched = client.metadata([COUNTED], include_dependency_closure=True)[1]  # no reload: the same catalog
    schema.write_text("n: Long\n")
    edited = client.metadata([SOURCE])[0]
    assert touched.urn == SOURCE and len({first.hash, touched.hash, edited.hash}) == 3
    assert edited.hash_with_super_class == edited.hash and edited.is_ephemeral
    assert [p.WhichOneof("policy") for p in edited.dqm.policies] == ["fail_parser_count"]  # described part kept


def test_a_dataset_whose_description_raised_reports_it_on_every_request(
        served: tuple[PythonDataSetRepository, RepositoryClient]) -> None:
    _, client = served
    errors = [call_error(client.metadata, [BROKEN]) for _ in range(2)]
    for error in errors:
        assert error.reason == "USER_CODE_ERROR" and error.metadata["phase"] == "dqm"
        assert error.metadata["urn"] == BROKEN and "dqm is broken here" in error.traceback
    assert errors[0].traceback == errors[1].traceback  # the same report, not one grown by each raise
    wrong = call_error(client.metadata, [WRONG_TYPE])  # a declaration of the wrong type: a bug report, as before
    assert wrong.reason == "INTERNAL_ERROR" and "TypeError" in wrong.message
    assert client.metadata([COUNTED])[0].urn == COUNTED  # the others answer
