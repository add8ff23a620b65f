"""What a learner may change in an exercise notebook: literal values, nothing else.

An ``exercise`` cell holds only assignments of literals (a string, a number,
``True``/``False``/``None``, and lists, tuples, sets and dictionaries of
them) and comments: the learner replaces a value by one of the options its
comment lists, and every computation that uses the answer is provided code
after it. The course is for readers who do not program; a cell that asked
for an expression, a function or a method call would ask them to.

Read here too, for the website's forms and the paper forms: a cell's values
(:func:`assignments`), its comments, and the texts the provided code gives the
codes the answers use (:func:`item_texts`: ``"t1": _("Valider le plan…")``).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from coursekit.core.notebook_i18n import MARKER


@dataclass(frozen=True)
class NotLiteral:
    line: int  # 1-based, in the cell
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def is_literal(node: ast.expr) -> bool:
    """Whether ``node`` is a plain value a learner can type: no name, call, operator or comprehension."""
    if isinstance(node, ast.Constant):
        return node.value is None or isinstance(node.value, (str, bool, int, float))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        # -3 and +0.5 are numbers as typed, not computations
        return isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(is_literal(item) for item in node.elts)
    if isinstance(node, ast.Dict):
        return all(key is not None and is_literal(key) for key in node.keys) and all(map(is_literal, node.values))
    return False


def not_literal(source: str) -> list[NotLiteral]:
    """Every statement of ``source`` that is not ``name = literal``; empty when the cell is fit for a learner."""
    try:
        module = ast.parse(source)
    except SyntaxError as error:
        return [NotLiteral(error.lineno or 1, f"not valid Python: {error.msg}")]
    problems = []
    for statement in module.body:
        code = ast.get_source_segment(source, statement) or type(statement).__name__
        shown = code.splitlines()[0][:60]
        if not isinstance(statement, ast.Assign):
            problems.append(NotLiteral(statement.lineno, f"only assignments of literal values are allowed: {shown}"))
        elif not all(isinstance(target, ast.Name) for target in statement.targets):
            problems.append(NotLiteral(statement.lineno, f"assign to a plain name: {shown}"))
        elif not is_literal(statement.value):
            problems.append(
                NotLiteral(statement.lineno, f"the value must be typed as a literal, not computed: {shown}")
            )
    return problems


class NotLiterals(ValueError):
    """A cell that is not only assignments of literals: it has no paper form."""


def comments(source: str) -> list[str]:
    """The comment lines of a cell, without their ``#``."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [token.string.lstrip("#").strip() for token in tokens if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return []


def assignments(source: str) -> list[tuple[str, object]]:
    """``(name, value)`` for each ``name = literal`` of the cell, or :class:`NotLiterals`."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise NotLiterals(str(error)) from error
    found = []
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            raise NotLiterals(ast.unparse(statement)[:80])
        try:
            found.append((statement.targets[0].id, ast.literal_eval(statement.value)))
        except ValueError as error:
            raise NotLiterals(ast.unparse(statement)[:80]) from error
    return found


def _translatable_text(node: ast.AST) -> str | None:
    """The text of ``_("…")`` (``notebook_i18n.MARKER``), the source notebook's mark of a text meant for the reader."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == MARKER
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def parsed_cells(sources: list[str]) -> Iterator[ast.Module]:
    """The syntax tree of each cell that Python can read (IPython magics or a broken cell hold nothing to find)."""
    for source in sources:
        try:
            yield ast.parse(source)
        except SyntaxError:
            continue


def item_texts(sources: list[str]) -> dict[str, str]:
    """Each code the provided code of a source notebook names in a translatable text, and that text.

    A code given two different texts names nothing for sure: it is left out (the grid shows the code).
    """
    found: dict[str, set[str]] = {}
    for tree in parsed_cells(sources):
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                pairs = list(zip(node.keys, node.values, strict=True))
            elif isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 2:
                pairs = [(node.elts[0], node.elts[1])]
            else:
                continue
            for key, value in pairs:
                text = _translatable_text(value)
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and text is not None:
                    found.setdefault(key.value, set()).add(text)
    return {key: texts.pop() for key, texts in found.items() if len(texts) == 1}


def dictionary_keys(source: str) -> set[str]:
    """The keys of the dictionaries a cell of literals assigns (none if it is not such a cell)."""
    try:
        found = assignments(source)
    except NotLiterals:
        return set()
    return {str(key) for _name, value in found if isinstance(value, dict) for key in value}


def dictionary_key_lists(modules: Iterable[ast.Module]) -> dict[str, list[str]]:
    """The keys, in order, of each dictionary assigned to a name at the top level whose keys are all literal
    strings (its values may be computed: ``{"vision": _("Politiques internes")}``); the last one wins."""
    found: dict[str, list[str]] = {}
    for tree in modules:
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
                if not isinstance(target, ast.Name):
                    continue
                found.pop(target.id, None)
                if isinstance(value, ast.Dict) and all(
                    isinstance(key, ast.Constant) and isinstance(key.value, str) for key in value.keys
                ):
                    found[target.id] = [key.value for key in value.keys]
    return found


def literal_names(modules: Iterable[ast.Module]) -> dict[str, object]:
    """Every ``name = literal`` at the top level of the modules, in order (the last one wins, as when Python runs
    them); a name whose last value is computed is not known."""
    found: dict[str, object] = {}
    for tree in modules:
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    try:
                        found[target.id] = ast.literal_eval(statement.value)
                    except ValueError:
                        found.pop(target.id, None)
    return found
