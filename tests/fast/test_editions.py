"""Learner and trainer editions of a notebook, from its cells' tags (``coursekit.core.editions``)."""

from __future__ import annotations

import nbformat
import pytest

from coursekit.core.editions import edition, is_exercise, is_solution, is_trainer_note, tags
from coursekit.core.notebooks import is_notebook, notebooks_in
from coursekit.core.paper_forms import exercise_form, worked_answer
from coursekit.core.paths import REPO_ROOT


def tagged(source: str, *cell_tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(cell_tags)} if cell_tags else {})


@pytest.fixture
def notebook() -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_markdown_cell("# Exercice"),
        nbformat.v4.new_markdown_cell("Écrivez la réponse.", metadata={"tags": ["paper"]}),
        tagged("answer = None", "exercise"),
        tagged("answer = 42", "solution"),
        nbformat.v4.new_markdown_cell("Notes d’animation", metadata={"tags": ["trainer"]}),
        tagged("check(answer)"),
    ]
    return book


def test_the_learner_edition_has_neither_solutions_nor_trainer_notes_nor_paper_cells(notebook):
    learner = edition(notebook, "learner")
    assert [cell.source for cell in learner.cells] == ["# Exercice", "answer = None", "check(answer)"]
    assert len(notebook.cells) == 6, "the source notebook is left as it was"


def test_the_trainer_edition_keeps_every_cell_but_the_paper_ones(notebook):
    """A paper cell says what to write on the sheet: on a computer, the exercise cell's comment says it."""
    kept = [cell for cell in notebook.cells if cell.source != "Écrivez la réponse."]
    assert edition(notebook, "trainer").cells == kept


def test_an_unknown_edition_is_refused(notebook):
    with pytest.raises(ValueError, match="unknown edition 'teacher'; known: learner, trainer"):
        edition(notebook, "teacher")


def test_each_cell_kind_from_its_tags(notebook):
    kinds = [(is_exercise(cell), is_solution(cell), is_trainer_note(cell)) for cell in notebook.cells]
    none, exercise, solution, trainer = (
        (False, False, False),
        (True, False, False),
        (False, True, False),
        (False, False, True),
    )
    assert kinds == [none, none, exercise, solution, trainer, none]
    assert tags(nbformat.v4.new_raw_cell("")) == set()


def test_notebooks_are_known_by_their_suffix():
    assert is_notebook("exercises/01-faut-il-un-coo.ipynb") and is_notebook(REPO_ROOT / "x.ipynb")
    assert not is_notebook("course/01-pourquoi-un-coo.md") and not is_notebook("exercises/coo_feedback.py")
    found = notebooks_in(REPO_ROOT / "exercises")
    assert found == sorted(found) and found and all(path.suffix == ".ipynb" for path in found)


def texts(nodes_: list) -> list[str]:
    return [node.astext() for node in nodes_]


def test_on_paper_an_exercise_cell_loses_its_notebook_instruction_and_keeps_its_rules():
    source = (
        '# À compléter : remplacez chaque None par "do" ou "drop", entre guillemets\n'
        "# urgente : échéance de 2 jours au plus\n"
        'priority = {"t1": None, "t2": None}'
    )
    form = exercise_form(source, "fr")
    assert texts(form)[0] == "urgente : échéance de 2 jours au plus"
    assert not any("None" in text or "guillemets" in text for text in texts(form))
    assert [node.tagname for node in form] == ["paragraph", "table"], "a single dictionary: no variable name"


def test_on_paper_one_value_is_one_answer_line_and_a_worked_one_says_answer():
    form = exercise_form('# À compléter : remplacez None par "A", "B" ou "C"\nmotto = None', "en")
    assert texts(form) == ["Your answer: " + "\u2002" * 12]
    assert "motto" not in texts(form)[0]
    assert texts(worked_answer('motto = "B"', "en")) == ["Answer: B"]


def test_on_paper_the_names_tell_several_tables_apart():
    form = exercise_form("# À compléter\nfirst = {'a': None}\nsecond = {'b': None}", "fr")
    assert [text for text in texts(form) if text in ("first", "second")] == ["first", "second"]
