"""Closed questions written in a scoreable form, and the assessment that holds them.

::

    :::::{assessment}
    :pass-mark: 70

    ::::{quiz-question}
    :type: multiple
    :assesses: M1.1

    Lesquels de ces intitulés désignent le poste de COO ?

    - [x] directeur des opérations
    - [ ] directeur financier

    :::{answer}
    Why, in a sentence or two.
    :::
    ::::
    :::::

``:type:`` is ``single``, ``multiple`` or ``true-false``. The ``[x]``/``[ ]``
flag opens each option's line in the French source and is taken off before the
option is parsed: the option's text is a message translators see, the flag is
not, so no translation can move a correct answer. Options keep their order in
every language.

For now the question renders statically, on the website and in the e-book
alike: the options, lettered, then the answer (the correct letters, then the
explanation) hidden like every ``{answer}``. The data a browser needs to score
it (type, correct options, assessed objectives, pass mark) stays on the nodes
(``quiz_question``) for the in-browser quizzes to come.
"""

from __future__ import annotations

import math
import re
import string

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from coursekit.sphinxext.answers import hidden_answer
from coursekit.core.ui_text import ui_format, ui_text

QUESTION_TYPES = ("single", "multiple", "true-false")
OPTION = re.compile(r"^- \[(?P<flag>[ xX])\] ")


class QuizQuestionDirective(SphinxDirective):
    has_content = True
    option_spec = {"type": lambda value: directives.choice(value, QUESTION_TYPES), "assesses": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        where = f"{self.get_source_info()[0]}:{self.lineno}"
        if "type" not in self.options or "assesses" not in self.options:
            raise SphinxError(f"{where}: a {{quiz-question}} needs :type: ({', '.join(QUESTION_TYPES)}) and :assesses:")
        flags, lines = [], []
        for line in self.content:
            match = OPTION.match(line)
            if match:
                flags.append(match["flag"] != " ")
                line = "- " + line[match.end() :]
            lines.append(line)
        question_type = self.options["type"]
        if len(flags) < 2 or not any(flags):
            raise SphinxError(f"{where}: a {{quiz-question}} needs at least two options '- [ ] …' and one '- [x] …'")
        if question_type != "multiple" and sum(flags) != 1:
            raise SphinxError(f"{where}: a {question_type} question has exactly one correct option")
        if question_type == "true-false" and len(flags) != 2:
            raise SphinxError(f"{where}: a true-false question has exactly two options")

        question = nodes.container(classes=["quiz-question", f"quiz-{question_type}"])
        question["assesses"] = self.options["assesses"].split()
        question["quiz_type"], question["correct"] = question_type, [index for index, flag in enumerate(flags) if flag]
        self.set_source_info(question)
        # The objectives a question assesses are shown from :assesses:, never typed again in its text.
        language = self.config.language
        assessed = nodes.paragraph(classes=["quiz-assesses"], translatable=False)
        label = ui_text("Objectif évalué :", language) if len(question["assesses"]) == 1 else ui_text(
            "Objectifs évalués :", language
        )
        assessed += nodes.emphasis(text=f"{label} {', '.join(question['assesses'])}")
        question += assessed
        content = StringList(lines, items=list(self.content.items))
        question += self._parse(content)
        options = next((child for child in question.children if isinstance(child, nodes.bullet_list)), None)
        answers = [node for node in question.findall(hidden_answer)]
        if options is None or len(options.children) != len(flags):
            raise SphinxError(f"{where}: the options must form one list, each line opening with '- [ ]' or '- [x]'")
        if len(answers) != 1:
            raise SphinxError(f"{where}: a {{quiz-question}} needs one {{answer}} block, after its options")
        lettered = nodes.enumerated_list(enumtype="loweralpha", prefix="", suffix=")", classes=["quiz-options"])
        lettered += options.children
        options.replace_self(lettered)

        letters = ", ".join(string.ascii_lowercase[index] for index in question["correct"])
        key = nodes.paragraph(classes=["quiz-key"], translatable=False)
        label = ui_text("Bonne réponse :", language) if len(question["correct"]) == 1 else ui_text("Bonnes réponses :", language)
        key += nodes.strong(text=label)
        key += nodes.Text(f" {letters}")
        answers[0].insert(0, key)
        return [question]

    def _parse(self, content: StringList) -> list[nodes.Node]:
        node = nodes.Element()
        self.state.nested_parse(content, self.content_offset, node)
        return node.children


class AssessmentDirective(SphinxDirective):
    """``{assessment}``: a set of quiz questions and the share of right answers that passes."""

    has_content = True
    option_spec = {"pass-mark": directives.percentage}

    def run(self) -> list[nodes.Node]:
        if "pass-mark" not in self.options:
            raise SphinxError(f"{self.get_source_info()[0]}:{self.lineno}: an {{assessment}} needs :pass-mark: (a percentage)")
        assessment = nodes.container(classes=["assessment"])
        assessment["pass_mark"] = self.options["pass-mark"]
        self.set_source_info(assessment)
        body = self.parse_content_to_nodes()
        count = sum(1 for child in body for node in child.findall(nodes.container) if "quiz-question" in node["classes"])
        needed = math.ceil(count * self.options["pass-mark"] / 100)
        rule = nodes.paragraph(classes=["pass-mark"], translatable=False)
        rule += nodes.strong(text=ui_text("Seuil de réussite :", self.config.language) + " ")
        rule += nodes.Text(ui_format("{needed} bonnes réponses sur {count} ({percent} %)", self.config.language,
                                     needed=needed, count=count, percent=self.options["pass-mark"]))  # fmt: skip
        assessment += rule
        assessment += body
        return [assessment]


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.answers")
    app.add_directive("quiz-question", QuizQuestionDirective)
    app.add_directive("assessment", AssessmentDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
