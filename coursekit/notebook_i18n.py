"""Translation of Jupyter notebooks through the same gettext catalogs as pages.

Sphinx alone translates only the rendered text of a notebook, and hands
translators pandoc's reStructuredText. Here a notebook is translated at the
source: its JSON is rewritten before nbsphinx parses it, so the rendered page,
the executed code and the ``.ipynb`` offered for download all come out in the
build's language.

What is a message:

* in a Markdown cell, each heading, paragraph, list item and table cell, as
  the Markdown the author wrote;
* in a code cell, each ``_("...")`` string literal (the marker is removed
  from every edition, so a learner never sees it) and each ``#`` comment.

Catalogs live beside the pages' ones: ``locales/<lang>/LC_MESSAGES/exercises/<name>.po``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import nbformat
from markdown_it import MarkdownIt

Translate = Callable[[str], str]

_markdown = MarkdownIt("commonmark").enable("table")
_MARKER = "_"


@dataclass(frozen=True)
class Message:
    text: str
    cell: int  # index of the cell, for the catalog's location comment
    kind: str  # "markdown", "string" or "comment"


class NotebookSyntaxError(ValueError):
    """A translation marker the extractor cannot handle; says cell and line."""


# -- Markdown cells ------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines()).strip()


def _markdown_units(source: str) -> Iterator[tuple[int, int, str, str]]:
    """Yield ``(first_line, end_line, prefix, text)`` for each translatable unit.

    Table rows are yielded whole (``prefix == "|"``) with the cell texts
    joined by ``" | "`` stripped; the caller splits them.
    """
    tokens = _markdown.parse(source)
    lines = source.splitlines()
    in_table_row: list[str] | None = None
    row_line = 0
    for position, token in enumerate(tokens):
        if token.type == "tr_open":
            in_table_row, row_line = [], token.map[0]
        elif token.type == "tr_close":
            yield row_line, row_line + 1, "|", in_table_row
            in_table_row = None
        elif token.type == "inline" and in_table_row is not None:
            in_table_row.append(token.content)
        elif token.type == "inline" and tokens[position - 1].type in ("paragraph_open", "heading_open"):
            first, end = token.map
            first_content_line = token.content.splitlines()[0] if token.content else ""
            prefix = lines[first][: lines[first].find(first_content_line)] if first_content_line else lines[first]
            yield first, end, prefix, token.content


def _markdown_messages(source: str) -> Iterator[str]:
    for _first, _end, prefix, text in _markdown_units(source):
        if prefix == "|":
            yield from (cell for cell in text if _worth_translating(cell))
        elif _worth_translating(text):
            yield _one_line(text)


def _translate_markdown(source: str, translate: Translate) -> str:
    lines = source.splitlines()
    replacements: list[tuple[int, int, str]] = []
    for first, end, prefix, text in _markdown_units(source):
        if prefix == "|":
            cells = [translate(cell) if _worth_translating(cell) else cell for cell in text]
            replacements.append((first, end, "| " + " | ".join(cells) + " |"))
        elif _worth_translating(text):
            replacements.append((first, end, prefix + translate(_one_line(text))))
    for first, end, new_text in reversed(replacements):
        lines[first:end] = [new_text]
    return "\n".join(lines)


def _worth_translating(text: str) -> bool:
    return any(character.isalpha() for character in text)


# -- Code cells ------------------------------------------------------------------


def _python_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _code_units(source: str, cell: int) -> Iterator[tuple[tuple[int, int], tuple[int, int], str, str]]:
    """Yield ``(start, end, kind, text)`` for each marked string and each comment."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise NotebookSyntaxError(f"cell {cell}: cannot read the code: {error}") from error
    for index, token in enumerate(tokens):
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            if _worth_translating(text):
                yield token.start, token.end, "comment", text
        elif token.type == tokenize.NAME and token.string == _MARKER:
            following = tokens[index + 1 : index + 4]
            if not following or following[0].string != "(":
                continue
            if len(following) < 3 or following[1].type != tokenize.STRING or following[2].string != ")":
                raise NotebookSyntaxError(
                    f"cell {cell}, line {token.start[0]}: _() must hold exactly one plain string literal"
                )
            literal = following[1].string
            if re.match(r"^[a-zA-Z]*[fFbB]", literal):
                raise NotebookSyntaxError(f"cell {cell}, line {token.start[0]}: _() cannot hold an f-string or bytes")
            yield token.start, following[2].end, "string", ast.literal_eval(literal)


def _replace_spans(source: str, spans: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def absolute(position: tuple[int, int]) -> int:
        row, column = position
        return offsets[row - 1] + column

    for start, end, text in sorted(spans, reverse=True):
        source = source[: absolute(start)] + text + source[absolute(end) :]
    return source


def _translate_code(source: str, cell: int, translate: Translate) -> str:
    spans = []
    for start, end, kind, text in _code_units(source, cell):
        translated = translate(text)
        spans.append((start, end, "# " + translated if kind == "comment" else _python_literal(translated)))
    return _replace_spans(source, spans)


# -- Whole notebooks --------------------------------------------------------------


def extract_messages(notebook: nbformat.NotebookNode) -> list[Message]:
    messages = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            messages += [Message(text, index, "markdown") for text in _markdown_messages(cell.source)]
        elif cell.cell_type == "code":
            messages += [Message(text, index, kind) for _s, _e, kind, text in _code_units(cell.source, index)]
    return messages


def translate_notebook(notebook: nbformat.NotebookNode, translate: Translate) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with every message passed through ``translate``.

    With ``translate`` the identity, this only removes the ``_()`` markers:
    that is the source-language edition.
    """
    translated = nbformat.from_dict(notebook)
    for index, cell in enumerate(translated.cells):
        if cell.cell_type == "markdown":
            cell.source = _translate_markdown(cell.source, translate)
        elif cell.cell_type == "code":
            cell.source = _translate_code(cell.source, index, translate)
    return translated
