"""An exercise cell as a form on the website: what it asks, and how the browser tells a right answer.

The notebook stays the one source. An ``exercise`` cell assigns literal blanks (``None``, ``[]``, ``""``,
a dictionary of them); its ``solution`` cell, the worked values; its ``check`` cell, how a notebook checks
the answer (``check.equal(priority, expected_priority, hint=…, choices=[…])``), against an expectation that
a provided cell holds as seals (``exercises/coo_feedback.py``). From these, for each exercise cell:

* the **fields**: one per key of a dictionary (labelled with the item's text, as on paper), or one for a
  cell of one value. Its kind follows the worked value: ``boolean`` (true or false), ``number`` (a
  decimal comma accepted), ``text`` (written freely), ``choice`` (one of the check's ``choices``),
  ``several`` (a list: any of the choices, in any order) or ``order`` (a list of blanks: one choice per
  place);
* the **check**: ``equal``, ``close`` (with its tolerance) or ``same_items``, the expected seals and the
  hint, so that the browser, which computes the seal of the learner's answer by the same rules
  (``course-exercises.js``), gives the verdict, the score and the keys to review that the notebook would.
  An answer with several right values is checked too when the notebook says how without Python: a
  ``satisfies`` check with ``accepted=`` (the seals of every right answer: ``one_of``) or a ``numbers``
  check (its rules, as data). An answer a notebook checks with a predicate alone, or not at all (a text
  answer), is compared by the learner with the worked answer or the model answer instead;
* the **words**: those the notebook's ``Checker(...)`` is given, in the page's language.

Nothing here runs the notebook: sources are parsed (``ast``), never executed.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from dataclasses import dataclass

from coursekit.core.answer_cells import NotLiterals, assignments, dictionary_key_lists, literal_names, parsed_cells

SEAL = re.compile(r"sha256:[0-9a-f]{16}")
CHECKED = ("equal", "close", "same_items")  # the checks a browser can decide from seals
WORDS = ("correct", "not_yet", "hint_label", "score", "review_label", "unskilled_task")


@dataclass(frozen=True)
class CheckCall:
    method: str
    answer: str  # the name of the answer the check reads
    expected: str | None  # the name of the expectation (or of the predicate, or of the rules)
    keywords: dict[str, object]  # the keywords given as literals
    names: dict[str, str]  # the keywords given as a name (``accepted=accepted_measures``)


def check_call(source: str) -> CheckCall | None:
    """The ``check.<method>(answer, expected, **literals)`` call of a check cell, if it has one."""
    for node in (node for tree in parsed_cells([source]) for node in ast.walk(tree)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "check"
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            keywords, names = {}, {}
            for keyword in node.keywords:
                if isinstance(keyword.value, ast.Name) and keyword.arg:
                    names[keyword.arg] = keyword.value.id
                    continue
                try:
                    keywords[keyword.arg] = ast.literal_eval(keyword.value)
                except ValueError:
                    continue  # not a literal: nothing the browser can use
            expected = node.args[1].id if len(node.args) > 1 and isinstance(node.args[1], ast.Name) else None
            return CheckCall(node.func.attr, node.args[0].id, expected, keywords, names)
    return None


def checker_words(sources: list[str]) -> dict[str, str]:
    """The words given to ``Checker(...)`` (verdicts, hint label, score template, review label)."""
    for tree in parsed_cells(sources):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Checker":
                words = {}
                for keyword in node.keywords:
                    if keyword.arg in WORDS and isinstance(keyword.value, ast.Constant):
                        words[keyword.arg] = str(keyword.value.value)
                return words
    return {}


def _is_sealed(expected: object) -> bool:
    if isinstance(expected, str):
        return SEAL.fullmatch(expected) is not None
    return isinstance(expected, dict) and bool(expected) and all(_is_sealed(value) for value in expected.values())


def _kind(blank: object, worked: object, choices: list[str]) -> str:
    if isinstance(worked, bool):
        return "boolean"
    if isinstance(worked, (int, float)):
        return "number"
    if isinstance(worked, list) or isinstance(blank, list):
        if isinstance(blank, list) and blank and all(item is None for item in blank):
            return "order"
        return "several"
    if isinstance(worked, str) and blank == "":
        return "text"
    return "choice" if choices else "text"


def _field(key: str | None, blank: object, worked: object, choices: list[str], texts: dict[str, str]) -> dict:
    kind = _kind(blank, worked, choices)
    field: dict[str, object] = {"key": key, "kind": kind, "label": texts.get(key, "") if key else ""}
    if kind in ("choice", "several", "order"):
        field["choices"] = [[code, texts.get(code, "")] for code in choices]
    if kind == "order":
        field["places"] = len(blank)
    if blank not in (None, "", []) and kind != "order":
        field["initial"] = blank
    return field


def form_spec(
    exercise: str,
    solution: str | None,
    check: str | None,
    provided: list[str],
    texts: dict[str, str],
) -> dict | None:
    """What the website asks for one exercise cell, and how the browser checks it (``None``: no form).

    ``exercise``, ``solution`` and ``check`` are the sources of the cells (translated); ``provided``, the
    other code cells' (where the expectations and the ``Checker`` words are); ``texts``, the translated text
    of each code the provided code names (an item, a choice).
    """
    try:
        cell = assignments(exercise)
        worked = dict(assignments(solution)) if solution else {}
    except NotLiterals:
        return None
    if len(cell) != 1:
        return None  # several answers in one cell: the notebook asks them; the page shows the cell
    name, blank = cell[0]
    call = check_call(check) if check else None
    if call is not None and call.answer != name:
        call = None
    choices = [str(choice) for choice in (call.keywords.get("choices") or [])] if call else []
    answer = worked.get(name, blank)
    if isinstance(blank, dict):
        answer = answer if isinstance(answer, dict) else {}
        fields = [_field(str(key), value, answer.get(key, value), choices, texts) for key, value in blank.items()]
    else:
        fields = [_field(None, blank, answer, choices, texts)]
    spec: dict[str, object] = {"name": name, "fields": fields}
    check = browser_check(call, literal_names(parsed_cells(provided))) if call is not None else None
    if check is not None:
        spec["check"] = {**check, "hint": str(call.keywords.get("hint") or "")}
    return spec


def browser_check(call: CheckCall, literals: dict[str, object]) -> dict | None:
    """How the browser decides a check (``method``, ``expected``, ``tolerance``), or ``None``: it cannot."""
    expected = literals.get(call.expected) if call.expected else None
    if call.method in CHECKED and _is_sealed(expected):
        tolerance = float(call.keywords.get("tolerance", 0.01)) if call.method == "close" else 0
        return {"method": call.method, "expected": expected, "tolerance": tolerance}
    accepted = literals.get(call.names.get("accepted", ""))
    if call.method == "satisfies" and isinstance(accepted, list) and accepted and all(map(_is_sealed, accepted)):
        return {"method": "one_of", "expected": accepted, "tolerance": 0}
    if call.method == "numbers" and _are_rules(expected):
        return {"method": "numbers", "expected": expected, "tolerance": 0}
    if call.method == "allocation":
        # Each part given by name (the notebook's data, e.g. ``sizes=task_hours``) or as a literal (``low=40``).
        given = {
            part: literals.get(call.names[part]) if part in call.names else call.keywords.get(part)
            for part in ALLOCATION
        }
        if _is_allocation(given):
            return {"method": "allocation", "expected": given, "tolerance": 0}
    return None


RULES = {"whole": bool, "low": (int, float), "high": (int, float), "total": (int, float), "relations": list}
RELATIONS = ("<", "<=", "=", ">=", ">")


# What an allocation check reads (``coo_feedback.follows_allocation``): the tasks' hours and needed skills, the
# people's skills and capacities, the load's bounds in per cent of a capacity.
ALLOCATION = ("sizes", "needs", "skills", "capacity", "low", "high")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_allocation(given: dict[str, object]) -> bool:
    """Data of an ``allocation`` check that the browser reads as the notebook's helper does."""
    sizes, needs, skills, capacity = (given[part] for part in ("sizes", "needs", "skills", "capacity"))
    if not all(isinstance(part, dict) for part in (sizes, needs, skills, capacity)) or not sizes or not capacity:
        return False
    return (
        all(isinstance(task, str) and _is_number(hours) for task, hours in sizes.items())
        and set(needs) <= set(sizes)
        and all(need is None or isinstance(need, str) for need in needs.values())
        and all(isinstance(person, str) and _is_number(hours) and hours > 0 for person, hours in capacity.items())
        and all(
            isinstance(known, (list, tuple)) and all(isinstance(skill, str) for skill in known)
            for known in skills.values()
        )
        and _is_number(given["low"])
        and _is_number(given["high"])
    )


