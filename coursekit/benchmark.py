"""``make bench``: build speed and output size, measured against the targets.

Every scenario runs on a scratch copy of the repository (sharing ``.venv``),
several times, and is judged by its median. Documents read and notebooks
executed come from Sphinx itself (``build_stats``). Prints a table and writes
the same figures as JSON.

Targets (2-core machine):

* a cold ``make`` takes at most 1.5 times a cold French HTML build (same run);
* a cold ``make`` executes each notebook at most once per language;
* ``make`` with nothing changed: under 2 s, nothing read or executed;
* one English msgstr changed: ``make html-en`` reads only that page, under 3 s;
* one notebook changed: ``make`` executes only it, once per language;
* no HTML page above 300 KB with its CSS and JavaScript (transferred); each EPUB under 2 MB.

Usage: ``python -m coursekit.benchmark [--repeat N] [--output bench.json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import polib

from coursekit.build_stats import STATS_VARIABLE
from coursekit.languages import all_languages
from coursekit.paths import REPO_ROOT

PAGE_LIMIT = 300 * 1024
EPUB_LIMIT = 2 * 1024 * 1024


@dataclass
class Result:
    scenario: str
    target: str
    seconds: list[float] = field(default_factory=list)
    documents_read: int = 0
    notebooks_executed: int = 0
    value: str = ""
    met: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def spread(self) -> float:
        return max(self.seconds) - min(self.seconds) if self.seconds else 0.0


class Scratch:
    """A copy of the repository where the benchmark may change and build anything."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="coo-bench-"))
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout  # fmt: skip
        for relative in filter(None, listed.split("\0")):
            source = REPO_ROOT / relative
            if source.is_file():
                (self.root / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, self.root / relative)
        (self.root / ".venv").symlink_to(REPO_ROOT / ".venv")
        self.stats = self.root / "stats.jsonl"

    def make(self, *targets: str) -> tuple[float, list[dict]]:
        """Run make; return its wall time and what each Sphinx run read."""
        self.stats.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(["make", *targets], cwd=self.root, check=True, capture_output=True,
                       env={**os.environ, STATS_VARIABLE: str(self.stats)})  # fmt: skip
        elapsed = time.perf_counter() - started
        runs = [json.loads(line) for line in self.stats.read_text().splitlines()] if self.stats.exists() else []
        return elapsed, runs

    def clean(self) -> None:
        """Back to a fresh clone: no build, no compiled catalog, no generated figure."""
        shutil.rmtree(self.root / "_build", ignore_errors=True)
        shutil.rmtree(self.root / "course" / "figures" / "translated", ignore_errors=True)
        for compiled in (self.root / "locales").rglob("*.mo"):
            compiled.unlink()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _reads(runs: list[dict]) -> tuple[int, Counter]:
    executed = Counter((run["language"], name) for run in runs for name in run["notebooks"])
    return sum(len(run["read"]) for run in runs), executed


def cold_builds(scratch: Scratch, repeat: int) -> tuple[Result, Result, Result]:
    french = Result("cold `make html-fr`", "reference")
    full = Result("cold `make`", "≤ 1.5 × cold html-fr")
    once = Result("notebook runs in a cold `make`", "≤ 1 per notebook and language")
    worst = 0
    for _ in range(repeat):
        scratch.clean()
        seconds, _runs = scratch.make("html-fr")
        french.seconds.append(seconds)
        scratch.clean()
        seconds, runs = scratch.make()
        full.seconds.append(seconds)
        full.documents_read, executed = _reads(runs)
        full.notebooks_executed = sum(executed.values())
        worst = max([worst, *executed.values()])
    ratio = full.median / french.median
    full.value, full.met = f"{ratio:.2f} ×", ratio <= 1.5
    once.notebooks_executed = full.notebooks_executed
    once.value, once.met = f"max {worst} per notebook and language", worst <= 1
    french.met, french.value = True, "—"
    return french, full, once


def no_op(scratch: Scratch, repeat: int) -> Result:
    result = Result("`make` with nothing changed", "< 2 s, nothing read")
    scratch.make()
    for _ in range(repeat):
        seconds, runs = scratch.make()
        result.seconds.append(seconds)
        result.documents_read, executed = _reads(runs)
        result.notebooks_executed = sum(executed.values())
    result.met = result.median < 2 and result.documents_read == 0 and result.notebooks_executed == 0
    result.value = f"{result.median:.2f} s"
    return result


