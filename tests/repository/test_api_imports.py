"""The user API (smv/api/) stays plain: it imports neither the wire format (smv.transport)
nor the app (smv.app); the repository describes API objects as messages (smv.repository.describe)."""
from __future__ import annotations

import ast
from pathlib import Path

import smv.api

API_DIR = Path(smv.api.__file__).parent
FORBIDDEN = ("smv.transport", "smv._proto", "smv.app")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-local and TYPE_CHECKING imports too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package smv.api
                base = ".".join(["smv", "api"][: 2 - (node.level - 1)])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def test_the_api_imports_neither_the_wire_format_nor_the_app() -> None:
    files = sorted(API_DIR.glob("*.py"))
    assert len(files) >= 8, f"expected the API's modules in {API_DIR}"
    offending = [f"{path.name}:{line} imports {module}" for path in files for line, module in _imported_modules(path)
                 if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)]
    assert offending == []


def test_the_check_sees_function_local_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from smv.transport.proto import pb\n    import smv.app.locations\n")
    assert _imported_modules(sample) == [(2, "smv.transport.proto"), (2, "smv.transport.proto.pb"),
                                         (3, "smv.app.locations")]
