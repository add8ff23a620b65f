"""One age and one role per character (locales/characters.csv): a page or a notebook string that
contradicts the table is a warning at its file and line, in the build's language."""

from __future__ import annotations

from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from coursekit.sphinxext.characters import findings, read_characters

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.characters"]
language = "{language}"
"""


def build(tmp_path, language: str, text: str) -> str:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF.format(language=language), encoding="utf-8")
    (source / "index.md").write_text(f"# Page\n\nUn paragraphe.\n\n{text}\n", encoding="utf-8")
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=source, warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return warnings.getvalue()


def test_a_wrong_age_is_a_located_warning(tmp_path):
    warnings = build(tmp_path, "fr", "Karim, 34 ans, dirige une équipe de production.")
    assert "index.md:5" in warnings and "gives Karim the age 41" in warnings


def test_a_wrong_role_is_a_located_warning_in_english(tmp_path):
    warnings = build(tmp_path, "en", "Sofia, a production manager for six years, is preparing for a COO role.")
    assert "index.md:5" in warnings and "gives Sofia the role" in warnings


def test_the_table_agrees_with_itself(tmp_path):
    assert "characters" not in build(tmp_path, "fr", "Sofia, responsable de l’entrepôt, et Samuel, le COO, décident.")


@pytest.mark.parametrize(
    ("text", "language", "problem"),
    [
        ("Malik, 45 ans, vise le poste.", "fr", None),
        ("Malik, 45, is aiming for the role.", "en", None),
        ("Malik, 54, is aiming for the role.", "en", "age 45"),
        ("Amina, 35 h, data analysis", "en", None),
        ("Malik, 54 ans, vise le poste.", "fr", "age 45"),
        ("Claire, la PDG, décide.", "fr", None),
        ("Claire, la directrice commerciale, décide.", "fr", "gives Claire the role"),
        ("Gaspard, 30 ans, arrive.", "fr", "not in the character table"),
        ("In 2024, 45 people worked there.", "en", None),
        ("Samuel, le COO, organise.", "de", None),
        ("Karim, 34 ans, dirige.", "de", "age 41"),
    ],
)
def test_findings(text, language, problem):
    found = findings(text, language, read_characters())
    assert (found == []) if problem is None else any(problem in finding for finding in found), found
