"""Quizzes, the final assessment and the progress kept on the device, used in a real Chromium.

Every test answers through the page as a learner does (mouse, or keyboard only), in each
language, and reads back the words the page shows: they must be the catalog's words of that
language (``ui.po``, through ``coursekit.sphinxext.progress.script_words``), never another language's.
axe-core checks the page in the states the scripts create (after a submit, at both widths);
no request may leave the site. Screenshots of a module quiz after a wrong answer are kept under
``<artifacts>/screenshots/quiz/<lang>.png``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from coursekit.core.assessment import attempts_before_answers
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.progress import script_words
from coursekit.sphinxext.quiz import needed_points
from coursekit.testing.browser import HEIGHT, WIDTHS, axe_violations
from coursekit.testing.validators import artifacts_dir

LANGUAGES = all_languages()
MODULE = "course/01-role-du-coo"
ORDERING_MODULE = "course/04-prioriser-deleguer-temps"
SYNTHESIS = "course/synthese"
PROGRESS = "course/progression"


def fill(message: str, **values) -> str:
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    return message


class Visit:
    """A browser profile (its own localStorage) that records every request leaving the site."""

    def __init__(self, browser, site: str, width: int = WIDTHS["desktop"]) -> None:
        self.site = site
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": HEIGHT})
        self.context.add_init_script(AXE_SCRIPT)
        self.context.route(re.compile(rf"^(?!{re.escape(site)})"), self._refuse)
        self.page: Page = self.context.new_page()

    def _refuse(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def open(self, language: str, docname: str) -> Page:
        self.page.goto(f"{self.site}{language}/{docname}.html", wait_until="load")
        return self.page

    def axe_violations(self) -> list:
        return axe_violations(self.page)

    def stored(self, language: str):
        text = self.page.evaluate(f"() => localStorage.getItem('course-progress:{language}')")
        return json.loads(text) if text else None

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site) -> Iterator[Visit]:
    opened = Visit(browser, site)
    yield opened
    assert opened.outside == [], f"requests left the site: {opened.outside}"
    opened.close()


# The options checked, each by its question's input name and its option's index: the order shown changes at
# each attempt and each load (the options are shuffled), what was chosen does not.
CHECKED_OPTIONS = "inputs => inputs.filter(input => input.checked).map(input => `${input.name}=${input.value}`).sort()"


def questions(page: Page, selector: str = ".quiz"):
    return page.locator(f"{selector} .quiz-question[data-quiz-type]")


def answer(question, right: bool, keyboard_page: Page | None = None) -> None:
    """Answers one choice question right or wrong, from its key, by mouse or (keyboard_page) keyboard."""
    kind = question.get_attribute("data-quiz-type")
    key = [int(index) for index in question.get_attribute("data-quiz-key").split()]
    inputs = question.locator("input")
    count = inputs.count()
    assert kind != "ordering"
    # Wrong: one option outside the key (for a multiple choice, a wrong option alone is a wrong answer).
    wanted = set(key) if right else {next(index for index in range(count) if index not in key)}
    # The options are shown shuffled: each input's value is its option's index, its place is where it shows.
    shown = [int(value) for value in inputs.evaluate_all("inputs => inputs.map(input => input.value)")]
    if keyboard_page is None:
        for index in sorted(wanted):
            question.locator(f'input[value="{index}"]').check()
        return
    # Keyboard only: focus the group's first input, then arrows (radios) or Tab and Space (checkboxes).
    inputs.nth(0).focus()
    if kind == "multiple":
        for place in range(count):
            if place:
                keyboard_page.keyboard.press("Tab")
            if shown[place] in wanted:
                keyboard_page.keyboard.press("Space")
    else:
        keyboard_page.keyboard.press("Space")
        for _ in range(shown.index(sorted(wanted)[0])):
            keyboard_page.keyboard.press("ArrowDown")
    for place in range(count):
        assert inputs.nth(place).is_checked() == (shown[place] in wanted), (place, shown, wanted)


def order(question, right: bool, keyboard_page: Page | None = None) -> None:
    """Puts an ordering question's items in the right order (or leaves them as shown, which is wrong)."""
    key = [int(index) for index in question.get_attribute("data-quiz-key").split()]
    shown = [int(item.get_attribute("data-option")) for item in question.locator(".quiz-ordering-item").all()]
    assert shown != key, "an ordering question is not shown in its right order"
    if not right:
        return
    for place, option in enumerate(key):
        while True:
            current = [int(item.get_attribute("data-option")) for item in question.locator(".quiz-ordering-item").all()]
            if current.index(option) == place:
                break
            up = question.locator(f'.quiz-ordering-item[data-option="{option}"] button[data-move="-1"]')
            if keyboard_page is None:
                up.click()
            else:
                up.focus()
                keyboard_page.keyboard.press("Enter")
                assert keyboard_page.evaluate("() => document.activeElement.getAttribute('data-move')") == "-1"
    assert [int(item.get_attribute("data-option")) for item in question.locator(".quiz-ordering-item").all()] == key


