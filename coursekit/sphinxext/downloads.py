"""The "Downloads" page: the learner's files of the reader's language, linked where the build puts them.

``{course-downloads}`` lists what ``coursekit.core.downloads`` names (the e-book, the course book, a
handout per exercise under the exercise's title, the learner kit), each linked to
``downloads/<file>`` of the language's website, which ``make`` fills
(``coursekit.tools.downloads``) once the e-book, the PDFs and the kits are built. The page is a
website page (``course_web_only``): a book does not offer itself for download.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx

from coursekit.core.downloads import DOWNLOADS_FOLDER, EBOOK, LEARNER_KIT, downloads
from coursekit.core.print_documents import BOOK, HANDOUT
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.course_data import PlaceholderDirective, derived_content


def labels(language: str) -> dict[str, str]:
    return {
        EBOOK: ui_text("Le livre numérique (EPUB), pour une liseuse, une tablette ou un téléphone", language),
        BOOK: ui_text("Le cours complet à imprimer (PDF)", language),
        HANDOUT: ui_text("Les fiches d’exercice à imprimer (PDF), une par exercice", language),
        LEARNER_KIT: ui_text("Le kit apprenant (zip)", language),
    }


class downloads_list(derived_content):
    """The list of files, drawn when the page is written (a handout is named after its exercise's title)."""

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        env, language = app.env, app.config.language
        here = posixpath.dirname(fromdocname)
        files = downloads(app.srcdir, language)

        def link(name: str, text: str) -> nodes.reference:
            # Relative to the page; the files sit in the language's website, beside its pages.
            uri = posixpath.relpath(f"{DOWNLOADS_FOLDER}/{name}", here or ".")
            return nodes.reference("", text, refuri=uri, classes=["course-download"])

        def item(label: str, *content: nodes.Node) -> nodes.list_item:
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=label)
            return nodes.list_item("", paragraph, *content)

        items, handouts = [], nodes.bullet_list()
        for kind, label in labels(language).items():
            if kind == HANDOUT:
                for handout in (file for file in files if file.kind == HANDOUT):
                    title = env.titles[handout.document].astext() if handout.document in env.titles else handout.name
                    handouts += nodes.list_item("", nodes.paragraph("", "", link(handout.name, title)))
                items.append(item(label, handouts))
                continue
            for file in (file for file in files if file.kind == kind):
                each = item(label)
                each[0] += nodes.Text(" ")
                each[0] += link(file.name, file.name)
                items.append(each)
        return [nodes.bullet_list("", *items, classes=["course-downloads"])]


class DownloadsDirective(PlaceholderDirective):
    placeholder = downloads_list


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.course_data")
    app.add_node(downloads_list)
    app.add_directive("course-downloads", DownloadsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
