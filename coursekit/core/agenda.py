"""Session agendas: pages laid out from 9:00 with breaks, lunch and a closing, from their minutes.

Pure logic, without Sphinx (``coursekit.sphinxext.session_plan`` draws the
agendas; ``tests/fast/test_agenda.py`` checks the rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.core.durations import format_duration
from coursekit.core.ui_text import ui_format, ui_text

DAY_START = 9 * 60
WELCOME_MINUTES = 15
BREAK_MINUTES = 15
LUNCH_MINUTES = 60
CLOSING_MINUTES = 10
# Adults keep their attention for about an hour and a half: no stretch of work runs longer.
MAX_STRETCH = 90
# A half-day ends by lunch: at most three and a half hours from the welcome to the closing.
HALF_DAY_LIMIT = 3 * 60 + 30


class PlanError(ValueError):
    """A schedule the rules cannot lay out (a module longer than a stretch of work)."""


@dataclass(frozen=True)
class Slot:
    start: int  # minutes since midnight
    minutes: int
    label: str
    docname: str | None = None
    kind: str = "work"  # "work" or "pause" (breaks and lunch)

    @property
    def end(self) -> int:
        return self.start + self.minutes


def plan_day(modules: list[tuple[str, int]], limit: int | None, language: str) -> tuple[list[Slot], list[str]]:
    """Lay pages ``(docname, minutes)`` out from 9:00, with a break before any stretch
    of work would pass ``MAX_STRETCH`` minutes, and lunch at the first break past the
    middle of a full day.

    With ``limit`` (a half-day), the pages that do not fit are returned as the
    second element, for self-study.
    """
    too_long = [docname for docname, minutes in modules if minutes > MAX_STRETCH]
    if too_long:
        raise PlanError(f"longer than {MAX_STRETCH} minutes without a break: {', '.join(too_long)}")
    slots = [Slot(DAY_START, WELCOME_MINUTES, ui_text("Accueil, objectifs de la session", language))]
    clock, stretch, lunch_taken, left_over = slots[-1].end, WELCOME_MINUTES, limit is not None, []
    total_work = sum(minutes for _, minutes in modules)
    done = 0
    for docname, minutes in modules:
        pause = stretch + minutes > MAX_STRETCH
        needed = minutes + (BREAK_MINUTES if pause else 0)
        # The closing needs a break of its own when this module ends a full stretch.
        if (0 if pause else stretch) + minutes + CLOSING_MINUTES > MAX_STRETCH:
            needed += BREAK_MINUTES
        # Modules build on each other: once one does not fit, the rest is for self-study.
        if left_over or (limit is not None and (clock - DAY_START) + needed + CLOSING_MINUTES > limit):
            left_over.append(docname)
            continue
        if pause and not lunch_taken and done >= total_work / 2:
            slots.append(Slot(clock, LUNCH_MINUTES, ui_text("Déjeuner", language), kind="pause"))
            clock, stretch, lunch_taken = clock + LUNCH_MINUTES, 0, True
        elif pause:
            slots.append(Slot(clock, BREAK_MINUTES, ui_text("Pause", language), kind="pause"))
            clock, stretch = clock + BREAK_MINUTES, 0
        slots.append(Slot(clock, minutes, "", docname))
        clock, stretch, done = clock + minutes, stretch + minutes, done + minutes
    if stretch + CLOSING_MINUTES > MAX_STRETCH:
        slots.append(Slot(clock, BREAK_MINUTES, ui_text("Pause", language), kind="pause"))
        clock = clock + BREAK_MINUTES
    closing = (
        ui_text("Bilan et clôture", language)
        if not left_over
        else ui_text("Bilan, questions et suite du parcours", language)
    )
    slots.append(Slot(clock, CLOSING_MINUTES, closing))
    return slots, left_over


def learning_minutes(slots: list[Slot]) -> int:
    return sum(slot.minutes for slot in slots if slot.kind == "work")


def plan_heading(name: str, slots: list[Slot], language: str) -> str:
    """``Journée complète : 09:00–16:10 (5 h 35 de formation)``, from the slots themselves."""
    return ui_format(
        "{name} : {start}–{end} ({learning} de formation)",
        language,
        name=name,
        start=clock_time(slots[0].start),
        end=clock_time(slots[-1].end),
        learning=format_duration(learning_minutes(slots), language),
    )


def clock_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