def submit(page: Page, container, keyboard: bool = False) -> None:
    button = container.locator(".quiz-submit")
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    result = container.locator(".quiz-result")
    # Focus moves to the result, a live region the screen reader announces.
    expect(result).to_be_focused()
    expect(result).to_have_attribute("role", "status")


@pytest.mark.parametrize("language", LANGUAGES)
def test_module_quiz_right_then_wrong_in_the_page_language(visit, language):
    words = script_words(language)
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    asked = questions(page)
    count = asked.count()
    assert count >= 2
    # Each question is native inputs in a fieldset with a legend; the static options are hidden.
    expect(quiz.locator("fieldset legend")).to_have_count(count)
    expect(quiz.locator("ol.quiz-options").first).to_be_hidden()
    expect(quiz.locator("details.answer-toggle").first).to_be_hidden()

    for index in range(count):
        answer(asked.nth(index), right=True)
    submit(page, quiz)
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=count, max=count))
    for index in range(count):
        expect(asked.nth(index).locator(".quiz-verdict")).to_have_text(words["correct"])
    quiz_id = quiz.get_attribute("data-quiz-id")
    assert visit.stored(language)["quizzes"][quiz_id] == {"score": count, "max": count}

    quiz.locator(".quiz-retry").click()
    expect(asked.nth(0).locator("input").first).to_be_focused()
    expect(quiz.locator(".quiz-score")).to_have_count(0)
    answer(asked.nth(0), right=False)
    for index in range(1, count):
        answer(asked.nth(index), right=True)
    submit(page, quiz)
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=count - 1, max=count))
    wrong = asked.nth(0)
    expect_wrong_with_its_key(wrong, words)
    expect(wrong).to_have_class(re.compile(r"\bquiz-wrong\b"))
    # The per-option feedback of the wrong option picked, and the explanation, now shown.
    expect(wrong.locator(".quiz-option-note")).to_have_count(1)
    expect(wrong.locator("details.answer-toggle")).to_be_visible()
    # The worse retry is the last attempt, not the result: the best score stays recorded.
    stored = visit.stored(language)
    assert stored["quizzes"][quiz_id] == {"score": count, "max": count}
    assert stored["attempts"][quiz_id] == 2
    last = stored["last"][quiz_id].split(",")
    # The store keeps the options' own letters (their written order), whatever order they were shown in.
    written_key = "".join("abcdefghij"[int(index)] for index in wrong.get_attribute("data-quiz-key").split())
    assert len(last) == count and last[0] != written_key, "the last answers are the worse retry's"
    target = artifacts_dir("screenshots", "quiz") / f"{language}.png"
    wrong.scroll_into_view_if_needed()
    quiz.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    assert visit.axe_violations() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_ordering_question_with_the_keyboard_only(visit, language):
    words = script_words(language)
    page = visit.open(language, ORDERING_MODULE)
    quiz = page.locator(".quiz").first
    for question in questions(page).all():
        if question.get_attribute("data-quiz-type") == "ordering":
            order(question, right=True, keyboard_page=page)
        else:
            answer(question, right=True, keyboard_page=page)
    # Moves are announced: the last item moved, its place and the count, in the page's language.
    status = quiz.locator(".quiz-ordering + [role=status]")
    expect(status).to_contain_text(re.compile(r"\b\d+\b.*\b\d+\b"))
    submit(page, quiz, keyboard=True)
    total = questions(page).count()
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=total, max=total))
    assert visit.axe_violations() == []


