"""Hypothesis strategies for requests to any RPC of the repository contract: well-formed
messages with hostile values, the same with unknown fields appended, and raw random bytes."""
from __future__ import annotations

from dataclasses import dataclass

from google.protobuf import descriptor as d
from google.protobuf import message_factory
from google.protobuf.message import DecodeError, Message
from hypothesis import strategies as st

from smv.transport.proto import SERVICE_NAME, pb

SERVICE = pb.DESCRIPTOR.services_by_name[SERVICE_NAME.rsplit(".", 1)[1]]
METHODS = [m for m in SERVICE.methods]


@dataclass(frozen=True)
class FuzzRequest:
    method: str       # "/smv.repository.v1.SmvDataSetRepository/HasDataSet"
    payload: bytes
    kind: str         # "message", "unknown-fields" or "random-bytes"
    decodes: bool     # whether the payload is a valid encoding of the method's request type


def request_class(method: d.MethodDescriptor) -> type[Message]:
    return message_factory.GetMessageClass(method.input_type)


def path_of(method: d.MethodDescriptor) -> str:
    return f"/{SERVICE_NAME}/{method.name}"


def _texts(known: list[str]) -> st.SearchStrategy[str]:
    hostile = ["", "urn:", "urn:smv:mod:", "urn:smv:link:x", "urn:smv:mod:../../etc/passwd", "\x00", "é" * 300,
               "urn:smv:mod:" + "a." * 500 + "b"]
    return st.one_of(st.text(max_size=80), st.sampled_from(known + hostile))


def _value(field: d.FieldDescriptor, texts: st.SearchStrategy[str], depth: int) -> st.SearchStrategy[object]:
    if field.type == d.FieldDescriptor.TYPE_MESSAGE:
        return _message(field.message_type, texts, depth + 1)
    if field.type == d.FieldDescriptor.TYPE_STRING:
        return texts
    if field.type == d.FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if field.type == d.FieldDescriptor.TYPE_ENUM:
        return st.sampled_from([v.number for v in field.enum_type.values])
    if field.type in (d.FieldDescriptor.TYPE_INT64, d.FieldDescriptor.TYPE_SINT64, d.FieldDescriptor.TYPE_SFIXED64):
        return st.integers(-(2 ** 63), 2 ** 63 - 1)
    if field.type in (d.FieldDescriptor.TYPE_INT32, d.FieldDescriptor.TYPE_SINT32, d.FieldDescriptor.TYPE_SFIXED32):
        return st.integers(-(2 ** 31), 2 ** 31 - 1)
    if field.type in (d.FieldDescriptor.TYPE_DOUBLE, d.FieldDescriptor.TYPE_FLOAT):
        return st.floats(allow_nan=False, width=32)
    return st.integers(0, 2 ** 31 - 1)


def _message(descriptor: d.Descriptor, texts: st.SearchStrategy[str], depth: int = 0) -> st.SearchStrategy[Message]:
    cls = message_factory.GetMessageClass(descriptor)

    @st.composite
    def build(draw: st.DrawFn) -> Message:
        message = cls()
        if depth > 3:
            return message
        for field in descriptor.fields:
            if not draw(st.booleans()):
                continue
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                key_field, value_field = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
                entries = draw(st.dictionaries(_value(key_field, texts, depth), _value(value_field, texts, depth),
                                               max_size=5))
                target = getattr(message, field.name)
                for key, value in entries.items():
                    if isinstance(value, Message):
                        target[key].CopyFrom(value)
                    else:
                        target[key] = value
            elif field.is_repeated:
                values = draw(st.lists(_value(field, texts, depth), max_size=8))
                if field.type == d.FieldDescriptor.TYPE_MESSAGE:
                    getattr(message, field.name).extend(values)
                else:
                    getattr(message, field.name).extend(values)
            elif field.type == d.FieldDescriptor.TYPE_MESSAGE:
                getattr(message, field.name).CopyFrom(draw(_value(field, texts, depth)))
            else:
                setattr(message, field.name, draw(_value(field, texts, depth)))
        return message

    return build()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


@st.composite
def unknown_fields(draw: st.DrawFn) -> bytes:
    """Well-formed fields with numbers no request declares (what a newer client might send)."""
    out = b""
    for _ in range(draw(st.integers(1, 4))):
        number = draw(st.integers(100, 2 ** 29 - 1))
        kind = draw(st.sampled_from(["varint", "bytes", "fixed32", "fixed64"]))
        if kind == "varint":
            out += _varint(number << 3 | 0) + _varint(draw(st.integers(0, 2 ** 63)))
        elif kind == "bytes":
            data = draw(st.binary(max_size=200))
            out += _varint(number << 3 | 2) + _varint(len(data)) + data
        elif kind == "fixed32":
            out += _varint(number << 3 | 5) + draw(st.binary(min_size=4, max_size=4))
        else:
            out += _varint(number << 3 | 1) + draw(st.binary(min_size=8, max_size=8))
    return out


def fuzz_requests(known_strings: list[str]) -> st.SearchStrategy[FuzzRequest]:
    texts = _texts(known_strings)

    @st.composite
    def build(draw: st.DrawFn) -> FuzzRequest:
        method = draw(st.sampled_from(METHODS))
        kind = draw(st.sampled_from(["message", "unknown-fields", "random-bytes"]))
        if kind == "random-bytes":
            payload = draw(st.binary(max_size=512))
        else:
            payload = draw(_message(method.input_type, texts)).SerializeToString()
            if kind == "unknown-fields":
                payload += draw(unknown_fields())
        return FuzzRequest(path_of(method), payload, kind, decodes(method, payload))

    return build()


def decodes(method: d.MethodDescriptor, payload: bytes) -> bool:
    try:
        request_class(method).FromString(payload)
        return True
    except DecodeError:
        return False


def nested_groups(depth: int) -> bytes:
    """An unknown field holding `depth` nested groups (start-group tags, then end-group tags)."""
    return _varint(100 << 3 | 3) * depth + _varint(100 << 3 | 4) * depth
