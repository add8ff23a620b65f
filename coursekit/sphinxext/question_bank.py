"""A question bank that measures: keys spread across positions, a final assessment with fresh items.

Two faults let a learner pass without knowing the course, and both are checked on every build, in
the build's language, as warnings at the question's file and line (``-W`` turns them into errors):

- **A predictable key.** In each module quiz, in the module quizzes of the whole course taken
  together, and in the final assessment, no option position (a, b, c…) holds more than
  ``MAX_KEY_SHARE`` of the keys of the questions with one key (single choice, true or false). A quiz
  of one or two such questions cannot reach that share; there each position may hold one key, so two
  questions never share their key's letter. The browser may shuffle options, but the e-book and
  the trainer guide show them in the order written, with the key.
- **A recycled item.** A question of the final assessment (its stem and options, not its answer)
  may not repeat ``RECYCLED_WORDS`` consecutive words of a module page (lesson, review questions,
  quizzes) or of an exercise notebook: a final item that repeats a lesson sentence tests memory of
  the page, not the objective.
"""

from __future__ import annotations

import hashlib
import math
import re
import string
from dataclasses import dataclass, field

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from coursekit.sphinxext.answers import hidden_answer
from coursekit.sphinxext.quiz import quiz_question, quiz_set

logger = logging.getLogger(__name__)

MAX_KEY_SHARE = 0.35
RECYCLED_WORDS = 8
SINGLE_KEY_TYPES = ("single", "true-false")
WORD = re.compile(r"\w+")
EXTRACTION_BUILDERS = {"gettext"}


@dataclass
class QuizKeys:
    """One quiz or assessment: where it starts, and the key position and line of each one-key question."""

    kind: str  # "quiz" or "assessment"
    line: int
    keys: list[tuple[int, int]] = field(default_factory=list)  # (option index of the key, line)


@dataclass
class PageBank:
    quizzes: list[QuizKeys] = field(default_factory=list)
    # (line, the item's runs of words by fingerprint): the text, to quote the run a lesson repeats
    final_items: list[tuple[int, dict[int, str]]] = field(default_factory=list)
    # Every run of RECYCLED_WORDS words of a lesson, as a fingerprint: tens of thousands of runs, kept
    # in the environment that every build loads and saves again (as text they made up most of it).
    lesson_runs: set[int] = field(default_factory=set)


def words(text: str) -> list[str]:
    return WORD.findall(text.replace("’", " ").replace("'", " ").lower())


def runs(text_words: list[str], size: int = RECYCLED_WORDS) -> set[str]:
    return {" ".join(text_words[start : start + size]) for start in range(len(text_words) - size + 1)}


def fingerprint(run: str) -> int:
    """A run's 64-bit fingerprint, the same in every process (``hash()`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(run.encode(), digest_size=8).digest(), "big")


def key_limit(count: int) -> int:
    """The most keys one position may hold among ``count`` one-key questions."""
    return max(1, math.floor(count * MAX_KEY_SHARE))


def crowded_position(keys: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first position holding more keys than allowed, and how many; None when the keys are spread."""
    counts: dict[int, int] = {}
    for position, _line in keys:
        counts[position] = counts.get(position, 0) + 1
    limit = key_limit(len(keys))
    for position, count in sorted(counts.items()):
        if count > limit:
            return position, count
    return None


def _banks(env: BuildEnvironment) -> dict[str, PageBank]:
    if not hasattr(env, "course_question_bank"):
        env.course_question_bank = {}
    return env.course_question_bank


def _blocks(tree: nodes.Node) -> list[list[str]]:
    """The words of each outermost text block (a paragraph, an option, a table cell): a run never spans
    two blocks, so a list of short options that a lesson also lists (the four actions of a matrix) is not
    a repeated sentence."""
    return [
        words(node.astext())
        for node in tree.findall(nodes.TextElement)
        if not isinstance(node.parent, nodes.TextElement)
    ]


