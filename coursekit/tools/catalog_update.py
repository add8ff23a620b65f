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
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from babel import Locale
from babel.messages.extract import extract
from babel.messages.plurals import get_plural

from coursekit.core.figure_text import FIGURES_DOMAIN, figure_messages, label_widths, message_context, source_figures
from coursekit.core.languages import NotALanguage, course_settings, source_language, translated_languages
from coursekit.core.notebook_i18n import UnreadableNotebook, extract_messages, read_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import LOCALES_DIR, MESSAGE_KINDS_FILE, PACKAGE_DIR, REPO_ROOT, UI_DOMAIN
from coursekit.sphinxext.catalog_checks import format_fields

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


def _add(
    template: polib.POFile,
    msgid: str,
    location: tuple[str, str],
    comment: str = "",
    formatted: bool = False,
    context: str | None = None,
) -> None:
    """One message; ``formatted`` when the code fills its ``{fields}`` with ``str.format`` (flagged for msgfmt -c,
    Poedit and Weblate to check); ``context`` (msgctxt) when the same French text has different uses."""
    entry = template.find(msgid, msgctxt=context) if context else template.find(msgid)
    if entry is None:
        flags = ["python-brace-format"] if formatted and format_fields(msgid) else []
        entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[location], comment=comment, flags=flags)
        entry.msgctxt = context
        template.append(entry)
    elif location not in entry.occurrences:
        entry.occurrences.append(location)


class SourcesUnreadable(Exception):
    """The sources cannot be read (a broken reference, a notebook that is not JSON): said, not a traceback."""


def repository_locations(template_path: Path, templates_dir: Path, kinds: dict[str, list[str]]) -> None:
    """Sphinx writes page locations relative to its output folder (``../../course/x.md:12``): make them
    the repository's (``course/x.md:12``), as translation platforms link them to the source; and say in a
    ``#.`` comment what each message is (``kinds``, from coursekit.sphinxext.message_comments)."""
    template = polib.pofile(str(template_path), wrapwidth=int(WRAP_WIDTH))
    for entry in template:
        if kinds.get(entry.msgid):
            entry.comment = ", ".join(kinds[entry.msgid])
        entry.occurrences = [
            ((templates_dir / path).resolve().relative_to(REPO_ROOT).as_posix(), line)
            for path, line in entry.occurrences
        ]
    template.save(str(template_path))


def extract_pages(templates_dir: Path) -> None:
    """Sphinx's own extraction, without executing notebooks."""
    doctrees = templates_dir.parent / "doctrees" / "gettext"
    shutil.rmtree(doctrees, ignore_errors=True)  # extension code may have changed: read afresh
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "course-gettext",  # Sphinx's gettext builder, recording what each message is (message_comments)
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
    if subprocess.run(command).returncode != 0:
        raise SourcesUnreadable(
            "update-po: Sphinx could not read the French sources: its messages above name each file and line. "
            "Fix them, then run `make update-po` again (no catalog was changed)."
        )
    # nbsphinx hands Sphinx pandoc's reStructuredText: not what translators should see.
    shutil.rmtree(templates_dir / "exercises", ignore_errors=True)
    kinds = json.loads((templates_dir / MESSAGE_KINDS_FILE).read_text(encoding="utf-8"))
    (templates_dir / MESSAGE_KINDS_FILE).unlink()
    for template in templates_dir.rglob("*.pot"):
        repository_locations(
            template, templates_dir, kinds.get(template.relative_to(templates_dir).with_suffix("").as_posix(), {})
        )


def extract_notebooks(templates_dir: Path) -> None:
    for notebook_path in notebooks_in(NOTEBOOKS_DIR):
        template = _new_template()
        notebook = read_notebook(notebook_path)
        relative = notebook_path.relative_to(REPO_ROOT).as_posix()
        for message in extract_messages(notebook):
            # The location is the notebook (a cell has no line number); the #. comment says which cell and what.
            kind = (
                CHART_DESCRIPTION if message.describes_chart else NOTEBOOK_MESSAGE_KINDS.get(message.kind, message.kind)
            )
            comment = f"{kind}, cell {message.cell}"
            _add(template, message.text, (relative, ""), comment=comment, formatted=message.kind == "string")
        target = templates_dir / "exercises" / f"{notebook_path.stem}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        template.save(str(target))


# What a notebook message is, for the translator (the #. comment of each entry).
NOTEBOOK_MESSAGE_KINDS = {
    "markdown": "notebook text (Markdown)",
    "table-cell": "notebook table cell (Markdown, one line)",
    "string": "text the code shows (a Python string)",
    "comment": "code comment (one line)",
}

CHART_DESCRIPTION = "what the chart above shows, in words: its text alternative (read by screen readers)"

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
    for message, (file, where) in ui_messages():
        # The file, not the line (GNU xgettext's --add-location=file): a UI word's entry stays as it is when
        # the code around it moves, and a translator finds the word with a search. (A setting keeps its key.)
        _add(template, message, (file, "" if where.isdigit() else where), formatted=True)
    template.save(str(templates_dir / f"{UI_DOMAIN}.pot"))


