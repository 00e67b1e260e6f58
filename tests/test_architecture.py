"""The layout ARCHITECTURE.md describes, checked on the source: packages import in one direction, no
module imports itself back through others, `app/` keeps its rooms and its functions short."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "vectorstore", "app", "eval", "bench")
# What each package may import of ours (besides itself).
ALLOWED = {
    "ingest": set(),
    "vectorstore": set(),
    "app": {"ingest", "vectorstore"},
    "eval": {"app", "ingest", "vectorstore"},
    "bench": {"app", "ingest", "vectorstore", "eval"},
}
APP_TOP_LEVEL = {"__init__", "cli", "settings", "errors", "library"}
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The project modules `path` imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from a.b import c` imports the module a.b.c when there is one, else a name of a.b.
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                     for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in PACKAGES and name in MODULES}
    return found


GRAPH = {module: _imports(path) - {module} for module, path in MODULES.items()}


@pytest.mark.parametrize("package", PACKAGES)
def test_packages_import_in_one_direction(package: str) -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items() if module.split(".")[0] == package
        for target in targets if target.split(".")[0] not in ALLOWED[package] | {package}
    )
    assert not wrong, wrong


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components: every one must be a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, cycles


def test_app_top_level_holds_only_its_few_modules() -> None:
    top = {path.stem for path in (REPO / "app").glob("*.py")}
    assert top <= APP_TOP_LEVEL, f"new top-level modules in app/: {sorted(top - APP_TOP_LEVEL)}; give them a package"


def test_no_function_in_app_is_longer_than_80_lines() -> None:
    long = []
    for path in (REPO / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - first + 1 > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert not long, long


def test_the_checker_sees_a_cycle() -> None:
    """The graph is built from real imports: a known edge is in it (the test above could not pass vacuously)."""
    assert "app.checks.verify" in GRAPH["app.drafting.pipeline"]
    assert "app.cli" in GRAPH["eval.command"]
