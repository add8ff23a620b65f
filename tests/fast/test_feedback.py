"""The notebooks' feedback helper: verdicts in the notebook's words, answers hidden behind seals."""

from __future__ import annotations

import sys

import pytest

from coursekit.core.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "exercises"))
from coo_feedback import Checker, follows_rules, seal, seal_each  # noqa: E402  (a learner's module, beside the notebooks)


@pytest.fixture
def check() -> Checker:
    return Checker(
        correct="RIGHT", not_yet="NOT YET", hint_label="Hint:", score="{right}/{total}", review_label="Review:"
    )


def test_a_right_answer_against_its_seal(check, capsys):
    assert check.equal("  North ", seal("north"))
    assert capsys.readouterr().out.strip() == "RIGHT"


def test_a_placeholder_is_not_yet_with_the_hint(check, capsys):
    assert not check.equal(None, seal("north"), hint="Look at the map.")
    assert capsys.readouterr().out.split("\n")[:2] == ["NOT YET", "Hint: Look at the map."]


def test_a_mapping_of_sealed_answers_is_scored_key_by_key(check, capsys):
    expected = seal_each({"q1": "yes", "q2": "no", "q3": "yes"})
    assert not check.equal({"q1": "yes", "q2": "yes", "q3": None}, expected)
    printed = capsys.readouterr().out
    assert "1/3" in printed and "Review: q2" in printed and "q3" not in printed.split("Review:")[1]


def test_numbers_within_a_sealed_tolerance(check):
    assert check.close(7.3, seal(7.25, tolerance=0.5), tolerance=0.5)
    assert not check.close(9.0, seal(7.25, tolerance=0.5), tolerance=0.5)


def test_booleans_never_match_numbers(check):
    assert not check.equal(1, True)


def test_a_seal_does_not_show_the_answer():
    assert "north" not in seal("north") and seal("north").startswith("sha256:")


# -- Slips explained in words (the kernel-side handler is proven in tests/test_notebooks.py) ----------------

SLIP_WORDS = {
    "unquoted_word": "WORD {word} NEEDS QUOTES",
    "true_false": "TRUE OR FALSE",
    "curly_quotes": "STRAIGHT QUOTES",
    "unreadable": "LINE {line} UNREADABLE",
    "not_run": "{word} NOT RUN YET",
    "decimal_comma": "DECIMAL POINT {number}",
    "not_a_number": "A NUMBER ALONE {number}",
    "not_a_choice": "{value} IS NOT ONE OF {choices}",
    "unskilled_task": "{task} NEEDS A SKILL {person} LACKS",
}


@pytest.fixture
def explaining() -> Checker:
    return Checker(correct="RIGHT", not_yet="NOT YET", hint_label="Hint:", **SLIP_WORDS)


def error_of(cell: str, namespace: dict | None = None) -> BaseException:
    try:
        exec(compile(cell, "<cell>", "exec"), dict(namespace or {}))  # noqa: S102  (the learner's cell, as Jupyter runs it)
    except (NameError, SyntaxError) as error:
        return error
    raise AssertionError(f"{cell!r} raised nothing")


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ('priority = {"t1": do, "t2": None}', "WORD do NEEDS QUOTES"),
        ("coo_zone = short_internal", "WORD short_internal NEEDS QUOTES"),
        ('ranking = [B, "A", None]', "WORD B NEEDS QUOTES"),
        ('delegation = {"d1": true, "d2": None}', "TRUE OR FALSE"),
        ('delegation = {"d1": Faux}', "TRUE OR FALSE"),
        ("motto = “B”", "STRAIGHT QUOTES"),
        ("motto = « B »", "STRAIGHT QUOTES"),
        ('priority = {\n    "t1": "do" "t2": None,\n}', "LINE 2 UNREADABLE"),
        ("before = week_after([])", "week_after NOT RUN YET"),
        ("check.equal(priority, expected_priority)", "check NOT RUN YET"),
    ],
)
def test_each_slip_is_explained_in_the_notebooks_words(explaining, cell, words):
    assert explaining.explain(error_of(cell), cell) == words


def test_a_justification_in_french_quotes_is_no_slip():
    # « » inside a string are the learner's own words: the cell runs.
    exec(compile('justification = "Il faut « déléguer » d’abord."', "<cell>", "exec"), {})  # noqa: S102


def test_without_words_for_a_slip_the_error_is_left_as_it_is():
    plain = Checker(correct="RIGHT", not_yet="NOT YET")
    assert plain.explain(error_of('priority = {"t1": do}'), 'priority = {"t1": do}') is None
    assert plain.explain(error_of("motto = “B”"), "motto = “B”") is None


@pytest.mark.parametrize(
    ("answer", "line"),
    [
        ((22, 2), "DECIMAL POINT 22.2"),
        ("22%", "A NUMBER ALONE 22"),
        (" 22,2 % ", "A NUMBER ALONE 22.2"),
        ("22.2", "A NUMBER ALONE 22.2"),
    ],
)
def test_a_number_in_the_wrong_form_is_named(explaining, capsys, answer, line):
    assert not explaining.close(answer, seal(22.2, tolerance=0.5), tolerance=0.5, hint="Add them up.")
    assert capsys.readouterr().out.splitlines() == ["NOT YET", line, "Hint: Add them up."]


