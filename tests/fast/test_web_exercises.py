"""Exercises done in the browser: each exercise cell as a form, checked by the browser as the notebook checks it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coursekit.core import cell_roles
from coursekit.core.answer_cells import assignments
from coursekit.core.notebook_i18n import read_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.core.web_exercises import (
    RELATIONS,
    answer_results,
    check_call,
    checker_words,
    form_spec,
    unshown_results,
)
from coursekit.sphinxext import notebook_pages
from coursekit.sphinxext.web_exercises import _json_for_html, field_html, form_words
from coursekit.testing.notebooks import feedback_helper, website_forms

NOTEBOOKS = notebooks_in(REPO_ROOT / "exercises")
SCRIPT = REPO_ROOT / "coursekit" / "sphinxext" / "static" / "course-exercises.js"
SEALED = "sha256:0123456789abcdef"
node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is installed by make (system-packages.txt)")


def spec(exercise: str, solution: str | None = None, check: str | None = None, provided=(), texts=None):
    return form_spec(exercise, solution, check, list(provided), texts or {})


def test_each_kind_of_answer_gets_its_field():
    found = spec(
        'answers = {"t1": None, "d1": None, "n": None, "w": "", "s": [], "o": [None, None], "p": "amina"}',
        'answers = {"t1": "do", "d1": True, "n": 22.5, "w": "Because.", "s": ["m1"], "o": ["A", "B"], "p": "bruno"}',
        'check.equal(answers, expected, hint="Look again.", choices=["do", "plan"])',
        texts={"t1": "Approve the plan", "do": "Do it now"},
    )
    fields = {field["key"]: field for field in found["fields"]}
    assert {key: field["kind"] for key, field in fields.items()} == {
        "t1": "choice",
        "d1": "boolean",
        "n": "number",
        "w": "text",
        "s": "several",
        "o": "order",
        "p": "choice",
    }
    assert fields["t1"]["label"] == "Approve the plan" and fields["t1"]["choices"][0] == ["do", "Do it now"]
    assert fields["o"]["places"] == 2 and fields["p"]["initial"] == "amina"
    assert "check" not in found, "an expectation that is not sealed gives no check to the browser"


def test_a_sealed_expectation_gives_the_browser_its_check_hint_and_tolerance():
    provided = [f'expected_share = "{SEALED}"', f'expected_map = {{"a": "{SEALED}"}}']
    close = spec(
        "share = None", "share = 22.2", 'check.close(share, expected_share, tolerance=0.5, hint="Add up.")', provided
    )
    assert close["check"] == {"method": "close", "expected": SEALED, "tolerance": 0.5, "hint": "Add up."}
    mapping = spec('m = {"a": None}', 'm = {"a": "x"}', "check.equal(m, expected_map)", provided)
    assert mapping["check"]["expected"] == {"a": SEALED} and mapping["check"]["hint"] == ""


def test_a_rule_checked_answer_or_a_text_is_compared_by_the_learner():
    assert "check" not in spec("m = []", 'm = ["m1"]', "check.satisfies(m, rule, choices=['m1'])")
    assert "check" not in spec('why = ""', 'why = "Because."', None)
    # A check of another answer than the cell's is not this cell's check.
    assert "check" not in spec("a = None", "a = 1", "check.equal(b, expected_b)", [f'expected_b = "{SEALED}"'])


def test_a_rule_that_lists_its_right_answers_or_gives_its_numbers_rules_is_checked_by_the_browser():
    listed = spec(
        "m = []",
        'm = ["m1"]',
        'check.satisfies(m, rule, hint="Combine.", choices=["m1", "m2"], accepted=accepted_m)',
        [f'accepted_m = ["{SEALED}", "sha256:fedcba9876543210"]'],
    )
    assert listed["check"] == {
        "method": "one_of",
        "expected": [SEALED, "sha256:fedcba9876543210"],
        "tolerance": 0,
        "hint": "Combine.",
    }
    rules = {"whole": True, "low": 1, "total": 100, "relations": [["a", "=", "b"], ["c", ">", "a"]]}
    numbers = spec(
        'w = {"a": None, "b": None, "c": None}',
        'w = {"a": 25, "b": 25, "c": 50}',
        'check.numbers(w, w_rules, keys=criteria, hint="Sum to 100.")',
        [f"w_rules = {rules!r}"],
    )
    assert numbers["check"] == {"method": "numbers", "expected": rules, "tolerance": 0, "hint": "Sum to 100."}


ALLOCATION_DATA = [
    'hours = {"k1": 8, "k2": 10}',
    'needs = {"k1": "data", "k2": None}',
    'skills = {"ana": ["data"], "bo": []}',
    'capacity = {"ana": 20, "bo": 10}',
    "lowest = 40",
]
ALLOCATION_CHECK = (
    "check.allocation(a, sizes=hours, needs=needs, skills=skills, capacity=capacity, low=lowest, high=80,"
    ' hint="Share.", choices=["ana", "bo"])'
)


def test_tasks_shared_out_within_the_notebook_s_data_are_checked_by_the_browser():
    """Each part of an allocation check is the notebook's data, by name or as a literal: the browser gets it all."""
    allocation = spec(
        'a = {"k1": "ana", "k2": "ana"}', 'a = {"k1": "ana", "k2": "bo"}', ALLOCATION_CHECK, ALLOCATION_DATA
    )
    assert allocation["check"] == {
        "method": "allocation",
        "expected": {
            "sizes": {"k1": 8, "k2": 10},
            "needs": {"k1": "data", "k2": None},
            "skills": {"ana": ["data"], "bo": []},
            "capacity": {"ana": 20, "bo": 10},
            "low": 40,
            "high": 80,
        },
        "tolerance": 0,
        "hint": "Share.",
    }


