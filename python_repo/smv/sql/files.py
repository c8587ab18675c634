"""`.sql` files as modules: `src/main/python/<stage>/x.sql` is the module `<stage>.x`.

A file holds one query (a SELECT, WITH ... SELECT, ...). Its dependencies are the tables
its FROM and JOIN clauses (and subqueries) name, as Spark's parser reads them, each being:

- a dataset of the same stage by its fqn, or by a name unique in the stage: the class name
  (`Orders`), the file's name (`x`) or any unique dotted tail of the fqn (`ingest.Orders`);
- a Scala dataset of the same stage by its fqn (the JVM resolves it, as an SmvExtDataSet);
- an output of another stage by its fqn (a link, so the JVM checks that it is an output).

Names are matched without regard to case, as Spark matches table names. An optional header
of `--` comment lines before the query declares the module:

    -- smv: output
    -- description: Revenue per region, for the report.

`smv: output` makes the module an SmvOutput (`smv: output my_db.revenue` also gives its
tableName, published by smv-run --publish-hive); `description:` is its description. The
hash covers the query's normalized text only (smv.sql.text): editing a comment, the header
or the layout keeps it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from smv.api.dataset import DataSetReference, RunParams, SmvModule, SmvOutput
from smv.repository.urn import link_urn, mod_urn
from smv.sql.query import SqlQueryError, TableReference, referenced_tables, run_query
from smv.sql.text import normalized_sql

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

SUFFIX = ".sql"
_STEM = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER = re.compile(r"^--\s*(smv|description)\s*:\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SqlFile:
    """One `.sql` module as read from its file."""

    path: Path
    package: str
    text: str

    @property
    def fqn(self) -> str:
        return f"{self.package}.{self.path.stem}"

    def header(self) -> dict[str, str]:
        """The `-- smv:` and `-- description:` lines before the query (keys lowercase)."""
        found: dict[str, str] = {}
        for line in self.text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("--"):
                break
            match = _HEADER.match(stripped)
            if match:
                found[match.group(1).lower()] = match.group(2)
        return found

    def header_error(self) -> SqlQueryError | None:
        """An `smv:` header line that is not `output [db.table]`, named with its line."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            stripped = line.strip()
            if stripped and not stripped.startswith("--"):
                return None
            match = _HEADER.match(stripped)
            if match and match.group(1).lower() == "smv":
                words = match.group(2).split()
                if not words or words[0] != "output" or len(words) > 2:
                    return SqlQueryError(f"{self.fqn} ({self.path}:{number}): the header says 'smv: {match.group(2)}'; "
                                         "expected 'smv: output' or 'smv: output db.table'")
        return None

    def table_name(self) -> str | None:
        """`smv: output db.table` gives the table; plain `smv: output` none."""
        words = self.header().get("smv", "").split()
        return words[1] if len(words) > 1 else None

    @property
    def is_output(self) -> bool:
        return self.header().get("smv", "").split()[:1] == ["output"]


def find_sql_files(package: str, folders: Sequence[str]) -> list[SqlFile]:
    """The `.sql` files directly in a package's folders; a name that cannot be a module name fails."""
    found = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*" + SUFFIX)):
            if not _STEM.match(path.stem):
                raise SqlQueryError(f"{path}: a .sql module's file name must be a Python-style name "
                                    f"(letters, digits and _, not starting with a digit), e.g. "
                                    f"{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}.sql")
            found.append(SqlFile(path, package, path.read_text(encoding="utf-8")))
    return found


@dataclass(frozen=True)
class _Dependency(DataSetReference):
    """A dependency a `.sql` module's query names, resolved to its urn."""

    resolved_urn: str

    def urn(self) -> str:
        return self.resolved_urn


