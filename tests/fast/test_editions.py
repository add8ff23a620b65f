"""Learner and trainer editions of a notebook, from its cells' tags (``coursekit.core.editions``)."""

from __future__ import annotations

import nbformat
import pytest

from coursekit.core.editions import edition, is_exercise, is_solution, is_trainer_note, tags
from coursekit.core.notebooks import is_notebook, notebooks_in
from coursekit.core.paths import REPO_ROOT


def tagged(source: str, *cell_tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(cell_tags)} if cell_tags else {})


@pytest.fixture
def notebook() -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_markdown_cell("# Exercice"),
        tagged("answer = None", "exercise"),
        tagged("answer = 42", "solution"),
        nbformat.v4.new_markdown_cell("Notes d’animation", metadata={"tags": ["trainer"]}),
        tagged("check(answer)"),
    ]
    return book


def test_the_learner_edition_has_neither_solutions_nor_trainer_notes(notebook):
    learner = edition(notebook, "learner")
    assert [cell.source for cell in learner.cells] == ["# Exercice", "answer = None", "check(answer)"]
    assert len(notebook.cells) == 5, "the source notebook is left as it was"


def test_the_trainer_edition_keeps_every_cell(notebook):
    assert edition(notebook, "trainer").cells == notebook.cells


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
    assert kinds == [none, exercise, solution, trainer, none]
    assert tags(nbformat.v4.new_raw_cell("")) == set()


def test_notebooks_are_known_by_their_suffix():
    assert is_notebook("exercises/01-faut-il-un-coo.ipynb") and is_notebook(REPO_ROOT / "x.ipynb")
    assert not is_notebook("course/01-pourquoi-un-coo.md") and not is_notebook("exercises/coo_feedback.py")
    found = notebooks_in(REPO_ROOT / "exercises")
    assert found == sorted(found) and found and all(path.suffix == ".ipynb" for path in found)