def _are_rules(rules: object) -> bool:
    """Rules of a ``numbers`` check that the browser reads as the notebook's helper does (``follows_rules``)."""
    if not isinstance(rules, dict) or not set(rules) <= set(RULES):
        return False
    if not all(isinstance(value, RULES[name]) for name, value in rules.items()):
        return False
    return all(
        isinstance(relation, (list, tuple)) and len(relation) == 3 and relation[1] in RELATIONS
        for relation in rules.get("relations", [])
    )


# What cells computed from the answers (``answer-output``) show that the browser computes too, with the same
# helpers' rules: ``coo_feedback.totals_by_answer`` (the total of each choice's sizes, e.g. hours per family)
# ``coo_feedback.totals_with`` (totals changed by the choices made, e.g. a week's hours after the measures
# chosen), ``coo_feedback.reached_by_period`` (how many keys have started by each period, e.g. the criteria
# met quarter by quarter), ``coo_feedback.lowest_scores`` (the lowest scores, e.g. the skills to work on first) and
# ``coo_feedback.weighted_means`` (scores weighed with the weights given, e.g. the tools' scores) and
# ``coo_feedback.points_by_answer`` (points on two scales grouped by answer, e.g. a chart coloured by answer).
TOTALS = "totals_by_answer"
AFTER = "totals_with"
REACHED = "reached_by_period"
LOWEST = "lowest_scores"
MEANS = "weighted_means"
POINTS = "points_by_answer"
HELPERS = (TOTALS, AFTER, REACHED, LOWEST, MEANS, POINTS)


