"""The building blocks of a module page: objectives, duration, key points, questions.

A module page declares its duration once, in its front matter
(``duration: 40``, in minutes), and its objectives once, in an
``{objectives}`` block. This extension renders both at the top of the page and
records them per document, so the home page, the session plan and the tests
derive them instead of retyping them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from coursekit.ui_text import ui_text

DURATION_KEY = "duration"
EXERCISE_LINK = re.compile(r"\{doc\}`/?(exercises/[^`<>]+)`")


@dataclass
class ModuleInfo:
    duration_minutes: int
    objectives: list[str] = field(default_factory=list)
    exercise: str | None = None  # the docname of the module's exercise notebook


def module_exercise(source: Path) -> str | None:
    """The exercise notebook a module page links to, as a docname."""
    match = EXERCISE_LINK.search(source.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def format_duration(minutes: int, language: str) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ui_text("{minutes} min", language).format(minutes=rest)
    if not rest:
        return ui_text("{hours} h", language).format(hours=hours)
    return ui_text("{hours} h {minutes:02d}", language).format(hours=hours, minutes=rest)


class _BoxDirective(SphinxDirective):
    """A titled box whose content is ordinary, translatable MyST."""

    has_content = True
    title_message = ""
    css_class = ""

    def run(self) -> list[nodes.Node]:
        box = nodes.admonition(classes=[self.css_class])
        self.set_source_info(box)
        # A UI word from ui.po, not a message of this page's catalog.
        box += nodes.title(text=ui_text(self.title_message, self.config.language), translatable=False)
        box += self.parse_content_to_nodes()
        return [box]


class ObjectivesDirective(_BoxDirective):
    title_message = "Objectifs d’apprentissage"
    css_class = "learning-objectives"


class KeyPointsDirective(_BoxDirective):
    title_message = "Points clés"
    css_class = "key-points"


class QuestionDirective(SphinxDirective):
    """``{question}``: a review question; an ``{answer}`` block goes inside it."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        question = nodes.container(classes=["review-question"])
        self.set_source_info(question)
        question += self.parse_content_to_nodes()
        return [question]


def _modules(env: BuildEnvironment) -> dict[str, ModuleInfo]:
    if not hasattr(env, "course_modules"):
        env.course_modules = {}
    return env.course_modules


def record_module(app: Sphinx, doctree: nodes.document) -> None:
    """Runs after Sphinx's metadata collector has read the front matter."""
    env = app.env
    docname = env.current_document.docname
    metadata = env.metadata.get(docname, {})
    boxes = [box for box in doctree.findall(nodes.admonition) if "learning-objectives" in box["classes"]]
    if DURATION_KEY not in metadata:
        return
    source = env.doc2path(docname)
    try:
        minutes = int(metadata[DURATION_KEY])
    except ValueError:
        raise SphinxError(f"{source}:1: front matter 'duration' must be whole minutes, got {metadata[DURATION_KEY]!r}")
    if len(boxes) != 1:
        raise SphinxError(f"{source}: a module page needs exactly one {{objectives}} block, found {len(boxes)}")
    objectives = boxes[0]
    items = [item.astext() for item in objectives.findall(nodes.list_item)]
    if not items:
        raise SphinxError(f"{source}:{objectives.line}: the {{objectives}} block needs a bullet list")
    _modules(env)[docname] = ModuleInfo(duration_minutes=minutes, objectives=items, exercise=module_exercise(Path(source)))
    duration_line = nodes.paragraph(classes=["module-duration"])
    duration_line += nodes.strong(text=ui_text("Durée estimée :", app.config.language) + " ")
    duration_line += nodes.Text(format_duration(minutes, app.config.language))
    objectives.insert(1, duration_line)


def purge_module(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _modules(env).pop(docname, None)


def merge_modules(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _modules(other):
            _modules(env)[docname] = _modules(other)[docname]


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.answers")
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("keypoints", KeyPointsDirective)
    app.add_directive("question", QuestionDirective)
    # Priority 600: after the metadata collector (500) has stored the front matter.
    app.connect("doctree-read", record_module, priority=600)
    app.connect("env-purge-doc", purge_module)
    app.connect("env-merge-info", merge_modules)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
