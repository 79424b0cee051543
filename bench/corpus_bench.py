"""Benchmark of `docktest check` on the real-Markdown corpora: findings by severity, time, blocks per second.

    .venv/bin/python bench/corpus_bench.py [--corpora /work/corpora] [--json OUT] [--list-errors DIR] [NAME ...]

Each corpus is a folder CORPORA/<name>/ written by bench/corpora.py. The check runs in-process through the
CLI's own entry point (`docktest check --format json`, from inside the corpus folder, so paths read
`<owner>+<name>/<path>`), with the sources of PYTHONPATH, else of this checkout, first on the path.
Findings are counted by their severity field, so levels added later (note) count without a change here.
Blocks are the blocks the check reads: shell blocks, untagged fences that hold commands, file blocks
(Dockerfile, Compose, named files). Each source folder is checked on its own, with the `[tool.docktest]`
settings its site would write when corpora.json gives them ("sites configured"; bench/corpora.py --no-settings
writes none). Time is the check's once imports are warm, in the cheapest
of --repeat runs: wall time, and CPU time of this process and its children; blocks/s is per CPU second
(the machine is shared: wall time says as much about the neighbours).

bench/corpora-defects.json lists the real defects (a reader running the line, placeholders filled,
gets an error) found on the corpora: the bench says how many of them are still found at their line,
and `--list-errors DIR` writes DIR/errors-<corpus>.txt (every error, `path:line: rule: message`) and
DIR/unexplained-<corpus>.txt (errors that are no known real defect: candidates for false alarms).
Prints figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's sources before the venv's editable install, but after PYTHONPATH: another worktree's
# sources can be measured with the same script (PYTHONPATH=/work/wt-X/src).
sys.path.insert(1 + len([p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]), str(ROOT / "src"))
from docktest.adapters import cli
from docktest.extract import markdown

DEFECTS = Path(__file__).resolve().parent / "corpora-defects.json"
LEVELS = ("error", "warning", "note")
RANK = {"note": 0, "warning": 1, "error": 2}  # a defect counts as found by a finding at least this severe


@dataclass
class Measure:
    corpus: str
    files: int
    blocks: int
    seconds: float  # wall time of the run that used the least CPU
    cpu_seconds: float  # CPU time of this process and its children in that run: what the check itself costs
    findings: list[dict] = field(default_factory=list)
    configured: int = 0  # sources whose folder holds the site's [tool.docktest] settings (bench/corpora.py)

    @property
    def by_severity(self) -> dict[str, int]:
        counts = Counter(f["severity"] for f in self.findings)
        return {level: counts.get(level, 0) for level in (*LEVELS, *sorted(set(counts) - set(LEVELS)))}


def cpu_time() -> float:
    """CPU seconds used so far by this process and the children it waited for (`bash -n`, the docker client)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _checked_blocks(page: Path) -> int:
    parsed = markdown.parse_page(page.as_posix(), markdown.read_page(page.as_posix()))
    # getattr: the bench also measures older sources (PYTHONPATH), whose Page had neither field
    return len(parsed.snippets) + len(getattr(parsed, "untagged", ())) + len(getattr(parsed, "files", ()))


def check(folder: Path, repeat: int) -> Measure:
    """Run `docktest check --format json` on every page under FOLDER, from inside it, one source folder at a time (so
    each site's own `[tool.docktest]` settings apply, as in its repository); the cheapest of REPEAT runs."""
    tops = sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
    previous = Path.cwd()
    os.chdir(folder)
    try:
        pages = markdown.find_pages(tops)
        blocks = sum(_checked_blocks(page) for page in pages)
        seconds = cpu_seconds = float("inf")
        for _ in range(repeat):  # the machine is shared: the cheapest run is the one least disturbed
            outs, err = [], io.StringIO()
            started, cpu_started = time.perf_counter(), cpu_time()
            for top in tops:
                outs.append(io.StringIO())
                with contextlib.redirect_stdout(outs[-1]), contextlib.redirect_stderr(err):
                    exit_code = cli.main(["check", "--format", "json", top])
                if exit_code not in (0, 1):
                    raise RuntimeError(f"docktest check {folder / top} exited {exit_code}: {err.getvalue()[-2000:]}")
            cpu = cpu_time() - cpu_started
            if cpu < cpu_seconds:
                seconds, cpu_seconds = time.perf_counter() - started, cpu
    finally:
        os.chdir(previous)
    findings = [finding for out in outs for finding in json.loads(out.getvalue())["findings"]]
    configured = sum((folder / top / "pyproject.toml").is_file() for top in tops)
    return Measure(folder.name, len(pages), blocks, seconds, cpu_seconds, findings, configured)


