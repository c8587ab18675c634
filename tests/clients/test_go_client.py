"""The Go client (clients/go): its own `go test`, its generated code reproducible from proto/
alone, and its listing of the example app equal to smv-repo's, from the Python server and
from the Scala server (smv.RepositoryServerMain) of that app."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyspark
import pytest

from tests.contract.conftest import ASSEMBLY_JAR, ROOT, serving

GO_CLIENT = ROOT / "clients" / "go"
SMV_REPO_GO = ROOT / "target" / "go-bin" / "smv-repo-go"
EXAMPLE = ROOT / "examples" / "sales"
EXAMPLE_JAR = ROOT / "target" / "examples" / "sales-example.jar"


def go() -> str:
    found = shutil.which("go") or shutil.which("go", path="/usr/local/go/bin")  # Go's standard install location
    if found is None:
        pytest.fail("Go is missing (clients/go needs it): install Go 1.26+ and run bin/setup")
    return found


def test_go_test_passes() -> None:
    result = subprocess.run([go(), "test", "./..."], cwd=GO_CLIENT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GOFLAGS": "-buildvcs=false"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok  \tsmv/clients/go/smvrepo" in result.stdout
    assert "ok  \tsmv/clients/go/cmd/smv-repo-go" in result.stdout


def test_generated_go_code_is_what_proto_gives(tmp_path: Path) -> None:
    path = f"{Path(go()).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    subprocess.run([str(GO_CLIENT / "generate.sh"), str(tmp_path)], check=True, timeout=300,
                   env={**os.environ, "SMV_PYTHON": sys.executable, "PATH": path})
    fresh = sorted(p.relative_to(tmp_path) for p in (tmp_path / "gen").rglob("*.go"))
    assert fresh == [Path("gen/repositoryv1/repository.pb.go"), Path("gen/repositoryv1/repository_grpc.pb.go")]
    for path in fresh:
        assert (GO_CLIENT / path).read_text() == (tmp_path / path).read_text(), \
            f"clients/go/{path} is stale: run bin/setup (or clients/go/generate.sh) after changing proto/"


def python_server(tmp_path: Path, token_file: Path) -> list[str]:
    return [sys.executable, "-m", "smv.cli.smv_repository_server", "--app-dir", str(EXAMPLE), "--listen",
            f"unix:{tmp_path / 'repo.sock'}", "--token-file", str(token_file), "--address-file",
            str(tmp_path / "address")]


def scala_server(tmp_path: Path, token_file: Path) -> list[str]:
    classpath = os.pathsep.join([str(ASSEMBLY_JAR), str(EXAMPLE_JAR), str(Path(pyspark.__file__).parent / "jars" / "*")])
    return ["java", "-cp", classpath, "smv.RepositoryServerMain", "--stages", "sales.ingest,sales.report",
            "--input-dir", str(EXAMPLE / "data" / "input"), "--listen", f"unix:{tmp_path / 'repo.sock'}",
            "--token-file", str(token_file), "--address-file", str(tmp_path / "address")]


def output(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{command[0]}: {result.stderr}"
    return result.stdout


@pytest.mark.parametrize("server", [python_server, scala_server], ids=["python", "scala"])
def test_go_listing_of_the_example_app_equals_smv_repo(tmp_path: Path, server: object) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("example-token\n")
    with serving(server(tmp_path, token_file), tmp_path / "address", tmp_path / "server.log") as target:  # type: ignore[operator]
        go_client = [str(SMV_REPO_GO), "--address", target, "--token-file", str(token_file)]
        smv_repo = [sys.executable, "-m", "smv.cli.smv_repo", "--address", target, "--token-file", str(token_file)]
        listed = output([*smv_repo, "list"])
        urns = listed.split()
        metadata = json.loads(output([*smv_repo, "metadata", *urns]))
        go_list, go_datasets, go_graph = (output([*go_client, command]) for command in ("list", "datasets", "graph"))
    assert len(urns) >= 2
    assert go_list == listed
    expected = "".join(
        f"{m['urn']}\t{m['kind'].removeprefix('DATA_SET_KIND_').lower()}\t"
        f"{m['language'].removeprefix('LANGUAGE_').lower()}\t{','.join(m.get('dependencyUrns', [])) or '-'}\n"
        for m in metadata)
    assert go_datasets == expected
    for m in metadata:
        assert f'"{m["urn"]}" [label=' in go_graph
        for dep in m.get("dependencyUrns", []):
            assert f'"{dep.replace("urn:smv:link:", "urn:smv:mod:")}" -> "{m["urn"]}"' in go_graph
