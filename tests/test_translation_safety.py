"""Translations are data: the attacks a hostile translator would try, each refused with its file and line.

Three layers, as in SECURITY.md:

* the corpus: one catalog per attack, at the place it would have under
  ``locales/``; ``check_catalog`` (what ``make check-po`` and the build's guard
  run) must refuse it with the file, the entry's line and the check's name;
* real builds on a scratch copy of the repository: the worst attacks stop
  ``make`` and a direct ``sphinx-build`` with that line, and a sentinel file
  proves nothing ran;
* properties (Hypothesis): whatever a translator writes, the checks report
  findings and never crash, and a translated notebook's code has the same
  structure as its source, or the translation is refused.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.catalog_checks import Finding, check_catalog
from coursekit.catalog_status import main as translation_status
from coursekit.message_kinds import Kind, kinds_of
from coursekit.notebook_i18n import (
    UnsafeTranslation,
    code_structure,
    extract_messages,
    markdown_shape,
    read_notebook,
    translate_notebook,
)
from coursekit.paths import REPO_ROOT
from tests.conftest import run_make

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
NOTEBOOK = "01-faut-il-un-coo"
SENTINEL = "/tmp/coursekit-sentinel-{}"
EVIL_SITE = "https://evil.example/p"


def _notebook_message(kind: str, containing: str = "") -> str:
    messages = extract_messages(read_notebook(REPO_ROOT / "exercises" / f"{NOTEBOOK}.ipynb"))
    return next(message.text for message in messages if message.kind == kind and containing in message.text)


PAGE_MESSAGE = "Le COO pilote les opérations au quotidien."
HEADING = _notebook_message("markdown", "Exercice 1")
PARAGRAPH = _notebook_message("markdown", "Objectif")
COMMENT = _notebook_message("comment")
STRING = _notebook_message("string", "Bonne réponse")
SCORE = _notebook_message("string", "{right}")
FIGURE_TEXT = "Conseil d’administration"

# (catalog under locales/en/LC_MESSAGES, msgid, hostile msgstr, the check that must refuse it)
ATTACKS = {
    # Pages (MyST, parsed again by Sphinx): files read at build time, markup, lost content.
    "page: eval-rst include of /etc/passwd": (
        "course/02-missions", PAGE_MESSAGE, "```{eval-rst}\n.. include:: /etc/passwd\n```", "structure"),
    "page: include directive": ("course/02-missions", PAGE_MESSAGE, "```{include} /proc/self/environ\n```", "structure"),
    "page: colon-fenced raw directive": (
        "course/02-missions", PAGE_MESSAGE, ":::{raw} html\n<script>alert(1)</script>\n:::", "structure"),
    "page: a heading instead of a paragraph": ("course/02-missions", PAGE_MESSAGE, "# The COO", "structure"),
    "page: a paragraph then a heading": (
        "course/02-missions", PAGE_MESSAGE, "The COO runs operations.\n\n# More", "structure"),
    "page: a paragraph then a list": (
        "course/02-missions", PAGE_MESSAGE, "The COO runs operations.\n\n- and more", "structure"),
    "page: a definition list": ("course/02-missions", PAGE_MESSAGE, "The COO\n: runs operations", "structure"),
    "page: download role reads a file": (
        "course/02-missions", PAGE_MESSAGE, "The COO {download}`/etc/passwd` runs.", "roles"),
    "page: role with double backticks": (
        "course/02-missions", PAGE_MESSAGE, "The COO {download}``/etc/passwd`` runs.", "roles"),
    "page: literalinclude through a role-like spelling": (
        "course/02-missions", PAGE_MESSAGE, "The COO {doc}`/etc/passwd` runs.", "roles"),
    "page: external image": ("course/02-missions", PAGE_MESSAGE, f"The COO ![x]({EVIL_SITE}.png) runs.", "links"),
    "page: javascript link": ("course/02-missions", PAGE_MESSAGE, "The [COO](javascript:alert(1)) runs.", "script"),
    "page: autolink": ("course/02-missions", PAGE_MESSAGE, f"The COO <{EVIL_SITE}> runs.", "links"),
    "page: inline HTML with a handler": (
        "course/02-missions", PAGE_MESSAGE, "The COO <img src=x onerror=alert(1)> runs.", "html"),
    "page: tag with a slash after its name": (
        "course/02-missions", PAGE_MESSAGE, f'The COO <meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
    "page: entity-encoded script": (
        "course/02-missions", PAGE_MESSAGE, "The COO &lt;script&gt;alert(1)&lt;/script&gt; runs.", "html"),
    "page: numeric entities": ("course/02-missions", PAGE_MESSAGE, "The COO &#60;script&#x3E; runs.", "html"),
    "page: template syntax": ("course/02-missions", PAGE_MESSAGE, "The COO {{ config.__class__ }} runs.", "template"),
    "page: terminal escape": ("course/02-missions", PAGE_MESSAGE, "The COO \x1b[2J runs.", "control"),
    "page: bidirectional override": ("course/02-missions", PAGE_MESSAGE, "The COO \u202enur\u202c runs.", "control"),
    "page: very long string hiding a frame": (
        "course/02-missions", PAGE_MESSAGE, "The COO runs. " * 5000 + f"<iframe/src={EVIL_SITE}>", "html"),
    # Notebook Markdown (converted by pandoc, which passes raw HTML through).
    "notebook markdown: meta refresh": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, f'Goal <meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
    "notebook markdown: form": (f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal <form/action={EVIL_SITE}>", "html"),
    "notebook markdown: iframe": (f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal <iframe/src={EVIL_SITE}>", "html"),
    "notebook markdown: entity-encoded tag": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal &#x3C;script&#x3E;alert(1)", "html"),
    "notebook markdown: a new block after a line break": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal\n\n# Another heading", "structure"),
    "notebook markdown: heading becomes a list": (f"exercises/{NOTEBOOK}", HEADING, "- Exercise 1", "structure"),
    "notebook markdown: pandoc raw attribute": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal `<b>`{=html}", "code"),
    "notebook markdown: TeX math": (f"exercises/{NOTEBOOK}", PARAGRAPH, "Goal $\\input{/etc/passwd}$", "markup"),
    "notebook markdown: bare URL, a link in Jupyter": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal: sign in at {EVIL_SITE}/login", "links"),
    "page: bare URL": ("course/02-missions", PAGE_MESSAGE, "The COO runs www.evil.example today.", "links"),
    "notebook markdown: external image": (
        f"exercises/{NOTEBOOK}", PARAGRAPH, f"Goal ![x]({EVIL_SITE}.png)", "links"),
    # Notebook code: comments stay comments; strings stay strings and their format fields.
    "notebook comment: line break then code": (
        f"exercises/{NOTEBOOK}", COMMENT, f"Data\nimport os; os.system('touch {SENTINEL.format('comment')}')",
        "structure"),
    "notebook comment: carriage return then code": (
        f"exercises/{NOTEBOOK}", COMMENT, "Data\rimport os", "control"),
    "notebook comment: Unicode line separator": (f"exercises/{NOTEBOOK}", COMMENT, "Data\u2028import os", "structure"),
    "notebook comment: form feed": (f"exercises/{NOTEBOOK}", COMMENT, "Data\x0cimport os", "structure"),
    "notebook string: format field reads attributes": (
        f"exercises/{NOTEBOOK}", SCORE, "Right: {right.__class__.__mro__} of {total}", "placeholders"),
    "notebook string: stray dollar for matplotlib": (f"exercises/{NOTEBOOK}", STRING, "✅ Right $!", "markup"),
    # SVG figure texts and the machinery's words.
    "figure: script element": ("figures", FIGURE_TEXT, "Board<script>alert(1)</script>", "html"),
    "figure: entity": ("figures", FIGURE_TEXT, "Board &amp;lt;", "html"),
    "figure: line break": ("figures", FIGURE_TEXT, "Board\nof directors", "structure"),
    "ui: attribute injection in a template": ("ui", "Langue de la page", 'Language" onmouseover="alert(1)', "script"),
    "ui: tag in a template": ("ui", "Langue de la page", f'"><meta/http-equiv=refresh content="0;url={EVIL_SITE}">',
                             "html"),
    "ui: format field reads attributes": ("ui", "{minutes} min", "{minutes.__class__} min", "placeholders"),
    "ui: unbalanced format braces": ("ui", "{minutes} min", "{minutes min", "placeholders"),
}  # fmt: skip


def write_catalog(folder: Path, domain: str, msgid: str, msgstr: str) -> Path:
    path = folder / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + str(polib.POEntry(msgid=msgid, msgstr=msgstr)), encoding="utf-8")
    return path


def msgstr_line(path: Path) -> int:
    """The line of the (one) msgstr of a catalog written by write_catalog: where findings point."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.startswith("msgstr") and number > 2)


