"""The house keeps its shape: rooms in pipeline order, imports pointing one way, one owner module per
foreign library, and only the command line prints or exits.

Rooms (folders of parindex/), in order: a module may import from its own room and the rooms before
it, never from a later one. Inside a room, no two modules import each other (directly or in a
cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "parindex"
ROOMS = ["core", "criteria", "intake", "results", "engine", "cycle", "reports", "app", "cli", "launch"]
# Each foreign library is used by one module only (the module that wraps its errors and quirks).
OWNERS = {
    "simpleeval": "criteria.formulas",
    "pydantic": "criteria.schema",
    "yaml": "intake.yamlfile",
    "tabulate": "reports.writers.text",
    # a package owns a library when the library is used in more than one of its modules
    "openpyxl": "intake.xlsx",
    "xlsxwriter": "reports.xlsx",
    "docx": "reports.docx",
    "jinja2": "reports.html",
}
# Only these may print or exit.
SPEAKERS = {"cli", "launch"}


def modules() -> dict[str, Path]:
    """Dotted name inside the package (e.g. 'criteria.formulas') → file."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] in ("__init__", "__main__"):
            continue
        found[".".join(parts)] = path
    return found


def room(module: str) -> str:
    return module.split(".")[0]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def internal(path: Path) -> set[str]:
    """The package modules a file imports (dotted, without 'parindex.')."""
    names = modules()
    result = set()
    for name in imports(path):
        if name.startswith("parindex."):
            dotted = name.removeprefix("parindex.")
            while dotted and dotted not in names:
                dotted = dotted.rpartition(".")[0]
            if dotted:
                result.add(dotted)
    return result


def test_every_module_is_in_a_room() -> None:
    for module in modules():
        assert room(module) in ROOMS, f"{module} is outside the rooms {ROOMS}"


def test_imports_point_down_the_pipeline() -> None:
    for module, path in modules().items():
        allowed = set(ROOMS[: ROOMS.index(room(module)) + 1])
        for target in internal(path):
            assert room(target) in allowed, f"{module} imports {target} (a later room)"


def test_no_cycles_inside_a_room() -> None:
    graph = {module: internal(path) for module, path in modules().items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                if reaches(nxt, goal, seen):
                    return True
        return False

    for module in graph:
        assert not reaches(module, module, set()), f"{module} imports itself through a cycle"


def test_foreign_libraries_stay_in_their_module() -> None:
    for module, path in modules().items():
        for name in imports(path):
            library = name.split(".")[0]
            if library in OWNERS:
                owner = OWNERS[library]
                assert module == owner or module.startswith(owner + "."), \
                    f"{module} imports {library}; only {owner} may"


def test_only_the_cli_prints_or_exits() -> None:
    for module, path in modules().items():
        if module in SPEAKERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit"), module
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys":
                assert node.attr not in ("exit", "stdout", "stderr"), module