def _comment_lines(source: str) -> dict[int, str]:
    """Each comment line of a cell, by line number, without its ``#``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return {}
    return {token.start[0]: token.string.lstrip("#").strip() for token in tokens if token.type == tokenize.COMMENT}


def answer_results(outputs: list[str], provided: list[str], texts: dict[str, str]) -> dict[str, list[dict]]:
    """What the website shows after each answer is checked, by the answer's name, captioned by the comment line
    just above the call in the cells computed from the answers (``outputs``):

    - ``name = totals_by_answer(answer, sizes, choices)``, when ``sizes`` is the notebook's literal data (numbers
      by key) and ``choices`` names a dictionary of the provided code (its keys, in order): a ``totals`` result;
    - ``name = totals_with(answer, base, effects)``, when ``base`` is the notebook's literal data (a number, or
      a list of numbers, by key) and ``effects`` too (for each choice, a change by key of ``base``): an ``after``
      result, with the keys of ``base`` in order (the page's data is written with sorted keys) and their names
      from ``texts``;
    - ``name = reached_by_period(answer, periods)``, when ``periods`` names a dictionary of the provided code: a
      ``reached`` result, with the periods in order and their names from ``texts``;
    - ``name = lowest_scores(answer, keys, count)``, when ``keys`` names a dictionary of the provided code and
      ``count`` is a whole number: a ``lowest`` result;
    - ``name = weighted_means(answer, scores, items)``, when ``scores`` is the notebook's literal data (numbers
      by criterion, for each item) and ``items`` names a dictionary of the provided code: a ``means`` result,
      with the criteria in order (the order the notebook adds them in) and the items' ``names`` from ``texts``
      (the translated text of each code);
    - ``name = points_by_answer(answer, points, choices[, splits])``, when ``points`` is the notebook's literal
      data (for each key, a number on each of the same two scales), ``choices`` names a dictionary of the
      provided code and ``splits``, if given, literal numbers by scale (where the chart divides it): a
      ``points`` result, with the keys and the two scales in order (``keys``, ``axes``) and the scales' names
      from ``texts``.

    A helper's call the page cannot compute is left to the worked answer (``unshown_results`` says why).
    """
    results: dict[str, list[dict]] = {}
    for _position, _line, answer, result in _helper_calls(outputs, provided, texts):
        if isinstance(result, dict):
            results.setdefault(answer, []).append(result)
    return results


def unshown_results(outputs: list[str], provided: list[str]) -> list[tuple[int, int, str]]:
    """Each call of a ``coo_feedback`` helper in the cells computed from the answers that the page cannot show,
    as (the cell's place in ``outputs``, the line in the cell, why): the author meant it for the website."""
    return [
        (position, line, result)
        for position, line, _answer, result in _helper_calls(outputs, provided, {})
        if isinstance(result, str)
    ]


def _helper_calls(outputs: list[str], provided: list[str], texts: dict[str, str]):
    """Each top-level call of a helper in ``outputs``: (cell place, line, answer name, result or why not)."""
    provided_trees = list(parsed_cells(provided))  # parsed once, read twice
    literals = literal_names(provided_trees)
    keys = dictionary_key_lists(provided_trees)
    for position, source in enumerate(outputs):
        captions = _comment_lines(source)
        for tree in parsed_cells([source]):
            for statement in tree.body:
                call = statement.value if isinstance(statement, (ast.Assign, ast.Expr)) else None
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in HELPERS):
                    continue
                answer = call.args[0].id if call.args and isinstance(call.args[0], ast.Name) else None
                caption = captions.get(statement.lineno - 1)
                result = _result(call, literals, keys, texts) if answer else None
                if answer is None or result is None:
                    why = f"{call.func.id}(…): its arguments must be names of the notebook: see coo_feedback"
                    yield position, statement.lineno, answer, why
                elif isinstance(result, str):
                    yield position, statement.lineno, answer, f"{call.func.id}(…): {result}"
                elif not caption:
                    why = f"{call.func.id}(…): no comment line just above the call, the result's caption on the website"
                    yield position, statement.lineno, answer, why
                else:
                    yield position, statement.lineno, answer, {**result, "caption": caption}


