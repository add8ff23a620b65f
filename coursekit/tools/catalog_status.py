"""``make translation-status``: how much of each language is translated.

Per language and per catalog: translated, fuzzy and untranslated messages,
as sphinx-intl reads and counts them (``sphinx-intl stat``, the figures
translators know), with one correction: a fuzzy entry is not translated, as
Sphinx does not use it; and a percentage; then the overall figure per
language with a progress bar, and whether the language is published (from
``publish_threshold`` in course.toml). An empty catalog counts as 0 %.
``--threshold 100`` exits non-zero when a language is below it.

Usage: ``python -m coursekit.tools.catalog_status [--threshold PERCENT] [--languages en ...]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sphinx_intl import catalog as sphinx_intl_catalog

from coursekit.core import translations
from coursekit.core.languages import translated_languages
from coursekit.core.translations import Counts

BAR_WIDTH = 30


def bar(percent: float) -> str:
    filled = round(BAR_WIDTH * percent / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def sphinx_intl_count(path: Path) -> Counts:
    """sphinx-intl's own reading and tallies (what ``sphinx-intl stat`` prints), except that sphinx-intl
    counts a fuzzy entry that has a msgstr as translated too; here it is fuzzy only. The build's
    publishing decision counts with :func:`coursekit.core.translations.count`, quicker, and a test
    holds both to the same figures."""
    catalog = sphinx_intl_catalog.load_po(str(path))
    fuzzy = sphinx_intl_catalog.fuzzy_entries(catalog)
    translated = [message for message in sphinx_intl_catalog.translated_entries(catalog) if not message.fuzzy]
    untranslated = [message for message in sphinx_intl_catalog.untranslated_entries(catalog) if not message.fuzzy]
    return Counts(translated=len(translated), fuzzy=len(fuzzy), untranslated=len(untranslated))


def language_status(language: str) -> tuple[Counts, list[tuple[str, Counts]]]:
    """Every catalog of a language, by name, as sphinx-intl counts it, and their sum."""
    catalogs_dir = translations.LOCALES_DIR / language / "LC_MESSAGES"
    rows = [
        (path.relative_to(catalogs_dir).as_posix(), sphinx_intl_count(path))
        for path in sorted(catalogs_dir.rglob("*.po"))
    ]
    overall = Counts()
    for _name, counts in rows:
        overall += counts
    return overall, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Translation progress per language and catalog.")
    parser.add_argument("--languages", nargs="*", default=translated_languages())
    parser.add_argument("--threshold", type=float, default=0.0, help="fail below this percentage")
    arguments = parser.parse_args(argv)
    below = []
    for language in arguments.languages:
        overall, rows = language_status(language)
        width = max((len(name) for name, _ in rows), default=10)
        print(f"\n{language}")
        print(f"  {'catalog':<{width}}  {'done':>5} {'fuzzy':>5} {'todo':>5}  {'%':>6}")
        for name, counts in rows:
            print(
                f"  {name:<{width}}  {counts.translated:>5} {counts.fuzzy:>5} {counts.untranslated:>5}  "
                f"{counts.percent:>5.1f}%"
            )
        print(
            f"  {language}: {bar(overall.percent)} {overall.percent:.1f}% "
            f"({overall.translated}/{overall.total}, {overall.fuzzy} fuzzy)"
        )
        published = overall.percent >= translations.publish_threshold()
        print(
            f"  {language}: {'published' if published else 'preview only, not published'} "
            f"(course.toml publishes from {translations.publish_threshold():g}%)"
        )
        empty = [name for name, counts in rows if not counts.total]
        if empty:
            print(f"  {language}: {len(empty)} empty catalog(s), 0 % each: {', '.join(empty)}")
        if overall.percent < arguments.threshold or (empty and arguments.threshold > 0):
            below.append(f"{language} ({overall.percent:.1f}%{', empty catalogs' if empty else ''})")
    if below:
        print(f"\nBelow {arguments.threshold:g}%: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
