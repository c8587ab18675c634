"""sha256 of the proto sources: the stamp that ties generated code to proto/.

Imported by tools/generate_proto.py at build time (by path, before smv is
installed) and by smv.transport.proto at import time, so the two can never disagree.
"""
import hashlib
from pathlib import Path


def proto_digest(proto_root: Path) -> str:
    """sha256 over the proto sources' relative names and bytes."""
    digest = hashlib.sha256()
    for path in sorted((proto_root / "smv" / "repository").rglob("*.proto")):
        digest.update(str(path.relative_to(proto_root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
