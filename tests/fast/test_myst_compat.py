"""The myst-parser internal ``coursekit.sphinxext.myst_compat`` replaces is still what it expects."""

from __future__ import annotations

import inspect

import myst_parser
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from myst_parser.mdit_to_docutils import base

from coursekit.sphinxext.myst_compat import CHECKED_AGAINST, make_document


def changed(what: str) -> str:
    return (
        f"myst-parser {myst_parser.__version__} changed {what}: see coursekit/sphinxext/myst_compat.py "
        f"(checked against myst-parser {CHECKED_AGAINST})"
    )


def test_the_renderer_still_builds_its_documents_with_make_document():
    setup_render = inspect.getsource(base.DocutilsRenderer.setup_render)
    assert 'options.get("document", make_document())' in setup_render, changed("setup_render's throwaway document")
    original = inspect.getsource(base.make_document) if base.make_document is not make_document else ""
    if original:  # not replaced yet in this process: the original must still be what the replacement does
        assert "settings = get_default_settings(parser_cls)" in original, changed("make_document")
        assert "return new_document(source_path, settings=settings)" in original, changed("make_document")


def test_each_document_gets_its_own_settings_equal_to_the_defaults():
    first, second = make_document("a.md"), make_document("b.md")
    assert first.settings is not second.settings
    defaults = vars(get_default_settings(RSTParser))
    assert {key: value for key, value in vars(first.settings).items() if key != "record_dependencies"} == {
        key: value for key, value in defaults.items() if key != "record_dependencies"
    }
    assert first.settings.record_dependencies is not second.settings.record_dependencies
    first.settings.report_level = 5
    assert second.settings.report_level != 5 and make_document().settings.report_level != 5
