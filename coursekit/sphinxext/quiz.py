"""Closed questions that score: module quizzes and the final assessment.

::

    :::::{quiz}                      (a module's quiz)   or   :::::{assessment}
                                                            :pass-mark: 70
    ::::{quiz-question}
    :type: single
    :assesses: M1.1

    Quelle phrase décrit le mieux la place du COO ?

    - [ ] Il se situe au-dessus du CEO.

      Non : le CEO reste le numéro un.        (optional feedback on this option)
    - [x] Il vient juste après le CEO.

    :::{answer}
    Why, in a sentence or two.
    :::
    ::::
    :::::

``:type:`` is ``single``, ``multiple``, ``true-false`` or ``ordering``. The
flag that opens each option's line in the French source is taken off before the
option is parsed: ``[x]``/``[ ]`` for a correct or wrong option, ``[1]``,
``[2]``… for an ordering question (the option's place in the right order; the
options are shown in the order written). The option's text is a message
translators see, the flag is not, so no translation can move a key. Paragraphs
after an option's first one are feedback on that option (translated like any
paragraph): they are shown when a learner picks it, and in the answer.

Rendering, on the website and in the e-book alike, is static first: the
options, lettered, then the answer (the right letters, the option feedback,
the explanation) hidden like every ``{answer}``. On the website the question
also carries its key as data attributes (``data-quiz-type``,
``data-quiz-key``: the right option indexes, or the right order), which
``course-quiz.js`` turns into a form that scores; the key is therefore in the
page source (self-assessment: the answers were already one click away). The
final assessment also carries the right answers needed to pass
(``data-needed``, from ``needed_points``: the script never recomputes it) and
the number of attempts after which it shows its expected answers when not
passed (``data-answers-after``, ``[assessment] attempts_before_answers`` of
``course.toml``). The
e-book gets no keys and no script: its answers are in its answers section.

Each page's quizzes (their ids and points) and its assessment (pass mark,
points) are recorded in the environment for ``coursekit.sphinxext.progress``.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from coursekit.core.assessment import DEFAULT_ATTEMPTS_BEFORE_ANSWERS, AssessmentSettingError, attempts_before_answers
from coursekit.core.ui_text import ui_format, ui_text
from coursekit.sphinxext.answers import hidden_answer
from coursekit.sphinxext.course_data import course_table, derived_content
from coursekit.sphinxext.objectives import anchor
from coursekit.sphinxext.overview import ordered_modules

logger = logging.getLogger(__name__)

QUESTION_TYPES = ("single", "multiple", "true-false", "ordering")
OPTION = re.compile(r"^- \[(?P<flag>[ xX]|\d{1,2})\] ")
QUIZ_ID = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_]*$")


class quiz_question(nodes.container):
    """A scoreable question; ``quiz_type``, ``correct`` (option indexes, or for ordering the right order of
    the options as shown) and ``assesses`` are its data."""


class quiz_set(nodes.container):
    """A module quiz (``quiz_id``) or the final assessment (``pass_mark``): the questions scored together."""


@dataclass
class PageQuizzes:
    """What a page asks: its module quizzes (id and points, in page order) and its assessment."""

    quizzes: list[tuple[str, int]] = field(default_factory=list)
    assessment: tuple[int, int] | None = None  # (pass mark in percent, points)
    objectives: list[str] = field(default_factory=list)  # objectives its assessment assesses


class QuizError(ValueError):
    """An authoring mistake in a quiz: reported as a located warning (``course.quiz``), the build goes on."""


def _refuse(directive: SphinxDirective, error: QuizError) -> list[nodes.Node]:
    """Warns at the directive's file and line; the question or quiz is left out (``-W`` fails the build)."""
    logger.warning("%s", error, location=directive.get_location(), type="course", subtype="quiz")
    return []


