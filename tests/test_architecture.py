"""The shape of the code: bot/domain stays pure, and the top-level layout is what README.md says."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOMAIN = REPO / "bot" / "domain"

# bot/domain holds pure rules: no Slack, no database, no HTTP, no other layer of ownerbot.
FORBIDDEN = ("slack_bolt", "slack_sdk", "sqlmodel", "sqlalchemy", "aiohttp", "handlers", "storage")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, relative ones resolved, and
    importlib.import_module("…") / __import__("…") calls with a literal name."""
    found: list[tuple[int, str]] = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from x import y` may import the submodule x.y.
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (
                    isinstance(node.func, ast.Name)
                    and node.func.id in {"import_module", "__import__"}
                )
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def forbidden_imports(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """'line N: name' for every import of a FORBIDDEN module (or one of its submodules)."""
    return sorted(
        {
            f"line {line}: {name}"
            for line, name in imported_names(source, module, is_package=is_package)
            if name.split(".")[0] in FORBIDDEN
        }
    )


def domain_files() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py")) if DOMAIN.is_dir() else []


# What the subprocess runs: block the forbidden modules, then import each module given.
_IMPORT_BLOCKED = """
import importlib, json, sys, traceback
forbidden, root, modules = json.loads(sys.argv[1])
for name in forbidden:
    sys.modules[name] = None  # any `import name` (or name.sub) now raises ImportError
sys.path.insert(0, root)
failures = {}
for module in modules:
    try:
        importlib.import_module(module)
    except BaseException as exc:
        failures[module] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failures))
"""


def import_violations(root: Path, modules: list[str]) -> dict[str, str]:
    """Import `modules` (found under `root`) in a fresh interpreter in which every FORBIDDEN
    module is blocked: a module that needs one, even indirectly, fails to import."""
    argument = json.dumps([list(FORBIDDEN), str(root), modules])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_BLOCKED, argument],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    failures: dict[str, str] = json.loads(result.stdout)
    return failures


# -- bot/domain --------------------------------------------------------------------------------


def test_domain_sources_import_nothing_forbidden() -> None:
    violations = {}
    for path in domain_files():
        found = forbidden_imports(
            path.read_text(encoding="utf-8"),
            module_name(path, REPO),
            is_package=path.name == "__init__.py",
        )
        if found:
            violations[str(path.relative_to(REPO))] = found
    assert not violations, f"bot/domain must stay pure (no {', '.join(FORBIDDEN)}): {violations}"


def test_domain_modules_import_with_the_forbidden_modules_blocked() -> None:
    modules = sorted({module_name(path, REPO) for path in domain_files()})
    failures = import_violations(REPO, modules)
    assert not failures, f"bot/domain modules that need a forbidden module: {failures}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import slack_sdk\n", ["line 1: slack_sdk"]),
        ("import os\nimport sqlalchemy.orm as orm\n", ["line 2: sqlalchemy.orm"]),
        (
            "from slack_bolt.async_app import AsyncApp\n",
            ["line 1: slack_bolt.async_app", "line 1: slack_bolt.async_app.AsyncApp"],
        ),
        ("from sqlmodel import SQLModel\n", ["line 1: sqlmodel", "line 1: sqlmodel.SQLModel"]),
        ("def f():\n    import aiohttp\n", ["line 2: aiohttp"]),
        ("from storage import models\n", ["line 1: storage", "line 1: storage.models"]),
        ("import handlers.slack\n", ["line 1: handlers.slack"]),
        ("import importlib\nimportlib.import_module('storage.db')\n", ["line 2: storage.db"]),
        ("__import__('aiohttp')\n", ["line 1: aiohttp"]),
        # Relative imports are resolved: from bot/domain/example.py, `...storage` is storage.
        ("from ...storage import db\n", ["line 1: storage", "line 1: storage.db"]),
        # Allowed: the standard library, the domain itself, bot's ports.
        ("import datetime\nfrom . import business_time\nfrom bot.ports import Clock\n", []),
        ("from .. import ports\nimport slack_sdk_lookalike\n", []),
    ],
)
def test_the_source_checker_catches_violations(source: str, expected: list[str]) -> None:
    assert forbidden_imports(source, "bot.domain.example") == sorted(expected)


def test_the_import_checker_catches_direct_and_indirect_violations(tmp_path: Path) -> None:
    package = tmp_path / "fakedomain"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pure.py").write_text("import datetime\nimport json\n")
    (package / "direct.py").write_text("import slack_sdk\n")
    # Only the import test sees this one: the source of `indirect` names no forbidden module.
    (tmp_path / "helper.py").write_text("from sqlalchemy import select\n")
    (package / "indirect.py").write_text("import helper\n")

    failures = import_violations(
        tmp_path, ["fakedomain.pure", "fakedomain.direct", "fakedomain.indirect"]
    )

    assert set(failures) == {"fakedomain.direct", "fakedomain.indirect"}
    assert "slack_sdk" in failures["fakedomain.direct"]
    assert "sqlalchemy" in failures["fakedomain.indirect"]
    assert forbidden_imports((package / "indirect.py").read_text(), "fakedomain.indirect") == []


# -- the top-level layout ----------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["bot", "handlers", "storage", "tests", "bench", "docs"])
def test_top_level_folders(folder: str) -> None:
    path = REPO / folder
    assert path.is_dir(), f"{folder}/ is missing"
    # Git keeps no empty folders: each holds at least one file.
    assert any(p.is_file() for p in path.rglob("*")), f"{folder}/ is empty"


@pytest.mark.parametrize(
    "name", ["manifest.yml", "pyproject.toml", "Makefile", "README.md", ".env.example"]
)
def test_top_level_files(name: str) -> None:
    assert (REPO / name).is_file(), f"{name} is missing"


def test_ci_script_is_executable() -> None:
    script = REPO / ".ci" / "run"
    assert script.is_file() and os.access(script, os.X_OK), ".ci/run is missing or not executable"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!") and "set -euo pipefail" in text
