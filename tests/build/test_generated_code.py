"""The generated gRPC code is exactly what grpcio-tools makes of proto/ now."""
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "python_repo" / "smv" / "_proto"


def test_generated_code_matches_a_fresh_generation(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "generate_proto.py"), str(tmp_path)], check=True)
    fresh = tmp_path / "smv" / "_proto"
    names = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert names, "generation produced nothing"
    stale = [str(n) for n in names if not filecmp.cmp(fresh / n, GENERATED / n, shallow=False)]
    assert not stale, f"stale generated files (run 'pip install -e .'): {stale}"


def test_import_refuses_generated_code_older_than_the_proto(tmp_path: Path) -> None:
    stamp = GENERATED / "PROTO_SHA256"
    original = stamp.read_text()
    stamp.write_text("0" * 64 + "\n")
    try:
        result = subprocess.run([sys.executable, "-c", "import smv.transport.proto"], capture_output=True, text=True)
    finally:
        stamp.write_text(original)
    assert result.returncode != 0
    assert "older than" in result.stderr and "pip install -e ." in result.stderr


@pytest.mark.parametrize("field", ["urn", "dependency_urns", "hash_with_super_class"])
def test_generated_messages_carry_the_contract_fields(field: str) -> None:
    from smv.transport.proto import pb

    assert field in pb.DataSetMetadata.DESCRIPTOR.fields_by_name
