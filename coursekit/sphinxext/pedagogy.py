"""The building blocks of a module page: objectives, durations, key points, questions.

A module page declares its minutes once, by part, in its front matter
(``durations: {lesson: 10, review: 5, exercise: 25}``), and its objectives
once, in an ``{objectives}`` block. The synthesis page declares its own parts
(``lesson`` and ``assessment``). This extension renders the total and its parts
at the top of the page and records them per document, so the home page, the
exercise pages, the session plan and the tests derive them instead of retyping
them.

Lesson minutes are checked against the page's reading time: the words of the
lesson (everything but the review questions and their answers), read at
``course_reading_speed`` words a minute, must fit in them, or the build warns
(and fails, as every build runs with ``-W``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from coursekit.core.durations import format_duration
from coursekit.core.ui_text import ui_message, ui_text
from coursekit.sphinxext import event_order
from coursekit.sphinxext.course_data import course_table

logger = logging.getLogger(__name__)

DURATIONS_KEY = "durations"
# The parts a page may declare, in the order they are taught. A module has the
# first three; the synthesis has a lesson and the final assessment.
PARTS = ("lesson", "review", "exercise", "assessment")
MODULE_PARTS = ("lesson", "review", "exercise")
SYNTHESIS_PARTS = ("lesson", "assessment")
WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
EXERCISE_LINK = re.compile(r"\{doc\}`/?(exercises/[^`<>]+)`")


@dataclass
class ModuleInfo:
    parts: dict[str, int]
    objectives: list[str] = field(default_factory=list)
    exercise: str | None = None  # the docname of the module's exercise notebook
    lesson_words: int = 0

    @property
    def duration_minutes(self) -> int:
        return sum(self.parts.values())

    @property
    def is_module(self) -> bool:
        return "exercise" in self.parts


class DurationsError(ValueError):
    """A page's ``durations`` that cannot be read: a located warning (``course.durations``) at the page's line 1."""


def parse_durations(raw: str) -> dict[str, int]:
    """The ``durations`` field of the front matter (MyST hands a mapping over as JSON)."""
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not value:
        raise DurationsError(
            "front matter 'durations' must map parts to minutes, e.g. {lesson: 10, review: 5, exercise: 25}"
        )
    unknown = set(value) - set(PARTS)
    if unknown:
        raise DurationsError(f"unknown part(s) in 'durations': {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    if set(value) not in (set(MODULE_PARTS), set(SYNTHESIS_PARTS)):
        raise DurationsError(
            f"'durations' needs either {', '.join(MODULE_PARTS)} (a module) "
            f"or {', '.join(SYNTHESIS_PARTS)} (the synthesis)"
        )
    if not all(isinstance(minutes, int) and minutes > 0 for minutes in value.values()):
        raise DurationsError("every part of 'durations' must be a positive whole number of minutes")
    return {part: value[part] for part in PARTS if part in value}


def front_matter_durations(source: Path) -> dict[str, int] | None:
    """The ``durations`` of a page read straight from its file, for pages read before it (exercise pages)."""
    match = re.match(r"---\n(.*?)\n---\n", source.read_text(encoding="utf-8"), re.S)
    data = yaml.safe_load(match[1]) if match else None
    if not isinstance(data, dict) or DURATIONS_KEY not in data:
        return None
    return parse_durations(json.dumps(data[DURATIONS_KEY]))


def lesson_words(doctree: nodes.document) -> int:
    """Words a learner reads in the lesson: not the front matter, not the review questions and answers."""
    copy = doctree.deepcopy()
    for node in list(
        copy.findall(
            lambda node: (
                isinstance(node, (nodes.docinfo, nodes.field_list))
                or (
                    isinstance(node, nodes.Element)
                    and ({"review-question", "quiz-question"} & set(node.get("classes", [])))
                )
            )
        )
    ):
        if node.parent is not None:
            node.parent.remove(node)
    return len(WORD.findall(copy.astext()))


def module_exercise(source: Path) -> str | None:
    """The exercise notebook a module page links to, as a docname."""
    match = EXERCISE_LINK.search(source.read_text(encoding="utf-8"))
    return match.group(1) if match else None


class _BoxDirective(SphinxDirective):
    """A titled box whose content is ordinary, translatable MyST."""

    has_content = True
    title_message = ""  # each box names its own
    css_class = ""

    def run(self) -> list[nodes.Node]:
        box = nodes.admonition(classes=[self.css_class])
        self.set_source_info(box)
        # A UI word from ui.po, not a message of this page's catalog.
        box += nodes.title(text=ui_text(self.title_message, self.config.language), translatable=False)
        box += self.parse_content_to_nodes()
        return [box]


class ObjectivesDirective(_BoxDirective):
    title_message = ui_message("Objectifs d’apprentissage")
    css_class = "learning-objectives"


class KeyPointsDirective(_BoxDirective):
    title_message = ui_message("Points clés")
    css_class = "key-points"


class QuestionDirective(SphinxDirective):
    """``{question}``: a review question; an ``{answer}`` block goes inside it, ``:assesses:`` names its objectives."""

    has_content = True
    option_spec = {"assesses": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if "assesses" not in self.options:
            logger.warning(
                "a {question} names the objectives it assesses, e.g. ':assesses: M1.2'",
                location=self.get_location(),
                type="course",
                subtype="question",
            )
        question = nodes.container(classes=["review-question"])
        # The ids of the objectives it assesses (coursekit.sphinxext.objectives checks and maps them).
        question["assesses"] = self.options.get("assesses", "").split()
        self.set_source_info(question)
        question += self.parse_content_to_nodes()
        return [question]


def _modules(env: BuildEnvironment) -> dict[str, ModuleInfo]:
    return course_table(env, "modules")


def parts_text(parts: dict[str, int], language: str) -> str:
    """``leçon 10 min, questions 5 min, exercice 25 min`` in the build's language."""
    return ", ".join(
        f"{part_label(part, language)} {format_duration(minutes, language)}" for part, minutes in parts.items()
    )


