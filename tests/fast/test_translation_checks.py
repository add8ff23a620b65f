"""Translations are data: the attacks a hostile translator would try, each refused with its file and line.

``check_catalog`` is what ``make check-po``, the build's guard and the kit
run; here it meets the corpus (``tests/translation_corpus.py``), catalog-level
attacks, and Hypothesis properties: whatever a translator writes, the checks
report findings and never crash, and a translated notebook keeps its source's
structure or is refused. The real builds are in ``tests/test_translation_safety.py``.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import nbformat
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from coursekit.core.message_kinds import Kind, kinds_of
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.catalog_checks import Finding, check_catalog, refused_character
from coursekit.sphinxext.notebook_conversion import conversion_changes, to_rst
from coursekit.tools.catalog_update import merge
from tests.translation_corpus import (
    ATTACKS,
    COMMENT,
    FIGURE_TEXT,
    HEADER,
    HEADING,
    LIST_ITEM,
    NOTEBOOK,
    NOTEBOOK_MESSAGES,
    NOTEBOOK_SOURCE,
    PAGE_MESSAGE,
    PARAGRAPH,
    PLAIN_PARAGRAPH,
    SCORE,
    STRING,
    findings_of,
    hostile_text,
    msgstr_line,
    write_catalog,
)


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
        (
            "course/02-missions",
            "Le {term}`conseil d’administration` vote.",
            "The {term}`board <conseil d’administration>` votes.",
        ),
        (f"exercises/{NOTEBOOK}", COMMENT, "Lumen's quarterly data (a fictitious company)"),
        (f"exercises/{NOTEBOOK}", STRING, '✅ "Right" answer — it\'s \\ correct!'),
        (f"exercises/{NOTEBOOK}", SCORE, "Right answers: {right} out of {total}"),
        ("ui", "{minutes} min", "{minutes} min"),
        ("figures", FIGURE_TEXT, "Board of directors"),
        # What languages really need: a soft hyphen, joiners (Persian, emoji), narrow no-break space.
        ("course/02-missions", PAGE_MESSAGE, "Der COO steuert das Tages\u00adgeschäft."),
        ("course/02-missions", PAGE_MESSAGE, "می\u200cخواهم \U0001f469\u200d\U0001f4bb runs!"),
    ],
)
def test_ordinary_translations_pass(tmp_path, domain, msgid, msgstr):
    assert findings_of(write_catalog(tmp_path, domain, msgid, msgstr)) == []


# -- Catalog-level attacks --------------------------------------------------------------


def test_broken_plural_forms_header_is_named_at_its_line(tmp_path):
    catalog = tmp_path / "plural.po"
    catalog.write_text(
        HEADER.replace('"Language', '"Plural-Forms: nplurals=2; plural=__import__(os);\\n"\n"Language'),
        encoding="utf-8",
    )
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


def test_windows_line_ends_are_a_valid_catalog(tmp_path):
    catalog = write_catalog(tmp_path, "course/02-missions", PAGE_MESSAGE, "The COO runs operations.")
    catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r\n"))
    assert findings_of(catalog) == []
    hostile = write_catalog(tmp_path, "course/02-missions", PAGE_MESSAGE, "The COO\uffff runs.")
    hostile.write_bytes(hostile.read_bytes().replace(b"\n", b"\r\n"))
    assert [str(finding).split("\n")[0] for finding in findings_of(hostile)] == [
        f"{hostile}:{msgstr_line(hostile)}: control: the translation holds U+FFFF unnamed character"
    ]


def test_a_byte_order_mark_is_named_for_the_translator_with_the_repository_path():
    folder = REPO_ROOT / "_build" / "test-catalogs"
    folder.mkdir(parents=True, exist_ok=True)
    catalog = folder / "bom.po"
    try:
        catalog.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
        assert [str(finding) for finding in check_catalog(catalog)] == [
            "_build/test-catalogs/bom.po:1: encoding: the file starts with a byte-order mark (BOM): "
            "save it as 'UTF-8', not 'UTF-8 with BOM'"
        ]
    finally:
        catalog.unlink(missing_ok=True)


def test_an_empty_catalog_is_named_as_empty(tmp_path):
    catalog = tmp_path / "empty.po"
    catalog.write_text("\n", encoding="utf-8")
    assert [str(finding) for finding in check_catalog(catalog)] == [
        f"{catalog}:1: syntax: the catalog is empty: it needs its header at least "
        "(`make update-po` writes one), or delete the file"
    ]


def test_update_po_keeps_windows_line_ends(tmp_path):
    template = tmp_path / "page.pot"
    template.write_text(HEADER + 'msgid "Prioriser"\nmsgstr ""\n\nmsgid "Déléguer"\nmsgstr ""\n', encoding="utf-8")
    catalog = tmp_path / "page.po"
    catalog.write_bytes((HEADER + 'msgid "Prioriser"\nmsgstr "Prioritise"\n').replace("\n", "\r\n").encode())
    assert merge(template, catalog, "en") == "updated"
    data = catalog.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"") and b'msgstr "Prioritise"\r\n' in data
    assert "Déléguer" in [entry.msgid for entry in polib.pofile(str(catalog))]


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


def test_every_character_the_policy_accepts_is_one_xml_can_hold():
    """Strict XML (lxml, no recovery) reads every character a translation may hold, as text and attribute."""
    accepted = "".join(chr(code) for code in range(0x110000) if not refused_character(chr(code)))
    etree.fromstring(f"<p title={quoteattr(accepted)}>{escape(accepted)}</p>".encode(), etree.XMLParser(huge_tree=True))
    with pytest.raises(etree.XMLSyntaxError):  # the parser does refuse what the policy refuses
        etree.fromstring("<p>\uffff</p>".encode())
    assert not any(map(refused_character, "Le COO pilote « les opérations » ?\u202f\u00a0é\n\t"))


# -- Properties -----------------------------------------------------------------------------

# Text a translator could type, markup-heavy: every character class the checks care about.
DOMAINS = ["course/02-missions", f"exercises/{NOTEBOOK}", "ui", "figures"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domain=st.sampled_from(DOMAINS), index=st.integers(0, len(NOTEBOOK_MESSAGES) - 1), msgstr=hostile_text)
def test_checks_report_and_never_crash(tmp_path, domain, index, msgstr):
    msgid = NOTEBOOK_MESSAGES[index].text
    findings = findings_of(write_catalog(tmp_path, domain, msgid, msgstr))
    assert all(isinstance(finding, (Finding, str)) for finding in findings)


@pytest.mark.parametrize(
    ("cell", "msgid"),
    [
        ("Avant la citation.\n\n> Le COO pilote les opérations.", "Le COO pilote les opérations."),
        ("Avant.\n\n| Critère | Seuil |\n|---|---|\n| Effectif salarié | 50 |", "Effectif salarié"),
    ],
    ids=["block quote", "table cell"],
)
def test_explicit_markup_in_a_quote_or_a_table_is_seen_after_the_conversion(tmp_path, cell, msgid):
    notebook = tmp_path / "cells.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(cell)]), notebook)
    assert conversion_changes(notebook, msgid, "The COO runs operations.") == {}
    assert conversion_changes(notebook, msgid, ".. include:: /etc/passwd")
    assert ".. include:: /etc/passwd" in to_rst(cell.replace(msgid, ".. include:: /etc/passwd"))


def test_a_notebook_that_is_not_json_does_not_stop_the_conversion_check(tmp_path):
    notebook = tmp_path / "broken.ipynb"
    notebook.write_text("{,", encoding="utf-8")
    assert conversion_changes(notebook, "Objectif", ".. include:: /etc/passwd")
    assert conversion_changes(notebook, "Objectif", "Goal") == {}


# What pandoc and docutils read as markup, and words around it: the properties below assemble them.
CONVERSION_PIECES = [
    ".. ", "..  ", "include:: ", "literalinclude:: /etc/hostname", "raw:: html", "::", "|x|", "_`t`", "__ ",
    "`x`_", ":download:`x`", "% ", "^[n]", "(@) ", "A. ", "i. ", "\\iffalse ", "\\fi ", "[x]: /etc/passwd",
    "- ", "> ", "# ", "    ", "Goal", " ", "\n",
]  # fmt: skip
EXPLICIT_MARKUP = re.compile(r"^\s*\.\.(?:\s|$)", re.MULTILINE)
CONVERTED_MESSAGES = [PLAIN_PARAGRAPH, HEADING, LIST_ITEM]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(0, len(CONVERTED_MESSAGES) - 1),
    msgstr=st.lists(st.sampled_from(CONVERSION_PIECES), min_size=1, max_size=8).map("".join),
)
def test_an_accepted_notebook_translation_adds_no_explicit_markup_after_the_conversion(tmp_path, index, msgstr):
    msgid = CONVERTED_MESSAGES[index]
    accepted = findings_of(write_catalog(tmp_path, f"exercises/{NOTEBOOK}", msgid, msgstr)) == []
    cells = [cell.source for cell in NOTEBOOK_SOURCE.cells if cell.cell_type == "markdown" and msgid in cell.source]
    translated = [source.replace(msgid, msgstr) for source in cells]
    if accepted:
        for source, target in zip(cells, translated, strict=True):
            assert len(EXPLICIT_MARKUP.findall(to_rst(target))) <= len(EXPLICIT_MARKUP.findall(to_rst(source))), msgstr
