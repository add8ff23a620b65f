"""The build's catalog guard, in a two-page Sphinx project (sphinx.testing)."""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from sphinx.testing.util import SphinxTestApp

from coursekit.sphinxext.catalog_guard import CatalogRefused

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.catalog_guard"]
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
"""
HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.fixture
def project(tmp_path) -> Path:
    source = tmp_path / "src"
    (source / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "index.md").write_text("# Accueil\n\nLe COO pilote les opérations.\n", encoding="utf-8")
    return source


def catalog(project: Path, msgstr: str) -> Path:
    path = project / "locales" / "en" / "LC_MESSAGES" / "index.po"
    entries = [
        polib.POEntry(msgid="Accueil", msgstr="Home"),
        polib.POEntry(msgid="Le COO pilote les opérations.", msgstr=msgstr),
    ]
    path.write_text(HEADER + "\n".join(map(str, entries)), encoding="utf-8")
    return path


def build(project: Path) -> str:
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def refused(project: Path) -> str:
    """The warnings of a build the guard stops."""
    warnings = StringIO()
    with pytest.raises(CatalogRefused):
        SphinxTestApp("html", srcdir=project, warning=warnings)
    return warnings.getvalue()


def checked_entries(monkeypatch) -> list[str]:
    """The msgids of the entries the catalog checks read from now on, in order (the checks still run)."""
    from coursekit.sphinxext import catalog_checks

    checked: list[str] = []
    check_entry = catalog_checks.entry_findings

    def recording(path, entry, *rest):
        checked.append(entry.msgid)
        return check_entry(path, entry, *rest)

    monkeypatch.setattr(catalog_checks, "entry_findings", recording)
    return checked


def test_a_clean_catalog_is_compiled_by_the_guard_and_used(project):
    po = catalog(project, "The COO runs operations.")
    assert "The COO runs operations." in build(project)
    assert po.with_suffix(".mo").exists()
    assert (Path(project, "_build", "doctrees", "checked-catalogs.json")).exists()


def test_a_refused_catalog_is_a_located_warning_then_stops_sphinx(project):
    catalog(project, "```{eval-rst}\n.. include:: /etc/passwd\n```")
    warnings = StringIO()
    with pytest.raises(CatalogRefused, match="1 finding"):
        SphinxTestApp("html", srcdir=project, warning=warnings)
    assert re.search(
        r"locales/en/LC_MESSAGES/index\.po:\d+: WARNING: structure: .*French: Le COO pilote.*"
        r"\[course\.catalog-structure\]",
        warnings.getvalue(),
        re.S,
    ), warnings.getvalue()
    assert not (project / "locales" / "en" / "LC_MESSAGES" / "index.mo").exists()


def test_a_committed_mo_is_replaced_by_the_checked_catalog(project):
    po = catalog(project, "The COO runs operations.")
    hostile = polib.pofile(str(po))
    hostile.find("Le COO pilote les opérations.").msgstr = "SMUGGLED"
    hostile.save_as_mofile(str(po.with_suffix(".mo")))
    later = po.stat().st_mtime + 60
    os.utime(po.with_suffix(".mo"), (later, later))  # newer than the .po: Sphinx alone would load it
    page = build(project)
    assert "SMUGGLED" not in page and "The COO runs operations." in page


def test_an_unchanged_catalog_is_not_checked_or_compiled_again(project):
    po = catalog(project, "The COO runs operations.")
    build(project)
    compiled = po.with_suffix(".mo").stat().st_mtime_ns
    build(project)
    assert po.with_suffix(".mo").stat().st_mtime_ns == compiled


def test_a_catalog_with_a_byte_order_mark_is_named_without_sphinx_crash_report(project):
    po = catalog(project, "The COO runs operations.")
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    assert re.search(r"index\.po:1: WARNING: encoding: the file starts with a byte-order mark", refused(project))


def test_a_catalog_with_windows_line_ends_is_used(project):
    po = catalog(project, "The COO runs operations.")
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    assert "The COO runs operations." in build(project)


def test_a_catalog_is_checked_again_when_the_rules_change(project, monkeypatch):
    """A catalog accepted by older rules (here, a zero-width space) is refused once the rules change."""
    from coursekit.sphinxext import catalog_guard

    po = catalog(project, "The C\u200bOO runs operations.")
    monkeypatch.setattr(catalog_guard, "check_catalog", lambda *arguments: iter(()))  # the older, laxer rules
    monkeypatch.setattr(catalog_guard, "checks_digest", lambda config: "older rules")
    build(project)
    monkeypatch.undo()
    assert re.search(r"index\.po:\d+: WARNING: control: ", refused(project))
    assert not po.with_suffix(".mo").exists()


def test_in_a_changed_catalog_only_the_entries_not_seen_passing_are_checked(project, monkeypatch):
    """A translator's edit has one entry checked again, not the hundreds beside it; a bad edit is still refused."""
    catalog(project, "The COO runs operations.")
    build(project)
    checked = checked_entries(monkeypatch)
    po = catalog(project, "The COO runs the operations.")  # "Accueil" → "Home" unchanged
    build(project)
    assert checked == ["Le COO pilote les opérations."]
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(po.with_suffix(".mo")))}
    assert compiled["Le COO pilote les opérations."] == "The COO runs the operations."
    assert compiled["Accueil"] == "Home"
    catalog(project, "The C\u200bOO runs operations.")
    assert re.search(r"index\.po:\d+: WARNING: control: ", refused(project))


