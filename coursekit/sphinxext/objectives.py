"""Learning objectives with ids, what assesses each, and the map trainers read.

Each objective is written once, in its module's ``{objectives}`` list, and
opens with its id and its level in Bloom's revised taxonomy::

    - {objective}`M1.3 evaluate` Juger si une entreprise a besoin d’un COO…

The role sits in the translated message, where ``make check-po`` keeps it
unchanged (same roles, same targets), so a translation cannot move an id.

What assesses an objective names it, also once:

* a review question or a final-assessment question: ``:assesses: M1.3 M1.2``;
* an exercise step: the ``exercise`` cell of the notebook carries
  ``"assesses": ["M1.3"]`` in its metadata.

When every page has been read, each objective must be assessed on its own
module (review questions or exercise) and again in the final assessment, and
at least half the objectives must sit at apply, analyse or evaluate; otherwise
the build warns, with the file and line of the objective, and fails (``-W``).
``{objective-map}`` renders the whole map for trainers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from coursekit.core.editions import is_exercise
from coursekit.core.notebook_i18n import read_checked_notebook
from coursekit.core.ui_text import ui_format, ui_text
from coursekit.sphinxext import event_order
from coursekit.sphinxext.course_data import PlaceholderDirective, course_table, derived_content
from coursekit.sphinxext.pedagogy import module_exercise
from coursekit.sphinxext.print_edition import internal_link
from coursekit.sphinxext.tables import table

logger = logging.getLogger(__name__)

OBJECTIVE = re.compile(r"^(?P<id>M\d+\.\d+) (?P<level>remember|understand|apply|analyse|evaluate|create)$")
HIGHER_LEVELS = {"apply", "analyse", "evaluate", "create"}
# Builders that only extract messages (``make update-po``): course rules are checked by the real builds.
EXTRACTION_BUILDERS = {"gettext"}


def level_label(level: str, language: str) -> str:
    # Literal calls, so that ``make update-po`` extracts each label.
    labels = {
        "remember": ui_text("mémoriser", language),
        "understand": ui_text("comprendre", language),
        "apply": ui_text("appliquer", language),
        "analyse": ui_text("analyser", language),
        "evaluate": ui_text("évaluer", language),
        "create": ui_text("créer", language),
    }
    return labels[level]


QUESTION_NUMBER = "question-number"  # the class of a question's number line


def anchor(objective_id: str) -> str:
    return "objective-" + objective_id.lower().replace(".", "-")


def parse_ids(text: str) -> list[str]:
    return text.split()


@dataclass
class Objective:
    id: str
    level: str
    text: str
    line: int


@dataclass
class Assessor:
    """A question (``Q3``) of a page, or a step (``Q2``) of an exercise notebook."""

    label: str
    ids: list[str]
    line: int = 0


@dataclass
class PageAssessment:
    objectives: list[Objective] = field(default_factory=list)
    questions: list[Assessor] = field(default_factory=list)
    final: bool = False


class ObjectiveRole(SphinxRole):
    """``{objective}`M1.1 apply```: the id badge of an objective (the level is kept as data)."""

    def run(self):
        match = OBJECTIVE.match(self.text.strip())
        if not match:
            message = (
                "an objective is written {objective}`M<module>.<n> <level>`, level one of remember, understand, "
                f"apply, analyse, evaluate, create; got {self.text!r}"
            )
            return [], [self.inliner.reporter.error(message, line=self.lineno)]
        badge = nodes.inline(text=match["id"], classes=["objective-id"], ids=[anchor(match["id"])])
        badge["objective"], badge["level"] = match["id"], match["level"]
        return [badge, nodes.Text(" ")], []


def _pages(env: BuildEnvironment) -> dict[str, PageAssessment]:
    return course_table(env, "assessment")


def record_assessment(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    page = PageAssessment()
    for badge in doctree.findall(lambda node: isinstance(node, nodes.inline) and "objective" in node.attributes):
        item = next((parent for parent in _ancestors(badge) if isinstance(parent, nodes.list_item)), badge)
        text = item.astext().removeprefix(badge.astext()).strip()
        page.objectives.append(Objective(badge["objective"], badge["level"], text, item.line or badge.line or 0))
    questions = [node for node in doctree.findall(nodes.container) if "assesses" in node.attributes]
    for number, question in enumerate(questions, start=1):
        page.questions.append(Assessor(f"Q{number}", question["assesses"], question.line or 0))
        # The number the objective map and the trainer guide give it ("Q21"), on the page too.
        label = nodes.paragraph(classes=[QUESTION_NUMBER], translatable=False)
        label += nodes.strong(text=ui_format("Question {number}", app.config.language, number=number))
        question.insert(0, label)
    metadata = env.metadata.get(docname, {})
    page.final = '"assessment"' in str(metadata.get("durations", ""))
    if page.objectives or page.questions:
        _pages(env)[docname] = page


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def exercise_steps(srcdir: Path, module_source: Path) -> tuple[str | None, list[Assessor]]:
    """The exercise notebook of a module and its steps, each with the objectives it assesses."""
    exercise = module_exercise(module_source)
    if exercise is None:
        return None, []
    notebook = read_checked_notebook(srcdir / f"{exercise}.ipynb")
    steps = [cell for cell in notebook.cells if is_exercise(cell)]
    return exercise, [
        Assessor(f"Q{number}", list(cell.metadata.get("assesses", []))) for number, cell in enumerate(steps, start=1)
    ]


@dataclass
class MapRow:
    module: str
    objective: Objective
    questions: list[str]
    steps: list[str]
    final: list[str]


def objective_map(env: BuildEnvironment) -> list[MapRow]:
    pages = _pages(env)
    finals = [page for page in pages.values() if page.final]
    rows = []
    for docname, page in pages.items():
        if not page.objectives:
            continue
        _exercise, steps = exercise_steps(Path(env.srcdir), Path(env.doc2path(docname)))
        for objective in page.objectives:
            rows.append(
                MapRow(
                    docname,
                    objective,
                    [question.label for question in page.questions if objective.id in question.ids],
                    [step.label for step in steps if objective.id in step.ids],
                    [
                        question.label
                        for final in finals
                        for question in final.questions
                        if objective.id in question.ids
                    ],
                )
            )
    return sorted(rows, key=lambda row: [int(part) for part in row.objective.id[1:].split(".")])


def check_assessment(app: Sphinx, env: BuildEnvironment) -> None:
    """Every objective assessed twice (its module, the final assessment); every id known; enough higher levels."""
    if app.builder.name in EXTRACTION_BUILDERS:
        return  # extracting messages for translators must work on a course still being written
    pages = _pages(env)
    known = {objective.id: docname for docname, page in pages.items() for objective in page.objectives}
    for docname, page in pages.items():
        for question in page.questions:
            for unknown in sorted(set(question.ids) - set(known)):
                logger.warning(
                    "%s assesses %s, which no {objectives} list declares",
                    question.label,
                    unknown,
                    location=(docname, question.line),
                    type="course",
                    subtype="objectives",
                )
        if page.objectives:
            exercise, steps = exercise_steps(Path(env.srcdir), Path(env.doc2path(docname)))
            for step in steps:
                for unknown in sorted(set(step.ids) - set(known)):
                    logger.warning(
                        "%s: step %s assesses %s, which no {objectives} list declares",
                        exercise,
                        step.label,
                        unknown,
                        location=(docname, 1),
                        type="course",
                        subtype="objectives",
                    )
    if not any(page.final for page in pages.values()):
        return  # a partial build (a single page) has nothing to check against
    rows = objective_map(env)
    for row in rows:
        if not (row.questions or row.steps):
            logger.warning(
                "objective %s is assessed by no review question or exercise step of its module",
                row.objective.id,
                location=(row.module, row.objective.line),
                type="course",
                subtype="objectives",
            )
        if not row.final:
            logger.warning(
                "objective %s is assessed by no question of the final assessment",
                row.objective.id,
                location=(row.module, row.objective.line),
                type="course",
                subtype="objectives",
            )
    higher = sum(row.objective.level in HIGHER_LEVELS for row in rows)
    if rows and 2 * higher < len(rows):
        logger.warning(
            "only %d of %d objectives at apply, analyse or evaluate: at least half must be",
            higher,
            len(rows),
            location=(rows[0].module, rows[0].objective.line),
            type="course",
            subtype="objectives",
        )


class objective_map_node(derived_content):
    """The objective map, once every page has been read."""

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        return [objective_map_table(app, fromdocname)]


class ObjectiveMapDirective(PlaceholderDirective):
    placeholder = objective_map_node


def objective_map_table(app: Sphinx, fromdocname: str) -> nodes.table:
    env, language = app.env, app.config.language
    rows = []
    for row in objective_map(env):
        link = internal_link(app, fromdocname, row.module, row.objective.id, anchor(row.objective.id))
        objective = nodes.inline("", "", link, nodes.Text(" " + row.objective.text))
        module = ", ".join(row.questions) or "—"
        exercise = ", ".join(row.steps) or "—"
        final = ", ".join(row.final) or "—"
        rows.append([objective, level_label(row.objective.level, language), module, exercise, final])
    header = [
        ui_text("Objectif", language),
        ui_text("Niveau", language),
        ui_text("Questions du module", language),
        ui_text("Exercice", language),
        ui_text("Évaluation finale", language),
    ]
    return table("objective-map", (46, 12, 14, 14, 14), header, rows, translatable=False)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.pedagogy")
    app.add_role("objective", ObjectiveRole())
    app.add_node(objective_map_node)
    app.add_directive("objective-map", ObjectiveMapDirective)
    app.connect("doctree-read", record_assessment, priority=event_order.RECORD_PAGE_FACTS)
    app.connect("env-check-consistency", check_assessment)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
