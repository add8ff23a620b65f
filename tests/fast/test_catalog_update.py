"""update-po's merge keeps every translation, also when a message gets a msgctxt, and completes the header."""

from __future__ import annotations

import subprocess

import polib

from coursekit.tools.catalog_update import merge

HEADER = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def entry(msgid: str, msgstr: str = "", context: str | None = None) -> polib.POEntry:
    made = polib.POEntry(msgid=msgid, msgstr=msgstr)
    made.msgctxt = context
    return made


def test_a_translation_follows_its_message_into_each_new_context(tmp_path):
    catalog = tmp_path / "figures.po"
    catalog.write_text(HEADER + "\n".join(map(str, [entry("COO", "COO"), entry("Conseil", "Vorstand")])), "utf-8")
    template = tmp_path / "figures.pot"
    template.write_text(
        HEADER
        + "\n".join(
            map(str, [entry("Conseil", context="a"), entry("Conseil", context="b"), entry("COO", context="a")])
        ),
        "utf-8",
    )
    assert merge(template, catalog, "de") == "updated"
    merged = polib.pofile(str(catalog))
    current = {(item.msgctxt, item.msgid): (item.msgstr, item.fuzzy) for item in merged if not item.obsolete}
    assert current == {
        ("a", "Conseil"): ("Vorstand", False),
        ("b", "Conseil"): ("Vorstand", False),
        ("a", "COO"): ("COO", False),
    }
    assert {item.msgid for item in merged.obsolete_entries()} == {"COO", "Conseil"}  # kept, as obsolete
    assert merge(template, catalog, "de") == "unchanged"


def test_the_header_gets_the_fields_translation_tools_expect(tmp_path):
    catalog = tmp_path / "ui.po"
    catalog.write_text(HEADER + str(entry("Accueil", "Startseite")), "utf-8")
    template = tmp_path / "ui.pot"
    template.write_text(HEADER + str(entry("Accueil")), "utf-8")
    merge(template, catalog, "de")
    metadata = polib.pofile(str(catalog)).metadata
    assert metadata["Language-Team"] == "German"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert metadata["Last-Translator"] and metadata["PO-Revision-Date"]
    check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], capture_output=True, text=True)
    assert check.returncode == 0 and "warning" not in check.stderr, check.stderr
