"""Learner and trainer editions of a notebook, from its cells' tags (``coursekit.core.editions``)."""

from __future__ import annotations

import json

import nbformat
import pytest
from docutils import nodes

from coursekit.core.editions import edition, is_exercise, is_solution, is_trainer_note, tags
from coursekit.core.notebooks import is_notebook, notebooks_in
from coursekit.core.paper_forms import dictionary_keys, exercise_form, item_texts, worked_answer
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.notebook_pages import _marker_cell


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


@pytest.mark.parametrize(("language", "words"), [("fr", "Réponse\u00a0: Vrai"), ("en", "Answer: True")])
def test_on_paper_a_worked_true_or_false_is_written_in_words(language, words):
    answer = worked_answer("flag = True", language)
    assert texts(answer) == [words]
    assert not list(answer[0].findall(nodes.literal)), "a word of the page's language, not code"
    grid = " ".join(texts(worked_answer('delegation = {"d1": True, "d2": False}', language)))
    true, false = ("Vrai", "Faux") if language == "fr" else ("True", "False")
    assert f"d1{true}d2{false}" in "".join(grid.split())
    if language == "fr":
        assert "True" not in grid and "False" not in grid


def test_on_paper_a_written_answer_gets_lines_and_a_word_gets_a_blank():
    single = exercise_form('# À compléter : écrivez votre réponse entre les guillemets\nwhy = ""', "fr")
    grid = exercise_form('# À compléter\nplan = {"skill_1": "", "code": None}', "fr")
    classes = [node["classes"] for form in (single, grid) for part in form for node in part.findall(nodes.inline)]
    assert ["paper-text"] in classes and ["paper-blank"] in classes
    assert classes.count(["paper-text"]) == 2, "the single written answer and the grid's text row"


def test_on_paper_the_names_tell_several_tables_apart():
    form = exercise_form("# À compléter\nfirst = {'a': None}\nsecond = {'b': None}", "fr")
    assert [text for text in texts(form) if text in ("first", "second")] == ["first", "second"]


PROVIDED = """
tasks = pd.DataFrame([("t1", _("Valider le plan"), 1, 5), ("t2", _("Relancer la ligne"), 0, 5)])
labels = {"d1": _("Préciser le résultat"), "d2": "pas un texte à traduire", "t1": _("Valider le plan")}
expected = {"t1": "sha256:0123", "t2": "sha256:4567"}
styles = {"do": ("#D55E00", "o", _("Faire tout de suite"))}
"""


def test_the_items_a_grid_lists_are_named_by_the_translatable_texts_of_the_provided_code():
    assert item_texts([PROVIDED]) == {"t1": "Valider le plan", "t2": "Relancer la ligne", "d1": "Préciser le résultat"}
    assert item_texts(['a = {"x": _("un")}', 'b = {"x": _("deux")}', "not python ("]) == {}, "one code, two texts"
    assert dictionary_keys('priority = {"t1": None, "t2": None}\nshare = None') == {"t1", "t2"}
    assert dictionary_keys("priority = compute()") == set()


def test_on_paper_each_row_repeats_the_item_text_beside_its_code_as_plain_text():
    hostile = "Relancer *la* ligne <b>x</b>\n.. raw:: html"
    source = '# À compléter\npriority = {"t1": None, "t2": None, "t3": None}'
    form = exercise_form(source, "fr", {"t1": "Valider le plan", "t2": hostile})
    grid = form[-1]
    rows = [row.astext().split("\n\n")[0] for row in grid.findall(nodes.row)][1:]
    assert rows == ["t1 Valider le plan", "t2 Relancer *la* ligne <b>x</b> .. raw:: html", "t3"]
    assert not list(grid.findall(nodes.emphasis)) and not list(grid.findall(nodes.raw)), "a text is never markup"
    assert "colwidths-given" in grid["classes"], "fixed columns: a long text cannot push the answers off the page"
    worked = worked_answer('priority = {"t1": "do", "t2": "plan", "t3": "drop"}', "fr", {"t1": "Valider le plan"})
    assert [row.astext().split("\n\n")[0] for row in worked[-1].findall(nodes.row)][1:2] == ["t1 Valider le plan"]
    assert "colwidths-given" not in exercise_form(source, "fr")[-1]["classes"], "codes alone keep the narrow column"


def test_the_item_texts_reach_the_marker_directive_on_one_line_whatever_they_hold():
    texts = {"t1": 'Valider\n   :items: {}\n\n.. raw:: html\n\n   <script>x</script> "«»"'}
    marker = _marker_cell("exercise", 'priority = {"t1": None}', texts)
    options = [line for line in marker.source.splitlines() if line.strip().startswith(":items:")]
    assert len(options) == 1
    assert json.loads(options[0].split(":items:", 1)[1]) == texts
    assert ".. raw::" not in marker.source.split("\n\n", 1)[0].replace(options[0], "")
