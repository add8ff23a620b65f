"""What a translator reads: every finding located in the catalog, quoting the msgstr as written.

Terminology variants are found by ``check-po`` on the msgstr at its catalog
line (not only by the build, against the French page); a finding names the
role or field at fault and prints text as written; each hint's example is
built by Sphinx with the course's strictness and passes every check.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from sphinx.testing.util import SphinxTestApp

from coursekit.core.figure_text import all_label_widths
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.catalog_checks import EXPLANATIONS, HINT_EXAMPLES, check_catalog, source_drift
from coursekit.tools import check_po

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write(folder: Path, domain: str, entries: list[polib.POEntry]) -> Path:
    path = folder / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n".join(map(str, entries)), encoding="utf-8")
    return path


def test_a_terminology_variant_is_found_at_its_catalog_line(tmp_path):
    catalog = write(
        tmp_path,
        "course/page",
        [
            polib.POEntry(msgid="Le COO pilote.", msgstr="The COO runs."),
            polib.POEntry(msgid="Le COO décide.", msgstr="The Chief Operating Officer decides."),
        ],
    )
    findings = list(check_catalog(catalog))
    assert [(finding.check, finding.line) for finding in findings] == [("terminology", 10)]
    assert "“Chief Operating Officer” is a variant" in str(findings[0])
    assert "translation: The Chief Operating Officer decides." in str(findings[0])


def test_a_variant_only_in_a_role_target_or_in_code_is_not_one(tmp_path):
    catalog = write(
        tmp_path,
        "course/page",
        [polib.POEntry(msgid="Le {term}`COO` lance `make`.", msgstr="The {term}`COO` runs `make`.")],
    )
    assert list(check_catalog(catalog)) == []


def test_the_exempt_page_may_quote_a_variant(tmp_path):
    # conf.py's course_terminology_exempt: the sources page quotes the article it corrects.
    catalog = write(
        tmp_path,
        "course/sources",
        [polib.POEntry(msgid="« Chief Operating Officer »", msgstr="‘Chief Operating Officer’")],
    )
    assert list(check_catalog(catalog)) == []


def test_a_finding_names_the_role_and_prints_text_as_written(tmp_path):
    catalog = write(
        tmp_path,
        "course/page",
        [
            polib.POEntry(
                msgid="Le {term}`conseil d’administration` vote\u00a0: oui.",
                msgstr="The {term}`board` votes\u00a0: yes.",
            )
        ],
    )
    shown = "\n".join(map(str, check_catalog(catalog)))
    assert "roles: the French has {term}`conseil d’administration`, the translation does not" in shown
    assert "translation: The {term}`board` votes\u00a0: yes." in shown
    assert "French: Le {term}`conseil d’administration` vote\u00a0: oui." in shown
    assert "\\xa0" not in shown and "'" not in shown.replace("’", "")


def test_an_invisible_character_is_named_not_printed(tmp_path):
    catalog = write(tmp_path, "course/page", [polib.POEntry(msgid="Le temps", msgstr="Time\u202eemiT")])
    shown = "\n".join(map(str, check_catalog(catalog)))
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in shown and "\u202e" not in shown


CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.catalog_guard"]
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False
nitpicky = True
myst_enable_extensions = ["colon_fence", "deflist"]
"""


@pytest.mark.parametrize("check", sorted(HINT_EXAMPLES))
def test_each_hint_example_passes_the_checks_and_the_build(tmp_path, check):
    msgid, msgstr = HINT_EXAMPLES[check]
    hint = EXPLANATIONS[check]
    assert msgstr.split()[1] in hint or msgstr in hint or check == "emphasis"
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    glossary = "```{glossary}\ncadre supérieur\n  Membre de la direction.\n```\n"
    (project / "index.md").write_text(f"# Accueil\n\n{msgid}\n\n{glossary}", encoding="utf-8")
    catalog = write(
        project,
        "index",
        [polib.POEntry(msgid="Accueil", msgstr="Home"), polib.POEntry(msgid=msgid, msgstr=msgstr)],
    )
    assert list(check_catalog(catalog)) == []
    app = SphinxTestApp("html", srcdir=project, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Home" in page and msgstr.split()[-1].strip("*.") in page


def test_an_edited_msgid_is_reported_with_its_line_and_the_closest_french_text(tmp_path):
    templates = tmp_path / "gettext"
    (templates / "course").mkdir(parents=True)
    template = polib.POFile()
    for msgid in ("Le COO pilote les opérations.", "Il rend compte au CEO.", "Accueil"):
        template.append(polib.POEntry(msgid=msgid, msgstr=""))
    template.save(str(templates / "course" / "page.pot"))
    catalog = write(
        tmp_path,
        "course/page",
        [
            polib.POEntry(msgid="Accueil", msgstr="Home"),
            polib.POEntry(msgid="Le COO pilote les operations.", msgstr="The COO runs operations."),
            polib.POEntry(msgid="Il rend compte au CEO.", msgstr="He reports to the CEO."),
        ],
    )
    assert list(check_catalog(catalog)) == []  # the entry itself is sound: only the source tells
    findings = source_drift(catalog, templates)
    assert [(finding.check, finding.line) for finding in findings] == [("msgid", 10)]
    shown = str(findings[0])
    assert "the closest French text: Le COO pilote les opérations." in shown
    assert "translation: The COO runs operations." in shown
    assert check_po.main(["--templates", str(templates), str(catalog)]) == 1


def label(msgstr: str, context: str = "six-competences") -> polib.POEntry:
    entry = polib.POEntry(msgid="Prioriser", msgstr=msgstr)
    entry.msgctxt = context  # a figure's messages have the figure as msgctxt
    return entry


def test_a_figure_label_longer_than_its_box_is_refused_at_its_line(tmp_path):
    # "Prioriser" sits in a box of six-competences.svg that holds about 34 characters.
    room = all_label_widths()[("six-competences", "Prioriser")]
    fits = write(tmp_path / "ok", "figures", [label("Priorisieren")])
    assert list(check_catalog(fits)) == []
    too_long = "Die Reihenfolge der Aufgaben nach ihrer Dringlichkeit festlegen"
    catalog = write(tmp_path / "long", "figures", [label(too_long)])
    findings = list(check_catalog(catalog))
    assert [(finding.check, finding.line) for finding in findings] == [("width", 8)]
    assert f"the label is {len(too_long)} characters long; its box in the figure holds about {room}" in str(findings[0])


def test_a_country_aside_may_name_that_country_titles_but_no_other_message_may(tmp_path):
    """The English edition names the French titles in Module 1's aside (``:class: country-aside``), for
    readers who work with French companies; check-po, like the build's term check, leaves that aside alone."""
    from coursekit.sphinxext.catalog_checks import in_country_aside, terminology_variants

    page = REPO_ROOT / "course" / "01-role-du-coo.md"
    aside = page.read_text(encoding="utf-8").split(":class: country-aside\n", 1)[1].split("\n:::", 1)[0].strip()
    assert in_country_aside("course/01-role-du-coo", aside)
    assert not in_country_aside("course/01-role-du-coo", "Le COO pilote les opérations.")
    assert not in_country_aside("course/02-missions", aside)
    assert terminology_variants("The PDG runs the company.", "en"), "the variant is still forbidden outside the aside"
