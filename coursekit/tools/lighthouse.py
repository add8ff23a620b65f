"""Lighthouse on the built website, as a learner's phone sees it.

Lighthouse (npm ``lighthouse``, pinned in ``package.json``, installed with
``npm ci --ignore-scripts``) drives the Debian Chromium with its default
mobile profile: a mid-range phone (4 × CPU slowdown) on throttled 4G
(simulated: 150 ms round trip, 1.6 Mbit/s down). The site is served from
127.0.0.1 by the standard library's HTTP server, which does not compress:
many LMS and intranet servers do not either, so the pages must be fast
without help from the server.

Four pages per language (home, a module, an exercise, the synthesis) run
three times each; every category is judged by its median against the target.
Only ``make bench`` runs this: a score is a timing, never a test.

Usage: ``python -m coursekit.tools.lighthouse [_build/html] [--runs 3] [--reports DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import CHROMIUM_ARGS, chromium_path, serve
from coursekit.testing.validators import NODE_MODULES, ensure_node_tools

LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
# The pages the issue measured: what a learner opens first, a lesson, an exercise and the summary.
AUDITED_PAGES = {
    "home": "index.html",
    "module 3": "course/03-coo-et-ceo.html",
    "exercise 4": "exercises/04-prioriser-et-deleguer.html",
    "synthesis": "course/synthese.html",
}
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
TARGET = 95
RUNS = 3


@dataclass
class PageAudit:
    language: str
    page: str
    path: str
    scores: dict[str, list[int]] = field(default_factory=dict)
    first_contentful_paint: list[float] = field(default_factory=list)
    failed_audits: dict[str, str] = field(default_factory=dict)

    def median(self, category: str) -> int:
        return round(statistics.median(self.scores[category]))

    @property
    def median_fcp(self) -> float:
        return statistics.median(self.first_contentful_paint)


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile profile, the four categories); its JSON report, saved in ``report``."""
    ensure_node_tools()
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    process = subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, "CHROME_PATH": chromium_path()}
    )
    if process.returncode != 0 or not report.is_file():
        raise RuntimeError(f"Lighthouse failed on {url} (exit {process.returncode}):\n{process.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def failed_audits(result: dict) -> dict[str, str]:
    """Audits that cost points, with Lighthouse's title: what to fix."""
    counted = {
        ref["id"] for category in result["categories"].values() for ref in category["auditRefs"] if ref["weight"]
    }
    return {
        audit_id: audit["title"]
        for audit_id, audit in result["audits"].items()
        if audit_id in counted and audit.get("score") is not None and audit["score"] < 0.9
    }


def audit_site(
    html_root: Path, runs: int = RUNS, reports: Path | None = None, languages: list[str] | None = None
) -> list[PageAudit]:
    """Every audited page of every language, ``runs`` times, one at a time (they would slow each other)."""
    reports = reports or REPO_ROOT / "_build" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    audits = []
    with serve(html_root) as base:
        for language in languages or all_languages():
            for page, path in AUDITED_PAGES.items():
                audit = PageAudit(language, page, f"{language}/{path}")
                for run in range(1, runs + 1):
                    name = f"{language}-{page.replace(' ', '-')}-{run}.json"
                    result = lighthouse(base + audit.path, reports / name)
                    for category in CATEGORIES:
                        audit.scores.setdefault(category, []).append(
                            round(result["categories"][category]["score"] * 100)
                        )
                    audit.first_contentful_paint.append(
                        result["audits"]["first-contentful-paint"]["numericValue"] / 1000
                    )
                    audit.failed_audits.update(failed_audits(result))
                print(
                    f"  {audit.path}: "
                    + ", ".join(f"{CATEGORIES[c]} {audit.median(c)}" for c in CATEGORIES)
                    + f", FCP {audit.median_fcp:.1f} s",
                    flush=True,
                )
                audits.append(audit)
    return audits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse (mobile) on the audited pages of a built website.")
    parser.add_argument("html_root", nargs="?", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per page, judged by the median (default {RUNS})")
    parser.add_argument("--reports", type=Path, default=None, help="where to keep Lighthouse's JSON reports")
    parser.add_argument("--language", action="append", help="only this language (repeatable)")
    arguments = parser.parse_args(argv)
    audits = audit_site(arguments.html_root, arguments.runs, arguments.reports, arguments.language)
    missed = False
    for audit in audits:
        low = [CATEGORIES[c] for c in CATEGORIES if audit.median(c) < TARGET]
        missed |= bool(low)
        if audit.failed_audits:
            print(
                f"{audit.path}: " + "; ".join(f"{key} ({title})" for key, title in sorted(audit.failed_audits.items()))
            )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
