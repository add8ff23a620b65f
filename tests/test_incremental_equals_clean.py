"""An incremental build gives the same bytes as a clean one, whatever changed.

One working copy is built once, then changed one kind of input at a time, as
an author, a translator or a developer would, and rebuilt with ``make``
after each change (the incremental build). After each change a fresh copy
of the same sources is built from nothing (the clean build), with the same
``SOURCE_DATE_EPOCH``. Every output of the two (every file under ``_build``
but Sphinx's caches and Make's stamps, plus the translated figures the build
writes into the tree) must be byte-identical.

The incremental build must also stay small: the documents it reads, as
Sphinx records them for the benchmark (``coursekit.sphinxext.build_stats``), are
exactly those that depend on the change.

Outputs named after the course's title (the e-book, the kits, the SCORM
package) follow a title changed in ``ui.po``: the clean build has only the new
names, so the incremental one must not keep the old files beside them.

The changes accumulate in scenario order, as in a real working copy: three working copies, each with its
chain of changes (pages and catalogs; notebooks and settings; code and the print edition), so that
``make test``'s workers build them side by side.

The print edition's LaTeX sources are compared after every change, but XeLaTeX compiles them (about 20 s
of each build of both copies) only from the change that installs it onward: the first builds run as on a
machine without TeX Live (the PDFs skipped, as ``make`` does there). A PDF is a function of its LaTeX
sources (``tests/test_reproducible.py`` proves that XeLaTeX gives the same bytes twice), so the scenarios
that follow, with every PDF compiled in both copies, prove that a PDF follows its sources.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from coursekit.core.languages import all_languages
from coursekit.core.notebooks import notebooks_in
from coursekit.testing.builds import (
    CHANGED_NOTEBOOK,
    TRANSLATED_PAGE,
    build,
    change_one_notebook,
    change_one_translation,
)
from coursekit.testing.working_copy import copy_of_repository, copy_of_sources, path_without

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, the same for both builds
# Not outputs: Sphinx's caches (doctrees, pickled environment, locks) and Make's stamps and lists.
# Not outputs either: XeLaTeX's working files beside the LaTeX sources (logs, auxiliary files and the PDFs
# before coursekit.tools.pdf copies them to _build/pdf/, which is compared).
# Not outputs: the doctrees, the stamps, the list of sources, what the tools keep between builds by content
# (the catalog counts: an incremental build also remembers the counts of catalogs as they were before).
NOT_OUTPUTS = re.compile(
    r"^_build/(doctrees|stamps|cache)/|^_build/source-(list|date)$"
    r"|^_build/latex/[^/]+/[^/]+\.(aux|log|fls|digest|out|toc|xdv|pdf)$"
)
SESSION_PLAN = "course/plan-de-session"
TRANSLATED = "en"


def output_files(root: Path) -> dict[str, bytes]:
    """Every file the build wrote: ``_build`` and the translated figures it writes in the tree.

    Not the ``.mo`` files Sphinx compiles beside the catalogs: a cache like the doctrees, dated by
    Babel when compiled (the catalogs have no POT-Creation-Date), and shipped nowhere.
    """
    paths = [*(root / "_build").rglob("*"), *(root / "course" / "figures" / "translated").rglob("*")]
    files = {}
    for path in paths:
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not NOT_OUTPUTS.search(relative):
            files[relative] = path.read_bytes()
    return files


def presence(entry: str, entries: dict) -> str:
    return "present" if entry in entries else "missing"


def describe(name: str, first: bytes, second: bytes) -> str:
    if name.endswith((".zip", ".epub")):
        with zipfile.ZipFile(io.BytesIO(first)) as one, zipfile.ZipFile(io.BytesIO(second)) as two:
            entries_one = {info.filename: info.CRC for info in one.infolist()}
            entries_two = {info.filename: info.CRC for info in two.infolist()}
        names = sorted(set(entries_one) | set(entries_two))
        different = [entry for entry in names if entries_one.get(entry) != entries_two.get(entry)]
        return f"{name}: entries differ (incremental | clean): " + ", ".join(
            f"{entry} {presence(entry, entries_one)}|{presence(entry, entries_two)}" for entry in different[:15]
        )
    if name.endswith("searchindex.js"):
        one, two = (json.loads(data.decode()[len("Search.setIndex(") : -1]) for data in (first, second))
        keys = [
            f"{key}[{entry!r}]: {str(one[key].get(entry))[:100]} | {str(two[key].get(entry))[:100]}"
            for key in one
            if one[key] != two[key] and isinstance(one[key], dict)
            for entry in sorted(set(one[key]) | set(two[key]), key=str)
            if one[key].get(entry) != two[key].get(entry)
        ]
        lists = [
            f"{key}: {one[key]} | {two[key]}" for key in one if one[key] != two[key] and not isinstance(one[key], dict)
        ]
        return f"{name} (incremental | clean):\n" + "\n".join([*lists, *keys][:20])
    try:
        lines = difflib.unified_diff(
            first.decode().splitlines(), second.decode().splitlines(), "incremental", "clean", lineterm="", n=0
        )
        return f"{name}:\n" + "\n".join(line[:300] for line in list(lines)[:12])
    except UnicodeDecodeError:
        return f"{name}: binary files differ ({len(first)} and {len(second)} bytes)"


def differences(incremental: dict[str, bytes], clean: dict[str, bytes]) -> str:
    report = []
    for name in sorted(set(incremental) - set(clean)):
        report.append(f"{name}: only in the incremental build (stale)")
    for name in sorted(set(clean) - set(incremental)):
        report.append(f"{name}: only in the clean build (missing)")
    for name in sorted(set(incremental) & set(clean)):
        if incremental[name] != clean[name]:
            report.append(describe(name, incremental[name], clean[name]))
    return "\n".join(report)


# -- The changes, one per kind of input ---------------------------------------------


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_msgstr(path: Path, msgid: str, change: Callable[[str], str]) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    entry = catalog.find(msgid)
    assert entry is not None and entry.msgstr, f"{msgid!r} not translated in {path}"
    entry.msgstr = change(entry.msgstr)
    catalog.save()


def module_pages(root: Path) -> set[str]:
    return {f"course/{path.stem}" for path in (root / "course").glob("0*.md")}


def every_document(root: Path) -> set[str]:
    pages = {path.relative_to(root).with_suffix("").as_posix() for path in (root / "course").glob("*.md")}
    notebooks = {path.relative_to(root).with_suffix("").as_posix() for path in notebooks_in(root / "exercises")}
    return {"index", *pages, *notebooks}


def both(*docnames: str) -> set[tuple[str, str]]:
    return {(language, docname) for language in all_languages() for docname in docnames}


def english(*docnames: str) -> set[tuple[str, str]]:
    return {(TRANSLATED, docname) for docname in docnames}


@dataclass(frozen=True)
class Change:
    kind: str
    apply: Callable[[Path], None]
    # The documents that depend on the change: (language, docname) read by the incremental build.
    reads: Callable[[Path], set[tuple[str, str]]]
    # XeLaTeX on the PATH for this change's builds, both copies (once installed, it stays).
    print_toolchain: bool = False


def edit_page_text(root: Path) -> None:
    with (root / "course" / "synthese.md").open("a", encoding="utf-8") as stream:
        stream.write("\nBonne continuation dans votre parcours.\n")


def edit_page_title(root: Path) -> None:
    replace_in(root / "course" / "sources.md", "# Sources et corrections", "# Sources et corrections apportées")


NEW_PAGE = "course/pour-aller-plus-loin"


def add_page(root: Path) -> None:
    (root / f"{NEW_PAGE}.md").write_text("# Pour aller plus loin\n\nQuelques pistes de lecture.\n", encoding="utf-8")
    replace_in(root / "index.md", "course/traduire\n", f"course/traduire\n{NEW_PAGE}\n")


# The page the previous change added (changes apply one after the other to one working copy): a module
# could not go, since the final assessment assesses its objectives and the build would rightly fail.
REMOVED_PAGE = NEW_PAGE


def remove_page(root: Path) -> None:
    assert (root / f"{REMOVED_PAGE}.md").exists(), "'page removed' runs after 'page added', on the same copy"
    (root / f"{REMOVED_PAGE}.md").unlink()
    replace_in(root / "index.md", f"{REMOVED_PAGE}\n", "")


def edit_ui_catalog(root: Path) -> None:
    change_msgstr(root / "locales/en/LC_MESSAGES/ui.po", "Points clés", lambda text: "Key takeaways")


def edit_course_title(root: Path) -> None:
    """The title names the e-book, the kits and the SCORM package: renamed, they replace the old ones."""
    change_msgstr(root / "locales/en/LC_MESSAGES/ui.po", "Le COO", lambda text: "The COO Handbook")


def edit_figure_catalog(root: Path) -> None:
    change_msgstr(root / "locales/en/LC_MESSAGES/figures.po", "Conseil d’administration", lambda text: "The board")


def edit_notebook_catalog(root: Path) -> None:
    catalog = polib.pofile(str(root / "locales/en/LC_MESSAGES" / f"{CHANGED_NOTEBOOK}.po"), wrapwidth=79)
    entry = next(entry for entry in catalog if entry.translated() and entry.msgstr.endswith("."))
    entry.msgstr = entry.msgstr[:-1] + "!"
    catalog.save()


def edit_course_settings(root: Path) -> None:
    replace_in(root / "course.toml", 'description = "Cours en ligne', 'description = "Un cours en ligne')


def edit_terminology(root: Path) -> None:
    with (root / "locales" / "terminology.csv").open("a", encoding="utf-8") as stream:
        stream.write('feuille de route,roadmap,"Plan of the next quarters"\n')


def edit_front_matter(root: Path) -> None:
    replace_in(root / "course" / "02-missions.md", "  lesson: 10\n", "  lesson: 12\n")


def append_to(path: Path, text: str) -> None:
    """Change an existing file (appending would create a missing one, and the scenario would test nothing)."""
    assert path.is_file(), f"{path} does not exist: the scenario must change a file the build uses"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def edit_extension_code(root: Path) -> None:
    append_to(root / "coursekit/sphinxext/pedagogy.py", "\n# A comment: the code changed, and no page can tell how.\n")


def edit_template(root: Path) -> None:
    replace_in(
        root / "coursekit/sphinxext/templates/language-switcher.html",
        '<nav class="language-switcher"',
        '<nav class="language-switcher course-switcher"',
    )


def install_print_toolchain(root: Path) -> None:
    """Nothing in the sources: TeX Live comes on the PATH (``Change.print_toolchain``), the PDFs follow."""


def edit_style_sheet_and_script(root: Path) -> None:
    append_to(root / "coursekit/sphinxext/static/course.css", "\n.key-points { border-left-width: 5px; }\n")
    # Code, not a comment: the published script is minified, and only code reaches it (and its ?v= checksum).
    append_to(root / "coursekit/sphinxext/static/course.js", "\nwindow.courseEdited = true;\n")


# Three working copies, each changed in its order: under pytest-xdist (make test) they build side by side.
PAGES_AND_CATALOGS = [
    Change("page title", edit_page_title, lambda root: both("course/sources")),
    # index: its toctree; the session plan lists the documents (it is read again when one comes or goes).
    Change("page added", add_page, lambda root: both("index", NEW_PAGE, SESSION_PLAN)),
    Change("page removed", remove_page, lambda root: both("index", SESSION_PLAN)),
    Change("page catalog", change_one_translation, lambda root: english(TRANSLATED_PAGE)),
    Change("ui.po", edit_ui_catalog, lambda root: english(*module_pages(root))),
    Change("figure catalog", edit_figure_catalog, lambda root: english("course/01-role-du-coo")),
]
NOTEBOOKS_AND_SETTINGS = [
    Change("notebook", change_one_notebook, lambda root: both(CHANGED_NOTEBOOK, SESSION_PLAN)),
    Change("notebook catalog", edit_notebook_catalog, lambda root: english(CHANGED_NOTEBOOK, SESSION_PLAN)),
    Change("course.toml", edit_course_settings, lambda root: set()),
    # Every page: the table forbids variants in the text of every page (coursekit.sphinxext.term_check), not only
    # the translating page that shows it.
    Change("terminology table", edit_terminology, lambda root: both(*every_document(root))),
    # The exercise page shows its module's exercise minutes (coursekit.sphinxext.notebook_pages notes the dependency).
    Change(
        "module front matter",
        edit_front_matter,
        lambda root: both("course/02-missions", "exercises/02-missions-du-coo"),
    ),
]
CODE_AND_PRINT = [
    Change("extension code", edit_extension_code, lambda root: both(*every_document(root))),
    Change("template", edit_template, lambda root: set()),
    Change("CSS/JS", edit_style_sheet_and_script, lambda root: set()),
    # From here on, XeLaTeX compiles the print edition in both copies: every PDF at once, then a page's book,
    # then the PDFs renamed after the title.
    Change("print toolchain installed", install_print_toolchain, lambda root: set(), print_toolchain=True),
    Change("page text", edit_page_text, lambda root: both("course/synthese"), print_toolchain=True),
    # The project's title is a setting of Sphinx's environment: every English document is read again.
    Change(
        "course title in ui.po",
        edit_course_title,
        lambda root: english(*every_document(root)),
        print_toolchain=True,
    ),
]
CHANGES = [*PAGES_AND_CATALOGS, *NOTEBOOKS_AND_SETTINGS, *CODE_AND_PRINT]
PRINT_TOOLCHAIN = ("xelatex", "xdvipdfmx")


def environment(change: Change | None, scratch: Path) -> dict[str, str]:
    """The build's environment: a fixed date and, before the print toolchain is installed, no XeLaTeX."""
    if change is not None and change.print_toolchain:
        return EPOCH
    return {**EPOCH, "PATH": path_without(PRINT_TOOLCHAIN, scratch / "bin-without-tex")}


