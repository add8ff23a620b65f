"""What a learner may type in an exercise cell, and the cells the build adds or drops around it."""

from __future__ import annotations

import sys

import nbformat
import pytest

from coursekit.core.answer_cells import not_literal
from coursekit.core.notebook_i18n import extract_messages, is_marker_definition, translate_notebook
from coursekit.sphinxext.notebook_download import HELPER_MODULE, with_helper


@pytest.mark.parametrize(
    "source",
    [
        '# À compléter : "A", "B" ou "C"\nchoice = None',
        'answers = {"s1": None, "s2": "CEO"}\nshare = -12.5\nflags = [True, False]',
        'plan = {"skill_1": "", "path": ""}  # a comment after the value',
        "codes = []\npeers = ()\nitems = {1, 2}",
        "a = b = 3",
        "# only a comment",
        "",
    ],
)
def test_literal_assignments_and_comments_are_fit_for_a_learner(source):
    assert not_literal(source) == []


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        ('size_ok = growth["headcount"] >= 50', 1, "not computed"),
        ("# ok\nweighted = scores.mul(weights, axis=0).sum()", 2, "not computed"),
        ("def quadrant(days, impact):\n    return None", 1, "only assignments"),
        ("peers = set()", 1, "not computed"),
        ("share = 100 * 16 / 40", 1, "not computed"),
        ('x = {**other, "a": 1}', 1, "not computed"),
        ("x = None\nprint(x)", 2, "only assignments"),
        ('answers["s1"] = "CEO"', 1, "plain name"),
        ("x += 1", 1, "only assignments"),
        ('x = f"{y}"', 1, "not computed"),
        ("x = (", 1, "not valid Python"),
    ],
)
def test_anything_else_is_named_with_its_line(source, line, reason):
    problems = not_literal(source)
    assert (
        problems and problems[0].line == line and reason in str(problems[0]).replace("must be typed as a literal, ", "")
    )


def notebook(*sources: str) -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return book


@pytest.mark.parametrize(
    "source", ["_ = str", "# Carnet source : marque les textes.\n_ = str\n", "_ = str  # identité"]
)
def test_the_marker_definition_is_dropped_from_every_edition_and_offers_no_message(source):
    book = notebook(source, 'print(_("Bonjour"))')
    assert is_marker_definition(book.cells[0])
    assert [message.text for message in extract_messages(book)] == ["Bonjour"]
    assert [cell.source for cell in translate_notebook(book, str).cells] == ['print("Bonjour")']


@pytest.mark.parametrize("source", ["_ = str; import os", "_ = str\nprint(1)", "_ = repr", "x = str", "_ = str(1)"])
def test_any_other_code_is_not_the_marker_definition(source):
    assert not is_marker_definition(notebook(source).cells[0])


def test_the_downloaded_helper_cell_defines_what_the_notebook_imports():
    book = notebook("import pandas as pd\nfrom coo_feedback import Checker\ncheck = Checker(correct='R', not_yet='N')")
    assert with_helper(book, "en")
    cell = book.cells[0]
    assert cell.id == "feedback-helper" and cell.source.startswith("# The module that checks your answers")
    assert "Bonne réponse" not in cell.source, "the module's docstring (French examples) stays out"
    saved = sys.modules.pop(HELPER_MODULE.stem, None)
    try:
        namespace: dict = {}
        exec(compile(cell.source, "helper", "exec"), namespace)  # noqa: S102 - the cell the learner runs
        exec(compile("from coo_feedback import Checker, seal", "import", "exec"), namespace)  # noqa: S102
        assert namespace["Checker"](correct="R", not_yet="N").equal("North", namespace["seal"]("north"))
    finally:
        sys.modules.pop(HELPER_MODULE.stem, None)
        if saved is not None:
            sys.modules[HELPER_MODULE.stem] = saved


def test_a_notebook_that_does_not_import_the_helper_gets_no_helper_cell():
    book = notebook("import pandas as pd")
    assert not with_helper(book, "fr") and len(book.cells) == 1
