"""The quiz script (``course-quiz.js``) on the small course's pages, in the Debian Chromium.

The pages are the quiz extension's own output (``tests/fast/small_course.py``, built once for the module), served
on 127.0.0.1 with the real progress store beside the script: what is tested is the markup contract between
``quiz.py`` and the script, the scoring, the shuffled letters, the final assessment's hidden key, the last attempt
shown after a reload and the catalog's words kept as text. The same script on the real course, with the real
course's questions, is tested in ``tests/test_quiz_browser.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from coursekit.core.assessment import attempts_before_answers
from coursekit.sphinxext.quiz import needed_points
from coursekit.testing.browser import serve
from coursekit.testing.sphinx_project import build
from tests.fast.small_course import MULTIPLE, SINGLE, TRUE_FALSE, course_project, final_page

PASS_MARK = 60
FINAL_QUESTIONS = (TRUE_FALSE, SINGLE, MULTIPLE)
MODULE_QUIZ = "module#1"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    source = course_project(tmp_path_factory.mktemp("quiz") / "src", final_page(*FINAL_QUESTIONS, pass_mark=PASS_MARK))
    with serve(build(source)) as base:
        yield base


class Learner:
    """One browser profile (its storage survives reloads) on the small course's pages."""

    def __init__(self, chromium, site: str, context=None) -> None:
        self.context = context or chromium.new_context()
        self.page = self.context.new_page()
        self.site = site
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, name: str) -> None:
        self.page.goto(f"{self.site}{name}.html")
        self.page.wait_for_selector(".quiz-submit:not([hidden]), .quiz-retry:not([hidden])")

    def questions(self):
        return self.page.locator(".quiz-question[data-quiz-type]")

    def key(self, index: int) -> list[int]:
        return [int(option) for option in self.questions().nth(index).get_attribute("data-quiz-key").split()]

    def choose(self, index: int, options: list[int]) -> None:
        """Answer question ``index`` with ``options`` (for ordering, the order), by keyboard."""
        question = self.questions().nth(index)
        if question.get_attribute("data-quiz-type") == "ordering":
            for position, option in enumerate(options):
                rows = question.locator(".quiz-ordering-item")
                current = [rows.nth(row).get_attribute("data-option") for row in range(rows.count())].index(str(option))
                button = question.locator(f'.quiz-ordering-item[data-option="{option}"] button[data-move="-1"]')
                for _ in range(current - position):
                    button.focus()
                    self.page.keyboard.press("Enter")
            return
        for option in options:
            question.locator(f'input[value="{option}"]').focus()
            self.page.keyboard.press("Space")

    def answer_right(self, *indexes: int) -> None:
        for index in indexes:
            self.choose(index, self.key(index))

    def submit(self) -> str:
        self.page.locator(".quiz-submit").click()
        return self.page.locator(".quiz-result").inner_text()

    def retry(self) -> None:
        self.page.locator(".quiz-retry").click()

    def letter_shown(self, index: int, option: int) -> str:
        """The letter an option of question ``index`` shows in this attempt."""
        label = self.questions().nth(index).locator(f'input[value="{option}"] + label .quiz-letter')
        return label.inner_text().strip().rstrip(")")

    def verdicts(self) -> list[str]:
        return self.page.locator(".quiz-verdict").all_inner_texts()

    def stored(self) -> dict:
        return self.page.evaluate("() => CourseProgress.get()")

    def close(self) -> None:
        assert self.errors == []
        self.context.close()


@pytest.fixture
def learner(chromium, site) -> Iterator[Learner]:
    learner = Learner(chromium, site)
    yield learner
    learner.close()


def test_a_module_quiz_answered_by_keyboard_scores_its_key_and_goes_to_the_progress_store(learner):
    learner.open("module")
    learner.answer_right(0, 1)
    result = learner.submit()
    assert "2 sur 2" in result, result
    assert learner.verdicts() == ["Bonne réponse.", "Bonne réponse."]
    assert learner.stored()["quizzes"] == {MODULE_QUIZ: {"score": 2, "max": 2}}


def test_a_wrong_answer_names_the_expected_letter_as_shown_and_explains_the_option_chosen(learner):
    learner.open("module")
    for attempt in range(4):  # the options move at each attempt: the letters named follow them
        key_letter = learner.letter_shown(0, learner.key(0)[0])
        learner.choose(0, [0])  # « Le COO », with its own feedback
        learner.submit()
        verdict = learner.verdicts()[0]
        assert verdict.endswith(f"Réponse attendue\u00a0: {key_letter}"), (attempt, verdict)
        note = " ".join(learner.page.locator(".quiz-option-note").first.inner_text().split())
        assert note == f"{learner.letter_shown(0, 0)}) Non : le COO les exécute.", note
        answer = learner.questions().nth(0).locator("details.answer-toggle")
        assert answer.is_visible() and f"Bonne réponse\u00a0: {key_letter}" in answer.text_content()
        learner.retry()
    # The best score stays; the last attempt is the latest.
    assert learner.stored()["quizzes"] == {MODULE_QUIZ: {"score": 0, "max": 2}}
    assert learner.page.evaluate(f"() => CourseProgress.lastAttempt('{MODULE_QUIZ}').attempts") == 4