def answer_assessment(page: Page, right_count: int, keyboard: bool = False) -> tuple[int, list[str]]:
    """Answers the first ``right_count`` questions right and the others wrong; returns the total and the
    objectives of the wrong ones, in page order."""
    asked = questions(page, ".assessment")
    total = asked.count()
    revisit: list[str] = []
    for index in range(total):
        question = asked.nth(index)
        right = index < right_count
        answer(question, right=right, keyboard_page=page if keyboard else None)
        if not right:
            revisit += [
                objective for objective in question.get_attribute("data-assesses").split() if objective not in revisit
            ]
    return total, revisit


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_final_assessment_above_and_below_the_pass_mark(visit, language, keyboard):
    words = script_words(language)
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    pass_mark = int(assessment.get_attribute("data-pass-mark"))
    total = questions(page, ".assessment").count()
    needed = -(-total * pass_mark // 100)
    assert int(assessment.get_attribute("data-needed")) == needed == needed_points(total, pass_mark)

    for right_count, passed in ((total - 1, True), (needed - 1, False)):
        if assessment.locator(".quiz-retry").is_visible():
            assessment.locator(".quiz-retry").click()
        _total, revisit = answer_assessment(page, right_count, keyboard=keyboard)
        submit(page, assessment, keyboard=keyboard)
        expect(assessment.locator(".quiz-score")).to_have_text(
            fill(words["assessmentScore"], score=right_count, max=total, needed=needed)
        )
        expect(assessment.locator(".quiz-passed" if passed else ".quiz-failed")).to_have_text(
            words["passed" if passed else "failed"]
        )
        expect(assessment.locator(".quiz-revisit > p")).to_have_text(words["revisit"])
        # By name, in course order (the build's list of every objective), each linked to where it is taught.
        course_order = [
            re.sub(r"^revisit-", "", name).upper().replace("-", ".")
            for name in assessment.locator(".assessment-objectives li").evaluate_all(
                "items => items.map(i => i.className)"
            )
        ]
        shown = assessment.locator(".quiz-revisit li a")
        expect(shown).to_have_count(len(revisit))
        expected = sorted(revisit, key=course_order.index)
        for index, objective in enumerate(expected):
            link = shown.nth(index)
            assert link.inner_text().startswith(f"{objective} — ") and len(link.inner_text()) > len(objective) + 10
            assert link.get_attribute("href").endswith("#objective-" + objective.lower().replace(".", "-"))
        if passed:
            best = {"score": right_count, "max": total, "passMark": pass_mark, "passed": True, "revisit": revisit}
        # The failed retry after a pass replaces nothing: the pass stays recorded.
        assert visit.stored(language)["assessment"] == best
    assert visit.axe_violations() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_survives_a_reload_and_a_reset_forgets_it(visit, language):
    words = script_words(language)
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    asked = questions(page)
    for index in range(asked.count()):
        answer(asked.nth(index), right=True)
    submit(page, quiz)
    count = asked.count()

    page = visit.open(language, PROGRESS)
    page.reload()
    row_id = MODULE.replace("/", "-")
    expect(page.locator(f"#progress-visited-{row_id}")).to_have_text(words["visited"])
    expect(page.locator(f"#progress-quiz-{row_id}")).to_have_text(fill(words["quizScore"], score=count, max=count))
    other = "course-02-missions"
    expect(page.locator(f"#progress-visited-{other}")).to_have_text(words["notVisited"])
    expect(page.locator("#progress-exercise-exercises-01-faut-il-un-coo")).to_have_text(words["notVisited"])
    # The overall figure counts the steps the build listed (module 1 opened, its quiz done: 2), and Resume
    # leads to the first step not done, the module's exercise (the path: module, quiz, exercise, next module).
    steps = json.loads(page.locator(".progress-summary").get_attribute("data-steps"))
    assert [step["kind"] for step in steps[:3]] == ["visit", "quiz", "visit"] and steps[-1]["kind"] == "assessment"
    expected = fill(words["overall"], done=2, total=len(steps), percent=200 // len(steps))
    expect(page.locator(".progress-overall")).to_have_text(expected)
    resume = page.locator(".progress-resume a")
    expect(resume).to_have_text(steps[2]["title"])
    assert resume.get_attribute("href") == "../exercises/01-faut-il-un-coo.html"
    resume.click()
    page.wait_for_url("**/exercises/01-faut-il-un-coo.html")
    page.go_back()
    expect(page.locator("#progress-exercise-exercises-01-faut-il-un-coo")).to_have_text(words["visited"])
    expect(page.locator(".progress-resume a")).to_have_text(steps[3]["title"])  # module 2, next on the path
    expect(page.locator(f"#progress-assessment-{SYNTHESIS.replace('/', '-')}")).to_have_text(words["assessmentNotDone"])
    # The navigation marks the visited module, with its score in words for screen readers.
    mark = page.locator(f'.sidebar-tree a[href$="{MODULE.split("/")[1]}.html"] .progress-mark')
    expect(mark).to_contain_text(fill(words["quizScore"], score=count, max=count))
    assert visit.axe_violations() == []

    # Keyboard only: the reset button asks first, Cancel focused; Escape cancels, then Yes clears.
    reset = page.locator(".progress-reset-button")
    reset.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".progress-reset-confirm")).to_be_visible()
    expect(page.locator(".progress-reset-no")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".progress-reset-confirm")).to_be_hidden()
    expect(reset).to_be_focused()
    expect(page.locator(".progress-reset-status")).to_have_text(words["resetKept"])
    assert visit.stored(language)["quizzes"] != {}
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".progress-reset-yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".progress-reset-status")).to_have_text(words["resetDone"])
    expect(page.locator(f"#progress-visited-{row_id}")).to_have_text(words["notVisited"])
    expect(page.locator(".sidebar-tree .progress-mark")).to_have_count(0)
    page.reload()
    expect(page.locator(f"#progress-quiz-{row_id}")).to_have_text(words["quizNotDone"])
    assert visit.stored(language)["quizzes"] == {}