class SqlFileModule(SmvModule):
    """Base of the classes made for `.sql` files (one subclass per file, made by `module_class`)."""

    sql_file: ClassVar[SqlFile]
    # {table name as written: its dependency}, or why the query's tables cannot be known.
    sql_tables: ClassVar[Mapping[str, _Dependency] | Exception]

    def requiresDS(self) -> Sequence[Any]:
        tables = type(self).sql_tables
        if isinstance(tables, Exception):
            raise tables
        return list(dict.fromkeys(tables.values()))

    def description(self) -> str:
        return type(self).sql_file.header().get("description", "")

    def tableName(self) -> str | None:
        return type(self).sql_file.table_name()

    def run(self, i: RunParams) -> DataFrame:
        tables = type(self).sql_tables
        if isinstance(tables, Exception):
            raise tables
        return run_query(self.smvApp.spark, type(self).sql_file.text, {name: i[dep] for name, dep in tables.items()})


def code_text(sql: SqlFile) -> str:
    """What a `.sql` module's code hash covers: its normalized query."""
    return f"sql-file:{normalized_sql(sql.text)}"


def module_class(sql: SqlFile, tables: Mapping[str, _Dependency] | Exception) -> type[SqlFileModule]:
    """The dataset class of one `.sql` file (named so its fqn is `<package>.<file name>`)."""
    bases: tuple[type, ...] = (SqlFileModule, SmvOutput) if sql.is_output else (SqlFileModule,)
    name = sql.path.stem
    return type(name, bases, {"__module__": sql.package, "__qualname__": name, "sql_file": sql,
                              "sql_tables": tables, "__doc__": sql.header().get("description", "")})


@dataclass(frozen=True)
class StageNames:
    """The names a `.sql` module may use: the fqns of the datasets of the app's Python stages."""

    stage: str
    stages: tuple[str, ...]
    fqns_by_stage: Mapping[str, Sequence[str]]

    def resolve(self, ref: TableReference, sql: SqlFile) -> _Dependency:
        """The dependency `ref` names (see the module docstring), or a SqlQueryError naming the file and line."""
        name = ref.name.lower()
        where = f"{sql.fqn} ({sql.path}:{ref.line})"
        owner = self._stage_of(name)
        if owner is not None and owner != self.stage:
            return _Dependency(link_urn(self._spelled(ref.name, owner)))
        in_stage = self.fqns_by_stage.get(self.stage, ())
        matches = [f for f in in_stage if f.lower() == name] or \
                  [f for f in in_stage if f.lower().endswith("." + name)]
        if len(matches) == 1:
            return _Dependency(mod_urn(matches[0]))
        if len(matches) > 1:
            raise SqlQueryError(f"{where}: table {ref.name} could be any of {', '.join(sorted(matches))}; "
                                "name one by its fqn")
        if owner == self.stage:
            return _Dependency(mod_urn(ref.name))  # another language's dataset of this stage: the JVM resolves it
        raise SqlQueryError(f"{where}: the query reads table {ref.name}, which is no dataset of stage {self.stage} "
                            f"(name a dataset of the stage by its fqn or a unique name, or another stage's "
                            f"output by its fqn)")

    def _stage_of(self, name: str) -> str | None:
        """The longest configured stage that prefixes the dotted `name`."""
        owners = [s for s in self.stages if name.startswith(s.lower() + ".")]
        return max(owners, key=len) if owners else None

    def _spelled(self, name: str, stage: str) -> str:
        """`name` as the dataset's fqn is spelled (case), when the dataset is a known Python one."""
        for fqn in self.fqns_by_stage.get(stage, ()):
            if fqn.lower() == name.lower():
                return fqn
        return name


def resolve_tables(spark: SparkSession | None, sql: SqlFile, names: StageNames) -> Mapping[str, _Dependency] | Exception:
    """{table name: dependency} of a `.sql` module, or the error that says why it has none."""
    if spark is None:
        return SqlQueryError(f"{sql.fqn} ({sql.path}): a .sql module's tables are read by Spark's SQL parser, "
                             "and this repository serves metadata only (no SparkSession)")
    header_error = sql.header_error()
    if header_error is not None:
        return header_error
    try:
        references = referenced_tables(spark, sql.text, sql.fqn, str(sql.path))
        return {ref.name: names.resolve(ref, sql) for ref in references}
    except SqlQueryError as exc:
        return exc