def one_translation(scratch: Scratch, repeat: int) -> Result:
    result = Result("one English msgstr changed, `make html-en`", "< 3 s, reads only that page")
    catalog = scratch.root / "locales" / "en" / "LC_MESSAGES" / "course" / "02-missions.po"
    scratch.make("html-en")
    read_sets = []
    for round_number in range(repeat):
        entries = polib.pofile(str(catalog), wrapwidth=79)
        entry = next(entry for entry in entries if entry.translated() and entry.msgstr.endswith("."))
        entry.msgstr = entry.msgstr[:-1] + ("!" if round_number % 2 == 0 else ".")
        entries.save(str(catalog))
        seconds, runs = scratch.make("html-en")
        result.seconds.append(seconds)
        read_sets.append(sorted({name for run in runs for name in run["read"]}))
    result.documents_read = max(len(reads) for reads in read_sets)
    result.met = result.median < 3 and all(reads == ["course/02-missions"] for reads in read_sets)
    result.value = f"{result.median:.2f} s, read {read_sets[-1]}"
    return result


def one_notebook(scratch: Scratch, repeat: int) -> Result:
    result = Result("one notebook changed, `make`", "only it runs, once per language")
    path = scratch.root / "exercises" / "03-ceo-ou-coo.ipynb"
    scratch.make()
    ok = True
    for round_number in range(repeat):
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[-1]
        first.source = first.source.rstrip() + ("\n" if round_number % 2 == 0 else "")
        nbformat.write(notebook, path)
        seconds, runs = scratch.make()
        result.seconds.append(seconds)
        _count, executed = _reads(runs)
        expected = Counter({(language, "exercises/03-ceo-ou-coo"): 1 for language in all_languages()})
        ok &= executed == expected
        result.notebooks_executed = sum(executed.values())
        result.documents_read = _count
    result.met, result.value = ok, f"{result.notebooks_executed} runs for {len(all_languages())} languages"
    return result


def _transfer_size(path: Path) -> int:
    """Bytes a browser downloads from a server that compresses (gzip, level 6)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_weight(scratch: Scratch) -> tuple[Result, Result]:
    """The heaviest page with the CSS and JavaScript it loads.

    Judged on transfer size (what crosses the network, compressed, as page
    weight is usually measured); the raw size on disk is reported beside it.
    """
    html_root = scratch.root / "_build" / "html"
    heaviest = (0, 0, "")
    for page in html_root.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        assets = {page.parent / asset for asset in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"#?]+\.(?:css|js))', text)}
        files = [page, *(asset for asset in assets if asset.is_file())]
        transfer, raw = sum(map(_transfer_size, files)), sum(path.stat().st_size for path in files)
        if transfer > heaviest[0]:
            heaviest = (transfer, raw, page.relative_to(html_root).as_posix())
    pages = Result("heaviest HTML page with its CSS and JS", "≤ 300 KB transferred")
    pages.value = f"{heaviest[0] / 1024:.0f} KB transferred, {heaviest[1] / 1024:.0f} KB raw ({heaviest[2]})"
    pages.met = heaviest[0] <= PAGE_LIMIT
    epubs = sorted((scratch.root / "_build" / "epub").rglob("*.epub"))
    largest = max(epub.stat().st_size for epub in epubs)
    books = Result("largest EPUB", "< 2 MB")
    books.value = ", ".join(f"{epub.name} {epub.stat().st_size / 1024:.0f} KB" for epub in epubs)
    books.met = largest < EPUB_LIMIT
    return pages, books


def print_table(results: list[Result]) -> None:
    header = f"{'scenario':<44} {'median':>8} {'spread':>7} {'read':>5} {'nb run':>6}  {'target':<34} {'result':<8} value"
    print(header)
    print("-" * len(header))
    for result in results:
        timing = (f"{result.median:>7.2f}s {result.spread:>6.2f}s" if result.seconds else f"{'—':>8} {'—':>7}")
        print(f"{result.scenario:<44} {timing} {result.documents_read:>5} {result.notebooks_executed:>6}  "
              f"{result.target:<34} {'met' if result.met else 'NOT MET':<8} {result.value}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure build speed and output size against the targets.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "_build" / "bench.json")
    arguments = parser.parse_args(argv)
    scratch = Scratch()
    print(f"benchmark in {scratch.root} ({arguments.repeat} runs per scenario)", flush=True)
    try:
        results = []
        for step, measure in enumerate((cold_builds, no_op, one_translation, one_notebook), start=1):
            print(f"[{step}/5] {measure.__name__.replace('_', ' ')}…", flush=True)
            outcome = measure(scratch, arguments.repeat)
            results += list(outcome) if isinstance(outcome, tuple) else [outcome]
        print("[5/5] page weight…", flush=True)
        results += list(page_weight(scratch))
    finally:
        scratch.remove()
    print()
    print_table(results)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps([asdict(result) | {"median": result.median, "spread": result.spread}
                                            for result in results], indent=2, ensure_ascii=False) + "\n")  # fmt: skip
    print(f"\nwritten: {arguments.output}")
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
