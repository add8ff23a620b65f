"""Translations are data, on real builds: hostile catalogs stop make, check-po, a direct
sphinx-build and the kit with their file and line, and a sentinel file proves nothing ran.

The corpus and the properties, which need no build, are in ``tests/fast/test_translation_checks.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from coursekit.testing.outputs import run_make
from coursekit.testing.pdf import bookmarks, pdf_pages
from coursekit.testing.working_copy import copy_of_repository
from coursekit.tools.pdf import compile_document, log_findings
from tests.translation_corpus import (
    ATTACKS,
    COMMENT,
    EVIL_SITE,
    HEADER,
    NOTEBOOK,
    PARAGRAPH,
    PLAIN_PARAGRAPH,
    SENTINEL,
    msgstr_line,
    replace_msgstr,
    write_catalog,
)


def test_empty_catalog_counts_as_untranslated_and_is_named(repository_copy):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "course" / "sources.po"
    catalog.write_text(HEADER, encoding="utf-8")
    process = run_make("translation-status", "THRESHOLD=100", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert re.search(r"course/sources\.po\s+0\s+0\s+0\s+0\.0%", process.stdout), process.stdout
    assert "empty catalog(s), 0 % each: course/sources.po" in process.stdout


# -- Real builds -------------------------------------------------------------------------


def as_build_warning(finding: str) -> str:
    """``path:line: check:`` as a build reports it: Sphinx's located warning, ``path:line: WARNING: check:``.

    check-po and the kit tool print the finding as msgfmt does; every Sphinx build (``make html-en`` included,
    whose catalog guard runs inside Sphinx) prints it as one of its own warnings.
    """
    location, check = finding.rsplit(": ", 1)
    return f"{location}: WARNING: {check}"


def _direct_sphinx_build(repository: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [".venv/bin/sphinx-build", "-b", "html", "-q", "-D", "language=en", "-D", "nbsphinx_execute=never", "."]
        + [str(output)],
        cwd=repository,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("domain", "msgid", "msgstr", "check"),
    [
        (
            f"exercises/{NOTEBOOK}",
            COMMENT,
            f"Data\nimport pathlib; pathlib.Path('{SENTINEL.format('build')}').touch()",
            "structure",
        ),
        ("course/02-missions", None, "```{eval-rst}\n.. include:: /etc/passwd\n```", "structure"),
        (f"exercises/{NOTEBOOK}", PARAGRAPH, f'<meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
        ("ui", "Langue de la page", f'Language"><meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
    ],
    ids=["comment runs code", "page reads a file", "notebook redirects", "template redirects"],
)
def test_hostile_catalog_stops_make_and_sphinx_build(repository_copy, tmp_path, domain, msgid, msgstr, check):
    sentinel = Path(SENTINEL.format("build"))
    sentinel.unlink(missing_ok=True)
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    entries = polib.pofile(str(catalog))
    msgid = msgid or next(entry.msgid for entry in entries if entry.translated() and len(entry.msgid) > 40)
    line = replace_msgstr(catalog, msgid, msgstr)
    expected = f"locales/en/LC_MESSAGES/{domain}.po:{line}: {check}:"

    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert check_po.returncode != 0 and expected in check_po.stdout, check_po.stdout

    build = run_make("html-en", cwd=repository_copy, check=False, BUILDDIR=str(tmp_path / "build"))
    assert build.returncode != 0
    assert as_build_warning(expected) in build.stdout + build.stderr

    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode != 0
    # The build's guard: a located warning per finding (WARNING: after the location), then it stops.
    assert as_build_warning(expected) in direct.stdout + direct.stderr
    assert not list((tmp_path / "direct").rglob("*.html"))  # stopped before any page was written
    assert not sentinel.exists()
    assert not catalog.with_suffix(".mo").exists()  # the refused catalog is not compiled


def _published_text(folder: Path) -> str:
    """Every byte written under ``folder``, with the members of every zip (EPUB, SCORM, kits), as text."""
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return "\n".join(texts)


def test_a_notebook_literalinclude_publishes_nothing_and_names_its_catalog_line(repository_copy, tmp_path):
    """The issue's critical payload: a notebook msgstr that pandoc passes to docutils as a directive."""
    secret = "coursekit-build-secret-4f1c"  # in the build's environment: /proc/self/environ holds it
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "exercises" / f"{NOTEBOOK}.po"
    line = replace_msgstr(catalog, PLAIN_PARAGRAPH, ".. literalinclude:: " + "../" * 12 + "proc/self/environ")
    expected = as_build_warning(f"locales/en/LC_MESSAGES/exercises/{NOTEBOOK}.po:{line}: conversion:")
    environment = {**os.environ, "COURSEKIT_SECRET": secret}
    outputs = tmp_path / "outputs"
    build = outputs / "build"
    made = subprocess.run(
        ["make", "html-en", "epub-en", "kit-en", "scorm-en", f"BUILDDIR={build}"],
        cwd=repository_copy,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert made.returncode != 0 and expected in made.stdout + made.stderr, made.stdout[-3000:] + made.stderr[-3000:]
    for builder in ("html", "epub", "text"):
        direct = subprocess.run(
            [".venv/bin/sphinx-build", "-b", builder, "-q", "-D", "language=en", ".", str(outputs / builder)],
            cwd=repository_copy,
            capture_output=True,
            text=True,
            env=environment,
        )
        assert direct.returncode != 0 and expected in direct.stderr, direct.stderr[-3000:]
    assert secret not in _published_text(outputs)


def test_a_mo_file_smuggled_beside_a_clean_catalog_is_never_used(repository_copy, tmp_path):
    """A .mo is compiled by the guard from the checked .po, whatever was committed beside it."""
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "index.po"
    hostile = tmp_path / "hostile.po"
    hostile.write_bytes(catalog.read_bytes())
    msgid = next(entry.msgid for entry in polib.pofile(str(catalog)) if entry.translated() and len(entry.msgid) > 40)
    replace_msgstr(hostile, msgid, "SMUGGLED {download}`/etc/passwd`")
    mo = catalog.with_suffix(".mo")
    polib.pofile(str(hostile)).save_as_mofile(str(mo))
    os.utime(mo, (catalog.stat().st_mtime + 100, catalog.stat().st_mtime + 100))  # newer: Sphinx alone would use it
    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode == 0, direct.stderr
    assert "SMUGGLED" not in (tmp_path / "direct" / "index.html").read_text(encoding="utf-8")
    assert "passwd" not in " ".join(path.name for path in (tmp_path / "direct").rglob("*"))


def test_a_smuggled_sphinx_catalog_stops_the_build(repository_copy, tmp_path):
    """Sphinx loads locales/<lang>/LC_MESSAGES/sphinx.mo for its own words before any extension runs."""
    hostile = write_catalog(tmp_path, "sphinx", "Search", "<script>alert(1)</script>")
    polib.pofile(str(hostile)).save_as_mofile(str(repository_copy / "locales" / "en" / "LC_MESSAGES" / "sphinx.mo"))
    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode != 0
    assert "locales/en/LC_MESSAGES/sphinx.mo:1: WARNING: filename: reserved" in direct.stderr
    assert not list((tmp_path / "direct").rglob("*.html"))


def test_kit_refuses_a_hostile_catalog(repository_copy, tmp_path):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "exercises" / f"{NOTEBOOK}.po"
    line = replace_msgstr(catalog, COMMENT, "Data\nimport os")
    process = subprocess.run(
        [".venv/bin/python", "-m", "coursekit.tools.kit", str(tmp_path / "build"), "en"],
        cwd=repository_copy,
        capture_output=True,
        text=True,
    )
    assert process.returncode != 0
    assert f"locales/en/LC_MESSAGES/exercises/{NOTEBOOK}.po:{line}: structure:" in process.stderr
    assert not list((tmp_path / "build").rglob("*.zip"))


def test_kit_after_a_build_refuses_an_entry_edited_since(repository_copy, tmp_path):
    """The kit leaves out of its checks the entries the English build's guard saw pass (its ledger in the
    doctree folder): an entry edited after that build is not one of them."""
    build = tmp_path / "build"
    guard_only = (  # the English build's start: its catalog guard runs at config-inited, then nothing is read
        "import sys; from sphinx.application import Sphinx; "
        "Sphinx('.', '.', sys.argv[1] + '/html/en', sys.argv[1] + '/doctrees/en', 'html', {'language': 'en'})"
    )
    subprocess.run([".venv/bin/python", "-c", guard_only, str(build)], cwd=repository_copy, check=True)
    assert (build / "doctrees" / "en" / "checked-catalogs.json").is_file()
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "exercises" / f"{NOTEBOOK}.po"
    line = replace_msgstr(catalog, COMMENT, "Data\nimport os")
    process = subprocess.run(
        [".venv/bin/python", "-m", "coursekit.tools.kit", str(build), "en"],
        cwd=repository_copy,
        capture_output=True,
        text=True,
    )
    assert process.returncode != 0
    assert f"locales/en/LC_MESSAGES/exercises/{NOTEBOOK}.po:{line}: structure:" in process.stderr
    assert not list(build.rglob("*.zip"))


def test_kit_file_names_cannot_leave_the_kit_folder(repository_copy):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "ui.po"
    replace_msgstr(catalog, "kit-apprenant", "../../../../tmp/evil")
    process = subprocess.run(
        [
            ".venv/bin/python",
            "-c",
            "from coursekit.tools.kit import kit_file_name; print(kit_file_name('en', 'learner'))",
        ],
        cwd=repository_copy,
        capture_output=True,
        text=True,
        check=True,
    )
    assert process.stdout.strip() == "the-coo-tmp-evil.zip"


def test_a_folder_that_is_not_a_language_stops_make(repository_copy):
    sentinel = Path(SENTINEL.format("folder"))
    sentinel.unlink(missing_ok=True)
    (repository_copy / "locales" / f"q`touch {sentinel}`>x" / "LC_MESSAGES").mkdir(parents=True)
    process = run_make("html", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert "not a language code" in process.stderr
    direct = subprocess.run(
        [".venv/bin/sphinx-build", "-b", "html", "-q", ".", str(repository_copy / "direct")],
        cwd=repository_copy,
        capture_output=True,
        text=True,
    )
    assert (
        direct.returncode != 0 and "Cannot build: locales/" in direct.stderr and "not a language code" in direct.stderr
    )
    for crash_report in ("Configuration error", "Traceback", "report this error to the developers"):
        assert crash_report not in direct.stderr, direct.stderr
    assert not sentinel.exists()


def test_a_link_under_locales_is_refused_before_anything_is_read(repository_copy, tmp_path):
    terminology = repository_copy / "locales" / "terminology.csv"
    terminology.unlink()
    terminology.symlink_to("/etc/passwd")
    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert check_po.returncode != 0 and "locales/terminology.csv:1: filename: a symbolic link" in check_po.stdout
    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode != 0 and "locales/terminology.csv:1: WARNING: filename: a symbolic link" in direct.stderr
    assert not list((tmp_path / "direct").rglob("*.html"))


def test_a_catalog_name_never_reaches_make_or_a_shell(repository_copy, tmp_path):
    sentinel = repository_copy / "sentinel"  # make runs in the copy: a relative name, as a file name holds no '/'
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "a$(shell touch sentinel).po"
    catalog.write_text(HEADER, encoding="utf-8")
    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert check_po.returncode != 0 and ": filename: not a catalog name" in check_po.stdout
    build = run_make("html-en", cwd=repository_copy, check=False, BUILDDIR=str(tmp_path / "build"))
    assert build.returncode != 0 and ": filename: not a catalog name" in build.stdout + build.stderr
    assert not sentinel.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (f"de;touch {SENTINEL.format('language')}", "is not a language code Babel knows"),
        ("EN", "did you mean en?"),
        ("DE", "did you mean de?"),
        ("en_US", "is a regional variant of en"),
        ("fr_FR", "is a regional variant of fr"),
        ("en", "is already a course language"),
    ],
)
def test_add_language_refuses_what_is_not_a_new_language(repository_copy, code, message):
    Path(SENTINEL.format("language")).unlink(missing_ok=True)
    process = run_make("add-language", f"LANG={code}", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert message in process.stderr
    assert not Path(SENTINEL.format("language")).exists()
    assert sorted(folder.name for folder in (repository_copy / "locales").iterdir() if folder.is_dir()) == ["en"]


def test_update_po_with_a_broken_reference_says_so_and_changes_no_catalog(repository_copy):
    page = repository_copy / "course" / "sources.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVoir {doc}`page-disparue`.\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in (repository_copy / "locales").rglob("*.po")}
    process = run_make("update-po", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert "course/sources.md" in process.stdout + process.stderr  # Sphinx's own warning, located
    assert "update-po: Sphinx could not read the French sources" in process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert {path: path.read_bytes() for path in before} == before


def test_a_notebook_that_is_not_json_is_named_with_its_line(repository_copy, tmp_path):
    notebook = repository_copy / "exercises" / f"{NOTEBOOK}.ipynb"
    lines = notebook.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9] + ","  # a trailing comma at line 10
    notebook.write_text("\n".join(lines) + "\n", encoding="utf-8")
    process = run_make("html-fr", cwd=repository_copy, check=False, BUILDDIR=str(tmp_path / "build"))
    assert process.returncode != 0
    assert re.search(rf"exercises/{NOTEBOOK}\.ipynb:1[01]: not a valid notebook", process.stdout + process.stderr)
    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert re.search(rf"exercises/{NOTEBOOK}\.ipynb:1[01]: not a valid notebook", check_po.stdout)


XML_MEMBERS = (".xhtml", ".html", ".opf", ".ncx", ".xml")


def test_every_xml_output_is_well_formed_for_a_strict_parser(build_dir):
    """Every language's EPUB (XHTML pages, nav, OPF, NCX, container) and SCORM manifest, read by lxml
    without recovery: what an e-reader or an LMS does, where a stray character makes the file unreadable."""
    from lxml import etree

    strict = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    packages = sorted(build_dir.glob("epub/*/*.epub")) + sorted(build_dir.glob("scorm/*/*.zip"))
    assert len(packages) >= 4, packages
    parsed = 0
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            for name in archive.namelist():
                if name.endswith(XML_MEMBERS) and not (package.suffix == ".zip" and name.endswith(".html")):
                    try:
                        etree.fromstring(archive.read(name), strict)
                    except etree.XMLSyntaxError as error:
                        raise AssertionError(f"{package.name}!{name}: {error}") from error
                    parsed += 1
    assert parsed > 20


def test_clean_catalogs_translate_every_notebook_and_kit(build_dir):
    """The defences change nothing for honest catalogs: every notebook translates, kits hold every notebook."""
    for kit in (build_dir / "kit" / "en").glob("*.zip"):
        with zipfile.ZipFile(kit) as archive:
            assert len([name for name in archive.namelist() if name.endswith(".ipynb")]) == 6


# -- The print edition: LaTeX is one more reader of translated text -------------------------------


def _direct_latex_build(repository: Path, output: Path) -> subprocess.CompletedProcess:
    """Sphinx's LaTeX builder in English, as `make pdf-en` runs it (without executing the notebooks)."""
    return subprocess.run(
        [".venv/bin/sphinx-build", "-b", "latex", "-q", "-D", "language=en", "-D", "nbsphinx_execute=never"]
        + ["-d", str(repository / "_build" / "doctrees-latex"), ".", str(output)],
        cwd=repository,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def latex_copy(tmp_path_factory) -> Path:
    """One copy for the whole corpus: each attack's catalog is put back after it."""
    return copy_of_repository(tmp_path_factory.mktemp("latex-safety") / "repo")


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_corpus_attack_is_stopped_before_latex(latex_copy, tmp_path, attack):
    domain, msgid, msgstr, check = ATTACKS[attack]
    catalog = latex_copy / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    original = catalog.read_bytes()
    try:
        # As the corpus's own checks do: the catalog holds the attack alone.
        line = msgstr_line(write_catalog(latex_copy, domain, msgid, msgstr))
        build = _direct_latex_build(latex_copy, tmp_path / "latex")
        assert build.returncode != 0
        assert as_build_warning(f"locales/en/LC_MESSAGES/{domain}.po:{line}: {check}:") in build.stdout + build.stderr
        assert not list((tmp_path / "latex").rglob("*.tex")), "stopped before any LaTeX was written"
    finally:
        catalog.write_bytes(original)
        catalog.with_suffix(".mo").unlink(missing_ok=True)


def test_tex_in_a_translation_is_printed_as_text(latex_copy, tmp_path):
    """What every check lets through (backslashes, %, &, #, ^^, ~) reaches the PDF as the characters
    the translator typed: Sphinx's LaTeX writer escapes them, in the text and in the bookmarks."""
    catalog = latex_copy / "locales" / "en" / "LC_MESSAGES" / "course" / "02-missions.po"
    title = next(entry for entry in polib.pofile(str(catalog)) if entry.msgid.startswith("Module 2 — "))
    tex_text = r"\input /etc/hostname \newpage\relax 100 % & # ^^5c ~ _ \catcode"
    replace_msgstr(catalog, title.msgid, f"{title.msgstr} {tex_text}")
    check_po = run_make("check-po", cwd=latex_copy, check=False)
    assert check_po.returncode == 0, "a valid translation: only LaTeX could misread it"

    output = tmp_path / "latex"
    build = _direct_latex_build(latex_copy, output)
    assert build.returncode == 0, build.stderr[-3000:]
    book = output / "the-coo.tex"
    compile_document(book)
    assert log_findings(book) == []
    text = " ".join("".join(pdf_pages(book.with_suffix(".pdf"))).split())
    assert f"{title.msgstr} {tex_text}" in text
    assert any(tex_text in mark for mark in bookmarks(book.with_suffix(".pdf")))
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text.replace(tex_text, "")