@pytest.mark.parametrize(
    "changed",
    [
        'capacity = {"ana": 0, "bo": 10}',  # a capacity of zero
        'lowest = "40"',  # a bound given as text
        'skills = {"ana": {"data"}, "bo": set()}',  # sets: not JSON
        "hours = compute()",  # computed: unknown to the page
        'needs = {"k3": "data"}',  # a need of no task
    ],
)
def test_allocation_data_the_browser_cannot_read_as_the_notebook_does_is_compared_by_the_learner(changed):
    name = changed.split(" ")[0]
    provided = [changed if line.startswith(f"{name} ") else line for line in ALLOCATION_DATA]
    assert provided != ALLOCATION_DATA
    assert "check" not in spec('a = {"k1": "ana", "k2": "ana"}', None, ALLOCATION_CHECK, provided)


@pytest.mark.parametrize(
    "provided",
    [
        'accepted_m = ["not a seal"]',
        "accepted_m = []",
        "accepted_m = compute()",
        'w_rules = {"whole": True, "maximum": 5}',
        'w_rules = {"relations": [["a", "!=", "b"]]}',
        'w_rules = {"low": "1"}',
    ],
)
def test_what_the_browser_cannot_read_as_the_notebook_does_is_compared_by_the_learner(provided):
    assert "check" not in spec("m = []", 'm = ["m1"]', "check.satisfies(m, rule, accepted=accepted_m)", [provided])
    assert "check" not in spec("w = {'a': None}", "w = {'a': 1}", "check.numbers(w, w_rules)", [provided])


def test_a_cell_that_is_not_one_literal_answer_has_no_form():
    assert spec("a = None\nb = None") is None
    assert spec("a = compute()") is None


def test_the_checker_words_are_those_the_notebook_gives():
    words = checker_words(['check = Checker(correct="Yes", not_yet="No", hint_label="Hint:", score="{right}/{total}")'])
    assert words == {"correct": "Yes", "not_yet": "No", "hint_label": "Hint:", "score": "{right}/{total}"}
    assert check_call("x = 1") is None and check_call("check.equal(answer,") is None  # no call, or no Python


def page_forms(path: Path, language: str = "fr") -> dict[int, dict]:
    return website_forms(path.stem, language)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_exercise_cell_of_the_course_is_a_form_with_the_notebook_s_words(path):
    notebook = read_notebook(path)
    exercises = sum(cell_roles.EXERCISE == role for role in cell_roles.cell_roles(notebook))
    forms = page_forms(path)
    assert len(forms) == exercises
    for form in forms.values():
        assert form["words"]["correct"] and form["words"]["not_yet"]
    assert any("check" in form for form in forms.values()), "some answers of each exercise are checked"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_choice_and_every_field_of_a_form_is_named_in_words(language):
    """A select or a box shows what a code means ("Faire tout de suite"), never the code alone ("do"); a
    field of a grid is labelled with what it asks ("Effectif d’au moins 50 personnes"), not its key ("size")."""
    unnamed = []
    for path in NOTEBOOKS:
        for form in page_forms(path, language).values():
            for field in form["fields"]:
                if field["key"] and (not field["label"] or field["label"] == field["key"]):
                    unnamed.append(f"{path.stem}/{form['name']}: field {field['key']}")
                for code, text in field.get("choices", []):
                    if not text or text == code:
                        unnamed.append(f"{path.stem}/{form['name']}: {code}")
    assert sorted(set(unnamed)) == []


def test_a_hostile_text_stays_text_in_the_form_and_in_its_data():
    hostile = '<img src=x onerror=alert(1)>"</script><script>alert(2)</script>'
    for kind in ("several", "number", "choice", "text"):
        field = {"key": hostile, "kind": kind, "label": hostile, "choices": [[hostile, hostile]]}
        html = field_html(field, "exercise-1", form_words("fr"))
        assert "<img" not in html and "<script" not in html and "&lt;img" in html, kind
    data = _json_for_html({"hint": hostile})
    assert "</script" not in data and "<" not in data and json.loads(data)["hint"] == hostile


