"""A link to download the exercise notebook, under the title of its web page.

nbsphinx puts the executed notebook next to its page (``exercises/<name>.ipynb``):
translated into the page's language and without solutions
(``coursekit.sphinxext.notebook_pages``), but the page does not link to it. The link
is added to web pages only: the e-book carries no notebooks.
"""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath

from docutils import nodes
from sphinx.application import Sphinx

from coursekit.core.ui_text import ui_text

LINK_CLASS = "notebook-download"


def add_download_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    file_name = PurePosixPath(docname).name + ".ipynb"
    label = escape(ui_text("Télécharger ce carnet (.ipynb)", app.config.language))
    # Raw HTML for the ``download`` attribute: the browser saves the file instead of showing JSON.
    link = (
        f'<p class="{LINK_CLASS}"><a href="{escape(file_name)}" download="{escape(file_name)}" '
        f'type="application/x-ipynb+json">{label}</a></p>\n'
    )
    section = title.parent
    section.insert(section.index(title) + 1, nodes.raw("", link, format="html"))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", add_download_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
