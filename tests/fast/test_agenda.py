"""Session agendas (``coursekit.core.agenda``): breaks, lunch, half-days and headings, from minutes alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.core.agenda import (
    BREAK_MINUTES,
    CLOSING_MINUTES,
    DAY_START,
    HALF_DAY_LIMIT,
    LUNCH_MINUTES,
    MAX_STRETCH,
    WELCOME_MINUTES,
    PlanError,
    clock_time,
    learning_minutes,
    plan_day,
    plan_heading,
)

# Pages as the course has them: a few, each between a short lesson and a full stretch of work.
pages = st.lists(st.integers(min_value=5, max_value=MAX_STRETCH), min_size=1, max_size=9).map(
    lambda minutes: [(f"course/{number:02d}", value) for number, value in enumerate(minutes, start=1)]
)


def stretches(slots) -> list[int]:
    """Minutes of work between two pauses."""
    found, current = [], 0
    for slot in slots:
        if slot.kind == "pause":
            found.append(current)
            current = 0
        else:
            current += slot.minutes
    return [*found, current]


@settings(max_examples=200, deadline=None)
@given(pages)
def test_a_full_day_keeps_every_page_in_order_with_no_stretch_over_the_limit(modules):
    slots, left_over = plan_day(modules, None, "fr")
    assert left_over == []
    assert [slot.docname for slot in slots if slot.docname] == [docname for docname, _ in modules]
    assert slots[0].start == DAY_START and slots[0].minutes == WELCOME_MINUTES
    assert slots[-1].minutes == CLOSING_MINUTES
    assert all(earlier.end == later.start for earlier, later in zip(slots, slots[1:], strict=False)), (
        "no gap, no overlap"
    )
    assert max(stretches(slots)) <= MAX_STRETCH
    assert learning_minutes(slots) == WELCOME_MINUTES + sum(minutes for _, minutes in modules) + CLOSING_MINUTES
    lunches = [slot for slot in slots if slot.kind == "pause" and slot.minutes == LUNCH_MINUTES]
    assert len(lunches) <= 1
    if lunches:
        before = sum(slot.minutes for slot in slots if slot.docname and slot.end <= lunches[0].start)
        assert before >= sum(minutes for _, minutes in modules) / 2, "lunch comes past the middle of the day"


@settings(max_examples=200, deadline=None)
@given(pages)
def test_a_half_day_ends_in_time_and_leaves_the_last_pages_for_self_study(modules):
    slots, left_over = plan_day(modules, HALF_DAY_LIMIT, "fr")
    assert slots[-1].end - DAY_START <= HALF_DAY_LIMIT or not any(slot.docname for slot in slots)
    taught = [slot.docname for slot in slots if slot.docname]
    assert taught + left_over == [docname for docname, _ in modules], "the pages left over are the last ones"
    assert all(slot.minutes != LUNCH_MINUTES for slot in slots if slot.kind == "pause"), "no lunch in a half-day"
    assert max(stretches(slots)) <= MAX_STRETCH


def test_breaks_fall_where_a_stretch_would_pass_ninety_minutes():
    slots, _ = plan_day([("a", 40), ("b", 50), ("c", 45), ("d", 60), ("e", 30)], None, "fr")
    assert [(clock_time(slot.start), slot.label) for slot in slots if slot.kind == "pause"] == [
        ("09:55", "Pause"),
        ("11:00", "Pause"),
        ("12:00", "Déjeuner"),
        ("14:30", "Pause"),
    ]
    pauses = [slot.minutes for slot in slots if slot.kind == "pause"]
    assert pauses == [BREAK_MINUTES, BREAK_MINUTES, LUNCH_MINUTES, BREAK_MINUTES]


def test_the_closing_says_when_pages_are_left_for_self_study():
    slots, left_over = plan_day([("a", 90), ("b", 90), ("c", 90)], HALF_DAY_LIMIT, "fr")
    assert left_over == ["b", "c"]  # the welcome, a break, then one stretch fill the half-day
    assert slots[-1].label == "Bilan, questions et suite du parcours"
    assert plan_day([("a", 30)], HALF_DAY_LIMIT, "fr")[0][-1].label == "Bilan et clôture"


def test_a_page_longer_than_a_stretch_cannot_be_planned():
    with pytest.raises(PlanError, match="course/long"):
        plan_day([("course/short", 30), ("course/long", MAX_STRETCH + 1)], None, "fr")


def test_the_heading_is_computed_from_the_slots():
    slots, _ = plan_day([("a", 40), ("b", 50), ("c", 45), ("d", 60), ("e", 30)], None, "fr")
    assert plan_heading("Journée complète", slots, "fr") == "Journée complète\u00a0: 09:00–14:55 (4 h 10 de formation)"


@pytest.mark.parametrize(("minutes", "shown"), [(0, "00:00"), (DAY_START, "09:00"), (13 * 60 + 5, "13:05")])
def test_clock_times(minutes, shown):
    assert clock_time(minutes) == shown