def run_node(program: str, payload: object) -> object:
    completed = subprocess.run(
        ["node", "-e", f"const S = require({json.dumps(str(SCRIPT))});\n{program}"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


@node
def test_the_browser_seals_an_answer_as_the_notebook_does():
    import importlib.util

    loader = importlib.util.spec_from_file_location("coo_feedback", REPO_ROOT / "exercises" / "coo_feedback.py")
    feedback = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(feedback)
    values = ["do", " Do ", {"t1": "do"}, 22.2, 22.0, True, None, ["m1", "m2"], {"a": [1, 2.5]}, "Élan « x »", 1.5e-5]
    program = "const v = JSON.parse(require('fs').readFileSync(0, 'utf8')); "
    program += "console.log(JSON.stringify(v.map(x => S.seal(S.canonical(x, 0)))));"
    assert run_node(program, values) == [feedback.seal(value) for value in values]


@node
def test_in_the_browser_every_worked_answer_of_the_course_is_right_and_a_blank_one_is_not():
    """The seals the notebooks hold, checked by the browser's code: the worked answer passes, the blank fails."""
    cases = []
    for path in NOTEBOOKS:
        notebook = read_notebook(path)
        roles = cell_roles.cell_roles(notebook)
        solutions = [cell.source for cell, role in zip(notebook.cells, roles, strict=True) if role == "solution"]
        worked = dict(pair for source in solutions for pair in assignments(source))
        for form in page_forms(path).values():
            if "check" in form:
                cases.append([f"{path.stem}/{form['name']}", form["check"], worked[form["name"]], form["blank"]])
    assert len(cases) >= 15
    program = "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify("
    program += (
        "cases.map(([name, c, worked, blank]) => [name, S.verdict(c.method, worked, c.expected, c.tolerance).right,"
    )
    program += " S.verdict(c.method, blank, c.expected, c.tolerance).right])));"
    results = run_node(program, cases)
    assert [name for name, right, _blank in results if not right] == []
    assert [name for name, _right, blank in results if blank] == []


@node
def test_in_the_browser_a_number_may_be_off_by_the_tolerance_and_a_mapping_counts_its_right_keys():
    import importlib.util

    loader = importlib.util.spec_from_file_location("coo_feedback", REPO_ROOT / "exercises" / "coo_feedback.py")
    feedback = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(feedback)
    sealed = feedback.seal(22.2, tolerance=0.5)
    mapping = feedback.seal_each({"t1": "do", "t2": "plan", "t3": "drop"})
    program = (
        "const [sealed, mapping] = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify(["
    )
    program += "[21.8, 22.6, 22.8, 21.5].map(x => S.verdict('close', x, sealed, 0.5).right),"
    program += "S.verdict('equal', {t1: 'DO ', t2: 'drop', t3: null}, mapping, 0).keys]));"
    near, keys = run_node(program, [sealed, mapping])
    assert near == [True, True, False, False]
    assert keys == {"right": ["t1"], "wrong": ["t2"]}  # t3 unanswered: not to review


def test_the_form_words_are_translated_like_every_ui_word():
    english = form_words("en")
    assert english["check"] == "Check my answer" and english["true"] == "True"
    assert all(not re.search(r"[éèà]", text) for text in english.values())


@node
def test_the_browser_reads_numbers_rules_as_the_notebook_does():
    feedback = feedback_helper()
    rules = [
        {"whole": True, "low": 1, "high": 5},
        {"whole": True, "low": 1, "total": 100, "relations": [["n", "=", "a"], ["c", ">", "n"], ["k", "<", "n"]]},
        {"total": 1.0},
        {"relations": [["n", "<=", "a"], ["a", ">=", "k"]]},
        {},
    ]
    answers = [
        {"n": 25, "a": 25, "c": 40, "k": 10},
        {"n": 20, "a": 20, "c": 50, "k": 10},
        {"n": 1, "a": 5, "c": 3, "k": 2},
        {"n": 2.5, "a": 2.5, "c": 90, "k": 5},
        {"n": 0.1, "a": 0.2, "c": 0.7, "k": 0.0},
        {"n": 1, "a": 6, "c": 1, "k": 1},
        {"n": "3", "a": 3, "c": 3, "k": 3},
        {"n": None, "a": 3, "c": 3, "k": 3},
        {"n": True, "a": 3, "c": 3, "k": 3},
        {"a": 3, "c": 3, "k": 3},
        3,
        "3",
        None,
        [1, 2],
        {},
    ]
    cases = [[answer, rule] for answer in answers for rule in rules]
    program = "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(([answer, rules]) => S.followsRules(answer, rules))));"
    in_browser = run_node(program, cases)
    in_notebook = [feedback.follows_rules(answer, rule) for answer, rule in cases]
    # The rules the page gives the browser are those the helper reads: no operator one side lacks.
    assert set(RELATIONS) == set(feedback._RELATIONS)
    assert in_browser == in_notebook
    assert 10 < sum(in_notebook) < len(cases) - 10, "the cases test both verdicts"


@node
def test_the_browser_accepts_one_of_the_listed_answers_in_any_order_and_nothing_else():
    feedback = feedback_helper()
    accepted = [feedback.seal({"m1", "m3"}), feedback.seal({"m1", "m2", "m3"})]
    answers = [["m3", "m1"], ["m1", "m2", "m3"], [" M1 ", "m3"], ["m1"], ["m1", "m3", "m4"], [], None]
    program = "const [answers, accepted] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(answers.map(a => S.verdict('one_of', a, accepted, 0).right)));"
    assert run_node(program, [answers, accepted]) == [True, True, True, False, False, False, False]


@node
def test_the_browser_shares_out_tasks_as_the_notebook_does():
    """Exercise 5's allocation, as its page gives it to the browser: every assignment that respects the skills,
    and others, get the same verdict, loads and tasks without their skill from the browser's code and the
    notebook's helper; 94 are right."""
    import itertools
    import random

    feedback = feedback_helper()
    path = REPO_ROOT / "exercises" / "05-outils-et-charge.ipynb"
    [rules] = [
        form["check"]["expected"]
        for form in page_forms(path).values()
        if form.get("check", {}).get("method") == "allocation"
    ]
    tasks, people = list(rules["sizes"]), list(rules["capacity"])
    qualified = [
        [person for person in people if rules["needs"][task] is None or rules["needs"][task] in rules["skills"][person]]
        for task in tasks
    ]
    cases = [dict(zip(tasks, chosen, strict=True)) for chosen in itertools.product(*qualified)]
    right_skills = len(cases)
    draw = random.Random(5)
    cases += [{task: draw.choice(people) for task in tasks} for _ in range(200)]
    first = cases[0]
    cases += [
        {**first, tasks[0]: first[tasks[0]].upper() + " "},  # typed with a capital and a space: same person
        {**first, tasks[0]: "nadia"},  # not in the team
        {**first, tasks[0]: None},
        {key: value for key, value in first.items() if key != tasks[-1]},  # a task missing
        {**first, "k99": people[0]},  # a task too many
        [people[0]] * len(tasks),
        None,
    ]
    program = "const [cases, rules] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer =>"
    program += " [S.verdict('allocation', answer, rules, 0).right, S.allocationLoads(answer, rules),"
    program += " S.unskilledTasks(answer, rules)])));"
    in_browser = run_node(program, [cases, rules])
    in_notebook = [feedback.follows_allocation(answer, **{part: rules[part] for part in rules}) for answer in cases]
    assert [right for right, _loads, _unskilled in in_browser] == in_notebook
    # The loads the page shows after a check: the same numbers, and none when a task has no one of the team.
    loads = [feedback.allocation_loads(answer, rules["sizes"], rules["capacity"]) for answer in cases]
    assert [shown for _right, shown, _unskilled in in_browser] == loads
    # The tasks it names as given to someone without the skill: the same, none while the skills are respected.
    unskilled = [
        feedback.unskilled_tasks(answer, rules["needs"], rules["skills"], rules["capacity"]) for answer in cases
    ]
    assert [named for _right, _loads, named in in_browser] == unskilled
    assert not any(unskilled[:right_skills]) and any(unskilled[right_skills:])
    assert loads[-7:-5] == [{**loads[0]}, None], "a name typed with a capital and a space counts; a stranger does not"
    assert all(loads[:right_skills])
    assert sum(in_notebook[:right_skills]) == 94, "the 94 right answers the notebook's former predicate accepted"
    assert 0 < sum(in_notebook) < len(cases)


RESULT_DATA = [
    'hours = {"a1": 4, "a2": 3, "a3": 5}',
    'family_labels = {"vision": _("Politiques"), "supervision": _("Supervision")}',
]
RESULT_CELL = (
    "# Heures par famille, d’après vos réponses\n"
    "hours_by_family = totals_by_answer(families, hours, family_labels)\n"
    "print(hours_by_family)\n"
)


def test_a_total_a_notebook_computes_from_an_answer_is_shown_by_the_page_after_the_check():
    """``totals_by_answer(answer, sizes, choices)`` in a cell computed from the answers: the page gets the sizes
    (the notebook's data), the choices in their order and the comment above the call as caption."""
    assert answer_results([RESULT_CELL], RESULT_DATA, {}) == {
        "families": [
            {
                "method": "totals",
                "sizes": {"a1": 4, "a2": 3, "a3": 5},
                "choices": ["vision", "supervision"],
                "caption": "Heures par famille, d’après vos réponses",
            }
        ]
    }


@pytest.mark.parametrize(
    ("cell", "data"),
    [
        (RESULT_CELL.replace("# Heures par famille, d’après vos réponses\n", ""), RESULT_DATA),  # no caption
        (RESULT_CELL, ["hours = compute()", RESULT_DATA[1]]),  # sizes computed: unknown to the page
        (RESULT_CELL, ['hours = {"a1": "4"}', RESULT_DATA[1]]),  # a size given as text
        (RESULT_CELL, [RESULT_DATA[0], "family_labels = dict(vision=1)"]),  # choices not a dictionary display
        (RESULT_CELL.replace("family_labels)", "family_labels, 2)"), RESULT_DATA),  # not the helper's call
    ],
)
def test_a_total_the_page_cannot_compute_as_the_notebook_does_is_left_to_the_worked_answer(cell, data):
    assert answer_results([cell], data, {}) == {}


def test_exercise_2_shows_hours_by_family_and_by_contact_after_each_check():
    forms = {form["name"]: form for form in website_forms("02-missions-du-coo", "en").values()}
    families, partners = forms["families"]["results"], forms["partners"]["results"]
    assert [result["choices"] for result in families + partners] == [
        ["commercial", "vision", "supervision"],
        ["CEO", "CFO", "CIO", "managers"],
    ]
    assert families[0]["caption"] == "Hours per area of responsibility, based on your answers to question 1"
    assert families[0]["sizes"] == partners[0]["sizes"] and sum(families[0]["sizes"].values()) == 40
    assert "results" not in forms["supervision_share"]


@node
def test_the_browser_totals_answers_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    sizes = {"a1": 4, "a2": 3, "a3": 5, "a4": 2}
    choices = ["vision", "supervision", "CEO"]
    draw = random.Random(2)
    offered = [*choices, " Vision", "SUPERVISION ", "ceo", "later", "", None, 3]
    cases = [{key: draw.choice(offered) for key in sizes} for _ in range(200)]
    cases += [{}, None, ["vision"], {"a1": "vision", "a9": "vision"}]
    program = "const [cases, sizes, choices] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer => S.totalsByAnswer(answer, sizes, choices))));"
    in_browser = run_node(program, [cases, sizes, choices])
    in_notebook = [list(feedback.totals_by_answer(answer, sizes, choices).items()) for answer in cases]
    assert in_browser == [[list(pair) for pair in totals] for totals in in_notebook]
    assert in_notebook[-1] == [("vision", 4), ("supervision", 0), ("CEO", 0), (None, 10)]


LOWEST_CELL = (
    "# Vos notes : les deux plus basses sont à travailler en priorité\n"
    "to_work_on = lowest_scores(my_scores, skill_labels, 2)\n"
)
SKILLS = ['skill_labels = {"prioritise": _("Prioriser"), "delegate": _("Déléguer"), "time": _("Temps")}']


def test_the_lowest_scores_a_notebook_finds_in_an_answer_are_shown_by_the_page_after_the_check():
    """``lowest_scores(answer, keys, count)``: the page gets the keys in their order, the count and the caption."""
    assert answer_results([LOWEST_CELL], SKILLS, {}) == {
        "my_scores": [
            {
                "method": "lowest",
                "keys": ["prioritise", "delegate", "time"],
                "count": 2,
                "caption": "Vos notes : les deux plus basses sont à travailler en priorité",
            }
        ]
    }


@pytest.mark.parametrize(
    ("cell", "data"),
    [
        (LOWEST_CELL.replace(", 2)", ", count)"), SKILLS),  # a count the page does not know
        (LOWEST_CELL.replace(", 2)", ", True)"), SKILLS),  # not a whole number
        (LOWEST_CELL.replace(", 2)", ", 0)"), SKILLS),  # nothing to mark
        (LOWEST_CELL.replace("skill_labels", "list(skill_labels)"), SKILLS),  # keys computed in the call
        (LOWEST_CELL, ["skill_labels = make_labels()"]),  # keys computed in the data
        (LOWEST_CELL.replace(", 2)", ", count=2)"), SKILLS),  # not the helper's call as the page reads it
    ],
)
def test_lowest_scores_the_page_cannot_compute_as_the_notebook_does_are_left_to_the_worked_answer(cell, data):
    assert answer_results([cell], data, {}) == {}


def test_exercise_6_shows_the_skills_to_work_on_first_after_the_self_assessment_is_checked():
    forms = {form["name"]: form for form in website_forms("06-auto-evaluation", "en").values()}
    [lowest] = forms["my_scores"]["results"]
    assert lowest == {
        "method": "lowest",
        "keys": ["prioritise", "delegate", "time", "tools", "tasks", "trust"],
        "count": 2,
        "caption": "Your scores from 1 to 5: the two lowest are the skills to work on first",
    }


@node
def test_the_browser_finds_the_lowest_scores_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    keys = ["prioritise", "delegate", "time", "tools"]
    draw = random.Random(6)
    offered = [1, 2, 3, 3, 4, 5, 2.5, 0, -1, None, "3", True, False]
    cases = [{key: draw.choice(offered) for key in keys} for _ in range(300)]
    cases += [{}, None, [1, 2], {"prioritise": 1, "delegate": 1, "time": 1}, dict.fromkeys(keys, 3)]
    program = "const [cases, keys] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer => S.lowestScores(answer, keys, 2))));"
    in_browser = run_node(program, [cases, keys])
    in_notebook = [feedback.lowest_scores(answer, keys, 2) for answer in cases]
    assert in_browser == in_notebook
    assert in_notebook[-1] == ["prioritise", "delegate"], "ties in the order of the keys"
    assert in_notebook[-2] == [] and in_notebook[-4] == [], "nothing until each key has a number"
    assert sum(map(bool, in_notebook)) > 20
    assert feedback.lowest_scores(dict.fromkeys(keys, 10**400), keys, 2) == [], "as the browser, where it is Infinity"


MEANS_DATA = [
    'tool_labels = {"A": _("Tableur"), "B": _("Logiciel")}',
    'tool_scores = {"A": {"need": 2, "cost": 5}, "B": {"need": 5, "cost": 3}}',
]
MEANS_CELL = (
    "# Scores pondérés avec vos nouveaux poids\n"
    "tight_budget_scores = weighted_means(tight_budget_weights, tool_scores, tool_labels)\n"
)


def test_the_scores_a_notebook_weighs_with_an_answer_are_shown_by_the_page_after_the_check():
    """``weighted_means(answer, scores, items)``: the page gets the notebook's scores, the items in their order
    with their names in the page's language, and the caption."""
    assert answer_results([MEANS_CELL], MEANS_DATA, {"A": "Spreadsheet", "need": "Need"}) == {
        "tight_budget_weights": [
            {
                "method": "means",
                "scores": {"A": {"need": 2, "cost": 5}, "B": {"need": 5, "cost": 3}},
                "items": ["A", "B"],
                "criteria": ["need", "cost"],
                "names": {"A": "Spreadsheet", "B": "B"},
                "caption": "Scores pondérés avec vos nouveaux poids",
            }
        ]
    }


@pytest.mark.parametrize(
    "data",
    [
        [MEANS_DATA[0], 'tool_scores = {"A": {"need": 2, "cost": 5}}'],  # an item without scores
        [MEANS_DATA[0], 'tool_scores = {"A": {"need": 2, "cost": 5}, "B": {"need": 5}}'],  # not the same criteria
        [MEANS_DATA[0], 'tool_scores = {"A": {"need": 2, "cost": "5"}, "B": {"need": 5, "cost": 3}}'],  # text
        [MEANS_DATA[0], 'tool_scores = {"A": [2, 5], "B": [5, 3]}'],  # scores without their criteria
        [MEANS_DATA[0], "tool_scores = load_scores()"],  # computed
        ["tool_labels = make_labels()", MEANS_DATA[1]],  # items computed
    ],
)
def test_scores_the_page_cannot_weigh_as_the_notebook_does_are_left_to_the_worked_answer(data):
    assert answer_results([MEANS_CELL], data, {}) == {}


def test_exercise_5_shows_the_tools_scores_with_the_learner_s_weights_after_the_check():
    forms = {form["name"]: form for form in website_forms("05-outils-et-charge", "en").values()}
    [means] = forms["tight_budget_weights"]["results"]
    assert means["items"] == ["A", "B", "C"] and means["caption"] == "Weighted scores with your new weights"
    assert means["names"]["A"] == "Shared spreadsheet"
    assert list(means["scores"]["C"]) == ["need", "adoption", "compatibility", "cost"]


@node
def test_the_browser_weighs_scores_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    scores = {"A": {"need": 2.1, "adoption": 5, "cost": 4.7}, "B": {"need": 5, "adoption": 3.3, "cost": 3}}
    draw = random.Random(5)
    offered = [0, 0, 1, 10, 25, 40, 33.3, 0.1, -10, None, "20", True]
    cases = [{key: draw.choice(offered) for key in ("need", "adoption", "cost")} for _ in range(300)]
    cases += [{}, None, [1, 2, 3], {"need": 1, "adoption": 1}, {"need": 40, "adoption": 30, "cost": 30}]
    # The page's data is written with sorted keys: the criteria's order (in which they add up) comes apart.
    program = "const [cases, scores, criteria] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += (
        " console.log(JSON.stringify(cases.map(answer => S.weightedMeans(answer, scores, ['A', 'B'], criteria))));"
    )
    page_scores = {item: dict(sorted(table.items())) for item, table in scores.items()}
    in_browser = run_node(program, [cases, page_scores, list(scores["A"])])
    in_notebook = [list(map(list, feedback.weighted_means(answer, scores, ["A", "B"]).items())) for answer in cases]
    assert in_browser == in_notebook
    assert in_notebook[-1] == [["A", (40 * 2.1 + 30 * 5 + 30 * 4.7) / 100], ["B", (40 * 5 + 30 * 3.3 + 30 * 3) / 100]]
    assert in_notebook[-2] == [] and in_notebook[-3] == [], "nothing until each criterion has a weight"
    assert sum(map(bool, in_notebook)) > 50 and not all(in_notebook[:300])


AFTER_DATA = [
    'category_labels = {"meetings": _("Réunions"), "focus": _("Concentration")}',
    'week_hours = {"meetings": [5, 6], "focus": 2}',
    'measure_effects = {"m1": {"meetings": -4, "focus": 6}, "m2": {"focus": -1}}',
]
AFTER_CELL = (
    "before = week_after([])\n"
    "# Heures de la semaine après vos mesures\n"
    "after = totals_with(measures, week_hours, measure_effects)\n"
)


def test_totals_a_notebook_changes_with_the_choices_made_are_shown_by_the_page_after_the_check():
    """``totals_with(answer, base, effects)``: the page gets the base and the effects (the notebook's data), the
    names of the totals in the page's language and the caption."""
    assert answer_results([AFTER_CELL], AFTER_DATA, {"meetings": "Meetings"}) == {
        "measures": [
            {
                "method": "after",
                "base": {"meetings": [5, 6], "focus": 2},
                "effects": {"m1": {"meetings": -4, "focus": 6}, "m2": {"focus": -1}},
                "keys": ["meetings", "focus"],
                "names": {"meetings": "Meetings", "focus": "focus"},
                "caption": "Heures de la semaine après vos mesures",
            }
        ]
    }


@pytest.mark.parametrize(
    "data",
    [
        [AFTER_DATA[0], 'week_hours = {"meetings": [5, "6"], "focus": 2}', AFTER_DATA[2]],  # a text among hours
        [AFTER_DATA[0], "week_hours = {}", AFTER_DATA[2]],  # nothing to total
        [AFTER_DATA[0], AFTER_DATA[1], 'measure_effects = {"m1": {"travel": 3}}'],  # a change of no total
        [AFTER_DATA[0], AFTER_DATA[1], 'measure_effects = {"m1": {"focus": "+3"}}'],  # a change as text
        [AFTER_DATA[0], AFTER_DATA[1], "measure_effects = load_effects()"],  # computed
    ],
)
def test_totals_the_page_cannot_change_as_the_notebook_does_are_left_to_the_worked_answer(data):
    assert answer_results([AFTER_CELL], data, {}) == {}


def test_exercise_4_shows_jonas_s_week_after_the_measures_chosen_after_the_check():
    forms = {form["name"]: form for form in website_forms("04-prioriser-et-deleguer", "en").values()}
    [after] = forms["measures"]["results"]
    assert after["caption"] == "Hours in the week after your measures"
    assert after["names"] == {"meetings": "Meetings", "interruptions": "Interruptions", "focus": "Focus time"}
    assert sorted(after["effects"]) == ["m1", "m2", "m3", "m4", "m5", "m6"]


@node
def test_the_browser_changes_totals_with_the_choices_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    base = {"meetings": [5, 6, 3], "interruptions": 7, "focus": [1, 1]}
    effects = {"m1": {"meetings": -4, "focus": 6}, "m2": {"interruptions": -8, "meetings": 5}, "M3": {"focus": -5}}
    draw = random.Random(4)
    offered = ["m1", "m2", "m3", " M1", "M2 ", "m9", "", None, 7, True]
    cases = [draw.sample(offered, draw.randint(0, 5)) for _ in range(300)]
    cases += [None, "m1", {"m1": True}, ["m1", "m1"]]
    # The page's data is written with sorted keys: the notebook's order comes apart, as the page gets it.
    program = "const [cases, base, effects, keys] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer => S.totalsWith(answer, base, effects, keys))));"
    in_browser = run_node(program, [cases, dict(sorted(base.items())), effects, list(base)])
    in_notebook = [list(map(list, feedback.totals_with(answer, base, effects).items())) for answer in cases]
    assert in_browser == in_notebook
    assert in_notebook[-1] == [["meetings", 10], ["interruptions", 7], ["focus", 8]], "a choice counts once"
    assert (
        in_notebook[-2] == in_notebook[-3] == in_notebook[-4] == [["meetings", 14], ["interruptions", 7], ["focus", 2]]
    )
    assert len({json.dumps(totals) for totals in in_notebook}) > 5


REACHED_DATA = ['period_labels = {"2023Q1": _("T1 2023"), "2023Q2": _("T2 2023"), "2023Q3": _("T3 2023")}']
REACHED_CELL = (
    "# Nombre de critères remplis par trimestre\ncriteria_met = reached_by_period(first_met, period_labels)\n"
)


def test_what_has_started_by_each_period_is_shown_by_the_page_after_the_check():
    """``reached_by_period(answer, periods)``: the page gets the periods in order, with their names."""
    assert answer_results([REACHED_CELL], REACHED_DATA, {"2023Q1": "Q1 2023"}) == {
        "first_met": [
            {
                "method": "reached",
                "periods": ["2023Q1", "2023Q2", "2023Q3"],
                "names": {"2023Q1": "Q1 2023", "2023Q2": "2023Q2", "2023Q3": "2023Q3"},
                "caption": "Nombre de critères remplis par trimestre",
            }
        ]
    }
    assert answer_results([REACHED_CELL.replace("period_labels", "list(period_labels)")], REACHED_DATA, {}) == {}
    assert answer_results([REACHED_CELL], ["period_labels = load()"], {}) == {}


def test_exercise_1_shows_the_criteria_met_quarter_by_quarter_after_the_check():
    forms = {form["name"]: form for form in website_forms("01-faut-il-un-coo", "en").values()}
    [reached] = forms["first_met"]["results"]
    assert reached["periods"][0] == "2023Q1" and len(reached["periods"]) == 8
    assert reached["names"]["2023Q1"] == "Q1 2023"


@node
def test_the_browser_counts_what_has_started_by_each_period_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    periods = ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    draw = random.Random(1)
    offered = [*periods, " 2023q2", "2023Q4 ", "2025Q1", "", None, 2023]
    cases = [{key: draw.choice(offered) for key in ("size", "complexity", "ceo_load")} for _ in range(300)]
    cases += [{}, None, ["2023Q1"], {"size": "2023Q3", "complexity": "2023q1", "ceo_load": "2023Q3"}]
    program = "const [cases, periods] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer => S.reachedByPeriod(answer, periods))));"
    in_browser = run_node(program, [cases, periods])
    in_notebook = [list(map(list, feedback.reached_by_period(answer, periods).items())) for answer in cases]
    assert in_browser == in_notebook
    assert in_notebook[-1] == [["2023Q1", 1], ["2023Q2", 1], ["2023Q3", 3], ["2023Q4", 3]]
    assert in_notebook[-2] == in_notebook[-3] == in_notebook[-4] == [], "nothing until each key has a period"
    assert sum(map(bool, in_notebook)) > 20


POINTS_DATA = [
    'role_labels = {"CEO": _("CEO, le dirigeant"), "COO": _("COO, le directeur des opérations")}',
    'positions = {"s2": {"horizon": 4.9, "focus": 3.8}, "s10": {"horizon": 1, "focus": 1.5}}',
    'scale_labels = {"horizon": _("Horizon de temps"), "focus": _("Orientation")}',
    'splits = {"horizon": 3, "focus": 3}',
]
POINTS_CELL = (
    "# Nuage de points : horizon × orientation, selon vos réponses\n"
    "by_role = points_by_answer(answers, positions, role_labels, splits)\n"
)


def test_points_a_notebook_groups_by_answer_are_drawn_by_the_page_after_the_check():
    """``points_by_answer(answer, points, choices, splits)``: the page gets the points (the notebook's data), the
    keys and the two scales in the notebook's order (the page's data is written with sorted keys), the scales'
    names in the page's language, where the chart divides them and the caption."""
    assert answer_results([POINTS_CELL], POINTS_DATA, {"horizon": "Time horizon"}) == {
        "answers": [
            {
                "method": "points",
                "points": {"s2": {"horizon": 4.9, "focus": 3.8}, "s10": {"horizon": 1, "focus": 1.5}},
                "keys": ["s2", "s10"],
                "axes": ["horizon", "focus"],
                "choices": ["CEO", "COO"],
                "splits": {"horizon": 3, "focus": 3},
                "names": {"horizon": "Time horizon", "focus": "focus"},
                "caption": "Nuage de points : horizon × orientation, selon vos réponses",
            }
        ]
    }
    without_splits = answer_results([POINTS_CELL.replace(", splits)", ")")], POINTS_DATA, {})
    assert "splits" not in without_splits["answers"][0]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([*POINTS_DATA[:1], 'positions = {"s2": {"horizon": 4.9, "focus": "3.8"}}', *POINTS_DATA[2:]], "positions"),
        (
            [*POINTS_DATA[:1], 'positions = {"s2": {"horizon": 4.9, "focus": 1, "depth": 2}}', *POINTS_DATA[2:]],
            "positions",
        ),
        (
            [*POINTS_DATA[:1], 'positions = {"s2": {"horizon": 1, "focus": 1}, "s3": {"focus": 1, "horizon": 1}}'],
            "positions",
        ),
        ([*POINTS_DATA[:1], 'positions = {"s2": {"horizon": 1e999, "focus": 1}}'], "positions"),
        (["role_labels = roles()", *POINTS_DATA[1:]], "role_labels"),
        ([*POINTS_DATA[:3], 'splits = {"depth": 3}'], "splits"),
        ([*POINTS_DATA[:3], 'splits = {"horizon": "3"}'], "splits"),
    ],
)
def test_points_the_page_cannot_draw_as_the_notebook_does_are_left_to_the_worked_answer(data, why):
    assert answer_results([POINTS_CELL], data, {}) == {}
    [(_position, line, said)] = unshown_results([POINTS_CELL], data)
    assert line == 2 and f"`{why}`" in said, said


