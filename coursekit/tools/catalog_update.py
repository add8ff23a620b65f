"""``make update-po``: bring every language's catalogs in step with the French source.

1. Extract the messages: Sphinx's gettext builder for the pages; our own
   extractor for the notebooks (as Markdown and Python strings, not pandoc's
   reStructuredText, see ``notebook_i18n``); ``ui.pot`` for the words of the
   machinery and ``course.toml``.
2. Merge each template into each language with GNU ``msgmerge --previous``:
   a changed message keeps its old translation as fuzzy and shows the
   previous source text (``#| msgid``); a removed one is kept as obsolete.
3. Keep every catalog whose page is gone, and say so: a translator's work is
   never deleted by this tool.

Running it twice changes nothing (a catalog is rewritten only when more
than its POT-Creation-Date changed).

Usage: ``python -m coursekit.tools.catalog_update [--languages en ...]``
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from babel.messages.extract import extract

from coursekit.core.figure_text import FIGURES_DOMAIN, figure_messages, source_figures
from coursekit.core.languages import course_settings, source_language, translated_languages
from coursekit.core.notebook_i18n import extract_messages, read_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import LOCALES_DIR, PACKAGE_DIR, REPO_ROOT, UI_DOMAIN

TEMPLATES_DIR = REPO_ROOT / "_build" / "gettext"
NOTEBOOKS_DIR = REPO_ROOT / "exercises"
TRANSLATED_SETTINGS = ("title", "subtitle", "description", "author", "publisher")
WRAP_WIDTH = "79"


def _new_template() -> polib.POFile:
    template = polib.POFile(wrapwidth=int(WRAP_WIDTH))
    template.metadata = {
        "Project-Id-Version": f"{course_settings()['title']} {course_settings()['version']}",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return template


def _add(template: polib.POFile, msgid: str, location: tuple[str, str], comment: str = "") -> None:
    entry = template.find(msgid)
    if entry is None:
        template.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[location], comment=comment))
    elif location not in entry.occurrences:
        entry.occurrences.append(location)


def extract_pages(templates_dir: Path) -> None:
    """Sphinx's own extraction, without executing notebooks."""
    doctrees = templates_dir.parent / "doctrees" / "gettext"
    shutil.rmtree(doctrees, ignore_errors=True)  # extension code may have changed: read afresh
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "gettext",
        "-q",
        "--fail-on-warning",
        "--keep-going",
        "-D",
        "nbsphinx_execute=never",
        "-D",
        f"language={source_language()}",
        "-d",
        str(doctrees),
        str(REPO_ROOT),
        str(templates_dir),
    ]
    subprocess.run(command, check=True)
    # nbsphinx hands Sphinx pandoc's reStructuredText: not what translators should see.
    shutil.rmtree(templates_dir / "exercises", ignore_errors=True)


def extract_notebooks(templates_dir: Path) -> None:
    for notebook_path in notebooks_in(NOTEBOOKS_DIR):
        template = _new_template()
        notebook = read_notebook(notebook_path)
        relative = notebook_path.relative_to(REPO_ROOT).as_posix()
        for message in extract_messages(notebook):
            _add(template, message.text, (relative, str(message.cell)), comment=f"{message.kind}, cell {message.cell}")
        target = templates_dir / "exercises" / f"{notebook_path.stem}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        template.save(str(target))


# Babel's extractors, with the project's marker functions as gettext keywords (first argument extracted).
PYTHON_KEYWORDS = {"ui_text": (1,), "ui_format": (1,), "ui_message": (1,)}
TEMPLATE_KEYWORDS = {"course_ui": (1,)}
CODE_FOLDERS = ("sphinxext", "core", "tools")


def _extracted(method: str, path: Path, keywords: dict) -> list[tuple[str, tuple[str, str]]]:
    relative = path.relative_to(REPO_ROOT).as_posix()
    with path.open("rb") as stream:
        messages = extract(method, stream, keywords=keywords, options={"encoding": "utf-8"}, strip_comment_tags=True)
        return [(message, (relative, str(line))) for line, message, _comments, _context in messages]