def test_progress_is_kept_per_language(visit):
    visit.open(LANGUAGES[0], MODULE)
    other = LANGUAGES[1]
    visit.open(other, PROGRESS)
    assert MODULE not in visit.stored(other)["visited"]
    assert MODULE in visit.stored(LANGUAGES[0])["visited"]


def test_store_contract(visit):
    """The interface the SCORM runtime uses: serialize/restore round trip, refusals, the event, the size limit."""
    language = LANGUAGES[0]
    page = visit.open(language, MODULE)
    result = page.evaluate(
        """() => {
        const store = window.CourseProgress, events = [];
        document.addEventListener("course-progress", (event) => events.push(event.detail));
        store.recordQuiz("course/x#1", {score: 2, max: 3});
        store.recordAssessment({score: 15, max: 23, passMark: 70, passed: false, revisit: ["M2.1"]});
        store.recordQuiz("course/x#1", {score: 1, max: 3, answers: "a,b,c"});
        store.recordAssessment({score: 12, max: 23, passMark: 70, passed: false, revisit: ["M3.1"], answers: "b"});
        const bestKept = store.get();
        store.recordAssessment({score: 18, max: 23, passMark: 70, passed: true, revisit: ["M2.1"]});
        store.recordAssessment({score: 0, max: 23, passMark: 70, passed: false, revisit: ["M4.1"], answers: "a"});
        const passKept = store.get();
        store.recordAssessment({score: 15, max: 23, passMark: 70, passed: false, revisit: ["M2.1"]});
        const saved = store.serialize();
        store.reset();
        const afterReset = store.get();
        const restored = store.restore(saved);
        const refusedOtherLanguage = store.restore(saved.replace('"lang":"LANG"', '"lang":"xx"'));
        const refusedGarbage = store.restore("{not json");
        for (let n = 0; n < 400; n++) store.markVisited("course/a-rather-long-document-name-" + n);
        return {saved, bestKept, passKept, afterReset, restored, refusedOtherLanguage, refusedGarbage,
                events: events.length, state: store.get(), long: store.serialize().length};
    }""".replace("LANG", language)
    )
    assert json.loads(result["saved"])["quizzes"]["course/x#1"] == {"score": 2, "max": 3}
    # Best kept: a lower score, a failed attempt after a pass, are last attempts only.
    assert result["bestKept"]["quizzes"]["course/x#1"] == {"score": 2, "max": 3}
    assert result["bestKept"]["assessment"]["score"] == 15
    assert result["bestKept"]["last"] == {"course/x#1": "a,b,c", "assessment": "b"}
    assert result["passKept"]["assessment"]["passed"] is True and result["passKept"]["assessment"]["score"] == 18
    assert result["passKept"]["last"]["assessment"] == "a" and result["passKept"]["attempts"]["assessment"] == 2
    assert result["afterReset"] == {"v": 1, "lang": language, "visited": [], "quizzes": {}, "assessment": None}
    assert result["restored"] is True
    assert result["refusedOtherLanguage"] is False and result["refusedGarbage"] is False
    assert result["state"]["assessment"]["passed"] is True, "a pass survives serialize and restore"
    assert result["events"] >= 5
    assert result["long"] <= 4096


