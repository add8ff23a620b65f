"""Instant feedback for the exercise notebooks of the course "Le COO".

The module holds no learner-facing text: every word it prints is given by the
notebook, so translators find all of a notebook's words in the notebook::

    check = Checker(
        correct=_("✅ Bonne réponse !"),
        not_yet=_("❌ Pas encore."),
        hint_label=_("Indice :"),
    )
    check.equal(answers, expected_answers, hint=_("Relisez ..."))

Each check prints a verdict (plus the hint when the answer is not right yet)
and returns ``True`` or ``False``, so tests can use it too. A check never
raises: a placeholder (``None``, a missing key, an empty list), a wrong type or
a predicate that fails all simply mean "not yet".

Comparison rules, shared by every check:

- strings match when equal after stripping spaces and ignoring case;
- numbers match exactly (``equal``) or within a tolerance (``close``);
  ``True``/``False`` only match booleans, never ``1``/``0``;
- mappings must have the same keys, and matching values key by key;
- lists and tuples match item by item, in order; sets ignore order;
- pandas objects are turned into plain Python values first (a Series into a
  list or a dict, depending on what is expected).

Sealed expectations
-------------------

So that a notebook can hold its expected answers without showing them, any
expected value may be given as its seal, a short digest made by :func:`seal`
(``"sha256:"`` and 16 hex digits)::

    seal("north")                             # for equal
    seal_each({"q1": "yes", "q2": "no"})      # a mapping of answers: one seal per key
    seal({"x", "y"})                          # for same_items: the items as a set, or sorted
    seal(7.25, tolerance=0.5)                 # for close: seal with the check's tolerance

A checker compares the seal of the learner's answer, normalised by the rules
above, with the expected seal. In a mapping, each value may be sealed on its
own, with its key (as :func:`seal_each` does): the checker can still count the
right answers and name the keys to review, and equal answers under different
keys do not get equal seals. Plain expectations keep working, and both kinds
may be mixed in one mapping.

Slips explained in words
------------------------

A learner who is not a programmer makes a few typing slips again and again. The
checker explains each one in the notebook's words instead of a Python error,
when the notebook gives it those words (all optional; ``{fields}`` filled in)::

    Checker(
        ...,
        unquoted_word=_("... {word} ..."),   # "t1": do        (a word without quotes)
        true_false=_("..."),                 # true, faux      (True/False misspelt)
        curly_quotes=_("..."),               # “do”            (a word processor's quotes)
        unreadable=_("... {line} ..."),      # any other unreadable line
        not_run=_("... {word} ..."),         # a name from a cell above not yet run
        decimal_comma=_("... {number} ..."), # 22,2 for close()  (Python reads two numbers)
        not_a_number=_("... {number} ..."),  # "22%" or "22,2" for close()
        not_a_choice=_("... {value} ... {choices} ..."),  # with choices= on a check
        unskilled_task=_("... {task} ... {person} ..."),  # allocation: a task to someone without its skill
    )

The first five replace the error Jupyter would show (an IPython custom
exception handler for ``NameError`` and ``SyntaxError``, installed by the
checker; outside IPython nothing is installed). A ``NameError`` in a cell of
literal values only (an answer cell: see ``coursekit/core/answer_cells.py``)
is a word the learner typed without quotes; anywhere else it is a name that a
cell above defines, not run yet. The last four add a line to the "not yet"
verdict.

Answers with many right values
------------------------------

Some questions have many right answers. ``satisfies`` checks one with a
rule written in Python (a predicate); when the right answers can be listed,
``accepted=`` gives their seals too, for a checker without Python (the
website's form compares the seal of the learner's answer with them; the
course's tests prove they are exactly the answers the predicate accepts).
Numbers chosen within rules are checked by ``numbers`` against the rules as
data, which any checker can read::

    rules = {"whole": True, "low": 1, "total": 100, "relations": [["cost", ">", "need"]]}
    check.numbers(weights, rules, keys=criteria, hint=_("..."))

Each rule is optional: ``whole`` (whole numbers only), ``low`` and ``high``
(bounds, included), ``total`` (the sum of the numbers) and ``relations``
(``[key, operator, key]``, with ``<``, ``<=``, ``=``, ``>=`` or ``>``).

Work shared out within capacities is checked by ``allocation``, from the
notebook's own data: each task goes to a person who has the skill it needs
(``None``: anyone), and each person's load (the hours of their tasks) is from
``low`` to ``high`` per cent of their capacity::

    check.allocation(assignment, sizes=task_hours, needs=task_skill, skills=person_skills,
                     capacity=capacity, low=40, high=80, hint=_("..."))

A seal hides an answer from the eye, not from a determined learner: with few
possible answers, sealing each one and comparing is enough to find it.

What is sealed is a canonical JSON encoding of the normalised value: strings
stripped and case-folded; floats to 12 significant digits, and integral ones
as integers; sets (and the items given to ``same_items``) as their items,
sorted, marked as a set; a list or tuple answer also matches a sealed set.
With a tolerance, every number is sealed as its nearest multiple of a tenth
of the tolerance, and ``close`` accepts an answer within ``tolerance`` of that
multiple (numbers nested in a list are only rounded to that grid).

What the notebook computes from an answer
-----------------------------------------

Some cells compute from the answers: ``totals_by_answer`` totals the sizes of
each choice (the week's hours by family), ``totals_with`` changes totals by the
effects of the choices made (the week after the measures chosen),
``reached_by_period`` counts what has started by each period (the criteria met
quarter by quarter), ``lowest_scores`` finds the lowest scores (the skills to work on first),
``weighted_means`` weighs scores with the weights given (the tools' scores),
``points_by_answer`` groups the points of a chart by answer (statements placed by
horizon and orientation, coloured by the role given to each),
``allocation_loads`` gives each person's load. The website shows the same results after each check, computed with the
same rules from the notebook's data: it reads these calls (for the loads, the
``allocation`` check) from the notebook, and never runs it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from typing import Any

__all__ = [
    "Checker",
    "allocation_loads",
    "follows_allocation",
    "follows_rules",
    "lowest_scores",
    "points_by_answer",
    "reached_by_period",
    "seal",
    "seal_each",
    "totals_by_answer",
    "totals_with",
    "unskilled_tasks",
    "weighted_means",
]

_MISSING = object()
_SEALED = re.compile(r"sha256:[0-9a-f]{16}")
_GRID = 10  # a tolerance holds this many steps of the grid sealed numbers are rounded to
_SET = "<set>"  # marks the encoding of a set, so that it differs from a list's
# Quotation marks a word processor or a phone keyboard types instead of the straight " and ' of Python.
_CURLY_QUOTES = "“”„‟‘’‚‛«»‹›"
# What learners type for True and False: the lower-case spelling of other languages, or the French words.
_BOOLEAN_WORDS = frozenset({"true", "false", "vrai", "faux"})


def _plain(value: Any, like: Any = None) -> Any:
    """Turn pandas and NumPy values into plain Python values.

    ``like`` is the expected value: a Series becomes a dict when a mapping is
    expected, a list otherwise.
    """
    if isinstance(like, Mapping) and not isinstance(value, Mapping):
        to_dict = getattr(value, "to_dict", None)
        if callable(to_dict):
            return to_dict()
    if not isinstance(value, (str, bytes, Mapping, list, tuple, Set)):
        to_list = getattr(value, "tolist", None)
        if callable(to_list):
            # Series, Index, arrays, and NumPy scalars (whose tolist() is item())
            return to_list()
    return value


def _text(value: str) -> str:
    return value.strip().casefold()


def _is_blank(value: Any) -> bool:
    """Whether a value is still a placeholder: missing, ``None`` or empty."""
    value = _plain(value)
    if value is None or value is _MISSING:
        return True
    return isinstance(value, (str, list, tuple, Set, Mapping)) and len(value) == 0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(value: Any) -> bool:
    """Whether a number is finite as a float (what the browser's numbers are): 400 nines typed are not."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


_RELATIONS = {"<": operator.lt, "<=": operator.le, "=": operator.eq, ">=": operator.ge, ">": operator.gt}


def follows_rules(actual: Any, rules: Mapping) -> bool:
    """Whether a number, or a mapping of numbers, follows ``rules`` (see "Answers with many right values")."""
    actual = _plain(actual)
    values = dict(actual) if isinstance(actual, Mapping) else {None: actual}
    numbers = list(values.values())
    if not numbers or not all(_is_number(value) and _is_finite(value) for value in numbers):
        return False
    low, high, total = rules.get("low"), rules.get("high"), rules.get("total")
    if rules.get("whole") and not all(float(value).is_integer() for value in numbers):
        return False
    if (low is not None and min(numbers) < low) or (high is not None and max(numbers) > high):
        return False
    if total is not None and not math.isclose(sum(numbers), total):
        return False
    return all(
        left in values and right in values and _RELATIONS[relation](values[left], values[right])
        for left, relation, right in rules.get("relations", ())
    )


def _chosen(answers: Any, keys: Iterable, choices: Iterable) -> Iterator[tuple[Any, Any]]:
    """Each key with the choice of ``choices`` it gets in ``answers`` (in any case, with spaces around), or ``None``."""
    answers = _plain(answers)
    answers = answers if isinstance(answers, Mapping) else {}
    by_text = {_text(str(choice)): choice for choice in choices}
    for key in keys:
        value = answers.get(key)
        yield key, by_text.get(_text(value)) if isinstance(value, str) else None


def totals_by_answer(answers: Any, sizes: Mapping, choices: Iterable) -> dict:
    """The total of ``sizes`` for each choice (in the order of ``choices``), from the choice each key of
    ``sizes`` gets in ``answers`` (in any case, with spaces around), and under ``None`` the total of the keys
    without one of the choices: the hours of a week by the family each activity is classed in, for example.
    The website shows the same totals after the answers are checked."""
    choices = list(choices)
    totals = {**dict.fromkeys(choices, 0), None: 0}
    for key, choice in _chosen(answers, sizes, choices):
        totals[choice] += sizes[key]
    return totals


def points_by_answer(answers: Any, points: Mapping, choices: Iterable, splits: Mapping | None = None) -> dict:
    """The keys of ``points`` (each a point on two scales, e.g. ``{"horizon": 4.9, "focus": 3.8}``) by the
    choice each gets in ``answers`` (in any case, with spaces around), in the order of ``choices``, and under
    ``None`` the keys without one of the choices: the points of a chart coloured by answer, for example. The
    website draws the same chart, and says the same groups in words, after the answers are checked.

    ``splits`` (where the chart divides a scale, e.g. ``{"horizon": 3, "focus": 3}``) does not change the
    groups: it tells the website where to draw the chart's dividing lines, which the notebook's chart draws
    from the same dictionary."""
    del splits  # read by the website only
    choices = list(choices)
    groups = {**{choice: [] for choice in choices}, None: []}
    for key, choice in _chosen(answers, points, choices):
        groups[choice].append(key)
    return groups


def totals_with(selected: Any, base: Mapping, effects: Mapping) -> dict:
    """Each total of ``base`` (a number, or a list of numbers to add up: hours by day) changed by the effects of
    the choices ``selected`` (``effects[choice]``: a change per total), each choice of ``effects`` counted once
    (in any case, with spaces around), anything else ignored: a week's hours after the measures chosen, for
    example. The website shows the same totals after the choices are checked."""
    selected = _plain(selected)
    chosen = {_text(str(code)) for code in selected} if isinstance(selected, (list, tuple, Set)) else set()
    totals = {key: sum(value) if isinstance(value, (list, tuple)) else value for key, value in base.items()}
    for choice, changes in effects.items():
        if _text(str(choice)) in chosen:
            for key, change in changes.items():
                if key in totals:
                    totals[key] += change
    return totals


def reached_by_period(firsts: Any, periods: Iterable) -> dict:
    """For each of the ``periods`` (in their order), how many keys of ``firsts`` have reached it: their first
    period (one of ``periods``, in any case, with spaces around) is this one or an earlier one; ``{}`` until each
    key has one: the criteria met quarter by quarter, for example. The website shows the same counts after the
    first periods are checked."""
    firsts = _plain(firsts)
    periods = list(periods)
    place = {_text(str(period)): index for index, period in enumerate(periods)}
    values = list(firsts.values()) if isinstance(firsts, Mapping) else []
    starts = [place.get(_text(value)) if isinstance(value, str) else None for value in values]
    if not starts or None in starts:
        return {}
    return {period: sum(start <= index for start in starts) for index, period in enumerate(periods)}


def lowest_scores(scores: Any, keys: Iterable, count: int) -> list:
    """The ``count`` keys with the lowest scores (ties in the order of ``keys``), once each key has a number in
    ``scores``, else ``[]``: the skills to work on first in a self-assessment, for example. The website shows
    the scores, these marked, after the answers are checked."""
    scores = _plain(scores)
    keys = list(keys)
    if not isinstance(scores, Mapping) or not all(
        _is_number(scores.get(key)) and _is_finite(scores[key]) for key in keys
    ):
        return []
    return sorted(keys, key=lambda key: scores[key])[:count]


def weighted_means(weights: Any, scores: Mapping, items: Iterable) -> dict:
    """The weighted mean of each item's scores (``scores[item]``: a score per criterion), in the order of
    ``items``, each criterion counting for its weight in ``weights``, once each criterion has a number there and
    the weights add up to more than zero, else ``{}``: the tools' scores with the weights a learner chose, for
    example. The website shows the same means after the weights are checked."""
    weights = _plain(weights)
    items = list(items)
    criteria = list(scores[items[0]]) if items else []
    if not isinstance(weights, Mapping) or not all(
        _is_number(weights.get(criterion)) and _is_finite(weights[criterion]) for criterion in criteria
    ):
        return {}
    total = sum(weights[criterion] for criterion in criteria)
    if not total > 0:
        return {}
    return {item: sum(weights[criterion] * scores[item][criterion] for criterion in criteria) / total for item in items}


def _given_to(actual: Mapping, capacity: Mapping) -> dict:
    """The person of ``capacity`` each task is given to (a name in any case, with spaces around), or ``None``."""
    people = {_text(person): person for person in capacity}
    return {task: people.get(_text(value)) if isinstance(value, str) else None for task, value in actual.items()}


def _assignees(actual: Any, sizes: Mapping, capacity: Mapping) -> dict | None:
    """The person of ``capacity`` each task of ``sizes`` goes to, or ``None`` unless every task has one."""
    actual = _plain(actual)
    if not isinstance(actual, Mapping) or set(actual) != set(sizes):
        return None
    assigned = _given_to(actual, capacity)
    return None if None in assigned.values() else assigned


def allocation_loads(actual: Any, sizes: Mapping, capacity: Mapping) -> dict | None:
    """Each person's load, in per cent of their capacity, when ``actual`` gives every task of ``sizes`` to a
    person of ``capacity``; ``None`` otherwise. What the website shows after checking an allocation."""
    assigned = _assignees(actual, sizes, capacity)
    if assigned is None:
        return None
    load = dict.fromkeys(capacity, 0)
    for task, person in assigned.items():
        load[person] += sizes[task]
    return {person: 100 * load[person] / capacity[person] for person in capacity}


def unskilled_tasks(actual: Any, needs: Mapping, skills: Mapping, capacity: Mapping) -> list:
    """The tasks ``actual`` gives to a person of ``capacity`` who lacks the skill the task needs, in the order
    of ``needs``. What the website says after checking an allocation."""
    actual = _plain(actual)
    if not isinstance(actual, Mapping):
        return []
    given = _given_to(actual, capacity)
    return [
        task
        for task, need in needs.items()
        if given.get(task) is not None and need is not None and need not in skills.get(given[task], ())
    ]


def follows_allocation(
    actual: Any,
    sizes: Mapping,
    needs: Mapping,
    skills: Mapping,
    capacity: Mapping,
    low: float,
    high: float,
) -> bool:
    """Whether ``actual`` gives each task of ``sizes`` to a person of ``capacity`` who has the skill the task
    needs (any person when it needs ``None``), and every person's load, in per cent of their capacity, is from
    ``low`` to ``high`` (see "Answers with many right values")."""
    loads = allocation_loads(actual, sizes, capacity)
    if loads is None or unskilled_tasks(actual, needs, skills, capacity):
        return False
    return all(low <= rate <= high for rate in loads.values())


# -- Seals ----------------------------------------------------------------------


def seal(value: Any, tolerance: float | None = None) -> str:
    """The seal of an expected value: ``"sha256:"`` and 16 hex digits.

    ``tolerance`` is for values checked with ``close``: give the same one.
    """
    return _digest(_canonical(value, tolerance))


def seal_each(answers: Mapping, tolerance: float | None = None) -> dict:
    """One seal per key of a mapping of expected answers, each made with its key."""
    return {key: seal({key: value}, tolerance) for key, value in answers.items()}


def _is_seal(value: Any) -> bool:
    return isinstance(value, str) and _SEALED.fullmatch(value) is not None


def _digest(form: Any) -> str:
    text = json.dumps(form, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _order(form: Any) -> tuple:
    """Sort key for canonical items: numbers, then strings, then anything else."""
    if _is_number(form):
        return (0, form, "")
    if isinstance(form, str):
        return (1, 0, form)
    return (2, 0, json.dumps(form, sort_keys=True, ensure_ascii=False))


def _canonical(value: Any, tolerance: float | None = None) -> Any:
    """The normalised, JSON-ready form of a value, as sealed."""
    value = _plain(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value)
    if _is_number(value):
        if tolerance:
            return round(value * _GRID / tolerance)
        if isinstance(value, float) and math.isfinite(value):
            value = float(f"{value:.12g}")
            return int(value) if value.is_integer() else value
        return value
    if isinstance(value, Mapping):
        return {str(key): _canonical(item, tolerance) for key, item in value.items()}
    if isinstance(value, Set):
        return {_SET: sorted((_canonical(item, tolerance) for item in value), key=_order)}
    if isinstance(value, (list, tuple)):
        return [_canonical(item, tolerance) for item in value]
    raise TypeError(f"cannot seal a {type(value).__name__}")


def _forms(actual: Any, tolerance: float, items: bool = False) -> Iterator[Any]:
    """The canonical forms under which ``actual`` is a right answer to a seal.

    ``items``: ``actual`` is a collection whose order does not matter.
    """
    to_dict = getattr(actual, "to_dict", None)
    if not items and not isinstance(actual, Mapping) and callable(to_dict):
        yield _canonical(to_dict(), tolerance)  # a Series may answer a sealed mapping
    actual = _plain(actual)
    if items:
        if not isinstance(actual, (str, bytes, Mapping)) and actual is not None:
            forms = sorted((_canonical(item, tolerance) for item in actual), key=_order)
            yield {_SET: forms}
            yield forms
    elif tolerance and _is_number(actual):
        if _is_finite(actual):
            # every multiple of tolerance / _GRID that lies within tolerance of the answer
            middle = actual * _GRID / tolerance
            yield from range(math.ceil(middle - _GRID - 1e-9), math.floor(middle + _GRID + 1e-9) + 1)
    elif actual is not _MISSING:
        form = _canonical(actual, tolerance)
        yield form
        if isinstance(actual, (list, tuple)):
            yield {_SET: sorted(form, key=_order)}


def _unseals(actual: Any, sealed: str, tolerance: float, key: Any = _MISSING, items: bool = False) -> bool:
    """Whether ``actual`` has the seal ``sealed`` (sealed with ``key`` when one is given)."""
    try:
        for form in _forms(actual, tolerance, items):
            if _digest(form if key is _MISSING else {str(key): form}) == sealed:
                return True
    except (TypeError, ValueError, OverflowError):
        pass  # a value that cannot be sealed is not the answer
    return False


# -- Comparisons ------------------------------------------------------------------


def _entry_matches(key: Any, actual: Any, expected: Any, tolerance: float) -> bool:
    """Whether one value of a mapping matches; a sealed value was sealed with its key."""
    if _is_seal(expected):
        return _unseals(actual, expected, tolerance, key=key)
    return _matches(actual, expected, tolerance)


def _matches(actual: Any, expected: Any, tolerance: float) -> bool:
    """Whether ``actual`` matches ``expected`` under the module's rules."""
    if _is_seal(expected):
        return _unseals(actual, expected, tolerance)
    actual = _plain(actual, expected)
    if actual is None or actual is _MISSING:
        return expected is None
    if isinstance(expected, Mapping):
        return (
            isinstance(actual, Mapping)
            and set(actual) == set(expected)
            and all(_entry_matches(key, actual[key], expected[key], tolerance) for key in expected)
        )
    if isinstance(expected, Set):
        return _same_items(actual, expected, tolerance)
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(actual, (list, tuple))
            and len(actual) == len(expected)
            and all(_matches(a, e, tolerance) for a, e in zip(actual, expected, strict=False))
        )
    if isinstance(expected, str):
        return isinstance(actual, str) and _text(actual) == _text(expected)
    if isinstance(expected, bool):
        return isinstance(actual, bool) and actual == expected
    if _is_number(expected):
        if not _is_number(actual) or math.isnan(actual):
            return False
        if tolerance:
            return abs(actual - expected) <= tolerance
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12)
    return bool(actual == expected)


