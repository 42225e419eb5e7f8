"""The layers of docs/architecture.md, checked on the source: what each package may import.

Every `import` and `from … import` in a module counts, also those inside functions and under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mldrill"
SHELLS = ("mldrill.cli", "mldrill.web")
SHELL_LIBRARIES = ("typer", "click", "rich", "prompt_toolkit", "fastapi", "starlette", "uvicorn")

# package -> prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ingest": (*SHELLS, *SHELL_LIBRARIES, "mldrill.store", "mldrill.app", "mldrill.grade", "sqlalchemy"),
    "grade": (*SHELLS, *SHELL_LIBRARIES, "mldrill.store", "mldrill.app", "sqlalchemy"),
    "store": (*SHELLS, *SHELL_LIBRARIES, "mldrill.app", "mldrill.grade"),
    "interview": (*SHELLS, *SHELL_LIBRARIES, "mldrill.app", "mldrill.store", "sqlalchemy"),
    "app": (*SHELLS, *SHELL_LIBRARIES),
}
PLAIN_MODULES = (
    "models.py",
    "ratings.py",
    "clock.py",
    "errors.py",
    "verdicts.py",
    "schedule.py",
    "config.py",
)


def imported(path: Path, package: str | None = None) -> set[str]:
    """The absolute module names `path` imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = package or ".".join(("mldrill", *path.relative_to(SRC).parent.parts))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _breaks(names: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_core_and_use_case_packages_never_import_a_shell(package: str) -> None:
    found = {str(p.relative_to(SRC)): _breaks(imported(p), FORBIDDEN[package]) for p in _modules(package)}
    assert _modules(package), f"no modules found under {package}/"
    assert {m: bad for m, bad in found.items() if bad} == {}


@pytest.mark.parametrize("module", PLAIN_MODULES)
def test_plain_modules_import_no_layer_above_them(module: str) -> None:
    bad = _breaks(
        imported(SRC / module), (*SHELLS, *SHELL_LIBRARIES, "mldrill.app", "mldrill.store", "sqlalchemy")
    )
    assert bad == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The check itself can fail: a module importing the CLI inside a function is caught."""
    module = SRC / "grade" / "_probe_for_test.py"
    module.write_text(
        "def f():\n    from mldrill.cli import common\n    import rich.console\n", encoding="utf-8"
    )
    try:
        assert _breaks(imported(module), FORBIDDEN["grade"]) == [
            "mldrill.cli",
            "mldrill.cli.common",
            "rich.console",
        ]
    finally:
        module.unlink()
