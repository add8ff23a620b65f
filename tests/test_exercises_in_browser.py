"""A learner does an exercise on the website, with no Python: by keyboard, on a phone and on a laptop.

Exercise 4 in a real Chromium: each answer typed or chosen with the keyboard only (Tab, arrows, Space,
letters), checked by the page's own button; a wrong answer first, then the right one. The verdicts are
the notebook's words in the page's language (a question with several right combinations too); a text
compared with the model answer opens it; "My progress" counts the questions checked right; the answers
are in the forms again after a reload, until the progress is cleared. (axe-core reads the forms with every page:
tests/test_html_quality.py.)
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from babel.numbers import format_decimal
from playwright.sync_api import Page, expect

from coursekit.core.languages import all_languages
from coursekit.testing.browser import HEIGHT, WIDTHS, axe_violations
from coursekit.testing.notebooks import feedback_helper
from coursekit.testing.validators import artifacts_dir

EXERCISE = "exercises/04-prioriser-et-deleguer.html"
PROGRESS = "course/progression.html"
# The worked answers of exercise 4 (its solution cells), as a learner enters them.
PRIORITY = ["do", "do", "plan", "plan", "delegate", "delegate", "drop", "drop", "plan", "delegate", "do", "drop"]
DELEGATION = [True, False, True, False, True, False]


def form_data(form) -> dict:
    return json.loads(form.locator("script.exercise-data").text_content())


def phone_form(browser, site: str, path: str, wanted: Callable[[dict], bool]):
    """A page of the site on a phone, with axe loaded and its script errors collected, and its one form whose
    data ``wanted`` accepts: (context, page, form, errors)."""
    context = browser.new_context(viewport={"width": WIDTHS["mobile"], "height": HEIGHT})
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}{path}")
    forms = page.locator("form.course-exercise")
    [form] = [forms.nth(index) for index in range(forms.count()) if wanted(form_data(forms.nth(index)))]
    return context, page, form, errors


def expect_result(form, caption: str, lines: list[str]) -> None:
    """The result the last check shows under the form: its caption, then its lines of words in order."""
    shown = form.locator(".exercise-result")
    expect(shown.locator("p")).to_have_text(caption)
    expect(shown.locator("li .result-words")).to_have_text(lines)


def check_numbers(form, numbers: dict[str, object]) -> None:
    """Types each number in the field of its key, as a learner does, then checks the answer."""
    name = form.get_attribute("id")
    for key, value in numbers.items():
        form.locator(f"input[name='{name}-{key}']").fill(str(value))
    form.locator("button").first.click()


def focused_name(page: Page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.name")


def choose_by_keyboard(page: Page, code: str) -> None:
    """On a focused select: typing the words of an option picks it, as a sighted or blind keyboard user does."""
    words = page.evaluate(
        "code => [...document.activeElement.options].find(option => option.value === code).textContent", code
    )
    assert words != code, f"the option {code!r} is shown in words"
    page.keyboard.type(words, delay=20)
    page.wait_for_timeout(600)  # the select's type-ahead forgets the letters typed after a pause


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("width_name", WIDTHS.keys())
def test_a_learner_does_exercise_4_in_the_browser_by_keyboard(browser, site, language, width_name):
    context = browser.new_context(viewport={"width": WIDTHS[width_name], "height": HEIGHT})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}{language}/{EXERCISE}")
    forms = page.locator("form.course-exercise")
    expect(forms).to_have_count(5)
    words = form_data(forms.first)["spec"]["words"]

    # Question 1: twelve selects, from the first to the last with Tab; t6 wrong first.
    priority = forms.nth(0)
    priority.locator("select").first.focus()
    for index, code in enumerate(PRIORITY):
        if index:
            page.keyboard.press("Tab")
        choose_by_keyboard(page, "drop" if index == 5 else code)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    feedback = priority.locator(".exercise-feedback")
    expect(feedback).to_contain_text(words["not_yet"])
    expect(feedback).to_contain_text(words["score"].format(right=11, total=12))
    expect(feedback).to_contain_text(f"{words['review_label']} t6")
    priority.locator("select").nth(5).focus()
    choose_by_keyboard(page, "delegate")
    priority.locator("button").focus()
    page.keyboard.press("Enter")
    expect(feedback).to_have_text(words["correct"])

    # Question 2: true or false, with the arrows of each radio group.
    delegation = forms.nth(1)
    delegation.locator("input[type=radio]").first.focus()
    for index, value in enumerate(DELEGATION):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.press("Space" if value else "ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(delegation.locator(".exercise-feedback")).to_have_text(words["correct"])

    # Question 3: a number with the language's decimal comma, after a percent sign that is not one.
    share = forms.nth(2)
    field = share.locator("input")
    field.focus()
    page.keyboard.type("vingt-deux" if language == "fr" else "twenty-two")
    page.keyboard.press("Enter")
    expect(share.locator(".exercise-feedback")).to_contain_text(words["not_yet"])
    field.fill("")
    field.focus()
    page.keyboard.type("22,2 %" if language == "fr" else "22.2%")
    page.keyboard.press("Enter")
    expect(share.locator(".exercise-feedback")).to_have_text(words["correct"])

    # Question 4: several right combinations, listed by the notebook's rule (m1 and m2 are not enough).
    measures = forms.nth(3)
    measures.locator("input[type=checkbox]").first.focus()
    for _ in range(2):
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert focused_name(page) is not None
    measures.locator("button").focus()
    page.keyboard.press("Enter")
    expect(measures.locator(".exercise-feedback")).to_contain_text(words["not_yet"])
    expect(measures.locator(".exercise-feedback")).to_contain_text(words["hint_label"])
    measures.locator("input[type=checkbox]").nth(2).focus()
    page.keyboard.press("Space")
    measures.locator("button").focus()
    page.keyboard.press("Enter")
    expect(measures.locator(".exercise-feedback")).to_have_text(words["correct"])
    # Question 5: a text, compared with the model answer, which the button opens.
    justification = forms.nth(4)
    justification.locator("textarea").focus()
    page.keyboard.type("m6 adds hours instead of freeing them.")
    justification.locator("button").focus()
    page.keyboard.press("Enter")
    expect(justification.locator("xpath=following::details[contains(@class, 'answer-toggle')][1]")).to_have_attribute(
        "open", ""
    )
    share.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-4-{language}-{width_name}.png"), full_page=False)

    # The questions checked right count in "My progress", and stay after a reload.
    page.goto(f"{site}{language}/{PROGRESS}")
    page.reload()
    cell = page.locator("#progress-exercise-exercises-04-prioriser-et-deleguer")
    expect(cell).to_contain_text("4")
    assert "4 sur 4" in cell.inner_text() or "4 of 4" in cell.inner_text(), cell.inner_text()

    # The answers are in the forms again when the page opens again, until the progress is cleared.
    page.goto(f"{site}{language}/{EXERCISE}")
    selects = page.locator("form.course-exercise").nth(0).locator("select")
    assert [selects.nth(index).input_value() for index in range(12)] == PRIORITY
    expect(page.locator("form.course-exercise").nth(4).locator("textarea")).to_have_value(
        "m6 adds hours instead of freeing them."
    )
    page.goto(f"{site}{language}/{PROGRESS}")
    page.locator(".progress-reset-button").click()
    page.locator(".progress-reset-yes").click()
    page.goto(f"{site}{language}/{EXERCISE}")
    assert selects.first.input_value() == ""
    expect(page.locator("form.course-exercise").nth(4).locator("textarea")).to_have_value("")
    assert errors == []
    context.close()


ALLOCATION_PAGE = "exercises/05-outils-et-charge.html"
# Exercise 5's worked allocation (its solution cell), and one that gives Chloé's human-resources task to Amina.
WORKED_ALLOCATION = {
    "k1": "chloe", "k2": "amina", "k3": "bruno", "k4": "bruno", "k5": "david",
    "k6": "david", "k7": "chloe", "k8": "chloe", "k9": "david", "k10": "amina",
}  # fmt: skip
ANOTHER_RIGHT_ONE = {**WORKED_ALLOCATION, "k2": "chloe", "k1": "amina", "k7": "chloe"}
HELPER = feedback_helper()


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_tasks_shared_out_are_checked_by_the_notebook_s_rules(browser, site, language):
    """Exercise 5's allocation has 94 right answers: the page checks any of them with the notebook's data, and
    shows each person's load after a check, right or not, as the notebook's chart does."""
    context, page, allocation, errors = phone_form(
        browser,
        site,
        f"{language}/{ALLOCATION_PAGE}",
        lambda data: data["spec"].get("check", {}).get("method") == "allocation",
    )
    words = form_data(allocation)["spec"]["words"]
    feedback = allocation.locator(".exercise-feedback")
    name = allocation.get_attribute("id")

    def choose(assignment: dict[str, str]) -> None:
        for task, person in assignment.items():
            allocation.locator(f"select[name='{name}-{task}']").select_option(person)
        allocation.locator("button").first.click()

    data = form_data(allocation)
    rules, page_words = data["spec"]["check"]["expected"], data["words"]
    names = dict(allocation.locator("select").first.evaluate("s => [...s.options].map(o => [o.value, o.text])"))
    loads = allocation.locator(".exercise-result")

    def expect_loads(assignment: dict[str, str]) -> None:
        """Each person's load in words, as the notebook's chart after the check labels it (rounded to 1 %)."""
        rates = HELPER.allocation_loads(assignment, rules["sizes"], rules["capacity"])
        expect_result(allocation, page_words["loads"].format(low=rules["low"], high=rules["high"]), [
            page_words["load" if rules["low"] <= rate <= rules["high"] else "loadOutside"].format(
                name=names[person], rate=f"{rate:.0f}"
            )
            for person, rate in rates.items()
        ])  # fmt: skip

    today = {task: allocation.locator(f"select[name='{name}-{task}']").input_value() for task in rules["sizes"]}
    expect(loads).to_have_count(0)
    allocation.locator("button").first.click()  # today's allocation, as the page opens: Amina overloaded
    expect(feedback).to_contain_text(words["not_yet"])
    expect(feedback).to_contain_text(words["hint_label"])
    expect(feedback.locator("p")).to_have_count(2)  # every task to someone with its skill: the verdict, the hint
    expect_loads(today)
    expect(loads.locator("li.is-marked")).to_have_count(2)  # Amina above the zone, David with nothing
    assert axe_violations(page) == []
    choose({**WORKED_ALLOCATION, "k7": "amina"})  # Amina has no human-resources skill
    expect(feedback).to_contain_text(words["not_yet"])
    k7 = allocation.locator(f"label[for='{name}-k7']").text_content()
    expect(feedback).to_contain_text(words["unskilled_task"].format(task=k7, person=names["amina"]))
    expect(feedback.locator("p")).to_have_count(3)  # the verdict, the one task without its skill, the hint
    expect_loads({**WORKED_ALLOCATION, "k7": "amina"})
    choose(WORKED_ALLOCATION)
    expect(feedback).to_have_text(words["correct"])
    expect_loads(WORKED_ALLOCATION)
    expect(loads.locator("li.is-marked")).to_have_count(0)
    choose(ANOTHER_RIGHT_ONE)
    expect(feedback).to_have_text(words["correct"])
    expect(loads).to_have_count(1)  # the loads of the last check only
    allocation.locator(f"select[name='{name}-k1']").select_option("")
    allocation.locator("button").first.click()
    expect(loads).to_have_count(0)  # a task with no one: no loads to show
    choose(WORKED_ALLOCATION)
    allocation.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-5-allocation-{language}-mobile.png"))
    assert errors == []
    context.close()


def test_a_form_works_without_its_script_as_a_plain_form(browser, site):
    """Script blocked: the labels and fields are there (nothing is drawn by the script), nothing breaks."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDTHS["mobile"], "height": HEIGHT})
    page = context.new_page()
    page.goto(f"{site}en/{EXERCISE}")
    first = page.locator("form.course-exercise").first
    expect(first.locator("label").first).to_be_visible()
    expect(first.locator("select")).to_have_count(12)
    context.close()


