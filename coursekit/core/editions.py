"""Learner and trainer editions of an exercise notebook, from one source.

Cells carry tags: ``exercise`` (the learner changes its literal values),
``solution`` (right after it, the worked answer), ``check`` (provided code
that prints the verdict on the answers above it), ``model-answer`` (a
Markdown model answer to a text question, after the learner's own),
``trainer`` (facilitation notes), ``paper`` (Markdown for the paper
editions only: what to write on the sheet, where the notebook says which
value to replace) and ``chart-description`` (Markdown right after a cell that
draws a chart: what the chart shows, in words; the chart's text alternative on
the pages, the only one a notebook has). The learner edition drops solutions and notes; the trainer
edition keeps them; neither keeps the paper cells, which the notebook's own
instructions replace on a computer.
"""

from __future__ import annotations

import nbformat

SOLUTION_TAG = "solution"
TRAINER_TAG = "trainer"
EXERCISE_TAG = "exercise"
CHECK_TAG = "check"
MODEL_ANSWER_TAG = "model-answer"
PAPER_TAG = "paper"
CHART_DESCRIPTION_TAG = "chart-description"
EDITIONS = ("learner", "trainer")


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def is_solution(cell) -> bool:
    return SOLUTION_TAG in tags(cell)


def is_trainer_note(cell) -> bool:
    return TRAINER_TAG in tags(cell)


def is_exercise(cell) -> bool:
    return EXERCISE_TAG in tags(cell)


def is_check(cell) -> bool:
    return CHECK_TAG in tags(cell)


def is_model_answer(cell) -> bool:
    return MODEL_ANSWER_TAG in tags(cell)


def is_paper_only(cell) -> bool:
    return PAPER_TAG in tags(cell)


def is_chart_description(cell) -> bool:
    return cell.get("cell_type") == "markdown" and CHART_DESCRIPTION_TAG in tags(cell)


def edition(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    if name not in EDITIONS:
        raise ValueError(f"unknown edition {name!r}; known: {', '.join(EDITIONS)}")
    copy = nbformat.from_dict(notebook)
    copy.cells = [cell for cell in copy.cells if not is_paper_only(cell)]
    if name == "learner":
        copy.cells = [cell for cell in copy.cells if not (is_solution(cell) or is_trainer_note(cell))]
    return copy
