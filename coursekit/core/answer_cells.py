"""What a learner may change in an exercise notebook: literal values, nothing else.

An ``exercise`` cell holds only assignments of literals (a string, a number,
``True``/``False``/``None``, and lists, tuples, sets and dictionaries of
them) and comments: the learner replaces a value by one of the options its
comment lists, and every computation that uses the answer is provided code
after it. The course is for readers who do not program; a cell that asked
for an expression, a function or a method call would ask them to.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


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
