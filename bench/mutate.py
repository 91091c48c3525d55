"""Mutation testing of the rules a station relies on (issue 26): ``make mutate [FILE=...]``.

For each target file in ``bench/mutation_targets.toml``: plant one small bug at a time (a
comparison flipped, ``and``/``or`` swapped, an integer off by one, a return value changed, a
condition removed, for some targets a string changed), run only the test files listed for that
target, and count the mutant killed when they fail. Every run rewrites ``bench/mutation.md``
from ``bench/mutation_results.json``, which keeps each file's last run and every mutant that
ever survived: after a test is added the mutant shows "killed by <test>", or the reason it is
equivalent (from the targets file).

The source tree is copied to a temporary directory and put first on PYTHONPATH, so the worktree
is never modified and a crashed run leaves nothing behind. Run by hand, never in ``make test``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ROOT / "bench" / "mutation_targets.toml"
RESULTS = ROOT / "bench" / "mutation_results.json"
REPORT = ROOT / "bench" / "mutation.md"

_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
#: Inside SQL text (targets with ``sql = true``): each match is one mutant.
_SQL_FLIPS = {
    "<=": "<",
    ">=": ">",
    "<": "<=",
    ">": ">=",
    "DESC": "ASC",
    "ASC": "DESC",
    "max(": "min(",
    "min(": "max(",
    "IS NOT NULL": "IS NULL",
    "IS NULL": "IS NOT NULL",
    "AND": "OR",
    "OR": "AND",
}
_SQL_TOKEN = re.compile(
    r"<=|>=|(?<![<>!=-])<(?![=>])|(?<![<>=!-])>(?![=])|\b(?:DESC|ASC|AND|OR)\b"
    r"|\b(?:max|min)\(|\bIS NOT NULL\b|\bIS NULL\b"
)
_SQL_TEXT = re.compile(r"\b(SELECT|WHERE|JOIN|ORDER BY|GROUP BY)\b")


@dataclass(frozen=True)
class Mutant:
    index: int  # position in the walk of the module: the same source gives the same mutants
    line: int
    what: str  # e.g. "`<` -> `<=`"

    @property
    def key(self) -> str:
        return f"{self.line}: {self.what}"


def _skipped_nodes(tree: ast.Module, keep_fstrings: bool = False) -> set[int]:
    """Ids of nodes never mutated: docstrings, annotations, ``TYPE_CHECKING`` blocks."""
    skip: set[int] = set()

    def drop(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            first = body[0].value
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                drop(body[0])
        if isinstance(node, ast.arg):
            drop(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            # decorators are cache sizes and dataclass options, not rules
            for decorator in node.decorator_list:
                drop(decorator)
            if not isinstance(node, ast.ClassDef):
                drop(node.returns)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            drop(node)
        elif isinstance(node, ast.JoinedStr):
            if keep_fstrings:  # SQL built with f-strings: only its constant parts
                skip.update(id(v) for v in node.values if isinstance(v, ast.FormattedValue))
                skip.add(id(node))
            else:
                drop(node)  # messages: their wording is not a rule
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            drop(node)
    return skip


def _inside(tree: ast.Module, functions: list[str] | None) -> set[int] | None:
    """Ids of the nodes inside the named functions (None: the whole module)."""
    if not functions:
        return None
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in functions:
            ids.update(id(n) for n in ast.walk(node))
    return ids


def _sites(
    tree: ast.Module, functions: list[str] | None, strings: bool, sql: bool | list[str] = False
) -> Iterator[tuple]:
    """Every (node, kind, detail) that can be mutated, in a fixed order."""
    skip = _skipped_nodes(tree, keep_fstrings=sql)
    only = _inside(tree, functions)
    for node in ast.walk(tree):
        if id(node) in skip or (only is not None and id(node) not in only):
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _FLIPS:
                    yield node, "compare", i
        elif isinstance(node, ast.BoolOp):
            yield node, "boolop", None
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            yield node, "arith", None
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not", None
        elif isinstance(node, ast.If | ast.IfExp | ast.While):
            yield node, "condition", None
        elif isinstance(node, ast.Return) and node.value is not None:
            yield node, "return", None
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                yield node, "bool", None
            elif isinstance(value, int):
                yield node, "int", None
            elif sql and isinstance(value, str) and _SQL_TEXT.search(value):
                for match in _SQL_TOKEN.finditer(value):
                    if sql is True or match.group() in sql:
                        yield node, "sql", (match.start(), match.group())
            elif strings and isinstance(value, str) and len(value) <= 30 and not _CJK.search(value):
                yield node, "string", None


def _describe(node: ast.AST, kind: str, detail: object) -> str:
    if kind == "compare":
        assert isinstance(node, ast.Compare) and isinstance(detail, int)
        op = type(node.ops[detail])
        return f"`{_SYMBOL[op]}` -> `{_SYMBOL[_FLIPS[op]]}`"
    if kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        return "`and` -> `or`" if isinstance(node.op, ast.And) else "`or` -> `and`"
    if kind == "arith":
        assert isinstance(node, ast.BinOp)
        return "`+` -> `-`" if isinstance(node.op, ast.Add) else "`-` -> `+`"
    if kind == "not":
        assert isinstance(node, ast.UnaryOp)
        return f"`not {_short(node.operand)}` -> `{_short(node.operand)}`"
    if kind == "condition":
        test = node.test  # type: ignore[attr-defined]
        return f"condition `{_short(test)}` -> `False`"
    if kind == "return":
        value = node.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Constant) and value.value is None:
            return "return value changed"
        return f"`return {_short(value)}` -> `return None`"
    value = node.value  # type: ignore[attr-defined]
    if kind == "sql":
        assert isinstance(detail, tuple)
        start, token = detail
        around = value[max(start - 25, 0) : start + len(token) + 25].replace("\n", " ")
        return f"SQL `{token}` -> `{_SQL_FLIPS[token]}` in `...{' '.join(around.split())}...`"
    if kind == "bool":
        return f"`{value}` -> `{not value}`"
    if kind == "int":
        return f"`{value}` -> `{value + 1}`"
    return f"`{value!r}` -> `{('XX' + value + 'XX')!r}`"


def _short(node: ast.AST) -> str:
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def _mutate(node: ast.AST, kind: str, detail: object) -> None:
    if kind == "compare":
        assert isinstance(node, ast.Compare) and isinstance(detail, int)
        node.ops[detail] = _FLIPS[type(node.ops[detail])]()
    elif kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "arith":
        assert isinstance(node, ast.BinOp)
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    elif kind == "not":
        assert isinstance(node, ast.UnaryOp)
        node.operand = ast.UnaryOp(ast.Not(), node.operand)  # `not not x`: the truth of x
    elif kind == "condition":
        node.test = ast.Constant(False)  # type: ignore[attr-defined]
    elif kind == "return":
        value = node.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Constant) and value.value is None:
            node.value = ast.Constant("mutant")  # type: ignore[attr-defined]
        else:
            node.value = ast.Constant(None)  # type: ignore[attr-defined]
    elif kind == "bool":
        node.value = not node.value  # type: ignore[attr-defined]
    elif kind == "int":
        node.value = node.value + 1  # type: ignore[attr-defined]
    elif kind == "sql":
        assert isinstance(detail, tuple)
        start, token = detail
        text = node.value  # type: ignore[attr-defined]
        flipped = text[:start] + _SQL_FLIPS[token] + text[start + len(token) :]
        node.value = flipped  # type: ignore[attr-defined]
    else:
        node.value = "XX" + node.value + "XX"  # type: ignore[attr-defined]


def mutants(
    source: str, functions: list[str] | None, strings: bool, sql: bool | list[str] = False
) -> list[Mutant]:
    tree = ast.parse(source)
    found: list[Mutant] = []
    seen: dict[str, int] = {}
    for i, (node, kind, detail) in enumerate(_sites(tree, functions, strings, sql)):
        line, what = getattr(node, "lineno", 0), _describe(node, kind, detail)
        key = f"{line}: {what}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # the same mutation twice on a line: number the second
            what = f"{what} (#{seen[key]})"
        found.append(Mutant(i, line, what))
    return found


def mutated_source(
    source: str,
    mutant: Mutant,
    functions: list[str] | None,
    strings: bool,
    sql: bool | list[str] = False,
) -> str:
    tree = ast.parse(source)
    for i, (node, kind, detail) in enumerate(_sites(tree, functions, strings, sql)):
        if i == mutant.index:
            _mutate(node, kind, detail)
            break
    tree = ast.fix_missing_locations(copy.deepcopy(tree))
    return ast.unparse(tree)


@dataclass
class Outcome:
    killed: bool
    by: str  # the first failing test, "timeout" or "error"


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def run_tests(
    src_copy: Path, tests: list[str], timeout: float, env_extra: dict[str, str] | None = None
) -> tuple[Outcome, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src_copy), str(ROOT / "bench")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(env_extra or {})
    plugin = ["-p", "mutate_coverage"]
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-n",
        "0",
        "-p",
        "no:cacheprovider",
        *plugin,
        "--hypothesis-seed=0",
        *tests,
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Outcome(True, "timeout"), time.monotonic() - started
    took = time.monotonic() - started
    if done.returncode == 0:
        return Outcome(False, ""), took
    found = _FAILED.search(done.stdout)
    return Outcome(True, found.group(1) if found else f"exit {done.returncode}"), took


class Worker:
    """bench/mutate_worker.py for one target: pytest already imported, a fork per mutant."""

    def __init__(self, src_copy: Path, target: Path) -> None:
        self.src_copy = src_copy
        self.module = ".".join(target.relative_to(src_copy).with_suffix("").parts)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MUTATE_TARGET=str(target))
        env["PYTHONPATH"] = os.pathsep.join([str(src_copy), str(ROOT / "bench")])
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "mutate_worker.py")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, tests: list[str], timeout: float) -> Outcome:
        args = ["-x", "-q", "-p", "no:cacheprovider", "-p", "mutate_coverage"]
        args += ["-n", "0", "--hypothesis-seed=0"]
        request = {"args": args, "only": tests, "timeout": timeout}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if answer["by"] == "timeout":
            return Outcome(True, "timeout")
        if answer["code"] == 0:
            return Outcome(False, "")
        if answer["code"] in (3, 4, 5):  # internal error, usage error, no tests: not a kill
            fails = _import_fails(self.src_copy, self.module)
            if fails:  # (a module-level constant no longer valid: conftest cannot import it)
                return Outcome(True, fails)
            sys.exit(f"mutate: pytest could not run the tests (exit {answer['code']}): {tests}")
        return Outcome(True, answer["by"] or f"exit {answer['code']}")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


def _import_fails(src_copy: Path, module: str) -> str:
    """``"import fails: ValueError"`` when the mutated module cannot be imported, else ``""``."""
    env = dict(os.environ, PYTHONPATH=str(src_copy), PYTHONDONTWRITEBYTECODE="1")
    code = f"try:\n import {module}\nexcept Exception as e:\n raise SystemExit(type(e).__name__)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return f"import fails: {done.stderr.strip()}" if done.returncode else ""


def _copy_src(into: Path) -> Path:
    shutil.copytree(
        ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    return into / "src"


def _check_copy_is_imported(src_copy: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(src_copy))
    where = subprocess.run(
        [sys.executable, "-c", "import wbz_cli; print(wbz_cli.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(src_copy)):
        sys.exit(f"mutate: the copy is not the code imported ({where}); is wbz_cli installed?")


def _function_lines(tree: ast.Module) -> set[int]:
    """Lines inside a function body: only there can a test's trace show a line ran."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for inner in ast.walk(node):
                if hasattr(inner, "lineno") and inner is not node:
                    lines.add(inner.lineno)
    return lines