def read_flags(lines, question_type: str) -> tuple[list[str], list[str]]:
    """The option flags of a question's content, and the content with each flag turned into a plain ``- ``."""
    flags, kept = [], []
    for line in lines:
        match = OPTION.match(line)
        if match:
            flags.append(match["flag"])
            line = "- " + line[match.end() :]
        kept.append(line)
    if question_type == "ordering":
        if len(flags) < 2 or sorted(flags, key=lambda flag: (not flag.isdigit(), flag.zfill(2))) != [
            str(place) for place in range(1, len(flags) + 1)
        ]:
            raise QuizError("an ordering question numbers its options '- [1] …', '- [2] …', each place once, from 1")
        return flags, kept
    if any(flag.isdigit() for flag in flags):
        raise QuizError("only an ordering question numbers its options; mark this one's with '- [x]' or '- [ ]'")
    if len(flags) < 2 or "x" not in {flag.lower() for flag in flags}:
        raise QuizError("a {quiz-question} needs at least two options '- [ ] …' and one '- [x] …'")
    if question_type != "multiple" and sum(flag != " " for flag in flags) != 1:
        raise QuizError(f"a {question_type} question has exactly one correct option")
    if question_type == "true-false" and len(flags) != 2:
        raise QuizError("a true-false question has exactly two options")
    return flags, kept


def correct_key(question_type: str, flags: list[str]) -> list[int]:
    """The right options' indexes; for ordering, the indexes of the options in their right order."""
    if question_type == "ordering":
        return sorted(range(len(flags)), key=lambda index: int(flags[index]))
    return [index for index, flag in enumerate(flags) if flag != " "]


