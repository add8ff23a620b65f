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
(:func:`coursekit.core.answer_cells.item_texts` finds them in the source notebook; the page's translator
gives them in the reader's language).

When the website has a form for the cell (``coursekit.core.web_exercises.form_spec``), the paper form follows
its fields, so that nobody writes a code on paper: a choice is a box to tick beside each choice's words (a
grid of choices among at most :data:`MATRIX_LIMIT`, a column of boxes per choice), an order numbered lines,
a number a line. The worked answer is the same form, the right boxes ticked, the numbers written as the
reader's language writes them (``22,2`` in French).
"""

from __future__ import annotations

from babel.numbers import format_decimal
from docutils import nodes

from coursekit.core.answer_cells import NotLiterals, assignments, comments
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.tables import table

BLANK = "\u2002" * 12  # room to write: en spaces, underlined by the e-book style sheet
BLANKS = (None, "", (), [], {}, set())
BOX, TICKED = "\u2610", "\u2612"  # a box to tick, a ticked one (☐ ☒); the print edition draws its own
BOX_KINDS = ("boolean", "choice", "several")  # the form's fields answered by ticking
MATRIX_LIMIT = 4  # a grid whose rows choose among more choices has a line to write the choice's words on


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
    if isinstance(value, (int, float)):
        return nodes.inline(text=format_decimal(value, locale=language))
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
    shown: list[nodes.Node] = []
    single_values = []
    for name, value in found:
        if isinstance(value, dict) and value:
            rows = [[_item(key, texts, language), _value(item, language)] for key, item in value.items()]
            named = any(isinstance(key, str) and key in texts for key in value)
            if len(found) > 1:
                shown.append(_paragraph(nodes.literal(text=name), classes=("paper-form-name",)))
            shown.append(_grid(rows, language, named))
        else:
            single_values.append([nodes.literal(text=name), _value(value, language)])
    if single_values:
        shown.append(_grid(single_values, language, named=False))
    return shown


def _grid(rows: list[list[nodes.Node]], language: str, named: bool, answers: list[str] | None = None) -> nodes.table:
    """A form's table: a row per item, then its answer (or, given ``answers``, a column of boxes per choice)."""
    header = [ui_text("Élément", language), *(answers or [ui_text("Réponse", language)])]
    # With the items' texts, the first column needs the room; an answer is a code, a number, a word, a box.
    if answers:
        widths = [3 if named else 1] + [1] * len(answers)
    else:
        widths = [3, 2] if named else [1, 3]
    grid = table("paper-form", widths, header, rows, translatable=False)
    if answers:
        grid["classes"].append("paper-matrix")
    if named:
        # Widths as given (LaTeX: fixed columns): left to itself, tabulary gives the long texts the whole line
        # and pushes the answer column past the margin.
        grid["classes"].append("colwidths-given")
    return grid


def _box(ticked: bool) -> nodes.inline:
    return nodes.inline(text=TICKED if ticked else BOX, classes=["paper-box-ticked" if ticked else "paper-box"])


def _choices(field: dict, language: str) -> list[tuple[object, str]]:
    """A field's choices and their words: true or false in the page's language, or the form's labels."""
    if field["kind"] == "boolean":
        return [(True, ui_text("Vrai", language)), (False, ui_text("Faux", language))]
    return [(code, " ".join((label or code).split())) for code, label in field.get("choices", [])]


def _is_ticked(code: object, value: object) -> bool:
    if isinstance(value, (list, tuple, set)):
        return code in value
    return value is not None and code == value and type(code) is type(value)


def _tick_list(field: dict, value: object, language: str) -> list[nodes.Node]:
    """One line per choice: its box (ticked if ``value`` chose it), then its words."""
    return [
        _paragraph(_box(_is_ticked(code, value)), nodes.Text(" " + words), classes=("paper-choice",))
        for code, words in _choices(field, language)
    ]