def test_a_reload_shows_the_last_attempt_without_counting_another(learner):
    learner.open("module")
    learner.answer_right(1)
    learner.submit()
    checked_before = learner.page.locator("input:checked").count()
    learner.open("module")
    assert learner.page.locator(".quiz-retry").is_visible() and not learner.page.locator(".quiz-submit").is_visible()
    assert learner.verdicts()[1] == "Bonne réponse." and learner.verdicts()[0].startswith("Pas de réponse.")
    order = learner.questions().nth(1).locator(".quiz-ordering-item")
    assert [order.nth(row).get_attribute("data-option") for row in range(3)] == [str(o) for o in learner.key(1)]
    assert learner.page.locator("input:checked").count() == checked_before == 0
    assert learner.page.evaluate(f"() => CourseProgress.lastAttempt('{MODULE_QUIZ}').attempts") == 1


def test_a_last_attempt_that_does_not_fit_the_questions_is_not_shown(learner):
    learner.open("module")
    stale = {"module#1": "b,cab,a"}  # three answers, from an earlier edition of the quiz with three questions
    learner.page.evaluate(
        """(last) => {
          const key = "course-progress:fr";
          const state = JSON.parse(localStorage.getItem(key));
          state.last = last; state.attempts = {"module#1": 1};
          localStorage.setItem(key, JSON.stringify(state));
        }""",
        stale,
    )
    learner.open("module")
    assert learner.page.locator(".quiz-submit").is_visible()
    assert learner.verdicts() == [] and learner.page.locator("input:checked").count() == 0


def test_the_final_assessment_hides_its_key_until_the_set_attempts_then_keeps_the_best_result(learner):
    attempts = attempts_before_answers()
    needed = needed_points(len(FINAL_QUESTIONS), PASS_MARK)
    assert 1 < needed < len(FINAL_QUESTIONS), "the small assessment must allow a fail with a right answer"
    learner.open("final")
    for attempt in range(1, attempts + 1):
        learner.answer_right(*range(needed - 1))  # one right answer short of passing
        result = learner.submit()
        score = f"Score\u00a0: {needed - 1} sur {len(FINAL_QUESTIONS)} — {needed} nécessaires pour réussir"
        assert score in result, result
        revealed = attempt >= attempts
        assert any("Réponse attendue" in verdict for verdict in learner.verdicts()) == revealed, (attempt, result)
        assert learner.page.locator("details.answer-toggle").first.is_visible() == revealed
        assert learner.page.locator(".quiz-answers-hidden").count() == (0 if revealed else 1), attempt
        assert learner.stored()["assessment"]["passed"] is False
        learner.retry()
    learner.answer_right(*range(len(FINAL_QUESTIONS)))
    assert "réussi" in learner.submit().lower()
    best = learner.stored()["assessment"]
    assert (best["score"], best["passed"], best["revisit"]) == (len(FINAL_QUESTIONS), True, [])
    # A worse attempt after a pass: shown as it is, recorded as the last attempt, never as the result.
    learner.retry()
    learner.submit()
    assert learner.stored()["assessment"] == best
    assert learner.page.evaluate("() => CourseProgress.lastAttempt('assessment').attempts") == attempts + 2


def test_an_assessment_passed_at_once_shows_its_key(learner):
    learner.open("final")
    learner.answer_right(*range(needed_points(len(FINAL_QUESTIONS), PASS_MARK)))
    learner.submit()
    assert learner.page.locator(".quiz-answers-hidden").count() == 0
    assert any("Réponse attendue" in verdict for verdict in learner.verdicts())


def test_the_catalogs_words_are_shown_as_text_never_as_markup(chromium, site):
    """A translation of the quiz's words (ui.po) that holds markup or a field it has no value for stays text."""
    hostile = "<img src=x onerror=\"document.title='owned'\">{answer}{unknown}"
    context = chromium.new_context()

    def with_hostile_words(route) -> None:
        page = route.fetch().text()
        words_pattern = r'(<script id="course-script-text" type="application/json">)(.*?)(</script>)'
        words = json.loads(re.search(words_pattern, page, re.S)[2])
        words["incorrect"] = words["expected"] = hostile
        text = json.dumps(words).replace("<", "\\u003c")
        page = re.sub(words_pattern, lambda match: match[1] + text + match[3], page, flags=re.S)
        route.fulfill(body=page, content_type="text/html")

    context.route("**/module.html", with_hostile_words)
    learner = Learner(chromium, site, context)
    learner.open("module")
    learner.choose(0, [0])
    learner.submit()
    verdict = learner.verdicts()[0]
    assert verdict.startswith("<img src=x") and "{unknown}" in verdict, verdict
    assert learner.page.locator(".quiz-verdict img").count() == 0 and learner.page.title() != "owned"
    learner.close()