def _same_items(actual: Any, expected: Any, tolerance: float) -> bool:
    """Whether two collections hold the same items, whatever their order."""
    if _is_seal(expected):
        return _unseals(actual, expected, tolerance, items=True)
    actual = _plain(actual)
    if isinstance(actual, (str, bytes, Mapping)) or actual is None:
        return False
    remaining = list(actual)
    wanted = list(_plain(expected))
    if len(remaining) != len(wanted):
        return False
    for item in wanted:
        for index, candidate in enumerate(remaining):
            if _matches(candidate, item, tolerance):
                del remaining[index]
                break
        else:
            return False
    return True


class Checker:
    """Prints a verdict for each answer, with words chosen by the notebook.

    Parameters
    ----------
    correct, not_yet:
        The verdicts printed for a right answer and for any other answer.
    hint_label:
        Printed before the hint, e.g. ``"Hint:"``.
    score:
        Optional template with ``{right}`` and ``{total}``, printed when a
        mapping of answers is not fully right, e.g. ``"{right}/{total}"``.
    review_label:
        Optional label printed before the keys that were answered but are
        wrong (unanswered keys are not listed).
    """

    def __init__(
        self,
        correct: str,
        not_yet: str,
        hint_label: str = "",
        score: str | None = None,
        review_label: str | None = None,
        *,
        unquoted_word: str | None = None,
        true_false: str | None = None,
        curly_quotes: str | None = None,
        unreadable: str | None = None,
        not_run: str | None = None,
        decimal_comma: str | None = None,
        not_a_number: str | None = None,
        not_a_choice: str | None = None,
        unskilled_task: str | None = None,
    ) -> None:
        self.correct = correct
        self.not_yet = not_yet
        self.hint_label = hint_label
        self.score = score
        self.review_label = review_label
        self.unquoted_word = unquoted_word
        self.true_false = true_false
        self.curly_quotes = curly_quotes
        self.unreadable = unreadable
        self.not_run = not_run
        self.decimal_comma = decimal_comma
        self.not_a_number = not_a_number
        self.not_a_choice = not_a_choice
        self.unskilled_task = unskilled_task
        _explain_errors_with(self)

    def explain(self, error: BaseException, cell: str) -> str | None:
        """The words for an error raised by ``cell``, or ``None`` when no given message fits it."""
        if isinstance(error, SyntaxError):
            # Python names the character it cannot read: "invalid character '“' (U+201C)".
            message = str(getattr(error, "msg", ""))
            if self.curly_quotes and any(f"'{quote}'" in message for quote in _CURLY_QUOTES):
                return self.curly_quotes
            if self.unreadable and error.lineno:
                return self.unreadable.format(line=error.lineno)
            return None
        if isinstance(error, NameError):
            word = getattr(error, "name", None)
            if not word:
                return None
            if word in _typed_words(cell):
                if word.casefold() in _BOOLEAN_WORDS and self.true_false:
                    return self.true_false
                if self.unquoted_word:
                    return self.unquoted_word.format(word=word)
                return None
            if self.not_run:
                return self.not_run.format(word=word)
        return None

    def equal(
        self,
        actual: Any,
        expected: Any,
        hint: str | None = None,
        choices: Iterable[str] | None = None,
    ) -> bool:
        """Check that ``actual`` equals ``expected`` (see the module's rules).

        ``choices``: the codes the question offers; an answer outside them is named (``not_a_choice``).
        """
        return self._compare(actual, expected, 0.0, hint, self._choice_notes(actual, choices))

    def close(
        self,
        actual: Any,
        expected: Any,
        tolerance: float = 0.01,
        hint: str | None = None,
    ) -> bool:
        """Like ``equal``, but numbers may differ by up to ``tolerance``.

        A sealed expectation must be sealed with the same ``tolerance``.
        """
        return self._compare(actual, expected, abs(tolerance), hint, self._number_notes(actual))

    def same_items(
        self,
        actual: Any,
        expected: Any,
        hint: str | None = None,
        choices: Iterable[str] | None = None,
    ) -> bool:
        """Check that two collections hold the same items, in any order.

        A sealed expectation is the seal of the items as a set, or sorted. ``choices`` as for ``equal``.
        """
        try:
            right = _same_items(actual, expected, 0.0)
        except Exception:
            right = False
        return self._report(right, hint, [] if right else self._choice_notes(actual, choices))

    def satisfies(
        self,
        actual: Any,
        predicate: Callable[[Any], Any],
        hint: str | None = None,
        choices: Iterable[str] | None = None,
        accepted: Iterable[str] | None = None,
    ) -> bool:
        """Check an answer that has several right forms with ``predicate``.

        ``None`` is "not yet" without calling the predicate; a predicate that
        raises counts as "not yet" too. ``choices`` as for ``equal``.
        ``accepted``: the seals of every answer the predicate accepts, for a
        checker without Python; the predicate decides here.
        """
        try:
            right = actual is not None and bool(predicate(actual))
        except Exception:
            right = False
        return self._report(right, hint, [] if right else self._choice_notes(actual, choices))

    def numbers(
        self,
        actual: Any,
        rules: Mapping,
        keys: Iterable[Any] | None = None,
        hint: str | None = None,
    ) -> bool:
        """Check a number, or a mapping of numbers, against ``rules`` (see :func:`follows_rules`).

        ``keys``: the keys a mapping must have, no more and no fewer.
        """
        try:
            plain = _plain(actual)
            has_keys = keys is None or (isinstance(plain, Mapping) and set(plain) == set(keys))
            right = has_keys and follows_rules(plain, rules)
        except Exception:
            right = False
        return self._report(right, hint, [] if right else self._number_notes(actual))

    def allocation(
        self,
        actual: Any,
        sizes: Mapping,
        needs: Mapping,
        skills: Mapping,
        capacity: Mapping,
        low: float,
        high: float,
        hint: str | None = None,
        choices: Iterable[str] | None = None,
    ) -> bool:
        """Check tasks shared out within skills and capacities (see :func:`follows_allocation`).

        ``choices`` as for ``equal``.
        """
        try:
            right = follows_allocation(actual, sizes, needs, skills, capacity, low, high)
        except Exception:
            right = False
        notes = (
            []
            if right
            else [*self._choice_notes(actual, choices), *self._unskilled_notes(actual, needs, skills, capacity)]
        )
        return self._report(right, hint, notes)

    def _compare(
        self, actual: Any, expected: Any, tolerance: float, hint: str | None, notes: list[str] | None = None
    ) -> bool:
        try:
            right = _matches(actual, expected, tolerance)
        except Exception:
            right = False
        details: list[str] = []
        if not right:
            details = list(notes or [])
            if isinstance(expected, Mapping):
                details[:0] = self._mapping_details(actual, expected, tolerance)
        return self._report(right, hint, details)

    def _number_notes(self, actual: Any) -> list[str]:
        """Why a number answer is not read as one number: a decimal comma, quotes, a percent sign."""
        actual = _plain(actual)
        if (
            self.decimal_comma
            and isinstance(actual, tuple)
            and len(actual) == 2
            and all(_is_number(part) and part == int(part) and part >= 0 for part in actual)
        ):
            # Python reads 22,2 as the pair (22, 2).
            return [self.decimal_comma.format(number=f"{int(actual[0])}.{int(actual[1])}")]
        if self.not_a_number and isinstance(actual, str) and actual.strip():
            written = actual.strip().rstrip("%").strip().replace(",", ".")
            try:
                number = float(written)
            except ValueError:
                return []
            return [self.not_a_number.format(number=int(number) if number == int(number) else written)]
        return []

    def _choice_notes(self, actual: Any, choices: Iterable[str] | None) -> list[str]:
        """One line per answer given that is none of the codes the question offers."""
        if not self.not_a_choice or choices is None:
            return []
        choices = list(choices)
        offered = {_text(choice) for choice in choices}
        actual = _plain(actual)
        values = actual.values() if isinstance(actual, Mapping) else actual
        if isinstance(values, str) or not isinstance(values, Iterable):
            values = [values]
        notes = []
        for value in values:
            value = _plain(value)
            if isinstance(value, str) and value.strip() and _text(value) not in offered:
                note = self.not_a_choice.format(value=value.strip(), choices=", ".join(choices))
                if note not in notes:
                    notes.append(note)
        return notes

    def _unskilled_notes(self, actual: Any, needs: Mapping, skills: Mapping, capacity: Mapping) -> list[str]:
        """One line per task given to a person of the team who lacks the skill it needs."""
        if not self.unskilled_task:
            return []
        try:
            actual = _plain(actual)
            tasks = unskilled_tasks(actual, needs, skills, capacity)
        except Exception:
            return []
        return [self.unskilled_task.format(task=task, person=actual[task].strip()) for task in tasks]

    def _mapping_details(self, actual: Any, expected: Mapping, tolerance: float) -> list[str]:
        """Score and keys to review for a mapping of answers."""
        try:
            actual = _plain(actual, expected)
            if not isinstance(actual, Mapping):
                actual = {}
            right_keys, wrong_keys = [], []
            for key in expected:
                value = actual.get(key, _MISSING)
                if _entry_matches(key, value, expected[key], tolerance):
                    right_keys.append(key)
                elif not _is_blank(value):
                    wrong_keys.append(key)
        except Exception:
            return []
        details = []
        if self.score:
            details.append(self.score.format(right=len(right_keys), total=len(expected)))
        if self.review_label and wrong_keys:
            details.append(f"{self.review_label} {', '.join(str(key) for key in wrong_keys)}")
        return details

    def _report(self, right: bool, hint: str | None, details: list[str] | None = None) -> bool:
        if right:
            print(self.correct)
            return True
        print(self.not_yet)
        for line in details or []:
            print(line)
        if hint:
            print(f"{self.hint_label} {hint}".strip())
        return False


