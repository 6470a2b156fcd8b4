"""Mutation testing: plant one small mistake at a time in the generator and see whether the tests catch it.

    python scripts/mutate.py [MODULE…] [--sample N] [--seed S] [--list] [--json FILE]

For each module named in scripts/mutate.toml (all of them by default, or those whose path
contains one of the MODULE arguments), this script parses the listed functions with `ast`
and makes every mutant of the kinds below:

    compare   a comparison turned round or made off by one: < <=, > >=, == !=, in / not in, is / is not
    boolean   `and` for `or` and back
    not       a `not` dropped
    constant  0 1, an integer n n+1, True False, "" "x", a one-character string ""
    return    a returned value replaced with None
    statement a call made for its effect, a `continue` or a `break` replaced with `pass`
    escape    an escaping or sanitizing call (escape, quote, sanitize…) replaced with its argument

Each mutant is written into the real file, only that module's test files run
(`pytest -x -q -p no:cacheprovider`, with a timeout of twice the clean run and 20 s), and
the original file is written back with its own modification time, whatever happens
(Ctrl-C included). Python writes no bytecode while a mutant is planted, so no stale
.pyc can outlive it; each test builds its sites in its own temporary folder, so no
cache in them outlives a mutant either. At the end `git diff` must show sitegen/
untouched.

A mutant is killed when a test fails, survives when they all pass, and times out
when they run past the timeout (counted as killed, as a hang is caught). Mutants
that cannot change what the generator does are listed in scripts/mutate.toml with
why, and left out of the score. Prints per module: mutants, killed, survived,
timed out, equivalent, score, then each survivor with file:line and the mutation.

`--sample N` takes N mutants per module, the same N for the same seed; `--again FILE` runs only
the mutants that survived in an earlier `--json` FILE (after tests were added) and keeps the
other outcomes.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGETS = Path(__file__).resolve().with_suffix(".toml")

COMPARE_SWAPS: dict[type, type] = {
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
# Calls that make text safe for where it goes: removing one must be caught.
ESCAPES = {"escape", "quote", "quoteattr", "sanitize", "_text", "_fold", "xml_escape", "escape_attribute", "Markup", "urlquote"}


@dataclass(frozen=True)
class Mutant:
    """One planted mistake: where, what it was, what it became."""

    module: str
    line: int
    kind: str
    before: str
    after: str
    start: tuple[int, int]  # (line, column in UTF-8 bytes) of the replaced text
    end: tuple[int, int]
    text: str  # what replaces it, in full

    @property
    def name(self) -> str:
        return f"{self.module}:{self.line}: {self.kind}: {self.before} -> {self.after}"


def _selected(tree: ast.Module, functions: list[str] | None) -> list[ast.AST]:
    """The function definitions named (Class.method or function), or every one."""
    found: list[ast.AST] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                if functions is None or name in functions:
                    found.append(child)
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    if functions is not None:
        named = {getattr(node, "name", "") for node in found}
        missing = [name for name in functions if name.rsplit(".", 1)[-1] not in named]
        if missing:
            raise SystemExit(f"scripts/mutate.toml names functions that are not there: {', '.join(missing)}")
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _replacements(node: ast.AST, inside_fstring: bool) -> list[tuple[str, ast.AST | str]]:
    """(kind, replacement node or source text) for each mutant of this node alone."""
    out: list[tuple[str, ast.AST | str]] = []
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap:
                ops = list(node.ops)
                ops[index] = swap()
                out.append(("compare", ast.Compare(left=node.left, ops=ops, comparators=node.comparators)))
    elif isinstance(node, ast.BoolOp):
        out.append(("boolean", ast.BoolOp(op=ast.Or() if isinstance(node.op, ast.And) else ast.And(), values=node.values)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("not", node.operand))
    elif isinstance(node, ast.Constant) and not inside_fstring:
        value = node.value
        if value is True or value is False:
            out.append(("constant", ast.Constant(not value)))
        elif isinstance(value, int):
            out.append(("constant", ast.Constant(1 if value == 0 else 0 if value == 1 else value + 1)))
        elif isinstance(value, str) and value == "":
            out.append(("constant", ast.Constant("x")))
        elif isinstance(value, str) and len(value) == 1:
            out.append(("constant", ast.Constant("")))
    elif isinstance(node, ast.Call) and _call_name(node) in ESCAPES and len(node.args) == 1 and not node.keywords:
        out.append(("escape", node.args[0]))
    elif isinstance(node, ast.Return) and node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        out.append(("return", "return None"))
    elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)) or isinstance(node, ast.Continue | ast.Break):
        out.append(("statement", "pass"))
    return out


def make_mutants(module: str, source: str, functions: list[str] | None) -> list[Mutant]:
    """Every mutant of the selected functions of one module, in source order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    mutants: list[Mutant] = []
    seen: set[tuple] = set()

    def walk(node: ast.AST, inside_fstring: bool, docstring: ast.AST | None) -> None:
        if node is not docstring and hasattr(node, "lineno"):
            located: Any = node  # an expression, statement, argument, keyword…: each has a place
            for kind, replacement in _replacements(node, inside_fstring):
                after = replacement if isinstance(replacement, str) else f"({ast.unparse(replacement)})"
                start = (located.lineno, located.col_offset)
                end = (located.end_lineno or located.lineno, located.end_col_offset or 0)
                key = (start, end, after)
                if key in seen:
                    continue
                seen.add(key)
                before = _segment(lines, start, end)
                if isinstance(node, ast.expr) and not _is_source_of(before, node):
                    continue  # a position Python got wrong (parts of f-strings before 3.12)
                mutant = Mutant(module, node.lineno, kind, _short(before), _short(after), start, end, after)
                if not _compiles(plant(source, mutant)):  # inside an f-string, a string may need the other quotes
                    mutant = replace(mutant, text=after.translate(_OTHER_QUOTES), after=_short(after.translate(_OTHER_QUOTES)))
                    if not _compiles(plant(source, mutant)):
                        continue
                mutants.append(mutant)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                continue  # a class inside a function is mutated only when listed itself
            walk(child, inside_fstring or isinstance(node, ast.JoinedStr), None)

    for function in _selected(tree, functions):
        body = getattr(function, "body", [])
        first = body[0] if body else None
        is_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        for statement in body:
            walk(statement, False, first if is_doc else None)
    return mutants