def test_without_javascript_questions_and_answers_show_as_before(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}{LANGUAGES[0]}/{MODULE}.html")
    quiz = page.locator(".quiz").first
    expect(quiz.locator("ol.quiz-options").first).to_be_visible()
    expect(quiz.locator("details.answer-toggle summary").first).to_be_visible()
    expect(quiz.locator("fieldset")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_after_submitting_at_both_widths(browser, site, width):
    for language in LANGUAGES:
        visit = Visit(browser, site, width)
        page = visit.open(language, SYNTHESIS)
        answer_assessment(page, 3)
        submit(page, page.locator(".assessment"))
        assert visit.axe_violations() == [], language
        page = visit.open(language, ORDERING_MODULE)
        submit(page, page.locator(".quiz").first)
        assert visit.axe_violations() == [], language
        assert visit.outside == []
        visit.close()


# -- Assessments that mean something (issue 27, item 3): in both languages, on a phone and a laptop ----------

LEARNER_VIEWPORTS = {"phone": (390, 844), "laptop": (1280, 800)}
SCREENS = REPO_ROOT / "_build" / "screens"
RESET_QUESTION = (
    "Effacer toute votre progression sur cet appareil\u00a0? Les pages consultées, les scores et les tentatives "
    "seront oubliés."
)
# The case, word for word: 16 right out of 23 at a 70 % pass mark once read "(70%) … not passed".
EXACT_SCORE_LINE = {
    "fr": "Score\u00a0: 16 sur 23 — 17 nécessaires pour réussir",
    "en": "Score: 16 out of 23 — 17 needed to pass",
}


def learner_visit(browser, site: str, viewport: str) -> Visit:
    width, height = LEARNER_VIEWPORTS[viewport]
    visit = Visit(browser, site, width)
    visit.page.set_viewport_size({"width": width, "height": height})
    return visit


def key_letters(question) -> str:
    """The key as the learner reads it: the letters its options show in this attempt (shuffled), or for an
    ordering question the letters of its items in the right order."""
    key = question.get_attribute("data-quiz-key").split()
    if question.get_attribute("data-quiz-type") == "ordering":
        return ", ".join("abcdefghij"[int(index)] for index in key)
    letters = [question.locator(f'input[value="{index}"] + label .quiz-letter').inner_text() for index in key]
    return ", ".join(sorted(letter.strip().rstrip(")") for letter in letters))


def expect_wrong_with_its_key(question, words: dict) -> None:
    """The verdict of a wrong answer, with the key in the letters this attempt shows."""
    expect(question.locator(".quiz-verdict")).to_have_text(
        f"{words['incorrect']} {fill(words['expected'], answer=key_letters(question))}"
    )


def expect_no_key_shown(assessment, words: dict) -> None:
    """Right or wrong per question, and nothing that gives the key: no expected answer, no option feedback,
    no explanation (the answer blocks stay hidden)."""
    asked = questions(assessment.page, ".assessment")
    prefix = words["expected"].split("{")[0].strip()
    for index in range(asked.count()):
        question = asked.nth(index)
        expect(question.locator(".quiz-verdict")).to_have_text(
            re.compile(rf"^({words['correct']}|{words['incorrect']})$")
        )
        expect(question.locator("details.answer-toggle")).to_be_hidden()
        expect(question.locator(".quiz-option-note")).to_have_count(0)
    expect(assessment.get_by_text(prefix)).to_have_count(0)


@pytest.mark.parametrize("viewport", LEARNER_VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_failed_then_passed_final_assessment(browser, site, language, viewport):
    words = script_words(language)
    visit = learner_visit(browser, site, viewport)
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    total = questions(page, ".assessment").count()
    pass_mark = int(assessment.get_attribute("data-pass-mark"))
    needed = needed_points(total, pass_mark)
    attempts = attempts_before_answers()
    assert int(assessment.get_attribute("data-needed")) == needed
    assert int(assessment.get_attribute("data-answers-after")) == attempts >= 2

    # One right answer short: the exact score line, the verdict it agrees with, and no key.
    answer_assessment(page, needed - 1)
    submit(page, assessment)
    score_line = fill(words["assessmentScore"], score=needed - 1, max=total, needed=needed)
    expect(assessment.locator(".quiz-score")).to_have_text(score_line)
    if (total, pass_mark) == (23, 70):
        expect(assessment.locator(".quiz-score")).to_have_text(EXACT_SCORE_LINE[language])
    assert "%" not in assessment.locator(".quiz-score").inner_text()
    expect(assessment.locator(".quiz-failed")).to_have_text(words["failed"])
    expect(assessment.locator(".quiz-passed")).to_have_count(0)
    expect(assessment.locator(".quiz-answers-hidden")).to_have_text(
        fill(words["answersHidden"], attempt=1, count=attempts)
    )
    expect_no_key_shown(assessment, words)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"final-failed-{language}-{viewport}.png"), full_page=False)
    assert visit.axe_violations() == []

    # Passed at the next attempt: verdict, score line, and now the key of every question missed.
    assessment.locator(".quiz-retry").click()
    answer_assessment(page, needed)
    submit(page, assessment)
    expect(assessment.locator(".quiz-score")).to_have_text(
        fill(words["assessmentScore"], score=needed, max=total, needed=needed)
    )
    expect(assessment.locator(".quiz-passed")).to_have_text(words["passed"])
    expect(assessment.locator(".quiz-answers-hidden")).to_have_count(0)
    asked = questions(page, ".assessment")
    missed = asked.nth(needed)
    expect_wrong_with_its_key(missed, words)
    expect(missed.locator("details.answer-toggle")).to_be_visible()
    expect(asked.nth(0).locator("details.answer-toggle")).to_be_visible()
    stored = visit.stored(language)
    assert stored["assessment"]["passed"] is True and stored["assessment"]["score"] == needed
    assert stored["attempts"]["assessment"] == 2
    missed.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENS / f"final-passed-{language}-{viewport}.png"), full_page=False)
    assert visit.axe_violations() == []
    assert visit.outside == []
    visit.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_final_assessment_shows_its_key_after_the_set_attempts(visit, language):
    words = script_words(language)
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    attempts = int(assessment.get_attribute("data-answers-after"))
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            assessment.locator(".quiz-retry").click()
        answer_assessment(page, 1)
        submit(page, assessment)
        expect(assessment.locator(".quiz-failed")).to_have_text(words["failed"])
        if attempt < attempts:
            expect(assessment.locator(".quiz-answers-hidden")).to_have_text(
                fill(words["answersHidden"], attempt=attempt, count=attempts)
            )
            expect_no_key_shown(assessment, words)
    # The set attempts used, not passed: the expected answers are shown.
    expect(assessment.locator(".quiz-answers-hidden")).to_have_count(0)
    missed = questions(page, ".assessment").nth(1)
    expect_wrong_with_its_key(missed, words)
    expect(missed.locator("details.answer-toggle")).to_be_visible()


