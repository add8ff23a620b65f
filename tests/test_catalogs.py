"""The translator's tools: update-po keeps every translation, check-po catches every rule."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from coursekit.sphinxext.catalog_checks import ENTRY_CHECKS, all_catalogs, check_catalog, fuzzy_entries, shown_text
from coursekit.testing.outputs import run_make
from tests.translation_corpus import HEADING, NOTEBOOK

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

# One catalog per check, each breaking exactly that rule (and a correct twin that must pass).
BROKEN_AND_FIXED = {
    "links": ("Voir [le guide](guide.md).", "See [the guide](other.md).", "See [the guide](guide.md)."),
    "roles": (
        "Le {term}`conseil d’administration` vote.",
        "The {term}`board` votes.",
        "The {term}`board <conseil d’administration>` votes.",
    ),
    "code": ("Lancez `make html`.", "Run `make`.", "Run `make html`."),
    "footnotes": ("Un fait[^1].", "A fact.", "A fact[^1]."),
    "emphasis": ("Un **point** clé.", "A key point.", "A **key** point."),
    "placeholders": ("Charge de {name} : {hours} h", "Load of {nom}: {hours} h", "{name}'s load: {hours} h"),
    "html": ("Prioriser", "Prioritise <img src=x>", "Prioritise"),
    "script": ("Déléguer", 'Delegate onclick="alert(1)"', "Delegate"),
    "template": ("Le temps", "Time {{ 7 * 7 }}", "Time"),
    "typography": ("Qu’est-ce qu’un COO ?", "What is a COO ?", "What is a COO?"),
    "structure": ("Le temps", "# Time", "Time"),
    "control": ("Le temps", "Time\x1b[2J", "Time"),
    # Checked where it applies: a string of notebook code, whose kind comes from the notebook itself.
    "markup": ("✅ Bonne réponse !", "✅ Right $!", "✅ Right!", "exercises/01-faut-il-un-coo"),
    # Notebook Markdown after pandoc's conversion: a directive where the French has a heading's text.
    "conversion": (
        HEADING,
        ".. literalinclude:: /etc/hostname",
        "Exercise 1 — Should you hire a COO?",
        f"exercises/{NOTEBOOK}",
    ),
}


def write_catalog(path: Path, msgid: str, msgstr: str, flags: str = "") -> Path:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
    path.write_text(HEADER + (f"#, {flags}\n" if flags else "") + str(entry), encoding="utf-8")
    return path


def test_every_check_has_a_test():
    assert set(BROKEN_AND_FIXED) == set(ENTRY_CHECKS)


@pytest.mark.parametrize("check", sorted(BROKEN_AND_FIXED))
def test_check_catches_exactly_its_rule(tmp_path, check):
    msgid, broken, fixed, *domain = BROKEN_AND_FIXED[check]
    # Where the catalog sits tells what its messages are (a page's, by default).
    catalog = tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{domain[0] if domain else 'course/page'}.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    findings = [str(finding) for finding in check_catalog(write_catalog(catalog, msgid, broken))]
    # The line of the msgstr; then the French and the translation as written.
    assert len(findings) == 1 and findings[0].startswith(f"{catalog}:7: {check}: ")
    assert findings[0].endswith(f"\n    French: {msgid}\n    translation: {shown_text(broken)}")
    assert list(check_catalog(write_catalog(catalog, msgid, fixed))) == []


def test_fuzzy_entries_are_work_to_do_not_findings(tmp_path):
    catalog = write_catalog(tmp_path / "fuzzy.po", "Ancien texte", "Old text", flags="fuzzy")
    assert list(check_catalog(catalog)) == []
    assert [finding.check for finding in fuzzy_entries(catalog)] == ["fuzzy"]


def test_malformed_catalog_is_reported_with_file_and_line(tmp_path):
    catalog = tmp_path / "broken.po"
    catalog.write_text(HEADER + 'msgid "Prioriser"\nmsgstr "Prioritise\n', encoding="utf-8")
    findings = [str(finding) for finding in check_catalog(catalog)]
    assert findings and all(re.match(rf"{re.escape(str(catalog))}:7: syntax: ", finding) for finding in findings)


def test_shipped_catalogs_pass_every_check():
    catalogs = all_catalogs()
    assert catalogs
    assert [str(finding) for path in catalogs for finding in check_catalog(path)] == []


def test_malformed_catalog_fails_the_build_with_file_and_line(repository_copy, tmp_path):
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "ui.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    broken_line = next(number for number, line in enumerate(lines, start=1) if line.startswith("msgstr") and number > 5)
    lines[broken_line - 1] = 'msgstr "unterminated'
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The build's guard (make's build and a direct sphinx-build alike): a located warning, then it stops.
    expected = f"locales/en/LC_MESSAGES/ui.po:{broken_line}: WARNING: syntax:"
    build = run_make("html-en", cwd=repository_copy, check=False, BUILDDIR=str(tmp_path / "build"))
    assert build.returncode != 0
    assert expected in build.stdout + build.stderr, build.stdout[-3000:] + build.stderr[-3000:]
    direct = subprocess.run(
        [".venv/bin/sphinx-build", "-b", "html", "-q", "-D", "language=en", ".", str(tmp_path / "direct")],
        cwd=repository_copy,
        capture_output=True,
        text=True,
    )
    assert direct.returncode != 0
    assert expected in direct.stdout + direct.stderr


def _translated_entry(catalog: Path, msgid: str) -> polib.POEntry:
    return next(entry for entry in polib.pofile(str(catalog)) if entry.msgid == msgid)


def test_update_po_keeps_changed_and_removed_translations(repository_copy):
    page = repository_copy / "course" / "06-devenir-coo.md"
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "course" / "06-devenir-coo.po"
    entries = [
        entry
        for entry in polib.pofile(str(catalog))
        if entry.translated()
        and len(entry.msgid) > 60
        and "\n" not in entry.msgid
        and entry.msgid in page.read_text(encoding="utf-8")
        # Not a learning objective: the quizzes that assess it would then refer to nothing.
        and not entry.msgid.startswith("{objective}")
    ]
    changed, removed = entries[0], entries[1]
    source = page.read_text(encoding="utf-8")
    source = source.replace(changed.msgid, changed.msgid.rstrip(".") + ", en pratique.")
    source = source.replace(removed.msgid, "")
    page.write_text(source, encoding="utf-8")

    run_make("update-po", cwd=repository_copy)

    merged = polib.pofile(str(catalog))
    fuzzy = next(entry for entry in merged if entry.previous_msgid == changed.msgid)
    assert fuzzy.fuzzy and fuzzy.msgstr == changed.msgstr
    obsolete = next(entry for entry in merged.obsolete_entries() if entry.msgid == removed.msgid)
    assert obsolete.msgstr == removed.msgstr


def test_update_po_leaves_the_committed_catalogs_as_they_are_and_is_idempotent(repository_copy):
    """The committed catalogs are as update-po writes them: a translator's next update-po adds no noise to the
    diff (entries saved with another tool's line wrapping would all be rewrapped), and a second run changes
    nothing."""

    def catalogs() -> dict[Path, bytes]:
        return {path: path.read_bytes() for path in (repository_copy / "locales").rglob("*.po")}

    def undated(data: bytes) -> bytes:
        return re.sub(rb'^"POT-Creation-Date: [^"]*"$', b"", data, flags=re.M)

    committed = catalogs()
    run_make("update-po", cwd=repository_copy)
    before = catalogs()
    rewritten = sorted(
        path.relative_to(repository_copy).as_posix()
        for path in committed
        if undated(committed[path]) != undated(before.get(path, b""))
    )
    assert rewritten == [], "update-po rewrote these committed catalogs: commit them as update-po writes them"
    run_make("update-po", cwd=repository_copy)
    after = catalogs()
    assert before == after


def test_update_po_keeps_the_catalog_of_a_removed_page(repository_copy):
    (repository_copy / "course" / "traduire.md").unlink()
    index = repository_copy / "index.md"
    index.write_text(re.sub(r"^course/traduire\n", "", index.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "course" / "traduire.po"
    before = catalog.read_bytes()
    process = run_make("update-po", cwd=repository_copy)
    assert catalog.read_bytes() == before
    assert "kept locales/en/LC_MESSAGES/course/traduire.po" in process.stdout


def test_translation_status_enforces_a_threshold(repository_copy):
    complete = run_make("translation-status", "THRESHOLD=100", cwd=repository_copy, check=False)
    assert complete.returncode == 0, complete.stdout
    assert re.search(r"en: [█░]+ 100\.0%", complete.stdout)
    catalog = repository_copy / "locales" / "en" / "LC_MESSAGES" / "ui.po"
    parsed = polib.pofile(str(catalog))
    parsed.translated_entries()[0].msgstr = ""
    parsed.save()
    incomplete = run_make("translation-status", "THRESHOLD=100", cwd=repository_copy, check=False)
    assert incomplete.returncode != 0
    assert "Below 100%: en" in incomplete.stdout


def test_add_language_builds_a_new_language(repository_copy, tmp_path):
    """A regional language (the harder case: folder pt_BR, BCP 47 tag pt-BR in every output)."""
    run_make("add-language", "LANG=pt_BR", "REGIONAL=1", cwd=repository_copy)
    # Published from 0 % (course.toml's publish_threshold), so that every output offers it (tests/test_publishing.py
    # checks the threshold itself).
    settings = repository_copy / "course.toml"
    settings.write_text(
        re.sub(r"(?m)^publish_threshold = \d+$", "publish_threshold = 0", settings.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert (repository_copy / "locales" / "pt_BR" / "LC_MESSAGES" / "ui.po").exists()
    build = tmp_path / "build"
    run_make("html-pt_BR", "epub-pt_BR", "html-en", "landing", cwd=repository_copy, BUILDDIR=str(build))
    home = (build / "html" / "pt_BR" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="pt-BR"', home)
    assert "Traduction incomplète" in home  # the notice, untranslated in pt_BR yet
    assert 'hreflang="en"' in home and "pt_BR" not in re.findall(r'(?:hreflang|lang)="([^"]+)"', home)
    english_home = (build / "html" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="pt-BR"' in english_home and 'href="../pt_BR/index.html"' in english_home
    front_door = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="pt_BR/index.html" hreflang="pt-BR"' in front_door and '"pt-br": "pt_BR"' in front_door
    assert 'hreflang="pt-BR"' in (build / "html" / "en" / "sitemap.xml").read_text(encoding="utf-8")
    (book,) = (build / "epub" / "pt_BR").glob("*.epub")
    with zipfile.ZipFile(book) as epub:
        assert "<dc:language>pt-BR</dc:language>" in epub.read("content.opf").decode()
        assert 'xml:lang="pt-BR"' in epub.read("index.xhtml").decode()