@pytest.mark.parametrize(
    ("exercise", "answer", "caption", "names", "choices"),
    [
        (
            "03-ceo-ou-coo",
            "answers",
            "Scatter plot: time horizon × focus, coloured according to your answers",
            {"horizon": "Time horizon (1 = a day, 5 = several years)", "focus": "Focus (1 = internal, 5 = external)"},
            ["CEO", "COO"],
        ),
        (
            "04-prioriser-et-deleguer",
            "priority",
            "Urgency × importance matrix, from your decisions in question 1",
            {"deadline_days": "Deadline, in days (left: urgent)", "impact": "Impact on objectives (top: important)"},
            ["do", "plan", "delegate", "drop"],
        ),
    ],
)
def test_exercises_3_and_4_draw_their_charts_coloured_by_answer_after_the_check(
    exercise, answer, caption, names, choices
):
    forms = {form["name"]: form for form in website_forms(exercise, "en").values()}
    [points] = forms[answer]["results"]
    assert (points["caption"], points["names"], points["choices"]) == (caption, names, choices)
    assert len(points["keys"]) == 12 and set(points["splits"]) == set(points["axes"]) == set(names)


@node
def test_the_browser_groups_points_by_answer_as_the_notebook_does():
    import random

    feedback = feedback_helper()
    points = {f"s{number}": {"x": number, "y": 13 - number} for number in range(1, 13)}
    choices = ["CEO", "coo", "later"]
    draw = random.Random(5)
    offered = [*choices, " ceo", "COO ", "LATER", "cfo", "", None, 3, True]
    cases = [{key: draw.choice(offered) for key in points} for _ in range(200)]
    cases += [{}, None, ["CEO"], {"s1": "ceo", "s2": "Coo", "s13": "CEO"}]
    # The page's data is written with sorted keys (s1, s10, s11, s12, s2…): the keys travel in the notebook's order.
    program = "const [cases, keys, choices] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    program += " console.log(JSON.stringify(cases.map(answer => S.pointsByAnswer(answer, keys, choices))));"
    in_browser = run_node(program, [cases, list(points), choices])
    in_notebook = [list(map(list, feedback.points_by_answer(answer, points, choices).items())) for answer in cases]
    assert in_browser == in_notebook
    assert in_notebook[-1] == [["CEO", ["s1"]], ["coo", ["s2"]], ["later", []], [None, [f"s{n}" for n in range(3, 13)]]]
    assert in_notebook[-2] == in_notebook[-3] == [["CEO", []], ["coo", []], ["later", []], [None, list(points)]]
    assert len({json.dumps(groups) for groups in in_notebook}) > 100


