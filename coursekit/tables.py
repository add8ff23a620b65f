"""Tables the machinery derives (programme, session agendas, terminology), as docutils nodes."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = nodes.Node | str


def row(cells: Sequence[Cell], column_classes: Sequence[str] = (), translatable: bool = True) -> nodes.row:
    """One table row; ``translatable=False`` keeps the cells out of the page's catalog."""
    new_row = nodes.row()
    for position, cell in enumerate(cells):
        entry = nodes.entry(classes=[column_classes[position]] if column_classes else [])
        paragraph = nodes.paragraph() if translatable else nodes.paragraph(translatable=False)
        paragraph += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
        entry += paragraph
        new_row += entry
    return new_row


def table(
    css_class: str,
    widths: Sequence[int],
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    column_classes: Sequence[str] = (),
    translatable: bool = True,
) -> nodes.table:
    """A table with a header row; ``column_classes`` go on the body's cells, column by column."""
    new_table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(widths))
    new_table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += row(header, translatable=translatable)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += row(cells, column_classes, translatable)
    group += body
    return new_table
