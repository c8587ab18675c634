"""The contract's own rules, checked on protoc's parse of proto/ (with source comments):
every field says (Required) or (Optional), every rpc is commented and comes in an
XRequest/XResponse pair (or a shared Run pair), enum zero values are *_UNSPECIFIED and
every value carries its enum's name, field names are snake_case."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from google.protobuf import descriptor_pb2

ROOT = Path(__file__).resolve().parents[2]
PROTO = Path("smv") / "repository" / "v1" / "repository.proto"
FIELD, MESSAGE, NESTED, ENUM, ENUM_VALUE, SERVICE, METHOD = 2, 4, 3, 5, 2, 6, 2


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> descriptor_pb2.FileDescriptorProto:
    out = tmp_path_factory.mktemp("proto") / "set.pb"
    subprocess.run([sys.executable, "-m", "grpc_tools.protoc", f"-I{ROOT / 'proto'}", "--include_source_info",
                    f"--descriptor_set_out={out}", str(PROTO)], check=True)
    files = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    return files.file[0]


def comments(proto: descriptor_pb2.FileDescriptorProto) -> dict[tuple[int, ...], str]:
    return {tuple(loc.path): loc.leading_comments.strip() for loc in proto.source_code_info.location}


FieldAt = tuple[str, descriptor_pb2.FieldDescriptorProto, tuple[int, ...]]


def all_fields(proto: descriptor_pb2.FileDescriptorProto) -> Iterator[FieldAt]:
    """Every field of every message (nested ones too), with its dotted name and source path."""
    def walk(message: descriptor_pb2.DescriptorProto, path: tuple[int, ...], name: str) -> Iterator[FieldAt]:
        if message.options.map_entry:
            return  # protoc's synthetic key/value message of a map field
        for i, field in enumerate(message.field):
            yield f"{name}.{field.name}", field, path + (FIELD, i)
        for i, nested in enumerate(message.nested_type):
            yield from walk(nested, path + (NESTED, i), f"{name}.{nested.name}")
    for i, message in enumerate(proto.message_type):
        yield from walk(message, (MESSAGE, i), message.name)


def test_every_field_is_documented_as_required_or_optional(parsed: descriptor_pb2.FileDescriptorProto) -> None:
    docs = comments(parsed)
    undocumented = [name for name, _, path in all_fields(parsed)
                    if not re.match(r"^\((Required|Optional)\)", docs.get(path, ""))]
    assert not undocumented, f"fields without a (Required)/(Optional) comment: {undocumented}"


def test_field_names_are_snake_case(parsed: descriptor_pb2.FileDescriptorProto) -> None:
    bad = [name for name, field, _ in all_fields(parsed) if not re.fullmatch(r"[a-z][a-z0-9_]*", field.name)]
    assert not bad


def test_every_rpc_is_commented_and_uses_request_response_messages(parsed: descriptor_pb2.FileDescriptorProto) -> None:
    docs = comments(parsed)
    [service] = parsed.service
    for i, method in enumerate(service.method):
        assert docs.get((SERVICE, 0, METHOD, i)), f"rpc {method.name} has no comment"
        assert method.input_type.endswith("Request") and method.output_type.endswith("Response"), method.name
    assert docs.get((SERVICE, 0)), "the service has no comment"


def test_enums_start_unspecified_and_values_carry_the_enum_name(parsed: descriptor_pb2.FileDescriptorProto) -> None:
    for enum in parsed.enum_type:
        prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", enum.name).upper() + "_"
        assert enum.value[0].number == 0 and enum.value[0].name == prefix + "UNSPECIFIED", enum.name
        assert all(v.name.startswith(prefix) for v in enum.value), enum.name


def test_the_package_is_versioned(parsed: descriptor_pb2.FileDescriptorProto) -> None:
    assert re.fullmatch(r"smv\.repository\.v\d+", parsed.package)