def _question_runs(question: quiz_question) -> dict[int, str]:
    """The stem and options a learner reads before answering: not the answer, not the objective label."""
    copy = question.deepcopy()
    for node in list(copy.findall(hidden_answer)):
        node.parent.remove(node)
    for node in list(copy.findall(nodes.paragraph)):
        if "quiz-assesses" in node["classes"] and node.parent is not None:
            node.parent.remove(node)
    return {fingerprint(run): run for block in _blocks(copy) for run in runs(block)}


def _is_lesson(env: BuildEnvironment, docname: str) -> bool:
    if str(env.doc2path(docname)).endswith(".ipynb"):
        return True
    return '"exercise"' in str(env.metadata.get(docname, {}).get("durations", ""))


def record_bank(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    bank = PageBank()
    for quiz in doctree.findall(quiz_set):
        kind = "assessment" if "assessment" in quiz["classes"] else "quiz"
        keys = QuizKeys(kind, quiz.line or 0)
        for question in quiz.findall(quiz_question):
            if question["quiz_type"] in SINGLE_KEY_TYPES:
                keys.keys.append((question["correct"][0], question.line or keys.line))
            if kind == "assessment":
                bank.final_items.append((question.line or keys.line, _question_runs(question)))
        bank.quizzes.append(keys)
    if _is_lesson(env, docname):
        bank.lesson_runs = {fingerprint(run) for block in _blocks(doctree) for run in runs(block)}
    if bank.quizzes or bank.lesson_runs:
        _banks(env)[docname] = bank


def _warn(message: str, docname: str, line: int, *args) -> None:
    logger.warning(message, *args, location=(docname, line), type="course", subtype="question_bank")


def check_bank(app: Sphinx, env: BuildEnvironment) -> None:
    if app.builder.name in EXTRACTION_BUILDERS:
        return  # extracting messages for translators must work on a course still being written
    banks = _banks(env)
    pooled: list[tuple[int, int]] = []
    first_quiz: tuple[str, int] | None = None
    for docname in sorted(banks):
        for quiz in banks[docname].quizzes:
            crowded = crowded_position(quiz.keys)
            if crowded:
                position, count = crowded
                _warn(
                    "key position imbalance: %d of the %d one-key questions of this %s are keyed '%s' "
                    "(at most %d may be; move the right option to another place)",
                    docname,
                    quiz.line,
                    count,
                    len(quiz.keys),
                    quiz.kind,
                    string.ascii_lowercase[position],
                    key_limit(len(quiz.keys)),
                )
            if quiz.kind == "quiz":
                pooled.extend(quiz.keys)
                first_quiz = first_quiz or (docname, quiz.line)
    crowded = crowded_position(pooled)
    if crowded and first_quiz:
        position, count = crowded
        _warn(
            "key position imbalance across the module quizzes: %d of their %d one-key questions are keyed '%s' "
            "(at most %d may be)",
            *first_quiz,
            count,
            len(pooled),
            string.ascii_lowercase[position],
            key_limit(len(pooled)),
        )
    lessons = {docname: bank.lesson_runs for docname, bank in banks.items() if bank.lesson_runs}
    if not lessons:
        return  # a partial build (a single page) has nothing to compare with
    for docname in sorted(banks):
        for line, item_runs in banks[docname].final_items:
            for lesson, lesson_runs in sorted(lessons.items()):
                if lesson == docname:
                    continue
                repeated = sorted(run for key, run in item_runs.items() if key in lesson_runs)
                if repeated:
                    _warn(
                        "final assessment item repeats %d consecutive words of %s ('%s…'): "
                        "write a fresh scenario rather than a lesson sentence",
                        docname,
                        line,
                        RECYCLED_WORDS,
                        env.doc2path(lesson, base=False),
                        repeated[0],
                    )
                    break


def purge_bank(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _banks(env).pop(docname, None)


def merge_bank(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _banks(other):
            _banks(env)[docname] = _banks(other)[docname]


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.quiz")
    # After the page is translated (a transform) and the quiz nodes are built: the text readers see.
    app.connect("doctree-read", record_bank, priority=700)
    app.connect("env-purge-doc", purge_bank)
    app.connect("env-merge-info", merge_bank)
    app.connect("env-check-consistency", check_bank)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