TOTALS_PAGE = "exercises/02-missions-du-coo.html"


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_the_hours_of_each_family_follow_the_learner_s_classification(browser, site, language):
    """Exercise 2: after each check of the classification, the hours of the week by family, from the learner's
    answers (those without one apart), as the notebook's chart after the question computes them."""
    context, page, families, errors = phone_form(
        browser, site, f"{language}/{TOTALS_PAGE}", lambda data: data["spec"]["name"] == "families"
    )
    data = form_data(families)
    [totals], page_words = data["spec"]["results"], data["words"]
    names = dict(families.locator("select").first.evaluate("s => [...s.options].map(o => [o.value, o.text])"))
    name = families.get_attribute("id")
    shown = families.locator(".exercise-result")

    def classify(answers: dict[str, str]) -> None:
        for key, family in answers.items():
            families.locator(f"select[name='{name}-{key}']").select_option(family)
        families.locator("button").first.click()
        hours = HELPER.totals_by_answer(answers, totals["sizes"], totals["choices"])
        expect_result(families, totals["caption"], [
            page_words["unanswered"].format(total=total) if family is None
            else page_words["total"].format(name=names[family], total=total)
            for family, total in hours.items()
        ])  # fmt: skip

    expect(shown).to_have_count(0)
    classify({"a1": "supervision", "a2": "commercial", "a3": "vision"})  # ten activities still without an answer
    grey = shown.locator("li.is-rest .result-bar").evaluate("bar => getComputedStyle(bar).backgroundColor")
    assert grey == "rgb(118, 118, 118)", "the hours without an answer are grey, as in the notebook's chart"
    expect(shown.locator("li.is-rest")).to_have_count(1)
    expect(families.locator(".exercise-feedback")).to_contain_text(data["spec"]["words"]["not_yet"])
    everything = {key: "supervision" for key in totals["sizes"]}
    classify(everything)  # every hour in one family, none without
    expect(shown).to_have_count(1)
    # The activities to review, in the order of the questions (a2 before a10), as the notebook lists them.
    seals = data["spec"]["check"]["expected"]
    in_page_order = [
        select.removeprefix(f"{name}-")
        for select in families.locator("select").evaluate_all("selects => selects.map(s => s.name)")
    ]
    wrong = [key for key in in_page_order if HELPER.seal({key: everything[key]}) != seals[key]]
    assert wrong.index("a2") < wrong.index("a10")
    expected_review = f"{data['spec']['words']['review_label']} {', '.join(wrong)}"
    expect(families.locator(".exercise-feedback")).to_contain_text(expected_review)
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-2-hours-by-family-{language}-mobile.png"))
    assert errors == []
    context.close()


