"""The SCORM runtime (``course-scorm.js``) on a small course's packages, with the strict LMS, in the Debian Chromium.

The small course (``tests/fast/small_course.py``: a module with a quiz, a final assessment, a progress page) is
built with the quiz and progress extensions and packaged by the real packager, in both SCORM editions; the LMS host
page and the strict LMS of ``tests/scorm_host.py`` play the LMS, served on 127.0.0.1. What is tested is the
runtime: what it records, when, and what it does when the LMS fails or lies. The real course's packages, in
scorm-again and the strict LMS, and in real LMSs installed from PyPI, are tested in ``tests/test_scorm.py`` and
``tests/test_scorm_real_lms.py``.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator

import pytest

from coursekit.sphinxext.quiz import needed_points
from coursekit.testing.browser import serve
from coursekit.testing.sphinx_project import build
from coursekit.testing.validators import artifacts_dir
from coursekit.tools.scorm import write_package
from tests.fast.small_course import MULTIPLE, SINGLE, TRUE_FALSE, course_project, final_page
from tests.scorm_host import (
    API_NAMES,
    EDITIONS,
    ELEMENTS,
    SESSION_TIME,
    STRICT_EXPECTED,
    STRICT_SELF_TEST,
    Learner,
    host_folder,
)

LANGUAGE = "fr"
PASS_MARK = 60
FINAL_QUESTIONS = (TRUE_FALSE, SINGLE, MULTIPLE)


@pytest.fixture(scope="module")
def lms(tmp_path_factory) -> Iterator[str]:
    """The small course's two packages, unzipped beside the host page and the strict LMS, served over HTTP."""
    root = tmp_path_factory.mktemp("scorm")
    source = course_project(root / "src", final_page(*FINAL_QUESTIONS, pass_mark=PASS_MARK))
    html = shutil.copytree(build(source), root / "build" / "html" / LANGUAGE)
    # The module page counts as a module, as the pedagogy extension (not loaded by the small course) would say of
    # a page with durations and objectives: the runtime reads the list from this file.
    structure_file = html / "_static" / "course-structure.json"
    structure = json.loads(structure_file.read_text(encoding="utf-8"))
    structure_file.write_text(json.dumps({**structure, "modules": ["module"]}), encoding="utf-8")
    packages = {(edition, LANGUAGE): write_package(root / "build", LANGUAGE, edition) for edition in EDITIONS}
    with serve(host_folder(root / "host", packages)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium, lms):
    return chromium


# How many times the runtime wrote a value to an element (the host page logs every call in lmsCalls).
TIMES_WRITTEN = """([setValue, element, value]) =>
    lmsCalls.filter((call) => call[0] === setValue && call[1] === element && call[2] === value).length"""


RUN_AHEAD_MS = 250
RUN_AHEAD_LIMIT_MS = 60_000


