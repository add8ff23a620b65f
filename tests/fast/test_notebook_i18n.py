"""Notebook translation at the source: what is a message, and what comes back."""

from __future__ import annotations

import ast

import nbformat
import pytest

from coursekit.core.notebook_i18n import (
    NotebookSyntaxError,
    UnreadableNotebook,
    UnsafeTranslation,
    code_structure,
    extract_messages,
    parse_notebook,
    python_comment,
    python_literal,
    translate_notebook,
)


def notebook(*cells) -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    book.cells = list(cells)
    return book


def test_messages_are_markdown_blocks_table_cells_marked_strings_and_comments():
    book = notebook(
        nbformat.v4.new_markdown_cell(
            "# Titre\n\nUn paragraphe\nsur deux lignes.\n\n- un point\n\n| A | B |\n|---|---|\n| x | 42 |"
        ),
        nbformat.v4.new_code_cell('# Un commentaire\nprint(_("Bonjour"))\nprint("code, pas un message")'),
    )
    assert [(message.kind, message.text) for message in extract_messages(book)] == [
        ("markdown", "Titre"),
        ("markdown", "Un paragraphe sur deux lignes."),
        ("markdown", "un point"),
        ("table-cell", "A"),
        ("table-cell", "B"),
        ("table-cell", "x"),
        ("comment", "Un commentaire"),
        ("string", "Bonjour"),
    ]


def test_the_source_edition_only_loses_its_markers():
    book = notebook(nbformat.v4.new_code_cell('check = Checker(correct=_("Juste !"))  # verdict'))
    assert translate_notebook(book, str).cells[0].source == 'check = Checker(correct="Juste !")  # verdict'


def test_an_escaped_pipe_keeps_its_table_cell():
    book = notebook(nbformat.v4.new_markdown_cell("| Choix | Sens |\n|---|---|\n| a \\| b | oui |"))
    assert "a | b" in [message.text for message in extract_messages(book)]
    translated = translate_notebook(book, lambda text: {"a | b": "x | y"}.get(text, text))
    assert translated.cells[0].source == "| Choix | Sens |\n|---|---|\n| x \\| y | oui |"


@pytest.mark.parametrize("text", ["plain", "it's", 'say "x"', '"it\'s"', "a\\'b", "\\", "x\ny\r\x00\u2028", "{n} %s"])
def test_a_string_literal_is_always_one_literal_of_the_text(text):
    literal = python_literal(text)
    assert literal.startswith('"') and ast.literal_eval(literal) == text


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\u2028b", "a\x0cb", "a\x85b"])
def test_a_comment_never_spans_two_lines(text):
    with pytest.raises(UnsafeTranslation):
        python_comment("source", text)


def test_code_structure_ignores_texts_but_not_code():
    assert code_structure('x = "a"  # one') == code_structure("x = 'bbb'  # two")
    assert code_structure('x = "a"') != code_structure('x = "a"; import os')


def test_a_translation_that_changes_the_code_is_refused():
    book = notebook(nbformat.v4.new_code_cell('# Données\nx = _("Bonjour")'))
    with pytest.raises(UnsafeTranslation):
        translate_notebook(book, lambda text: "Data\nimport os" if text == "Données" else text)


def test_a_translation_that_adds_a_block_or_html_is_refused():
    book = notebook(nbformat.v4.new_markdown_cell("Un paragraphe."))
    with pytest.raises(UnsafeTranslation):
        translate_notebook(book, lambda text: "A paragraph.\n\n# Heading")
    with pytest.raises(UnsafeTranslation):
        translate_notebook(book, lambda text: "A <meta/http-equiv=refresh> paragraph.")


def test_a_marker_around_anything_but_one_literal_is_named():
    with pytest.raises(NotebookSyntaxError, match="cell 0, line 1"):
        extract_messages(notebook(nbformat.v4.new_code_cell('_("a" + b)')))


@pytest.mark.parametrize(
    ("text", "where"),
    [('{"cells": [],\n}', "nb.ipynb:2: not a valid notebook"), ("[]", "nb.ipynb:1: not a valid notebook")],
)
def test_a_notebook_that_is_not_one_is_named_with_its_line(text, where):
    with pytest.raises(UnreadableNotebook, match=where):
        parse_notebook(text, "nb.ipynb")


def test_a_notebook_read_again_without_validation_is_the_same_and_a_bad_one_still_named(tmp_path):
    from coursekit.core.notebook_i18n import UnreadableNotebook, read_checked_notebook, read_notebook
    from coursekit.core.paths import REPO_ROOT

    source = REPO_ROOT / "exercises" / "01-faut-il-un-coo.ipynb"
    assert read_checked_notebook(source) == read_notebook(source)
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{\n "cells": [\n  {"cell_type": "markdown",\n', encoding="utf-8")
    with pytest.raises(UnreadableNotebook, match=r"broken\.ipynb:4: not a valid notebook"):
        read_checked_notebook(broken)
    no_metadata = tmp_path / "no-metadata.ipynb"
    no_metadata.write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{}]}', encoding="utf-8")
    with pytest.raises(UnreadableNotebook, match=r"no-metadata\.ipynb:1: not a valid notebook"):
        read_checked_notebook(no_metadata)