LOWEST_PAGE = "exercises/06-auto-evaluation.html"


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_the_self_assessment_shows_the_skills_to_work_on_first(browser, site, language):
    """Exercise 6: once each skill has a score, the check shows the scores and marks the two lowest, the skills
    to work on first, as the notebook finds them (ties in the order of the skills)."""
    context, page, scores, errors = phone_form(
        browser, site, f"{language}/{LOWEST_PAGE}", lambda data: data["spec"]["name"] == "my_scores"
    )
    data = form_data(scores)
    [lowest], page_words = data["spec"]["results"], data["words"]
    name = scores.get_attribute("id")
    labels = {key: scores.locator(f"label[for='{name}-{key}'] .field-words").text_content() for key in lowest["keys"]}
    shown = scores.locator(".exercise-result")

    check_numbers(scores, {"prioritise": 4, "delegate": 3, "time": 2})
    expect(scores.locator(".exercise-feedback")).to_contain_text(data["spec"]["words"]["not_yet"])
    expect(shown).to_have_count(0)  # three skills without a score: nothing to rank yet
    mine = {"prioritise": 4, "delegate": 3, "time": 2, "tools": 3, "tasks": 4, "trust": 3}
    check_numbers(scores, mine)
    expect(scores.locator(".exercise-feedback")).to_have_text(data["spec"]["words"]["correct"])
    first = HELPER.lowest_scores(mine, lowest["keys"], lowest["count"])
    assert first == ["time", "delegate"]
    expect_result(scores, lowest["caption"], [
        page_words["scoreLowest" if key in first else "score"].format(name=labels[key], score=mine[key])
        for key in lowest["keys"]
    ])  # fmt: skip
    expect(shown.locator("li.is-marked")).to_have_count(2)
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-6-skills-to-work-on-{language}-mobile.png"))
    check_numbers(scores, {"trust": ""})
    expect(shown).to_have_count(0)  # a score taken away: the ranking goes with it
    assert errors == []
    context.close()


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_the_tools_scores_follow_the_weights_the_learner_chose(browser, site, language):
    """Exercise 5: after each check of the weights, right or not, the tools' weighted scores with those weights,
    as the notebook prints them (two decimals, in the page's language), which the next question asks about."""
    context, page, weights, errors = phone_form(
        browser, site, f"{language}/{ALLOCATION_PAGE}", lambda data: data["spec"]["name"] == "tight_budget_weights"
    )
    data = form_data(weights)
    [means], page_words = data["spec"]["results"], data["words"]
    shown = weights.locator(".exercise-result")

    def weigh(answers: dict[str, int]) -> None:
        check_numbers(weights, answers)
        scores = HELPER.weighted_means(answers, means["scores"], means["items"])
        expect_result(weights, means["caption"], [
            page_words["score"].format(name=means["names"][tool], score=format_decimal(score, "0.00", locale=language))
            for tool, score in scores.items()
        ])  # fmt: skip

    weights.locator("button").first.click()
    expect(shown).to_have_count(0)  # no weight yet: nothing to weigh
    weigh({"need": 40, "adoption": 30, "compatibility": 20, "cost": 10})  # the first weights: not the new priorities
    expect(weights.locator(".exercise-feedback")).to_contain_text(data["spec"]["words"]["not_yet"])
    weigh({"need": 25, "adoption": 25, "compatibility": 10, "cost": 40})
    expect(weights.locator(".exercise-feedback")).to_have_text(data["spec"]["words"]["correct"])
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-5-weighted-scores-{language}-mobile.png"))
    check_numbers(weights, {"cost": ""})
    expect(shown).to_have_count(0)  # a weight taken away: the scores go with it
    assert errors == []
    context.close()


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_jonas_s_week_follows_the_measures_the_learner_chose(browser, site, language):
    """Exercise 4: after each check of the measures, right or not, the hours of Jonas's week by kind once they
    apply, as the notebook's chart after the question computes them."""
    context, page, measures, errors = phone_form(
        browser, site, f"{language}/{EXERCISE}", lambda data: data["spec"]["name"] == "measures"
    )
    data = form_data(measures)
    [after], page_words = data["spec"]["results"], data["words"]
    name = measures.get_attribute("id")
    shown = measures.locator(".exercise-result")

    def choose(chosen: list[str]) -> None:
        for box in measures.locator(f"input[name='{name}-value']").all():
            box.set_checked(box.get_attribute("value") in chosen)
        measures.locator("button").first.click()
        in_order = {kind: after["base"][kind] for kind in after["keys"]}  # the data's keys are sorted
        totals = HELPER.totals_with(chosen, in_order, after["effects"])
        expect_result(measures, after["caption"], [
            page_words["total"].format(name=after["names"][kind], total=total) for kind, total in totals.items()
        ])  # fmt: skip

    expect(shown).to_have_count(0)
    choose(["m4", "m6"])  # more hours, not fewer interruptions
    expect(measures.locator(".exercise-feedback")).to_contain_text(data["spec"]["words"]["not_yet"])
    choose(["m1", "m2", "m3"])
    expect(measures.locator(".exercise-feedback")).to_have_text(data["spec"]["words"]["correct"])
    expect(shown).to_have_count(1)
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-4-week-after-measures-{language}-mobile.png"))
    assert errors == []
    context.close()