def extract_figures(templates_dir: Path) -> None:
    template = _new_template()
    for figure in source_figures():
        relative = figure.relative_to(REPO_ROOT).as_posix()
        widths = label_widths(figure)
        for message, position in figure_messages(figure):
            # What the text is, and for a label the room its box gives (check-po's width check).
            comment = (
                f"figure label, at most {widths[message]} characters (its box in the figure)"
                if message in widths
                else "figure title or description, read by screen readers (no length limit)"
            )
            _add(template, message, (relative, str(position)), comment=comment, context=message_context(figure))
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


HEADER_FIELD = re.compile(r'^"(?P<field>[A-Za-z-]+): ', re.MULTILINE)


def header_fields(catalog: Path, language: str) -> dict[str, str]:
    """The header fields translation tools expect (``msgfmt -c`` warns without them), for those missing."""
    plural = get_plural(language)
    revised = subprocess.run(
        ["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d %H:%M+0000", "--", str(catalog)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "TZ": "UTC"},
    ).stdout.strip()
    return {
        **_new_template().metadata,
        # Kept once a translator's editor or platform has set them.
        "PO-Revision-Date": revised or "1970-01-01 00:00+0000",
        "Last-Translator": course_settings()["publisher"],
        "Language-Team": Locale.parse(language).english_name,
        "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
    }


def complete_header(text: str, catalog: Path, language: str) -> str:
    """The catalog's text with the missing header fields added at the end of its header (nothing else touched)."""
    header_end = text.find("\n\n")
    header = text[:header_end] if header_end >= 0 else text
    present = set(HEADER_FIELD.findall(header))
    missing = {field: value for field, value in header_fields(catalog, language).items() if field not in present}
    if not missing:
        return text
    added = "".join(f'\n"{field}: {value}\\n"' for field, value in missing.items())
    return header + added + text[len(header) :]


def carried_into_contexts(text: str, template: Path) -> str:
    """The catalog's text, with each translation of a message the template now gives a msgctxt copied into
    an entry with that context: msgmerge would only guess it (a fuzzy entry to review); the entry without a
    context then becomes obsolete, kept in the file."""
    catalog = polib.pofile(text)
    have = {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}
    plain = {entry.msgid: entry for entry in catalog if not entry.obsolete and entry.msgctxt is None and entry.msgstr}
    added = []
    for wanted in polib.pofile(str(template)):
        source = plain.get(wanted.msgid)
        if wanted.msgctxt is None or (wanted.msgctxt, wanted.msgid) in have or source is None:
            continue
        copy = polib.POEntry(msgid=wanted.msgid, msgstr=source.msgstr, flags=list(source.flags))
        copy.msgctxt = wanted.msgctxt
        added.append(str(copy))
    return text if not added else text.rstrip("\n") + "\n\n" + "\n".join(added)


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
        # The missing header fields go in before msgmerge, which puts them in its own order.
        completed = Path(scratch) / f"completed-{catalog.name}"
        text = carried_into_contexts(complete_header(catalog.read_text(encoding="utf-8"), catalog, language), template)
        completed.write_text(text, encoding="utf-8")
        subprocess.run(
            [
                "msgmerge",
                "--quiet",
                "--previous",
                f"--width={WRAP_WIDTH}",
                f"--lang={language}",
                f"--output-file={merged}",
                str(completed),
                str(template),
            ],
            check=True,
        )
        if not created and _without_creation_date(merged) == _without_creation_date(catalog):
            return "unchanged"
        # msgmerge writes LF; a catalog with Windows line ends (CRLF) keeps them, so its diff shows
        # the translations that changed, not every line.
        text = merged.read_bytes()
        catalog.write_bytes(text.replace(b"\n", b"\r\n") if _has_windows_line_ends(catalog) else text)
        return "created" if created else "updated"


def _has_windows_line_ends(catalog: Path) -> bool:
    return catalog.is_file() and b"\r\n" in catalog.read_bytes()


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
    parser.add_argument("--languages", nargs="*", help="default: every language of locales/")
    parser.add_argument("--templates-only", action="store_true", help="extract the .pot files, merge nothing")
    parser.add_argument("--templates-dir", type=Path, default=TEMPLATES_DIR, help="where the .pot files go")
    arguments = parser.parse_args(argv)
    try:
        return _run(arguments)
    except (SourcesUnreadable, UnreadableNotebook, NotALanguage) as error:
        print(error, file=sys.stderr)
        return 1


def _run(arguments: argparse.Namespace) -> int:
    templates_dir = arguments.templates_dir.resolve()
    if arguments.templates_only:
        templates = extract_all(templates_dir)
        print(f"{len(templates)} templates in {arguments.templates_dir}/")
        return 0
    return update(translated_languages() if arguments.languages is None else arguments.languages, templates_dir)


if __name__ == "__main__":
    raise SystemExit(main())