def part_label(part: str, language: str) -> str:
    # Literal calls, so that ``make update-po`` extracts each label.
    labels = {
        "lesson": ui_text("leçon", language),
        "review": ui_text("questions", language),
        "exercise": ui_text("exercice", language),
        "assessment": ui_text("évaluation finale", language),
    }
    return labels[part]


def record_module(app: Sphinx, doctree: nodes.document) -> None:
    """Runs after Sphinx's metadata collector has read the front matter."""
    env = app.env
    docname = env.docname
    metadata = env.metadata.get(docname, {})
    boxes = [box for box in doctree.findall(nodes.admonition) if "learning-objectives" in box["classes"]]
    source = env.doc2path(docname)
    if "duration" in metadata:
        _warn("'duration' is replaced by 'durations', by part: {lesson: N, review: N, exercise: N}", docname)
    if DURATIONS_KEY not in metadata:
        return
    try:
        parts = parse_durations(metadata[DURATIONS_KEY])
    except DurationsError as error:
        _warn(str(error), docname)
        return
    words = lesson_words(doctree)
    speed = app.config.course_reading_speed
    # Not while extracting messages for translators (``make update-po``): the real builds check it.
    if parts["lesson"] < math.ceil(words / speed) and app.builder.name != "gettext":
        logger.warning(
            "lesson time %d min is shorter than the reading time of its %d words at %d words a minute (%d min)",
            parts["lesson"],
            words,
            speed,
            math.ceil(words / speed),
            location=(docname, 1),
            type="course",
            subtype="reading-time",
        )
    if "exercise" not in parts:
        _modules(env)[docname] = ModuleInfo(parts=parts, lesson_words=words)
        return
    if len(boxes) != 1:
        _warn(
            f"a module page needs exactly one {{objectives}} block, found {len(boxes)}",
            docname,
            boxes[1:2],
            "objectives",
        )
        return
    objectives = boxes[0]
    items = [item.astext() for item in objectives.findall(nodes.list_item)]
    if not items:
        _warn("the {objectives} block needs a bullet list", docname, [objectives], "objectives")
        return
    info = ModuleInfo(parts=parts, objectives=items, lesson_words=words, exercise=module_exercise(Path(source)))
    _modules(env)[docname] = info
    language = app.config.language
    duration_line = nodes.paragraph(classes=["module-duration"], translatable=False)
    duration_line += nodes.strong(text=ui_text("Durée estimée :", language) + " ")
    duration_line += nodes.Text(f"{format_duration(info.duration_minutes, language)} ({parts_text(parts, language)})")
    objectives.insert(1, duration_line)


def _warn(message: str, docname: str, nodes_at: list[nodes.Node] = (), subtype: str = "durations") -> None:
    """An authoring mistake on a module page, at the node it concerns or the front matter (line 1)."""
    location = nodes_at[0] if nodes_at else (docname, 1)
    logger.warning("%s", message, location=location, type="course", subtype=subtype)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.answers")
    app.setup_extension("coursekit.sphinxext.course_data")
    # Words a minute for study text: the floor under each lesson's minutes.
    app.add_config_value("course_reading_speed", 200, "env", types=[int])
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("keypoints", KeyPointsDirective)
    app.add_directive("question", QuestionDirective)
    app.connect("doctree-read", record_module, priority=event_order.RECORD_PAGE_FACTS)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
