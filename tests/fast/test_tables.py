"""Tables the machinery derives (``coursekit.sphinxext.tables``): shape, header, and what translators see."""

from __future__ import annotations

from docutils import nodes

from coursekit.sphinxext.tables import row, table


def paragraphs(node: nodes.Node) -> list[nodes.paragraph]:
    return list(node.findall(nodes.paragraph))


def test_a_table_has_its_columns_header_and_rows():
    link = nodes.reference("", "Module 1", refuri="course/01.html")
    rows = [[link, "40 min", "40 min"], ["Synthèse", "—", "1 h"]]
    built = table("course-overview", (50, 25, 25), ["Module", "Durée", "Total"], rows)
    assert built["classes"] == ["course-overview"]
    (group,) = built.findall(nodes.tgroup)
    assert group["cols"] == 3
    assert [spec["colwidth"] for spec in group.findall(nodes.colspec)] == [50, 25, 25]
    (head,) = group.findall(nodes.thead)
    assert [entry.astext() for entry in head.findall(nodes.entry)] == ["Module", "Durée", "Total"]
    (body,) = group.findall(nodes.tbody)
    assert [[entry.astext() for entry in line.findall(nodes.entry)] for line in body.children] == [
        ["Module 1", "40 min", "40 min"],
        ["Synthèse", "—", "1 h"],
    ]
    assert next(body.findall(nodes.reference)) is link, "a node cell is kept as it is"


def test_cells_are_translatable_unless_told_otherwise():
    # A computed table in the build's language must not reach the page's catalog (translatable=False).
    assert all(paragraph.get("translatable", True) for paragraph in paragraphs(row(["Pause"])))
    computed = table("agenda", (20, 80), ["Horaire", "Séquence"], [["09:00–09:15", "Accueil"]], translatable=False)
    assert paragraphs(computed) and all(paragraph["translatable"] is False for paragraph in paragraphs(computed))
