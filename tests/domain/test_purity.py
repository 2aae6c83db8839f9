"""bot/domain is pure: standard library only, no I/O and no clock reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"
ALLOWED = {
    "__future__", "bisect", "collections", "dataclasses", "datetime", "enum", "functools",
    "itertools", "math", "re", "statistics", "typing", "zoneinfo",
}  # fmt: skip
FORBIDDEN_CALLS = {"open", "print", "input", "now", "utcnow", "today", "eval", "exec", "__import__"}
FILES = sorted(DOMAIN.glob("*.py"))


def test_the_domain_has_files() -> None:
    assert {path.name for path in FILES} >= {
        "__init__.py", "business_time.py", "questions.py", "sides.py", "stats.py", "weeks.py",
    }  # fmt: skip


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_imports_only_the_standard_library_and_itself(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            assert top in ALLOWED or module.startswith("bot.domain"), (
                f"{path.name} imports {module}"
            )


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_reads_no_clock_and_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            assert name not in FORBIDDEN_CALLS, f"{path.name} calls {name}() at line {node.lineno}"
