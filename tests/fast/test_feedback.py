"""The notebooks' feedback helper: verdicts in the notebook's words, answers hidden behind seals."""

from __future__ import annotations

import sys

import pytest

from coursekit.core.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "exercises"))
from coo_feedback import Checker, seal, seal_each  # noqa: E402  (a learner's module, beside the notebooks)


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