def _result(
    call: ast.Call, literals: dict[str, object], keys: dict[str, list[str]], texts: dict[str, str]
) -> dict | str | None:
    """What the browser needs to compute a helper's call as the notebook does; why it cannot (the data it would
    need is not the notebook's literal data); or ``None`` if the call is not written as the helper's."""
    arguments = call.args
    if call.keywords or not all(isinstance(argument, ast.Name) for argument in arguments[:2]):
        return None
    named = [argument.id if isinstance(argument, ast.Name) else None for argument in arguments]
    method = call.func.id
    if method == REACHED and len(arguments) == 2:
        periods = keys.get(named[1])
        if not periods:
            return f"`{named[1]}` is not a dictionary of literal keys in the provided code"
        names = {period: texts.get(period) or period for period in periods}
        return {"method": "reached", "periods": periods, "names": names}
    if method == POINTS and len(arguments) in (3, 4):
        return _points_result(named, literals, keys, texts)
    if len(arguments) != 3:
        return None
    if method == LOWEST:
        among, count = keys.get(named[1]), arguments[2]
        if among is None:
            return f"`{named[1]}` is not a dictionary of literal keys in the provided code"
        if not (isinstance(count, ast.Constant) and type(count.value) is int and count.value > 0):
            return "the count is not a whole number above zero written in the call"
        return {"method": "lowest", "keys": among, "count": count.value}
    if named[2] is None:
        return None
    data = literals.get(named[1])
    if method == TOTALS:
        choices = keys.get(named[2])
        if not (isinstance(data, dict) and all(map(_is_number, data.values()))):
            return f"`{named[1]}` is not literal numbers by key in the provided code"
        if choices is None:
            return f"`{named[2]}` is not a dictionary of literal keys in the provided code"
        return {"method": "totals", "sizes": data, "choices": choices}
    if method == AFTER:
        effects = literals.get(named[2])
        if not _are_totals(data):
            return f"`{named[1]}` is not literal numbers (or lists of numbers) by key in the provided code"
        if not _are_effects(effects, data):
            return f"`{named[2]}` is not literal changes, by key of `{named[1]}`, for each choice"
        names = {key: texts.get(key) or key for key in data}
        return {"method": "after", "base": data, "effects": effects, "keys": list(data), "names": names}
    if method == MEANS:
        items = keys.get(named[2])
        if not items:
            return f"`{named[2]}` is not a dictionary of literal keys in the provided code"
        if not (isinstance(data, dict) and _are_scores(data, items)):
            return f"`{named[1]}` is not literal scores, the same criteria for each item of `{named[2]}`"
        names = {item: texts.get(item) or item for item in items}
        criteria = list(data[items[0]])
        return {"method": "means", "scores": data, "items": items, "criteria": criteria, "names": names}
    return None