@pytest.mark.parametrize("language", all_languages())
def test_on_a_phone_the_criteria_met_each_quarter_follow_the_learner_s_readings(browser, site, language):
    """Exercise 1: once each criterion has its first quarter, the check shows how many criteria are met quarter
    by quarter, as the notebook's chart after the question counts them (what the next question reads)."""
    context, page, readings, errors = phone_form(
        browser, site, f"{language}/exercises/01-faut-il-un-coo.html", lambda data: data["spec"]["name"] == "first_met"
    )
    data = form_data(readings)
    [reached], page_words = data["spec"]["results"], data["words"]
    name = readings.get_attribute("id")
    shown = readings.locator(".exercise-result")

    def read(firsts: dict[str, str]) -> None:
        for key, period in firsts.items():
            readings.locator(f"select[name='{name}-{key}']").select_option(period)
        readings.locator("button").first.click()

    read({"size": "2024Q2"})
    expect(shown).to_have_count(0)  # two criteria without a quarter: nothing to count yet
    worked = {"size": "2024Q2", "complexity": "2024Q1", "ceo_load": "2024Q1"}
    read(worked)
    expect(readings.locator(".exercise-feedback")).to_have_text(data["spec"]["words"]["correct"])
    counts = HELPER.reached_by_period(worked, reached["periods"])
    expect_result(readings, reached["caption"], [
        page_words["total"].format(name=reached["names"][period], total=count) for period, count in counts.items()
    ])  # fmt: skip
    assert list(counts.values())[-4:] == [2, 3, 3, 3]
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir("exercises") / f"exercise-1-criteria-met-{language}-mobile.png"))
    assert errors == []
    context.close()


