"""SMV's conf files are Java `.properties` files, read here by `javaproperties`.

Every detail of the format (continuation lines, escapes, `=`/`:`/whitespace
separators, `#`/`!` comments, `\\uXXXX`) is the library's, so a file reads to the
same values as `java.util.Properties` gives the JVM (`smv.driver.PropsFile`). Files are
UTF-8 on both sides. The only thing added here is where an unreadable file fails:
its file and line.
"""
from __future__ import annotations

import re
from pathlib import Path

import javaproperties

# The line terminators of java.util.Properties (not str.splitlines's wider set).
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


class PropsFormatError(ValueError):
    """A props file that the .properties format cannot read; the message names file and line."""


def parse_props(text: str, source: str) -> dict[str, str]:
    """The properties in `text` (later keys win); `source` names it in errors."""
    try:
        return dict(javaproperties.loads(text))
    except javaproperties.InvalidUEscapeError as e:
        raise PropsFormatError(f"{source}:{_failing_line(text)}: cannot read '{e.escape}': expected a "
                               f"unicode escape of four hex digits like '\\u00e9'") from None


def read_props_file(path: Path) -> dict[str, str]:
    """The properties of the UTF-8 file `path`."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise PropsFormatError(f"{path}:{line}: cannot read byte 0x{data[e.start]:02x}: "
                               f"expected UTF-8 text") from None
    return parse_props(text, str(path))


def _failing_line(text: str) -> int:
    """The first line whose end makes the text unreadable: where its bad escape is."""
    lines = _LINE_END.split(text)
    for n in range(1, len(lines) + 1):
        try:
            javaproperties.loads("".join(lines[:n]))
        except javaproperties.InvalidUEscapeError:
            return n
    return len(lines)
