"""Quizzes and the progress facts, in a small Sphinx project (sphinx.testing): keys from flags,
never from text, in every language; bad input stops the build with file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from coursekit.core.assessment import AssessmentSettingError, attempts_before_answers
from coursekit.sphinxext.quiz import QuizError, correct_key, needed_points, read_flags
from coursekit.testing.sphinx_project import build, build_app
from tests.fast.small_course import CONF, course_project, write

HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.fixture
def project(tmp_path) -> Path:
    return course_project(tmp_path / "src")


def quiz_divs(html: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
        for tag in re.findall(r"<div [^>]*data-quiz-type[^>]*>", html)
    ]


def test_keys_come_from_the_flags_and_survive_a_translation_that_reorders_nothing(project):
    out = build(project)
    page = (out / "module.html").read_text(encoding="utf-8")
    assert quiz_divs(page) == [
        {"data-assesses": "M1.1", "data-quiz-key": "1", "data-quiz-type": "single"},
        {"data-assesses": "M1.2", "data-quiz-key": "2 0 1", "data-quiz-type": "ordering"},
    ]
    assert 'data-quiz-id="module#1"' in page
    # Flags are not text: neither the page nor the messages show them.
    assert "[x]" not in page and "[2]" not in page
    # The static answer: the right letters, the right order, the option's feedback.
    assert "Bonne réponse\u00a0:</strong> b" in page and "Bon ordre\u00a0:</strong> c, a, b" in page
    assert "Non : le COO les exécute." in page and "course-quiz.js" in page

    # English: a translator who writes a flag into an option's text moves no key.
    write(project, "conf.py", CONF.format(language="en"))
    entries = [polib.POEntry(msgid="Le COO", msgstr="[x] The COO"), polib.POEntry(msgid="Le CEO", msgstr="The CEO")]
    (project / "locales" / "en" / "LC_MESSAGES" / "module.po").write_text(
        HEADER + "\n".join(map(str, entries)), encoding="utf-8"
    )
    english = (build(project) / "module.html").read_text(encoding="utf-8")
    assert quiz_divs(english)[0]["data-quiz-key"] == "1"
    assert "The CEO" in english


def test_course_structure_and_page_facts(project):
    out = build(project)
    structure = json.loads((out / "_static" / "course-structure.json").read_text(encoding="utf-8"))
    assert structure["assessment"] == {"page": "final", "passMark": 70, "max": 1}
    assert structure["progressPage"] == "progress" and structure["lang"] == "fr"
    page = (out / "final.html").read_text(encoding="utf-8")
    assert '<meta name="course-page" content="final">' in page
    assert 'data-pass-mark="70"' in page
    # The right answers needed (one question at 70 %: 1) and course.toml's attempts before the key, as data.
    assert 'data-needed="1"' in page
    assert f'data-answers-after="{attempts_before_answers()}"' in page
    words = json.loads(
        re.search(r'<script id="course-script-text" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    assert words["submit"] == "Valider mes réponses"
    progress = (out / "progress.html").read_text(encoding="utf-8")
    assert 'id="progress-assessment-final"' in progress and "progress-reset-button" in progress
    assert 'class="progress-assessment-cell" data-needed="1" data-max="1"' in progress
    # Clearing asks first: the question and its two buttons, in the page's language.
    assert 'role="group" aria-labelledby="progress-reset-question" hidden' in progress
    assert "progress-reset-yes" in progress and "progress-reset-no" in progress
    assert "course-quiz.js" not in progress  # only pages with a quiz load it


def test_the_ebook_gets_no_keys_and_no_script(project):
    out = build(project, "epub")
    page = (out / "module.xhtml").read_text(encoding="utf-8")
    assert "data-quiz-key" not in page and "course-script-text" not in page and "<script" not in page
    assert "Bonne réponse" in page


def test_a_question_without_answer_is_a_warning_with_file_and_line(project):
    write(
        project,
        "module.md",
        "# M\n\n::::{quiz-question}\n:type: single\n:assesses: M1.1\n\nQ ?\n\n- [ ] A\n- [x] B\n::::\n",
    )
    warnings = build_app(project).warning.getvalue()
    assert re.search(
        r"module\.md:3: WARNING: a \{quiz-question\} needs one \{answer\} block.*\[course\.quiz\]", warnings
    ), warnings


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("single", ["- [x] A", "- [x] B"], "exactly one correct option"),
        ("true-false", ["- [x] A", "- [ ] B", "- [ ] C"], "exactly two options"),
        ("multiple", ["- [ ] A", "- [ ] B"], "one '- [x] …'"),
        ("ordering", ["- [1] A", "- [3] B"], "each place once"),
        ("ordering", ["- [1] A", "- [x] B"], "each place once"),
        ("single", ["- [1] A", "- [x] B"], "only an ordering question numbers"),
    ],
)
def test_bad_flags_are_refused(kind, options, message):
    with pytest.raises(QuizError, match=re.escape(message)):
        read_flags(["Q ?", "", *options], kind)


def test_pure_logic():
    flags, lines = read_flags(["Q ?", "", "- [2] b", "- [1] a", "- [3] c"], "ordering")
    assert flags == ["2", "1", "3"] and lines[2] == "- b"
    assert correct_key("ordering", flags) == [1, 0, 2]
    assert correct_key("multiple", [" ", "x", "X"]) == [1, 2]
    assert needed_points(23, 70) == 17 and needed_points(10, 70) == 7


@pytest.mark.parametrize(
    ("section", "expected"),
    [("", 3), ("[assessment]\nattempts_before_answers = 5\n", 5), ("[assessment]\nattempts_before_answers = 1\n", 1)],
)
def test_attempts_before_answers_is_read_from_course_toml(tmp_path, section, expected):
    course_file = tmp_path / "course.toml"
    course_file.write_text('[course]\ntitle = "T"\n' + section, encoding="utf-8")
    assert attempts_before_answers(course_file) == expected


@pytest.mark.parametrize("value", ["0", "-2", '"3"', "2.5", "true"])
def test_attempts_before_answers_must_be_a_whole_number_from_1(tmp_path, value):
    course_file = tmp_path / "course.toml"
    course_file.write_text(f"[assessment]\nattempts_before_answers = {value}\n", encoding="utf-8")
    with pytest.raises(AssessmentSettingError, match=r"course\.toml: \[assessment\] attempts_before_answers"):
        attempts_before_answers(course_file)
