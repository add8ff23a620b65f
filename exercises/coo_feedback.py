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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Set
from typing import Any

__all__ = ["Checker"]

_MISSING = object()


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


def _matches(actual: Any, expected: Any, tolerance: float) -> bool:
    """Whether ``actual`` matches ``expected`` under the module's rules."""
    actual = _plain(actual, expected)
    if actual is None or actual is _MISSING:
        return expected is None
    if isinstance(expected, Mapping):
        return (
            isinstance(actual, Mapping)
            and set(actual) == set(expected)
            and all(_matches(actual[key], expected[key], tolerance) for key in expected)
        )
    if isinstance(expected, Set):
        return _same_items(actual, expected, tolerance)
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(actual, (list, tuple))
            and len(actual) == len(expected)
            and all(_matches(a, e, tolerance) for a, e in zip(actual, expected))
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
    ) -> None:
        self.correct = correct
        self.not_yet = not_yet
        self.hint_label = hint_label
        self.score = score
        self.review_label = review_label

    def equal(self, actual: Any, expected: Any, hint: str | None = None) -> bool:
        """Check that ``actual`` equals ``expected`` (see the module's rules)."""
        return self._compare(actual, expected, 0.0, hint)

    def close(
        self,
        actual: Any,
        expected: Any,
        tolerance: float = 0.01,
        hint: str | None = None,
    ) -> bool:
        """Like ``equal``, but numbers may differ by up to ``tolerance``."""
        return self._compare(actual, expected, abs(tolerance), hint)

    def same_items(self, actual: Any, expected: Any, hint: str | None = None) -> bool:
        """Check that two collections hold the same items, in any order."""
        try:
            right = _same_items(actual, expected, 0.0)
        except Exception:
            right = False
        return self._report(right, hint)

    def satisfies(
        self,
        actual: Any,
        predicate: Callable[[Any], Any],
        hint: str | None = None,
    ) -> bool:
        """Check an answer that has several right forms with ``predicate``.

        ``None`` is "not yet" without calling the predicate; a predicate that
        raises counts as "not yet" too.
        """
        try:
            right = actual is not None and bool(predicate(actual))
        except Exception:
            right = False
        return self._report(right, hint)

    def _compare(self, actual: Any, expected: Any, tolerance: float, hint: str | None) -> bool:
        try:
            right = _matches(actual, expected, tolerance)
        except Exception:
            right = False
        details: list[str] = []
        if not right and isinstance(expected, Mapping):
            details = self._mapping_details(actual, expected, tolerance)
        return self._report(right, hint, details)

    def _mapping_details(self, actual: Any, expected: Mapping, tolerance: float) -> list[str]:
        """Score and keys to review for a mapping of answers."""
        try:
            actual = _plain(actual, expected)
            if not isinstance(actual, Mapping):
                actual = {}
            right_keys, wrong_keys = [], []
            for key in expected:
                value = actual.get(key, _MISSING)
                if _matches(value, expected[key], tolerance):
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