def pytest_generate_tests(metafunc) -> None:
    """Each chain's test runs once per change of its list, in order."""
    if "change" in metafunc.fixturenames:
        changes = metafunc.cls.changes
        metafunc.parametrize("change", changes, ids=[re.sub(r"\W+", "-", change.kind) for change in changes])


@pytest.fixture(scope="class")
def working_copy(tmp_path_factory) -> Path:
    """A chain's working copy (one per test class), built once from nothing first."""
    scratch = tmp_path_factory.mktemp("incremental")
    root = copy_of_repository(scratch / "repo")
    build(root, environment=environment(None, scratch))
    return root


class Chain:
    """One working copy, changed and rebuilt incrementally, change after change."""

    changes: list[Change] = []

    def test_incremental_build_equals_clean_build(self, change: Change, working_copy: Path, tmp_path: Path):
        change.apply(working_copy)
        _seconds, runs = build(working_copy, environment=environment(change, tmp_path))
        clean = copy_of_sources(working_copy, tmp_path / "clean")
        build(clean, environment=environment(change, tmp_path))
        if change.print_toolchain:
            assert list((clean / "_build" / "pdf").rglob("*.pdf")), "XeLaTeX compiled no PDF in the clean build"

        report = differences(output_files(working_copy), output_files(clean))
        assert not report, f"after a change of {change.kind}, the incremental build differs from a clean one:\n{report}"
        read = {(run["language"], name) for run in runs for name in run["read"]}
        assert read == change.reads(working_copy), f"after a change of {change.kind}"


class TestPagesAndCatalogs(Chain):
    changes = PAGES_AND_CATALOGS


class TestNotebooksAndSettings(Chain):
    changes = NOTEBOOKS_AND_SETTINGS


class TestCodeAndPrint(Chain):
    changes = CODE_AND_PRINT


def test_every_kind_of_input_is_covered():
    kinds = {change.kind for change in CHANGES}
    assert kinds == {
        "page text",
        "page title",
        "page added",
        "page removed",
        "page catalog",
        "ui.po",
        "figure catalog",
        "notebook",
        "notebook catalog",
        "course.toml",
        "terminology table",
        "module front matter",
        "extension code",
        "template",
        "CSS/JS",
        "print toolchain installed",
        "course title in ui.po",
    }


def test_the_print_toolchain_once_installed_stays():
    for chain in (PAGES_AND_CATALOGS, NOTEBOOKS_AND_SETTINGS, CODE_AND_PRINT):
        installed = [change.print_toolchain for change in chain]
        assert installed == sorted(installed), "a change without XeLaTeX after one with it would remove it again"
