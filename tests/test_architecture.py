"""The pipeline stays one-way: each module imports only modules above it in LAYERS; simpleeval
only in expressions, tabulate only in rendering; only the CLI (and its console entry point, launch)
prints or exits."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "parindex"
LAYERS = [
    "text", "errors", "numbers", "model", "yamlio", "bands", "expressions", "compiling", "loading",
    "evaluation", "ranking", "explaining", "rendering", "cli", "launch",
]


def imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_module_is_layered() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert modules == set(LAYERS)


def test_imports_point_down_the_pipeline() -> None:
    for position, module in enumerate(LAYERS):
        allowed = set(LAYERS[:position])
        for name in imports(module):
            if name.startswith("parindex."):
                target = name.split(".")[1]
                if target in LAYERS:
                    assert target in allowed, f"{module} imports {target}"


def test_foreign_libraries_stay_in_their_module() -> None:
    for module in LAYERS:
        names = imports(module)
        if module != "expressions":
            assert not any(n.startswith("simpleeval") for n in names), module
        if module != "rendering":
            assert not any(n.startswith("tabulate") for n in names), module


def test_only_the_cli_prints_or_exits() -> None:
    for module in LAYERS:
        if module in ("cli", "launch"):
            continue
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit"), module
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys":
                assert node.attr not in ("exit", "stdout", "stderr"), module
