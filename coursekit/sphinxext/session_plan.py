"""``{session-plan}``: agendas for a half-day and a full-day training session,
and each module's facilitation notes, derived from the course itself.

The timings come from the pages' own ``durations`` (front matter), and each
agenda's heading from its slots; the notes
are the ``trainer`` cells of each module's exercise notebook, in the build's
language. Nothing here is retyped, so a changed duration or note shows up in
the plan at the next build.

The notes of every notebook are read with the plan page (each notebook and
its catalog are dependencies of that page); which module goes with which
notebook, and the timings, are only known once every module has been read,
so they are laid out when the page is written (``coursekit.sphinxext.dependencies``
writes the page again when a module's front matter changes).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from coursekit.core.agenda import HALF_DAY_LIMIT, PlanError, Slot, clock_time, plan_day, plan_heading
from coursekit.core.durations import format_duration
from coursekit.core.editions import is_trainer_note
from coursekit.core.notebook_i18n import UnreadableNotebook, read_notebook, translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.print_documents import TRAINER_GUIDE
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.course_data import course_table, derived_content
from coursekit.sphinxext.overview import ordered_modules
from coursekit.sphinxext.pedagogy import parts_text
from coursekit.sphinxext.print_edition import document_kind, internal_link
from coursekit.sphinxext.tables import table

logger = logging.getLogger(__name__)

# Builders whose output is for trainers only (the trainer kit is made with the text builder).
TRAINER_BUILDERS = {"text"}


class session_plan(derived_content):
    """The agendas (and, for trainers, the notes), once every module is known."""

    reads_document_list = True  # the directive reads every notebook's trainer notes

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        return session_plan_content(app, fromdocname, self)


class SessionPlanDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        placeholder = session_plan()
        self.set_source_info(placeholder)
        notes = {}
        for notebook_path in notebooks_in(Path(self.env.srcdir, "exercises")):
            exercise = notebook_path.relative_to(self.env.srcdir).with_suffix("").as_posix()
            self.env.note_dependency(str(notebook_path))
            try:
                source = read_notebook(notebook_path)
            except UnreadableNotebook:
                continue  # its own page reports it, at its file and line
            notebook = translate_notebook(source, translator(self.config.language, exercise))
            text = "\n\n".join(cell.source for cell in notebook.cells if is_trainer_note(cell))
            container = nodes.container(classes=["facilitation-notes"])
            container += self.parse_text_to_nodes(text)
            for element in container.findall(nodes.TextElement):
                # Already translated through the notebook's catalog: not a message of this page.
                element["translatable"] = False
            notes[exercise] = container
        placeholder["notes"] = notes
        return [placeholder]


def _agenda_table(app: Sphinx, fromdocname: str, slots: list[Slot]) -> nodes.table:
    language = app.config.language
    rows = []
    for slot in slots:
        if slot.docname:
            link = internal_link(app, fromdocname, slot.docname, app.env.titles[slot.docname].astext())
            parts = course_table(app.env, "modules")[slot.docname].parts
            label = nodes.inline("", "", link, nodes.Text(f" ({parts_text(parts, language)})"))
        else:
            label = nodes.Text(slot.label)
        rows.append(
            [f"{clock_time(slot.start)}–{clock_time(slot.end)}", label, format_duration(slot.minutes, language)]
        )
    header = [ui_text("Horaire", language), ui_text("Séquence", language), ui_text("Durée", language)]
    return table("session-agenda", (20, 60, 20), header, rows, translatable=False)


def session_plan_content(app: Sphinx, fromdocname: str, placeholder: session_plan) -> list[nodes.Node]:
    language = app.config.language
    env = app.env
    modules = [(name, course_table(env, "modules")[name].duration_minutes) for name in ordered_modules(env)]
    content: list[nodes.Node] = []
    formats = ((ui_text("Demi-journée", language), HALF_DAY_LIMIT), (ui_text("Journée complète", language), None))
    for name, limit in formats:
        try:
            slots, left_over = plan_day(modules, limit, language)
        except PlanError as error:
            logger.warning("session plan: %s", error, location=placeholder, type="course", subtype="session-plan")
            continue
        content.append(nodes.rubric(text=plan_heading(name, slots, language), classes=["session-plan-title"]))
        content.append(_agenda_table(app, fromdocname, slots))
        if left_over:
            paragraph = nodes.paragraph(classes=["self-study"], translatable=False)
            paragraph += nodes.Text(
                ui_text("À suivre en autonomie, sur le site ou dans le livre numérique :", language) + " "
            )
            for position, docname in enumerate(left_over):
                link = internal_link(app, fromdocname, docname, env.titles[docname].astext())
                paragraph += [nodes.Text(", ")] if position else []
                paragraph += link
            content.append(paragraph)
    # Facilitation notes hold answer keys: only the trainer guide (the text build in the
    # trainer kit, and its PDF) prints them, never the website, the e-book or another PDF.
    if app.builder.name in TRAINER_BUILDERS or document_kind(app, fromdocname) == TRAINER_GUIDE:
        content.append(nodes.rubric(text=ui_text("Notes d’animation, module par module", language)))
        for docname, _minutes in modules:
            exercise = course_table(env, "modules")[docname].exercise
            if exercise in placeholder["notes"]:
                content.append(nodes.rubric(text=env.titles[docname].astext(), classes=["module-notes-title"]))
                content.extend(placeholder["notes"][exercise].deepcopy().children)
    return content


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.overview")
    app.add_node(session_plan)
    app.add_directive("session-plan", SessionPlanDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