@pytest.mark.parametrize("viewport", LEARNER_VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_best_result_kept_after_a_worse_retry_and_shown_on_my_progress(browser, site, language, viewport):
    words = script_words(language)
    visit = learner_visit(browser, site, viewport)
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    total = questions(page, ".assessment").count()
    needed = int(assessment.get_attribute("data-needed"))
    answer_assessment(page, total)
    submit(page, assessment)
    expect(assessment.locator(".quiz-passed")).to_have_text(words["passed"])
    # A worse retry, failed: it is the last attempt, shown as such, but the recorded result stays the pass.
    assessment.locator(".quiz-retry").click()
    answer_assessment(page, needed - 2)
    submit(page, assessment)
    expect(assessment.locator(".quiz-failed")).to_have_text(words["failed"])
    stored = visit.stored(language)["assessment"]
    assert stored["passed"] is True and stored["score"] == total

    page = visit.open(language, PROGRESS)
    cell = page.locator(f"#progress-assessment-{SYNTHESIS.replace('/', '-')}")
    expect(cell).to_have_text(fill(words["assessmentPassedNeeded"], score=total, max=total, needed=needed))
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENS / f"my-progress-best-{language}-{viewport}.png"), full_page=False)
    assert visit.axe_violations() == []
    assert visit.outside == []
    visit.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_reload_shows_the_last_attempt(visit, language):
    words = script_words(language)
    # A module quiz, one answer wrong.
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    asked = questions(page)
    count = asked.count()
    answer(asked.nth(0), right=False)
    for index in range(1, count):
        answer(asked.nth(index), right=True)
    checked = quiz.locator("input").evaluate_all(CHECKED_OPTIONS)
    submit(page, quiz)
    page.reload()
    quiz = page.locator(".quiz").first
    assert quiz.locator("input").evaluate_all(CHECKED_OPTIONS) == checked
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=count - 1, max=count))
    expect(questions(page).nth(0)).to_have_class(re.compile(r"\bquiz-wrong\b"))
    expect(quiz.locator(".quiz-retry")).to_be_visible()
    expect(quiz.locator(".quiz-submit")).to_be_hidden()

    # An ordering quiz: the order given comes back.
    page = visit.open(language, ORDERING_MODULE)
    quiz = page.locator(".quiz").first
    for question in questions(page).all():
        if question.get_attribute("data-quiz-type") == "ordering":
            order(question, right=True)
        else:
            answer(question, right=True)
    given = quiz.locator(".quiz-ordering-item").evaluate_all("rows => rows.map(row => row.dataset.option)")
    submit(page, quiz)
    page.reload()
    quiz = page.locator(".quiz").first
    assert quiz.locator(".quiz-ordering-item").evaluate_all("rows => rows.map(row => row.dataset.option)") == given
    total = questions(page).count()
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=total, max=total))

    # The final assessment, failed: the answers, the result and the key still hidden.
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    total = questions(page, ".assessment").count()
    needed = int(assessment.get_attribute("data-needed"))
    answer_assessment(page, needed - 1)
    checked = assessment.locator("input").evaluate_all(CHECKED_OPTIONS)
    submit(page, assessment)
    page.reload()
    assessment = page.locator(".assessment")
    assert assessment.locator("input").evaluate_all(CHECKED_OPTIONS) == checked
    expect(assessment.locator(".quiz-score")).to_have_text(
        fill(words["assessmentScore"], score=needed - 1, max=total, needed=needed)
    )
    expect(assessment.locator(".quiz-failed")).to_have_text(words["failed"])
    expect(assessment.locator(".quiz-answers-hidden")).to_have_text(
        fill(words["answersHidden"], attempt=1, count=int(assessment.get_attribute("data-answers-after")))
    )
    expect_no_key_shown(assessment, words)
    # Restoring records nothing: still one attempt.
    assert visit.stored(language)["attempts"]["assessment"] == 1


