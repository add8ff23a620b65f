"""Answers that stay hidden until the reader asks for them.

Review answers (and notebook solutions) are read in two media. On the website
a native ``<details>`` element hides each one behind a button, with no
JavaScript. E-readers cannot be trusted with ``<details>``, so in the EPUB
every answer moves to an "Answers" section at the end of its page, with a
link from the question to the answer and one back.

The choice is made when the doctree is resolved for a builder, so HTML and
EPUB can share one doctree cache per language.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursekit.core.ui_text import ui_message, ui_text


class hidden_answer(nodes.General, nodes.Element):
    """An answer or solution; ``label`` is the text of its reveal button."""


class answer_toggle(nodes.General, nodes.Element):
    """The HTML form of a hidden answer: a ``<details>`` element."""


def visit_answer_toggle(translator, node: answer_toggle) -> None:
    translator.body.append(
        f'<details class="{" ".join(["answer-toggle", *node["classes"]])}">'
        f"<summary>{translator.encode(node['label'])}</summary>"
        '<div class="answer-body">'
    )


def depart_answer_toggle(translator, node: answer_toggle) -> None:
    translator.body.append("</div></details>")


class AnswerDirective(SphinxDirective):
    """``{answer}``: the answer to the enclosing question."""

    has_content = True
    kind = "answer"
    label_message = ui_message("Voir la réponse")
    heading_message = ui_message("Réponse")

    def run(self) -> list[nodes.Node]:
        language = self.config.language
        answer = hidden_answer(
            kind=self.kind,
            label=ui_text(self.label_message, language),
            heading=ui_text(self.heading_message, language),
        )
        self.set_source_info(answer)
        answer += self.parse_content_to_nodes(allow_section_headings=False)
        return [answer]


def is_paper(app: Sphinx) -> bool:
    """The e-book and the print edition gather answers; the website (and the text build) toggles them."""
    return app.builder.name.startswith("epub") or app.builder.format == "latex"


def render_answers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    answers = list(doctree.findall(hidden_answer))
    if not answers:
        return
    if is_paper(app):
        for page, page_answers in _by_page(doctree, docname, answers):
            _gather_at_end_of_page(app, page, page_answers)
    else:
        for answer in answers:
            toggle = answer_toggle(label=answer["label"], classes=[answer["kind"]])
            toggle += answer.children
            answer.replace_self(toggle)


def _by_page(doctree: nodes.document, docname: str, answers: list[hidden_answer]):
    """Each page's answers, with the page's nodes: a PDF assembles many pages in one doctree
    (Sphinx's ``start_of_file`` nodes), the EPUB writes one page per doctree."""
    pages: dict[int, tuple[nodes.Element, str, list[hidden_answer]]] = {}
    for answer in answers:
        page = next((node for node in _ancestors(answer) if isinstance(node, addnodes.start_of_file)), doctree)
        name = page["docname"] if isinstance(page, addnodes.start_of_file) else docname
        pages.setdefault(id(page), (page, name, []))[2].append(answer)
    return [((page, name), found) for page, name, found in pages.values()]


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _gather_at_end_of_page(app, page: tuple[nodes.Element, str], answers) -> None:
    doctree, docname = page
    language = app.config.language
    serial = docname.replace("/", "-")
    section_id = f"answers-{serial}"
    section = nodes.section(ids=[section_id], classes=["gathered-answers"])
    section += nodes.title(text=ui_text("Réponses", language))
    for number, answer in enumerate(answers, start=1):
        question_id = f"{answer['kind']}-{serial}-{number}"
        answer_id = f"{question_id}-answer"
        forward = nodes.paragraph(classes=["answer-link"])
        forward += nodes.reference("", f"{answer['label']} ({number})", refid=answer_id, ids=[question_id])
        answer.replace_self(forward)

        entry = nodes.container(ids=[answer_id], classes=["gathered-answer"])
        heading = nodes.paragraph(classes=["answer-heading"])
        heading += nodes.strong(text=f"{answer['heading']} {number}")
        entry += heading
        entry += answer.children
        back = nodes.paragraph(classes=["answer-back"])
        back += nodes.reference("", ui_text("Retour à la question", language), refid=question_id)
        entry += back
        section += entry
    top_section = next(iter(doctree.findall(nodes.section)), doctree)
    top_section += section


def setup(app: Sphinx) -> dict:
    app.add_node(hidden_answer)
    app.add_node(
        answer_toggle,
        html=(visit_answer_toggle, depart_answer_toggle),
        # Plain text (the session plan in the training kit) has no toggles: show the content.
        text=(lambda translator, node: None, lambda translator, node: None),
    )
    app.add_directive("answer", AnswerDirective)
    app.connect("doctree-resolved", render_answers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
