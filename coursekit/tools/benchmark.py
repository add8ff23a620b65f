"""``make bench``: build speed and output size, measured against the targets.

Every scenario runs on a scratch copy of the repository (sharing ``.venv``),
several times, and is judged by its median. Documents read and notebooks
executed come from Sphinx itself (``coursekit.sphinxext.build_stats``). Prints a
table, and writes the same figures as JSON and as a Markdown table (the one
in the README's "Performance" section).

Targets (2-core machine):

* a cold ``make`` takes at most 1.5 times a cold French HTML build (same run);
* a cold ``make`` executes each notebook at most once per language;
* ``make`` with nothing changed: under 2 s, nothing read or executed;
* one English msgstr changed: ``make html-en`` reads only that page, under 1 s (a translator's loop);
* one notebook changed: ``make`` executes only it, once per language;
* no HTML page above 300 KB on disk with everything it loads as it opens
  (``coursekit.testing.page_weight``: servers that do not compress send that much);
  each EPUB under 2 MB;
* the print edition (``make pdf-<lang>`` once its website is built: Sphinx's
  LaTeX builder and XeLaTeX, cold): measured per language, with each PDF's
  pages and size; no target (reported for the README);
* Lighthouse, mobile profile, median of 3 runs (``coursekit.tools.lighthouse``): home,
  module 3, exercise 4 and synthesis in every language score at least 95 in
  performance, accessibility, best practices and SEO.

Usage::

    python -m coursekit.tools.benchmark [--repeat N] [--cold-repeat N] [--lighthouse-runs N] [--output bench.json]
        [--only cold|no-op|translation|notebook|print|page-weight|lighthouse ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.builds import (
    CHANGED_NOTEBOOK,
    TRANSLATED_PAGE,
    build,
    change_one_notebook,
    change_one_translation,
    documents_read,
    notebook_runs,
)
from coursekit.testing.page_weight import PAGE_BUDGET, heaviest_pages
from coursekit.testing.working_copy import copy_of_repository
from coursekit.tools import lighthouse

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


# -- Scenarios -------------------------------------------------------------------


class Scratch:
    """A copy of the repository where the benchmark may change and build anything."""

    def __init__(self) -> None:
        self.root = copy_of_repository(Path(tempfile.mkdtemp(prefix="coo-bench-")) / "repo")

    def make(self, *targets: str) -> tuple[float, list[dict]]:
        return build(self.root, *targets)

    def clean(self) -> None:
        """Back to a fresh clone: no build, no compiled catalog, no generated figure."""
        shutil.rmtree(self.root / "_build", ignore_errors=True)
        shutil.rmtree(self.root / "course" / "figures" / "translated", ignore_errors=True)
        for compiled in (self.root / "locales").rglob("*.mo"):
            compiled.unlink()

    def remove(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)


def cold_builds(scratch: Scratch, repeat: int) -> tuple[Result, Result, Result]:
    french = Result("cold `make html-fr`", "reference")
    full = Result("cold `make`", "≤ 1.5 × cold html-fr")
    once = Result("notebook runs in a cold `make`", "≤ 1 per notebook and language")
    worst = 0
    for _ in range(repeat):
        scratch.clean()
        seconds, runs = scratch.make("html-fr")
        french.seconds.append(seconds)
        french.documents_read = sum(len(run["read"]) for run in runs)
        french.notebooks_executed = sum(notebook_runs(runs).values())
        scratch.clean()
        seconds, runs = scratch.make()
        full.seconds.append(seconds)
        executed = notebook_runs(runs)
        full.documents_read = once.documents_read = sum(len(run["read"]) for run in runs)
        full.notebooks_executed = once.notebooks_executed = sum(executed.values())
        worst = max([worst, *executed.values()])
    ratio = full.median / french.median
    full.value, full.met = f"{ratio:.2f} ×", ratio <= 1.5
    once.value, once.met = f"at most {worst} per notebook and language", worst <= 1
    french.value, french.met = f"{french.median:.1f} s", True
    return french, full, once


def no_op(scratch: Scratch, repeat: int) -> Result:
    result = Result("`make` with nothing changed", "< 2 s, nothing read")
    scratch.make()
    for _ in range(repeat):
        seconds, runs = scratch.make()
        result.seconds.append(seconds)
        result.documents_read = max(result.documents_read, len(documents_read(runs)))
        result.notebooks_executed = max(result.notebooks_executed, sum(notebook_runs(runs).values()))
    result.met = result.median < 2 and result.documents_read == 0 and result.notebooks_executed == 0
    result.value = f"{result.median:.2f} s, {len(runs)} Sphinx runs"
    return result


def one_translation(scratch: Scratch, repeat: int) -> Result:
    result = Result("one English msgstr changed, `make html-en`", "< 1 s, reads only that page")
    scratch.make("html-en")
    read_sets = []
    for _ in range(repeat):
        change_one_translation(scratch.root)
        seconds, runs = scratch.make("html-en")
        result.seconds.append(seconds)
        read_sets.append(sorted(documents_read(runs)))
    result.documents_read = max(len(reads) for reads in read_sets)
    result.met = result.median < 1 and all(reads == [TRANSLATED_PAGE] for reads in read_sets)
    result.value = f"{result.median:.2f} s, read {', '.join(read_sets[-1])}"
    return result


def one_notebook(scratch: Scratch, repeat: int) -> Result:
    result = Result("one notebook changed, `make`", "only it runs, once per language")
    expected = Counter({(language, CHANGED_NOTEBOOK): 1 for language in all_languages()})
    scratch.make()
    ok = True
    for _ in range(repeat):
        change_one_notebook(scratch.root)
        seconds, runs = scratch.make()
        result.seconds.append(seconds)
        executed = notebook_runs(runs)
        ok &= executed == expected
        result.notebooks_executed = sum(executed.values())
        result.documents_read = len(documents_read(runs))
    result.met = ok
    result.value = f"{result.notebooks_executed} runs of {CHANGED_NOTEBOOK} for {len(all_languages())} languages"
    return result


def print_edition(scratch: Scratch, repeat: int) -> list[Result]:
    """Cold ``make pdf-<lang>`` on a built website: the LaTeX sources written from its doctrees, then compiled."""
    results = []
    scratch.make("html")
    for language in all_languages():
        result = Result(f"cold `make pdf-{language}` (its website built)", "measured")
        folder = scratch.root / "_build" / "pdf" / language
        for _ in range(repeat):
            for path in (scratch.root / "_build" / "latex" / language, folder):
                shutil.rmtree(path, ignore_errors=True)
            (scratch.root / "_build" / "stamps" / f"pdf-{language}").unlink(missing_ok=True)
            seconds, runs = scratch.make(f"pdf-{language}")
            result.seconds.append(seconds)
            result.documents_read = len(documents_read(runs))
        pdfs = sorted(folder.glob("*.pdf"))
        pages = {pdf.name: _page_count(pdf) for pdf in pdfs}
        result.met = bool(pdfs)
        result.value = f"{len(pdfs)} PDFs, {sum(pdf.stat().st_size for pdf in pdfs) / 1024:.0f} KB, " + ", ".join(
            f"{name} {count} p." for name, count in pages.items()
        )
        results.append(result)
    return results


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_weight(scratch: Scratch) -> tuple[Result, Result]:
    """The heaviest page with everything it loads as it opens, on disk (``coursekit.testing.page_weight``),
    and the largest EPUB."""
    html_root = scratch.root / "_build" / "html"
    heaviest = heaviest_pages(html_root, 1)[0]
    pages = Result("heaviest HTML page with what it loads", f"≤ {PAGE_BUDGET // 1024} KB on disk")
    pages.value = f"{heaviest.bytes / 1024:.0f} KB on disk, {heaviest.page.relative_to(html_root).as_posix()}"
    pages.met = heaviest.bytes <= PAGE_BUDGET
    epubs = sorted((scratch.root / "_build" / "epub").rglob("*.epub"))
    books = Result("largest EPUB", "< 2 MB")
    books.value = ", ".join(f"{epub.name} {epub.stat().st_size / 1024:.0f} KB" for epub in epubs)
    books.met = max(epub.stat().st_size for epub in epubs) < EPUB_LIMIT
    return pages, books


def lighthouse_scores(scratch: Scratch, runs: int) -> list[Result]:
    """A row per audited page and Lighthouse category: the median score of ``runs`` runs."""
    reports = REPO_ROOT / "_build" / "lighthouse"
    results = []
    for audit in lighthouse.audit_site(scratch.root / "_build" / "html", runs, reports):
        for category, name in lighthouse.CATEGORIES.items():
            row = Result(f"Lighthouse {name}, {audit.path}", f"≥ {lighthouse.TARGET}")
            scores = audit.scores[category]
            row.value = f"{audit.median(category)} (runs: {', '.join(map(str, scores))})"
            if category == "performance":
                row.value += f", FCP {audit.median_fcp:.1f} s"
            row.met = audit.median(category) >= lighthouse.TARGET
            results.append(row)
    return results


# -- Report ------------------------------------------------------------------------

COLUMNS = ("scenario", "median", "spread", "runs", "docs read", "notebooks run", "target", "result", "value")


def _cells(result: Result) -> list[str]:
    timed = bool(result.seconds)
    return [
        result.scenario,
        f"{result.median:.2f} s" if timed else "—",
        f"{result.spread:.2f} s" if timed else "—",
        str(len(result.seconds)) if timed else "—",
        str(result.documents_read),
        str(result.notebooks_executed),
        result.target,
        "met" if result.met else "NOT MET",
        result.value,
    ]


def text_table(results: list[Result]) -> str:
    rows = [list(COLUMNS), *map(_cells, results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1] for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def markdown_table(results: list[Result]) -> str:
    rows = [list(COLUMNS), ["---"] * len(COLUMNS), *map(_cells, results)]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows)


def machine() -> dict:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
    }


def built_page_weight(scratch: Scratch, _runs: int) -> tuple[Result, Result]:
    scratch.make()  # nothing to do after the other steps; everything when measured alone
    return page_weight(scratch)


def built_lighthouse_scores(scratch: Scratch, runs: int) -> list[Result]:
    scratch.make()
    return lighthouse_scores(scratch, runs)


# The steps, in the order they run (``--only`` picks some): each takes the scratch copy and its number of runs.
STEPS = {
    "cold": cold_builds,
    "no-op": no_op,
    "translation": one_translation,
    "notebook": one_notebook,
    "print": print_edition,
    "page-weight": built_page_weight,
    "lighthouse": built_lighthouse_scores,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure build speed and output size against the targets.")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each incremental scenario (default 5)")
    parser.add_argument("--cold-repeat", type=int, default=3, help="runs of the cold builds (default 3)")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=lighthouse.RUNS,
        help=f"Lighthouse runs per page (default {lighthouse.RUNS})",
    )
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "_build" / "bench.json")
    parser.add_argument(
        "--only",
        action="append",
        choices=STEPS,
        help="measure only this step (repeatable), e.g. --only translation; default: every step",
    )
    arguments = parser.parse_args(argv)
    scratch = Scratch()
    context = machine()
    print(f"benchmark of {context['commit']} in {scratch.root}, {context['cores']} cores", flush=True)
    runs = {
        "cold": arguments.cold_repeat,
        "no-op": arguments.repeat,
        "translation": arguments.repeat,
        "notebook": arguments.repeat,
        "print": arguments.cold_repeat,
        "page-weight": 1,
        "lighthouse": arguments.lighthouse_runs,
    }
    chosen = [name for name in STEPS if not arguments.only or name in arguments.only]
    results: list[Result] = []
    try:
        for step, name in enumerate(chosen, start=1):
            print(f"[{step}/{len(chosen)}] {name}, {runs[name]} runs…", flush=True)
            outcome = STEPS[name](scratch, runs[name])
            results += list(outcome) if isinstance(outcome, (tuple, list)) else [outcome]
    finally:
        scratch.remove()
    print()
    print(text_table(results))
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": context,
        "results": [asdict(result) | {"median": result.median, "spread": result.spread} for result in results],
    }
    arguments.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    markdown = arguments.output.with_suffix(".md")
    markdown.write_text(
        f"Measured {context['date']} on commit {context['commit']}, {context['cores']} cores, "
        f"Python {context['python']}, {context['system']}.\n\n{markdown_table(results)}\n"
    )
    print(f"\nwritten: {arguments.output}, {markdown}")
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