def _covering(coverage: dict[str, dict], line: int) -> list[str]:
    """The tests that ran ``line``, fastest first."""
    tests = [(v["seconds"], k) for k, v in coverage.items() if line in v["lines"]]
    return [k for _, k in sorted(tests)]


CACHE = ROOT / "bench" / ".mutation_cache"


def _coverage_file(unparsed: str, tests: list[str]) -> Path:
    """Where the baseline's trace is kept: it holds while the target and its tests are unchanged
    (the trace takes minutes for the report's tests; a rerun of the survivors reuses it)."""
    digest = hashlib.sha256(unparsed.encode())
    for test in tests:
        digest.update(test.encode() + (ROOT / test).read_bytes())
    return CACHE / f"{digest.hexdigest()[:16]}.json"


def run_target(
    path: str,
    spec: dict,
    again: set[str] | None = None,
    save: Callable[[dict], None] | None = None,
    log: bool = True,
    check_equivalents: bool = False,
) -> dict:
    """Run every mutant of ``path``, or only those whose keys are in ``again``; ``save`` gets
    the results so far after each mutant (an interrupted run keeps them). The mutants the
    targets file shows equivalent are not run (store/figures.py's 15 took 2-4 min each)
    unless ``check_equivalents``."""
    functions = spec.get("functions")
    strings = bool(spec.get("strings", False))
    sql = spec.get("sql", False)  # true: every SQL flip; a list: only those tokens
    tests = spec["tests"]
    skip = set() if check_equivalents else set(spec.get("equivalent", {}))
    source = (ROOT / path).read_text(encoding="utf-8")
    found = mutants(source, functions, strings, sql)
    # the copy holds the unparsed module: its lines are the ones the trace sees
    unparsed = ast.unparse(ast.parse(source))
    placed = mutants(unparsed, functions, strings, sql)
    plain = [re.sub(r" \(#\d+\)$", "", m.what) for m in found]
    assert [re.sub(r" \(#\d+\)$", "", m.what) for m in placed] == plain, "unparse moved sites"
    in_functions = _function_lines(ast.parse(unparsed))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wbz-mutate-") as tmp:
        src_copy = _copy_src(Path(tmp))
        _check_copy_is_imported(src_copy)
        target = src_copy / Path(path).relative_to("src")
        target.write_text(unparsed, encoding="utf-8")  # must pass: unparse changes nothing
        out = _coverage_file(unparsed, tests)
        if out.exists():
            coverage = json.loads(out.read_text(encoding="utf-8"))
            took = sum(t["seconds"] for t in coverage.values())
        else:
            trace = {"MUTATE_TARGET": str(target), "MUTATE_COVERAGE_OUT": str(out)}
            out.parent.mkdir(exist_ok=True)
            baseline, took = run_tests(src_copy, tests, timeout=7200, env_extra=trace)
            if baseline.killed:
                out.unlink(missing_ok=True)
                sys.exit(f"mutate: {path}: its tests fail without a mutant ({baseline.by})")
            coverage = json.loads(out.read_text(encoding="utf-8"))
        if log:
            print(f"{path}: {len(found)} mutants, traced tests took {took:.1f} s", flush=True)
        results: dict[str, dict] = {}
        worker = Worker(src_copy, target)
        fastest = {}  # the quickest test of each file must pass in the worker, unmutated
        for test in sorted(coverage, key=lambda t: -coverage[t]["seconds"]):
            fastest[test.split("::")[0]] = test
        check = worker.run(list(fastest.values()), timeout=took + 60)
        if check.killed:
            sys.exit(f"mutate: {path}: the worker fails without a mutant ({check.by})")
        for n, (mutant, where) in enumerate(zip(found, placed, strict=True), 1):
            if again is not None and mutant.key not in again:
                continue  # (``again`` holds the survivors and the keys not run before)
            if where.line in in_functions:
                chosen = _covering(coverage, where.line)
                limit = sum(coverage[t]["seconds"] for t in chosen)
            else:  # module level: runs at import, before any test; every test, fastest first
                chosen = sorted(coverage, key=lambda t: coverage[t]["seconds"])
                limit = took
            if mutant.key in skip:  # shown equivalent: it survives every run (its key holds
                # its line and its change, so an edit there makes it a new mutant, run again)
                results[mutant.key] = {"killed": False, "by": "", "note": "equivalent: not run"}
            elif not chosen:
                results[mutant.key] = {"killed": False, "by": "", "note": "no test runs it"}
            else:
                target.write_text(mutated_source(source, mutant, functions, strings, sql), "utf-8")
                outcome = worker.run(chosen, timeout=limit * 3 + 30)
                results[mutant.key] = {"killed": outcome.killed, "by": outcome.by}
            if log:
                r = results[mutant.key]
                state = f"killed by {r['by']}" if r["killed"] else f"SURVIVED {r.get('note', '')}"
                print(f"  [{n}/{len(found)}] line {mutant.key}: {state}", flush=True)
            if save:
                save(_run_record(found, results, started, complete=False))
        worker.close()
    return _run_record(found, results, started, complete=True)