class QuizQuestionDirective(SphinxDirective):
    has_content = True
    option_spec = {
        "type": lambda value: directives.choice(value, QUESTION_TYPES),
        "assesses": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        try:
            return self._question()
        except QuizError as error:
            return _refuse(self, error)

    def _question(self) -> list[nodes.Node]:
        if "type" not in self.options or "assesses" not in self.options:
            raise QuizError(f"a {{quiz-question}} needs :type: ({', '.join(QUESTION_TYPES)}) and :assesses:")
        question_type = self.options["type"]
        flags, lines = read_flags(self.content, question_type)

        question = quiz_question(classes=["quiz-question", f"quiz-{question_type}"])
        question["assesses"] = self.options["assesses"].split()
        question["quiz_type"], question["correct"] = question_type, correct_key(question_type, flags)
        self.set_source_info(question)
        # The objectives a question assesses are shown from :assesses:, never typed again in its text.
        language = self.config.language
        assessed = nodes.paragraph(classes=["quiz-assesses"], translatable=False)
        label = (
            ui_text("Objectif évalué :", language)
            if len(question["assesses"]) == 1
            else ui_text("Objectifs évalués :", language)
        )
        assessed += nodes.emphasis(text=f"{label} {', '.join(question['assesses'])}")
        question += assessed
        node = nodes.Element()
        self.state.nested_parse(StringList(lines, items=list(self.content.items)), self.content_offset, node)
        question += node.children
        options = next((child for child in question.children if isinstance(child, nodes.bullet_list)), None)
        answers = list(question.findall(hidden_answer))
        if options is None or len(options.children) != len(flags):
            raise QuizError("the options must form one list, each line opening with '- [ ]', '- [x]' or '- [1]'")
        if len(answers) != 1:
            raise QuizError("a {quiz-question} needs one {answer} block, after its options")
        answer_block = next(
            child for child in question.children if next(iter(child.findall(hidden_answer)), None) is not None
        )
        if question.index(options) > question.index(answer_block):
            raise QuizError("the {answer} block comes after the options")

        feedback = self._option_feedback(options)
        lettered = nodes.enumerated_list(enumtype="loweralpha", prefix="", suffix=")", classes=["quiz-options"])
        lettered += options.children
        options.replace_self(lettered)

        letters = ", ".join(string.ascii_lowercase[index] for index in question["correct"])
        key = nodes.paragraph(classes=["quiz-key"], translatable=False)
        if question_type == "ordering":
            label = ui_text("Bon ordre :", language)
        else:
            label = (
                ui_text("Bonne réponse :", language)
                if len(question["correct"]) == 1
                else ui_text("Bonnes réponses :", language)
            )
        key += nodes.strong(text=label)
        key += nodes.Text(f" {letters}")
        answers[0].insert(0, key)
        if feedback is not None:
            answers[0].insert(1, feedback)
        return [question]

    def _option_feedback(self, options: nodes.bullet_list) -> nodes.definition_list | None:
        """Takes each option's paragraphs after its first out of the option, into a lettered list for the answer."""
        entries = nodes.definition_list(classes=["quiz-option-feedback"])
        for index, item in enumerate(options.children):
            if not item.children or not isinstance(item[0], nodes.paragraph):
                raise QuizError("each option is a line of text")
            extra = item.children[1:]
            if not extra:
                continue
            for child in extra:
                item.remove(child)
            entry = nodes.definition_list_item("", classes=["quiz-option-feedback-item"])
            entry += nodes.term(text=f"{string.ascii_lowercase[index]})")
            entry += nodes.definition("", *extra)
            entries += entry
        return entries if entries.children else None


def _count_questions(body: list[nodes.Node]) -> int:
    return sum(1 for child in body for _node in child.findall(quiz_question))


class QuizDirective(SphinxDirective):
    """``{quiz}``: a module's closed review questions, scored together in the browser."""

    has_content = True
    option_spec = {"id": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        quiz = quiz_set(classes=["quiz"])
        self.set_source_info(quiz)
        if "id" in self.options and not QUIZ_ID.match(self.options["id"]):
            return _refuse(self, QuizError(f"a quiz :id: is letters, digits, '-' and '_', got {self.options['id']!r}"))
        quiz["explicit_id"] = self.options.get("id")
        body = self.parse_content_to_nodes()
        if not _count_questions(body):
            return _refuse(self, QuizError("a {quiz} holds at least one {quiz-question}"))
        quiz += body
        return [quiz]


def revisit_class(objective_id: str) -> str:
    """The class that marks an objective's item in the list the script takes "to revisit" from."""
    return "revisit-" + objective_id.lower().replace(".", "-")


class assessment_objectives(derived_content):
    """Every module's objectives, in course order, each linked to where it is taught (website only).

    Hidden: ``course-quiz.js`` shows the ones a failed attempt calls for, by name, in this order. Drawn
    when the page is written, from every module's record, so a changed objective rewrites the page.
    """

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        if app.builder.format != "html" or app.builder.name.startswith("epub"):
            return []
        modules = course_table(app.env, "modules")
        items = nodes.bullet_list()
        for docname in ordered_modules(app.env):
            for text in modules[docname].objectives:
                objective_id, _, name = text.partition(" ")  # the badge opens the item: "M3.1 Distinguer …"
                text = f"{objective_id} — {' '.join(name.split())}"
                uri = app.builder.get_relative_uri(fromdocname, docname) + "#" + anchor(objective_id)
                paragraph = nodes.paragraph()
                paragraph += nodes.reference(text, text, refuri=uri, internal=True)
                items += nodes.list_item("", paragraph, classes=[revisit_class(objective_id)])
        return [nodes.container("", items, classes=["assessment-objectives"])] if len(items) else []


class AssessmentDirective(SphinxDirective):
    """``{assessment}``: a set of quiz questions and the share of right answers that passes."""

    has_content = True
    option_spec = {"pass-mark": directives.percentage}

    def run(self) -> list[nodes.Node]:
        if "pass-mark" not in self.options:
            return _refuse(self, QuizError("an {assessment} needs :pass-mark: (a percentage)"))
        assessment = quiz_set(classes=["assessment"])
        assessment["pass_mark"] = self.options["pass-mark"]
        self.set_source_info(assessment)
        body = self.parse_content_to_nodes()
        count = _count_questions(body)
        if not count:
            return _refuse(self, QuizError("an {assessment} holds at least one {quiz-question}"))
        # Computed once: the page's rule, the script's verdict and score line (data-needed) use this number.
        assessment["needed"] = needed_points(count, self.options["pass-mark"])
        rule = nodes.paragraph(classes=["pass-mark"], translatable=False)
        rule += nodes.strong(text=ui_text("Seuil de réussite :", self.config.language) + " ")
        rule += nodes.Text(
            ui_format(
                "{needed} bonnes réponses sur {count} ({percent} %)",
                self.config.language,
                needed=assessment["needed"],
                count=count,
                percent=self.options["pass-mark"],
            )
        )
        assessment += rule
        assessment += body
        objectives = assessment_objectives()
        self.set_source_info(objectives)
        assessment += objectives
        return [assessment]


def needed_points(count: int, pass_mark: int) -> int:
    """Right answers needed to pass: the pass mark's share of the questions, rounded up."""
    return math.ceil(count * pass_mark / 100)


# -- What each page asks, for the progress store ------------------------------


def page_quizzes(env: BuildEnvironment) -> dict[str, PageQuizzes]:
    return course_table(env, "quizzes")


def record_quizzes(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    found = PageQuizzes()
    for number, quiz in enumerate((node for node in doctree.findall(quiz_set) if "quiz" in node["classes"]), start=1):
        quiz["quiz_id"] = f"{docname}#{quiz.get('explicit_id') or number}"
        found.quizzes.append((quiz["quiz_id"], sum(1 for _ in quiz.findall(quiz_question))))
    if len({quiz_id for quiz_id, _points in found.quizzes}) != len(found.quizzes):
        logger.warning(
            "two quizzes of this page have the same :id:", location=(docname, 1), type="course", subtype="quiz"
        )
    assessments = [node for node in doctree.findall(quiz_set) if "assessment" in node["classes"]]
    for extra in assessments[1:]:
        logger.warning("a page holds at most one {assessment}", location=extra, type="course", subtype="quiz")
    for assessment in assessments[:1]:
        questions = list(assessment.findall(quiz_question))
        found.assessment = (assessment["pass_mark"], len(questions))
        found.objectives = sorted({objective for question in questions for objective in question["assesses"]})
    if found.quizzes or found.assessment:
        page_quizzes(app.env)[docname] = found


# -- HTML ----------------------------------------------------------------------


def _scripted(translator) -> bool:
    """The website gets the keys and the script; the e-book stays static (no script, no keys)."""
    return not translator.builder.name.startswith("epub")


def visit_quiz_question(translator, node: quiz_question) -> None:
    attributes = {}
    if _scripted(translator):
        attributes = {
            "data-quiz-type": node["quiz_type"],
            "data-quiz-key": " ".join(str(index) for index in node["correct"]),
            "data-assesses": " ".join(node["assesses"]),
        }
    translator.body.append(translator.starttag(node, "div", CLASS="docutils container", **attributes))


def visit_quiz_set(translator, node: quiz_set) -> None:
    attributes = {}
    if _scripted(translator):
        if "quiz_id" in node:
            attributes["data-quiz-id"] = node["quiz_id"]
        if "pass_mark" in node:
            attributes["data-pass-mark"] = str(node["pass_mark"])
            attributes["data-needed"] = str(node["needed"])
            attributes["data-answers-after"] = str(translator.config.course_attempts_before_answers)
    translator.body.append(translator.starttag(node, "div", CLASS="docutils container", **attributes))


def depart_div(translator, node: nodes.Element) -> None:
    translator.body.append("</div>\n")


def add_quiz_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``course-quiz.js`` only on the pages that hold a quiz (the page-weight budget)."""
    if app.builder.name.startswith("epub") or doctree is None:
        return
    if next(iter(doctree.findall(quiz_set)), None) is not None:
        app.add_js_file("course-quiz.js", priority=600, loading_method="defer")


class AssessmentSettingsError(SystemExit):
    """A setting of course.toml's [assessment] that cannot be used, said plainly (no Sphinx crash report)."""


def read_assessment_settings(app: Sphinx, config) -> None:
    try:
        config.course_attempts_before_answers = attempts_before_answers()
    except AssessmentSettingError as error:
        raise AssessmentSettingsError(f"Cannot build: {error}") from None


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.static_files")
    # From course.toml's [assessment], written into the final assessment's page: changed, pages are written again.
    app.add_config_value("course_attempts_before_answers", DEFAULT_ATTEMPTS_BEFORE_ANSWERS, "html", types=[int])
    app.connect("config-inited", read_assessment_settings)
    app.setup_extension("coursekit.sphinxext.answers")
    app.setup_extension("coursekit.sphinxext.course_data")
    text_visitors = (lambda translator, node: None, lambda translator, node: None)
    # Plain text and print: the static question, lettered options and all (the answers are elsewhere).
    app.add_node(quiz_question, html=(visit_quiz_question, depart_div), text=text_visitors, latex=text_visitors)
    app.add_node(quiz_set, html=(visit_quiz_set, depart_div), text=text_visitors, latex=text_visitors)
    app.add_directive("quiz-question", QuizQuestionDirective)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("assessment", AssessmentDirective)
    app.connect("doctree-read", record_quizzes)
    app.connect("html-page-context", add_quiz_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
