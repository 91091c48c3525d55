"""The store owns SQL and transactions (issue 23): no module of src/wbz_cli outside ``store/``
runs a statement (``.execute``, ``.executemany``, ``.executescript``) or holds SQL text
(SELECT ... FROM, INSERT INTO, UPDATE x SET, DELETE FROM, PRAGMA, BEGIN, COMMIT, SAVEPOINT,
ROLLBACK ...). Services keep the rules and call functions of ``store/`` that say what they
return or change.

Read with ``ast``, so SQL split over several lines (adjacent literals, f-strings) is seen as
one string; docstrings are prose, not SQL, and are skipped.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "wbz_cli"
STORE = SOURCE / "store"

STATEMENT_CALLS = {"execute", "executemany", "executescript"}

#: SQL keywords are upper case in this code base; Chinese messages never hold them.
SQL = re.compile(
    r"\bSELECT\b.*?\bFROM\b"
    r"|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP)\s+(?:TEMP\s+|TEMPORARY\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\b(?:PRAGMA|BEGIN|COMMIT|SAVEPOINT|ROLLBACK)\b",
    re.DOTALL,
)


def sources() -> list[Path]:
    """Every .py file of the package outside ``store/``."""
    return sorted(p for p in SOURCE.rglob("*.py") if STORE not in p.parents)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes of the module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _text_of(node: ast.AST) -> str | None:
    """The literal text of a string constant or f-string (its holes left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def findings(path: Path, root: Path = SOURCE) -> list[str]:
    """``file:line: what`` (file relative to ``root``) for each statement call and each SQL
    string in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _docstrings(tree)
    inside_fstring = {
        id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
    }
    name = path.relative_to(root).as_posix()
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STATEMENT_CALLS
        ):
            out.append(f"{name}:{node.lineno}: .{node.func.attr}() call")
        if id(node) in skip or id(node) in inside_fstring:
            continue
        text = _text_of(node)
        if text is not None and (match := SQL.search(text)):
            keyword = match.group(0).split()[0]
            out.append(f"{name}:{node.lineno}: SQL string ({keyword} ...)")
    return sorted(set(out), key=lambda s: (s.split(":")[0], int(s.split(":")[1]), s))


def test_no_sql_outside_the_store() -> None:
    leaks = [leak for path in sources() for leak in findings(path)]
    assert not leaks, "SQL outside store/ (move it into a store function):\n" + "\n".join(leaks)


def test_the_check_sees_sql_split_over_lines_and_calls(tmp_path: Path) -> None:
    """The detector itself: multi-line literals, f-strings, pragmas and execute calls are
    found; docstrings and Chinese messages are not."""
    sample = tmp_path / "probe.py"
    code = (
        '"""A docstring that says BEGIN and SELECT x FROM y is prose."""\n'
        "def f(conn, t):\n"
        '    """PRAGMA in a docstring is prose too."""\n'
        '    q = ("SELECT a"\n'
        '         " FROM b")\n'
        '    conn.execute(f"DELETE FROM {t}")\n'
        '    x = "PRAGMA foreign_keys = OFF"\n'
        '    return "请选择（select）一个月份", q, x\n'
    )
    sample.write_text(code, encoding="utf-8")
    found = findings(sample, tmp_path)
    lines = sorted({int(f.split(":")[1]) for f in found})
    assert lines == [4, 6, 7], found
