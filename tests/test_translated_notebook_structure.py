"""A hostile translation of a notebook's text never changes the notebook's structure: either the translated
notebook has the source's cells, code and Markdown shapes, or the build refuses the translation, and then
check-po refuses it too (a property test, Hypothesis, 200 examples).

Beside ``tests/fast/test_translation_checks.py``, which tests the same checks on named attacks and 210 more
examples: this one is about 15 s of work, so it runs in ``make test``, not in the fast layer.
"""

from __future__ import annotations

import ast
import io
import tokenize

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.core.notebook_i18n import UnsafeTranslation, code_structure, markdown_shape, translate_notebook
from tests.translation_corpus import (
    NOTEBOOK,
    NOTEBOOK_MESSAGES,
    NOTEBOOK_SOURCE,
    findings_of,
    hostile_text,
    write_catalog,
)


def _structure_of(notebook) -> list:
    return [
        code_structure(cell.source) if cell.cell_type == "code" else markdown_shape(cell.source)[0]
        for cell in notebook.cells
    ]


SOURCE_STRUCTURE = _structure_of(translate_notebook(NOTEBOOK_SOURCE, str))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(NOTEBOOK_MESSAGES) - 1), msgstr=hostile_text)
def test_translated_notebook_keeps_its_structure_or_is_refused(tmp_path, index, msgstr):
    message = NOTEBOOK_MESSAGES[index]
    accepted = findings_of(write_catalog(tmp_path, f"exercises/{NOTEBOOK}", message.text, msgstr)) == []
    try:
        # As the build's translator does: an empty msgstr means "not translated yet".
        translated = translate_notebook(
            NOTEBOOK_SOURCE, lambda text: (msgstr or text) if text == message.text else text
        )
    except UnsafeTranslation:
        assert not accepted, f"check-po accepts {msgstr!r} but the build refuses it"
        return
    assert _structure_of(translated) == SOURCE_STRUCTURE
    if message.kind == "string":
        assert (msgstr or message.text) in [
            repr_value
            for cell in translated.cells
            if cell.cell_type == "code"
            for repr_value in _string_values(cell.source)
        ]


def _string_values(source: str) -> list[str]:
    return [
        ast.literal_eval(token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.STRING
    ]
