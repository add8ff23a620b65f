"""Learner and trainer editions of an exercise notebook, from one source.

Cells carry tags: ``exercise`` (the learner fills it in), ``solution`` (right
after it, the worked answer) and ``trainer`` (facilitation notes). The
learner edition drops solutions and notes; the trainer edition keeps all.
"""

from __future__ import annotations

import nbformat

SOLUTION_TAG = "solution"
TRAINER_TAG = "trainer"
EXERCISE_TAG = "exercise"
EDITIONS = ("learner", "trainer")


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def is_solution(cell) -> bool:
    return SOLUTION_TAG in tags(cell)


def is_trainer_note(cell) -> bool:
    return TRAINER_TAG in tags(cell)


def edition(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    if name not in EDITIONS:
        raise ValueError(f"unknown edition {name!r}; known: {', '.join(EDITIONS)}")
    copy = nbformat.from_dict(notebook)
    if name == "learner":
        copy.cells = [cell for cell in copy.cells if not (is_solution(cell) or is_trainer_note(cell))]
    return copy