def _run_record(found: list[Mutant], results: dict, started: float, complete: bool) -> dict:
    return {
        "mutants": len(found),
        "keys": [m.key for m in found],
        "results": dict(results),
        "complete": complete,
        "seconds": round(time.monotonic() - started),
        "run_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def merge_run(stored: dict, run: dict, partial: bool = False) -> dict:
    """The new run, plus every mutant that survived some earlier run (to show who kills it).
    A ``partial`` run (the survivors again) updates the results of the last full run."""
    keys = set(run["keys"])  # mutants of an older source that are not made any more: dropped
    if partial:
        kept = {k: r for k, r in stored.get("results", {}).items() if k in keys}
        run = {**run, "results": {**kept, **run["results"]}}
        run["seconds"] += stored.get("seconds", 0)  # the runs' time together
        run["complete"] = run["complete"] and len(run["results"]) == run["mutants"]
    ever = {k: True for k in stored.get("ever_survived", {}) if k in keys}
    for key, result in run["results"].items():
        if not result["killed"]:
            ever[key] = True
    return {**run, "ever_survived": ever}


def write_report(targets: dict, stored: dict) -> str:
    lines = [
        "# Mutation testing (issue 26)",
        "",
        "Written by `make mutate` (`bench/mutate.py`); targets and their tests in",
        "`bench/mutation_targets.toml`. A mutant is one planted bug; killed when a test fails.",
        "% = killed / (mutants - equivalent).",
        "",
        "| file | mutants | killed | survived | equivalent | % | run took | run at |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    survivors: list[str] = []
    for path, spec in targets.items():
        run = stored.get(path)
        if run is None:
            lines.append(f"| {path} | not run | | | | | | |")
            continue
        equivalent = spec.get("equivalent", {})
        results = run["results"]
        killed = sum(1 for r in results.values() if r["killed"])
        eq = sum(1 for k, r in results.items() if not r["killed"] and k in equivalent)
        survived = run["mutants"] - killed - eq
        scored = run["mutants"] - eq
        pct = f"{100 * killed / scored:.1f}" if scored else "100.0"
        took = f"{run['seconds']} s"
        if not run.get("complete", True):
            took += f", stopped: {len(results)} of {run['mutants']} run"
            survived = sum(1 for k, r in results.items() if not r["killed"] and k not in equivalent)
        lines.append(
            f"| {path} | {run['mutants']} | {killed} | {survived} | {eq} | {pct} "
            f"| {took} | {run['run_at']} |"
        )
        for key in sorted(run.get("ever_survived", {}), key=_line_of):
            result = results.get(key)
            if result is None:
                state = "no longer generated (the source changed)"
            elif result["killed"]:
                state = f"killed by `{result['by']}`"
            elif key in equivalent:
                state = f"equivalent: {equivalent[key]}"
            else:
                state = "**survives**"
            line, what = key.split(": ", 1)
            survivors.append(f"- `{path}:{line}` {what}: {state}")
    lines += ["", "## Every mutant that survived a run, and what became of it", ""]
    lines += survivors or ["(none)"]
    return "\n".join(lines) + "\n"


def _line_of(key: str) -> tuple[int, str]:
    line, _, what = key.partition(": ")
    return int(line), what


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", help="one target, e.g. src/wbz_cli/domain/idnumber.py")
    parser.add_argument(
        "--survivors", action="store_true", help="run again only the mutants that survived"
    )
    parser.add_argument("--report-only", action="store_true", help="rewrite mutation.md only")
    parser.add_argument(
        "--check-equivalents",
        action="store_true",
        help="run the mutants shown equivalent too (a test that kills one shows its reason wrong)",
    )
    args = parser.parse_args()
    targets = tomllib.loads(TARGETS.read_text(encoding="utf-8"))["targets"]
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if args.file and args.file not in targets:
        sys.exit(f"mutate: {args.file} is not in {TARGETS.relative_to(ROOT)}")
    chosen = [] if args.report_only else [args.file] if args.file else list(targets)
    for path in chosen:
        before = stored.get(path, {})
        again = None
        if args.survivors and before:
            source = (ROOT / path).read_text(encoding="utf-8")
            spec = targets[path]
            every = mutants(
                source, spec.get("functions"), spec.get("strings", False), spec.get("sql", False)
            )
            done = before["results"]
            again = {
                m.key
                for m in every
                if m.key not in done
                or not done[m.key]["killed"]
                or done[m.key]["by"] in ("exit 3", "exit 4", "exit 5")  # not a kill: run again
            }

        def save(
            run: dict, path: str = path, before: dict = before, again: set | None = again
        ) -> None:
            stored[path] = merge_run(before, run, partial=again is not None)
            RESULTS.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", "utf-8")
            REPORT.write_text(write_report(targets, stored), encoding="utf-8")

        save(run_target(path, targets[path], again, save, check_equivalents=args.check_equivalents))
    REPORT.write_text(write_report(targets, stored), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
