"""``make check-po``: every translation catalog checked, every finding printed with its file and line.

The checks themselves are :mod:`coursekit.sphinxext.catalog_checks`, which the build runs too
(:mod:`coursekit.sphinxext.catalog_guard`): calling ``sphinx-build`` directly does not bypass them. A fuzzy
entry is listed apart, as work to do, and is not a failure.

Usage: ``python -m coursekit.tools.check_po [--language LANG] [--changed-since STAMP] [--templates DIR]
[catalog.po ...]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coursekit.sphinxext import catalog_checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every translation catalog.")
    parser.add_argument("catalogs", nargs="*", type=Path, help="default: every catalog of locales/")
    parser.add_argument(
        "--changed-since",
        type=Path,
        metavar="STAMP",
        help="only the catalogs changed since this file was last touched (all of them if it does not exist)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="the French messages (make gettext's .pot files): only report translated msgids the source does not "
        "have (make check-po runs this after the other checks)",
    )
    parser.add_argument(
        "--language",
        help="only this language's catalogs: a problem in another language never stops its build",
    )
    arguments = parser.parse_args(argv)
    try:
        catalogs = arguments.catalogs or catalog_checks.all_catalogs(
            [arguments.language] if arguments.language else None
        )
    except ValueError as error:  # a folder of locales/ that is not a language
        print(error)
        return 1
    if arguments.changed_since and arguments.changed_since.exists():
        since = arguments.changed_since.stat().st_mtime
        catalogs = [path for path in catalogs if path.lstat().st_mtime > since]
    links_under = catalog_checks.LOCALES_DIR / arguments.language if arguments.language else catalog_checks.LOCALES_DIR
    if arguments.templates:
        # The French messages were extracted after the other checks passed (make check-po): only this is left.
        findings = [
            str(finding) for path in catalogs for finding in catalog_checks.source_drift(path, arguments.templates)
        ]
        for finding in findings:
            print(finding)
        print(f"check-po: {len(findings)} msgids not in the French source", file=sys.stderr)
        return 1 if findings else 0
    # Links first: nothing under locales/ is read (the terminology table included) while one is there.
    links = catalog_checks.symbolic_links(links_under)
    findings = links or [str(finding) for path in catalogs for finding in catalog_checks.check_catalog(path)]
    to_review = [] if links else [str(finding) for path in catalogs for finding in catalog_checks.fuzzy_entries(path)]
    for finding in findings:
        print(finding)
    if to_review:
        print(f"To review (fuzzy: the French changed; the page shows the French until then): {len(to_review)}")
        for entry in to_review:
            print(f"  {entry}")
    print(
        f"check-po: {len(catalogs)} catalogs, {len(findings)} findings, {len(to_review)} fuzzy entries to review",
        file=sys.stderr,
    )
    if findings:
        print(
            "What each check asks (TRANSLATING.md has more):",
            *catalog_checks.explain(findings),
            sep="\n",
            file=sys.stderr,
        )
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
