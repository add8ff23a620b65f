"""Tables the machinery derives (programme, session agendas, terminology), as docutils nodes."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = nodes.Node | str


def row(cells: Sequence[Cell], translatable: bool = True) -> nodes.row:
    """One table row; ``translatable=False`` keeps the cells out of the page's catalog.

    A cell that is a block (a paragraph, a container of them) is the entry's content as it is: in a
    paragraph, it would be a block inside a paragraph, which XHTML forbids.
    """
    new_row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, (nodes.paragraph, nodes.container)):
            entry += cell
        else:
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
    translatable: bool = True,
) -> nodes.table:
    """A table with a header row; ``translatable=False`` keeps every cell out of the page's catalog."""
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
        body += row(cells, translatable)
    group += body
    return new_table