def findings_of(path: Path) -> list[Finding | str]:
    return list(check_catalog(path, "en"))


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_is_refused_with_file_and_line(tmp_path, attack):
    domain, msgid, msgstr, check = ATTACKS[attack]
    catalog = write_catalog(tmp_path, domain, msgid, msgstr)
    findings = findings_of(catalog)
    assert check in [finding.check for finding in findings if isinstance(finding, Finding)], findings
    line = msgstr_line(catalog)
    assert all(isinstance(finding, Finding) and finding.line == line for finding in findings), findings
    assert f"{catalog}:{line}: {check}: " in "\n".join(map(str, findings))


def test_the_kind_of_a_message_comes_from_its_source(tmp_path):
    notebook = tmp_path / "locales" / "en" / "LC_MESSAGES" / "exercises" / f"{NOTEBOOK}.po"
    kinds = kinds_of(notebook)
    assert kinds(COMMENT) == {Kind.NOTEBOOK_COMMENT}
    assert kinds(STRING) == {Kind.NOTEBOOK_STRING}
    assert kinds(PARAGRAPH) == {Kind.NOTEBOOK_MARKDOWN}
    assert Kind.NOTEBOOK_COMMENT in kinds("a msgid the notebook does not have")  # the strictest rules
    assert kinds_of(tmp_path / "locales" / "en" / "LC_MESSAGES" / "ui.po")("x") == {Kind.UI}
    assert kinds_of(tmp_path / "locales" / "en" / "LC_MESSAGES" / "course" / "sources.po")("x") == {Kind.PAGE}


