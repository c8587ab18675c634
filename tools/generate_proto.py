"""Generates smv/_proto (messages, stubs, type stubs) from proto/ with grpcio-tools.

Run by setup.py on every build/install; the output is never committed nor edited.
A stamp (sha256 of the proto sources) lets smv.transport.proto refuse stale generated code.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python_repo" / "smv" / "transport"))
from proto_digest import proto_digest  # noqa: E402

PROTO_PACKAGE_DIR = Path("smv") / "repository"   # proto/smv/repository/v1/*.proto
GENERATED_PACKAGE = Path("smv") / "_proto"          # -> smv._proto.v1.*_pb2
STAMP = "PROTO_SHA256"


def proto_files(proto_root: Path) -> list[Path]:
    return sorted((proto_root / PROTO_PACKAGE_DIR).rglob("*.proto"))


def generate(proto_root: Path, out_root: Path) -> None:
    from grpc_tools import protoc
    import grpc_tools

    source_dir = proto_root / PROTO_PACKAGE_DIR
    files = [str(p.relative_to(source_dir)) for p in proto_files(proto_root)]
    virtual = f"{GENERATED_PACKAGE.as_posix()}={source_dir}"
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    args = ["grpc_tools.protoc", f"-I{virtual}", f"-I{well_known}",
            f"--python_out={out_root}", f"--pyi_out={out_root}", f"--grpc_python_out={out_root}"]
    args += [f"{GENERATED_PACKAGE.as_posix()}/{f}" for f in files]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed on {files} under {source_dir}")
    (out_root / GENERATED_PACKAGE / STAMP).write_text(proto_digest(proto_root) + "\n")


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    generate(root / "proto", Path(sys.argv[1]) if len(sys.argv) > 1 else root / "python_repo")
