"""What the course's extensions record per document, kept by Sphinx as the ``course`` domain's data.

Sphinx keeps a domain's data in the environment, forgets what a document
recorded when it reads it again (``clear_doc``) and merges what parallel
readers found (``merge_domaindata``), as ``sphinx.ext.todo`` does for its
todos; no extension writes purge or merge handlers of its own. One table per
kind of fact, by document name, and one way to read it, ``course_table``:

==================  ===============================================  ================================
table               value for a document                             recorded by
==================  ===============================================  ================================
``modules``         its durations and objectives (``ModuleInfo``)    ``coursekit.sphinxext.pedagogy``
``assessment``      its objectives and what assesses them            ``coursekit.sphinxext.objectives``
``quizzes``         its quizzes and assessment (``PageQuizzes``)     ``coursekit.sphinxext.quiz``
``progress_pages``  ``True``: it shows "My progress"                 ``coursekit.sphinxext.progress``
``ui_words``        the UI words its reading used, and their text    ``coursekit.sphinxext.dependencies``
``derived_pages``   it shows what every module's data makes; value:  ``coursekit.sphinxext.dependencies``
                    whether its reading lists the documents
==================  ===============================================  ================================

What is computed from every page's records (the programme, the session
plan, the objective map, "My progress") can only be drawn once every page
has been read. Its directive leaves a ``derived_content`` placeholder, whose
``render`` draws it; one ``doctree-resolved`` handler, here, replaces each.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

TABLES = ("modules", "assessment", "quizzes", "progress_pages", "ui_words", "derived_pages")


class CourseDomain(Domain):
    name = "course"
    label = "Course"
    initial_data = {table: {} for table in TABLES}
    data_version = 1

    def clear_doc(self, docname: str) -> None:
        for table in TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in TABLES:
            for docname in docnames:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]


def course_table(env: BuildEnvironment, table: str) -> dict[str, Any]:
    """One table of what the pages recorded (see the module's docstring), by document name."""
    return env.get_domain(CourseDomain.name).data[table]


class derived_content(nodes.General, nodes.Element):
    """A placeholder for what is computed from every page's records; each kind overrides ``render``.

    ``reads_document_list``: whether the directive, when the page is read, lists documents itself (the
    session plan reads every notebook's trainer notes). Only such a page is read again when a document
    is added or removed; the others are drawn when written, from the records, and need no new reading.
    """

    reads_document_list = False

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        raise NotImplementedError


class PlaceholderDirective(SphinxDirective):
    """A directive that leaves its ``placeholder`` node, to be drawn when the page is written."""

    placeholder: type[derived_content]

    def run(self) -> list[nodes.Node]:
        node = self.placeholder()
        self.set_source_info(node)
        return [node]


def draw_derived_content(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for placeholder in list(doctree.findall(derived_content)):
        drawn = placeholder.render(app, fromdocname)
        if app.builder.format == "html":
            drawn = [wrap_tables(node) for node in drawn]
        placeholder.replace_self(drawn)


def wrap_tables(node: nodes.Node) -> nodes.Node:
    """Each table in a ``table-wrapper``, as the theme wraps the page's own tables: drawn after the theme's
    transform, a wide table (the programme on a phone) would be cut off instead of scrolling sideways."""
    tables = [node] if isinstance(node, nodes.table) else list(node.findall(nodes.table))
    for table in tables:
        if isinstance(table.parent, nodes.container) and "table-wrapper" in table.parent["classes"]:
            continue
        wrapper = nodes.container(classes=["table-wrapper"])
        if table is node:
            wrapper += table
            return wrapper
        table.replace_self(wrapper)
        wrapper += table
    return node


def setup(app: Sphinx) -> dict:
    app.add_domain(CourseDomain)
    app.connect("doctree-resolved", draw_derived_content)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