@pytest.mark.parametrize(
    ("domain", "msgid", "msgstr"),
    [
        ("course/02-missions", PAGE_MESSAGE, "The COO runs day-to-day operations."),
        ("course/02-missions", "Le {term}`conseil d’administration` vote.", "The {term}`board <conseil d’administration>` votes."),
        (f"exercises/{NOTEBOOK}", COMMENT, "Lumen's quarterly data (a fictitious company)"),
        (f"exercises/{NOTEBOOK}", STRING, '✅ "Right" answer — it\'s \\ correct!'),
        (f"exercises/{NOTEBOOK}", SCORE, "Right answers: {right} out of {total}"),
        ("ui", "{minutes} min", "{minutes} min"),
        ("figures", FIGURE_TEXT, "Board of directors"),
    ],
)  # fmt: skip
def test_ordinary_translations_pass(tmp_path, domain, msgid, msgstr):
    assert findings_of(write_catalog(tmp_path, domain, msgid, msgstr)) == []


# -- Catalog-level attacks --------------------------------------------------------------


def test_broken_plural_forms_header_is_named_at_its_line(tmp_path):
    catalog = tmp_path / "plural.po"
    catalog.write_text(HEADER.replace('"Language', '"Plural-Forms: nplurals=2; plural=__import__(os);\\n"\n"Language'),
                       encoding="utf-8")  # fmt: skip
    assert [str(finding) for finding in check_catalog(catalog, "en")] == [
        f"{catalog}:3: header: Plural-Forms: invalid token in plural form: __import__"
    ]