def test_an_answer_outside_the_offered_codes_is_named_once(explaining, capsys):
    expected = seal_each({"t1": "do", "t2": "plan", "t3": "drop"})
    answers = {"t1": "do", "t2": "later", "t3": "later"}
    assert not explaining.equal(answers, expected, choices=["do", "plan", "delegate", "drop"])
    printed = capsys.readouterr().out.splitlines()
    assert printed.count("later IS NOT ONE OF do, plan, delegate, drop") == 1
    # A right answer in another case or with spaces is one of the codes: nothing is said about it.
    assert not explaining.equal(" DO ", seal("plan"), choices=["do", "plan"])
    assert "IS NOT ONE OF" not in capsys.readouterr().out


def test_a_right_answer_says_nothing_of_format(explaining, capsys):
    assert explaining.close(22.2, seal(22.2, tolerance=0.5), tolerance=0.5)
    assert explaining.same_items(["t1", "t2"], seal({"t1", "t2"}), choices=["t1", "t2", "t3"])
    assert capsys.readouterr().out.splitlines() == ["RIGHT", "RIGHT"]


WEIGHTS = {"whole": True, "low": 1, "total": 100, "relations": [["need", "=", "adoption"], ["cost", ">", "need"]]}


def test_numbers_are_checked_against_rules_given_as_data(check, capsys):
    keys = ["need", "adoption", "cost"]
    assert check.numbers({"need": 30, "adoption": 30, "cost": 40}, WEIGHTS, keys=keys)
    assert capsys.readouterr().out.strip() == "RIGHT"
    assert not check.numbers({"need": 30, "adoption": 30, "cost": 30}, WEIGHTS, keys=keys), "not 100"
    assert not check.numbers({"need": 35, "adoption": 30, "cost": 35}, WEIGHTS, keys=keys), "need differs from adoption"
    assert not check.numbers({"need": 30.5, "adoption": 30.5, "cost": 39}, WEIGHTS, keys=keys), "not whole"
    assert not check.numbers({"need": 30, "adoption": 30, "cost": 40, "extra": 0}, WEIGHTS, keys=keys), "a key more"
    assert not check.numbers({"need": 50, "adoption": 50}, WEIGHTS), "a relation's key missing"
    assert not check.numbers(None, WEIGHTS, hint="Four whole numbers.")
    assert "Hint: Four whole numbers." in capsys.readouterr().out


def test_a_number_within_bounds_and_the_slips_that_are_not_numbers(capsys):
    check = Checker(correct="RIGHT", not_yet="NOT YET", decimal_comma="Write {number} with a point.")
    rules = {"low": 1, "high": 5}
    assert follows_rules(1, rules) and follows_rules(5.0, rules) and not follows_rules(5.5, rules)
    assert not follows_rules(True, rules) and not follows_rules(float("nan"), rules) and not follows_rules("3", rules)
    assert not follows_rules(10**400, {}), "a number no float holds (400 nines typed) is refused, not a crash"
    assert not check.numbers((2, 5), rules)
    assert "Write 2.5 with a point." in capsys.readouterr().out


TEAM = {
    "sizes": {"k1": 10, "k2": 6, "k3": 4},
    "needs": {"k1": "data", "k2": "hr", "k3": None},
    "skills": {"amina": ["data"], "chloe": ["hr"]},
    "capacity": {"amina": 20, "chloe": 20},
    "low": 40,
    "high": 80,
}


def test_an_allocation_names_each_task_given_to_someone_without_its_skill(explaining, capsys):
    assert explaining.allocation({"k1": "amina", "k2": "chloe", "k3": "Chloe "}, **TEAM, choices=["amina", "chloe"])
    assert capsys.readouterr().out.splitlines() == ["RIGHT"]
    swapped = {"k1": "chloe", "k2": " Amina", "k3": "chloe"}
    assert not explaining.allocation(swapped, **TEAM, hint="Skills first.", choices=["amina", "chloe"])
    assert capsys.readouterr().out.splitlines() == [
        "NOT YET",
        "k1 NEEDS A SKILL chloe LACKS",
        "k2 NEEDS A SKILL Amina LACKS",
        "Hint: Skills first.",
    ]
    # Within skills but outside the load: nothing about skills; a stranger is named as no choice, not as unskilled.
    assert not explaining.allocation({"k1": "amina", "k2": "chloe", "k3": "amina"}, **TEAM), "Chloé at 30 %"
    assert "NEEDS A SKILL" not in capsys.readouterr().out
    assert not explaining.allocation({"k1": "nadia", "k2": "chloe", "k3": "chloe"}, **TEAM, choices=["amina", "chloe"])
    assert capsys.readouterr().out.splitlines() == ["NOT YET", "nadia IS NOT ONE OF amina, chloe"]


def test_a_rule_checked_answer_is_decided_by_its_predicate_whatever_it_lists_for_the_browser(check):
    assert check.satisfies(["m1"], lambda answer: answer == ["m1"], accepted=[seal({"m2"})])