# -- Errors explained in words --------------------------------------------------------------------

# What an answer cell is made of: assignments of literal values (and the bare words of a slip).
_LITERAL_NODES = (ast.Module, ast.Assign, ast.AnnAssign, ast.Expr, ast.Name, ast.Constant, ast.Dict, ast.List)
_LITERAL_NODES += (ast.Tuple, ast.Set, ast.UnaryOp, ast.USub, ast.UAdd, ast.Load, ast.Store)


def _typed_words(cell: str) -> set[str]:
    """The bare words used as values in an answer cell (a cell of literal assignments only); empty otherwise.

    In such a cell every name read is a word the learner meant as a value but typed without quotes.
    """
    try:
        tree = ast.parse(cell)
    except (SyntaxError, ValueError):
        return set()
    if not tree.body or not all(isinstance(node, _LITERAL_NODES) for node in ast.walk(tree)):
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


_current_cell = {"source": ""}


def _explain_errors_with(checker: Checker) -> None:
    """In IPython, show the checker's words instead of a traceback for the slips it explains.

    The last checker made is the one that speaks (running the set-up cell again replaces it).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def remember(info) -> None:
        _current_cell["source"] = info.raw_cell or ""

    # One listener per shell, whatever the number of checkers made.
    previous = getattr(shell, "_coo_feedback_listener", None)
    if previous is not None:
        shell.events.unregister("pre_run_cell", previous)
    shell.events.register("pre_run_cell", remember)
    shell._coo_feedback_listener = remember

    def explain(shell, error_type, error, traceback, tb_offset=None):
        words = checker.explain(error, _current_cell["source"])
        if words is None:
            lines = shell.InteractiveTB.structured_traceback(error_type, error, traceback, tb_offset=tb_offset)
        else:
            lines = [words]
        # IPython leaves the showing to the handler; _showtraceback is what its own showtraceback calls, and
        # what ipykernel turns into the cell's error output (the cell still fails, so Run All stops there).
        shell._showtraceback(error_type, error, lines)
        return lines

    shell.set_custom_exc((NameError, SyntaxError), explain)