@pytest.mark.parametrize(
    ("cell", "data", "why"),
    [
        (RESULT_CELL.replace("# Heures par famille, d’après vos réponses\n", ""), RESULT_DATA, "no comment line"),
        (RESULT_CELL, ["hours = compute()", RESULT_DATA[1]], "`hours` is not literal numbers by key"),
        (RESULT_CELL, [RESULT_DATA[0], "family_labels = make()"], "`family_labels` is not a dictionary"),
        (LOWEST_CELL.replace(", 2)", ", count)"), SKILLS, "the count is not a whole number"),
        (LOWEST_CELL.replace("skill_labels", "list(skill_labels)"), SKILLS, "its arguments must be names"),
        (AFTER_CELL, [AFTER_DATA[1], 'measure_effects = {"m1": {"travel": 3}}'], "`measure_effects` is not literal"),
        (MEANS_CELL, [MEANS_DATA[0], 'tool_scores = {"A": [2, 5], "B": [5, 3]}'], "`tool_scores` is not literal"),
        (REACHED_CELL, ["period_labels = load()"], "`period_labels` is not a dictionary"),
        (POINTS_CELL, [*POINTS_DATA[:3], "splits = {}"], "`splits` is not literal numbers by scale"),
    ],
)
def test_a_helper_s_result_the_page_cannot_show_is_reported_with_its_line_and_why(cell, data, why):
    """The author called the helper for the website: the build says where, and why the page cannot show it."""
    [(position, line, said)] = unshown_results(["x = 1", cell], data)
    call = re.search(
        r"(totals_by_answer|totals_with|lowest_scores|weighted_means|reached_by_period|points_by_answer)\(", cell
    )
    assert position == 1 and line == cell.count("\n", 0, call.start()) + 1
    assert why in said, said


def test_every_helper_result_of_the_course_is_shown_and_a_broken_one_names_its_notebook_cell(monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(notebook_pages, "_warn", lambda message, docname, line=None: said.append((docname, message)))
    for path in notebooks_in(REPO_ROOT / "exercises"):
        notebook_pages._warn_unshown_results(read_notebook(path), f"exercises/{path.stem}")
    assert said == []
    notebook = read_notebook(REPO_ROOT / "exercises" / "06-auto-evaluation.ipynb")
    [index] = [index for index, cell in enumerate(notebook.cells) if "lowest_scores(my_scores" in cell.source]
    notebook.cells[index].source = notebook.cells[index].source.replace("skill_labels, 2)", "skill_labels, top)")
    notebook_pages._warn_unshown_results(notebook, "exercises/06-auto-evaluation")
    [(docname, message)] = said
    line = (
        notebook.cells[index].source.split("\n").index("to_work_on = lowest_scores(my_scores, skill_labels, top)") + 1
    )
    assert docname == "exercises/06-auto-evaluation"
    assert message.startswith(f"cell {index}, line {line}: the website cannot show lowest_scores(…): the count")
