"""Tables the machinery derives (programme, session agendas), as docutils nodes."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = nodes.Node | str


def row(cells: Sequence[Cell]) -> nodes.row:
    new_row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
        entry += paragraph
        new_row += entry
    return new_row


def table(css_class: str, widths: Sequence[int], header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> nodes.table:
    new_table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(widths))
    new_table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += row(header)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += row(cells)
    group += body
    return new_table
