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

from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from coursekit.core.editions import is_trainer_note
from coursekit.core.notebook_i18n import read_notebook, translate_notebook
from coursekit.sphinxext.overview import ordered_modules
from coursekit.sphinxext.pedagogy import format_duration, parts_text
from coursekit.core.tables import table
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_format, ui_text

# Builders whose output is for trainers only (the trainer kit is made with the text builder).
TRAINER_BUILDERS = {"text"}

DAY_START = 9 * 60
WELCOME_MINUTES = 15
BREAK_MINUTES = 15
LUNCH_MINUTES = 60
CLOSING_MINUTES = 10
# Adults keep their attention for about an hour and a half: no stretch of work runs longer.
MAX_STRETCH = 90
# A half-day ends by lunch: at most three and a half hours from the welcome to the closing.
HALF_DAY_LIMIT = 3 * 60 + 30


class PlanError(ValueError):
    """A schedule the rules cannot lay out (a module longer than a stretch of work)."""


@dataclass(frozen=True)
class Slot:
    start: int  # minutes since midnight
    minutes: int
    label: str
    docname: str | None = None
    kind: str = "work"  # "work" or "pause" (breaks and lunch)

    @property
    def end(self) -> int:
        return self.start + self.minutes


def plan_day(modules: list[tuple[str, int]], limit: int | None, language: str) -> tuple[list[Slot], list[str]]:
    """Lay pages ``(docname, minutes)`` out from 9:00, with a break before any stretch
    of work would pass ``MAX_STRETCH`` minutes, and lunch at the first break past the
    middle of a full day.

    With ``limit`` (a half-day), the pages that do not fit are returned as the
    second element, for self-study.
    """
    too_long = [docname for docname, minutes in modules if minutes > MAX_STRETCH]
    if too_long:
        raise PlanError(f"longer than {MAX_STRETCH} minutes without a break: {', '.join(too_long)}")
    slots = [Slot(DAY_START, WELCOME_MINUTES, ui_text("Accueil, objectifs de la session", language))]
    clock, stretch, lunch_taken, left_over = slots[-1].end, WELCOME_MINUTES, limit is not None, []
    total_work = sum(minutes for _, minutes in modules)
    done = 0
    for docname, minutes in modules:
        pause = stretch + minutes > MAX_STRETCH
        needed = minutes + (BREAK_MINUTES if pause else 0)
        # Modules build on each other: once one does not fit, the rest is for self-study.
        if left_over or (limit is not None and (clock - DAY_START) + needed + CLOSING_MINUTES > limit):
            left_over.append(docname)
            continue
        if pause and not lunch_taken and done >= total_work / 2:
            slots.append(Slot(clock, LUNCH_MINUTES, ui_text("Déjeuner", language), kind="pause"))
            clock, stretch, lunch_taken = clock + LUNCH_MINUTES, 0, True
        elif pause:
            slots.append(Slot(clock, BREAK_MINUTES, ui_text("Pause", language), kind="pause"))
            clock, stretch = clock + BREAK_MINUTES, 0
        slots.append(Slot(clock, minutes, "", docname))
        clock, stretch, done = clock + minutes, stretch + minutes, done + minutes
    if stretch + CLOSING_MINUTES > MAX_STRETCH:
        slots.append(Slot(clock, BREAK_MINUTES, ui_text("Pause", language), kind="pause"))
        clock = clock + BREAK_MINUTES
    closing = ui_text("Bilan et clôture", language) if not left_over else ui_text(
        "Bilan, questions et suite du parcours", language
    )
    slots.append(Slot(clock, CLOSING_MINUTES, closing))
    return slots, left_over


def learning_minutes(slots: list[Slot]) -> int:
    return sum(slot.minutes for slot in slots if slot.kind == "work")


def plan_heading(name: str, slots: list[Slot], language: str) -> str:
    """``Journée complète : 09:00–16:10 (5 h 35 de formation)``, from the slots themselves."""
    return ui_format(
        "{name} : {start}–{end} ({learning} de formation)",
        language,
        name=name,
        start=clock_time(slots[0].start),
        end=clock_time(slots[-1].end),
        learning=format_duration(learning_minutes(slots), language),
    )


def clock_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class session_plan(nodes.General, nodes.Element):
    """Placeholder for the agendas, filled once every module is known."""


class SessionPlanDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        placeholder = session_plan()
        self.set_source_info(placeholder)
        notes = {}
        for notebook_path in sorted(Path(self.env.srcdir, "exercises").glob("*.ipynb")):
            exercise = notebook_path.relative_to(self.env.srcdir).with_suffix("").as_posix()
            self.env.note_dependency(str(notebook_path))
            notebook = translate_notebook(
                read_notebook(notebook_path), translator(self.config.language, exercise)
            )
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
            link = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(fromdocname, slot.docname))
            link += nodes.Text(app.env.titles[slot.docname].astext())
            parts = app.env.course_modules[slot.docname].parts
            label = nodes.inline("", "", link, nodes.Text(f" ({parts_text(parts, language)})"))
        else:
            label = nodes.Text(slot.label)
        rows.append([f"{clock_time(slot.start)}–{clock_time(slot.end)}", label, format_duration(slot.minutes, language)])
    header = [ui_text("Horaire", language), ui_text("Séquence", language), ui_text("Durée", language)]
    return table("session-agenda", (20, 60, 20), header, rows, translatable=False)


def render_session_plans(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for placeholder in list(doctree.findall(session_plan)):
        language = app.config.language
        env = app.env
        modules = [(name, env.course_modules[name].duration_minutes) for name in ordered_modules(env)]
        content: list[nodes.Node] = []
        formats = ((ui_text("Demi-journée", language), HALF_DAY_LIMIT), (ui_text("Journée complète", language), None))
        for name, limit in formats:
            try:
                slots, left_over = plan_day(modules, limit, language)
            except PlanError as error:
                raise SphinxError(f"{env.doc2path(fromdocname)}:{placeholder.line}: session plan: {error}") from error
            content.append(nodes.rubric(text=plan_heading(name, slots, language), classes=["session-plan-title"]))
            content.append(_agenda_table(app, fromdocname, slots))
            if left_over:
                paragraph = nodes.paragraph(classes=["self-study"], translatable=False)
                paragraph += nodes.Text(ui_text("À suivre en autonomie, sur le site ou dans le livre numérique :", language) + " ")
                for position, docname in enumerate(left_over):
                    link = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(fromdocname, docname))
                    link += nodes.Text(env.titles[docname].astext())
                    paragraph += [nodes.Text(", ")] if position else []
                    paragraph += link
                content.append(paragraph)
        # Facilitation notes hold answer keys: only the trainer guide (the text build in the
        # trainer kit) prints them, never the website or the e-book.
        if app.builder.name in TRAINER_BUILDERS:
            content.append(nodes.rubric(text=ui_text("Notes d’animation, module par module", language)))
            for docname, _minutes in modules:
                exercise = env.course_modules[docname].exercise
                if exercise in placeholder["notes"]:
                    content.append(nodes.rubric(text=env.titles[docname].astext(), classes=["module-notes-title"]))
                    content.extend(placeholder["notes"][exercise].deepcopy().children)
        placeholder.replace_self(content)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.overview")
    app.add_node(session_plan)
    app.add_directive("session-plan", SessionPlanDirective)
    app.connect("doctree-resolved", render_session_plans)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
