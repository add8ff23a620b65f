"""The myst-parser internal the course relies on, checked against one version.

``SphinxRenderer.setup_render`` evaluates ``options.get("document",
make_document())``: it builds a throwaway docutils document, whose default
settings docutils recomputes from every component's settings spec (about
15 ms), even when it is handed the document to render into. Sphinx's i18n
transform renders each translated message of a page that way: 135 throwaway
documents for module 2, a fifth of a translator's one-page rebuild.

``make_document`` is replaced by the same function with the default settings
computed once per parser class; each document gets its own (shallow) copy of
them (and its own dependency list, the one default a document changes).
``tests/fast/test_myst_compat.py`` fails when myst-parser changes the code
this relies on.
"""

from __future__ import annotations

import copy
from functools import cache

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import DependencyList, new_document
from myst_parser.mdit_to_docutils import base
from sphinx.application import Sphinx

CHECKED_AGAINST = "5.2.0"


@cache
def _default_settings(parser_class: type):
    return get_default_settings(parser_class)


def make_document(source_path: str = "notset", parser_cls: type = RSTParser):
    """myst-parser's ``make_document``, with the default settings computed once per parser class."""
    settings = copy.copy(_default_settings(parser_cls))
    settings.record_dependencies = DependencyList()  # the one mutable default: a list of its own per document
    return new_document(source_path, settings=settings)


def setup(app: Sphinx) -> dict:
    base.make_document = make_document
    return {"parallel_read_safe": True, "parallel_write_safe": True}
