"""Imports point one way: model ← sources ← checks/aggregate ← context ← render ← pipeline/output ← cli.

Each module of the package has a layer; a module may import its own layer or those below, never
one above, and there is no cycle. A new module must be given its layer here.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "bokslut"

LAYERS: dict[str, int] = {
    # what everything stands on: the domain's tables, problems as data, numbers and text
    "errors": 0,
    "issues": 0,
    "text": 0,
    "domain": 0,
    "numbers": 0,
    # shapes of the inputs and the tree; files written whole
    "model": 1,
    "organisation": 1,
    "figures": 1,
    "safeload": 1,
    "atomic": 1,
    "writing": 1,
    "symbols": 1,
    # read: files in, raw inputs out; the store; the årsplan, the rules and the phrase catalogue
    "sources": 2,
    "sources.base": 2,
    "sources.inspection": 2,
    "sources.workbook": 2,
    "sources.excel": 2,
    "sources.flat": 2,
    "sources.jsonfile": 2,
    "sources.organisation": 2,
    "store": 2,
    "arsplan": 2,
    "rules": 2,
    "settings": 2,
    "phrases": 2,
    # validate (parse, check, build the units), recall and aggregate; what an import offers the store
    "combine": 3,
    "units": 3,
    "parse": 3,
    "checks": 3,
    "validate": 3,
    "offers": 3,
    "shared": 3,
    "unit_checks": 3,
    "budget_checks": 3,
    "aggregate": 3,
    "internal": 3,
    "history": 3,
    "prefill": 3,
    "status": 3,
    "marking": 3,
    "accounts": 3,
    "diff": 3,
    # build the context of a document, and the controllers' workbooks
    "sentences": 4,
    "context": 4,
    "unit_context": 4,
    "budget_context": 4,
    "summary_context": 4,
    "fields": 4,
    "workbook": 4,
    "workbook.plan": 4,
    "workbook.style": 4,
    "workbook.tables": 4,
    "workbook.write": 4,
    # what historik, skillnad and lock --ångra print (the command line's words, without click)
    "history_view": 4,
    # render
    "render": 5,
    "batch": 5,
    "pdf": 5,
    "mall_check": 5,
    # one function per command, and what a person reads of its result
    "pipeline": 6,
    "output": 6,
    # the edge
    "cli_sv": 7,
    "cli_base": 7,
    "cli": 7,
    "web": 7,
    "web.app": 7,
    "web.auth": 7,
    "web.routes": 7,
    "__init__": 7,
    "__main__": 7,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 1 else ".".join(parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """The package's modules that `path` imports, at any place in it (functions and TYPE_CHECKING too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bokslut"):
            base = node.module.removeprefix("bokslut").lstrip(".")
            if base:
                out.add(base)
            else:  # from bokslut import history
                out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("bokslut.") for a in node.names if a.name.startswith("bokslut."))
    return out


def test_every_module_has_a_layer() -> None:
    assert set(_modules()) - set(LAYERS) == set()


def test_no_module_imports_one_above_it() -> None:
    upward = []
    for name, path in _modules().items():
        for target in _imports(path):
            if LAYERS[target] > LAYERS[name]:
                upward.append(f"{name} (layer {LAYERS[name]}) imports {target} (layer {LAYERS[target]})")
    assert upward == []


def test_there_is_no_import_cycle() -> None:
    graph = {name: _imports(path) for name, path in _modules().items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
