"""Every chart of an exercise says in words what it shows: the description cell after it is its alt text."""

from __future__ import annotations

import json

import nbformat
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from coursekit.core import cell_roles
from coursekit.core.editions import CHART_DESCRIPTION_TAG, is_chart_description
from coursekit.core.notebook_i18n import extract_messages, read_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext import notebook_pages
from coursekit.sphinxext.notebook_pages import END, cell_marker, describe_charts, plain_text, website_notebook

NOTEBOOKS = notebooks_in(REPO_ROOT / "exercises")


def chart(name: str) -> nodes.container:
    """An output as nbsphinx writes it: the image file it saved from the kernel's output."""
    return nodes.container("", nodes.image(uri=f"../_build/doctrees/en/nbsphinx/{name}.png"), classes=["nboutput"])


def page(*children: nodes.Node) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    document += nodes.section("", *children)
    return document


def description(text: str) -> list[nodes.Node]:
    return [cell_marker(role=cell_roles.CHART_DESCRIPTION, text=text), cell_marker(role=END)]


def code_cell(*outputs: nodes.Node) -> list[nodes.Node]:
    return [
        cell_marker(role=cell_roles.PROVIDED),
        nodes.container(classes=["nbinput"]),
        *outputs,
        cell_marker(role=END),
    ]


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(notebook_pages, "_warn", lambda message, docname, line=None: said.append(message))
    return said


def alts(document: nodes.document) -> list[str]:
    return [image["alt"] for image in document.findall(nodes.image)]


def test_a_chart_takes_the_words_of_the_description_after_its_cell(warnings):
    document = page(
        *code_cell(chart("one_3_0")),
        *description("Bar chart: hours by day."),
        *code_cell(chart("one_5_0"), chart("one_5_1")),  # a chart drawn as PNG and PDF, or two charts
        *description("Radar chart of six skills."),
    )
    describe_charts(document, "exercises/one", executed=True)
    assert alts(document) == ["Bar chart: hours by day.", "Radar chart of six skills.", "Radar chart of six skills."]
    assert warnings == []


def test_a_chart_without_description_is_named_and_gets_no_file_path_as_alt(warnings):
    document = page(*code_cell(chart("one_3_0")), *code_cell(chart("one_5_0")), *description("Radar chart."))
    describe_charts(document, "exercises/one", executed=True)
    assert alts(document) == ["", "Radar chart."]
    assert len(warnings) == 1 and "one_3_0.png" in warnings[0] and "chart-description" in warnings[0]


def test_a_description_after_a_cell_that_draws_nothing_is_named_once_the_notebook_ran(warnings):
    document = page(*code_cell(), *description("A chart that is not there."))
    describe_charts(document, "exercises/one", executed=False)
    assert warnings == []  # extracting messages does not run the notebook: no chart to describe yet
    describe_charts(document, "exercises/one", executed=True)
    assert len(warnings) == 1 and "draws none" in warnings[0] and "A chart that is not there" in warnings[0]


def test_a_description_is_plain_text_whatever_markdown_it_holds():
    assert plain_text("Chart of **hours** by `day`:\nMonday to *Friday*.") == "Chart of hours by day: Monday to Friday."


def test_the_description_reaches_the_marker_translated_on_one_line_and_stays_in_the_notebook():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("plt.show()"),
        nbformat.v4.new_markdown_cell("Graphique :\nles heures", metadata={"tags": [CHART_DESCRIPTION_TAG]}),
    ]
    translated = {"Graphique : les heures": 'Chart: the hours ":text: x" \n.. raw:: html'}.get
    page_notebook = website_notebook(notebook, "en", "exercises/none", translate=False)
    marker = next(cell for cell in page_notebook.cells if "chart-description" in cell.source)
    assert marker.source.splitlines()[1] == f"   :text: {json.dumps('Graphique : les heures')}"
    assert any(cell.cell_type == "markdown" and is_chart_description(cell) for cell in page_notebook.cells)
    # A translation with quotes, a new line or markup stays one JSON string of one option line.
    line = notebook_pages._marker_cell(cell_roles.CHART_DESCRIPTION, translated("Graphique : les heures"))
    option = line.source.splitlines()[1]
    assert option.startswith("   :text: ") and json.loads(option.removeprefix("   :text: ")).startswith(
        "Chart: the hours"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_chart_cell_of_the_course_is_followed_by_its_description(path):
    """What the build checks on the executed notebooks, read here from the source: a cell that shows a chart."""
    notebook = read_notebook(path)
    for index, cell in enumerate(notebook.cells):
        draws = cell.cell_type == "code" and ("plt.show()" in cell.source or "plot_load(" in cell.source)
        if draws and "def plot_load" not in cell.source:
            following = notebook.cells[index + 1] if index + 1 < len(notebook.cells) else None
            assert following is not None and is_chart_description(following), f"{path.name}, cell {index}"


def test_translators_are_told_a_description_is_a_text_alternative():
    notebook = read_notebook(NOTEBOOKS[0])
    messages = extract_messages(notebook)
    described = [message for message in messages if message.describes_chart]
    assert described and all(message.kind == "markdown" for message in described)
