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

So that a source notebook runs as it is in Jupyter, where ``_`` is
IPython's last result, it defines the marker in a code cell of its own that
holds only ``_ = str`` and comments (:data:`MARKER_DEFINITION`): it offers no
message to translators and every edition drops it.

Catalogs live beside the pages' ones: ``locales/<lang>/LC_MESSAGES/exercises/<name>.po``.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from coursekit.core.editions import is_chart_description
from coursekit.core.paths import REPO_ROOT

Translate = Callable[[str], str]

_markdown = MarkdownIt("commonmark").enable("table")
_markdown_with_html = MarkdownIt("commonmark", {"html": True}).enable("table")
MARKER = "_"
# The source notebook's own definition of the marker: ``str`` gives a string back unchanged.
MARKER_DEFINITION = f"{MARKER} = str"
_IGNORED_TOKENS = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER})


@dataclass(frozen=True)
class Message:
    text: str
    cell: int  # index of the cell, for the catalog's location comment
    kind: str  # "markdown", "table-cell", "string" or "comment"
    describes_chart: bool = False  # a paragraph of a cell tagged chart-description: the chart's alt text


class NotebookSyntaxError(ValueError):
    """A translation marker the extractor cannot handle; says cell and line."""


class UnsafeTranslation(ValueError):
    """A translation that would change what a cell is, not only what it says.

    ``make check-po`` and the build's catalog guard refuse such a msgstr with
    its file and line first; this is the last line of defence, in the code
    that writes the notebook, so that a bypassed check still cannot turn a
    comment into code or a paragraph into raw HTML.
    """


# Characters that end a line for Python's tokenizer, for IPython or for an editor.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


class UnreadableNotebook(ValueError):
    """A notebook that is not valid JSON or not a notebook; the message says where."""


def parse_notebook(text: str, shown_path: str) -> nbformat.NotebookNode:
    """The notebook in ``text``, or an error naming ``shown_path`` and, for bad JSON, the line."""
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableNotebook(f"{shown_path}:{error.lineno}: not a valid notebook: {error.msg}") from error
    try:
        return nbformat.reads(json.dumps(content), as_version=4)
    except Exception as error:  # nbformat raises many kinds (ValidationError, AttributeError, KeyError...)
        detail = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise UnreadableNotebook(f"{shown_path}:1: not a valid notebook: {detail}") from error


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, or an error that names it and, for bad JSON, the line."""
    try:
        shown = path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        shown = str(path)
    try:
        return parse_notebook(path.read_text(encoding="utf-8"), shown)
    except UnicodeDecodeError as error:
        raise UnreadableNotebook(f"{shown}:1: not a valid notebook: not UTF-8") from error


def read_checked_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook the build has read already (nbsphinx validated it then), without validating it again.

    Schema validation starts by loading the validator, which costs a one-page rebuild more than reading the
    page. Anything that is not plainly a version 4 notebook goes through ``read_notebook`` and its located error.
    """
    try:
        text = path.read_text(encoding="utf-8")
        content = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        content = None
    cells = content.get("cells") if isinstance(content, dict) and content.get("nbformat") == 4 else None
    plain = isinstance(cells, list) and all(
        isinstance(cell, dict) and isinstance(cell.get("metadata"), dict) for cell in cells
    )
    if plain:
        return nbformat.v4.reads(text)  # what nbformat.reads gives (sources joined), less the validation
    return read_notebook(path)


# -- Markdown cells ------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines()).strip()


