"""Learner and trainer editions of a notebook, from its cells' tags (``coursekit.core.editions``)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from docutils import nodes

from coursekit.core import cell_roles
from coursekit.core.answer_cells import dictionary_keys, item_texts
from coursekit.core.editions import edition, is_exercise, is_solution, is_trainer_note, tags
from coursekit.core.languages import all_languages
from coursekit.core.notebooks import is_notebook, notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.notebook_pages import END, _marker_cell, paper_listing, website_notebook
from coursekit.sphinxext.paper_forms import exercise_form, worked_answer


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


# -- On paper, the website's form: boxes to tick beside words, never a code to write ----------------------------

DECISIONS = [["do", "Faire tout de suite"], ["plan", "Planifier"], ["delegate", "Déléguer"], ["drop", "Abandonner"]]


def choice_form(name: str, *fields: dict) -> dict:
    return {"name": name, "fields": list(fields)}


def grid_of(kind: str, keys: list[str], choices: list[list[str]] | None = None, initial: str | None = None) -> dict:
    fields = [{"key": key, "kind": kind, "label": ""} for key in keys]
    for field in fields:
        if choices is not None:
            field["choices"] = choices
        if initial is not None:
            field["initial"] = initial
    return choice_form("priority", *fields)


def boxes(node: nodes.Node) -> list[str]:
    """The boxes of a form, in reading order: ``x`` ticked, ``_`` to tick."""
    found = node.findall(
        lambda item: isinstance(item, nodes.inline) and item["classes"][:1] in (["paper-box"], ["paper-box-ticked"])
    )
    return ["x" if item["classes"] == ["paper-box-ticked"] else "_" for item in found]


def table_rows(grid: nodes.Node) -> list[list[str]]:
    return [[" ".join(entry.astext().split()) for entry in row.findall(nodes.entry)] for row in grid.findall(nodes.row)]


def test_on_paper_a_grid_of_few_choices_is_a_column_of_boxes_per_choice_named_in_words():
    form = grid_of("choice", ["t1", "t2"], DECISIONS)
    blank = exercise_form('# À compléter\npriority = {"t1": None, "t2": None}', "fr", {"t1": "Valider le plan"}, form)
    grid = blank[-1]
    assert "paper-matrix" in grid["classes"]
    assert table_rows(grid)[0] == ["Élément", "Faire tout de suite", "Planifier", "Déléguer", "Abandonner"]
    assert table_rows(grid)[1][0] == "t1 Valider le plan", "the row still names its item"
    assert boxes(grid) == ["_"] * 8
    worked = worked_answer('priority = {"t1": "plan", "t2": "drop"}', "fr", {}, form)[-1]
    assert boxes(worked) == ["_", "x", "_", "_", "_", "_", "_", "x"], "the worked answer ticks the right column"
    literals = {node.astext() for node in worked.findall(nodes.literal)}
    assert literals == {"t1", "t2"}, "no code on paper but the rows' own (the data lists them so)"


def test_on_paper_true_or_false_rows_are_two_columns_of_boxes_in_the_page_language():
    form = grid_of("boolean", ["d1", "d2"])
    grid = worked_answer('priority = {"d1": True, "d2": False}', "en", {}, form)[-1]
    assert table_rows(grid)[0] == ["Item", "True", "False"]
    assert boxes(grid) == ["x", "_", "_", "x"]


def test_on_paper_a_grid_keeps_the_box_a_starting_value_ticks():
    people = [["amina", "Amina"], ["bruno", "Bruno"]]
    form = grid_of("choice", ["k1"], people, initial="bruno")
    assert boxes(exercise_form('# À compléter\npriority = {"k1": "bruno"}', "fr", {}, form)[-1]) == ["_", "x"]


def test_on_paper_one_choice_or_several_is_a_line_per_choice_with_its_box():
    single = choice_form("motto", {"key": None, "kind": "choice", "label": "", "choices": DECISIONS[:3]})
    form = exercise_form("# À compléter\nmotto = None", "fr", {}, single)
    assert texts(form) == ["Votre réponse\u00a0:", "☐ Faire tout de suite", "☐ Planifier", "☐ Déléguer"]
    several = choice_form("picked", {"key": None, "kind": "several", "label": "", "choices": DECISIONS})
    worked = worked_answer('picked = ["do", "drop"]', "en", {}, several)
    assert texts(worked)[1:] == ["☒ Faire tout de suite", "☐ Planifier", "☐ Déléguer", "☒ Abandonner"]


def test_on_paper_a_grid_of_many_choices_has_a_line_and_its_answer_in_words():
    quarters = [[f"2024Q{number}", f"T{number} 2024"] for number in range(1, 5)] + [["2025Q1", "T1 2025"]]
    form = grid_of("choice", ["size"], quarters)
    assert boxes(exercise_form('# À compléter\npriority = {"size": None}', "fr", {}, form)[-1]) == []
    worked = worked_answer('priority = {"size": "2024Q3"}', "fr", {}, form)[-1]
    assert table_rows(worked)[1] == ["size", "T3 2024"], "the choice's words, not its code"


def test_on_paper_an_order_is_numbered_lines_and_a_number_is_written_as_the_language_writes_it():
    tools = [["A", "Tableur"], ["B", "Logiciel"], ["C", "Progiciel"]]
    order = choice_form("ranking", {"key": None, "kind": "order", "label": "", "choices": tools, "places": 3})
    assert texts(worked_answer('ranking = ["B", "A", "C"]', "fr", {}, order))[1:] == [
        "1. Logiciel",
        "2. Tableur",
        "3. Progiciel",
    ]
    assert len(texts(exercise_form("# À compléter\nranking = [None, None, None]", "fr", {}, order))) == 4
    assert texts(worked_answer("share = 22.2", "fr")) == ["Réponse\u00a0: 22,2"]
    assert texts(worked_answer("share = 22.2", "en")) == ["Answer: 22.2"]


def test_on_paper_a_form_for_another_name_is_not_used():
    form = grid_of("choice", ["t1"], DECISIONS)
    assert boxes(worked_answer('other = {"t1": "do"}', "fr", {}, form)[-1]) == []


def instructions_and_forms(page: nbformat.NotebookNode):
    """Each website form of a page, with what a paper reader reads before it: the question (the last ``###``
    cell the notebook and paper share) and the paper instruction (the cell after a paper marker)."""
    question = instruction = ""
    role = None  # the role of the cells between a marker and its end
    for position, cell in enumerate(page.cells):
        marker = re.match(r"\.\. notebook-cell:: (\S+)", cell.source) if cell.cell_type == "raw" else None
        if marker:
            role = None if marker.group(1) == END else marker.group(1)
            if role == cell_roles.PAPER_ONLY:
                instruction = page.cells[position + 1].source
            elif role == cell_roles.EXERCISE and ":form: " in cell.source:
                yield question, instruction, json.loads(re.search(r":form: (.*)", cell.source).group(1))
        elif role is None and cell.cell_type == "markdown" and cell.source.startswith("### "):
            question = cell.source


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("path", notebooks_in(REPO_ROOT / "exercises"), ids=lambda path: path.stem)
def test_on_paper_questions_and_instructions_name_the_choices_in_words_never_by_their_codes(path, language):
    """A reader ticks words on paper: "write do, plan…" (the notebook's codes) belongs in the notebook's
    instructions, which paper leaves out, not in the question both share nor in the paper instruction."""
    docname = f"exercises/{path.stem}"
    page = website_notebook(nbformat.read(path, as_version=4), language, docname)
    asked = 0
    for question, instruction, form in instructions_and_forms(page):
        assert instruction, f"{docname}: the form {form['name']} has no paper instruction before it"
        for field in form["fields"]:
            for code, label in field.get("choices", []):
                if re.search(rf"\b{re.escape(code)}\b", label):
                    continue  # the code is a word of its own label (CEO): a reader may write it
                for kind, text in (("question", question), ("paper instruction", instruction)):
                    assert not re.search(rf"\b{re.escape(code)}\b", text), (
                        f"{docname} ({language}): the {kind} before {form['name']} names the code {code!r}; "
                        f"name the choice by its words ({label!r}), the code in a cell tagged "
                        f"'instructions': {text!r}"
                    )
                asked += 1
    assert asked, f"{docname}: no choice found in its forms"


def printed(text: str) -> nodes.container:
    """An output as nbsphinx writes what a cell printed (see test_nbsphinx_compat for the real thing)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return nodes.container("", nodes.raw("", f"<pre>\n{escaped}</pre>", format="html"), classes=["nboutput"])


def test_on_paper_a_printed_list_is_lines_of_text_and_a_printed_table_stays_fixed_width():
    listing = paper_listing(printed("t1 : Valider le plan (échéance : 1 j)\nt2 : <b>Relancer</b> la ligne\n"))
    assert isinstance(listing, nodes.line_block) and "paper-listing" in listing["classes"]
    assert [line.astext() for line in listing.findall(nodes.line)] == [
        "t1 : Valider le plan (échéance : 1 j)",
        "t2 : <b>Relancer</b> la ligne",
    ]
    assert not list(listing.findall(nodes.raw)), "what a cell printed is text, never markup"
    table = "          Réunions  Interruptions\nJour\nLundi            5              3\n"
    assert paper_listing(printed(table)) is None
    assert paper_listing(nodes.container("", nodes.image(uri="chart.png"))) is None
