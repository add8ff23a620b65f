"""What each cell of an exercise notebook is, for the pages that show it.

The notebook's tags say most of it (``exercise``, ``solution``, ``check``,
``model-answer``, ``trainer``; see ``coursekit.core.editions``). One thing no tag
says: which provided cells compute from the learner's answers (a chart of the
decisions, a table "after your measures"). Their output, run on the worked
answer, would give the answer away, and run on the blanks it shows nothing
useful; so the pages put it behind the solution toggle. It is found by
following the names: a cell that reads a name an exercise cell assigns, or a
name assigned by such a cell, depends on the answers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import nbformat

from coursekit.core.editions import (
    CHART_DESCRIPTION_TAG,
    CHECK_TAG,
    EXERCISE_TAG,
    MODEL_ANSWER_TAG,
    PAPER_TAG,
    SOLUTION_TAG,
    tags,
)

# Roles, in the words the page machinery uses.
EXERCISE = "exercise"  # the cell the learner edits: a blank form on paper
SOLUTION = "solution"  # the worked answer: behind the toggle, in the answers section of the e-book
CHECK = "check"  # prints the verdict: its output only behind the toggle, never on paper
ANSWER_OUTPUT = "answer-output"  # provided code that computes from the answers: output behind the toggle
PROVIDED = "provided"  # provided code: the data, shown (its code on the website only)
MODEL_ANSWER = "model-answer"  # the model answer to a text question (Markdown)
NOTEBOOK_ONLY = "notebook-only"  # how to use Jupyter (tag `instructions`): not in the pen-and-paper edition
NOTEBOOK_ONLY_TAG = "instructions"
PAPER_ONLY = "paper-only"  # what to write on the sheet (tag `paper`): only in the pen-and-paper edition
CHART_DESCRIPTION = "chart-description"  # what the chart of the cell above shows: its images' text alternative


@dataclass(frozen=True)
class Names:
    loaded: frozenset[str]
    stored: frozenset[str]


class _ModuleBindings(ast.NodeVisitor):
    """Names a cell binds at module level: what later cells can read (a comprehension's or a function's
    own variables are not)."""

    def __init__(self) -> None:
        self.bound: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bound.add(node.id)

    def _definition(self, node) -> None:
        self.bound.add(node.name)  # its body is its own scope

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass

    def _comprehension(self, node) -> None:
        pass

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_Import(self, node) -> None:
        self.bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)

    visit_ImportFrom = visit_Import


def _loads(node: ast.AST) -> set[str]:
    """Names an expression or statement reads from outside itself: a function's or a comprehension's own
    variables (parameters, assignments, loop targets) are not reads."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = node.args
        parameters = {arg.arg for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
        parameters |= {arg.arg for arg in (arguments.vararg, arguments.kwarg) if arg}
        body = node.body if isinstance(node.body, list) else [node.body]
        local = set(parameters)
        for statement in body:
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
                    local.add(inner.id)
        defaults = [*arguments.defaults, *[d for d in arguments.kw_defaults if d]]
        return set().union(*(_loads(part) for part in [*body, *defaults])) - local
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        targets = {
            name.id
            for generator in node.generators
            for name in ast.walk(generator.target)
            if isinstance(name, ast.Name)
        }
        return set().union(*(_loads(child) for child in ast.iter_child_nodes(node))) - targets
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    return set().union(*(_loads(child) for child in ast.iter_child_nodes(node)), set())


def _bindings(statement: ast.stmt) -> set[str]:
    bindings = _ModuleBindings()
    bindings.visit(statement)
    return bindings.bound


def names(source: str) -> Names:
    """The names a code cell reads from earlier cells and the names it binds at module level."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        # IPython syntax (magics) or a broken cell: it depends on nothing we can see.
        return Names(frozenset(), frozenset())
    loaded, bound = set(), set()
    for statement in tree.body:
        own = _bindings(statement)
        reads = _loads(statement)
        if not isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)):
            reads -= own  # a loop or block reads its own targets after binding them
        loaded |= reads - bound
        bound |= own
    return Names(frozenset(loaded), frozenset(bound))


def is_check(cell) -> bool:
    """A cell that prints a verdict: tagged ``check``, or (untagged notebooks) a call of the Checker."""
    if CHECK_TAG in tags(cell):
        return True
    if cell.cell_type != "code" or tags(cell):
        return False
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "check"
        for node in ast.walk(tree)
    )


def _functions_reading(source: str, answer_names: set[str]) -> set[str]:
    """Functions a cell defines whose bodies read an answer (they depend on it when called later)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {
        statement.name
        for statement in tree.body
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and answer_names & _loads(statement)
    }


def answer_dependent(notebook: nbformat.NotebookNode) -> set[int]:
    """Indexes of the code cells (neither exercise nor solution) that compute from the learner's answers.

    In cell order, as a kernel runs them: a cell that reads a name bound by an exercise cell, or by a
    cell that depends on one, depends on the answers; a cell that binds such a name again without
    reading an answer frees it. A function that reads an answer in its body depends on it wherever
    it is defined.
    """
    cells = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    answer_names = set().union(*(names(cell.source).stored for _index, cell in cells if EXERCISE_TAG in tags(cell)))
    reading_functions = set().union(*(_functions_reading(cell.source, answer_names) for _index, cell in cells))
    tainted: set[str] = set(reading_functions)
    dependent: set[int] = set()
    for index, cell in cells:
        cell_tags, cell_names = tags(cell), names(cell.source)
        if EXERCISE_TAG in cell_tags:
            tainted |= cell_names.stored
        elif SOLUTION_TAG in cell_tags:
            continue
        elif cell_names.loaded & tainted:
            dependent.add(index)
            tainted |= cell_names.stored
        else:
            tainted -= cell_names.stored - reading_functions
    return dependent


def cell_roles(notebook: nbformat.NotebookNode) -> list[str | None]:
    """The role of each cell (``None``: plain Markdown, shown as it is in every edition)."""
    dependent = answer_dependent(notebook)
    roles: list[str | None] = []
    for index, cell in enumerate(notebook.cells):
        cell_tags = tags(cell)
        if cell.cell_type == "markdown":
            if MODEL_ANSWER_TAG in cell_tags:
                roles.append(MODEL_ANSWER)
            elif NOTEBOOK_ONLY_TAG in cell_tags:
                roles.append(NOTEBOOK_ONLY)
            elif PAPER_TAG in cell_tags:
                roles.append(PAPER_ONLY)
            elif CHART_DESCRIPTION_TAG in cell_tags:
                roles.append(CHART_DESCRIPTION)
            else:
                roles.append(None)
        elif cell.cell_type != "code":
            roles.append(None)
        elif EXERCISE_TAG in cell_tags:
            roles.append(EXERCISE)
        elif SOLUTION_TAG in cell_tags:
            roles.append(SOLUTION)
        elif is_check(cell):
            roles.append(CHECK)
        elif index in dependent:
            roles.append(ANSWER_OUTPUT)
        else:
            roles.append(PROVIDED)
    return roles