def ui_messages() -> list[tuple[str, tuple[str, str]]]:
    """Every UI word: ``ui_text``/``ui_format``/``ui_message("...")`` calls of the package (Babel's Python
    extractor), ``course_ui('...')`` in templates (Jinja2's Babel extractor), and the course's identity."""
    found = []
    for module in sorted(path for folder in CODE_FOLDERS for path in (PACKAGE_DIR / folder).rglob("*.py")):
        found += _extracted("python", module, PYTHON_KEYWORDS)
    for template in sorted((PACKAGE_DIR / "sphinxext" / "templates").rglob("*.html")):
        found += _extracted("jinja2.ext:babel_extract", template, TEMPLATE_KEYWORDS)
    for key in TRANSLATED_SETTINGS:
        found.append((course_settings()[key], ("course.toml", key)))
    return found


def extract_ui(templates_dir: Path) -> None:
    template = _new_template()
    for message, location in ui_messages():
        _add(template, message, location)
    template.save(str(templates_dir / f"{UI_DOMAIN}.pot"))


def extract_figures(templates_dir: Path) -> None:
    template = _new_template()
    for figure in source_figures():
        relative = figure.relative_to(REPO_ROOT).as_posix()
        for message, position in figure_messages(figure):
            _add(template, message, (relative, str(position)))
    template.save(str(templates_dir / f"{FIGURES_DOMAIN}.pot"))


def extract_all(templates_dir: Path = TEMPLATES_DIR) -> list[Path]:
    shutil.rmtree(templates_dir, ignore_errors=True)
    templates_dir.mkdir(parents=True)
    print("Extracting messages from the pages…", flush=True)
    extract_pages(templates_dir)
    print("Extracting messages from the notebooks, the figures and the machinery…", flush=True)
    extract_notebooks(templates_dir)
    extract_figures(templates_dir)
    extract_ui(templates_dir)
    return sorted(templates_dir.rglob("*.pot"))


def _without_creation_date(path: Path) -> str:
    return re.sub(r'"POT-Creation-Date: [^"]*"\n', "", path.read_text(encoding="utf-8"))


def merge(template: Path, catalog: Path, language: str) -> str:
    """Merge one template into one catalog; return 'created', 'updated' or 'unchanged'."""
    catalog.parent.mkdir(parents=True, exist_ok=True)
    created = not catalog.exists()
    if created:
        # An empty catalog with the language's header; msgmerge fills it like any other.
        # (msginit is avoided: for English it copies every msgid into msgstr.)
        empty = polib.POFile(wrapwidth=int(WRAP_WIDTH))
        empty.metadata = {**_new_template().metadata, "Language": language}
        empty.save(str(catalog))
    with tempfile.TemporaryDirectory() as scratch:
        merged = Path(scratch) / catalog.name
        subprocess.run(
            [
                "msgmerge",
                "--quiet",
                "--previous",
                f"--width={WRAP_WIDTH}",
                f"--lang={language}",
                f"--output-file={merged}",
                str(catalog),
                str(template),
            ],
            check=True,
        )
        if not created and _without_creation_date(merged) == _without_creation_date(catalog):
            return "unchanged"
        shutil.copyfile(merged, catalog)
        return "created" if created else "updated"


def update(languages: list[str], templates_dir: Path = TEMPLATES_DIR) -> int:
    templates = extract_all(templates_dir)
    domains = {template.relative_to(templates_dir).with_suffix("").as_posix(): template for template in templates}
    for language in languages:
        catalogs_dir = LOCALES_DIR / language / "LC_MESSAGES"
        counts: dict[str, int] = {}
        for domain, template in domains.items():
            outcome = merge(template, catalogs_dir / f"{domain}.po", language)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome != "unchanged":
                print(f"  {language}: {outcome} {catalogs_dir.relative_to(REPO_ROOT) / (domain + '.po')}")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
        print(f"{language}: {summary}")
        for orphan in sorted(catalogs_dir.rglob("*.po")):
            if orphan.relative_to(catalogs_dir).with_suffix("").as_posix() not in domains:
                print(
                    f"  {language}: kept {orphan.relative_to(REPO_ROOT)}: its source is gone; "
                    "delete it yourself once its translations are reused or no longer needed."
                )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="*", default=translated_languages())
    parser.add_argument("--templates-only", action="store_true", help="extract the .pot files, merge nothing")
    parser.add_argument("--templates-dir", type=Path, default=TEMPLATES_DIR, help="where the .pot files go")
    arguments = parser.parse_args(argv)
    templates_dir = arguments.templates_dir.resolve()
    if arguments.templates_only:
        templates = extract_all(templates_dir)
        print(f"{len(templates)} templates in {arguments.templates_dir}/")
        return 0
    return update(arguments.languages, templates_dir)


if __name__ == "__main__":
    raise SystemExit(main())
