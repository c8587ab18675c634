"""The one import point of the code generated from proto/ (never edited by hand).

In a source checkout it refuses generated code older than the proto sources, so a
stale build fails loudly instead of speaking an old contract.
"""
from __future__ import annotations

from pathlib import Path

from smv.transport.proto_digest import proto_digest

_GENERATED = Path(__file__).resolve().parents[1] / "_proto"
_PROTO_ROOT = Path(__file__).resolve().parents[3] / "proto"


class StaleGeneratedCodeError(ImportError):
    """The generated gRPC code does not match proto/; reinstall to regenerate."""


def _check_fresh() -> None:
    stamp = _GENERATED / "PROTO_SHA256"
    if not stamp.exists():
        raise StaleGeneratedCodeError(
            f"generated gRPC code is missing under {_GENERATED}; run 'pip install -e .' to generate it")
    if _PROTO_ROOT.is_dir() and stamp.read_text().strip() != proto_digest(_PROTO_ROOT):
        raise StaleGeneratedCodeError(
            f"generated gRPC code under {_GENERATED} is older than {_PROTO_ROOT}; "
            "run 'pip install -e .' to regenerate it")


_check_fresh()

from smv._proto.v1 import repository_pb2 as pb  # noqa: E402
from smv._proto.v1 import repository_pb2_grpc as pb_grpc  # noqa: E402

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["SmvDataSetRepository"].full_name
PROTOCOL_VERSION = "1.0"
# Largest message either side accepts (gRPC's default is 4 MiB). Sized on purpose: a
# BatchGetMetadata answer with a whole closure is ~160 bytes per dataset without DQM
# (10,000 datasets: 1.6 MB), so 64 MiB holds ~100,000 datasets with sizeable DQM policies.
MAX_MESSAGE_BYTES = 64 << 20
MESSAGE_SIZE_OPTIONS = [("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)]

__all__ = ["pb", "pb_grpc", "SERVICE_NAME", "PROTOCOL_VERSION", "MAX_MESSAGE_BYTES", "MESSAGE_SIZE_OPTIONS",
           "StaleGeneratedCodeError"]