def wait_for_verdict_sent_again(learner: Learner, value: str) -> None:
    """The verdict recorded, then sent again with the score once the burst that brought it is committed.

    wagtail-lms stores each write from what it read when the write came, and its player sends the writes of a
    burst all at once: an older write of the burst can put the old verdict back in its own record (its attempt
    row). The runtime sends a changed score and status again when its writes have been quiet for a moment, one
    at a time, as far apart: sent together, the score and the verdict would race each other the same way.
    """
    set_value, verdict, raw = learner.api["set"], learner.names[learner.verdict], learner.names["score"][0]
    # Counted in the page as soon as the LMS holds the verdict: the burst's write only, nothing sent again yet.
    at_verdict = learner.page.wait_for_function(
        f"(args) => recorded()[args[1]] === args[2] && ({TIMES_WRITTEN})(args)", arg=[set_value, verdict, value]
    )
    assert at_verdict.json_value() == 1
    score = learner.score()["raw"]
    # The spaced re-sends, on the page's clock run ahead (the runtime's timers fire in order, each at its time);
    # a runtime that never sends them again fails here after a minute of page time instead of hanging.
    for element, written in ((raw, score), (verdict, value)):
        for _step in range(RUN_AHEAD_LIMIT_MS // RUN_AHEAD_MS):
            if learner.page.evaluate(TIMES_WRITTEN, [set_value, element, written]) >= 2:
                break
            learner.page.clock.run_for(RUN_AHEAD_MS)
        else:
            raise AssertionError(f"{element} = {written} not sent again within {RUN_AHEAD_LIMIT_MS} ms of page time")
    calls = learner.page.evaluate("() => lmsCalls")
    is_set = [call[0] == set_value for call in calls]
    first_write = next(index for index, call in enumerate(calls) if is_set[index] and call[1:3] == [verdict, value])
    burst_commit = next(index for index in range(first_write, len(calls)) if calls[index][0] == learner.api["commit"])
    burst = {tuple(call[1:3]) for index, call in enumerate(calls[:burst_commit]) if is_set[index]}
    again = [(index, call) for index, call in enumerate(calls) if index > burst_commit and is_set[index]]
    assert {tuple(call[1:3]) for _index, call in again} <= burst, "only values the burst sent are sent again"
    assert {(raw, score), (verdict, value)} <= {tuple(call[1:3]) for _index, call in again}, calls
    for (index, call), (next_index, next_call) in itertools.pairwise(again):
        between = [other[0] for other in calls[index + 1 : next_index]]
        assert learner.api["commit"] in between, f"{call[1]} and {next_call[1]} sent again in one burst: {calls}"
        assert next_call[3] - call[3] >= 1000, f"{call[1]} and {next_call[1]} sent again too close together"


def sent_again_before_the_end(learner: Learner, value: str) -> bool:
    """The verdict sent twice, the second time before the session's end (if the learner left sooner)."""
    calls = learner.page.evaluate("() => lmsCalls")
    written = [
        index
        for index, call in enumerate(calls)
        if call[:3] == [learner.api["set"], learner.names[learner.verdict], value]
    ]
    finish = [index for index, call in enumerate(calls) if call[0] == learner.api["finish"]]
    return len(written) == 2 and len(finish) == 1 and written[1] < finish[0]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_runtime_records_progress_score_and_status_and_resumes_at_the_bookmark(browser, lms, edition):
    questions = len(FINAL_QUESTIONS)
    needed = needed_points(questions, PASS_MARK)
    learner = Learner(browser, lms, LANGUAGE, "strict", edition, links="a", fake_clock=True)
    learner.launch(str(PASS_MARK))
    learner.wait_for_location("index")
    assert learner.value("status") == "incomplete" and len(learner.calls("initialize")) == 1

    # The module read and its quiz submitted: completed, the quiz's score in the suspend data.
    learner.follow_link_to("module")
    learner.wait_for_record("status", "completed")
    learner.course().locator(".quiz .quiz-submit").click()
    learner.page.wait_for_function(
        "(element) => recorded()[element].includes('module#1')", arg=learner.names["suspend_data"]
    )

    # One right answer short: failed, with the percentage as the score; then exactly enough: passed.
    learner.follow_link_to("final")
    learner.answer_assessment(needed - 1)
    wait_for_verdict_sent_again(learner, "failed")
    assert learner.score() == {"raw": str(round(100 * (needed - 1) / questions, 2)), "min": "0", "max": "100"}
    learner.check_scaled(learner.score()["raw"])
    learner.retry_assessment()
    learner.answer_assessment(needed)
    learner.wait_for_record(learner.verdict, "passed")
    passed_score = learner.score()
    assert passed_score["raw"] == str(round(100 * needed / questions, 2))

    # Back to the module, then the course closed: the bookmark, "suspend", one finish, the session's time.
    learner.follow_link_to("module")
    learner.close()
    assert sent_again_before_the_end(learner, "passed"), learner.page.evaluate("() => lmsCalls")
    closed = learner.recorded()
    assert learner.value("location") == "module" and learner.value("exit") == "suspend"
    assert re.fullmatch(SESSION_TIME[edition], learner.value("session_time"))
    assert len(learner.calls("finish")) == 1 and len(learner.calls("initialize")) == 1
    assert learner.refusals() == [] and learner.errors == [] and learner.warnings == [], (
        learner.refusals() + learner.errors + learner.warnings
    )
    learner.context.close()

    # A relaunch in a fresh browser: only what the LMS recorded comes back, and no status goes back.
    again = Learner(browser, lms, LANGUAGE, "strict", edition, links="a")
    again.launch(str(PASS_MARK), closed)
    again.wait_for_location("module")
    restored = again.course().evaluate("() => CourseProgress.get()")
    assert restored["assessment"]["passed"] is True and "module#1" in restored["quizzes"]
    assert {"index", "module", "final"} <= set(restored["visited"])
    assert not [call for call in again.calls("set") if call[2] == "incomplete"], again.calls("set")
    assert again.score() == passed_score and again.value(again.verdict) == "passed"
    assert again.refusals() == [] and again.errors == [] and again.warnings == []
    again.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_lms_error_never_breaks_a_page(browser, lms, edition):
    """A session the LMS refuses (initialized before the launch), then commits that throw."""
    language = LANGUAGE
    names = API_NAMES[edition]
    learner = Learner(browser, lms, language, "strict", edition, links="a")
    learner.launch(str(PASS_MARK), change_api=f'api.{names["initialize"]}("");')
    course = learner.course()
    course.wait_for_url(f"**/{language}/index.html")
    course.locator("a[href$='module.html']").first.click()
    course.wait_for_url(f"**/{language}/module.html")
    assert any(names["initialize"] in warning for warning in learner.warnings), learner.warnings
    learner.context.close()

    learner = Learner(browser, lms, language, "strict", edition, links="a")
    unreachable = f'api.{names["commit"]} = function () {{ throw new Error("the LMS is unreachable"); }};'
    learner.launch(str(PASS_MARK), change_api=unreachable)
    learner.wait_for_location("index")
    learner.follow_link_to("module")
    assert learner.course().evaluate("() => CourseProgress.get().visited").count("module") == 1
    assert learner.errors == [], learner.errors
    assert any("unreachable" in warning for warning in learner.warnings), learner.warnings
    learner.context.close()


def test_an_lms_that_offers_lmsterminate_only_ends_the_session_with_it(browser, lms):
    """wagtail-lms's API offers LMSTerminate beside LMSFinish; an LMS with LMSTerminate only gets the session's end."""
    learner = Learner(browser, lms, LANGUAGE, "strict", "1.2", links="a")
    learner.launch(str(PASS_MARK), change_api="api.LMSTerminate = api.LMSFinish; delete api.LMSFinish;")
    learner.wait_for_location("index")
    learner.page.evaluate("() => closePackage()")
    learner.wait_for_record("exit", "suspend")
    assert learner.page.evaluate("() => lms.state") == "finished"
    assert re.fullmatch(SESSION_TIME["1.2"], learner.value("session_time"))
    assert learner.refusals() == [] and learner.errors == [], learner.refusals() + learner.errors
    learner.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_runtime_ignores_oversized_lms_values_without_parsing_them(browser, lms, edition):
    """An LMS record far over the edition's limits (a hostile or broken LMS): ignored unread, the course starts afresh.

    The time from the launch to the first page recorded is kept with the artefacts (no speed assertion here:
    the benchmark measures speed); what is asserted is that nothing of it was restored or sent back.
    """
    language = LANGUAGE
    names = ELEMENTS[edition]
    huge = "[" * 2_000_000
    saved = {names["suspend_data"]: huge, names["location"]: "module" + "x" * 2_000_000}
    learner = Learner(browser, lms, language, "strict", edition, links="a")
    learner.page.evaluate("([saved, element]) => { window.hostile = saved; }", [saved, names["suspend_data"]])
    started = learner.page.evaluate("() => performance.now()")
    learner.launch(
        "70",
        change_api="lms.values = Object.assign(lms.values, window.hostile);",
    )
    learner.wait_for_location("index")
    elapsed = learner.page.evaluate("() => performance.now()") - started
    assert learner.course().evaluate("() => CourseProgress.get().visited") == ["index"]
    assert len(learner.value("suspend_data")) < 4096
    assert any("ignored" in warning for warning in learner.warnings), learner.warnings
    assert learner.refusals() == [] and learner.errors == [], learner.refusals() + learner.errors
    (artifacts_dir("scorm") / f"hostile-record-{edition}.json").write_text(
        json.dumps({"suspend_data_chars": len(huge), "launch_to_first_page_ms": round(elapsed)}), encoding="utf-8"
    )
    learner.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_strict_lms_refuses_what_the_standard_forbids_with_its_error_code(browser, lms, edition):
    """The double can fail a runtime: each forbidden element, value and call order gets the standard's code."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lms}host.html")
    assert page.evaluate(STRICT_SELF_TEST, edition) == STRICT_EXPECTED[edition]
    context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_status_the_lms_has_is_never_set_back_by_progress_it_cannot_restore(browser, lms, edition):
    """A record finished in an earlier edition of the course, its progress unreadable now: the status stays."""
    names = ELEMENTS[edition]
    finished = "passed" if edition == "1.2" else "completed"
    saved = {names["status"]: finished, names["suspend_data"]: '{"v":0}', names["location"]: "final"}
    learner = Learner(browser, lms, LANGUAGE, "strict", edition, links="a")
    learner.launch(str(PASS_MARK), saved)
    learner.wait_for_location("final")
    assert learner.course().evaluate("() => CourseProgress.get().visited") == ["final"]
    learner.follow_link_to("module")
    assert learner.value("status") == finished
    assert not [call for call in learner.calls("set") if call[2] == "incomplete"], learner.calls("set")
    assert learner.refusals() == [] and learner.errors == []
    learner.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_lms_mastery_score_decides_the_verdict_it_records(browser, lms, edition):
    """An LMS administrator who sets every answer as the mastery score: the quiz's own pass is not the LMS's."""
    learner = Learner(browser, lms, LANGUAGE, "strict", edition, links="a")
    learner.launch("100")
    learner.wait_for_location("index")
    learner.follow_link_to("final")
    learner.answer_assessment(needed_points(len(FINAL_QUESTIONS), PASS_MARK))
    assert learner.course().locator(".quiz-passed").count() == 1, "the page's own verdict: passed"
    learner.wait_for_record(learner.verdict, "failed")
    learner.retry_assessment()
    learner.answer_assessment(len(FINAL_QUESTIONS))
    learner.wait_for_record(learner.verdict, "passed")
    assert learner.score()["raw"] == "100"
    assert learner.refusals() == [] and learner.errors == []
    learner.context.close()
