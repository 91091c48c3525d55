"""The import graph of src/wbz_cli: no import runs upward between layers, no modules import
each other in a loop (issue 23).

The layers, top to bottom, and what each may import (its own layer always):

- ``wbz_cli.__main__``: anything; it only starts the CLI.
- ``cli``: services, store, sheets, domain.
- ``services``: store, sheets, domain.
- ``store``: sheets, domain. ``store/backup.py`` writes backup files for the user through
  ``sheets.output`` (a claimed Target, a temporary file renamed into place), like every
  other file the user gets; so sheets sits below store.
- ``sheets``: domain. A spreadsheet reader or writer never opens the database.
- ``domain``: nothing but domain; pure rules.
- ``wbz_cli`` itself (its ``__init__``: the version) imports nothing, and any layer may
  import it (the report snapshot stamps the version).

Every import counts: at a module's top, inside a function (the start-up habit of the
command modules) and under ``if TYPE_CHECKING:``. A lazy or type-only import is still a
dependency a reader has to follow, and a type from a higher layer is a higher layer's
concept leaking down. Only ``importlib.import_module`` with a computed name (the migrations
runner) is not seen.
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

import pytest

PACKAGE = "wbz_cli"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: The layers each layer may import, besides itself and the package's ``__init__``.
ALLOWED: dict[str, set[str]] = {
    "__main__": {"cli", "services", "store", "sheets", "domain"},
    "cli": {"services", "store", "sheets", "domain"},
    "services": {"store", "sheets", "domain"},
    "store": {"sheets", "domain"},
    "sheets": {"domain"},
    "domain": set(),
}

#: {importing module: {imported module: line of the first such import}}
Graph = dict[str, dict[str, int]]


def modules(root: Path) -> dict[str, Path]:
    """Every module under ``root`` by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = (root.name, *path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph(root: Path) -> Graph:
    """Who imports whom inside the package, read with ``ast`` (nothing is imported)."""
    known = modules(root)
    graph: Graph = {}
    for name, path in known.items():
        edges = graph.setdefault(name, {})
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, package, known):
                if target != name:
                    edges.setdefault(target, node.lineno)
    return graph


def _targets(node: ast.AST, package: str, known: dict[str, Path]) -> list[str]:
    """The package's modules that one import statement loads, most specific first."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
        return [_known_prefix(n, known) for n in names if n.startswith(PACKAGE + ".")]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from . import x, from ..store import db
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, *([base] if base else [])])
    if base != PACKAGE and not base.startswith(PACKAGE + "."):
        return []
    out = []
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        out.append(sub if sub in known else _known_prefix(base, known))
    return out


def _known_prefix(name: str, known: dict[str, Path]) -> str:
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def layer(module: str) -> str:
    """``cli`` for wbz_cli.cli.app, ``__main__`` for wbz_cli.__main__, wbz_cli for itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else module


def upward_imports(root: Path) -> list[str]:
    """Each import of a layer the importer may not use, as ``file:line: a -> b``."""
    source = modules(root)
    found = []
    for importer, edges in sorted(import_graph(root).items()):
        allowed = ALLOWED.get(layer(importer), set()) | {layer(importer)}
        for imported, line in sorted(edges.items()):
            if layer(imported) not in allowed and imported != PACKAGE:
                where = f"{source[importer].relative_to(root.parent)}:{line}"
                found.append(f"{where}: {importer} -> {imported}")
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """One loop of imports (first module repeated at the end) for each group of modules that
    reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_loop_in(group, graph) for group in groups]


def _loop_in(group: set[str], graph: Graph) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(graph.get(v, {})):
                if w == start:
                    return [*paths[v], start]
                if w in group and w not in paths:
                    paths[w] = [*paths[v], w]
                    following.append(w)
        frontier = following
    raise AssertionError(f"no loop found in {sorted(group)}")


def describe(loop: list[str], graph: Graph) -> str:
    steps = [f"{a} (line {graph[a][b]})" for a, b in pairwise(loop)]
    return " -> ".join([*steps, loop[-1]])


def test_every_package_of_the_source_has_a_place_among_the_layers() -> None:
    packages = {p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    assert packages - ALLOWED.keys() == set(), "a new package needs its place in ALLOWED"
    top = {p.stem for p in SOURCE.glob("*.py")}
    assert top <= {"__init__", "__main__"}, "a module of the package's own needs a layer"
    assert import_graph(SOURCE)[PACKAGE] == {}, "the package's __init__ imports nothing of it"


def test_no_import_runs_upward() -> None:
    found = upward_imports(SOURCE)
    assert found == [], "imports against the layers (see this file's docstring):\n" + "\n".join(
        found
    )


def test_no_modules_import_each_other_in_a_loop() -> None:
    graph = import_graph(SOURCE)
    loops = [describe(loop, graph) for loop in cycles(graph)]
    assert loops == [], "modules importing each other in a loop:\n" + "\n".join(loops)


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in [path.parent, *path.parent.parents]:
        if folder == root.parent:
            break
        (folder / "__init__.py").touch()
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small package laid out like wbz_cli: one clean module per layer."""
    root = tmp_path / PACKAGE
    write(root, "domain/rules.py", "X = 1\n")
    write(root, "sheets/output.py", "from wbz_cli.domain.rules import X\n")
    write(root, "store/backup.py", "from wbz_cli.sheets import output\n")
    write(root, "services/care.py", "from wbz_cli.store.backup import output\n")
    write(root, "cli/app.py", "def main():\n    from wbz_cli.services import care\n")
    return root


def test_a_clean_tree_passes_both_checks(tree: Path) -> None:
    graph = import_graph(tree)
    assert upward_imports(tree) == []
    assert cycles(graph) == []
    assert graph["wbz_cli.store.backup"] == {"wbz_cli.sheets.output": 1}
    assert "wbz_cli.services.care" in graph["wbz_cli.cli.app"]


def test_an_upward_import_inside_a_function_or_for_types_only_is_named(tree: Path) -> None:
    write(tree, "services/report.py", "class Report: ...\n")
    write(
        tree,
        "sheets/report_xlsx.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from wbz_cli.services.report import Report\n",
    )
    write(tree, "domain/labels.py", "def f():\n    from ..cli import app\n")
    write(tree, "sheets/reader.py", "import wbz_cli.store.backup\n")
    found = upward_imports(tree)
    assert found == [
        "wbz_cli/domain/labels.py:2: wbz_cli.domain.labels -> wbz_cli.cli.app",
        "wbz_cli/sheets/reader.py:1: wbz_cli.sheets.reader -> wbz_cli.store.backup",
        "wbz_cli/sheets/report_xlsx.py:3: wbz_cli.sheets.report_xlsx -> wbz_cli.services.report",
    ]


def test_a_loop_of_modules_is_named_with_its_import_lines(tree: Path) -> None:
    write(tree, "services/children.py", "from wbz_cli.services.child_file import require_child\n")
    write(tree, "services/child_file.py", "def f():\n    from wbz_cli.services import care\n")
    write(tree, "services/care.py", "X = 1\nfrom wbz_cli.services.children import now_text\n")
    graph = import_graph(tree)
    assert [describe(loop, graph) for loop in cycles(graph)] == [
        "wbz_cli.services.care (line 2) -> wbz_cli.services.children (line 1)"
        " -> wbz_cli.services.child_file (line 2) -> wbz_cli.services.care"
    ]
