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

A key is a code (``t1``, ``need``) that the notebook's provided code names
in a translatable text (``"t1": _("Valider le plan…")`` in a dictionary, or
``("t1", _("Valider le plan…"), …)`` in a row): on paper, where that table of
names may be pages away, each row repeats the item's text beside its code
(:func:`item_texts` finds them in the source notebook; the page's translator
gives them in the reader's language).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator

from docutils import nodes

from coursekit.core.notebook_i18n import MARKER
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


def _translatable_text(node: ast.AST) -> str | None:
    """The text of ``_("…")`` (``notebook_i18n.MARKER``), the source notebook's mark of a text meant for the reader."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == MARKER
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def parsed_cells(sources: list[str]) -> Iterator[ast.Module]:
    """The syntax tree of each cell that Python can read (IPython magics or a broken cell hold nothing to find)."""
    for source in sources:
        try:
            yield ast.parse(source)
        except SyntaxError:
            continue


def item_texts(sources: list[str]) -> dict[str, str]:
    """Each code the provided code of a source notebook names in a translatable text, and that text.

    A code given two different texts names nothing for sure: it is left out (the grid shows the code).
    """
    found: dict[str, set[str]] = {}
    for tree in parsed_cells(sources):
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                pairs = list(zip(node.keys, node.values, strict=True))
            elif isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 2:
                pairs = [(node.elts[0], node.elts[1])]
            else:
                continue
            for key, value in pairs:
                text = _translatable_text(value)
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and text is not None:
                    found.setdefault(key.value, set()).add(text)
    return {key: texts.pop() for key, texts in found.items() if len(texts) == 1}


def dictionary_keys(source: str) -> set[str]:
    """The keys of the dictionaries a cell of literals assigns (none if it is not such a cell)."""
    try:
        found = assignments(source)
    except NotLiterals:
        return set()
    return {str(key) for _name, value in found if isinstance(value, dict) for key in value}


def _is_blank(value: object) -> bool:
    return any(value == blank and type(value) is type(blank) for blank in BLANKS)


def _value(value: object, language: str) -> nodes.Node:
    if value == "" and type(value) is str:
        # A written answer (a sentence or two): ruled lines across the cell, not a word's blank.
        return nodes.inline(text=BLANK, classes=["paper-text"])
    if _is_blank(value):
        return nodes.inline(text=BLANK, classes=["paper-blank"])
    if isinstance(value, bool):
        # A reader writes true or false in words of the page's language, as the website's form says them.
        return nodes.inline(text=ui_text("Vrai", language) if value else ui_text("Faux", language))
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else value
        line = nodes.inline()
        for position, item in enumerate(items):
            if position:
                line += nodes.Text(", ")
            line += _value(item, language)
        return line
    return nodes.literal(text=value if isinstance(value, str) else repr(value))


def _paragraph(*children: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    paragraph = nodes.paragraph(translatable=False, classes=list(classes))
    paragraph.extend(children)
    return paragraph


def _item(key: object, texts: dict[str, str], language: str) -> nodes.Node:
    """A row's first cell: the key, and the text it stands for when the notebook names it."""
    if not isinstance(key, str) or key not in texts:
        return _value(key, language)
    return nodes.inline("", "", nodes.literal(text=key), nodes.Text(" " + " ".join(texts[key].split())))


def _values(
    found: list[tuple[str, object]], language: str, answer_label: str, texts: dict[str, str]
) -> list[nodes.Node]:
    """A table per dictionary (a row per key, with the item's text when known), one table for the other
    values (a row per name); one value alone, an answer line after ``answer_label``."""
    if len(found) == 1 and not (isinstance(found[0][1], dict) and found[0][1]):
        label = nodes.strong(text=answer_label)
        answer = _value(found[0][1], language)
        return [_paragraph(label, nodes.Text(" "), answer, classes=("paper-form", "paper-answer"))]
    header = [ui_text("Élément", language), ui_text("Réponse", language)]
    shown: list[nodes.Node] = []
    single_values = []
    for name, value in found:
        if isinstance(value, dict) and value:
            rows = [[_item(key, texts, language), _value(item, language)] for key, item in value.items()]
            named = any(isinstance(key, str) and key in texts for key in value)
            if len(found) > 1:
                shown.append(_paragraph(nodes.literal(text=name), classes=("paper-form-name",)))
            # With the items' texts, the first column needs the room; an answer is a code, a number, a word.
            grid = table("paper-form", [3, 2] if named else [1, 3], header, rows, translatable=False)
            if named:
                # Widths as given (LaTeX: fixed columns): left to itself, tabulary gives the long texts the
                # whole line and pushes the answer column past the margin.
                grid["classes"].append("colwidths-given")
            shown.append(grid)
        else:
            single_values.append([nodes.literal(text=name), _value(value, language)])
    if single_values:
        shown.append(table("paper-form", [1, 3], header, single_values, translatable=False))
    return shown


def exercise_form(source: str, language: str, texts: dict[str, str] | None = None) -> list[nodes.Node]:
    """The exercise cell on paper: its rules (the comments after the first), then a blank for every value.

    ``texts``: the items' texts by code, in the reader's language (see :func:`item_texts`).
    """
    form = [_paragraph(nodes.Text(line), classes=("paper-instruction",)) for line in comments(source)[1:] if line]
    try:
        form += _values(assignments(source), language, ui_text("Votre réponse :", language), texts or {})
    except NotLiterals:
        # Not yet a cell of literals (older notebooks): its code is the form.
        form.append(nodes.literal_block(source, source, language="python"))
    return form


def worked_answer(source: str, language: str, texts: dict[str, str] | None = None) -> list[nodes.Node]:
    """The solution cell on paper: the worked values, without code."""
    try:
        return _values(assignments(source), language, ui_text("Réponse :", language), texts or {})
    except NotLiterals:
        return [nodes.literal_block(source, source, language="python")]
