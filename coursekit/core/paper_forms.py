"""An exercise cell as a reader fills it in on paper, and a worked answer as a reader checks it.

An ``exercise`` cell holds only assignments of literals and comments: its
first comment line tells the notebook's user which values to replace and how
to write them (quotes, brackets); the next ones give rules the answer follows;
the literals are the blanks (``None``, ``[]``, ``""``) or a starting value.
On paper, a Markdown cell tagged ``paper`` before it says what to write (the
first comment line speaks of code, and is left out), the other comments
follow, each blank is a line to write on, a dictionary a table with one row
per key, and a cell of one value a single answer line. A ``solution`` cell is
the same with the worked values filled in. The names of the variables are
shown only when a cell has several, to tell its tables apart.
"""

from __future__ import annotations

import ast
import io
import tokenize

from docutils import nodes

from coursekit.core.tables import table
from coursekit.core.ui_text import ui_text

BLANK = "\u2002" * 12  # room to write: en spaces, underlined by the e-book style sheet
BLANKS = (None, "", (), [], {}, set())


class NotLiterals(ValueError):
    """A cell that is not only assignments of literals: it has no paper form."""


def comments(source: str) -> list[str]:
    """The comment lines of a cell, without their ``#``."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [token.string.lstrip("#").strip() for token in tokens if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return []


def assignments(source: str) -> list[tuple[str, object]]:
    """``(name, value)`` for each ``name = literal`` of the cell, or :class:`NotLiterals`."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise NotLiterals(str(error)) from error
    found = []
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            raise NotLiterals(ast.unparse(statement)[:80])
        try:
            found.append((statement.targets[0].id, ast.literal_eval(statement.value)))
        except ValueError as error:
            raise NotLiterals(ast.unparse(statement)[:80]) from error
    return found


def _is_blank(value: object) -> bool:
    return any(value == blank and type(value) is type(blank) for blank in BLANKS)


def _value(value: object) -> nodes.Node:
    if _is_blank(value):
        return nodes.inline(text=BLANK, classes=["paper-blank"])
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else value
        line = nodes.inline()
        for position, item in enumerate(items):
            if position:
                line += nodes.Text(", ")
            line += _value(item)
        return line
    return nodes.literal(text=value if isinstance(value, str) else repr(value))


def _paragraph(*children: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    paragraph = nodes.paragraph(translatable=False, classes=list(classes))
    paragraph.extend(children)
    return paragraph


def _values(found: list[tuple[str, object]], language: str, answer_label: str) -> list[nodes.Node]:
    """A table per dictionary (a row per key), one table for the other values (a row per name); one value
    alone, an answer line after ``answer_label``."""
    if len(found) == 1 and not (isinstance(found[0][1], dict) and found[0][1]):
        label = nodes.strong(text=answer_label)
        return [_paragraph(label, nodes.Text(" "), _value(found[0][1]), classes=("paper-form", "paper-answer"))]
    header = [ui_text("Élément", language), ui_text("Réponse", language)]
    shown: list[nodes.Node] = []
    single_values = []
    for name, value in found:
        if isinstance(value, dict) and value:
            rows = [[_value(key), _value(item)] for key, item in value.items()]
            if len(found) > 1:
                shown.append(_paragraph(nodes.literal(text=name), classes=("paper-form-name",)))
            shown.append(table("paper-form", [1, 3], header, rows, translatable=False))
        else:
            single_values.append([nodes.literal(text=name), _value(value)])
    if single_values:
        shown.append(table("paper-form", [1, 3], header, single_values, translatable=False))
    return shown


def exercise_form(source: str, language: str) -> list[nodes.Node]:
    """The exercise cell on paper: its rules (the comments after the first), then a blank for every value."""
    form = [_paragraph(nodes.Text(line), classes=("paper-instruction",)) for line in comments(source)[1:] if line]
    try:
        form += _values(assignments(source), language, ui_text("Votre réponse :", language))
    except NotLiterals:
        # Not yet a cell of literals (older notebooks): its code is the form.
        form.append(nodes.literal_block(source, source, language="python"))
    return form


def worked_answer(source: str, language: str) -> list[nodes.Node]:
    """The solution cell on paper: the worked values, without code."""
    try:
        return _values(assignments(source), language, ui_text("Réponse :", language))
    except NotLiterals:
        return [nodes.literal_block(source, source, language="python")]
