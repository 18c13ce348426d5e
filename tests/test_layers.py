"""The layers stay visible: imports point down only, and no module grows past about 400 lines.

Read straight from the source files (every import, also those inside functions), so
a wrong-way import fails here before anyone has to notice it in review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "recovery_journal"
MAX_LINES = 420  # "about 400": split by responsibility well before this

# What each layer may import of ours (besides itself).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "domain": {"errors"},
    "vault": {"errors", "domain"},
    "analytics": {"errors", "domain"},
    "reports": {"errors", "domain", "analytics"},
    "interchange": {"errors", "domain"},
    "terminal": {"errors", "domain", "analytics", "reports"},
    "cli": {"errors", "domain", "vault", "analytics", "reports", "interchange", "terminal"},
    "__init__": set(),
    "__main__": {"cli"},
}
# Pure layers do no I/O and use no framework: these never appear there.
IMPURE = {"os", "sqlite3", "socket", "subprocess", "pathlib", "typer", "rich", "cryptography"}
PURE_LAYERS = ("domain", "analytics")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_modules(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "recovery_journal":  # a submodule, or a name such as __version__
                for alias in node.names:
                    named = PACKAGE / alias.name
                    is_module = named.is_dir() or named.with_suffix(".py").exists()
                    yield f"recovery_journal.{alias.name}" if is_module else node.module
            else:
                yield node.module


def our_layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "recovery_journal" and len(parts) > 1 else None


def test_every_module_belongs_to_a_known_layer() -> None:
    assert {layer_of(path) for path in modules()} <= set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_only(path: Path) -> None:
    layer = layer_of(path)
    wrong = sorted(
        module
        for module in imported_modules(path)
        if (target := our_layer(module)) is not None
        and target != layer
        and target not in ALLOWED[layer]
    )
    assert not wrong, f"{layer} may import only {sorted(ALLOWED[layer])}: {wrong}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if layer_of(p) in PURE_LAYERS],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_domain_and_analytics_do_no_io_and_use_no_framework(path: Path) -> None:
    impure = sorted({m for m in imported_modules(path) if m.split(".")[0] in IMPURE})
    assert not impure, impure


def test_command_modules_do_not_import_each_other() -> None:
    commands = {p.stem for p in (PACKAGE / "cli").glob("*_commands.py")}
    for name in commands:
        imports = set(imported_modules(PACKAGE / "cli" / f"{name}.py"))
        others = {f"recovery_journal.cli.{other}" for other in commands - {name}}
        assert not imports & others, (name, sorted(imports & others))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_grows_past_about_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by responsibility"


def test_the_checks_see_a_wrong_way_import(tmp_path: Path) -> None:
    """The checker itself: an analytics module importing the vault is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from recovery_journal.vault.journal import Journal\n")
    assert [our_layer(m) for m in imported_modules(bad)] == ["vault"]
    assert "vault" not in ALLOWED["analytics"]