def _segment(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    data = [line.encode() for line in lines[start[0] - 1 : end[0]]]
    if len(data) == 1:
        return data[0][start[1] : end[1]].decode()
    return b"\n".join([data[0][start[1] :], *data[1:-1], data[-1][: end[1]]]).decode()


_OTHER_QUOTES = str.maketrans({"'": '"', '"': "'"})


def _compiles(source: str) -> bool:
    try:
        compile(source, "<mutant>", "exec")
    except SyntaxError:
        return False
    return True


def _is_source_of(text: str, node: ast.expr) -> bool:
    try:
        parsed = ast.parse(f"({text})", mode="eval").body
    except SyntaxError:
        return False
    return ast.dump(parsed) == ast.dump(node)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "..."


def plant(source: str, mutant: Mutant) -> str:
    """The module's source with the mutant's text put in place of the original."""
    data = source.encode()
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    begin = starts[mutant.start[0] - 1] + mutant.start[1]
    finish = starts[mutant.end[0] - 1] + mutant.end[1]
    return (data[:begin] + mutant.text.encode() + data[finish:]).decode()


def run_tests(tests: list[str], timeout: float, select: str | None = None) -> tuple[str, float]:
    """'passed', 'failed' or 'timeout', and the seconds taken, for the module's tests as the tree now is."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *(["-k", select] if select else []), *tests],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout", time.monotonic() - started
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return ("passed" if code == 0 else "failed"), time.monotonic() - started


def _record(mutant: Mutant) -> dict:
    record = asdict(mutant)
    del record["text"], record["start"], record["end"]
    return record


def counts_of(results: list[dict]) -> dict[str, int]:
    counts = {"killed": 0, "survived": 0, "timeout": 0, "equivalent": 0}
    for result in results:
        counts[result["outcome"]] += 1
    return counts


def _mutation(mutant: Mutant) -> str:
    return f"{mutant.kind}: {mutant.before} -> {mutant.after}"


def _identity(record: dict) -> tuple:
    return (record["module"], record["line"], record["kind"], record["before"], record["after"])


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="only the modules whose path contains one of these")
    parser.add_argument("--sample", type=int, help="at most N mutants per module (a seeded sample)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--json", type=Path, help="write every mutant's outcome to this file")
    parser.add_argument("--again", type=Path, help="run again only the mutants that survived in this --json file; keep the others' outcomes")
    args = parser.parse_args(argv)

    data = tomllib.loads(TARGETS.read_text(encoding="utf-8"))
    equivalents = {(entry["module"], " ".join(entry["line"].split()), entry["mutation"]) for entry in data.get("equivalent", [])}
    modules = {name: table for name, table in data["modules"].items() if not args.modules or any(part in name for part in args.modules)}
    if not modules:
        parser.error("no module in scripts/mutate.toml matches")

    signal.signal(signal.SIGTERM, _terminate)
    began = time.monotonic()
    results: list[dict] = []
    rows: list[tuple] = []
    failed = False
    try:
        for module, table in modules.items():
            path = REPO / module
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            mutants = make_mutants(module, source, table.get("functions"))
            carried: list[dict] = []
            if args.again:
                earlier = [result for result in json.loads(args.again.read_text(encoding="utf-8")) if result["module"] == module]
                survived = {_identity(result) for result in earlier if result["outcome"] == "survived"}
                carried = [result for result in earlier if result["outcome"] != "survived"]
                mutants = [mutant for mutant in mutants if _identity(_record(mutant)) in survived]
            elif args.sample and len(mutants) > args.sample:
                mutants = sorted(random.Random(f"{args.seed}:{module}").sample(mutants, args.sample), key=lambda m: m.start)
            if args.list:
                for mutant in mutants:
                    print(mutant.name)
                continue
            # Mutants named equivalent in mutate.toml are counted as such and not run.
            same = [mutant for mutant in mutants if (module, " ".join(lines[mutant.line - 1].split()), _mutation(mutant)) in equivalents]
            carried += [{**_record(mutant), "outcome": "equivalent"} for mutant in same]
            made = len(mutants)
            mutants = [mutant for mutant in mutants if mutant not in same]
            if not mutants:
                rows.append((module, made + len(carried) - len(same), counts_of(carried)))
                results.extend(carried)
                continue
            tests = table["tests"]
            select = table.get("select")
            clean, seconds = run_tests(tests, timeout=1800, select=select)
            if clean != "passed":
                print(f"{module}: its tests do not pass without a mutant ({clean}): {' '.join(tests)}", file=sys.stderr)
                failed = True
                break
            timeout = 2 * seconds + 20
            counts = counts_of(carried)
            results.extend(carried)
            print(f"{module}: {len(mutants)} mutants to run, tests {seconds:.0f} s clean", flush=True)
            stat = path.stat()
            for mutant in mutants:
                mutated = plant(source, mutant)
                try:
                    path.write_text(mutated, encoding="utf-8")
                    outcome, took = run_tests(tests, timeout, select)
                finally:
                    path.write_text(source, encoding="utf-8")
                    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                outcome = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[outcome]
                counts[outcome] += 1
                results.append({**_record(mutant), "outcome": outcome, "seconds": round(took, 1)})
                if outcome == "survived":
                    print(f"  survived {mutant.name}", flush=True)
            rows.append((module, made + len(carried) - len(same), counts))
    except KeyboardInterrupt:
        print("interrupted: the module being mutated was written back", file=sys.stderr)
    finally:
        dirty = subprocess.run(["git", "diff", "--stat", "--", "sitegen"], cwd=REPO, capture_output=True, text=True).stdout
        if dirty:
            print(f"sitegen/ differs from git after the run:\n{dirty}", file=sys.stderr)
    if args.list:
        return 0

    print(f"\n{'module':30} {'mutants':>7} {'killed':>6} {'survived':>8} {'timeout':>7} {'equiv.':>6} {'score':>6}")
    for module, made, counts in rows:
        scored = counts["killed"] + counts["timeout"] + counts["survived"]
        score = 100 * (counts["killed"] + counts["timeout"]) / scored if scored else 100.0
        print(f"{module:30} {made:7} {counts['killed']:6} {counts['survived']:8} {counts['timeout']:7} {counts['equivalent']:6} {score:5.0f} %")
    if len(rows) > 1:
        total = {name: sum(counts[name] for _, _, counts in rows) for name in ("killed", "survived", "timeout", "equivalent")}
        scored = total["killed"] + total["timeout"] + total["survived"]
        score = 100 * (total["killed"] + total["timeout"]) / scored if scored else 100.0
        made = sum(made for _, made, _ in rows)
        print(f"{'all':30} {made:7} {total['killed']:6} {total['survived']:8} {total['timeout']:7} {total['equivalent']:6} {score:5.0f} %")
    print(f"\n{time.monotonic() - began:.0f} s")
    survivors = [result for result in results if result["outcome"] == "survived"]
    if survivors:
        print("\nsurvivors:")
        for result in survivors:
            print(f"  {result['module']}:{result['line']}: {result['kind']}: {result['before']} -> {result['after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 2 if failed else 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