@pytest.mark.parametrize("viewport", LEARNER_VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_clearing_asks_first_and_cancelling_keeps_the_progress(browser, site, language, viewport):
    words = script_words(language)
    visit = learner_visit(browser, site, viewport)
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    submit(page, quiz)
    page = visit.open(language, PROGRESS)
    before = visit.stored(language)
    assert MODULE in before["visited"] and before["quizzes"]

    reset = page.locator(".progress-reset-button")
    reset.click()
    confirmation = page.locator(".progress-reset-confirm")
    expect(confirmation).to_be_visible()
    expect(reset).to_have_attribute("aria-expanded", "true")
    question = page.locator("#progress-reset-question")
    expect(question).to_have_text(ui_text(RESET_QUESTION, language))
    if language == "en":
        expect(question).to_contain_text("Clear all your progress on this device?")
    expect(confirmation).to_have_attribute("role", "group")
    expect(page.locator(".progress-reset-no")).to_be_focused()
    page.screenshot(path=str(SCREENS / f"clear-confirm-{language}-{viewport}.png"), full_page=False)
    assert visit.axe_violations() == []

    # Cancel (by mouse): nothing cleared, the table still shows the progress.
    page.locator(".progress-reset-no").click()
    expect(confirmation).to_be_hidden()
    expect(page.locator(".progress-reset-status")).to_have_text(words["resetKept"])
    assert visit.stored(language) == before
    row_id = MODULE.replace("/", "-")
    expect(page.locator(f"#progress-visited-{row_id}")).to_have_text(words["visited"])

    # Confirmed: cleared.
    reset.click()
    page.locator(".progress-reset-yes").click()
    expect(page.locator(".progress-reset-status")).to_have_text(words["resetDone"])
    expect(page.locator(f"#progress-visited-{row_id}")).to_have_text(words["notVisited"])
    assert visit.stored(language)["quizzes"] == {}
    assert visit.outside == []
    visit.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_untouched_quiz_shows_the_attempt_an_lms_restores_after_the_page_loaded(visit, language):
    """In an LMS the SCORM runtime fills the store once the page has loaded: an untouched quiz follows it,
    one the learner has started is left as it is."""
    words = script_words(language)
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    quiz_id = quiz.get_attribute("data-quiz-id")
    asked = questions(page)
    count = asked.count()
    answers = ",".join(
        "".join("abcdefghij"[int(index)] for index in question.get_attribute("data-quiz-key").split())
        for question in asked.all()
    )
    restore = """([id, answers, count]) => {
        const state = JSON.parse(CourseProgress.serialize());
        state.quizzes[id] = {score: count, max: count};
        state.last = {[id]: answers};
        state.attempts = {[id]: 1};
        return CourseProgress.restore(JSON.stringify(state));
    }"""
    expect(quiz.locator(".quiz-score")).to_have_count(0)
    assert page.evaluate(restore, [quiz_id, answers, count]) is True
    expect(quiz.locator(".quiz-score")).to_have_text(fill(words["score"], score=count, max=count))
    for index in range(count):
        expect(asked.nth(index).locator(".quiz-verdict")).to_have_text(words["correct"])

    page.evaluate("() => CourseProgress.reset()")
    page = visit.open(language, MODULE)
    quiz = page.locator(".quiz").first
    answer(questions(page).nth(0), right=False)
    assert page.evaluate(restore, [quiz_id, answers, count]) is True
    expect(quiz.locator(".quiz-submit")).to_be_visible()
    expect(quiz.locator(".quiz-score")).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_options_are_shuffled_at_each_attempt_and_the_letters_follow(visit, language):
    """Where the key stands says nothing: each attempt shows a choice question's options in a new order, lettered
    as shown (true or false keeps its order); the expected answer and the answer block name the letters the
    learner sees. The page's own list, which the e-book and the print edition show, keeps the written order."""
    page = visit.open(language, SYNTHESIS)
    assessment = page.locator(".assessment")
    asked = questions(page, ".assessment")
    choices = [
        asked.nth(index)
        for index in range(asked.count())
        if asked.nth(index).get_attribute("data-quiz-type") in ("single", "multiple")
    ]
    assert len(choices) >= 10

    def shown_orders() -> list[list[int]]:
        return [
            [int(value) for value in question.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")]
            for question in choices
        ]

    for question in choices:
        letters = question.locator("label .quiz-letter").all_inner_texts()
        assert [letter.strip() for letter in letters] == [f"{'abcdefghij'[place]})" for place in range(len(letters))]
    first = shown_orders()
    # Failed attempt, then a new attempt: a new order (for ten questions or more, the same one by chance:
    # less than one in a million).
    needed = int(assessment.get_attribute("data-needed"))
    answer_assessment(page, needed - 1)
    submit(page, assessment)
    assessment.locator(".quiz-retry").click()
    second = shown_orders()
    assert second != first
    assert all(sorted(order) == list(range(len(order))) for order in second)

    # Passed: the key is shown, in the letters of this attempt, with the feedback of the other options.
    answer_assessment(page, asked.count())
    submit(page, assessment)
    expect(assessment.locator(".quiz-passed")).to_be_visible()
    for question in choices:
        key = key_letters(question)
        expect(question.locator(".quiz-key")).to_have_text(re.compile(rf"\s{re.escape(key)}$"))
        key_values = question.get_attribute("data-quiz-key").split()
        others = {
            question.locator(f'input[value="{value}"] + label .quiz-letter').inner_text().strip()
            for value in range(question.locator("input").count())
            if str(value) not in key_values
        }
        terms = [term.strip() for term in question.locator("dl.quiz-option-feedback > dt").all_text_contents()]
        assert set(terms) <= others and terms == sorted(terms), (terms, others)
        # The written list, hidden under the script, is untouched: the e-book's and the print edition's order.
        written = question.locator("ol.quiz-options > li").evaluate_all("items => items.map(item => item.textContent)")
        labels = question.locator("label").evaluate_all("labels => labels.map(label => label.textContent)")
        shown = [int(value) for value in question.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")]
        assert [" ".join(labels[shown.index(index)].split()[1:]) for index in range(len(written))] == [
            " ".join(item.split()) for item in written
        ]