# The charts coloured by answer: exercise 3's statements by role, exercise 4's tasks by decision.
POINTS_FORMS = {"03-ceo-ou-coo": "answers", "04-prioriser-et-deleguer": "priority"}


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize(("exercise", "answer"), POINTS_FORMS.items())
def test_on_a_phone_the_chart_coloured_by_answer_follows_the_learner_s_answers(
    browser, site, language, exercise, answer
):
    """Exercises 3 and 4: after each check, the chart the notebook colours by answer, in words (each group's
    points, the axes) and drawn (each point, in its group's colour, with the notebook's dividing lines), with
    text at least 12 px on a phone."""
    context, page, form, errors = phone_form(
        browser, site, f"{language}/exercises/{exercise}.html", lambda data: data["spec"]["name"] == answer
    )
    data = form_data(form)
    [points], page_words = data["spec"]["results"], data["words"]
    names = dict(form.locator("select").first.evaluate("s => [...s.options].map(o => [o.value, o.text])"))
    name = form.get_attribute("id")
    shown = form.locator(".exercise-result")
    choices, keys = points["choices"], points["keys"]

    def answer_with(answers: dict[str, str]) -> None:
        for key, choice in answers.items():
            form.locator(f"select[name='{name}-{key}']").select_option(choice)
        form.locator("button").first.click()
        in_notebook_order = {key: points["points"][key] for key in keys}  # the page's data has sorted keys
        groups = HELPER.points_by_answer(answers, in_notebook_order, choices)
        lines = [
            page_words["ungrouped" if choice is None else "group"].format(
                name=names.get(choice), count=len(members), items=", ".join(members)
            )
            if members
            else page_words["total"].format(name=names[choice], total=0)
            for choice, members in groups.items()
            if members or choice is not None
        ]
        expect(shown.locator("p").first).to_have_text(points["caption"])
        expect(shown.locator("li")).to_have_text(lines)
        drawn = shown.locator("svg .result-point")
        expect(drawn).to_have_count(len(keys))
        colours = drawn.evaluate_all(
            "marks => marks.map(m => [m.dataset.key, m.getAttribute('fill') || m.getAttribute('stroke')])"
        )
        by_colour: dict[str, list[str]] = {}
        for key, colour in colours:
            by_colour.setdefault(colour, []).append(key)
        assert sorted(map(sorted, by_colour.values())) == sorted(
            sorted(members) for members in groups.values() if members
        )

    expect(shown).to_have_count(0)
    answer_with({keys[0]: choices[0], keys[1]: choices[1]})  # ten without an answer
    expect(shown.locator("li")).to_have_count(len(choices) + 1)
    everything = {key: choices[index % len(choices)] for index, key in enumerate(keys)}
    answer_with(everything)  # every point in a group: no "no answer" line
    expect(shown).to_have_count(1)
    axes = shown.locator(".result-axes")
    expect(axes).to_contain_text(points["names"][points["axes"][0]])
    expect(axes).to_contain_text(points["names"][points["axes"][1]])
    picture = shown.locator("svg.result-points")
    assert picture.get_attribute("aria-hidden") == "true", "the words say what the picture shows"
    expect(picture.locator(".result-split")).to_have_count(2)  # the notebook's dividing lines
    drawn_scale = picture.evaluate("svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width")
    assert 12 * drawn_scale >= 12, f"the chart's text is {12 * drawn_scale:.1f} px on a phone"
    assert axe_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(
        path=str(
            artifacts_dir("exercises") / f"exercise-{exercise[:2].lstrip('0')}-chart-by-answer-{language}-mobile.png"
        )
    )
    assert errors == []
    context.close()