def _points_result(
    named: list[str | None], literals: dict[str, object], keys: dict[str, list[str]], texts: dict[str, str]
) -> dict | str | None:
    """``points_by_answer(answer, points, choices[, splits])``: what the page draws, or why it cannot."""
    if None in named:
        return None
    data, choices = literals.get(named[1]), keys.get(named[2])
    if not _are_points(data):
        return f"`{named[1]}` is not literal points, a number on each of the same two scales by key"
    if choices is None:
        return f"`{named[2]}` is not a dictionary of literal keys in the provided code"
    axes = list(next(iter(data.values())))
    result = {"method": "points", "points": data, "keys": list(data), "axes": axes, "choices": choices}
    if len(named) == 4:
        splits = literals.get(named[3])
        if not (
            isinstance(splits, dict) and splits and set(splits) <= set(axes) and all(map(_is_finite, splits.values()))
        ):
            return f"`{named[3]}` is not literal numbers by scale of `{named[1]}` in the provided code"
        result["splits"] = splits
    return {**result, "names": {axis: texts.get(axis) or axis for axis in axes}}


def _is_finite(value: object) -> bool:
    return _is_number(value) and math.isfinite(value)


def _are_totals(base: object) -> bool:
    """Whether each key has a number, or a list of numbers to add up."""
    return (
        isinstance(base, dict)
        and bool(base)
        and all(
            _is_number(value) or (isinstance(value, list) and all(map(_is_number, value))) for value in base.values()
        )
    )


def _are_effects(effects: object, base: dict) -> bool:
    """Whether each choice changes keys of ``base`` by numbers."""
    return isinstance(effects, dict) and all(
        isinstance(changes, dict) and all(key in base and _is_number(change) for key, change in changes.items())
        for changes in effects.values()
    )


def _are_scores(data: dict, items: list[str]) -> bool:
    """Whether each item has a number for each of the same criteria."""
    tables = [data.get(item) for item in items]
    return all(isinstance(table, dict) and table and all(map(_is_number, table.values())) for table in tables) and all(
        list(table) == list(tables[0]) for table in tables
    )


def _are_points(data: object) -> bool:
    """Whether each key has a number on each of the same two scales, named in the same order."""
    if not (isinstance(data, dict) and data):
        return False
    points = list(data.values())
    return all(
        isinstance(point, dict)
        and list(point) == list(points[0])
        and len(point) == 2
        and all(isinstance(axis, str) for axis in point)
        and all(map(_is_finite, point.values()))
        for point in points
    )