def warm_up(folder: Path) -> None:
    """Load the check's lazy imports (tree-sitter, the docker table) on one page, so they are not timed."""
    page = next(folder.rglob("*.md"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["check", "--format", "json", str(page)])


def error_line(finding: dict) -> str:
    return f"{finding['path']}:{finding['line']}: {finding['rule']}: {finding['message']}"


def known_defects(corpus: str) -> list[dict]:
    if not DEFECTS.is_file():
        return []
    return [d for d in json.loads(DEFECTS.read_text(encoding="utf-8"))["defects"] if d["corpus"] == corpus]


def found(defect: dict, findings: list[dict]) -> bool:
    """Still reported at its line, at least as severe as when it was recorded (a typo stays an error)."""
    floor = RANK[defect.get("severity", "error")]
    return any(f["path"] == defect["path"] and f["line"] == defect["line"] and RANK.get(f["severity"], 0) >= floor
               for f in findings)


def unexplained(measure: Measure, defects: list[dict]) -> list[dict]:
    """Errors at no known real defect's line: candidates for false alarms."""
    places = {(d["path"], line) for d in defects for line in (d["line"], *d.get("lines", ()))}
    return [f for f in measure.findings if f["severity"] == "error" and (f["path"], f["line"]) not in places]


def summary(measure: Measure, defects: list[dict]) -> dict:
    return {"corpus": measure.corpus, "files": measure.files, "blocks": measure.blocks,
            "findings": measure.by_severity, "seconds": round(measure.seconds, 3),
            "cpu_seconds": round(measure.cpu_seconds, 3), "blocks_per_s": round(measure.blocks / measure.cpu_seconds),
            "real_defects": len(defects), "real_defects_found": sum(found(d, measure.findings) for d in defects),
            "unexplained_errors": len(unexplained(measure, defects)), "sites_configured": measure.configured,
            "rules": dict(Counter(f"{f['severity']}:{f['rule']}" for f in measure.findings).most_common())}


def table(rows: list[dict]) -> str:
    levels = [*LEVELS, *sorted({level for row in rows for level in row["findings"]} - set(LEVELS))]
    lines = [["corpus", "files", "blocks", *levels, "time s", "cpu s", "blocks/s", "real defects found",
              "other errors", "other errors % of blocks", "sites configured"]]
    for row in rows:
        share = 100 * row["unexplained_errors"] / row["blocks"] if row["blocks"] else 0
        lines.append([row["corpus"], row["files"], row["blocks"], *(row["findings"].get(level, 0) for level in levels),
                      f"{row['seconds']:.2f}", f"{row['cpu_seconds']:.2f}", row["blocks_per_s"],
                      f"{row['real_defects_found']} of {row['real_defects']}", row["unexplained_errors"],
                      f"{share:.1f}", row["sites_configured"]])
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(str(cell).rjust(w) if i else str(cell).ljust(w)
                               for i, (cell, w) in enumerate(zip(line, widths))) for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="corpora to check (default: every folder)")
    parser.add_argument("--corpora", type=Path, default=Path("/work/corpora"),
                        help="folder of corpora written by bench/corpora.py (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="check each corpus N times, keep the cheapest (default: 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON to OUT")
    parser.add_argument("--list-errors", type=Path, metavar="DIR",
                        help="write DIR/errors-<corpus>.txt and DIR/unexplained-<corpus>.txt")
    args = parser.parse_args(argv)
    folders = [args.corpora / n for n in args.names] if args.names else sorted(
        p for p in args.corpora.iterdir() if p.is_dir())
    absent = [str(f) for f in folders if not f.is_dir()]
    if absent or not folders:
        parser.error(f"no corpus at {', '.join(absent) or args.corpora}; write them with bench/corpora.py")
    warm_up(folders[0])
    rows = []
    for folder in folders:
        measure = check(folder, args.repeat)
        defects = known_defects(measure.corpus)
        rows.append(summary(measure, defects))
        for defect in defects:
            if not found(defect, measure.findings):
                print(f"lost real defect: {measure.corpus}: {defect['path']}:{defect['line']}: {defect['rule']}")
        if args.list_errors:
            args.list_errors.mkdir(parents=True, exist_ok=True)
            errors = [f for f in measure.findings if f["severity"] == "error"]
            for stem, chosen in (("errors", errors), ("unexplained", unexplained(measure, defects))):
                (args.list_errors / f"{stem}-{measure.corpus}.txt").write_text(
                    "".join(error_line(f) + "\n" for f in chosen), encoding="utf-8")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