def _answer(field: dict, value: object, language: str, in_grid: bool) -> list[nodes.Node]:
    """What a reader writes or ticks for one field, as a worked ``value`` or a blank one shows it."""
    kind, words = field["kind"], dict(_choices(field, language))

    def written(item: object) -> nodes.Node:
        return nodes.inline(text=words[item]) if isinstance(item, str) and item in words else _value(item, language)

    if kind in BOX_KINDS and not (in_grid and len(words) > MATRIX_LIMIT):
        return _tick_list(field, value, language)
    if kind == "order":
        places = value if isinstance(value, list) and value else [None] * field.get("places", 1)
        return [
            _paragraph(nodes.Text(f"{place}. "), written(item), classes=("paper-choice",))
            for place, item in enumerate(places, start=1)
        ]
    return [written(value)]


def _is_matrix(fields: list[dict]) -> bool:
    """Rows that choose among the same few choices: a column of boxes per choice."""
    kinds = {field["kind"] for field in fields}
    choices = {repr(field.get("choices")) for field in fields}
    count = 2 if kinds == {"boolean"} else len(fields[0].get("choices", []))
    return kinds in ({"boolean"}, {"choice"}) and len(choices) == 1 and count <= MATRIX_LIMIT


def _form_values(value: object, form: dict, language: str, answer_label: str, texts: dict[str, str]) -> list:
    """The cell as its website form asks it (see the module's docstring); ``value``: blank or worked."""
    fields = form["fields"]
    if len(fields) == 1 and fields[0]["key"] is None:
        label = _paragraph(nodes.strong(text=answer_label), classes=("paper-form", "paper-answer"))
        shown = _answer(fields[0], value, language, in_grid=False)
        if len(shown) == 1 and not isinstance(shown[0], nodes.paragraph):
            label += [nodes.Text(" "), *shown]
            return [label]
        return [label, *shown]
    values = value if isinstance(value, dict) else {}
    named = any(field["key"] in texts for field in fields)
    if _is_matrix(fields):
        choices = _choices(fields[0], language)
        rows = [
            [_item(field["key"], texts, language)]
            + [_box(_is_ticked(code, values.get(field["key"]))) for code, _words in choices]
            for field in fields
        ]
        return [_grid(rows, language, named, answers=[words for _code, words in choices])]
    rows = []
    for field in fields:
        answer = _answer(field, values.get(field["key"]), language, in_grid=True)
        # Boxes are a paragraph each (a block in the cell); a line or a word stays the cell's text.
        cell = nodes.container("", *answer) if isinstance(answer[0], nodes.paragraph) else answer[0]
        rows.append([_item(field["key"], texts, language), cell])
    return [_grid(rows, language, named)]


def _form_of(found: list[tuple[str, object]], form: dict | None) -> dict | None:
    """The website's form, when it asks this cell's one value."""
    if form and len(found) == 1 and form.get("name") == found[0][0] and form.get("fields"):
        return form
    return None


def exercise_form(
    source: str, language: str, texts: dict[str, str] | None = None, form: dict | None = None
) -> list[nodes.Node]:
    """The exercise cell on paper: its rules (the comments after the first), then a blank for every value.

    ``texts``: the items' texts by code, in the reader's language (see :func:`item_texts`); ``form``: the
    website's form of the cell, if it has one.
    """
    shown = [_paragraph(nodes.Text(line), classes=("paper-instruction",)) for line in comments(source)[1:] if line]
    try:
        return shown + _filled(assignments(source), language, ui_text("Votre réponse :", language), texts, form)
    except NotLiterals:
        # Not yet a cell of literals (older notebooks): its code is the form.
        return [*shown, nodes.literal_block(source, source, language="python")]


def worked_answer(
    source: str, language: str, texts: dict[str, str] | None = None, form: dict | None = None
) -> list[nodes.Node]:
    """The solution cell on paper: the worked values, without code (the exercise's form, filled in)."""
    try:
        return _filled(assignments(source), language, ui_text("Réponse :", language), texts, form)
    except NotLiterals:
        return [nodes.literal_block(source, source, language="python")]


def _filled(
    found: list[tuple[str, object]], language: str, label: str, texts: dict[str, str] | None, form: dict | None
) -> list[nodes.Node]:
    asked = _form_of(found, form)
    if asked is not None:
        return _form_values(found[0][1], asked, language, label, texts or {})
    return _values(found, language, label, texts or {})