def test_charset_that_cannot_hold_the_text_is_refused(tmp_path):
    catalog = tmp_path / "latin.po"
    catalog.write_text(HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "Été"\nmsgstr "Summer"\n', encoding="utf-8")
    assert f"{catalog}:4: header: the charset must be UTF-8" in [str(finding) for finding in check_catalog(catalog)]


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path):
    catalog = tmp_path / "bytes.po"
    catalog.write_bytes(HEADER.encode() + b'msgid "Ete"\nmsgstr "\xe9t\xe9"\n')
    assert [str(finding) for finding in check_catalog(catalog)] == [
        f"{catalog}:7: encoding: not UTF-8 (invalid continuation byte)"
    ]


def test_raw_carriage_return_is_refused_at_its_line(tmp_path):
    catalog = tmp_path / "cr.po"
    catalog.write_bytes(HEADER.encode() + b'msgid "Prioriser"\nmsgstr "Prio\rritise"\n')
    assert [str(finding) for finding in check_catalog(catalog)] == [
        f"{catalog}:7: control: a raw carriage return (write \\r if it is meant)"
    ]


def test_a_catalog_that_links_elsewhere_is_refused(tmp_path):
    target = tmp_path / "elsewhere.po"
    target.write_text(HEADER, encoding="utf-8")
    link = tmp_path / "ui.po"
    link.symlink_to(target)
    assert [finding.split(": ", 2)[1] for finding in map(str, check_catalog(link))] == ["filename"]


def test_a_catalog_name_that_is_not_a_name_is_refused(tmp_path):
    catalog = tmp_path / "evil$(touch x).po"
    catalog.write_text(HEADER, encoding="utf-8")
    assert [str(finding) for finding in check_catalog(catalog)] == [
        f"{catalog}:1: filename: not a catalog name (lower-case letters, digits, '.', '-', '_', then .po)"
    ]


def test_sphinx_own_catalog_is_reserved(tmp_path):
    catalog = write_catalog(tmp_path, "sphinx", "Search", 'Search" autofocus style="x')
    assert [str(finding) for finding in findings_of(catalog)] == [
        f"{catalog}:1: filename: reserved: Sphinx loads this catalog for its own words, before any check"
    ]