def test_the_settings_the_checks_read_are_part_of_their_rules():
    """Exempting a page from the terminology table (conf.py) or enabling a MyST extension has every catalog
    checked again: a catalog accepted under the old settings is not taken as passing the new ones."""
    from types import SimpleNamespace

    from coursekit.sphinxext import catalog_guard

    def digest(extensions, exempt):
        return catalog_guard.checks_digest(
            SimpleNamespace(myst_enable_extensions=extensions, course_terminology_exempt=exempt)
        )

    assert digest(["colon_fence"], ["course/sources"]) == digest(["colon_fence"], ["course/sources"])
    assert digest(["colon_fence"], ["course/sources"]) != digest(["colon_fence"], [])
    assert digest(["colon_fence"], []) != digest(["colon_fence", "deflist"], [])
    assert digest([], []) == catalog_guard.checks_digest(SimpleNamespace(myst_enable_extensions=[]))


def test_a_tool_after_the_build_checks_only_the_entries_the_guard_did_not_see_pass(project, monkeypatch):
    """The kits read the catalogs after the language's build: what its guard saw pass under the same rules is not
    checked a second time; an entry edited since, or the same ledger under other rules, is."""
    from coursekit.sphinxext import catalog_checks
    from coursekit.sphinxext.catalog_checks import entries_passed

    po = catalog(project, "The COO runs operations.")
    build(project)
    extensions = ["colon_fence", "deflist"]
    doctrees = project / "_build" / "doctrees"
    passed = entries_passed(doctrees, extensions, [])
    assert set(passed) == {"locales/en/LC_MESSAGES/index.po"}
    assert len(passed["locales/en/LC_MESSAGES/index.po"]) == 2
    assert entries_passed(doctrees, extensions, ["index"]) == {}, "other rules: nothing is taken as passing"
    assert entries_passed(project / "elsewhere", extensions, []) == {}, "no build: nothing is taken as passing"

    checked = checked_entries(monkeypatch)

    def findings() -> list[str]:
        known = set(passed["locales/en/LC_MESSAGES/index.po"])
        return [str(finding) for finding in catalog_checks.check_catalog(po, "en", extensions, known, [])]

    assert findings() == [] and checked == []
    catalog(project, "The C\u200bOO runs operations.")  # edited after the build, by a hostile hand
    found = findings()
    assert checked == ["Le COO pilote les opérations."]
    assert len(found) == 1 and re.search(r"index\.po:\d+: control: ", found[0]), found
