"""Languages isolated: a German test language with fuzzy entries, a broken one beside it, a removed page.

A sphinx.testing project with the course's catalog guard and translation
notice: one language's catalogs never stop another language's build; a fuzzy
entry is not translated (French shown, marked ``lang="fr"``, counted in the
page notice), never an error; ``check-po`` lists it as work to do; the kept
catalog of a removed page is not built.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from sphinx.testing.util import SphinxTestApp

from coursekit.sphinxext import catalog_checks
from coursekit.sphinxext.catalog_checks import check_catalog, fuzzy_entries
from coursekit.sphinxext.catalog_guard import CatalogRefused
from coursekit.tools import check_po

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.catalog_guard", "coursekit.sphinxext.translation_notice"]
language = "fr"
locale_dirs = ["locales/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
"""
PAGE = "# Accueil\n\nLe COO pilote les opérations.\n\nIl rend compte au CEO.\n"


def header(language: str) -> str:
    return f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write(project: Path, language: str, domain: str, entries: list[polib.POEntry]) -> Path:
    path = project / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header(language) + "\n".join(map(str, entries)), encoding="utf-8")
    return path


def german(project: Path) -> Path:
    """German, half done: one fuzzy entry (the French changed since), one translated."""
    fuzzy = polib.POEntry(
        msgid="Le COO pilote les opérations.",
        msgstr="Der COO leitet den Betrieb.",
        flags=["fuzzy"],
        previous_msgid="Le COO dirige les opérations.",
    )
    return write(
        project,
        "de",
        "index",
        [
            polib.POEntry(msgid="Accueil", msgstr="Startseite"),
            fuzzy,
            polib.POEntry(msgid="Il rend compte au CEO.", msgstr="Er berichtet an den CEO."),
        ],
    )


def english(project: Path, second: str = "He reports to the CEO.") -> Path:
    return write(
        project,
        "en",
        "index",
        [
            polib.POEntry(msgid="Accueil", msgstr="Home"),
            polib.POEntry(msgid="Le COO pilote les opérations.", msgstr="The COO runs operations."),
            polib.POEntry(msgid="Il rend compte au CEO.", msgstr=second),
        ],
    )


@pytest.fixture
def project(tmp_path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "index.md").write_text(PAGE, encoding="utf-8")
    return source


def build(project: Path, language: str) -> str:
    app = SphinxTestApp("html", srcdir=project, confoverrides={"language": language})
    try:
        app.build()
    finally:
        app.cleanup()
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def refused(project: Path, language: str) -> str:
    """The located warnings of a build the catalog guard stops."""
    warnings = StringIO()
    with pytest.raises(CatalogRefused):
        SphinxTestApp("html", srcdir=project, confoverrides={"language": language}, warning=warnings)
    return warnings.getvalue()


def test_a_fuzzy_entry_is_shown_in_french_marked_french_and_counted_untranslated(project):
    german(project)
    page = build(project, "de")
    assert "Startseite" in page and "Er berichtet an den CEO." in page
    assert "Der COO leitet den Betrieb." not in page
    assert re.search(r'<p[^>]*\blang="fr"[^>]*>Le COO pilote les opérations\.</p>', page), "fallback not marked"
    assert re.search(r"<p[^>]*>Er berichtet", page) and not re.search(r'<p[^>]*lang="fr"[^>]*>Er berichtet', page)
    # Three messages, two used: the notice says 66 % (its words fall back to French as well).
    assert "translation-incomplete" in page and "66" in page


def test_a_refused_catalog_in_one_language_does_not_stop_another(project):
    german(project)
    english(project, second="He reports to the CEO.\n\n# An injected heading")
    assert re.search(r"locales/en/LC_MESSAGES/index\.po:\d+: WARNING: structure", refused(project, "en")), (
        "no such finding"
    )
    assert "Startseite" in build(project, "de")
    assert "Startseite" not in build(project, "fr")


def test_a_removed_page_catalog_is_kept_but_not_built(project):
    english(project)
    removed = write(
        project,
        "en",
        "course/removed",
        [
            polib.POEntry(msgid="Ancienne page", msgstr="Old page", flags=["fuzzy"]),
            polib.POEntry(msgid="Ancien texte", msgstr="Old text\n\n# a heading check-po refuses"),
        ],
    )
    assert "The COO runs operations." in build(project, "en")
    assert removed.exists(), "a translator's work is never deleted"
    compiled = removed.with_suffix(".mo")
    assert compiled.is_file() and compiled.stat().st_mtime >= removed.stat().st_mtime
    assert len(polib.mofile(str(compiled))) == 0


def test_check_po_lists_fuzzy_entries_as_work_to_do_not_failures(project, capsys):
    catalog = german(project)
    assert list(check_catalog(catalog)) == []
    assert [(finding.check, finding.line) for finding in fuzzy_entries(catalog)] == [("fuzzy", 12)]
    assert check_po.main([str(catalog)]) == 0
    output = capsys.readouterr()
    assert "To review" in output.out and "index.po:12: fuzzy" in output.out
    assert "0 findings, 1 fuzzy entries to review" in output.err


def test_check_po_of_one_language_ignores_the_others(project, monkeypatch, capsys):
    monkeypatch.setattr(catalog_checks, "LOCALES_DIR", project / "locales")
    german(project)
    english(project, second="He reports to the CEO.\n\n# An injected heading")
    monkeypatch.setattr(catalog_checks, "translated_languages", lambda: ["de", "en"])
    assert check_po.main(["--language", "de"]) == 0
    assert check_po.main(["--language", "en"]) == 1
    assert check_po.main([]) == 1
    assert "en/LC_MESSAGES/index.po" in capsys.readouterr().out


def test_a_catalog_without_a_page_is_still_refused_by_its_name(project):
    english(project)
    write(project, "en", "a$(shell touch sentinel)", [polib.POEntry(msgid="Accueil", msgstr="Home")])
    assert re.search(r"filename: not a catalog name", refused(project, "en")), "no such finding"


def test_a_link_beside_the_language_folders_stops_the_build_before_anything_is_read(project):
    english(project)
    (project / "locales" / "terminology.csv").symlink_to("/etc/passwd")
    assert re.search(r"locales/terminology\.csv:1: WARNING: filename: a symbolic link", refused(project, "en")), (
        "no such finding"
    )