def test_empty_catalog_counts_as_untranslated_and_is_named(repository_copy, monkeypatch, capsys):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "course" / "sources.po"
    catalog.write_text(HEADER, encoding="utf-8")
    monkeypatch.chdir(repository_copy)
    process = run_make("translation-status", "THRESHOLD=100", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert re.search(r"course/sources\.po\s+0\s+0\s+0\s+0\.0%", process.stdout), process.stdout
    assert "empty catalog(s), 0 % each: course/sources.po" in process.stdout
    assert translation_status  # the module's entry point is what `make translation-status` runs


# -- Real builds -------------------------------------------------------------------------


def _replace_msgstr(catalog: Path, msgid: str, msgstr: str) -> int:
    """Put ``msgstr`` on the entry of ``msgid``, as a translator's editor would; return its msgstr's line."""
    parsed = polib.pofile(str(catalog), wrapwidth=79)
    entry = next(entry for entry in parsed if entry.msgid == msgid)
    entry.msgstr = msgstr
    parsed.save()
    lines = catalog.read_text(encoding="utf-8").split("\n")
    start = next(entry.linenum for entry in polib.pofile(str(catalog)) if entry.msgid == msgid)
    return next(number for number in range(start, len(lines) + 1) if lines[number - 1].startswith("msgstr"))


def _direct_sphinx_build(repository: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [".venv/bin/sphinx-build", "-b", "html", "-q", "-D", "nbsphinx_execute=never", ".", str(output)],
        cwd=repository, capture_output=True, text=True, env={**os.environ, "COURSE_LANGUAGE": "en"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("domain", "msgid", "msgstr", "check"),
    [
        (f"exercises/{NOTEBOOK}", COMMENT,
         f"Data\nimport pathlib; pathlib.Path('{SENTINEL.format('build')}').touch()", "structure"),
        ("course/02-missions", None, "```{eval-rst}\n.. include:: /etc/passwd\n```", "structure"),
        (f"exercises/{NOTEBOOK}", PARAGRAPH, f'<meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
        ("ui", "Langue de la page", f'Language"><meta/http-equiv="refresh" content="0;url={EVIL_SITE}">', "html"),
    ],
    ids=["comment runs code", "page reads a file", "notebook redirects", "template redirects"],
)  # fmt: skip
def test_hostile_catalog_stops_make_and_sphinx_build(repository_copy, tmp_path, domain, msgid, msgstr, check):
    sentinel = Path(SENTINEL.format("build"))
    sentinel.unlink(missing_ok=True)
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    msgid = msgid or next(entry.msgid for entry in polib.pofile(str(catalog)) if entry.translated() and len(entry.msgid) > 40)
    line = _replace_msgstr(catalog, msgid, msgstr)
    expected = f"locales/en/LC_MESSAGES/{domain}.po:{line}: {check}:"

    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert check_po.returncode != 0 and expected in check_po.stdout, check_po.stdout

    build = run_make("html-en", cwd=repository_copy, check=False, BUILDDIR=str(tmp_path / "build"))
    assert build.returncode != 0
    assert expected in build.stdout + build.stderr

    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode != 0
    assert expected in direct.stdout + direct.stderr
    assert not list((tmp_path / "direct").rglob("*.html"))  # stopped before any page was written
    assert not sentinel.exists()
    assert not catalog.with_suffix(".mo").exists()  # the refused catalog is not compiled


def test_a_mo_file_smuggled_beside_a_clean_catalog_is_never_used(repository_copy, tmp_path):
    """A .mo is compiled by the guard from the checked .po, whatever was committed beside it."""
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "index.po"
    hostile = tmp_path / "hostile.po"
    hostile.write_bytes(catalog.read_bytes())
    msgid = next(entry.msgid for entry in polib.pofile(str(catalog)) if entry.translated() and len(entry.msgid) > 40)
    _replace_msgstr(hostile, msgid, "SMUGGLED {download}`/etc/passwd`")
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
    assert "locales/en/LC_MESSAGES/sphinx.mo:1: filename: reserved" in direct.stderr
    assert not list((tmp_path / "direct").rglob("*.html"))


def test_kit_refuses_a_hostile_catalog(repository_copy, tmp_path):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "exercises" / f"{NOTEBOOK}.po"
    line = _replace_msgstr(catalog, COMMENT, "Data\nimport os")
    process = subprocess.run(
        [".venv/bin/python", "-m", "coursekit.kit", str(tmp_path / "build"), "en"],
        cwd=repository_copy, capture_output=True, text=True,
    )  # fmt: skip
    assert process.returncode != 0
    assert f"locales/en/LC_MESSAGES/exercises/{NOTEBOOK}.po:{line}: structure:" in process.stderr
    assert not list((tmp_path / "build").rglob("*.zip"))


def test_kit_file_names_cannot_leave_the_kit_folder(repository_copy):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "ui.po"
    _replace_msgstr(catalog, "kit-apprenant", "../../../../tmp/evil")
    process = subprocess.run(
        [".venv/bin/python", "-c", "from coursekit.kit import kit_file_name; print(kit_file_name('en', 'learner'))"],
        cwd=repository_copy, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert process.stdout.strip() == "the-coo-tmp-evil.zip"


def test_a_folder_that_is_not_a_language_stops_make(repository_copy):
    sentinel = Path(SENTINEL.format("folder"))
    sentinel.unlink(missing_ok=True)
    (repository_copy / "locales" / f"q`touch {sentinel}`>x" / "LC_MESSAGES").mkdir(parents=True)
    process = run_make("html", cwd=repository_copy, check=False)
    assert process.returncode != 0
    assert "not a language code" in process.stderr
    assert not sentinel.exists()


def test_a_link_under_locales_is_refused_before_anything_is_read(repository_copy, tmp_path):
    terminology = repository_copy / "locales" / "terminology.csv"
    terminology.unlink()
    terminology.symlink_to("/etc/passwd")
    check_po = run_make("check-po", cwd=repository_copy, check=False)
    assert check_po.returncode != 0 and "locales/terminology.csv:1: filename: a symbolic link" in check_po.stdout
    direct = _direct_sphinx_build(repository_copy, tmp_path / "direct")
    assert direct.returncode != 0 and "locales/terminology.csv:1: filename: a symbolic link" in direct.stderr
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


# -- Properties -----------------------------------------------------------------------------

# Text a translator could type, markup-heavy: every character class the checks care about.
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&;:/\\`'\"{}[]()!#*_-|$%=.\n\r\t\x00\x0b\x0c\u2028\u202e ")),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)
NOTEBOOK_SOURCE = read_notebook(REPO_ROOT / "exercises" / f"{NOTEBOOK}.ipynb")
NOTEBOOK_MESSAGES = extract_messages(NOTEBOOK_SOURCE)
DOMAINS = ["course/02-missions", f"exercises/{NOTEBOOK}", "ui", "figures"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domain=st.sampled_from(DOMAINS), index=st.integers(0, len(NOTEBOOK_MESSAGES) - 1), msgstr=hostile_text)
def test_checks_report_and_never_crash(tmp_path, domain, index, msgstr):
    msgid = NOTEBOOK_MESSAGES[index].text
    findings = findings_of(write_catalog(tmp_path, domain, msgid, msgstr))
    assert all(isinstance(finding, (Finding, str)) for finding in findings)


def _structure_of(notebook) -> list:
    return [
        code_structure(cell.source) if cell.cell_type == "code" else markdown_shape(cell.source)[0]
        for cell in notebook.cells
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(NOTEBOOK_MESSAGES) - 1), msgstr=hostile_text)
def test_translated_notebook_keeps_its_structure_or_is_refused(tmp_path, index, msgstr):
    message = NOTEBOOK_MESSAGES[index]
    source_edition = translate_notebook(NOTEBOOK_SOURCE, str)
    accepted = findings_of(write_catalog(tmp_path, f"exercises/{NOTEBOOK}", message.text, msgstr)) == []
    try:
        # As the build's translator does: an empty msgstr means "not translated yet".
        translated = translate_notebook(NOTEBOOK_SOURCE, lambda text: (msgstr or text) if text == message.text else text)
    except UnsafeTranslation:
        assert not accepted, f"check-po accepts {msgstr!r} but the build refuses it"
        return
    assert _structure_of(translated) == _structure_of(source_edition)
    if message.kind == "string":
        assert (msgstr or message.text) in [repr_value for cell in translated.cells if cell.cell_type == "code"
                          for repr_value in _string_values(cell.source)]  # fmt: skip


def _string_values(source: str) -> list[str]:
    import ast
    import io
    import tokenize

    return [
        ast.literal_eval(token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.STRING
    ]


def test_clean_catalogs_translate_every_notebook_and_kit(build_dir):
    """The defences change nothing for honest catalogs: every notebook translates, kits hold every notebook."""
    for kit in (build_dir / "kit" / "en").glob("*.zip"):
        with zipfile.ZipFile(kit) as archive:
            assert len([name for name in archive.namelist() if name.endswith(".ipynb")]) == 6