def _markdown_units(source: str) -> Iterator[tuple[int, int, str, str]]:
    """Yield ``(first_line, end_line, prefix, text)`` for each translatable unit
    (a heading, a paragraph, a table row).

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


def _markdown_messages(source: str) -> Iterator[tuple[str, str]]:
    """Yield ``(kind, text)``: ``"table-cell"`` for a cell, ``"markdown"`` for the rest."""
    for _first, _end, prefix, text in _markdown_units(source):
        if prefix == "|":
            yield from (("table-cell", cell) for cell in text if _worth_translating(cell))
        elif _worth_translating(text):
            yield "markdown", _one_line(text)


def markdown_shape(source: str) -> tuple[tuple[str, ...], int]:
    """What a Markdown cell is made of: its block tokens, and how much raw HTML it holds.

    Read with HTML recognised, as pandoc (nbsphinx) and Jupyter both pass raw
    HTML through; any ``<`` counts, because pandoc reads tags CommonMark does not.
    """
    blocks = tuple(token.type for token in _markdown_with_html.parse(source) if token.type != "inline")
    return blocks, source.count("<")


def _translated_unit(message: str, translated: str) -> str:
    if LINE_BREAKS.intersection(translated) and not LINE_BREAKS.intersection(message):
        raise UnsafeTranslation(f"the translation of {message!r} breaks the line: it would start a new block")
    return translated


def _translate_markdown(source: str, translate: Translate) -> str:
    lines = source.splitlines()
    replacements: list[tuple[int, int, str]] = []
    for first, end, prefix, text in _markdown_units(source):
        if prefix == "|":
            cells = [_translated_unit(cell, translate(cell)) if _worth_translating(cell) else cell for cell in text]
            # markdown-it hands cell texts with their pipes unescaped: escape them again, or "a \| b"
            # would come back as two cells.
            replacements.append((first, end, "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"))
        elif _worth_translating(text):
            message = _one_line(text)
            replacements.append((first, end, prefix + _translated_unit(message, translate(message))))
    for first, end, new_text in reversed(replacements):
        lines[first:end] = [new_text]
    translated = "\n".join(lines)
    (blocks, markup), (source_blocks, source_markup) = markdown_shape(translated), markdown_shape(source)
    if blocks != source_blocks or markup > source_markup:
        raise UnsafeTranslation(
            "a translation changes the structure of this Markdown cell (a block or raw HTML that the source "
            f"does not have):\n{translated[:500]}"
        )
    return translated


def _worth_translating(text: str) -> bool:
    return any(character.isalpha() for character in text)


# -- Code cells ------------------------------------------------------------------


def python_literal(text: str) -> str:
    """``text`` as one Python string literal, built from ``repr()`` and checked by parsing it back."""
    literal = repr(text)
    if literal.startswith("'"):  # the notebooks' own style: double quotes, inner ones escaped
        literal = '"' + literal[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'
    if ast.literal_eval(literal) != text:  # cannot happen with repr(); checked because code is built here
        raise UnsafeTranslation(f"cannot write {text!r} as one string literal")
    return literal


def python_comment(message: str, translated: str) -> str:
    """``translated`` as a comment of one line, or a refusal."""
    if LINE_BREAKS.intersection(translated):
        raise UnsafeTranslation(f"the translation of the comment {message!r} breaks the line: it would become code")
    return "# " + translated


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
        elif token.type == tokenize.NAME and token.string == MARKER:
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
        code = python_comment(text, translated) if kind == "comment" else python_literal(translated)
        spans.append((start, end, code))
    return _replace_spans(source, spans)


def code_structure(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell, with every string and comment reduced to its kind.

    Two cells with the same structure run the same code; only their texts differ.
    """
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [
            (token.type, "" if token.type in (tokenize.STRING, tokenize.COMMENT) else token.string)
            for token in tokens
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        ] + [(0, str(source.count("\n")))]
    except (tokenize.TokenError, SyntaxError) as error:
        raise UnsafeTranslation(f"the translated code does not parse: {error}") from error


def _translate_code_safely(source: str, cell: int, translate: Translate) -> str:
    translated = _translate_code(source, cell, translate)
    if code_structure(translated) != code_structure(_translate_code(source, cell, str)):
        raise UnsafeTranslation(f"cell {cell}: a translation changes the code, not only its texts")
    return translated


def is_marker_definition(cell) -> bool:
    """Whether ``cell`` is the source notebook's ``_ = str`` cell (comments aside, nothing else)."""
    if cell.cell_type != "code":
        return False
    try:
        tokens = tokenize.generate_tokens(io.StringIO(cell.source).readline)
        code = [token.string for token in tokens if token.type not in _IGNORED_TOKENS]
    except (tokenize.TokenError, SyntaxError):
        return False
    return code == MARKER_DEFINITION.split()


# -- Whole notebooks --------------------------------------------------------------


def notebook_title(path: Path) -> str | None:
    """The first heading of the notebook's Markdown cells, as its catalog's msgid.

    Read without schema validation (``read_checked_notebook``): every build asks for the titles (the
    handouts' and the downloads' names), and validating six notebooks cost a translator's one-page rebuild
    a tenth of its time. A notebook that is not plainly one is still refused with its location.
    """
    for cell in read_checked_notebook(path).cells:
        if cell.cell_type == "markdown":
            tokens = _markdown.parse(cell.source)
            for opening, inline in zip(tokens, tokens[1:], strict=False):
                if opening.type == "heading_open" and inline.type == "inline":
                    return _one_line(inline.content)
    return None


def extract_messages(notebook: nbformat.NotebookNode) -> list[Message]:
    messages = []
    for index, cell in enumerate(notebook.cells):
        if is_marker_definition(cell):
            continue
        if cell.cell_type == "markdown":
            describes_chart = is_chart_description(cell)
            messages += [Message(text, index, kind, describes_chart) for kind, text in _markdown_messages(cell.source)]
        elif cell.cell_type == "code":
            messages += [Message(text, index, kind) for _s, _e, kind, text in _code_units(cell.source, index)]
    return messages


def translate_notebook(notebook: nbformat.NotebookNode, translate: Translate) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with every message passed through ``translate``.

    With ``translate`` the identity, this only removes the ``_()`` markers
    and the cell that defines the marker: that is the source-language edition.
    A translation that would change the structure of a cell (see
    :class:`UnsafeTranslation`) is refused.
    """
    translated = nbformat.from_dict(notebook)
    translated.cells = [cell for cell in translated.cells if not is_marker_definition(cell)]
    for index, cell in enumerate(translated.cells):
        if cell.cell_type == "markdown":
            cell.source = _translate_markdown(cell.source, translate)
        elif cell.cell_type == "code":
            cell.source = _translate_code_safely(cell.source, index, translate)
    return translated
